import { describe, expect, it } from 'vitest';
import { describeProfile, miniHistogramLayout, profileBars } from '../../src/lib/charts/mini-histogram';
import type { CategoryProfile, NumberProfile } from '../../src/lib/core/profile';

const numbers: NumberProfile = {
	kind: 'number', rows: 10, missing: 1, count: 9, min: 1, median: 12, max: 38,
	bins: [{ from: 0, to: 10, count: 2 }, { from: 10, to: 20, count: 6 }, { from: 20, to: 30, count: 0 }, { from: 30, to: 40, count: 1 }]
};
const plans: CategoryProfile = {
	kind: 'category', rows: 100, missing: 0,
	levels: [{ level: 'Pro', count: 50 }, { level: 'Basic', count: 30 }, { level: 'Team', count: 10 }, { level: 'Free', count: 5 }],
	other: { levels: 2, count: 5 }
};

describe('mini histogram layout', () => {
	it('shares the width among the bars, 1 px apart, heights proportional to counts', () => {
		const l = miniHistogramLayout(profileBars(numbers), 120, 28);
		expect(l.bars.map((b) => [b.x, b.width])).toEqual([[0, 29], [30, 29], [60, 29], [90, 29]]);
		expect(l.bars[1]).toMatchObject({ y: 0, height: 28 });
		expect(l.bars[0].height).toBeCloseTo(28 / 3, 9);
		expect(l.bars[0].y + l.bars[0].height).toBeCloseTo(28, 9);
		expect(l.bars[2].height).toBe(0);
	});

	it('draws a rare count at least 1 px high and leaves no gap between narrow bars', () => {
		const l = miniHistogramLayout([{ count: 10_000, label: '' }, { count: 1, label: '' }, ...Array.from({ length: 38 }, () => ({ count: 0, label: '' }))], 120, 28);
		expect(l.bars[1].height).toBe(1);
		expect(l.bars[1].width).toBe(3);
	});

	it('has no bars for no data and rejects a non-positive size with the value', () => {
		expect(miniHistogramLayout([], 120, 28).bars).toEqual([]);
		expect(() => miniHistogramLayout([], 120, -1)).toThrow('120×-1');
	});
});

describe('bars and words of a profile', () => {
	it('labels number bins with their range and count, and category levels with "other" last', () => {
		expect(profileBars(numbers).map((b) => b.label)).toEqual(['0–10: 2', '10–20: 6', '20–30: 0', '30–40: 1']);
		const bars = profileBars(plans);
		expect(bars.map((b) => b.label)).toEqual(['Pro: 50', 'Basic: 30', 'Team: 10', 'Free: 5', '2 other values: 5']);
		expect(bars.map((b) => b.other ?? false)).toEqual([false, false, false, false, true]);
	});

	it('describes where most values are', () => {
		expect(describeProfile('seats', numbers)).toBe('Histogram of seats: 9 values from 1 to 38, 4 bins of 10, most in 10–20 (6)');
		expect(describeProfile('plan', plans)).toBe('Values of plan: Pro 50%, Basic 30%, Team 10%, and 3 more');
		expect(describeProfile('one', { ...numbers, min: 5, max: 5, bins: [{ from: 5, to: 5, count: 9 }] })).toBe('Histogram of one: 9 values, all 5');
		expect(describeProfile('none', { ...numbers, count: 0, bins: [] })).toBe('none: no values');
	});
});
