/**
 * Learn in real Chromium (production build), through the training worker as the page uses it: one
 * synthetic 100,000 × 20 training set (CHECKUP_BENCH_LEARN_ROWS changes the rows), trained with 5-fold
 * cross-validation and 1,000 bootstrap resamples. The worker's progress messages split the run: tfjs
 * loading, the fit on every row (the "fit 100,000 × 20" figure), the five fold fits, the validation
 * (bootstrap, DeLong, calibration), the evaluations the page shows and the drivers fit, then the blend slider's
 * evaluations, which the worker sends after the result one step at a time: asked for the 50 % step as the result
 * arrives (a slider moved at once, as the page asks), it sends that one next; the table says how long after. The training worker's helper (learn-helper.worker,
 * on the second core) loads tfjs while the fit on every row runs, then fits folds from the last one down and
 * draws half the bootstrap resamples alongside the training worker. (Starting its first fold during the fit
 * on every row was tried: the whole run was no faster on 2 cores and that fit got slower.) Prints a table;
 * measures only, asserts no time.
 * CHECKUP_BENCH_LEARN_DATA=file also writes the data (Float64 little-endian: 20 columns then y) for
 * test/bench/browser/learn_sklearn.py.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { openApp, type AppSession } from '../../e2e/browser';

const ROWS = Number(process.env.CHECKUP_BENCH_LEARN_ROWS ?? 100_000);
const FEATURES = 20;
const ONCE = { time: 0, warmupTime: 0, warmupIterations: 0, iterations: 3 };

/**
 * The synthetic training set, self-contained so the same source runs in node and in the page: 20 sub-scores
 * on 0–100 (half of them informative), churn drawn from a logistic model of them. Deterministic (LCG).
 */
function synth(n: number, d: number): { features: Float64Array[]; y: Uint8Array } {
	let state = 12345;
	const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
	const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
	const features = Array.from({ length: d }, () => new Float64Array(n));
	const y = new Uint8Array(n);
	for (let i = 0; i < n; i++) {
		const health = normal();
		let eta = -1.6;
		for (let j = 0; j < d; j++) {
			const v = Math.min(100, Math.max(0, 50 + 15 * (0.6 * health + normal())));
			features[j][i] = Math.round(v * 10) / 10;
			if (j < d / 2) eta -= ((0.4 * (d / 2 - j)) / d) * ((v - 50) / 15);
		}
		y[i] = uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
	}
	return { features, y };
}

interface Timing {
	load: number;
	fit: number;
	folds: number;
	validation: number;
	drivers: number;
	total: number;
	/** From the result to the last of the blend slider's steps (sent after it, one at a time, as the page gets them). */
	blends: number;
	/** From the result to the 50 % step, asked for as the result arrived (a slider moved at once): what a reader waits. */
	asked: number;
	backend: string;
	aucManual: number;
	aucLearned: number;
}

/** The built worker's file in dist/assets (its name carries a content hash). */
function workerAsset(): string {
	const dist = resolve(process.env.CHECKUP_E2E_DIST ?? 'dist', 'assets');
	const file = readdirSync(dist).find((f) => /^learn\.worker-.*\.js$/.test(f));
	if (!file) throw new Error(`no learn.worker-*.js in ${dist}: build the app first`);
	return `assets/${file}`;
}

let app: AppSession;
const runs: Timing[] = [];

beforeAll(async () => {
	if (process.env.CHECKUP_BENCH_LEARN_DATA) {
		const { features, y } = synth(ROWS, FEATURES);
		const out = new Float64Array(ROWS * (FEATURES + 1));
		features.forEach((c, j) => out.set(c, j * ROWS));
		out.set(Float64Array.from(y), FEATURES * ROWS);
		writeFileSync(process.env.CHECKUP_BENCH_LEARN_DATA, out);
	}
	app = await openApp({ path: '#/learn' });
	await app.page.evaluate(`window.__synth = ${synth.toString()}`);
}, 120_000);

