import { describe, expect, it } from 'vitest';
import { bandStartTenths, roundScore, scoreTenths } from '../../src/lib/core/shown-score';
import { formatScore } from '../../src/lib/format';

describe('the score as shown', () => {
	it('rounds to one decimal, half-way up, by hand', () => {
		expect([69.94, 69.95, 69.96, 70, 0, 100, 0.05, 0.15, 12.25].map(roundScore)).toEqual([69.9, 70, 70, 70, 0, 100, 0.1, 0.2, 12.3]);
		expect([69.94, 69.95, 69.96, 70].map(scoreTenths)).toEqual([699, 700, 700, 700]);
		expect(roundScore(NaN)).toBeNaN();
	});
	it('is what formatScore writes', () => {
		expect([69.94, 69.95, 69.96, 70, 0, 100, NaN].map(formatScore)).toEqual(['69.9', '70.0', '70.0', '70.0', '0.0', '100.0', 'No score']);
		for (let k = 0; k <= 10000; k++) expect(Number(formatScore(k / 100))).toBe(roundScore(k / 100));
	});
	it('puts a band start on the tenth it takes', () => {
		expect([0, 0.3, 40, 70, 33.35, 33.3, 100].map(bandStartTenths)).toEqual([0, 3, 400, 700, 334, 333, 1000]);
	});
});
