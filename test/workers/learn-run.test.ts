import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { driverDesign } from '../../src/lib/ml/drivers';
import { fitLogistic } from '../../src/lib/ml/logistic';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { buildTrainingSet } from '../../src/lib/ml/training';
import { DEFAULT_SETTINGS, type LearnProgress, type LearnRequest } from '../../src/lib/workers/learn-protocol';
import { stratifiedFolds } from '../../src/lib/ml/metrics';
import { runLearning } from '../../src/lib/workers/learn-run';

const demo = generateDemo();
const card = demoScorecard();
const set = buildTrainingSet(demo, card);
const design = driverDesign(set.table, demo.meta.roles);
function request(resamples = 200): LearnRequest {
	return {
		settings: { ...DEFAULT_SETTINGS, resamples }, y: set.y, metricIds: set.features.metricIds, manualWeights: card.metrics.map((m) => m.weight),
		features: set.features.columns, subScores: set.features.subScores, driverNames: design.inputs.map((d) => d.name), driverColumns: design.columns
	};
}

describe('stratifiedFolds', () => {
	it('deals churned and retained customers evenly over the folds, the same for the same seed', () => {
		const fold = stratifiedFolds(set.y, 5, 1);
		for (let f = 0; f < 5; f++) {
			const rows = [...fold.keys()].filter((i) => fold[i] === f);
			const churned = rows.filter((i) => set.y[i] === 1).length;
			expect(Math.abs(churned - set.churned / 5)).toBeLessThanOrEqual(1);
			expect(Math.abs(rows.length - set.y.length / 5)).toBeLessThanOrEqual(2);
		}
		expect(stratifiedFolds(set.y, 5, 1)).toEqual(fold);
		expect(stratifiedFolds(set.y, 5, 2)).not.toEqual(fold);
	});
});

describe('runLearning on the demo', async () => {
	const lt = await loadTfNode();
	const progress: LearnProgress[] = [];
	const result = await runLearning(lt, request(), { onProgress: (p) => progress.push(p) });

	it('fits each fold without its own customers and scores them out of fold', async () => {
		expect(result.foldWeights).toHaveLength(5);
		for (const w of result.foldWeights) expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9);
		// Fold 0's weights are a fit on the other four folds only (a second fit here).
		const train = Int32Array.from([...result.fold.keys()].filter((i) => result.fold[i] !== 0));
		const fit = await fitLogistic(lt, { n: train.length, names: set.features.metricIds, columns: set.features.columns.map((c) => Float64Array.from(train, (r) => c[r])) }, Uint8Array.from(train, (r) => 1 - set.y[r]), { nonNegative: true });
		const total = fit.coefRaw.reduce((a, b) => a + Math.max(0, b), 0);
		result.foldWeights[0].forEach((w, k) => expect(w).toBeCloseTo((Math.max(0, fit.coefRaw[k]) / total) * 100, 9));
		expect(result.oofChurn.every((p) => p > 0 && p < 1)).toBe(true);
	});

	it('finds the learned weights better than the demo’s manual guess, out of fold', () => {
		const v = result.validation;
		expect(v.learned.auc).toBeGreaterThan(v.manual.auc);
		expect(v.delongP).toBeLessThan(0.05);
		expect(v.manual.lo).toBeLessThan(v.manual.auc);
		expect(v.manual.hi).toBeGreaterThan(v.manual.auc);
		expect(v.calibration).toHaveLength(10);
		expect(v.brier).toBeGreaterThan(0);
		expect(v.brier).toBeLessThan(0.25);
	});

	it('reports progress in order, ending at 1', () => {
		expect(progress.map((p) => p.share)).toEqual([...progress.map((p) => p.share)].sort((a, b) => a - b));
		expect(progress.at(-1)?.share).toBe(1);
		expect(result.driverFit.coef.length).toBe(design.inputs.length - result.driverFit.dropped.length);
	});

	it('stops when aborted, and rejects bad settings with the value', async () => {
		const controller = new AbortController();
		const run = runLearning(lt, request(), { signal: controller.signal, onProgress: (p) => p.stage === 'folds' && controller.abort() });
		await expect(run).rejects.toThrow();
		expect(controller.signal.aborted).toBe(true);
		await expect(runLearning(lt, { ...request(), settings: { ...DEFAULT_SETTINGS, k: 1 } })).rejects.toThrow('[2, 20]: 1');
	});
});
