import { describe, expect, it } from 'vitest';
import { defaultBands } from '../../src/lib/core/scorecard';
import { fitLogistic } from '../../src/lib/ml/logistic';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { atTarget, churnByBand, cutoffTable, decileChurn, evaluateScore, validate } from '../../src/lib/workers/learn-validate';
import { DEFAULT_SETTINGS } from '../../src/lib/workers/learn-protocol';
import { readReference, readSharedCsv } from '../helpers/shared-data';

interface TelcoStats {
	pROC_delong_telco: { hand_auc: number; hand_auc_ci95_delong: [number, number]; learned_auc: number; learned_auc_ci95_delong: [number, number]; paired_delong_p_value: number };
	calibration_learned_3feat: { mean_predicted: number[]; fraction_churned: number[]; brier: number };
	churn_rate_by_hand_score_decile: { rates: number[]; top_decile_lift: number };
}
const ref = readReference<TelcoStats>('telco_stats.json');

// The reference's hand-made health score and its learned three-input model (stats_reference.py).
const rows = readSharedCsv('telco_customer_churn.csv');
const y = Uint8Array.from(rows, (r) => (r.Churn === 'Yes' ? 1 : 0));
const tenure = Float64Array.from(rows, (r) => Number(r.tenure));
const monthly = Float64Array.from(rows, (r) => Number(r.MonthlyCharges));
const m2m = Float64Array.from(rows, (r) => (r.Contract === 'Month-to-month' ? 1 : 0));
const health = Float64Array.from(rows, (r, i) =>
	(Math.min(tenure[i], 36) / 36) * 40 + (r.Contract === 'Two year' ? 40 : r.Contract === 'Month-to-month' ? 0 : 25) + (monthly[i] < 50 ? 20 : monthly[i] < 80 ? 10 : 0)
);

