/**
 * The seeded synthetic churn table of the ML benchmarks: n rows of d sub-scores (0–100, higher = healthier,
 * rounded to 0.01 so the CSV copy is exact) and churn drawn from a known logistic model; written as CSV for
 * test/bench/sklearn_fit.py, so scikit-learn is timed on the very same numbers.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '../../src/lib/core/random';
import type { Design } from '../../src/lib/ml/logistic';

export const ML_BENCH_CSV = process.env.CHECKUP_ML_BENCH_CSV ?? join(tmpdir(), 'checkup-ml-bench-100000x20.csv');

export function syntheticChurn(n: number, d: number, seed: number): { design: Design; y: Uint8Array; manual: Float64Array } {
	const random = new Random(seed);
	// Retention effects per standard unit: most positive, a few zero (what the non-negative fit must find).
	const effect = Array.from({ length: d }, (_, j) => (j % 5 === 4 ? 0 : 0.15 + 0.05 * (j % 7)));
	const columns = Array.from({ length: d }, () => new Float64Array(n));
	const y = new Uint8Array(n);
	const manual = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		let eta = 1.2;
		for (let j = 0; j < d; j++) {
			const v = Math.round(Math.min(100, Math.max(0, 50 + 20 * random.normal())) * 100) / 100;
			columns[j][i] = v;
			eta += (effect[j] * (v - 50)) / 20;
			manual[i] += v / d; // the manual score: equal weights
		}
		y[i] = random.uniform() < 1 / (1 + Math.exp(eta)) ? 1 : 0; // churn = not retained
	}
	return { design: { n, names: Array.from({ length: d }, (_, j) => `s${j + 1}`), columns }, y, manual };
}

/** Writes the table as CSV (header s1 … sd, churned) unless it is there already. */
export function writeBenchCsv(data: ReturnType<typeof syntheticChurn>, path = ML_BENCH_CSV): string {
	if (existsSync(path)) return path;
	const { design, y } = data;
	const lines = [[...design.names, 'churned'].join(',')];
	for (let i = 0; i < design.n; i++) lines.push([...design.columns.map((c) => c[i].toFixed(2)), y[i]].join(','));
	writeFileSync(path, lines.join('\n') + '\n');
	return path;
}
