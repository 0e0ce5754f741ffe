/**
 * The Alerts page's first open on a large portfolio in Chromium (production build): the demo generator's 100,000
 * accounts × 12 snapshots (history-csv.ts; CHECKUP_BENCH_ACCOUNTS changes it) imported through the Data page: more
 * customers than the evaluation works out ahead (CUSTOMERS_AHEAD_MAX), so the page looks its alerts' customers up
 * itself. Each run reloads the app (a new scoring, whose customers are not known yet), lets the evaluation finish,
 * then opens Alerts from the navigation and records the main thread's tasks of 50 ms or more (PerformanceObserver
 * 'longtask') from the click until the first alert is shown, and that time. Measures only: no time is asserted.
 */
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { importCsvFile, openApp, type AppSession } from '../../e2e/browser';
import { historyCsv } from './history-csv';

const ACCOUNTS = Number(process.env.CHECKUP_BENCH_ACCOUNTS ?? 100_000);
let app: AppSession;
const runs: { shownMs: number; longest: number; long: number[] }[] = [];

/** Every long task the page has had since it loaded, kept where the bench can read it. */
const WATCH = `window.__long = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push({ start: e.startTime, ms: e.duration }); }).observe({ type: 'longtask', buffered: true });`;

beforeAll(async () => {
	const csv = await historyCsv(ACCOUNTS);
	app = await openApp({ path: '#/data', initScript: WATCH });
	await importCsvFile(app.page, csv.path, { timeout: 900_000 });
}, 1_200_000);

afterAll(async () => {
	await app?.close();
	if (!runs.length) return;
	const fmt = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} ms`;
	console.log(
		`Alerts' first open, ${ACCOUNTS.toLocaleString('en-US')} accounts: first alert shown after ${fmt(runs.map((r) => r.shownMs))}; longest task ${fmt(runs.map((r) => r.longest))}; tasks ≥ 50 ms ${runs.map((r) => `[${r.long.map((ms) => ms.toFixed(0)).join(', ')}]`).join(' ')} (n = ${runs.length})`
	);
});

describe(`Alerts' first open on ${ACCOUNTS.toLocaleString('en-US')} accounts × 12 snapshots in Chromium`, () => {
	bench(
		'reload, then open Alerts from the Overview: until the first alert is shown',
		async () => {
			const { page } = app;
			await page.goto(new URL('#/overview', app.url).href);
			await page.reload();
			await page.getByTestId('kpi-customers').waitFor({ timeout: 300_000 });
			// The evaluation of the new scoring (the navigation counts its alerts), then whatever it left behind.
			await page.getByTestId('alert-count').waitFor({ timeout: 300_000 });
			await page.waitForTimeout(3000);
			const start = await page.evaluate(() => performance.now());
			await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: /^Alerts/ }).click();
			await page.getByTestId('alert').first().waitFor({ timeout: 300_000 });
			const shown = await page.evaluate(() => performance.now());
			// The frame after it, and any task it left behind.
			await page.waitForTimeout(500);
			const long = await page.evaluate((t) => (window as unknown as { __long: { start: number; ms: number }[] }).__long.filter((e) => e.start >= t).map((e) => e.ms), start);
			runs.push({ shownMs: shown - start, longest: Math.max(0, ...long), long });
		},
		{ iterations: 3, warmupIterations: 0, time: 0, warmupTime: 0 }
	);
});