describe('validation against telco_stats.json', async () => {
	const lt = await loadTfNode();
	const fit = await fitLogistic(lt, { n: y.length, names: ['m2m', 'tenure', 'monthly'], columns: [m2m, tenure, monthly] }, y, { C: 1 });
	const p = Float64Array.from(y, (_, i) => 1 / (1 + Math.exp(-(fit.interceptRaw + fit.coefRaw[0] * m2m[i] + fit.coefRaw[1] * tenure[i] + fit.coefRaw[2] * monthly[i]))));
	const bands = defaultBands();

	it('gives a health score the AUC and DeLong interval pROC gives its negation', () => {
		const e = evaluateScore({ score: health, y, bands, targetRecall: 0.7 });
		const r = ref.pROC_delong_telco;
		expect(Math.abs(e.auc.auc - r.hand_auc)).toBeLessThan(1e-4);
		expect(Math.abs(e.auc.lo - r.hand_auc_ci95_delong[0])).toBeLessThan(1e-4);
		expect(Math.abs(e.auc.hi - r.hand_auc_ci95_delong[1])).toBeLessThan(1e-4);
		expect(Number.isNaN(e.delongP)).toBe(true);
	});

	it('tests a learned score against the manual one as pROC’s paired DeLong test does', () => {
		const learned = Float64Array.from(p, (q) => 100 * (1 - q));
		const e = evaluateScore({ score: learned, y, bands, targetRecall: 0.7, reference: health });
		const r = ref.pROC_delong_telco;
		expect(Math.abs(e.auc.auc - r.learned_auc)).toBeLessThan(1e-4);
		expect(Math.abs(e.auc.lo - r.learned_auc_ci95_delong[0])).toBeLessThan(1e-4);
		expect(Math.abs(e.delongP - r.paired_delong_p_value) / r.paired_delong_p_value).toBeLessThan(0.01);
	});

	it('bins the learned probability as scikit-learn’s calibration_curve, with its Brier score', async () => {
		const v = await validate({ manualScore: health, learnedScore: Float64Array.from(p, (q) => 100 * (1 - q)), oofChurn: p, y, settings: { ...DEFAULT_SETTINGS, resamples: 200 } });
		const bins = v.calibration.filter((b) => b.count > 0);
		const r = ref.calibration_learned_3feat;
		expect(bins.length).toBe(r.mean_predicted.length);
		bins.forEach((b, k) => {
			expect(Math.abs(b.predicted - r.mean_predicted[k]), `bin ${k}`).toBeLessThan(1e-4);
			expect(Math.abs(b.observed - r.fraction_churned[k]), `bin ${k}`).toBeLessThan(1e-4);
		});
		expect(Math.abs(v.brier - r.brier)).toBeLessThan(1e-4);
		// The headline test is the same paired DeLong test, learned against manual.
		expect(Math.abs(v.delongP - ref.pROC_delong_telco.paired_delong_p_value) / ref.pROC_delong_telco.paired_delong_p_value).toBeLessThan(0.01);
	});

	it('gives the churn rate by decile of the hand score with ties broken by row order, and the top-decile lift', () => {
		const deciles = decileChurn(health, y);
		const r = ref.churn_rate_by_hand_score_decile;
		deciles.forEach((d, k) => expect(Math.abs(d.rate - r.rates[k]), `decile ${k + 1}`).toBeLessThan(1e-4));
		expect(Math.abs(deciles[0].lift - r.top_decile_lift)).toBeLessThan(1e-4);
		expect(deciles.reduce((s, d) => s + d.customers, 0)).toBe(y.length);
	});

	it('puts the bootstrap interval of each AUC around the DeLong one, the same for the same seed', async () => {
		const input = { manualScore: health, learnedScore: Float64Array.from(p, (q) => 100 * (1 - q)), oofChurn: p, y, settings: { ...DEFAULT_SETTINGS, resamples: 1000, seed: 7 } };
		const v = await validate(input);
		const r = ref.pROC_delong_telco;
		expect(v.manual.auc).toBeCloseTo(r.hand_auc, 5);
		expect(Math.abs(v.manual.lo - r.hand_auc_ci95_delong[0])).toBeLessThan(0.004);
		expect(Math.abs(v.manual.hi - r.hand_auc_ci95_delong[1])).toBeLessThan(0.004);
		expect(Math.abs(v.learned.lo - r.learned_auc_ci95_delong[0])).toBeLessThan(0.004);
		expect(await validate(input)).toEqual(v);
	});
});

