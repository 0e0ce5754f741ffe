/**
 * crossValidate on Telco with the reference's hand score as the manual score and its three inputs as sub-scores:
 * the learned model is then the reference's "learned_same_3_inputs" (reference/telco.json, scikit-learn 5-fold
 * CV) up to the linear rescaling of each input, so its out-of-fold AUC must agree within 0.01.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { auc, delong, stratifiedFolds } from '../../src/lib/ml/metrics';
import type { LoadedTf } from '../../src/lib/ml/tf';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { crossValidate, type CrossValidation } from '../../src/lib/ml/validate';
import { readReference } from '../helpers/shared-data';
import { loadTelco } from './churn-data';

interface Telco {
	hand_weighted_vs_learned: { guess_points_health: { auc: number }; learned_same_3_inputs: { cv_mean_auc: number; coef_standardized: Record<string, number> } };
	variants: { numeric_only: { cv: { mean_auc: number } } };
}

function telcoSubScores() {
	const t = loadTelco();
	const n = t.rows.length;
	const tenure = t.variants.numeric_only.columns[1], charges = t.variants.numeric_only.columns[2];
	const columns = [
		Float64Array.from(t.rows, (r) => (r.Contract === 'Month-to-month' ? 0 : 100)), // a longer contract is healthier
		tenure.map((v) => (v / 72) * 100), // longer tenure is healthier
		charges.map((v) => ((120 - v) / 120) * 100) // lower monthly charges are healthier
	];
	const manual = Float64Array.from(t.rows, (r) => {
		const m = Number(r.MonthlyCharges), tn = Number(r.tenure);
		return (Math.min(tn, 36) / 36) * 40 + (r.Contract === 'Two year' ? 40 : r.Contract === 'Month-to-month' ? 0 : 25) + (m < 50 ? 20 : m < 80 ? 10 : 0);
	});
	return { features: { n, names: ['contract', 'tenure', 'charges'], columns }, y: t.y, manual };
}

describe('crossValidate on Telco', () => {
	let lt: LoadedTf;
	let cv: CrossValidation;
	const progress: number[] = [];
	beforeAll(async () => {
		lt = await loadTfNode();
		const { features, y, manual } = telcoSubScores();
		cv = await crossValidate(lt, { features, y, manualScore: manual, k: 5, seed: 0, resamples: 500, onProgress: (f) => progress.push(f) });
	});

	it('out-of-fold AUCs within 0.01 of the reference, manual exactly the hand score\'s', () => {
		const ref = readReference<Telco>('telco.json').hand_weighted_vs_learned;
		expect(Math.abs(cv.manual.auc - ref.guess_points_health.auc)).toBeLessThan(1e-6);
		expect(Math.abs(cv.learned.auc - ref.learned_same_3_inputs.cv_mean_auc)).toBeLessThan(0.01);
		expect(Math.abs(cv.probabilityAuc - ref.learned_same_3_inputs.cv_mean_auc)).toBeLessThan(0.01);
	});

	it('the learned score is the weighted sub-scores, and the weights are the positive coefficients', () => {
		expect(cv.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
		for (const w of cv.weights) expect(w).toBeGreaterThan(0);
		expect(Array.from(cv.fit.coefRaw).every((b) => b > 0)).toBe(true);
		expect(cv.foldWeights).toHaveLength(5);
		for (const s of cv.oofLearnedScore) expect(s >= 0 && s <= 100).toBe(true);
		// Within a fold the learned score ranks rows exactly as the model's probability does.
		const f0 = Array.from({ length: cv.n }, (_, i) => i).filter((i) => cv.fold[i] === 0);
		const y0 = f0.map((i) => loadTelco().y[i]);
		const byScore = auc(f0.map((i) => -cv.oofLearnedScore[i]), y0);
		const byProb = auc(f0.map((i) => cv.oofProbability[i]), y0);
		expect(byScore).toBeCloseTo(byProb, 12);
	});

	it('the comparison: DeLong on the out-of-fold scores, bootstrap intervals around the AUCs', () => {
		const { manual, y } = telcoSubScores();
		const d = delong(manual.map((h) => -h), cv.oofLearnedScore.map((h) => -h), y);
		expect(cv.delong.z).toBeCloseTo(d.z, 12);
		expect(cv.delong.aucA).toBeCloseTo(cv.manual.auc, 12);
		expect(cv.delong.aucB).toBeCloseTo(cv.learned.auc, 12);
		expect(cv.delong.diff).toBeLessThan(0); // the learned weights predict churn better than the hand score
		expect(cv.delong.pValue).toBeLessThan(0.01);
		expect(cv.manual.ci[0]).toBeLessThan(cv.manual.auc);
		expect(cv.manual.ci[1]).toBeGreaterThan(cv.manual.auc);
		expect(Math.abs(cv.bootstrap.diff - cv.delong.diff)).toBeLessThan(1e-12);
	});

	it('calibration, Brier, correlations and deciles of the out-of-fold predictions', () => {
		expect(cv.calibration).toHaveLength(10);
		expect(cv.calibration.reduce((s, b) => s + b.count, 0)).toBe(cv.n);
		expect(cv.brier).toBeGreaterThan(0.13);
		expect(cv.brier).toBeLessThan(0.16); // the reference's CV Brier is 0.1440
		expect(cv.manual.spearman).toBeLessThan(0); // healthier customers churn less
		expect(cv.learned.pointBiserial).toBeLessThan(0);
		expect(cv.learned.decileRates[0]).toBeGreaterThan(cv.learned.decileRates[9]);
	});

	it('reports progress from 0 to 1 and uses the seeded folds', () => {
		expect(progress[0]).toBe(0);
		expect(progress[progress.length - 1]).toBe(1);
		for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);
		expect(Array.from(cv.fold)).toEqual(Array.from(stratifiedFolds(loadTelco().y, 5, 0)));
	});
});
