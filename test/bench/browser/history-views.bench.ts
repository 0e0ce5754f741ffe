/**
 * The history views at scale in Chromium (production build): the demo generator's 100,000 accounts × 12 snapshots
 * (1.2 million rows, history-csv.ts) imported through the Data page, then a weight change on the Scorecard page and the time until
 * the Overview's trend chart, or the Worklist, shows the new scores. Measured in the page (performance.now from
 * the input event to the first animation frame that shows the change). CHECKUP_BENCH_ACCOUNTS changes the size.
 * Measures only: no time is asserted.
 */
import { writeFile } from 'node:fs/promises';
import type { CDPSession } from 'playwright-core';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { openApp, type AppSession } from '../../e2e/browser';
import { historyCsv } from './history-csv';
import { startRecording, stopRecording } from './probes';

const ACCOUNTS = Number(process.env.CHECKUP_BENCH_ACCOUNTS ?? 100_000);
let app: AppSession;
let weight = 10;
/**
 * CHECKUP_BENCH_CPU_PROFILE=prefix: the main thread's CPU profile of each timed weight change, written to
 * prefix-<view>-<n>.cpuprofile (open one in DevTools; a non-minified build names the functions).
 */
const PROFILE = process.env.CHECKUP_BENCH_CPU_PROFILE;
let profiler: CDPSession | undefined;
let profiled = 0;
/** CHECKUP_BENCH_TRACE=prefix: a Chromium trace of each timed weight change, prefix-<view>-<n>.json (chrome://tracing, DevTools). */
const TRACE = process.env.CHECKUP_BENCH_TRACE;
let traced = 0;
const timings: Record<string, number[]> = {};

beforeAll(async () => {
	const csv = await historyCsv(ACCOUNTS);
	app = await openApp({ path: '#/data' });
	const { page } = app;
	const started = Date.now();
	await page.getByLabel(/Choose (a|another) CSV file/).setInputFiles(csv.path);
	const read = page.getByRole('button', { name: 'Read the whole file' });
	await read.waitFor({ timeout: 120_000 });
	await read.click();
	await page.getByRole('button', { name: 'Import', exact: true }).click({ timeout: 900_000 });
	await page.getByTestId('import-done').waitFor({ timeout: 900_000 });
	await page.getByRole('link', { name: 'Overview', exact: true }).click();
	await page.getByRole('heading', { name: 'Trend over 12 snapshots' }).waitFor({ timeout: 300_000 });
	console.log(`imported ${csv.rows.toLocaleString('en-US')} rows (${ACCOUNTS.toLocaleString('en-US')} accounts × 12 snapshots) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	await startRecording(page, '');
	if (PROFILE) {
		profiler = await app.context.newCDPSession(page);
		await profiler.send('Profiler.enable');
	}
}, 1_200_000);

afterAll(async () => {
	if (app) {
		// The main thread's long tasks while weights changed and pages switched, with the scripts that ran in them.
		const { tasks } = await stopRecording(app.page);
		const sorted = tasks.map((t) => t.duration).sort((a, b) => a - b);
		console.log(`long tasks: ${tasks.length}, longest ${Math.round(sorted.at(-1) ?? 0)} ms, median ${Math.round(sorted[sorted.length >> 1] ?? 0)} ms`);
		for (const t of tasks) console.log(`long task ${Math.round(t.duration)} ms: ${t.scripts.join('; ') || '(no script attributed)'}`);
	}
	await app?.close();
	for (const [name, ms] of Object.entries(timings)) {
		const sorted = [...ms].sort((a, b) => a - b);
		console.log(`${name}: median ${sorted[sorted.length >> 1].toFixed(0)} ms, min ${sorted[0].toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)} (n = ${ms.length})`);
	}
});

/**
 * On the Scorecard page, changes the first metric's weight, goes to `hash`, and resolves with the milliseconds from the
 * input event until `read()` (evaluated in the page each animation frame) differs from what it was before the change.
 */
async function weightChangeUntil(hash: string, read: string): Promise<number> {
	const { page } = app;
	await page.evaluate((h) => (location.hash = h), hash);
	await page.waitForFunction(`(${read})() !== null`, undefined, { timeout: 120_000 });
	const before = await page.evaluate(`(${read})()`);
	await page.evaluate(() => (location.hash = '#/scorecard'));
	const input = page.getByLabel(/^Weight of /).first();
	await input.waitFor({ timeout: 60_000 });
	weight = weight === 10 ? 40 : 10;
	const field = (await input.elementHandle())!;
	await profiler?.send('Profiler.start');
	const tracing = TRACE ? await startTrace() : null;
	const ms = await page.evaluate(
		async ({ hash, read, before, weight, field }) => {
			const current = new Function(`return (${read})()`) as () => string | null;
			if (!(field instanceof HTMLInputElement)) throw new Error('the weight field is not an input');
			const t0 = performance.now();
			field.value = String(weight);
			field.dispatchEvent(new Event('input', { bubbles: true }));
			location.hash = hash;
			for (;;) {
				await new Promise(requestAnimationFrame);
				const now = current();
				if (now !== null && now !== before) return performance.now() - t0;
				if (performance.now() - t0 > 60_000) throw new Error(`no change on ${hash} within 60 s`);
			}
		},
		{ hash, read, before, weight, field }
	);
	if (profiler && PROFILE) {
		const { profile } = (await profiler.send('Profiler.stop')) as { profile: unknown };
		await writeFile(`${PROFILE}-${hash.replace(/\W/g, '')}-${++profiled}.cpuprofile`, JSON.stringify(profile));
	}
	if (tracing) await writeFile(`${TRACE}-${hash.replace(/\W/g, '')}-${++traced}.json`, JSON.stringify(await tracing()));
	return ms;
}

/** Starts a Chromium trace (timeline categories); the function stops it and resolves with its events. */
async function startTrace(): Promise<() => Promise<unknown[]>> {
	const cdp = await app.context.newCDPSession(app.page);
	const events: unknown[] = [];
	cdp.on('Tracing.dataCollected', ({ value }: { value: unknown[] }) => void events.push(...value));
	await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,blink.user_timing,toplevel', transferMode: 'ReportEvents' });
	return async () => {
		const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
		await cdp.send('Tracing.end');
		await done;
		await cdp.detach();
		return events;
	};
}

const TREND = `() => document.querySelector('[data-testid=trend-chart]')?.getAttribute('aria-label') ?? null`;
const WORKLIST = `() => { const t = document.querySelector('[data-testid=worklist] tbody'); return t ? t.textContent : null; }`;

function record(name: string, ms: number) {
	(timings[name] ??= []).push(ms);
}

/** Tinybench swallows a failed run: say what failed, then fail. */
async function loud(work: () => Promise<void>) {
	try {
		await work();
	} catch (err) {
		console.error(err);
		throw err;
	}
}

describe(`history views, ${ACCOUNTS.toLocaleString('en-US')} customers × 12 snapshots`, () => {
	bench('weight change → Overview trend shows the new scores', () => loud(async () => record('trend', await weightChangeUntil('#/overview', TREND))), { iterations: 6, warmupIterations: 1, time: 0 });
	bench('weight change → Worklist shows the new ranking', () => loud(async () => record('worklist', await weightChangeUntil('#/worklist', WORKLIST))), { iterations: 6, warmupIterations: 1, time: 0 });
});
