import { describe, expect, it } from 'vitest';
import { median, percentileRanks, quantileSorted, sortedPresent, summarize } from '../../src/lib/core/stats';

// Reference values from numpy 2.4: np.percentile(v, p*100) (method 'linear') and
// scipy.stats.rankdata(v) (average ties) → (rank − 1) / (n − 1) × 100.
const v = [3.5, 1, 7, 7, 2, 10, 7, 0.5, 4, 9];

describe('quantiles', () => {
	it('match numpy linear interpolation', () => {
		const s = sortedPresent(v);
		const expected: [number, number][] = [[0, 0.5], [0.05, 0.725], [0.25, 2.375], [0.5, 5.5], [0.75, 7], [0.95, 9.549999999999999], [1, 10]];
		for (const [p, q] of expected) expect(quantileSorted(s, p)).toBeCloseTo(q, 12);
	});
	it('ignore NaN and give NaN for no values', () => {
		expect(median([NaN, 2, NaN, 4])).toBe(3);
		expect(median([])).toBeNaN();
		expect(median([NaN])).toBeNaN();
	});
	it('reject a p outside [0, 1] with the value', () => {
		expect(() => quantileSorted([1], 1.5)).toThrow('1.5');
	});
	it('summarize counts missing values', () => {
		const s = summarize([1, NaN, 3, 2]);
		expect(s).toMatchObject({ count: 3, missing: 1, min: 1, median: 2, max: 3, mean: 2 });
	});
});

describe('percentile ranks', () => {
	it('match scipy rankdata with average ties', () => {
		const expected = [33.33333333333333, 11.11111111111111, 66.66666666666666, 66.66666666666666, 22.22222222222222, 100, 66.66666666666666, 0, 44.44444444444444, 88.88888888888889];
		const got = percentileRanks(v);
		expected.forEach((e, i) => expect(got[i]).toBeCloseTo(e, 10));
	});
	it('leave missing values missing and rank the rest among themselves', () => {
		const got = percentileRanks([NaN, 5, 1, NaN]);
		expect(Array.from(got)).toEqual([NaN, 100, 0, NaN]);
	});
	it('give a lone value 50 and all-equal values 50', () => {
		expect(Array.from(percentileRanks([7]))).toEqual([50]);
		expect(Array.from(percentileRanks([2, 2, 2]))).toEqual([50, 50, 50]);
	});
});

describe('median by selection', () => {
	it('equals the sorted-array median on random data with ties, odd and even sizes', () => {
		let seed = 7;
		const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
		for (const n of [1, 2, 3, 10, 11, 1000, 1001]) {
			const v = Float64Array.from({ length: n }, () => (rand() < 0.1 ? NaN : Math.floor(rand() * 20)));
			expect(median(v)).toBe(quantileSorted(sortedPresent(v), 0.5));
		}
	});
	it('handles sorted, reversed and constant input', () => {
		const up = Float64Array.from({ length: 9999 }, (_, i) => i);
		expect(median(up)).toBe(4999);
		expect(median(up.slice().reverse())).toBe(4999);
		expect(median(new Float64Array(1000).fill(3))).toBe(3);
	});
});
