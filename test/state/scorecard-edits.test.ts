import { describe, expect, it } from 'vitest';
import { checkScorecard } from '../../src/lib/core/check';
import { defaultBands, type Metric, type Scorecard, type ThresholdsNormalization } from '../../src/lib/core/scorecard';
import type { Table } from '../../src/lib/core/table';
import {
	addBand, addMetric, addThresholdRange, changeColumn, changeNormalizationKind, columnChoices, columnLevels, flipDirection,
	higherIsBetter, labelOfColumn, moveMetric, normalizationKinds, removeBand, removeMetric, removeThresholdRange,
	metricNamed, restoreMetric, levelPoints, setLevelPoints, setMissingPolicy, sortBands, totalWeight, uniqueMetricId
} from '../../src/lib/state/scorecard-edits';
import { tableOf } from '../helpers/tables';

// 0..100 step 1: the 5th / 25th / 50th / 75th / 95th percentiles are 5, 25, 50, 75, 95 (numpy, type 7).
const hundred = Array.from({ length: 101 }, (_, i) => i);
const table: Table = tableOf({ nps: hundred, tickets: hundred.map((i) => i % 3), plan: hundred.map((i) => (i % 2 ? 'Pro' : 'Basic')) });
table.columns.account_id = { kind: 'text', values: hundred.map((i) => `A${i}`) };

const emptyCard = (): Scorecard => ({ id: 's', name: 'Test', metrics: [], bands: defaultBands() });
const linear = (worst: number, best: number): Metric => ({
	id: 'm1', column: 'nps', label: 'NPS', weight: 10, normalization: { kind: 'linear', worst, best }, missing: { kind: 'skip' }
});

describe('labels and ids', () => {
	it('turns column names into labels people read', () => {
		expect(labelOfColumn('seat_utilization')).toBe('Seat utilization');
		expect(labelOfColumn('nps')).toBe('NPS');
		expect(labelOfColumn('contract_growth_pct')).toBe('Contract growth %');
		expect(labelOfColumn('MonthlyCharges')).toBe('Monthly charges');
		expect(labelOfColumn('Customer Service Calls')).toBe('Customer service calls');
		expect(labelOfColumn('___')).toBe('___');
	});
	it('makes ids unique within the scorecard', () => {
		const card = emptyCard();
		expect(uniqueMetricId(card, 'Seat Utilization %')).toBe('m-seat-utilization');
		card.metrics.push({ ...linear(0, 1), id: 'm-nps' }, { ...linear(0, 1), id: 'm-nps-2' });
		expect(uniqueMetricId(card, 'nps')).toBe('m-nps-3');
		expect(uniqueMetricId(card, '!!!')).toBe('m-metric');
	});
});

