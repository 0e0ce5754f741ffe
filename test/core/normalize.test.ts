import { describe, expect, it } from 'vitest';
import { subScoreColumn, subScoreOfValue } from '../../src/lib/core/normalize';
import type { Normalization } from '../../src/lib/core/scorecard';
import { encodeCategories } from '../../src/lib/core/table';

const nums = (...v: number[]) => ({ kind: 'number' as const, values: Float64Array.from(v) });
const col = (n: Normalization, ...v: number[]) => Array.from(subScoreColumn(nums(...v), n));

describe('linear', () => {
	it('maps worst → 0 and best → 100, clamped outside', () => {
		expect(col({ kind: 'linear', worst: 10, best: 20 }, 5, 10, 12.5, 20, 25)).toEqual([0, 0, 25, 100, 100]);
	});
	it('works in either order (lower is better)', () => {
		expect(col({ kind: 'linear', worst: 30, best: 0 }, 0, 6, 30, 45)).toEqual([100, 80, 0, 0]);
	});
	it('agrees value by value with the column path', () => {
		const n: Normalization = { kind: 'linear', worst: 3.7, best: -1.3 };
		const values = [-5, -1.3, 0, 1.1, 2.9, 3.7, 8];
		expect(values.map((v) => subScoreOfValue(n, v))).toEqual(col(n, ...values));
	});
	it('leaves NaN and ±Infinity missing', () => {
		expect(col({ kind: 'linear', worst: 0, best: 1 }, NaN, Infinity, -Infinity)).toEqual([NaN, NaN, NaN]);
	});
});

describe('thresholds (a grading table)', () => {
	const n: Normalization = {
		kind: 'thresholds',
		ranges: [
			{ from: null, to: 1, points: 40 },
			{ from: 1, to: 4, points: 100 },
			{ from: 4, to: 8, points: 50 },
			{ from: 8, to: null, points: 0 }
		]
	};
	it('gives each value its range’s points, ranges closed below and open above', () => {
		expect(col(n, -3, 0, 1, 3.99, 4, 7, 8, 1000)).toEqual([40, 40, 100, 100, 50, 50, 0, 0]);
	});
	it('counts a value in no range as missing', () => {
		const gap: Normalization = { kind: 'thresholds', ranges: [{ from: 0, to: 1, points: 10 }, { from: 2, to: 3, points: 90 }] };
		expect(col(gap, 0.5, 1.5, 2.5, -1, 3)).toEqual([10, NaN, 90, NaN, NaN]);
	});
});

describe('target range', () => {
	const n: Normalization = { kind: 'target', zeroBelow: 0, lo: 2, hi: 5, zeroAbove: 15 };
	it('full points inside [lo, hi], falling linearly to 0 at the outer limits', () => {
		expect(col(n, -1, 0, 1, 2, 3.5, 5, 10, 15, 20)).toEqual([0, 0, 50, 100, 100, 100, 50, 0, 0]);
	});
	it('a hard edge when the outer limit equals the target’s end', () => {
		const hard: Normalization = { kind: 'target', zeroBelow: 1, lo: 1, hi: 3, zeroAbove: 3 };
		expect(col(hard, 0, 0.999, 1, 3, 3.001)).toEqual([0, 0, 100, 100, 0]);
	});
});

describe('percentile rank within the population', () => {
	it('ranks the lowest 0 and the highest 100, ties shared', () => {
		expect(col({ kind: 'percentile', higherIsBetter: true }, 5, 1, 3, 3, 9)).toEqual([75, 0, 37.5, 37.5, 100]);
	});
	it('reverses when lower is better, and ignores missing values', () => {
		expect(col({ kind: 'percentile', higherIsBetter: false }, 5, NaN, 1, Infinity)).toEqual([0, NaN, 100, NaN]);
	});
});

describe('category points', () => {
	const contract = encodeCategories(['Month-to-month', 'One year', 'Two year', null, 'Other']);
	const n: Normalization = { kind: 'category', points: { 'Month-to-month': 0, 'One year': 60, 'Two year': 100 }, otherPoints: null };
	it('looks each level up; missing and unlisted levels count as missing', () => {
		expect(Array.from(subScoreColumn(contract, n))).toEqual([0, 60, 100, NaN, NaN]);
	});
	it('gives unlisted levels the points for other values when set', () => {
		expect(Array.from(subScoreColumn(contract, { ...n, otherPoints: 20 }))).toEqual([0, 60, 100, NaN, 20]);
	});
	it('scores yes/no', () => {
		const yn = encodeCategories(['Yes', 'No', 'Yes']);
		expect(Array.from(subScoreColumn(yn, { kind: 'category', points: { Yes: 100, No: 0 }, otherPoints: null }))).toEqual([100, 0, 100]);
	});
	it('scores a 0/1 number column by the number as written', () => {
		expect(col({ kind: 'category', points: { '0': 100, '1': 30 }, otherPoints: null }, 0, 1, 2)).toEqual([100, 30, NaN]);
	});
	it('refuses a numeric normalization on a category column', () => {
		expect(() => subScoreColumn(contract, { kind: 'linear', worst: 0, best: 1 })).toThrow(/category/);
	});
});

describe('as is', () => {
	it('clamps to 0–100', () => {
		expect(col({ kind: 'asIs' }, -5, 0, 42.5, 100, 130)).toEqual([0, 0, 42.5, 100, 100]);
	});
});

describe('untrusted category names', () => {
	it('treats "__proto__" and "constructor" as plain level names', () => {
		const column = encodeCategories(['__proto__', 'constructor', 'toString', 'ok']);
		const points = Object.fromEntries([['__proto__', 10], ['ok', 90]]);
		const n: Normalization = { kind: 'category', points, otherPoints: null };
		expect(Array.from(subScoreColumn(column, n))).toEqual([10, NaN, NaN, 90]);
	});
});
