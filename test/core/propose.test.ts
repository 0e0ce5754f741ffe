import { describe, expect, it } from 'vitest';
import { nice, proposeCategoryPoints, proposeMetric, proposeNormalization } from '../../src/lib/core/propose';
import { encodeCategories } from '../../src/lib/core/table';

// 0..100 step 1: numpy's 5th / 25th / 50th / 75th / 95th percentiles are 5, 25, 50, 75, 95.
const column = { kind: 'number' as const, values: Float64Array.from({ length: 101 }, (_, i) => i) };

describe('proposed defaults come from the column’s distribution', () => {
	it('linear runs from the 5th to the 95th percentile', () => {
		expect(proposeNormalization(column, 'linear')).toEqual({ kind: 'linear', worst: 5, best: 95 });
		expect(proposeNormalization(column, 'linear', false)).toEqual({ kind: 'linear', worst: 95, best: 5 });
	});
	it('thresholds cut at the quartiles', () => {
		expect(proposeNormalization(column, 'thresholds')).toEqual({
			kind: 'thresholds',
			ranges: [
				{ from: null, to: 25, points: 0 },
				{ from: 25, to: 50, points: 33 },
				{ from: 50, to: 75, points: 67 },
				{ from: 75, to: null, points: 100 }
			]
		});
	});
	it('target range is full between the quartiles', () => {
		expect(proposeNormalization(column, 'target')).toEqual({ kind: 'target', zeroBelow: 5, lo: 25, hi: 75, zeroAbove: 95 });
	});
	it('falls back to min / max when the 5th and 95th percentiles coincide', () => {
		const mostlyZero = { kind: 'number' as const, values: Float64Array.from({ length: 100 }, (_, i) => (i === 99 ? 7 : 0)) };
		expect(proposeNormalization(mostlyZero, 'linear')).toEqual({ kind: 'linear', worst: 0, best: 7 });
	});
	it('never proposes worst = best, even for a constant column', () => {
		const constant = { kind: 'number' as const, values: new Float64Array(10).fill(3) };
		const n = proposeNormalization(constant, 'linear');
		expect(n.kind === 'linear' && n.worst !== n.best).toBe(true);
	});
	it('yes/no levels get 100 / 0, other levels spread in order', () => {
		expect(proposeCategoryPoints(['No', 'Yes'])).toEqual({ No: 0, Yes: 100 });
		expect(proposeCategoryPoints(['False', 'True'])).toEqual({ False: 0, True: 100 });
		expect(proposeCategoryPoints(['Month-to-month', 'One year', 'Two year'])).toEqual({ 'Month-to-month': 0, 'One year': 50, 'Two year': 100 });
	});
	it('proposeMetric picks linear for numbers and category points for categories', () => {
		expect(proposeMetric('a', 'usage', column).normalization.kind).toBe('linear');
		expect(proposeMetric('b', 'plan', encodeCategories(['x', 'y'])).normalization).toEqual({ kind: 'category', points: { x: 0, y: 100 }, otherPoints: null });
	});
	it('nice rounds to three significant figures', () => {
		expect([nice(0.0123456), nice(98765), nice(-4.5678), nice(0)]).toEqual([0.0123, 98800, -4.57, 0]);
	});
});

describe('untrusted category names in proposals', () => {
	it('keeps "__proto__" as an own key', () => {
		const points = proposeCategoryPoints(['__proto__', 'b']);
		expect(Object.keys(points)).toEqual(['__proto__', 'b']);
		expect(Object.getPrototypeOf(points)).toBe(Object.prototype);
	});
});

describe('proposals on large columns', () => {
	it('read a strided sample and still land on the column’s rounded 5th / 95th percentiles', () => {
		// numpy: np.percentile(np.arange(300_000), [5, 95]) = [14999.95, 284999.05] → three figures: 15,000 / 285,000.
		const big = { kind: 'number' as const, values: Float64Array.from({ length: 300_000 }, (_, i) => i) };
		expect(proposeNormalization(big, 'linear')).toEqual({ kind: 'linear', worst: 15000, best: 285000 });
	});
});
