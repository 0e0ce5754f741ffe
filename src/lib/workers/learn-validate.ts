/**
 * How well a health score predicts churn, out of fold: the run's headline validation (bootstrap intervals,
 * DeLong's test, calibration) and the live evaluation the blend slider recomputes (AUC, bands, deciles,
 * correlations, cut-offs). Pure: no tfjs. Health scores point the other way from churn, so they enter the
 * AUC negated.
 */
import type { Band } from '../core/scorecard';
import { auc, delong, rocCurve, tieGroups } from '../ml/auc';
import type { AucEstimate, CalibrationBin, LearnSettings, Validation } from './learn-protocol';

const negate = (score: ArrayLike<number>) => Float64Array.from(score as ArrayLike<number>, (s) => -s);

/** Seeded uniform [0, 1) (mulberry32): the same resamples for the same seed. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Stratified bootstrap 95 % interval of the AUC (churned and retained resampled apart, as pROC does): the
 * rows are ordered once, and each resample's AUC is one pass over the tie groups with the draw counts.
 */
export function bootstrapAuc(score: ArrayLike<number>, y: ArrayLike<number>, resamples: number, seed: number): AucEstimate {
	const point = auc(score, y);
	const { order, starts } = tieGroups(score);
	const pos: number[] = [], neg: number[] = [];
	for (let i = 0; i < y.length; i++) (y[i] ? pos : neg).push(i);
	const draws = new Float64Array(y.length);
	const rand = random(seed);
	const aucs = new Float64Array(resamples);
	for (let b = 0; b < resamples; b++) {
		draws.fill(0);
		for (let k = 0; k < pos.length; k++) draws[pos[Math.floor(rand() * pos.length)]]++;
		for (let k = 0; k < neg.length; k++) draws[neg[Math.floor(rand() * neg.length)]]++;
		let below = 0, sum = 0;
		for (let g = 0; g + 1 < starts.length; g++) {
			let p = 0, q = 0;
			for (let r = starts[g]; r < starts[g + 1]; r++) {
				const i = order[r];
				if (y[i]) p += draws[i];
				else q += draws[i];
			}
			sum += p * (below + q / 2);
			below += q;
		}
		aucs[b] = sum / (pos.length * neg.length);
	}
	aucs.sort();
	const at = (p: number) => {
		const h = (resamples - 1) * p, lo = Math.floor(h);
		return aucs[lo] + (h - lo) * ((aucs[Math.min(lo + 1, resamples - 1)] ?? aucs[lo]) - aucs[lo]);
	};
	return { auc: point, lo: at(0.025), hi: at(0.975) };
}

/** Ten equal-width bins of predicted probability: mean predicted, observed rate and count (empty bins kept, count 0). */
export function calibrationBins(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): CalibrationBin[] {
	const sums = new Float64Array(bins), hits = new Float64Array(bins), counts = new Float64Array(bins);
	for (let i = 0; i < p.length; i++) {
		const b = Math.min(bins - 1, Math.floor(p[i] * bins));
		sums[b] += p[i];
		hits[b] += y[i];
		counts[b]++;
	}
	return Array.from(counts, (c, b) => ({ predicted: c ? sums[b] / c : NaN, observed: c ? hits[b] / c : NaN, count: c }));
}

export function brier(p: ArrayLike<number>, y: ArrayLike<number>): number {
	let s = 0;
	for (let i = 0; i < p.length; i++) s += (p[i] - y[i]) ** 2;
	return s / p.length;
}

export function logLoss(p: ArrayLike<number>, y: ArrayLike<number>): number {
	const eps = 1e-15;
	let s = 0;
	for (let i = 0; i < p.length; i++) {
		const q = Math.min(1 - eps, Math.max(eps, p[i]));
		s -= y[i] ? Math.log(q) : Math.log(1 - q);
	}
	return s / p.length;
}

