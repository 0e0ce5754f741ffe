/** The health score: weighted mean of the sub-scores that count, with each metric's contribution in points. */
import { assertScorecard } from './check';
import { subScoreColumn } from './normalize';
import type { Band, MissingPolicy, Scorecard } from './scorecard';
import { median } from './stats';
import type { Table } from './table';

/** Scores of every row of a table under one scorecard. NaN marks "no score" / "does not count". */
export interface ScoreResult {
	rowCount: number;
	/** Metric ids and weights, in scorecard order. */
	metricIds: string[];
	weights: Float64Array;
	/** Per metric, the sub-score that counts after the missing-value policy; NaN where the metric is skipped. */
	subScores: Float64Array[];
	/** Per metric, how many rows had no usable value (before the missing-value policy). */
	missingCounts: Int32Array;
	/** The sum of the weights that count, per row. */
	weightTotals: Float64Array;
	/** 0–100, NaN for a customer with nothing to score. */
	score: Float64Array;
	/** Index into the scorecard's bands, −1 where there is no score. */
	band: Int8Array;
}

/** Applies a missing-value policy in place; returns how many values were missing. */
function fillMissing(sub: Float64Array, policy: MissingPolicy): number {
	let missing = 0;
	for (let i = 0; i < sub.length; i++) if (sub[i] !== sub[i]) missing++;
	if (missing === 0 || policy.kind === 'skip') return missing;
	const fill = policy.kind === 'zero' ? 0 : policy.kind === 'fixed' ? policy.value : median(sub);
	if (Number.isNaN(fill)) return missing; // median of nothing: nobody has a value, so the metric is skipped
	for (let i = 0; i < sub.length; i++) if (sub[i] !== sub[i]) sub[i] = fill;
	return missing;
}

/** The band a score falls in: the last band whose start is ≤ score; −1 for no score. */
export function bandIndex(bands: readonly Band[], score: number): number {
	if (Number.isNaN(score)) return -1;
	let found = 0;
	for (let b = 1; b < bands.length; b++) if (score >= bands[b].min) found = b;
	return found;
}

/**
 * Scores every row of the table (the table is the population for percentile ranks and medians).
 * Throws a ScorecardError naming every problem when the scorecard is not valid for this table.
 */
export function scoreTable(table: Table, scorecard: Scorecard): ScoreResult {
	assertScorecard(scorecard, table);
	const n = table.rowCount;
	const metrics = scorecard.metrics;
	const weights = Float64Array.from(metrics, (m) => m.weight);
	const missingCounts = new Int32Array(metrics.length);
	const subScores = metrics.map((m, k) => {
		const sub = subScoreColumn(table.columns[m.column], m.normalization);
		missingCounts[k] = fillMissing(sub, m.missing);
		return sub;
	});
	const weighted = new Float64Array(n);
	const weightTotals = new Float64Array(n);
	for (let k = 0; k < metrics.length; k++) {
		const w = weights[k];
		if (w === 0) continue;
		const sub = subScores[k];
		for (let i = 0; i < n; i++) {
			const s = sub[i];
			if (s === s) {
				weighted[i] += w * s;
				weightTotals[i] += w;
			}
		}
	}
	const score = new Float64Array(n);
	const band = new Int8Array(n);
	const bands = scorecard.bands;
	for (let i = 0; i < n; i++) {
		const total = weightTotals[i];
		const s = total > 0 ? weighted[i] / total : NaN;
		score[i] = s;
		band[i] = bandIndex(bands, s);
	}
	return { rowCount: n, metricIds: metrics.map((m) => m.id), weights, subScores, missingCounts, weightTotals, score, band };
}

/** The points metric k adds to row i's score (0 where it does not count); the contributions of a row add up to its score. */
export function contribution(result: ScoreResult, k: number, i: number): number {
	const s = result.subScores[k][i];
	const total = result.weightTotals[i];
	return s === s && total > 0 ? (result.weights[k] * s) / total : 0;
}

/** All contributions of one row, in metric order. */
export function contributionsOf(result: ScoreResult, i: number): number[] {
	return result.metricIds.map((_, k) => contribution(result, k, i));
}

/** Each metric's weight as a percentage of the total weight (what the editor shows beside the number). */
export function weightShares(scorecard: Scorecard): number[] {
	const total = scorecard.metrics.reduce((t, m) => t + (m.weight > 0 ? m.weight : 0), 0);
	return scorecard.metrics.map((m) => (total > 0 && m.weight > 0 ? (m.weight / total) * 100 : 0));
}
