/**
 * Suggested weights: a logistic model of "retained" on the scorecard's own sub-scores, its coefficients
 * constrained to be ≥ 0, read as weights (βᵢ / Σβ as %). Pure arithmetic on the fit; the fit is the worker's.
 */
import type { Scorecard } from '../core/scorecard';

const Z95 = 1.959963984540054;

/** What suggest needs from a fit on sub-scores (label = retained), aligned with the metrics it kept. */
export interface SubScoreFit {
	/** Metric ids the fit used, in order (constant sub-scores are dropped before fitting). */
	metricIds: string[];
	/** Log-odds of staying per sub-score point, ≥ 0. */
	coefRaw: number[];
	/** Standard error of each coefficient per sub-score point (NaN when unknown). */
	stdErrRaw: number[];
	pValue: number[];
}

/** One metric's manual and suggested weight, as % of the total. */
export interface SuggestedWeight {
	metricId: string;
	label: string;
	manual: number;
	suggested: number;
	/** 95 % interval of the coefficient, as % of the sum of the coefficients (the sum held fixed), within 0–100 %. */
	interval: [number, number];
	/** Log-odds of staying per 10 sub-score points, and its p-value (NaN when the metric was not fitted). */
	per10Points: number;
	pValue: number;
}

/** Each weight as a share of the total, in %; all zero when nothing counts. */
export function shares(weights: readonly number[]): number[] {
	const total = weights.reduce((t, w) => t + (Number.isFinite(w) && w > 0 ? w : 0), 0);
	return weights.map((w) => (total > 0 && Number.isFinite(w) && w > 0 ? (w / total) * 100 : 0));
}

/** Suggested weights for every metric of the scorecard (a metric the fit dropped gets 0 %). */
export function suggestWeights(scorecard: Scorecard, fit: SubScoreFit): SuggestedWeight[] {
	const at = new Map(fit.metricIds.map((id, j) => [id, j]));
	const coef = scorecard.metrics.map((m) => (at.has(m.id) ? Math.max(0, fit.coefRaw[at.get(m.id)!]) : 0));
	const total = coef.reduce((a, b) => a + b, 0);
	const manual = shares(scorecard.metrics.map((m) => m.weight));
	return scorecard.metrics.map((m, k) => {
		const j = at.get(m.id);
		const se = j === undefined ? NaN : fit.stdErrRaw[j];
		// A share of the total is 0–100 %: a wide interval stops at the ends, as the coefficient stops at 0.
		const pct = (b: number) => (total > 0 ? (Math.min(total, Math.max(0, b)) / total) * 100 : 0);
		return {
			metricId: m.id,
			label: m.label,
			manual: manual[k],
			suggested: pct(coef[k]),
			interval: [pct(coef[k] - Z95 * se), pct(coef[k] + Z95 * se)],
			per10Points: j === undefined ? NaN : coef[k] * 10,
			pValue: j === undefined ? NaN : fit.pValue[j]
		};
	});
}

/**
 * The ≥ 0 constraint holds this fitted metric's weight at 0: the data gives it no positive weight (left free, it
 * would get none or a negative one). Its Wald p-value, of a coefficient of exactly 0, is 1 whatever the data says,
 * so the page does not show it. Read from the shown figures, so a stored run's weights answer too.
 */
export function heldAtZero(w: Pick<SuggestedWeight, 'per10Points'>): boolean {
	return w.per10Points === 0;
}

/** The weights at blend t: t = 0 the manual shares, t = 1 the learned ones, in between a straight line (in %). */
export function blend(manual: readonly number[], learned: readonly number[], t: number): number[] {
	if (!(t >= 0 && t <= 1)) throw new Error(`invalid blend; not in [0, 1]: ${t}`);
	if (manual.length !== learned.length) throw new Error(`invalid blend; ${manual.length} manual and ${learned.length} learned weights`);
	const m = shares(manual), l = shares(learned);
	return m.map((w, k) => (1 - t) * w + t * l[k]);
}

