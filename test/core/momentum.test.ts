import { describe, expect, it } from 'vitest';
import { HistoryScorer } from '../../src/lib/core/history-scorer';
import { biggestMover, describeChange, describeMover, formatApart, momentumOf, scoreChanges } from '../../src/lib/core/momentum';
import { formatSignedPoints } from '../../src/lib/core/format';
import type { Override } from '../../src/lib/core/overrides';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import { singleSet } from '../../src/lib/core/scorecard-set';
import { tableOf } from '../helpers/tables';

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
	it('measures the change between the scores as shown, so it is what the two scores on the page differ by', () => {
		// 75.14 → 69.06 shows as 75.1 → 69.1: down 6.0 (exactly 6.08, which would read "6.1").
		expect(momentumOf(75.14, 69.06)).toEqual({ change: -6, direction: 'down' });
		// 60.04 → 59.96 shows as 60.0 → 60.0: flat, though exactly 0.08 apart.
		expect(momentumOf(60.04, 59.96)).toEqual({ change: 0, direction: 'flat' });
		// 60.04 → 60.06 shows as 60.0 → 60.1: up 0.1, though exactly only 0.02 apart.
		expect(describeChange(momentumOf(60.04, 60.06))).toBe('up 0.1 points');
		expect(Object.is(momentumOf(60, 60)!.change, 0)).toBe(true);
		const out = scoreChanges([0], [1], [69.06, 75.14]);
		expect(out[0]).toBe(-6);
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
		expect(biggestMover(a, b)).toEqual({ id: 'x', label: 'X', from: 1, to: null, change: -10, scorecard: 'left' });
		expect(biggestMover(a, a)).toBeNull();
	});
	it('says a metric left or joined the scorecard, not that its value went missing (a segment scorecard of other metrics)', () => {
		// Before, the default scored Product usage 74.6 → 15.4 points; now the segment's scorecard has Logins instead.
		const before = [{ id: 'usage', label: 'Product usage', value: 74.6, contribution: 15.4 }, { id: 'nps', label: 'NPS', value: 9, contribution: 5 }];
		const now = [{ id: 'nps', label: 'NPS', value: 9, contribution: 6 }, { id: 'logins', label: 'Logins per user', value: 6.4, contribution: 0.9 }];
		const left = biggestMover(before, now)!;
		expect(left).toEqual({ id: 'usage', label: 'Product usage', from: 74.6, to: null, change: -15.4, scorecard: 'left' });
		expect(describeMover(left)).toBe('Product usage is no longer in the scorecard (74.6 before): −15.4 points');
		const joined = biggestMover([now[0]], now)!;
		expect(joined).toEqual({ id: 'logins', label: 'Logins per user', from: null, to: 6.4, change: 0.9, scorecard: 'joined' });
		expect(describeMover(joined)).toBe('Logins per user is new in the scorecard (6.4 now): +0.9 points');
		// A value that went missing in a metric still in the scorecard stays "changed to missing".
		expect(describeMover(biggestMover([before[1]], [{ ...before[1], value: NaN, contribution: 0 }])!)).toBe('NPS changed from 9 to missing: −5.0 points');
	});
	it('signs points with a true minus and never prints −0.0', () => {
		expect(formatSignedPoints(-6)).toBe('−6.0');
		expect(formatSignedPoints(0.04)).toBe('0.0');
		expect(formatSignedPoints(-0.01)).toBe('0.0');
		expect(formatSignedPoints(3.14)).toBe('+3.1');
	});
});

describe('the mover’s words when rounding or an override hides why it moved', () => {
	it('prints as many decimals as it takes to show the values differ', () => {
		expect(describeMover({ id: 'l', label: 'Logins', from: 1.001, to: 1.004, change: 0.5 })).toBe('Logins rose from 1.001 to 1.004: +0.5 points');
		expect(describeMover({ id: 'l', label: 'Logins', from: 2, to: 2.000004, change: 0.1 })).toBe('Logins rose from 2 to 2.000004: +0.1 points');
		expect(describeMover({ id: 'l', label: 'Logins', from: 12.5, to: 1234.25, change: 3 })).toBe('Logins rose from 12.5 to 1,234.25: +3.0 points');
		expect(formatApart(7, 7)).toEqual(['7', '7']);
	});
	it('says when an override, not the value, set the sub-score (the scorer’s explanation of two snapshots)', () => {
		const table = tableOf({ id: ['c1', 'c1'], as_of: ['2026-01-01', '2026-02-01'], usage: [25, 18.8], nps: [50, 50] });
		const roles = { id: 'id', asOf: 'as_of' };
		const card: Scorecard = {
			id: 's', name: 's', bands: defaultBands(),
			metrics: [
				{ id: 'usage', column: 'usage', label: 'Product usage', weight: 1, normalization: { kind: 'linear', worst: 0, best: 100 }, missing: { kind: 'skip' } },
				{ id: 'nps', column: 'nps', label: 'NPS', weight: 1, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } }
			]
		};
		const override: Override = { id: 'o', customerId: 'c1', metricId: 'usage', subScore: 100, comment: 'Seasonal dip', from: '2026-02-01', expires: '2026-12-31', createdAt: '2026-02-02T00:00:00Z' };
		const scorer = new HistoryScorer();
		scorer.setTable(table, roles);
		const versions = [{ id: 'v1', number: 1, createdAt: '', note: '', appliesFrom: null, set: singleSet(card) }];
		scorer.score({ versions, overrides: [override], today: '2026-03-01' });
		const [before, now] = scorer.explain([0, 1]);
		// Usage: sub-score 25 of a mean of two → 12.5 points; overridden to 100 → 50 points.
		const mover = biggestMover(before.metrics, now.metrics)!;
		expect(describeMover(mover)).toBe('Product usage fell from 25 to 18.8, but its sub-score is overridden: +37.5 points');
		expect(describeMover(biggestMover(now.metrics, before.metrics)!)).toBe('Product usage rose from 18.8 to 25, but its earlier sub-score was overridden: −37.5 points');
	});
});
