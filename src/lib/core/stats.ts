/** Small descriptive statistics over numeric columns, NaN-aware. */
import { selectIn } from './order-statistics';

/** The present (non-NaN) values, sorted ascending. */
export function sortedPresent(values: ArrayLike<number>): Float64Array {
	let n = 0;
	for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
	const out = new Float64Array(n);
	let j = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (!Number.isNaN(v)) out[j++] = v;
	}
	return out.sort();
}

/**
 * Quantile p ∈ [0, 1] of sorted values with linear interpolation between order statistics
 * (Hyndman & Fan type 7: numpy's default, R's default). NaN for no values.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
	if (!(p >= 0 && p <= 1)) throw new Error(`invalid quantile; not in [0, 1]: ${p}`);
	const n = sorted.length;
	if (n === 0) return NaN;
	const h = (n - 1) * p;
	const lo = Math.floor(h);
	const hi = Math.min(lo + 1, n - 1);
	const a = sorted[lo];
	const b = sorted[hi];
	return a === b ? a : a + (h - lo) * (b - a);
}

/** Median of the present values; NaN when there are none. Selection, not a sort: O(n). */
export function median(values: ArrayLike<number>): number {
	let n = 0;
	for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
	if (n === 0) return NaN;
	const a = new Float64Array(n);
	for (let i = 0, j = 0; i < values.length; i++) if (values[i] === values[i]) a[j++] = values[i];
	const k = (n - 1) >> 1;
	selectIn(a, 0, a.length - 1, k);
	if (n % 2 === 1) return a[k];
	// The next order statistic is the smallest value right of k once k is in place.
	let next = Infinity;
	for (let i = k + 1; i < n; i++) if (a[i] < next) next = a[i];
	return a[k] === next ? next : a[k] + (next - a[k]) / 2;
}

/** Summary of a numeric column: count of present values, missing count, min, quartiles, max, mean. */
export interface NumberSummary {
	count: number;
	missing: number;
	min: number;
	p5: number;
	q1: number;
	median: number;
	q3: number;
	p95: number;
	max: number;
	mean: number;
}

export function summarize(values: ArrayLike<number>): NumberSummary {
	const sorted = sortedPresent(values);
	let sum = 0;
	for (let i = 0; i < sorted.length; i++) sum += sorted[i];
	const q = (p: number) => quantileSorted(sorted, p);
	return {
		count: sorted.length,
		missing: values.length - sorted.length,
		min: sorted.length ? sorted[0] : NaN,
		p5: q(0.05),
		q1: q(0.25),
		median: q(0.5),
		q3: q(0.75),
		p95: q(0.95),
		max: sorted.length ? sorted[sorted.length - 1] : NaN,
		mean: sorted.length ? sum / sorted.length : NaN
	};
}

/**
 * Percentile rank of each value within the present values: (average rank − 1) / (n − 1) × 100, so the
 * lowest value scores 0, the highest 100 and ties share the mean of their ranks. A lone value scores 50.
 * NaN stays NaN.
 */
export function percentileRanks(values: ArrayLike<number>): Float64Array {
	const n = values.length;
	const out = new Float64Array(n).fill(NaN);
	// A native numeric sort, each position's tie-shared percentile, then one binary search per value: far
	// faster than sorting indexes with a comparator.
	const sorted = sortedPresent(values);
	const m = sorted.length;
	if (m === 0) return out;
	const atPosition = new Float64Array(m);
	const scale = m === 1 ? 0 : 100 / (m - 1);
	for (let start = 0; start < m; ) {
		let end = start + 1;
		while (end < m && sorted[end] === sorted[start]) end++;
		atPosition[start] = m === 1 ? 50 : ((start + end - 1) / 2) * scale;
		start = end;
	}
	for (let i = 0; i < n; i++) {
		const v = values[i];
		if (v === v) out[i] = atPosition[lowerBound(sorted, v)];
	}
	return out;
}

/** The first index whose value is ≥ v. */
function lowerBound(sorted: Float64Array, v: number): number {
	let lo = 0, hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid] < v) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