describe('adding, removing and moving metrics', () => {
	it('adds a metric with defaults from the column (linear 5th → 95th percentile, weight 10, skip missing)', () => {
		const card = emptyCard();
		const m = addMetric(card, 'nps', table);
		expect(card.metrics).toEqual([m]);
		expect(m).toEqual({
			id: 'm-nps', column: 'nps', label: 'NPS', weight: 10,
			normalization: { kind: 'linear', worst: 5, best: 95 }, missing: { kind: 'skip' }
		});
		const again = addMetric(card, 'nps', table);
		expect([again.id, again.label]).toEqual(['m-nps-2', 'NPS (2)']);
		expect(checkScorecard(card, table)).toEqual([]);
	});
	it('numbers a label another metric has as its name, case, spaces and an empty label (named by its column) aside', () => {
		for (const other of [{ column: 'score', label: 'nps ' }, { column: 'score', label: 'Nps' }, { column: 'NPS', label: '' }, { column: 'score', label: ' NPS' }]) {
			const card = emptyCard();
			card.metrics.push({ ...linear(0, 1), id: 'other', ...other });
			expect(addMetric(card, 'nps', table).label, JSON.stringify(other)).toBe('NPS (2)');
			expect(metricNamed(card, 'NPS')?.id).toBe('other');
		}
		const card = emptyCard();
		card.metrics.push({ ...linear(0, 1), id: 'other', column: 'score', label: 'NPS score' });
		expect(addMetric(card, 'nps', table).label).toBe('NPS');
	});
	it('proposes category points for a category column', () => {
		const m = addMetric(emptyCard(), 'plan', table);
		expect(m.normalization).toEqual({ kind: 'category', points: { Basic: 0, Pro: 100 }, otherPoints: null });
	});
	it('adds a metric in the direction given: worst and best swapped, or No 100 and Yes 0', () => {
		expect(addMetric(emptyCard(), 'nps', table, false).normalization).toEqual({ kind: 'linear', worst: 95, best: 5 });
		const flags: Table = tableOf({ late: hundred.map((i) => (i % 4 ? 'No' : 'Yes')) });
		expect(addMetric(emptyCard(), 'late', flags, false).normalization).toEqual({ kind: 'category', points: { No: 100, Yes: 0 }, otherPoints: null });
		// A category of no order has no direction to take.
		expect(addMetric(emptyCard(), 'plan', table, false).normalization).toEqual({ kind: 'category', points: { Basic: 0, Pro: 100 }, otherPoints: null });
	});
	it('refuses text and unknown columns, naming them', () => {
		expect(() => addMetric(emptyCard(), 'account_id', table)).toThrow('"account_id"');
		expect(() => addMetric(emptyCard(), 'nope', table)).toThrow('"nope"');
	});
	it('lists scorable columns with how often each is used', () => {
		const card = emptyCard();
		addMetric(card, 'nps', table);
		expect(columnChoices(table, card)).toEqual([
			{ name: 'nps', kind: 'number', usedBy: 1 },
			{ name: 'tickets', kind: 'number', usedBy: 0 },
			{ name: 'plan', kind: 'category', usedBy: 0 }
		]);
		expect(columnChoices(table, card, ['plan', 'tickets']).map((c) => c.name)).toEqual(['nps']);
	});
	it('removes a metric and puts it back where it was', () => {
		const card = emptyCard();
		['nps', 'tickets', 'plan'].forEach((c) => addMetric(card, c, table));
		const removed = removeMetric(card, 'm-tickets');
		expect(removed?.index).toBe(1);
		expect(card.metrics.map((m) => m.id)).toEqual(['m-nps', 'm-plan']);
		restoreMetric(card, removed!);
		expect(card.metrics.map((m) => m.id)).toEqual(['m-nps', 'm-tickets', 'm-plan']);
		restoreMetric(card, removed!); // twice does not duplicate
		expect(card.metrics).toHaveLength(3);
		expect(removeMetric(card, 'absent')).toBeNull();
	});
	it('moves metrics up and down, not past either end', () => {
		const card = emptyCard();
		['nps', 'tickets', 'plan'].forEach((c) => addMetric(card, c, table));
		expect(moveMetric(card, 'm-plan', -1)).toBe(true);
		expect(card.metrics.map((m) => m.column)).toEqual(['nps', 'plan', 'tickets']);
		expect(moveMetric(card, 'm-nps', -1)).toBe(false);
		expect(moveMetric(card, 'm-tickets', 1)).toBe(false);
	});
	it('totals only the weights that count', () => {
		const card = emptyCard();
		card.metrics = [{ ...linear(0, 1), weight: 10 }, { ...linear(0, 1), weight: 2.5 }, { ...linear(0, 1), weight: -3 }, { ...linear(0, 1), weight: NaN }];
		expect(totalWeight(card)).toBe(12.5);
	});
});

