/**
 * A weight change on 100,000 customers × 12 snapshots in Chromium (production build): the demo at that size
 * imported through the Data page, then on the Scorecard page the time from typing a weight to the new
 * average shown, with the draft applying from the latest snapshot (only it is scored again) and to all
 * history (every snapshot), and the main thread's longest task meanwhile (scoring runs in a worker).
 * CHECKUP_BENCH_ACCOUNTS changes the size. Measures only: no time is asserted.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { formatCount } from '../../../src/lib/format';
import { openApp, type AppSession } from '../../e2e/browser';
import { historyCsv } from './history-csv';
import { startRecording, stopRecording } from './probes';

const ACCOUNTS = Number(process.env.CHECKUP_BENCH_ACCOUNTS ?? 100_000);
let app: AppSession;
/** Two weights no proposed scorecard starts with, so the draft always differs from the saved version. */
let weight = 37;
const longest: Record<string, number[]> = { latest: [], all: [] };
/** The longest main-thread task from Import clicked until 8 s after the Overview's count. */
let afterImport = NaN;
/** Each long task from Import clicked until 8 s after the Overview's count, with what ran in it. */
const afterImportTasks: string[] = [];
/** The longest main-thread task while the Scorecard page opened (first visit, then again). */
const opening: string[] = [];
/** Each long task while it opened, with what ran in it: drawing the page, or a metric's work (later.svelte.ts). */
const openingTasks: string[] = [];

beforeAll(async () => {
	const csv = await historyCsv(ACCOUNTS);
	app = await openApp({ path: '#/data' });
	const { page } = app;
	await page.getByLabel(/Choose (a|another) CSV file/).setInputFiles(csv.path);
	const read = page.getByRole('button', { name: 'Read the whole file' });
	await read.waitFor({ timeout: 120_000 });
	await read.click();
	await page.getByRole('button', { name: 'Import', exact: true }).waitFor({ timeout: 900_000 });
	await watchLongTasks(page);
	await startRecording(page, '');
	await page.getByRole('button', { name: 'Import', exact: true }).click({ timeout: 900_000 });
	await page.getByTestId('import-done').waitFor({ timeout: 900_000 });
	await page.getByRole('link', { name: 'Overview', exact: true }).click();
	await page.waitForFunction((n) => document.querySelector('[data-testid=kpi-customers]')?.textContent === n, formatCount(csv.latestCustomers), { timeout: 300_000 });
	// After the count, every snapshot is scored and the alerts of the whole history evaluated and stored (tens of
	// thousands at this size): the main thread's longest task from Import until that has settled.
	await page.waitForTimeout(8_000);
	afterImport = Math.round(await page.evaluate(() => (window as unknown as { __longest: number }).__longest));
	for (const t of (await stopRecording(page)).tasks) afterImportTasks.push(`${Math.round(t.duration)} ms: ${t.scripts.join('; ') || '(no script attributed)'}`);
	// Opening the Scorecard page: a preview and a default direction per metric over every customer (later.svelte.ts
	// does each in a task of its own), twice: the first time, and again with their results kept.
	for (const visit of ['first', 'again']) {
		await startRecording(page, '');
		await page.getByRole('link', { name: 'Scorecard', exact: true }).click();
		await page.getByTestId('scorecard-average').waitFor();
		await page.waitForTimeout(3_000);
		const { tasks } = await stopRecording(page);
		// The browser reports tasks of 50 ms or more only.
		opening.push(`${visit} ${tasks.length ? `${Math.round(Math.max(...tasks.map((t) => t.duration)))} ms` : 'none of 50 ms or more'}`);
		for (const t of tasks) openingTasks.push(`${visit}: ${Math.round(t.duration)} ms: ${t.scripts.join('; ') || '(no script attributed)'}`);
		if (visit === 'first') await page.getByRole('link', { name: 'Overview', exact: true }).click();
	}
	await watchLongTasks(page);
	await startRecording(page, '');
}, 1_800_000);

afterAll(async () => {
	if (app) {
		// What ran in each long task while weights changed (scripts by entry point, longest first).
		const { tasks } = await stopRecording(app.page);
		for (const t of tasks) console.log(`long task ${Math.round(t.duration)} ms: ${t.scripts.join('; ') || '(no script attributed)'}`);
	}
	for (const t of afterImportTasks) console.log(`long task after Import, ${t}`);
	console.log(`longest main-thread task from Import to 8 s after the Overview's count: ${afterImport} ms`);
	for (const t of openingTasks) console.log(`long task opening the Scorecard page, ${t}`);
	if (opening.length) console.log(`longest main-thread task opening the Scorecard page: ${opening.join(', ')}`);
	for (const [name, values] of Object.entries(longest))
		if (values.length) console.log(`longest main-thread task per weight change (${name}): ${values.map((v) => Math.round(v)).join(', ')} ms`);
	await app?.close();
});

async function watchLongTasks(page: Page): Promise<void> {
	await page.evaluate(() => {
		const w = window as unknown as { __longest: number };
		w.__longest = 0;
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
		}).observe({ type: 'longtask', buffered: false });
	});
}

/** Types a new weight for the first metric and waits for the average to change; records the longest task. */
async function changeWeight(kind: 'latest' | 'all'): Promise<void> {
	const { page } = app;
	await page.evaluate(() => ((window as unknown as { __longest: number }).__longest = 0));
	const before = await page.getByTestId('scorecard-average').textContent();
	weight = weight === 37 ? 41 : 37;
	await page.getByLabel(/^Weight of /).first().fill(String(weight));
	await page.waitForFunction((b) => document.querySelector('[data-testid=scorecard-average]')?.textContent !== b, before, { timeout: 120_000 });
	longest[kind].push(await page.evaluate(() => (window as unknown as { __longest: number }).__longest));
}

describe(`weight change on ${ACCOUNTS.toLocaleString('en-US')} customers × 12 snapshots in Chromium`, () => {
	bench('draft from the latest snapshot: weight typed → new average shown', () => changeWeight('latest'), { iterations: 6, warmupIterations: 1 });
	bench('draft applied to all history: weight typed → new average shown', async () => {
		const from = app.page.getByLabel('Applies from');
		if ((await from.inputValue()) !== 'all') await from.selectOption('all');
		await changeWeight('all');
	}, { iterations: 6, warmupIterations: 1 });
});
