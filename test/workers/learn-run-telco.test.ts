/**
 * The app's Learn run (runLearning, as the learn worker does it) on Telco with three sub-scores: a longer
 * contract, a longer tenure and lower monthly charges are healthier. Each is a linear rescaling of one input of
 * the reference's "learned_same_3_inputs" model (reference/telco.json: scikit-learn, 5-fold CV), so the learned
 * score's out-of-fold AUC must agree with the reference's within 0.01. The comparison with the manual weights
 * is checked against DeLong's test and AUCs computed here from the run's own folds and fold weights.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { auc, delong, stratifiedFolds } from '../../src/lib/ml/metrics';
import type { LoadedTf } from '../../src/lib/ml/tf';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { runLearning } from '../../src/lib/workers/learn-run';
import { DEFAULT_SETTINGS, type LearnProgress, type LearnRequest, type LearnResult } from '../../src/lib/workers/learn-protocol';
import { readReference } from '../helpers/shared-data';
import { loadTelco } from '../ml/churn-data';

interface Telco {
	hand_weighted_vs_learned: { learned_same_3_inputs: { cv_mean_auc: number } };
}

/** The manual guess: contract and tenure weigh most (the reference's hand score gives them 40 points each, charges 20). */
const MANUAL_WEIGHTS = [40, 40, 20];

function telcoRequest(settings = { ...DEFAULT_SETTINGS, seed: 0, resamples: 500 }): LearnRequest {
	const t = loadTelco();
	const tenure = t.variants.numeric_only.columns[1], charges = t.variants.numeric_only.columns[2];
	const subScores = [
		Float64Array.from(t.rows, (r) => (r.Contract === 'Month-to-month' ? 0 : 100)),
		tenure.map((v) => (v / 72) * 100),
		charges.map((v) => ((120 - v) / 120) * 100)
	];
	return {
		settings, y: t.y, metricIds: ['contract', 'tenure', 'charges'], manualWeights: MANUAL_WEIGHTS,
		features: subScores, subScores: subScores.map((c) => c.slice()), driverNames: [], driverColumns: []
	};
}

/** Σ weights × sub-scores ÷ Σ weights, row by row, with each row's own fold's weights (or the manual ones). */
function scoreOf(request: LearnRequest, weightsOf: (row: number) => readonly number[]): Float64Array {
	const { subScores, y } = request;
	return Float64Array.from(y, (_, i) => {
		const w = weightsOf(i);
		const total = w.reduce((a, b) => a + b, 0);
		return subScores.reduce((s, column, j) => s + w[j] * column[i], 0) / total;
	});
}

describe('the Learn run on Telco, three sub-scores', () => {
	let lt: LoadedTf;
	let request: LearnRequest;
	let result: LearnResult;
	const progress: LearnProgress[] = [];
	beforeAll(async () => {
		lt = await loadTfNode();
		request = telcoRequest();
		result = await runLearning(lt, request, { onProgress: (p) => progress.push(p) });
	});

	it('the learned score and the churn probability predict churn out of fold as well as scikit-learn\'s model of the same inputs (within 0.01)', () => {
		const ref = readReference<Telco>('telco.json').hand_weighted_vs_learned.learned_same_3_inputs;
		expect(Math.abs(result.validation.learned.auc - ref.cv_mean_auc)).toBeLessThan(0.01);
		expect(Math.abs(auc(result.oofChurn, request.y) - ref.cv_mean_auc)).toBeLessThan(0.01);
	});

	it('learns weights from positive coefficients: every input helps, and each fold\'s weights add up to 100', () => {
		expect(result.suggestFit.coefRaw.every((b) => b > 0)).toBe(true);
		expect(result.foldWeights).toHaveLength(5);
		for (const w of result.foldWeights) {
			expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9);
			for (const x of w) expect(x).toBeGreaterThan(0);
		}
		// Within a fold the learned score ranks customers exactly as the churn probability does.
		const rows = [...result.fold.keys()].filter((i) => result.fold[i] === 0);
		const y0 = rows.map((i) => request.y[i]);
		const learned = scoreOf(request, (i) => result.foldWeights[result.fold[i]]);
		expect(auc(rows.map((i) => -learned[i]), y0)).toBeCloseTo(auc(rows.map((i) => result.oofChurn[i]), y0), 12);
	});

	it('compares both scores on the same out-of-fold rows: the AUCs and DeLong\'s test of them, with bootstrap intervals around the AUCs', () => {
		const learned = scoreOf(request, (i) => result.foldWeights[result.fold[i]]);
		const manual = scoreOf(request, () => MANUAL_WEIGHTS);
		const d = delong(learned.map((h) => -h), manual.map((h) => -h), request.y);
		const v = result.validation;
		expect(v.learned.auc).toBeCloseTo(d.aucA, 12);
		expect(v.manual.auc).toBeCloseTo(d.aucB, 12);
		expect(v.delongP).toBeCloseTo(d.pValue, 12);
		for (const e of [v.manual, v.learned]) {
			expect(e.lo).toBeLessThan(e.auc);
			expect(e.hi).toBeGreaterThan(e.auc);
		}
	});

	it('calibration and Brier score of the out-of-fold churn probability', () => {
		const v = result.validation;
		expect(v.calibration).toHaveLength(10);
		expect(v.calibration.reduce((s, b) => s + b.count, 0)).toBe(request.y.length);
		// The reference's cross-validated Brier score of its model is 0.1440.
		expect(v.brier).toBeGreaterThan(0.13);
		expect(v.brier).toBeLessThan(0.16);
	});

	it('uses the seeded folds and reports progress in order, ending at 1', () => {
		expect(Array.from(result.fold)).toEqual(Array.from(stratifiedFolds(request.y, 5, 0)));
		expect(progress.map((p) => p.share)).toEqual([...progress.map((p) => p.share)].sort((a, b) => a - b));
		expect(progress.at(-1)?.share).toBe(1);
	});

	/** A run aborted at the first progress report `stop` picks; rejects with an AbortError. Returns every report made. */
	async function abortedAt(stop: (p: LearnProgress) => boolean): Promise<LearnProgress[]> {
		const controller = new AbortController();
		const reports: LearnProgress[] = [];
		const run = runLearning(lt, telcoRequest(), {
			signal: controller.signal,
			onProgress: (p) => {
				reports.push(p);
				if (stop(p)) controller.abort();
			}
		});
		await expect(run).rejects.toMatchObject({ name: 'AbortError' });
		return reports;
	}

	it('stops between folds when aborted after the second', async () => {
		const messages = (await abortedAt((p) => p.message === 'Cross-validation: 2 of 5 folds fitted')).map((p) => p.message);
		expect(messages).toContain('Cross-validation: 2 of 5 folds fitted');
		expect(messages).not.toContain('Cross-validation: 3 of 5 folds fitted');
	});

	it('stops during the bootstrap when aborted there, before the drivers', async () => {
		const inBootstrap = (p: LearnProgress) => p.stage === 'bootstrap' && p.share > 0.7;
		const reports = await abortedAt(inBootstrap);
		expect(reports.some(inBootstrap)).toBe(true);
		expect(reports.some((p) => p.stage === 'drivers')).toBe(false);
	});
});
