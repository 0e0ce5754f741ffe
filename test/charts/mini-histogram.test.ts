import { describe, expect, it } from 'vitest';
import { dateBinLabel, describeProfile, miniHistogramLayout, profileBars } from '../../src/lib/charts/mini-histogram';
import type { CategoryProfile, DateProfile, NumberProfile } from '../../src/lib/core/profile';

const numbers: NumberProfile = {
	kind: 'number', rows: 10, missing: 1, count: 9, min: 1, median: 12, max: 38,
	bins: [{ from: 0, to: 10, count: 2 }, { from: 10, to: 20, count: 6 }, { from: 20, to: 30, count: 0 }, { from: 30, to: 40, count: 1 }]
};
const plans: CategoryProfile = {
	kind: 'category', rows: 100, missing: 0,
	levels: [{ level: 'Pro', count: 50 }, { level: 'Basic', count: 30 }, { level: 'Team', count: 10 }, { level: 'Free', count: 5 }],
	other: { levels: 2, count: 5 }
};

const renewals: DateProfile = {
	kind: 'date', rows: 12, missing: 2, count: 10, distinct: 7, min: '2025-11-03', median: '2026-01-20', max: '2026-04-30', unit: 'month', step: 1,
	bins: [
		{ from: '2025-11-01', to: '2025-12-01', count: 2 }, { from: '2025-12-01', to: '2026-01-01', count: 0 }, { from: '2026-01-01', to: '2026-02-01', count: 5 },
		{ from: '2026-02-01', to: '2026-03-01', count: 1 }, { from: '2026-03-01', to: '2026-04-01', count: 0 }, { from: '2026-04-01', to: '2026-05-01', count: 2 }
	]
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
		expect(describeProfile('plan', plans)).toBe('Values of plan: Pro 50\u00a0%, Basic 30\u00a0%, Team 10\u00a0%, and 3 more');
		expect(describeProfile('one', { ...numbers, min: 5, max: 5, bins: [{ from: 5, to: 5, count: 9 }] })).toBe('Histogram of one: 9 values, all 5');
		expect(describeProfile('none', { ...numbers, count: 0, bins: [] })).toBe('none: no values');
	});

	it('labels date bins in their unit and describes where most dates are', () => {
		expect(profileBars(renewals).map((b) => b.label)).toEqual(['2025-11: 2', '2025-12: 0', '2026-01: 5', '2026-02: 1', '2026-03: 0', '2026-04: 2']);
		expect(describeProfile('renewal', renewals)).toBe('Dates of renewal: 10 dates from 2025-11-03 to 2026-04-30, 6 bins of a month, most in 2026-01 (5)');
		const bin = (from: string, to: string) => ({ from, to, count: 1 });
		expect(dateBinLabel(bin('2026-11-23', '2026-11-24'), 'day')).toBe('2026-11-23');
		expect(dateBinLabel(bin('2026-11-16', '2026-11-23'), 'week')).toBe('week of 2026-11-16');
		expect(['2026-01-01', '2026-04-01', '2026-07-01', '2026-10-01'].map((from) => dateBinLabel(bin(from, ''), 'quarter'))).toEqual(['2026 Q1', '2026 Q2', '2026 Q3', '2026 Q4']);
		expect(dateBinLabel(bin('2026-01-01', '2027-01-01'), 'year')).toBe('2026');
		expect(dateBinLabel(bin('2020-01-01', '2030-01-01'), 'year', 10)).toBe('2020–2029');
		const decades = { ...renewals, unit: 'year' as const, step: 10, min: '1990-01-01', max: '2025-12-31', bins: [bin('1990-01-01', '2000-01-01'), { ...bin('2000-01-01', '2010-01-01'), count: 3 }] };
		expect(describeProfile('signed', decades)).toBe('Dates of signed: 10 dates from 1990-01-01 to 2025-12-31, 2 bins of 10 years, most in 2000–2009 (3)');
		expect(describeProfile('once', { ...renewals, count: 1, min: '2026-01-05', max: '2026-01-05' })).toBe('Dates of once: 1 date, all 2026-01-05');
	});
});