afterAll(async () => {
	await app?.close();
	const ms = (x: number) => `${Math.round(x)} ms`;
	console.info(`\nLearn in Chromium, ${ROWS.toLocaleString('en-US')} × ${FEATURES}, 5 folds, 1,000 resamples (${runs[0]?.backend} backend)`);
	console.table(runs.map((r) => ({
		'load tfjs': ms(r.load), 'fit all rows': ms(r.fit), '5 fold fits': ms(r.folds), 'validation (bootstrap…)': ms(r.validation),
		'CV total': ms(r.folds + r.validation), 'evaluations + drivers fit': ms(r.drivers), 'whole run': ms(r.total), 'then slider steps': ms(r.blends), 'step asked for': ms(r.asked),
		'AUC manual / learned': `${r.aucManual.toFixed(4)} / ${r.aucLearned.toFixed(4)}`
	})));
});

describe('Learn in Chromium', () => {
	bench(
		`train ${ROWS.toLocaleString('en-US')} × ${FEATURES} in the worker: fit, 5-fold CV with 1,000 resamples, drivers`,
		async () => {
			const timing = await app.page.evaluate(
				({ url, rows, d }) => new Promise<Timing>((resolveRun, reject) => {
					const synthIn = (window as unknown as { __synth: typeof synth }).__synth;
					const { features, y } = synthIn(rows, d);
					const names = features.map((_, j) => `m${j}`);
					const request = {
						settings: { horizonDays: 90, C: 1, k: 5, seed: 1, resamples: 1000, targetRecall: 0.7 },
						y, metricIds: names, manualWeights: names.map(() => 1),
						features, subScores: features.map((c) => c.slice()), driverNames: names, driverColumns: features.map((c) => c.slice()),
						// The default bands, as the page sends its scorecard's: the worker then evaluates what the page shows.
						bands: [{ label: 'At risk', min: 0, color: '#c0392b', action: '' }, { label: 'Needs attention', min: 40, color: '#d68910', action: '' }, { label: 'Healthy', min: 70, color: '#1e8449', action: '' }]
					};
					const worker = new Worker(new URL(url, location.href), { type: 'module' });
					const at: Record<string, number> = {};
					const start = performance.now();
					let done: Omit<Timing, 'blends' | 'asked'> | null = null;
					let asked = NaN;
					worker.onmessage = (event) => {
						const m = event.data;
						if (m.type === 'progress') {
							const key = m.stage === 'folds' ? (at.folds === undefined ? 'folds' : 'fold') : m.stage;
							at[key] ??= performance.now();
						} else if (m.type === 'done') {
							const end = performance.now();
							if (!m.result.evaluations) {
								worker.terminate();
								return reject(new Error('the worker evaluated nothing for the page: was the request given the bands?'));
							}
							done = {
								load: at.suggest - start, fit: at.folds - at.suggest, folds: at.bootstrap - at.folds, validation: at.drivers - at.bootstrap,
								drivers: end - at.drivers, total: end - start, backend: m.result.backend,
								aucManual: m.result.validation.manual.auc, aucLearned: m.result.validation.learned.auc
							};
							// The slider moved to 50 % as soon as the result showed: the worker makes that step next.
							worker.postMessage({ type: 'blend', pct: 50 });
						} else if (m.type === 'blend' && done) {
							if (m.pct === 50) asked = performance.now() - start - done.total;
						} else if (m.type === 'blends-done' && done && m.complete) {
							worker.terminate();
							resolveRun({ ...done, blends: performance.now() - start - done.total, asked });
						} else {
							worker.terminate();
							reject(new Error(m.message ?? m.type));
						}
					};
					worker.postMessage({ type: 'train', request });
				}),
				{ url: workerAsset(), rows: ROWS, d: FEATURES }
			);
			runs.push(timing);
		},
		ONCE
	);
});
