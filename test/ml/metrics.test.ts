/**
 * Metrics against R's pROC, scikit-learn and pandas (reference/telco_stats.json), scipy (fixtures), and small
 * cases worked by hand.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitLogistic, predictProba } from '../../src/lib/ml/logistic';
import {
	auc, bootstrapAucCi, bootstrapAucDiff, brier, calibrationBins, churnRateByGroup, cutoffTable, decileChurn, delong,
	logLoss, pointBiserial, rocCurve, spearman, stratifiedFolds, suggestCutoff
} from '../../src/lib/ml/metrics';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { readReference } from '../helpers/shared-data';
import { loadTelco } from './churn-data';

interface Stats {
	pROC_delong_telco: {
		hand_auc: number; hand_auc_ci95_delong: [number, number]; learned_auc: number; learned_auc_ci95_delong: [number, number];
		paired_delong_z: number; paired_delong_p_value: number;
	};
	calibration_learned_3feat: { mean_predicted: number[]; fraction_churned: number[]; brier: number };
	churn_rate_by_hand_score_decile: { rates: number[]; top_decile_lift: number };
}
const stats = () => readReference<Stats>('telco_stats.json');

/** The reference's hand score in numpy's order of operations: health = 40·min(tenure,36)/36 + contract + charges. */
function handHealth(rows: Record<string, string>[]): Float64Array {
	return Float64Array.from(rows, (r) => {
		const t = Number(r.tenure), m = Number(r.MonthlyCharges);
		const contract = r.Contract === 'Two year' ? 40 : r.Contract === 'Month-to-month' ? 0 : 25;
		return (Math.min(t, 36) / 36) * 40 + contract + (m < 50 ? 20 : m < 80 ? 10 : 0);
	});
}