/**
 * The health score with these weights, as the scorecard computes it: the weighted mean of the sub-scores
 * present (NaN = skipped by the metric's policy), NaN when none is.
 */
export function weightedScore(subScores: readonly Float64Array[], weights: readonly number[], rows?: ArrayLike<number>): Float64Array {
	const n = rows ? rows.length : subScores[0]?.length ?? 0;
	const out = new Float64Array(n);
	for (let i = 0; i < n; i++) out[i] = scoreOf(subScores, weights, rows ? rows[i] : i);
	return out;
}

/** Row r's weighted score (weightedScore). */
function scoreOf(subScores: readonly Float64Array[], weights: readonly number[], r: number): number {
	let s = 0, total = 0;
	for (let k = 0; k < subScores.length; k++) {
		const v = subScores[k][r], w = weights[k];
		if (v === v && w > 0) {
			s += w * v;
			total += w;
		}
	}
	return total > 0 ? s / total : NaN;
}

/**
 * Out-of-fold scores at blend t: each customer scored with the manual weights blended with the weights
 * learned without its fold (`foldWeights[f]`, one list per fold, in scorecard order). Row by row, without an
 * array per customer: the blend slider recomputes this on every move.
 */
export function outOfFoldScore(subScores: readonly Float64Array[], fold: Int32Array, manual: readonly number[], foldWeights: readonly number[][], t: number): Float64Array {
	const weights = foldWeights.map((w) => blend(manual, w, t));
	const out = new Float64Array(fold.length);
	for (let i = 0; i < fold.length; i++) out[i] = scoreOf(subScores, weights[fold[i]], i);
	return out;
}

/**
 * The scorecard with these weights (% of the total) in tenths, everything else as it was. Each rounded on its own,
 * 5.46 + 94.46 + 0.08 gave 5.5 + 94.5 + 0.1 = 100.1: the Scorecard page then said "Total weight 100.1" of weights
 * said to be shares of 100. Largest remainder keeps the tenths' sum at the percents' (100 from a run), each weight
 * within 0.1 of its percent.
 */
export function withWeights(scorecard: Scorecard, percent: readonly number[]): Scorecard {
	if (percent.length !== scorecard.metrics.length) throw new Error(`invalid weights; ${percent.length} for ${scorecard.metrics.length} metrics`);
	const tenths = tenthsSummingTo(percent);
	return { ...scorecard, metrics: scorecard.metrics.map((m, k) => ({ ...m, weight: tenths[k] / 10 })) };
}

/** The values in whole tenths, floored, then a tenth more to the largest remainders until they add to the values' sum. */
export function tenthsSummingTo(values: readonly number[]): number[] {
	const scaled = values.map((v) => v * 10);
	const out = scaled.map((v) => Math.floor(v + 1e-9));
	const total = Math.round(scaled.reduce((a, b) => a + b, 0));
	const byRemainder = scaled.map((v, k) => k).sort((a, b) => scaled[b] - out[b] - (scaled[a] - out[a]) || a - b);
	for (let left = total - out.reduce((a, b) => a + b, 0), j = 0; left > 0 && j < byRemainder.length; left--, j++) out[byRemainder[j]]++;
	return out;
}

/** The scorecard with its second band (the one after "At risk") starting at `cutoff`; throws when that breaks the order. */
export function withAtRiskCutoff(scorecard: Scorecard, cutoff: number): Scorecard {
	const bands = scorecard.bands;
	if (bands.length < 2) throw new Error('The scorecard has a single band: there is no “At risk” cut-off to set.');
	const next = bands.length > 2 ? bands[2].min : 100;
	if (!(cutoff > 0 && cutoff < next)) throw new Error(`A cut-off of ${cutoff} does not fit between 0 and the next band’s start (${next}).`);
	return { ...scorecard, bands: bands.map((b, k) => (k === 1 ? { ...b, min: cutoff } : { ...b })) };
}