/** The run's headline: both scores' out-of-fold AUCs with bootstrap intervals, DeLong's test, and calibration. */
export function validate(input: { manualScore: Float64Array; learnedScore: Float64Array; oofChurn: Float64Array; y: Uint8Array; settings: LearnSettings }): Validation {
	const { y, settings } = input;
	const rows = presentRows(input.manualScore, input.learnedScore);
	const yy = pick(y, rows);
	const manual = negate(pick(input.manualScore, rows)), learned = negate(pick(input.learnedScore, rows));
	const test = delong(learned, manual, yy);
	return {
		manual: bootstrapAuc(manual, yy, settings.resamples, settings.seed),
		learned: bootstrapAuc(learned, yy, settings.resamples, settings.seed + 1),
		delongP: test.pValue,
		calibration: calibrationBins(input.oofChurn, y),
		brier: brier(input.oofChurn, y),
		logLoss: logLoss(input.oofChurn, y)
	};
}

function presentRows(...scores: Float64Array[]): Int32Array {
	const rows: number[] = [];
	for (let i = 0; i < scores[0].length; i++) if (scores.every((s) => s[i] === s[i])) rows.push(i);
	return Int32Array.from(rows);
}

function pick<T extends Float64Array | Uint8Array>(values: T, rows: Int32Array): T {
	if (rows.length === values.length) return values;
	const out = new (values.constructor as { new (n: number): T })(rows.length);
	for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]];
	return out;
}

/** Customers and churners of one band. */
export interface BandChurn {
	label: string;
	customers: number;
	churned: number;
	rate: number;
}

/** Churn in one tenth of the customers by score (decile 1 = the lowest scores), and its rate over the overall rate. */
export interface DecileChurn {
	decile: number;
	customers: number;
	churned: number;
	rate: number;
	lift: number;
}

/** Flagging every score below `cutoff`: the share of customers flagged, churners among them, churners caught. */
export interface Cutoff {
	cutoff: number;
	flagged: number;
	precision: number;
	recall: number;
}

/** What the page shows for one score (manual, or the blend). */
export interface ScoreEvaluation {
	/** AUC with its DeLong 95 % interval. */
	auc: AucEstimate;
	/** DeLong's paired test against the reference score (NaN without one). */
	delongP: number;
	roc: [number, number][];
	bands: BandChurn[];
	deciles: DecileChurn[];
	spearman: number;
	pointBiserial: number;
	cutoffs: Cutoff[];
	/** The smallest cut-off that flags at least the target share of churners; null when none below 100 does. */
	suggestion: Cutoff | null;
	/** Customers without a score under these weights (left out of everything above). */
	unscored: number;
}

/** Churn by band: each customer's band by the scorecard's band starts. */
export function churnByBand(score: ArrayLike<number>, y: ArrayLike<number>, bands: readonly Band[]): BandChurn[] {
	const customers = new Array<number>(bands.length).fill(0), churned = new Array<number>(bands.length).fill(0);
	for (let i = 0; i < score.length; i++) {
		let b = 0;
		for (let k = 1; k < bands.length; k++) if (score[i] >= bands[k].min) b = k;
		customers[b]++;
		churned[b] += y[i];
	}
	return bands.map((band, k) => ({ label: band.label, customers: customers[k], churned: churned[k], rate: customers[k] ? churned[k] / customers[k] : NaN }));
}

/**
 * Deciles by ascending score, ties broken by row order, cut as pandas' qcut cuts ranks 1…n: rank r is in
 * decile d + 1 when 1 + (n − 1)·d/10 < r ≤ 1 + (n − 1)·(d + 1)/10 (the first decile also takes rank 1).
 */
