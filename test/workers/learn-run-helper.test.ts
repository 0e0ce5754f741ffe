/**
 * runLearning with a second worker's hooks (as learn.worker gives it: folds fitted there from the last one down,
 * half the bootstrap drawn there) returns exactly what it returns alone; progress stays monotone; a failing
 * helper fails the run; a cancel stops it.
 */
import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { bootstrapAucRange } from '../../src/lib/ml/bootstrap';
import { driverDesign } from '../../src/lib/ml/drivers';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { buildTrainingSet } from '../../src/lib/ml/training';
import { DEFAULT_SETTINGS, type FoldFitRequest, type LearnProgress, type LearnRequest } from '../../src/lib/workers/learn-protocol';
import { fitFold, runLearning, type RunHooks } from '../../src/lib/workers/learn-run';

const demo = generateDemo();
const card = demoScorecard();
const set = buildTrainingSet(demo, card);
const design = driverDesign(set.table, demo.meta.roles);
const request = (): LearnRequest => ({
	settings: { ...DEFAULT_SETTINGS, resamples: 300 }, y: set.y, metricIds: set.features.metricIds, manualWeights: card.metrics.map((m) => m.weight),
	features: set.features.columns, subScores: set.features.subScores, driverNames: design.inputs.map((d) => d.name), driverColumns: design.columns
});
const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runLearning with a helper worker', async () => {
	const lt = await loadTfNode();
	const alone = await runLearning(lt, request());

	it('gives the same result as one worker, with every fold fitted once and monotone progress', async () => {
		const sent: FoldFitRequest[] = [];
		const progress: LearnProgress[] = [];
		const helper: RunHooks = {
			onProgress: (p) => progress.push(p),
			foldFit: async (r) => {
				sent.push(r);
				await later(1);
				return fitFold(lt, r);
			},
			bootstrapShare: async (r) => {
				await later(1);
				return bootstrapAucRange(r.scoreA, r.scoreB, r.y, r);
			}
		};
		const split = await runLearning(lt, request(), helper);
		expect({ ...split, elapsedMs: 0 }).toEqual({ ...alone, elapsedMs: 0 });
		// The helper took folds from the last one; the rows it got are exactly the other folds'.
		expect(sent.length).toBeGreaterThan(0);
		expect(sent.length).toBeLessThan(5);
		const last = sent[0];
		const rows = [...alone.fold.keys()].filter((i) => alone.fold[i] !== 4);
		expect(last.retained).toEqual(Uint8Array.from(rows, (i) => 1 - set.y[i]));
		expect(last.columns[0]).toEqual(Float64Array.from(rows, (i) => set.features.columns[0][i]));
		for (let k = 1; k < progress.length; k++) expect(progress[k].share).toBeGreaterThanOrEqual(progress[k - 1].share);
		expect(progress.filter((p) => p.stage === 'folds').at(-1)?.message).toBe('Cross-validation: 5 of 5 folds fitted');
		expect(progress.map((p) => p.stage).filter((s, k, all) => s !== all[k - 1])).toEqual(['suggest', 'folds', 'bootstrap', 'drivers']);
	});

	it('fails with the helper’s error, and stops on cancel while the helper works', async () => {
		await expect(runLearning(lt, request(), { foldFit: () => Promise.reject(new Error('helper broke')) })).rejects.toThrow('helper broke');
		const controller = new AbortController();
		const run = runLearning(lt, request(), {
			signal: controller.signal,
			foldFit: () => {
				controller.abort(); // as learn.worker's hook does on Cancel: the helper's job rejects with the reason
				return Promise.reject(controller.signal.reason);
			}
		});
		await expect(run).rejects.toThrow(/abort/i);
	});
});
