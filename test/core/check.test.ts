import { describe, expect, it } from 'vitest';
import { checkScorecard, ScorecardError } from '../../src/lib/core/check';
import { scoreTable } from '../../src/lib/core/score';
import { defaultBands, type Metric, type Normalization, type Scorecard } from '../../src/lib/core/scorecard';
import { tableOf } from '../helpers/tables';

const table = tableOf({ usage: [10, 20], plan: ['a', 'b'] });
const metric = (over: Partial<Metric> = {}): Metric => ({
	id: 'm', column: 'usage', label: 'Usage', weight: 1, normalization: { kind: 'linear', worst: 0, best: 100 }, missing: { kind: 'skip' }, ...over
});
const card = (metrics: Metric[], bands = defaultBands()): Scorecard => ({ id: 's', name: 's', metrics, bands });
const errors = (sc: Scorecard) => checkScorecard(sc, table).filter((p) => p.severity === 'error').map((p) => p.message);
const withNorm = (normalization: Normalization) => card([metric({ normalization })]);

describe('checkScorecard names the metric and the value', () => {
	it('accepts a valid scorecard', () => expect(errors(card([metric()]))).toEqual([]));
	it('all weights 0', () => {
		expect(errors(card([metric({ weight: 0 }), metric({ id: 'n', weight: 0 })]))).toEqual(['All weights are 0: give at least one metric a positive weight.']);
		// About every weight, so the page points each Weight field at it; no other problem is.
		expect(checkScorecard(card([metric({ weight: 0 })]), table).map((p) => p.about)).toEqual(['weights']);
		expect(checkScorecard(card([metric({ weight: -1 })], []), table).map((p) => p.about)).toEqual([undefined, undefined]);
	});
	it("says which problems are of a metric's sub-score or missing-value fields, not of its column or weight", () => {
		const about = (sc: Scorecard) => checkScorecard(sc, table).map((p) => [p.message.replace(/^Metric "Usage": /, ''), p.about]);
		expect(about(withNorm({ kind: 'linear', worst: 5, best: 5 }))).toEqual([['worst and best are both 5; they must differ', 'sub-score']]);
		expect(about(card([metric({ missing: { kind: 'fixed', value: 120 } })]))).toEqual([['the sub-score for a missing value must be between 0 and 100, got 120', 'sub-score']]);
		expect(about(card([metric({ column: 'plan' })]))).toEqual([['column "plan" holds categories; score it with category points, not linear', 'sub-score']]);
		expect(about(card([metric({ weight: -2 }), metric({ id: 'n' })]))).toEqual([['weight must be a non-negative number, got -2', undefined]]);
	});
	it('negative weight', () => expect(errors(card([metric({ weight: -5 })]))).toEqual(['Metric "Usage": weight must be a non-negative number, got -5']));
	it('non-numeric weight', () => expect(errors(card([metric({ weight: NaN })]))[0]).toContain('got NaN'));
	it('worst = best', () => {
		expect(errors(withNorm({ kind: 'linear', worst: 50, best: 50 }))).toEqual(['Metric "Usage": worst and best are both 50; they must differ']);
	});
	it('overlapping thresholds', () => {
		const e = errors(withNorm({ kind: 'thresholds', ranges: [{ from: 0, to: 5, points: 10 }, { from: 3, to: 10, points: 90 }] }));
		expect(e).toEqual(['Metric "Usage": ranges [0, 5) and [3, 10) overlap']);
	});
	it('open-ended overlapping thresholds', () => {
		const e = errors(withNorm({ kind: 'thresholds', ranges: [{ from: null, to: 5, points: 10 }, { from: null, to: 3, points: 90 }] }));
		expect(e[0]).toMatch(/overlap/);
	});
	it('a gap between thresholds is a warning, not an error', () => {
		const p = checkScorecard(withNorm({ kind: 'thresholds', ranges: [{ from: 0, to: 1, points: 0 }, { from: 2, to: 3, points: 100 }] }), table);
		expect(p).toEqual([{ severity: 'warning', metricId: 'm', about: 'sub-score', message: 'Metric "Usage": values in [1, 2) are in no range and count as missing' }]);
	});
	it('points outside 0–100', () => {
		expect(errors(withNorm({ kind: 'thresholds', ranges: [{ from: null, to: null, points: 120 }] }))[0]).toContain('got 120');
	});
	it('target range out of order', () => {
		expect(errors(withNorm({ kind: 'target', zeroBelow: 0, lo: 6, hi: 5, zeroAbove: 10 }))[0]).toContain('0 ≤ 6 ≤ 5 ≤ 10');
	});
	it('unknown column, listing the columns there are', () => {
		expect(errors(card([metric({ column: 'nps_score', label: 'NPS' })]))).toEqual(['Metric "NPS": column "nps_score" is not in the data (columns: usage, plan)']);
	});
	it('a category column with a numeric normalization', () => {
		expect(errors(card([metric({ column: 'plan' })]))[0]).toContain('column "plan" holds categories');
	});
	it('category points outside 0–100', () => {
		expect(errors(card([metric({ column: 'plan', normalization: { kind: 'category', points: { a: -1, b: 50 }, otherPoints: null } })]))[0]).toContain('"a" must be between 0 and 100, got -1');
	});
	it('unscored category levels are a warning', () => {
		const p = checkScorecard(card([metric({ column: 'plan', normalization: { kind: 'category', points: { a: 10 }, otherPoints: null } })]), table);
		expect(p.map((x) => x.severity)).toEqual(['warning']);
		expect(p[0].message).toContain('"b"');
	});
	it('fixed missing sub-score outside 0–100', () => {
		expect(errors(card([metric({ missing: { kind: 'fixed', value: 150 } })]))[0]).toContain('got 150');
	});
	it('no metrics', () => expect(errors(card([]))[0]).toMatch(/no metrics/));
	it('bands out of order, not starting at 0, bad colour', () => {
		const bands = [
			{ label: 'Low', min: 10, color: '#ff0000', action: '' },
			{ label: 'High', min: 5, color: 'red', action: '' }
		];
		expect(errors(card([metric()], bands))).toEqual([
			'Band "Low": the first band must start at 0, got 10',
			'Band "High": start 5 must be above the previous band\'s start 10',
			'Band "High": colour must be #rrggbb, got "red"'
		]);
	});
	it('scoreTable throws a ScorecardError carrying every error', () => {
		try {
			scoreTable(table, card([metric({ weight: -1 }), metric({ id: 'x', column: 'nope', label: 'X' })]));
			expect.unreachable();
		} catch (e) {
			expect(e).toBeInstanceOf(ScorecardError);
			expect((e as ScorecardError).problems).toHaveLength(2);
			expect((e as Error).message).toContain('Metric "X": column "nope"');
		}
	});
});