describe('on Telco, against pROC, scikit-learn and pandas', () => {
	let health: Float64Array, risk: Float64Array, learned: Float64Array, y: Uint8Array;
	beforeAll(async () => {
		const t = loadTelco();
		y = t.y;
		health = handHealth(t.rows);
		risk = health.map((h) => -h);
		// The reference's learned model: L2 logistic regression (C = 1) on [month-to-month, tenure, MonthlyCharges].
		const design = {
			n: t.rows.length,
			names: ['Contract=Month-to-month', 'tenure', 'MonthlyCharges'],
			columns: [Float64Array.from(t.rows, (r) => (r.Contract === 'Month-to-month' ? 1 : 0)), t.variants.numeric_only.columns[1], t.variants.numeric_only.columns[2]]
		};
		learned = predictProba(await fitLogistic(await loadTfNode(), design, y), design);
	});

	it('DeLong AUCs, intervals and the paired test within 1e-4 of pROC', () => {
		const ref = stats().pROC_delong_telco;
		const d = delong(risk, learned, y);
		expect(Math.abs(d.aucA - ref.hand_auc)).toBeLessThan(1e-6);
		expect(Math.abs(d.aucB - ref.learned_auc)).toBeLessThan(1e-4);
		for (const k of [0, 1]) {
			expect(Math.abs(d.ciA[k] - ref.hand_auc_ci95_delong[k])).toBeLessThan(1e-4);
			expect(Math.abs(d.ciB[k] - ref.learned_auc_ci95_delong[k])).toBeLessThan(1e-4);
		}
		expect(Math.abs(d.z - ref.paired_delong_z)).toBeLessThan(1e-3);
		expect(Math.abs(d.pValue / ref.paired_delong_p_value - 1)).toBeLessThan(1e-2);
		expect(d.diff).toBeCloseTo(d.aucA - d.aucB, 12);
		expect(d.diffCi[0]).toBeLessThan(d.diff);
		expect(d.diffCi[1]).toBeLessThan(0); // the learned model is significantly better
	});

	it('calibration bins of the learned probability and its Brier score within 1e-4 of scikit-learn', () => {
		const ref = stats().calibration_learned_3feat;
		const nonEmpty = calibrationBins(learned, y, 10).filter((b) => b.count > 0);
		expect(nonEmpty.map((b) => b.meanPredicted).length).toBe(ref.mean_predicted.length);
		nonEmpty.forEach((b, k) => {
			expect(Math.abs(b.meanPredicted - ref.mean_predicted[k])).toBeLessThan(1e-4);
			expect(Math.abs(b.fractionChurned - ref.fraction_churned[k])).toBeLessThan(1e-4);
		});
		expect(Math.abs(brier(learned, y) - ref.brier)).toBeLessThan(1e-6);
	});

	it('churn rate by decile of the hand score within 1e-4 of pandas (ties by row order)', () => {
		const ref = stats().churn_rate_by_hand_score_decile;
		const deciles = decileChurn(risk, y);
		Array.from(deciles.rates).forEach((r, k) => expect(Math.abs(r - ref.rates[k]), `decile ${k + 1}`).toBeLessThan(1e-6));
		expect(Math.abs(deciles.lift[0] - ref.top_decile_lift)).toBeLessThan(1e-6);
		expect(Array.from(deciles.counts).reduce((s, c) => s + c, 0)).toBe(7043);
	});

	it('Spearman and point-biserial correlations within 1e-9 of scipy', () => {
		const ref = (JSON.parse(readFileSync(new URL('./fixtures/sklearn-tight.json', import.meta.url), 'utf8')) as { telco_hand_score_correlation: { spearman: number; point_biserial: number } }).telco_hand_score_correlation;
		expect(Math.abs(spearman(risk, y) - ref.spearman)).toBeLessThan(1e-9);
		expect(Math.abs(pointBiserial(risk, y) - ref.point_biserial)).toBeLessThan(1e-9);
	});

	it('bootstrap intervals of 1,000 stratified resamples agree with DeLong\'s to within 0.003', () => {
		const d = delong(risk, learned, y);
		const boot = bootstrapAucCi(risk, y, { resamples: 1000, seed: 7 });
		expect(boot.auc).toBeCloseTo(d.aucA, 12);
		expect(Math.abs(boot.ci[0] - d.ciA[0])).toBeLessThan(0.003);
		expect(Math.abs(boot.ci[1] - d.ciA[1])).toBeLessThan(0.003);
		expect(Math.abs(boot.se / d.seA - 1)).toBeLessThan(0.1);
		const paired = bootstrapAucDiff(risk, learned, y, { resamples: 1000, seed: 7 });
		expect(paired.diff).toBeCloseTo(d.diff, 12);
		expect(Math.abs(paired.diffCi[0] - d.diffCi[0])).toBeLessThan(0.003);
		expect(Math.abs(paired.diffCi[1] - d.diffCi[1])).toBeLessThan(0.003);
		expect(paired.pValue).toBeLessThan(1e-3);
		// Same seed, same resamples.
		expect(bootstrapAucCi(risk, y, { resamples: 200, seed: 3 }).ci).toEqual(bootstrapAucCi(risk, y, { resamples: 200, seed: 3 }).ci);
	});
});

