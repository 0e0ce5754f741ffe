/** Default normalizations proposed from a column's own distribution. */
import { notActionableWord } from './actionable';
import type { Metric, Normalization, NormalizationKind } from './scorecard';
import { OrderStatistics } from './order-statistics';
import { LIMITS } from './scorecard-limits';
import type { Column } from './table';

const YES = /^(yes|y|true|t|1)$/i;
const NO = /^(no|n|false|f|0)$/i;

/** Rounds to about three significant figures so proposed bounds read as numbers people would type. */
export function nice(x: number): number {
	return Number.isFinite(x) ? Number(x.toPrecision(3)) : x;
}

/**
 * Rounds to `figures` significant figures of `spread` rather than of x itself: years 2019…2024 keep their
 * years (three figures of 2019 would make both ends 2020), and 0.0123…0.0456 still reads 0.0123.
 */
export function roundWithin(x: number, spread: number, figures = 3): number {
	if (!Number.isFinite(x) || !(spread > 0) || !Number.isFinite(spread)) return x;
	const exponent = Math.floor(Math.log10(spread)) - figures + 1;
	if (exponent >= 0) return Math.round(x / 10 ** exponent) * 10 ** exponent;
	// toFixed rounds on the decimal digits, so 0.1 steps do not come out as 2019.1000000000001; it takes at most 100.
	return Number(x.toFixed(Math.min(100, -exponent)));
}

/**
 * The bounds rounded within their spread, with more figures until no two different bounds round to the same
 * number (the unrounded bounds when even 17 figures do not keep them apart).
 */
function roundBounds(bounds: number[], spread: number): number[] {
	const distinct = new Set(bounds).size;
	for (let figures = 3; figures <= 17; figures++) {
		const rounded = bounds.map((x) => roundWithin(x, spread, figures));
		if (new Set(rounded).size === distinct) return rounded;
	}
	return bounds;
}

/** x within ±LIMITS.number, the largest bound a scorecard may hold. */
const withinLimit = (x: number) => Math.min(LIMITS.number, Math.max(-LIMITS.number, x));

/** Above this many values, proposals read an evenly strided sample: a default need not sort a million values. */
export const PROPOSAL_SAMPLE = 100_000;

/**
 * The finite values, in order: all of them up to PROPOSAL_SAMPLE, else every k-th (deterministic). The 5th and
 * 95th percentiles of a 100,000-value sample are within about 0.15 percentile points of the column's, well
 * under what rounding to three figures of their spread hides. Order statistics are selected, not sorted for
 * (same values).
 */
function finiteOrder(values: Float64Array): OrderStatistics {
	const step = Math.ceil(values.length / PROPOSAL_SAMPLE);
	let n = 0;
	for (let i = 0; i < values.length; i += step) if (Number.isFinite(values[i])) n++;
	const sample = new Float64Array(n);
	for (let i = 0, k = 0; i < values.length; i += step) if (Number.isFinite(values[i])) sample[k++] = values[i];
	return new OrderStatistics(sample);
}

const isYesNo = (levels: readonly string[]) => levels.length === 2 && levels.every((l) => YES.test(l) || NO.test(l));

/** Points for category levels: yes-like 100 / no-like 0, otherwise spread evenly in level order. */
export function proposeCategoryPoints(levels: readonly string[]): Record<string, number> {
	// Object.fromEntries defines own properties, so a level named "__proto__" stays a plain key.
	if (isYesNo(levels)) {
		return Object.fromEntries(levels.map((l) => [l, YES.test(l) ? 100 : 0]));
	}
	return Object.fromEntries(levels.map((l, i) => [l, levels.length === 1 ? 100 : nice((i / (levels.length - 1)) * 100)]));
}

/**
 * A normalization of the given kind with bounds drawn from the column: linear from the 5th to the 95th
 * percentile (reversed when lower is better); thresholds at the quartiles; target range full points
 * between the quartiles, zero at the 5th / 95th percentiles. Falls back to min / max when those coincide.
 * Bounds are rounded to three figures of their spread and kept within LIMITS.number, so the proposal always
 * passes checkScorecard.
 */
export function proposeNormalization(column: Column, kind: NormalizationKind, higherIsBetter = true): Normalization {
	if (kind === 'category' || column.kind !== 'number') {
		const levels = column.kind === 'category' ? column.levels : column.kind === 'number' ? distinctNumbers(column.values) : [];
		const points = proposeCategoryPoints(levels);
		// Only yes/no has a direction to reverse: No scores 100 and Yes 0 when lower is better.
		if (!higherIsBetter && isYesNo(levels)) for (const l of levels) points[l] = 100 - points[l];
		return { kind: 'category', points, otherPoints: null };
	}
	if (kind === 'asIs') return { kind };
	if (kind === 'percentile') return { kind, higherIsBetter };
	const [low, q1, med, q3, high] = proposedBounds(finiteOrder(column.values));
	if (kind === 'linear') return higherIsBetter ? { kind, worst: low, best: high } : { kind, worst: high, best: low };
	if (kind === 'target') {
		const lo = Math.max(low, Math.min(q1, high));
		const hi = Math.max(lo, Math.min(q3, high));
		return { kind, zeroBelow: Math.min(low, lo), lo, hi, zeroAbove: Math.max(high, hi) };
	}
	const cuts = [...new Set([q1, med, q3].filter((c) => c > low && c < high))].sort((a, b) => a - b);
	const edges = [null, ...cuts, null];
	const ranges = edges.slice(0, -1).map((from, i) => {
		const share = cuts.length ? i / cuts.length : 1;
		return { from, to: edges[i + 1], points: Math.round((higherIsBetter ? share : 1 - share) * 100) };
	});
	return { kind: 'thresholds', ranges };
}

/**
 * The 5th, 25th, 50th, 75th and 95th percentiles (min / max for the ends when the 5th and 95th coincide),
 * within ±LIMITS.number and rounded together; a constant column gets its value and one more.
 */
function proposedBounds(order: OrderStatistics): number[] {
	if (order.length === 0) return [0, 0, 0, 0, 1];
	const [p5, q1, med, q3, p95] = [0.05, 0.25, 0.5, 0.75, 0.95].map((p) => withinLimit(order.quantile(p)));
	let [low, high] = [p5, p95];
	if (!(low < high)) [low, high] = [withinLimit(order.at(0)), withinLimit(order.at(order.length - 1))];
	if (low < high) return roundBounds([low, q1, med, q3, high], high - low);
	// Below the limit, low + 1 is exact (|low| ≤ 1e15 < 2⁵³); at it, step down instead.
	return low + 1 <= LIMITS.number ? [low, low, low, low, low + 1] : [low - 1, low, low, low, low];
}

function distinctNumbers(values: Float64Array): string[] {
	const seen = new Set<number>();
	for (const v of values) if (Number.isFinite(v)) seen.add(v);
	return [...seen].sort((a, b) => a - b).map(String);
}

/**
 * A new metric for a column, with a proposed normalization (in the given direction) and the default missing-value
 * policy; marked as not actionable only when its name clearly says so (actionable.ts), else left without the flag.
 */
export function proposeMetric(id: string, columnName: string, column: Column, label = columnName, higherIsBetter = true): Metric {
	const kind: NormalizationKind = column.kind === 'number' ? 'linear' : 'category';
	const metric: Metric = { id, column: columnName, label, weight: 10, normalization: proposeNormalization(column, kind, higherIsBetter), missing: { kind: 'skip' } };
	if (notActionableWord(columnName) !== null) metric.actionable = false;
	return metric;
}
