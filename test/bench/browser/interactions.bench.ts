/**
 * Ordinary interactions on the demo workspace in Chromium (production build), timed from the click (or scroll) to
 * what they show, with the main thread's tasks of 50 ms or more during each and the CPU time of the longest (the
 * machine's other users stretch a task's wall-clock time, not the CPU time the page spent in it): a page opened from
 * the navigation (Customers, Alerts, Scorecard, Worklist, Overview), and the Customers table jumping 3,000 px at
 * once, as a dragged scrollbar does. Every open after the first meets warm code; the page itself is built anew.
 * Measures only: no time is asserted.
 */
import type { CDPSession } from 'playwright-core';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { openApp, type AppSession } from '../../e2e/browser';

let app: AppSession;
let cdp: CDPSession;
/** Per interaction: the longest task's wall-clock and CPU milliseconds, and how many tasks took 50 ms or more. */
const seen: Record<string, { wall: number; cpu: number; long: number }[]> = {};

beforeAll(async () => {
	app = await openApp({ path: '#/overview' });
	await app.page.getByTestId('kpi-customers').waitFor({ timeout: 60_000 });
	// The demo's first alerts are stored in the background; let that finish before anything is measured.
	await app.page.getByTestId('alert-count').waitFor({ timeout: 60_000 });
	await app.page.waitForTimeout(2000);
	cdp = await app.context.newCDPSession(app.page);
}, 120_000);

afterAll(async () => {
	await app?.close();
	for (const [name, runs] of Object.entries(seen)) {
		const max = (k: 'wall' | 'cpu' | 'long') => Math.max(...runs.map((r) => r[k]));
		const min = (k: 'wall' | 'cpu' | 'long') => Math.min(...runs.map((r) => r[k]));
		console.log(`${name}: longest task ${min('wall').toFixed(0)}–${max('wall').toFixed(0)} ms (CPU ${min('cpu').toFixed(0)}–${max('cpu').toFixed(0)} ms), tasks ≥ 50 ms ${min('long')}–${max('long')} (n = ${runs.length})`);
	}
});

/** Runs `act` under a Chromium trace and records the main thread's longest task and its long tasks. */
async function traced(name: string, act: () => Promise<void>): Promise<void> {
	const events: { name: string; ph: string; tid: number; dur?: number; tdur?: number; args?: { name?: string } }[] = [];
	const collect = (e: { value: object[] }) => void events.push(...(e.value as typeof events));
	cdp.on('Tracing.dataCollected', collect);
	const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
	await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
	await act();
	// The frame drawn after the interaction, and the tasks it left behind.
	await app.page.waitForTimeout(500);
	await cdp.send('Tracing.end');
	await complete;
	cdp.off('Tracing.dataCollected', collect);
	// The page's main thread: of the renderers' main threads (a service worker's process has one too), the busiest.
	const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => e.tid));
	const busy = new Map<number, number>();
	for (const e of events) if (mains.has(e.tid) && e.ph === 'X' && e.name === 'RunTask') busy.set(e.tid, (busy.get(e.tid) ?? 0) + (e.dur ?? 0));
	const main = [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
	const tasks = events.filter((e) => e.tid === main && e.ph === 'X' && e.name === 'RunTask');
	const longest = tasks.reduce((a, b) => ((b.dur ?? 0) > (a?.dur ?? 0) ? b : a), tasks[0]);
	(seen[name] ??= []).push({ wall: (longest?.dur ?? 0) / 1000, cpu: (longest?.tdur ?? 0) / 1000, long: tasks.filter((t) => (t.dur ?? 0) >= 50_000).length });
}

async function open(name: string, shown: string): Promise<void> {
	const { page } = app;
	await traced(`open ${name}`, async () => {
		await page.getByRole('navigation').getByRole('link', { name: new RegExp(`^${name}`) }).click();
		await page.getByTestId(shown).first().waitFor({ timeout: 30_000 });
	});
	// Back to the Overview, so the next open builds its page again.
	await page.getByRole('navigation').getByRole('link', { name: 'Overview', exact: true }).click();
	await page.getByTestId('kpi-customers').waitFor();
}

describe('ordinary interactions on the demo in Chromium', () => {
	bench('open Customers from the Overview', () => open('Customers', 'customer-table'), { iterations: 5, warmupIterations: 0 });
	bench('open Alerts from the Overview', () => open('Alerts', 'alert'), { iterations: 5, warmupIterations: 0 });
	bench('open Scorecard from the Overview', () => open('Scorecard', 'scorecard-average'), { iterations: 5, warmupIterations: 0 });
	bench('open Worklist from the Overview', () => open('Worklist', 'worklist-row'), { iterations: 5, warmupIterations: 0 });
	bench(
		'Customers table: a jump of 3,000 px',
		async () => {
			const { page } = app;
			if (!page.url().endsWith('#/customers')) {
				await page.getByRole('navigation').getByRole('link', { name: 'Customers', exact: true }).click();
				await page.getByTestId('customer-table').waitFor();
			}
			const box = page.getByTestId('customer-table');
			await traced('Customers jump of 3,000 px', async () => {
				// Down while there is room, else back to the top: every jump shows rows none of the last showed.
				const index = await box.evaluate((el) => {
					el.scrollTop = el.scrollTop + el.clientHeight + 3000 < el.scrollHeight ? el.scrollTop + 3000 : 0;
					return Math.floor(el.scrollTop / 36) + 2;
				});
				await box.locator(`.row[aria-rowindex="${index}"]`).waitFor();
			});
		},
		{ iterations: 10, warmupIterations: 0 }
	);
});