describe('worked by hand', () => {
	// scores 1 2 2 3, outcomes 0 1 0 1: pairs (churned, retained) = (2,1) win, (2,2) tie, (3,1) win, (3,2) win → 3.5 / 4.
	const score = [1, 2, 2, 3], y = [0, 1, 0, 1];

	it('AUC counts ties as ½', () => {
		expect(auc(score, y)).toBe(0.875);
		expect(auc([3, 2, 2, 1], y)).toBe(0.125);
	});

	it('DeLong variance from placements', () => {
		// V10 (churned): score 2 → (1 + ½)/2 = 0.75, score 3 → 1; V01 (retained): score 1 → 1, score 2 → ½·½ + ½ = 0.75.
		// S10 = var(0.75, 1) = 0.03125, S01 = 0.03125; var = S10/2 + S01/2 = 0.03125.
		const d = delong(score, score, y);
		expect(d.aucA).toBe(0.875);
		expect(d.seA).toBeCloseTo(Math.sqrt(0.03125), 14);
		expect(d.diff).toBe(0);
		expect(d.pValue).toBe(1);
	});

	it('ROC curve', () => {
		const roc = rocCurve(score, y);
		expect(Array.from(roc.fpr)).toEqual([0, 0, 0.5, 1]);
		expect(Array.from(roc.tpr)).toEqual([0, 0.5, 1, 1]);
		expect(Array.from(roc.threshold)).toEqual([Infinity, 3, 2, 1]);
	});

	it('Brier and log-loss', () => {
		expect(brier([0.5, 0.25], [1, 0])).toBe((0.25 + 0.0625) / 2);
		expect(logLoss([0.5, 0.25], [1, 0])).toBeCloseTo(-(Math.log(0.5) + Math.log(0.75)) / 2, 15);
	});

	it('calibration: a probability on an inner edge falls in the lower bin, empty bins are kept', () => {
		const bins = calibrationBins([0.1, 0.10000001, 0.95, 0], [0, 1, 1, 0], 10);
		expect(bins.map((b) => b.count)).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
		expect(bins[0].meanPredicted).toBeCloseTo(0.05, 15);
		expect(bins[2].meanPredicted).toBeNaN();
	});

	it('churn rate by group skips rows without a group', () => {
		expect(churnRateByGroup([0, 0, 1, -1, 2], [1, 0, 1, 1, 0])).toEqual([
			{ group: 0, count: 2, churned: 1, rate: 0.5 },
			{ group: 1, count: 1, churned: 1, rate: 1 },
			{ group: 2, count: 1, churned: 0, rate: 0 }
		]);
	});

	it('deciles of 20 rows: two rows each, highest score first, ties in row order', () => {
		const s = Array.from({ length: 20 }, (_, i) => (i < 4 ? 100 : 19 - i));
		const out = Array.from({ length: 20 }, (_, i) => (i === 2 || i === 3 ? 1 : 0));
		// Rows 0–3 tie at the top: rows 0 and 1 make decile 1 and rows 2 and 3 (both churned) decile 2.
		expect(Array.from(decileChurn(s, out).rates)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
	});

	it('cut-off table and the suggested cut-off for a target recall', () => {
		// health 10 20 20 30 40, churned 1 1 0 1 0 (3 churned)
		const table = cutoffTable([10, 20, 20, 30, 40], [1, 1, 0, 1, 0]);
		expect(table.map((r) => [r.cutoff, r.nextValue, r.flagged, r.churnedFlagged])).toEqual([[10, 20, 1, 1], [20, 30, 3, 2], [30, 40, 4, 3], [40, null, 5, 3]]);
		expect(table[1].precision).toBeCloseTo(2 / 3, 15);
		expect(table[1].recall).toBeCloseTo(2 / 3, 15);
		expect(table[1].flaggedShare).toBe(0.6);
		expect(suggestCutoff(table, 0.7)?.cutoff).toBe(30);
		expect(suggestCutoff(table, 2 / 3)?.cutoff).toBe(20);
		expect(suggestCutoff(table, 1)?.cutoff).toBe(30);
	});

	it('stratified folds: seeded, balanced, same churn share in each fold', () => {
		const y = Uint8Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0)); // 26 churned, 77 retained
		const a = stratifiedFolds(y, 5, 42);
		expect(Array.from(a)).toEqual(Array.from(stratifiedFolds(y, 5, 42)));
		expect(Array.from(a)).not.toEqual(Array.from(stratifiedFolds(y, 5, 43)));
		for (let f = 0; f < 5; f++) {
			const rows = a.filter((v) => v === f).length;
			const churned = Array.from(a).filter((v, i) => v === f && y[i] === 1).length;
			expect(rows === 20 || rows === 21).toBe(true);
			expect(churned === 5 || churned === 6).toBe(true);
		}
	});

	it('bad input is refused with the row and value', () => {
		expect(() => auc([1, NaN], [0, 1])).toThrow('score, row 2: no value (NaN)');
		expect(() => auc([1, 2], [1, 1])).toThrow('all 2 rows have outcome 1');
		expect(() => auc([1, 2], [0, 2])).toThrow('outcome, row 2: 2 is neither 0 nor 1');
		expect(() => brier([0.5, 1.5], [0, 1])).toThrow('probability, row 2: 1.5 is not in [0, 1]');
		expect(() => stratifiedFolds([1, 0, 0, 0, 0, 0], 5, 1)).toThrow('at least 5 rows with outcome 1; there are 1');
		expect(() => bootstrapAucCi([1, 2], [0, 1], { resamples: 5 })).toThrow('invalid resamples');
	});
});
