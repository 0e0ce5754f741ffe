import { describe, expect, it } from 'vitest';
import { checkScorecard } from '../../src/lib/core/check';
import { nice, proposeCategoryPoints, proposeMetric, proposeNormalization, roundWithin } from '../../src/lib/core/propose';
import { defaultBands } from '../../src/lib/core/scorecard';
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

describe('proposed bounds keep a narrow spread', () => {
	const number = (values: number[]) => ({ kind: 'number' as const, values: Float64Array.from(values) });
	// numpy: np.percentile([2019 + i % 6 for i in range(600)], [5, 25, 50, 75, 95]) = [2019, 2020, 2021.5, 2023, 2024].
	const years = number(Array.from({ length: 600 }, (_, i) => 2019 + (i % 6)));
	it('linear on years runs from the 5th to the 95th percentile, not 2020 → 2021', () => {
		expect(proposeNormalization(years, 'linear')).toEqual({ kind: 'linear', worst: 2019, best: 2024 });
	});
	it('thresholds on years cut at three different quartiles', () => {
		expect(proposeNormalization(years, 'thresholds')).toEqual({
			kind: 'thresholds',
			ranges: [
				{ from: null, to: 2020, points: 0 },
				{ from: 2020, to: 2021.5, points: 33 },
				{ from: 2021.5, to: 2023, points: 67 },
				{ from: 2023, to: null, points: 100 }
			]
		});
	});
	it('yyyymmdd numbers round to three figures of their spread, not of the number', () => {
		// Every day of 2024 as yyyymmdd; numpy: percentiles 5 / 25 / 50 / 75 / 95 = 20240119.25, 20240401.25,
		// 20240701.5, 20240983.25, 20241212.75; their spread 1093.5 → rounded to tens.
		const days = Array.from({ length: 366 }, (_, k) => new Date(Date.UTC(2024, 0, 1 + k)));
		const column = number(days.map((d) => d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate()));
		expect(proposeNormalization(column, 'linear')).toEqual({ kind: 'linear', worst: 20240120, best: 20241210 });
		expect(proposeNormalization(column, 'target')).toEqual({ kind: 'target', zeroBelow: 20240120, lo: 20240400, hi: 20240980, zeroAbove: 20241210 });
	});
	it('takes more figures rather than let two different quartiles round together', () => {
		// Sorted, the 25th / 50th / 75th percentiles sit at 1, (1 + 1.0001) / 2 and 1.0002, inside a 5th–95th
		// spread of 110 (−50 to 60): three figures of 110 would make them all 1.
		const values = [...Array(10).fill(-50), ...Array(40).fill(1), 1.0001, ...Array(39).fill(1.0002), ...Array(10).fill(60)];
		const n = proposeNormalization(number(values), 'thresholds');
		expect(n.kind === 'thresholds' && n.ranges.map((r) => r.from)).toEqual([null, 1, 1.00005, 1.0002]);
	});
	it('always passes checkScorecard, even for values beyond what a scorecard may hold', () => {
		const columns = {
			constant: number(Array(10).fill(3)),
			empty: number([NaN, NaN]),
			huge: number(Array.from({ length: 100 }, (_, i) => 1e16 + i * 2)),
			hugeConstant: number(Array(10).fill(2e16)),
			hugeNegative: number(Array(10).fill(-2e16)),
			wide: number(Array.from({ length: 100 }, (_, i) => (i - 50) * 1e14)),
			tiny: number(Array.from({ length: 100 }, (_, i) => 1 + i * 1e-15))
		};
		for (const [name, column] of Object.entries(columns))
			for (const kind of ['linear', 'thresholds', 'target'] as const)
				for (const higherIsBetter of [true, false]) {
					const metric = { ...proposeMetric('m', name, column), normalization: proposeNormalization(column, kind, higherIsBetter) };
					const problems = checkScorecard({ id: 's', name: 's', metrics: [metric], bands: defaultBands() }).filter((p) => p.severity === 'error');
					expect(problems, `${name} ${kind}`).toEqual([]);
				}
	});
	it('roundWithin rounds to figures of the spread', () => {
		expect([roundWithin(2019.4, 5), roundWithin(0.012345, 0.03), roundWithin(123456, 1000), roundWithin(7, 0)]).toEqual([2019.4, 0.0123, 123460, 7]);
	});
});