describe('normalization kinds and direction', () => {
	it('offers category points on a number column only when it has few distinct values', () => {
		expect(normalizationKinds(table.columns.plan)).toEqual(['category']);
		expect(normalizationKinds(table.columns.tickets)).toEqual(['linear', 'thresholds', 'target', 'percentile', 'category', 'asIs']);
		expect(normalizationKinds(table.columns.nps)).toEqual(['linear', 'thresholds', 'target', 'percentile', 'asIs']);
		expect(normalizationKinds(table.columns.account_id)).toEqual([]);
		expect(normalizationKinds(undefined)).toEqual([]);
	});
	it('lists the levels category points are given for', () => {
		expect(columnLevels(table.columns.plan)).toEqual(['Basic', 'Pro']);
		expect(columnLevels({ kind: 'number', values: Float64Array.of(10, 2, NaN, 2, -Infinity) })).toEqual(['2', '10']);
		expect(columnLevels(table.columns.account_id)).toEqual([]);
	});
	it('switching kind proposes bounds from the column and keeps "lower is better"', () => {
		const m = linear(95, 5);
		expect(higherIsBetter(m.normalization)).toBe(false);
		changeNormalizationKind(m, 'thresholds', table.columns.nps);
		expect(m.normalization).toEqual({
			kind: 'thresholds',
			ranges: [{ from: null, to: 25, points: 100 }, { from: 25, to: 50, points: 67 }, { from: 50, to: 75, points: 33 }, { from: 75, to: null, points: 0 }]
		});
		changeNormalizationKind(m, 'percentile', table.columns.nps);
		expect(m.normalization).toEqual({ kind: 'percentile', higherIsBetter: false });
		changeNormalizationKind(m, 'target', table.columns.nps);
		expect(m.normalization).toEqual({ kind: 'target', zeroBelow: 5, lo: 25, hi: 75, zeroAbove: 95 });
	});
	it('flips linear, percentile and grading tables; not as-is', () => {
		const m = linear(12, 88);
		expect(flipDirection(m)).toBe(true);
		expect(m.normalization).toEqual({ kind: 'linear', worst: 88, best: 12 });
		// Rows out of order: the mirror follows the value order, not the row order.
		m.normalization = { kind: 'thresholds', ranges: [{ from: 50, to: null, points: 90 }, { from: null, to: 20, points: 0 }, { from: 20, to: 50, points: 40 }] };
		flipDirection(m);
		expect((m.normalization as ThresholdsNormalization).ranges.map((r) => r.points)).toEqual([0, 90, 40]);
		m.normalization = { kind: 'asIs' };
		expect(flipDirection(m)).toBe(false);
	});
	it('changing the column re-proposes, and the default label follows the column', () => {
		const m = linear(5, 95);
		changeColumn(m, 'plan', table);
		expect(m).toMatchObject({ column: 'plan', label: 'Plan', normalization: { kind: 'category', points: { Basic: 0, Pro: 100 } } });
		m.label = 'Plan tier';
		changeColumn(m, 'tickets', table);
		// tickets has 3 distinct values, so category points still fit; levels are the numbers as written.
		expect(m).toMatchObject({ column: 'tickets', label: 'Plan tier', normalization: { kind: 'category', points: { 0: 0, 1: 50, 2: 100 } } });
		// nps has 101 distinct values: too many for category points, so the first kind it can take.
		changeColumn(m, 'nps', table);
		expect(m.normalization).toEqual({ kind: 'linear', worst: 5, best: 95 });
		expect(() => changeColumn(m, 'account_id', table)).toThrow('"account_id"');
	});
	it('a fixed sub-score for missing values starts at 50', () => {
		const m = linear(0, 1);
		setMissingPolicy(m, 'fixed');
		expect(m.missing).toEqual({ kind: 'fixed', value: 50 });
		setMissingPolicy(m, 'median');
		expect(m.missing).toEqual({ kind: 'median' });
	});
	it('level points can be cleared so the level takes the "other values" points', () => {
		const n = { kind: 'category' as const, points: { Basic: 0, Pro: 100 }, otherPoints: 20 };
		setLevelPoints(n, 'Basic', null);
		setLevelPoints(n, 'Pro', 80);
		expect(n.points).toEqual({ Pro: 80 });
	});
	it('levels named like Object.prototype members stay ordinary values', () => {
		const n = { kind: 'category' as const, points: {} as Record<string, number>, otherPoints: null };
		expect(levelPoints(n, 'constructor')).toBeNull();
		setLevelPoints(n, '__proto__', 40);
		expect(Object.keys(n.points)).toEqual(['__proto__']);
		expect(levelPoints(n, '__proto__')).toBe(40);
		expect(Object.getPrototypeOf(n.points)).toBe(Object.prototype);
	});
});

