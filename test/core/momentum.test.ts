import { describe, expect, it } from 'vitest';
import { biggestMover, describeChange, describeMover, formatSignedPoints, momentumOf, scoreChanges } from '../../src/lib/core/momentum';

describe('momentum', () => {
	it('says up, down or flat (a change that prints as 0.0)', () => {
		expect(momentumOf(60, 66.5)).toEqual({ change: 6.5, direction: 'up' });
		expect(momentumOf(60, 52)).toEqual({ change: -8, direction: 'down' });
		expect(momentumOf(60, 60.04)?.direction).toBe('flat');
		expect(momentumOf(NaN, 60)).toBeNull();
		expect(describeChange(momentumOf(60, 52))).toBe('down 8.0 points');
		expect(describeChange(momentumOf(60, 60))).toBe('no change');
		expect(describeChange(null)).toBe('no score to compare');
	});
	it('takes every customer’s change from its current and previous rows', () => {
		const score = [50, 40, 70, NaN, 65];
		// Customer 0: rows 1 → 0 (+10); customer 1: row 2, no previous; customer 2: rows 4 → 3 (no score).
		const out = scoreChanges([0, 2, 3], [1, -1, 4], score);
		expect(out[0]).toBe(10);
		expect(out[1]).toBeNaN();
		expect(out[2]).toBeNaN();
	});
	it('finds the metric whose contribution changed most, and says it in words', () => {
		const before = [
			{ id: 'usage', label: 'Product usage', value: 80, contribution: 24 },
			{ id: 'nps', label: 'NPS', value: 9, contribution: 9 }
		];
		const after = [
			{ id: 'usage', label: 'Product usage', value: 78, contribution: 23.4 },
			{ id: 'nps', label: 'NPS', value: 4, contribution: 3 }
		];
		const mover = biggestMover(before, after)!;
		expect(mover).toEqual({ id: 'nps', label: 'NPS', from: 9, to: 4, change: -6 });
		expect(describeMover(mover)).toBe('NPS fell from 9 to 4: −6.0 points');
	});
	it('words rises, categories, missing values and unchanged values', () => {
		expect(describeMover({ id: 't', label: 'Logins', from: 4, to: 12.5, change: 2.25 })).toBe('Logins rose from 4 to 12.5: +2.3 points');
		expect(describeMover({ id: 'c', label: 'Contract', from: 'One year', to: 'Month-to-month', change: -6 })).toBe('Contract changed from One year to Month-to-month: −6.0 points');
		expect(describeMover({ id: 'n', label: 'NPS', from: 9, to: NaN, change: -9 })).toBe('NPS changed from 9 to missing: −9.0 points');
		expect(describeMover({ id: 'n', label: 'NPS', from: 9, to: 9, change: 1.2 })).toBe('NPS stayed at 9: +1.2 points');
	});
	it('counts a metric in one snapshot only as 0 points in the other, and returns null when nothing moved', () => {
		const a = [{ id: 'x', label: 'X', value: 1, contribution: 10 }];
		const b = [{ id: 'y', label: 'Y', value: 2, contribution: 4 }];
		expect(biggestMover(a, b)).toEqual({ id: 'x', label: 'X', from: 1, to: null, change: -10 });
		expect(biggestMover(a, a)).toBeNull();
	});
	it('signs points with a true minus and never prints −0.0', () => {
		expect(formatSignedPoints(-6)).toBe('−6.0');
		expect(formatSignedPoints(0.04)).toBe('0.0');
		expect(formatSignedPoints(-0.01)).toBe('0.0');
		expect(formatSignedPoints(3.14)).toBe('+3.1');
	});
});
