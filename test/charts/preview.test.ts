import { describe, expect, it } from 'vitest';
import { bin } from 'd3';
import { binSorted, distributionOf, domainOf, previewLayout, type PreviewLayout } from '../../src/lib/charts/preview';
import type { Normalization } from '../../src/lib/core/scorecard';
import { percentileRanks } from '../../src/lib/core/stats';
import { encodeCategories, type Column } from '../../src/lib/core/table';

const size = { width: 260, height: 90 }; // plot: x 26 → 254, y 74 (sub-score 0) → 6 (sub-score 100)
const numbers = (values: number[]): Column => ({ kind: 'number', values: Float64Array.from(values) });
const hundred = numbers(Array.from({ length: 101 }, (_, i) => i));
const layout = (column: Column, n: Normalization) => previewLayout(distributionOf(column), n, size);
function curve(l: PreviewLayout) {
	if (l.kind !== 'curve') throw new Error(`expected a curve, got ${l.kind}`);
	return l;
}

describe('distribution of a column', () => {
	it('keeps finite values sorted and counts NaN and ±Infinity as missing', () => {
		const d = distributionOf(numbers([3, NaN, 1, Infinity, 2]));
		expect(d).toMatchObject({ kind: 'number', rows: 5, missing: 2 });
		expect(d.kind === 'number' && [...d.sorted]).toEqual([1, 2, 3]);
	});
	it('counts category levels, code −1 as missing', () => {
		expect(distributionOf(encodeCategories(['No', 'Yes', 'Yes', null]))).toEqual({ kind: 'levels', rows: 4, missing: 1, levels: ['No', 'Yes'], counts: [1, 2] });
	});
});

describe('x domain', () => {
	const sorted = Float64Array.from({ length: 101 }, (_, i) => i);
	it('runs from the 1st to the 99th percentile, widened to the knots', () => {
		expect(domainOf(sorted, [5, 95])).toEqual([1, 99]);
		expect(domainOf(sorted, [-10, 200])).toEqual([-10, 200]);
	});
	it('pads a single point and has nothing to place without values or knots', () => {
		expect(domainOf(Float64Array.of(7, 7), [])).toEqual([6.5, 7.5]);
		expect(domainOf(new Float64Array(), [])).toBeNull();
		expect(domainOf(new Float64Array(), [0, 100])).toEqual([0, 100]);
	});
});

describe('curve of value → sub-score', () => {
	it('linear: flat at 0 up to worst, straight to 100 at best, flat after', () => {
		const l = curve(layout(hundred, { kind: 'linear', worst: 20, best: 80 }));
		expect(l.domain).toEqual([1, 99]);
		expect(l.points).toEqual([[1, 0], [20, 0], [80, 100], [99, 100]]);
		// x(20) = 26 + 19/98 × 228 = 70.204…, x(80) = 26 + 79/98 × 228 = 209.795…
		expect(l.curve).toBe('M26,74L70.204,74L209.796,6L254,6');
	});
	it('linear in reverse (lower is better) falls instead', () => {
		expect(curve(layout(hundred, { kind: 'linear', worst: 80, best: 20 })).points).toEqual([[1, 100], [20, 100], [80, 0], [99, 0]]);
	});
	it('target range: knots at zero below, from, to, zero above', () => {
		const l = curve(layout(hundred, { kind: 'target', zeroBelow: 10, lo: 40, hi: 60, zeroAbove: 90 }));
		expect(l.points).toEqual([[1, 0], [10, 0], [40, 100], [60, 100], [90, 0], [99, 0]]);
	});
	it('grading table: flat steps, broken where no range holds the values', () => {
		const l = curve(layout(hundred, { kind: 'thresholds', ranges: [{ from: null, to: 25, points: 0 }, { from: 30, to: null, points: 100 }] }));
		expect(l.points).toEqual([[1, 0], [25, 0], [25, NaN], [30, NaN], [30, 100], [99, 100]]);
		expect(l.curve.match(/M/g)).toHaveLength(2);
	});
	it('as-is: the domain takes in 0 and 100 so the clamp shows', () => {
		const l = curve(layout(numbers([20, 50, 150]), { kind: 'asIs' }));
		expect(l.domain[0]).toBe(0);
		expect(l.domain[1]).toBeCloseTo(148, 10); // 99th percentile of 20, 50, 150: 50 + 0.98 × 100
		expect(l.points).toEqual([[0, 0], [100, 100], [l.domain[1], 100]]);
	});
	it('percentile: the rank of each distinct value, ties sharing their mean rank as in scoring', () => {
		const values = [1, 2, 2, 3];
		const ranks = percentileRanks(Float64Array.from(values)); // 0, 50, 50, 100
		const l = curve(layout(numbers(values), { kind: 'percentile', higherIsBetter: true }));
		expect(l.points.map((p) => p[1])).toEqual([ranks[0], ranks[1], ranks[3]]);
		// 1 and 3 lie outside the 1st–99th percentile domain [1.03, 2.97] and are drawn at its ends.
		expect(l.points.map((p) => p[0])).toEqual([l.domain[0], 2, l.domain[1]]);
		const lower = curve(layout(numbers(values), { kind: 'percentile', higherIsBetter: false }));
		expect(lower.points.map((p) => p[1])).toEqual([100, 50, 0]);
	});
});