describe('grading-table rows', () => {
	const card = (ranges: ThresholdsNormalization['ranges']): Scorecard => ({
		...emptyCard(), metrics: [{ ...linear(0, 1), normalization: { kind: 'thresholds', ranges } }]
	});
	it('adding splits the last row at the middle of its values and stays valid', () => {
		const sc = card([{ from: null, to: 25, points: 0 }, { from: 25, to: null, points: 100 }]);
		const n = sc.metrics[0].normalization as ThresholdsNormalization;
		addThresholdRange(n, table.columns.nps); // [25, ∞) over values up to 100 → cut at 62.5
		expect(n.ranges).toEqual([{ from: null, to: 25, points: 0 }, { from: 25, to: 62.5, points: 100 }, { from: 62.5, to: null, points: 100 }]);
		expect(checkScorecard(sc, table)).toEqual([]);
	});
	it('adding after a row that starts above every value still gives a valid table', () => {
		const sc = card([{ from: null, to: 200, points: 0 }, { from: 200, to: null, points: 100 }]);
		const n = sc.metrics[0].normalization as ThresholdsNormalization;
		addThresholdRange(n, table.columns.nps);
		expect(n.ranges.slice(1)).toEqual([{ from: 200, to: 201, points: 100 }, { from: 201, to: null, points: 100 }]);
		expect(checkScorecard(sc, table)).toEqual([]);
	});
	it('removing a row lets the row below take over its values; the only row stays', () => {
		const n: ThresholdsNormalization = { kind: 'thresholds', ranges: [{ from: null, to: 25, points: 0 }, { from: 25, to: 50, points: 50 }, { from: 50, to: null, points: 100 }] };
		expect(removeThresholdRange(n, 1)).toBe(true);
		expect(n.ranges).toEqual([{ from: null, to: 50, points: 0 }, { from: 50, to: null, points: 100 }]);
		expect(removeThresholdRange(n, 0)).toBe(true);
		expect(n.ranges).toEqual([{ from: null, to: null, points: 100 }]);
		expect(removeThresholdRange(n, 0)).toBe(false);
	});
});

describe('bands', () => {
	it('adds a band in the middle of the widest gap, in order', () => {
		const bands = defaultBands(); // starts 0, 40, 70: gaps 40, 30, 30
		const band = addBand(bands);
		expect(bands.map((b) => b.min)).toEqual([0, 20, 40, 70]);
		expect(bands[1]).toBe(band);
		const sc = { ...emptyCard(), bands, metrics: [linear(0, 1)] };
		expect(checkScorecard(sc)).toEqual([]);
	});
	it('has no room for a band when every gap is under 2 points', () => {
		const bands = Array.from({ length: 100 }, (_, i) => ({ label: `B${i}`, min: i, color: '#000000', action: '' }));
		expect(addBand(bands)).toBeNull(); // the last gap, 99 → 100, is 1
		expect(bands).toHaveLength(100);
	});
	it('removing the first band makes the next one start at 0; the only band stays', () => {
		const bands = defaultBands();
		expect(removeBand(bands, 0)).toBe(true);
		expect(bands.map((b) => [b.label, b.min])).toEqual([['Needs attention', 0], ['Healthy', 70]]);
		removeBand(bands, 1);
		expect(removeBand(bands, 0)).toBe(false);
	});
	it('sorts by start, keeping the same band objects', () => {
		const bands = defaultBands();
		const healthy = bands[2];
		bands[2].min = 30;
		sortBands(bands);
		expect(bands.map((b) => b.min)).toEqual([0, 30, 40]);
		expect(bands[1]).toBe(healthy);
	});
});
