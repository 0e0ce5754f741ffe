import { describe, expect, it } from 'vitest';
import { portfolioTrend } from '../../src/lib/core/trend';

// Two snapshots, three bands. Snapshot 0: scores 20 (band 0, ARR 100), 50 (band 1, ARR 300), NaN (no score, ARR 1000).
// Snapshot 1: 80 (band 2, ARR 200), 30 (band 0, ARR 600), 45 (band 1, no ARR), 90 (band 2, ARR 200).
const input = {
	snapshots: ['2026-01-01', '2026-02-01'],
	snapshotOf: [0, 1, 0, 1, 1, 0, 1],
	score: [20, 80, 50, 30, 45, NaN, 90],
	band: [0, 2, 1, 0, 1, -1, 2],
	bandCount: 3,
	arr: [100, 200, 300, 600, NaN, 1000, 200]
};

describe('portfolioTrend', () => {
	const [jan, feb] = portfolioTrend(input);
	it('counts rows and scored customers per snapshot', () => {
		expect([jan.asOf, jan.customers, jan.scored]).toEqual(['2026-01-01', 3, 2]);
		expect([feb.asOf, feb.customers, feb.scored]).toEqual(['2026-02-01', 4, 4]);
	});
	it('averages the scored customers only (no score is not 0)', () => {
		expect(jan.averageScore).toBe(35); // (20 + 50) / 2
		expect(feb.averageScore).toBe(61.25); // (80 + 30 + 45 + 90) / 4
	});
	it('shares of customers per band add to 100', () => {
		expect(jan.bands.map((b) => b.share)).toEqual([50, 50, 0]);
		expect(feb.bands.map((b) => b.customers)).toEqual([1, 1, 2]);
		expect(feb.bands.map((b) => b.share)).toEqual([25, 25, 50]);
	});
	it('shares of ARR use the scored customers’ ARR, a missing ARR counting 0', () => {
		expect(jan.scoredArr).toBe(400);
		expect(jan.bands.map((b) => b.arrShare)).toEqual([25, 75, 0]);
		expect(feb.bands.map((b) => b.arr)).toEqual([600, 0, 400]);
		expect(feb.bands.map((b) => b.arrShare)).toEqual([60, 0, 40]);
	});
	it('gives an empty snapshot NaN average and zero shares', () => {
		const [only] = portfolioTrend({ ...input, snapshots: ['x'], snapshotOf: [0], score: [NaN], band: [-1], arr: null });
		expect(only.averageScore).toBeNaN();
		expect(only.bands.map((b) => b.share)).toEqual([0, 0, 0]);
	});
	it('rejects arrays of different lengths and bad indexes with the value', () => {
		expect(() => portfolioTrend({ ...input, score: [1] })).toThrow('1 scores');
		expect(() => portfolioTrend({ ...input, snapshotOf: [0, 1, 0, 1, 1, 0, 2] })).toThrow('row 6: 2');
		expect(() => portfolioTrend({ ...input, bandCount: 0 })).toThrow('band count: 0');
	});
});