export function decileChurn(score: ArrayLike<number>, y: ArrayLike<number>): DecileChurn[] {
	const n = score.length;
	const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b] || a - b);
	let total = 0;
	for (let i = 0; i < n; i++) total += y[i];
	const overall = total / n;
	const customers = new Array<number>(10).fill(0), churned = new Array<number>(10).fill(0);
	let d = 0;
	for (let k = 0; k < n; k++) {
		while (d < 9 && k + 1 > 1 + ((n - 1) * (d + 1)) / 10) d++;
		customers[d]++;
		churned[d] += y[order[k]];
	}
	return customers.map((c, i) => {
		const rate = c ? churned[i] / c : NaN;
		return { decile: i + 1, customers: c, churned: churned[i], rate, lift: rate / overall };
	});
}

/** Pearson correlation of two columns. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
	const n = a.length;
	let ma = 0, mb = 0;
	for (let i = 0; i < n; i++) [ma, mb] = [ma + a[i], mb + b[i]];
	[ma, mb] = [ma / n, mb / n];
	let sab = 0, saa = 0, sbb = 0;
	for (let i = 0; i < n; i++) {
		const da = a[i] - ma, db = b[i] - mb;
		sab += da * db;
		saa += da * da;
		sbb += db * db;
	}
	return sab / Math.sqrt(saa * sbb);
}

/** Ranks 1…n with ties sharing their mean rank. */
export function ranks(values: ArrayLike<number>): Float64Array {
	const { order, starts } = tieGroups(values);
	const out = new Float64Array(values.length);
	for (let g = 0; g + 1 < starts.length; g++) {
		const mean = (starts[g] + starts[g + 1] + 1) / 2;
		for (let k = starts[g]; k < starts[g + 1]; k++) out[order[k]] = mean;
	}
	return out;
}

/** For each whole cut-off 1…100: flag scores below it. */
export function cutoffTable(score: ArrayLike<number>, y: ArrayLike<number>): Cutoff[] {
	const n = score.length;
	let churners = 0;
	for (let i = 0; i < n; i++) churners += y[i];
	// Bucket c holds the scores in [c − 1, c): exactly those a cut-off of c flags that c − 1 does not.
	const count = new Float64Array(102), hit = new Float64Array(102);
	for (let i = 0; i < n; i++) {
		const b = Math.min(101, Math.max(1, Math.floor(score[i]) + 1));
		count[b]++;
		hit[b] += y[i];
	}
	const out: Cutoff[] = [];
	let flagged = 0, caught = 0;
	for (let c = 1; c <= 100; c++) {
		flagged += count[c];
		caught += hit[c];
		out.push({ cutoff: c, flagged: flagged / n, precision: flagged ? caught / flagged : NaN, recall: churners ? caught / churners : NaN });
	}
	return out;
}

/** Evaluates a health score against churn; `reference` (the manual score) adds DeLong's paired test. */
export function evaluateScore(input: { score: Float64Array; y: Uint8Array; bands: readonly Band[]; targetRecall: number; reference?: Float64Array }): ScoreEvaluation {
	const rows = input.reference ? presentRows(input.score, input.reference) : presentRows(input.score);
	const score = pick(input.score, rows), y = pick(input.y, rows);
	const risk = negate(score);
	const d = input.reference ? delong(risk, negate(pick(input.reference, rows)), y) : delong(risk, risk, y);
	const roc = rocCurve(risk, y);
	const yNum = Float64Array.from(y);
	const cutoffs = cutoffTable(score, y);
	const suggestion = cutoffs.find((c) => c.cutoff < 100 && c.recall >= input.targetRecall) ?? null;
	return {
		auc: { auc: d.aucA, lo: d.ciA[0], hi: d.ciA[1] },
		delongP: input.reference ? d.pValue : NaN,
		roc: Array.from(roc.fpr, (x, k) => [x, roc.tpr[k]] as [number, number]),
		bands: churnByBand(score, y, input.bands),
		deciles: decileChurn(score, y),
		spearman: pearson(ranks(score), ranks(yNum)),
		pointBiserial: pearson(score, yNum),
		cutoffs,
		suggestion,
		unscored: input.score.length - rows.length
	};
}