describe('histogram of the column', () => {
	it('puts each value in its bin, 24 equal bins over the domain', () => {
		// 0..10 with linear 0 → 10: domain [0, 10], bins of 10/24, so value k lands in bin ⌊2.4 k⌋ and 10 in the last.
		const l = curve(layout(numbers(Array.from({ length: 11 }, (_, i) => i)), { kind: 'linear', worst: 0, best: 10 }));
		const expected = new Array(24).fill(0);
		for (const b of [0, 2, 4, 7, 9, 12, 14, 16, 19, 21, 23]) expected[b] = 1;
		expect(l.bars.map((b) => b.count)).toEqual(expected);
		expect(l.bars[12]).toMatchObject({ x0: 5, height: 68 }); // the tallest bar fills the plot, 74 − 6
		expect(l.bars[1].height).toBe(0);
	});
	it('counts values beyond the domain in the end bins', () => {
		const l = curve(layout(hundred, { kind: 'linear', worst: 20, best: 80 }));
		expect(l.bars.reduce((t, b) => t + b.count, 0)).toBe(101);
		// First bin [1, 5.083): 0 (moved up to 1), 1, 2, 3, 4, 5. Last bin [94.92, 99]: 95–99 and 100 (moved down).
		expect([l.bars[0].count, l.bars[23].count]).toEqual([6, 6]);
	});
});

describe('category points', () => {
	it('one bar per level with its count and points', () => {
		const l = layout(encodeCategories(['No', 'Yes', 'Yes', null]), { kind: 'category', points: { No: 0, Yes: 100 }, otherPoints: null });
		if (l.kind !== 'levels') throw new Error(l.kind);
		expect(l.bars.map((b) => [b.level, b.count, b.points, b.pointsY])).toEqual([['No', 1, 0, 74], ['Yes', 2, 100, 6]]);
		expect(l.bars[1].height).toBe(68);
		expect(l.bars[0].height).toBe(34);
	});
	it('a level without points takes the other-values points, or none', () => {
		const column = encodeCategories(['A', 'B']);
		const missing = layout(column, { kind: 'category', points: { A: 80 }, otherPoints: null });
		const other = layout(column, { kind: 'category', points: { A: 80 }, otherPoints: 30 });
		expect(missing.kind === 'levels' && missing.bars.map((b) => b.points)).toEqual([80, null]);
		expect(other.kind === 'levels' && other.bars.map((b) => b.points)).toEqual([80, 30]);
	});
	it('a level named "constructor" has no points of its own', () => {
		const l = layout(encodeCategories(['constructor']), { kind: 'category', points: {}, otherPoints: 10 });
		expect(l.kind === 'levels' && l.bars[0].points).toBe(10);
	});
	it('a number column scored by category uses its distinct values, written as in scoring', () => {
		const l = layout(numbers([0, 1, 1, NaN]), { kind: 'category', points: { 0: 0, 1: 100 }, otherPoints: null });
		expect(l.kind === 'levels' && l.bars.map((b) => [b.level, b.count, b.points])).toEqual([['0', 1, 0], ['1', 2, 100]]);
	});
});

