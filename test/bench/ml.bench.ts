/**
 * The numeric engine on 100,000 customers × 20 sub-scores, tfjs wasm backend in node. Run:
 * npx vitest bench --run --project unit test/bench/ml.bench.ts — it also writes the data as CSV
 * (see ml-synthetic.ts) for `/usr/bin/python3 test/bench/sklearn_fit.py`, scikit-learn's time on the same rows.
 */
import { bench, describe } from 'vitest';
import { fitLogistic } from '../../src/lib/ml/logistic';
import { bootstrapAucDiff, delong } from '../../src/lib/ml/metrics';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { runLearning } from '../../src/lib/workers/learn-run';
import { DEFAULT_SETTINGS } from '../../src/lib/workers/learn-protocol';
import { syntheticChurn, writeBenchCsv } from './ml-synthetic';

const data = syntheticChurn(100_000, 20, 2026);
writeBenchCsv(data);
const lt = await loadTfNode('wasm');
const risk = data.manual.map((h) => -h);
const other = data.design.columns[0].map((h) => -h);

describe('logistic regression, 100,000 × 20, wasm in node', () => {
	bench('fit, C = 1 (Newton/IRLS)', async () => void (await fitLogistic(lt, data.design, data.y)), { iterations: 5, time: 0, warmupIterations: 1 });
	bench('fit, non-negative coefficients', async () => void (await fitLogistic(lt, data.design, data.y.map((v) => 1 - v), { nonNegative: true })), {
		iterations: 5, time: 0, warmupIterations: 1
	});
});

describe('validation, 100,000 rows', () => {
	// The Learn run as the learn worker does it alone (no second worker): the fit on every row, 5 fold fits,
	// 1,000 paired bootstrap resamples, DeLong, calibration (no driver columns).
	bench('Learn run: fit + 5-fold CV + 1,000 paired bootstrap resamples + DeLong', async () => {
		const subScores = data.design.columns;
		await runLearning(lt, {
			settings: { ...DEFAULT_SETTINGS, seed: 1, resamples: 1000 }, y: data.y, metricIds: data.design.names, manualWeights: subScores.map(() => 1),
			features: subScores, subScores, driverNames: [], driverColumns: []
		});
	}, { iterations: 2, time: 0, warmupIterations: 0 });
	bench('1,000 paired bootstrap resamples alone', () => void bootstrapAucDiff(risk, other, data.y, { resamples: 1000 }), { iterations: 3, time: 0 });
	bench('DeLong paired test', () => void delong(risk, other, data.y), { iterations: 10, time: 0 });
});
