import { describe, expect, it } from 'vitest';
import { describeRanking, worklistOf, type WorklistInput } from '../../src/lib/core/worklist';

// Five customers: ARR, churn probability, score, band, segment, owner.
const arr = [10_000, 50_000, 20_000, NaN, 5_000];
const probability = [0.5, 0.1, 0.3, 0.9, 0.8];
const score = [30, 65, 35, 20, NaN];
const band = [0, 1, 0, 0, -1];
const segment = ['SMB', 'Enterprise', 'SMB', 'SMB', 'Enterprise'];
const owner = ['Ann', 'Bo', 'Bo', 'Ann', 'Ann'];
const base: WorklistInput = { score, band, arr, probability, segment: (i) => segment[i], owner: (i) => owner[i] };
const all = { band: null, segment: null, owner: null };

describe('worklist', () => {
	it('ranks by ARR × churn probability, highest first, unknown last', () => {
		// Revenue at risk: 5,000, 5,000, 6,000, NaN, 4,000 → 2, 0, 1 (tie with 0 keeps order), 4, 3.
		const w = worklistOf(base, all);
		expect(w.rankedBy).toBe('revenue');
		expect([...w.rows]).toEqual([2, 0, 1, 4, 3]);
		expect([...w.revenueAtRisk!].slice(0, 3)).toEqual([5000, 5000, 6000]);
	});
	it('ranks by score, lowest first, without a model; by probability without ARR', () => {
		const byScore = worklistOf({ ...base, probability: null }, all);
		expect(byScore.rankedBy).toBe('score');
		expect(byScore.revenueAtRisk).toBeNull();
		expect([...byScore.rows]).toEqual([3, 0, 2, 1, 4]);
		const byProbability = worklistOf({ ...base, arr: null }, all);
		expect(byProbability.rankedBy).toBe('probability');
		expect([...byProbability.rows]).toEqual([3, 4, 0, 2, 1]);
	});
	it('filters by band, segment and owner together', () => {
		expect([...worklistOf(base, { band: 0, segment: null, owner: null }).rows]).toEqual([2, 0, 3]);
		expect([...worklistOf(base, { band: 0, segment: 'SMB', owner: 'Ann' }).rows]).toEqual([0, 3]);
		expect([...worklistOf(base, { band: -1, segment: null, owner: null }).rows]).toEqual([4]);
		expect([...worklistOf(base, { band: null, segment: 'Enterprise', owner: 'Bo' }).rows]).toEqual([1]);
	});
	it('rejects inputs of different lengths with the counts', () => {
		expect(() => worklistOf({ ...base, arr: [1] }, all)).toThrow('ARR has 1 values for 5 customers');
	});
	it('says which ranking is used', () => {
		expect(describeRanking('revenue', 'Run 3')).toBe('Ranked by revenue at risk: ARR × churn probability from the churn model “Run 3”.');
		expect(describeRanking('score')).toMatch(/^Ranked by health score, lowest first: there is no trained churn model yet/);
	});
});
