/** Normalizations: a column's raw values → 0–100 sub-scores. NaN marks "no sub-score" (missing or uncovered). */
import type { Column } from './table';
import type { Normalization, TargetNormalization, ThresholdRange } from './scorecard';
import { percentileRanks } from './stats';

// `<= 0` also turns −0 into 0, so a sub-score never prints as "-0".
const clamp100 = (x: number) => (x <= 0 ? 0 : x > 100 ? 100 : x);

/** Linear from worst (0) to best (100), clamped; works in either order. */
export function linearSubScore(v: number, worst: number, best: number): number {
	return clamp100((v - worst) * (100 / (best - worst)));
}

/** Full points inside [lo, hi], falling linearly to 0 at zeroBelow / zeroAbove. */
export function targetSubScore(v: number, t: TargetNormalization): number {
	if (v < t.lo) return v <= t.zeroBelow ? 0 : (100 * (v - t.zeroBelow)) / (t.lo - t.zeroBelow);
	if (v > t.hi) return v >= t.zeroAbove ? 0 : (100 * (t.zeroAbove - v)) / (t.zeroAbove - t.hi);
	return 100;
}

/** Points of the range holding v (from ≤ v < to), NaN when no range holds it. */
export function thresholdSubScore(v: number, ranges: readonly ThresholdRange[]): number {
	for (const r of ranges) {
		if ((r.from === null || v >= r.from) && (r.to === null || v < r.to)) return r.points;
	}
	return NaN;
}

/**
 * The sub-score of one numeric value for the value-wise normalizations (not percentile, which needs the
 * population). Non-finite values (NaN, ±Infinity) are not measurements and give NaN.
 */
export function subScoreOfValue(n: Normalization, v: number): number {
	if (!Number.isFinite(v)) return NaN;
	switch (n.kind) {
		case 'linear':
			return linearSubScore(v, n.worst, n.best);
		case 'target':
			return targetSubScore(v, n);
		case 'thresholds':
			return thresholdSubScore(v, n.ranges);
		case 'asIs':
			return clamp100(v);
		case 'category': {
			const p = n.points[String(v)];
			return p !== undefined ? p : (n.otherPoints ?? NaN);
		}
		case 'percentile':
			throw new Error('percentile needs the whole population; use subScoreColumn');
	}
}

/**
 * Sub-scores of a whole column (the scored population). A category normalization on a category column looks
 * levels up; on a number column it looks up the number as written (e.g. "0" / "1"). Throws when the column
 * kind cannot take the normalization (checkScorecard reports that first, with the metric's name).
 */
export function subScoreColumn(column: Column, n: Normalization): Float64Array {
	if (column.kind === 'text') throw new Error('a text column cannot be scored');
	if (column.kind === 'category') {
		if (n.kind !== 'category') throw new Error(`a category column needs category points, not ${n.kind}`);
		const points = Float64Array.from(column.levels, (level) => n.points[level] ?? n.otherPoints ?? NaN);
		const out = new Float64Array(column.codes.length);
		const codes = column.codes;
		for (let i = 0; i < out.length; i++) {
			const code = codes[i];
			out[i] = code < 0 ? NaN : points[code];
		}
		return out;
	}
	const values = column.values;
	if (n.kind === 'percentile') {
		const finite = values.map((v) => (v - v === 0 ? v : NaN));
		const ranks = percentileRanks(finite);
		if (!n.higherIsBetter) for (let i = 0; i < ranks.length; i++) ranks[i] = 100 - ranks[i];
		return ranks;
	}
	// The hot path of scoring: one tight loop per kind, no per-value dispatch. `v - v !== 0` is NaN or ±Infinity.
	const out = new Float64Array(values.length);
	const len = values.length;
	if (n.kind === 'linear') {
		const { worst } = n;
		const scale = 100 / (n.best - worst);
		for (let i = 0; i < len; i++) {
			const v = values[i];
			const s = (v - worst) * scale;
			out[i] = v - v !== 0 ? NaN : s <= 0 ? 0 : s > 100 ? 100 : s;
		}
	} else if (n.kind === 'asIs') {
		for (let i = 0; i < len; i++) {
			const v = values[i];
			out[i] = v - v !== 0 ? NaN : v <= 0 ? 0 : v > 100 ? 100 : v;
		}
	} else if (n.kind === 'target') {
		for (let i = 0; i < len; i++) {
			const v = values[i];
			out[i] = v - v !== 0 ? NaN : targetSubScore(v, n);
		}
	} else {
		for (let i = 0; i < len; i++) out[i] = subScoreOfValue(n, values[i]);
	}
	return out;
}