describe('bands, cut-offs and correlations', () => {
	const score = Float64Array.from([10, 39.5, 40, 55, 69.9, 70, 85, 100]);
	const yy = Uint8Array.from([1, 1, 0, 1, 0, 0, 0, 0]);

	it('counts churn in each band by its start', () => {
		expect(churnByBand(score, yy, defaultBands())).toEqual([
			{ label: 'At risk', customers: 2, churned: 2, rate: 1 },
			{ label: 'Needs attention', customers: 3, churned: 1, rate: 1 / 3 },
			{ label: 'Healthy', customers: 3, churned: 0, rate: 0 }
		]);
	});

	it('bands and cuts scores as they are shown, as the band will take them', () => {
		// 39.96 and 69.96 show as 40.0 and 70.0: Needs attention and Healthy, and not below a cut-off of 40 / 70;
		// 39.94 shows as 39.9, below 40.
		const edge = Float64Array.from([39.94, 39.96, 69.94, 69.96]), churn = Uint8Array.from([1, 1, 0, 0]);
		expect(churnByBand(edge, churn, defaultBands()).map((b) => b.customers)).toEqual([1, 2, 1]);
		const t = cutoffTable(edge, churn);
		expect([t[39].flagged, t[40].flagged, t[69].flagged, t[70].flagged]).toEqual([1 / 4, 2 / 4, 3 / 4, 4 / 4]);
	});

	it('lists for every cut-off the share flagged (scores below it), precision and recall', () => {
		const t = cutoffTable(score, yy);
		expect(t).toHaveLength(100);
		expect(t[9]).toEqual({ cutoff: 10, flagged: 0, precision: NaN, recall: 0 });
		expect(t[10]).toEqual({ cutoff: 11, flagged: 1 / 8, precision: 1, recall: 1 / 3 });
		expect(t[39]).toEqual({ cutoff: 40, flagged: 2 / 8, precision: 1, recall: 2 / 3 });
		expect(t[55]).toEqual({ cutoff: 56, flagged: 4 / 8, precision: 3 / 4, recall: 1 });
		expect(t[99]).toEqual({ cutoff: 100, flagged: 7 / 8, precision: 3 / 7, recall: 1 });
		const e = evaluateScore({ score, y: yy, bands: defaultBands(), targetRecall: 0.7 });
		// 70 % of 3 churners needs all 3: the first cut-off with recall 1 is 56 (2 of 3 at 40–55).
		expect(e.suggestion?.cutoff).toBe(56);
		expect(evaluateScore({ score, y: yy, bands: defaultBands(), targetRecall: 0.6 }).suggestion?.cutoff).toBe(40);
	});

	it('correlates by ranks (Spearman) and by values (point-biserial)', () => {
		// Hand-computed: score (0, 1, 2, 3) against churn (1, 1, 0, 0): Pearson −4/√20 = −0.894427191 on values;
		// on ranks (1, 2, 3, 4) against (3.5, 3.5, 1.5, 1.5) the same.
		const e = evaluateScore({ score: Float64Array.from([0, 1, 2, 3]), y: Uint8Array.from([1, 1, 0, 0]), bands: defaultBands(), targetRecall: 0.7 });
		expect(e.pointBiserial).toBeCloseTo(-0.894427191, 8);
		expect(e.spearman).toBeCloseTo(-0.894427191, 8);
	});
});

describe('ROC points', () => {
	it('keep both ends and at most about 500 points', () => {
		const n = 5000;
		const score = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 1000 / 10);
		const yy = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
		const roc = evaluateScore({ score, y: yy, bands: defaultBands(), targetRecall: 0.7 }).roc;
		expect(roc.length).toBeLessThanOrEqual(502);
		expect(roc[0]).toEqual([0, 0]);
		expect(roc.at(-1)).toEqual([1, 1]);
	});
});

describe('another target share', () => {
	// Five customers, three churned (scores 10.5, 20.5, 60): a cut-off c flags the scores below it, so cut-offs 11, 21
	// and 61 flag 1, 2 and 3 of the 3 churners (recall 1/3, 2/3, 1), with 1, 2 and 4 of the 5 customers.
	const e = evaluateScore({ score: Float64Array.of(10.5, 20.5, 30.5, 60, 80), y: Uint8Array.of(1, 1, 0, 1, 0), bands: defaultBands(), targetRecall: 0.7 });

	it('reads the suggested cut-off off the table already made, as evaluating again at that target would', () => {
		expect(e.suggestion).toMatchObject({ cutoff: 61, flagged: 4 / 5, precision: 3 / 4, recall: 1 });
		expect(atTarget(e, 0.7)).toBe(e);
		const half = atTarget(e, 0.5);
		expect(half.suggestion).toMatchObject({ cutoff: 21, flagged: 2 / 5, precision: 1, recall: 2 / 3 });
		expect(half.cutoffs).toBe(e.cutoffs);
		expect(half.auc).toBe(e.auc);
		expect(atTarget(e, 1 / 3).suggestion?.cutoff).toBe(11);
		expect(atTarget(e, 0.34).suggestion?.cutoff).toBe(21);
		for (const target of [0.2, 0.5, 2 / 3, 0.9, 1]) {
			expect(atTarget(e, target)).toEqual(evaluateScore({ score: Float64Array.of(10.5, 20.5, 30.5, 60, 80), y: Uint8Array.of(1, 1, 0, 1, 0), bands: defaultBands(), targetRecall: target }));
		}
	});
});