describe('what a screen reader hears', () => {
	it('names the ends of a linear scale, the customers and the share missing', () => {
		// 52 of 1,734 missing is 2.999 %: it reads as 3 %.
		const values = Array.from({ length: 1734 }, (_, i) => (i < 52 ? NaN : i % 100));
		expect(layout(numbers(values), { kind: 'linear', worst: 12, best: 88 }).label).toBe('Sub-score from 0 at 12 to 100 at 88; 1,734 customers, 3\u00a0% missing');
	});
	it('describes a grading table in value order, and a small missing share as under 1 %', () => {
		const values = Array.from({ length: 200 }, (_, i) => (i === 0 ? NaN : i));
		const n: Normalization = { kind: 'thresholds', ranges: [{ from: 50, to: null, points: 100 }, { from: null, to: 50, points: 0 }] };
		expect(layout(numbers(values), n).label).toBe('Grading table, points: below 50 0, 50 and above 100; 200 customers, under 1\u00a0% missing');
	});
	it('lists category points and what other values do', () => {
		const l = layout(encodeCategories(['No', 'Yes']), { kind: 'category', points: { No: 0, Yes: 100 }, otherPoints: null });
		expect(l.label).toBe('Points by value: No 0, Yes 100; other values count as missing; 2 customers, 0\u00a0% missing');
	});
	it('says why there is no preview', () => {
		const text: Column = { kind: 'text', values: ['a', null] };
		expect(layout(text, { kind: 'asIs' })).toMatchObject({ kind: 'none', label: 'No preview: the column holds text; 2 customers, 0\u00a0% missing' });
		expect(layout(encodeCategories(['x']), { kind: 'linear', worst: 0, best: 1 }).kind).toBe('none');
		expect(previewLayout(distributionOf(undefined), { kind: 'asIs' }, size).label).toMatch(/^No preview: the column is not in the data/);
	});
});

it('rejects a size too small to draw, naming it', () => {
	expect(() => previewLayout(distributionOf(hundred), { kind: 'asIs' }, { width: 20, height: 90 })).toThrow('20×90');
});

describe('binSorted', () => {
	/** What the preview did before: d3's bin() over the values clamped into the domain. */
	function d3Bins(values: number[], lo: number, hi: number, thresholds: number[]) {
		const clamped = values.map((v) => Math.min(hi, Math.max(lo, v)));
		return bin().domain([lo, hi]).thresholds(thresholds)(clamped).map((b) => ({ x0: b.x0, x1: b.x1, count: b.length }));
	}

	it('counts as d3’s bin() does, with values on thresholds, beyond the domain and a domain of one value', () => {
		let seed = 7;
		const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
		const cases: [number[], number, number][] = [
			[[1, 2, 2, 3, 4, 5, 5, 5, 10], 2, 5],
			[[-3, 0, 0, 0, 7], 0, 0],
			[Array.from({ length: 5_000 }, () => Math.round(random() * 200) / 2 - 20), 0, 80],
			[Array.from({ length: 2_000 }, () => random() * 1e-9), 0, 1e-9]
		];
		for (const [values, lo, hi] of cases) {
			const sorted = Float64Array.from(values).sort();
			for (const count of [1, 4, 24]) {
				const thresholds = Array.from({ length: count - 1 }, (_, i) => lo + ((i + 1) * (hi - lo)) / count);
				// Thresholds on values (2.5 steps on a half-unit grid) and outside the domain are both covered.
				for (const t of [thresholds, [...thresholds, lo - 1, lo, hi, hi + 1].sort((a, b) => a - b)]) {
					expect(binSorted(sorted, lo, hi, t)).toEqual(d3Bins(values, lo, hi, t));
				}
			}
		}
	});
});
