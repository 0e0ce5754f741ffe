/** Normalizations: a column's raw values → 0–100 sub-scores. NaN marks "no sub-score" (missing or uncovered). */
import type { Column } from './table';
import type { CategoryNormalization, Normalization, TargetNormalization, ThresholdRange } from './scorecard';
import { percentileRanks } from './stats';

// `<= 0` also turns −0 into 0, so a sub-score never prints as "-0".
const clamp100 = (x: number) => (x <= 0 ? 0 : x > 100 ? 100 : x);

/** Linear from worst (0) to best (100), clamped; works in either order. */
export function linearSubScore(v: number, worst: number, best: number): number {
	return clamp100((v - worst) * (100 / (best - worst)));
}

/** Full points inside [lo, hi], falling linearly to 0 at zeroBelow / zeroAbove. */
export function targetSubScore(v: number, t: TargetNormalization): number {
	if (v < t.lo) return v <= t.zeroBelow ? 0 : (v - t.zeroBelow) * (100 / (t.lo - t.zeroBelow));
	if (v > t.hi) return v >= t.zeroAbove ? 0 : (t.zeroAbove - v) * (100 / (t.zeroAbove - t.hi));
	return 100;
}

/** Points of the range holding v (from ≤ v < to), NaN when no range holds it. */
export function thresholdSubScore(v: number, ranges: readonly ThresholdRange[]): number {
	for (const r of ranges) {
		if ((r.from === null || v >= r.from) && (r.to === null || v < r.to)) return r.points;
	}
	return NaN;
}

/** A level's points; own properties only, so a level named "constructor" or "__proto__" is just a name. */
export function pointsOf(n: CategoryNormalization, level: string): number {
	return Object.hasOwn(n.points, level) ? n.points[level] : (n.otherPoints ?? NaN);
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
			return pointsOf(n, String(v));
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
	const length = column.kind === 'category' ? column.codes.length : column.values.length;
	if (n.kind === 'percentile') return percentileSubScores(column, n.higherIsBetter);
	return subScoreRange(column, n, 0, length, new Float64Array(length));
}

/** Percentile ranks of a number column, reversed when lower is better. Non-finite values stay missing. */
export function percentileSubScores(column: Column, higherIsBetter: boolean): Float64Array {
	if (column.kind !== 'number') throw new Error(`a ${column.kind} column cannot be ranked`);
	const finite = column.values.map((v) => (v - v === 0 ? v : NaN));
	const ranks = percentileRanks(finite);
	if (!higherIsBetter) for (let i = 0; i < ranks.length; i++) ranks[i] = 100 - ranks[i];
	return ranks;
}

/**
 * Writes the sub-scores of rows [start, end) into out[0 … end − start). The hot path of scoring: one tight loop
 * per kind. Adding `v − v` (0 for a number, NaN for NaN and ±Infinity) marks non-finite values missing
 * without a branch; a ternary clamp measured 1.5× faster here than Math.min / Math.max. Percentile needs the
 * whole population: use percentileSubScores.
 */
export function subScoreRange(column: Column, n: Normalization, start: number, end: number, out: Float64Array): Float64Array {
	if (column.kind === 'text') throw new Error('a text column cannot be scored');
	if (column.kind === 'category') {
		if (n.kind !== 'category') throw new Error(`a category column needs category points, not ${n.kind}`);
		const points = Float64Array.from(column.levels, (level) => pointsOf(n, level));
		const codes = column.codes;
		for (let i = start; i < end; i++) {
			const code = codes[i];
			out[i - start] = code < 0 ? NaN : points[code];
		}
		return out;
	}
	const values = column.values;
	switch (n.kind) {
		case 'linear': {
			const { worst } = n;
			const scale = 100 / (n.best - worst);
			for (let i = start; i < end; i++) {
				const v = values[i];
				const x = (v - worst) * scale;
				out[i - start] = (x < 0 ? 0 : x > 100 ? 100 : x) + (v - v);
			}
			return out;
		}
		case 'asIs':
			for (let i = start; i < end; i++) {
				const v = values[i];
				out[i - start] = (v < 0 ? 0 : v > 100 ? 100 : v) + (v - v);
			}
			return out;
		case 'target': {
			const { zeroBelow, lo, hi, zeroAbove } = n;
			const up = 100 / (lo - zeroBelow);
			const down = 100 / (zeroAbove - hi);
			for (let i = start; i < end; i++) {
				const v = values[i];
				// Same arithmetic as targetSubScore, with the bounds in locals.
				const s = v < lo ? (v <= zeroBelow ? 0 : (v - zeroBelow) * up) : v > hi ? (v >= zeroAbove ? 0 : (zeroAbove - v) * down) : 100;
				out[i - start] = s + (v - v);
			}
			return out;
		}
		case 'thresholds': {
			// Open bounds as ±Infinity, so the loop compares numbers only.
			const ranges = n.ranges;
			const from = Float64Array.from(ranges, (r) => r.from ?? -Infinity);
			const to = Float64Array.from(ranges, (r) => r.to ?? Infinity);
			const points = Float64Array.from(ranges, (r) => r.points);
			const count = ranges.length;
			for (let i = start; i < end; i++) {
				const v = values[i];
				let s = NaN;
				for (let r = 0; r < count; r++) {
					if (v >= from[r] && v < to[r]) {
						s = points[r];
						break;
					}
				}
				out[i - start] = s + (v - v);
			}
			return out;
		}
		case 'percentile':
			throw new Error('percentile needs the whole population; use percentileSubScores');
		default:
			for (let i = start; i < end; i++) out[i - start] = subScoreOfValue(n, values[i]);
			return out;
	}
}
