import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { scoredCustomersCsv } from '../../src/lib/core/export-csv';
import { HistoryScorer, NO_SCORECARD } from '../../src/lib/core/history-scorer';
import { DEFAULT_QUERY, queryCustomers } from '../../src/lib/core/customers';
import { columnContribution, columnScoresOf, hasMetric, metricColumns, ownColumns, uniqueLabels } from '../../src/lib/core/metric-columns';
import { scoreTable } from '../../src/lib/core/score';
import { defaultBands, type Metric, type Scorecard } from '../../src/lib/core/scorecard';
import type { Table } from '../../src/lib/core/table';
import { planOf } from '../helpers/history-fixture';

const metric = (id: string, label: string, column: string, weight: number): Metric => ({ id, column, label, weight, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } });
const card = (id: string, metrics: Metric[]): Scorecard => ({ id, name: id, metrics, bands: defaultBands() });

describe('metricColumns', () => {
	it('lists the default’s metrics, then each segment scorecard’s others, matched by label', () => {
		const def = card('d', [metric('a', 'A', 'a', 1), metric('b', 'B', 'b', 1), metric('c', 'C', 'c', 1)]);
		// A copy that drops C, adds D, and keeps B and A (in another order, under other ids).
		const seg = card('s', [metric('b2', 'B', 'b', 5), metric('d', 'D', 'd', 1), metric('a2', 'A', 'a', 1)]);
		const { columns, columnsOf } = metricColumns([def, seg]);
		expect(columns).toEqual([{ label: 'A', id: 'a' }, { label: 'B', id: 'b' }, { label: 'C', id: 'c' }, { label: 'D', id: 'd' }]);
		expect([...columnsOf(def)]).toEqual([0, 1, 2]);
		expect([...columnsOf(seg)]).toEqual([1, 3, 0]);
		expect([...columnsOf(card('x', [metric('e', 'E', 'e', 1)]))]).toEqual([-1]);
	});

	it('keeps two metrics of one label apart by which of that label each is', () => {
		const def = card('d', [metric('x1', 'X', 'a', 1), metric('x2', 'X', 'b', 1)]);
		const seg = card('s', [metric('x3', 'X', 'b', 1), metric('y', '', 'c', 1)]);
		const { columns, columnsOf } = metricColumns([def, seg]);
		// The headers are numbered, so a spreadsheet can tell the two X columns apart.
		expect(columns).toEqual([{ label: 'X', id: 'x1' }, { label: 'X (2)', id: 'x2' }, { label: 'y', id: 'y' }]);
		expect([...columnsOf(seg)]).toEqual([0, 2]);
	});
});

describe('uniqueLabels', () => {
	it('numbers a repeated label from 2, and leaves one-off labels alone', () => {
		expect(uniqueLabels(['A', 'B', 'A', 'A'])).toEqual(['A', 'B', 'A (2)', 'A (3)']);
		expect(uniqueLabels(['A', 'B'])).toEqual(['A', 'B']);
	});

	it('never takes a name another column has as its own label', () => {
		expect(uniqueLabels(['Logins', 'Logins', 'Logins (2)'])).toEqual(['Logins', 'Logins (3)', 'Logins (2)']);
		expect(new Set(uniqueLabels(['A (2)', 'A', 'A', 'A (3)', 'A'])).size).toBe(5);
		// Case and outer spaces: DuckDB reads "Logins sub-score" and "logins sub-score" as one column.
		expect(uniqueLabels(['Logins', 'logins', 'Logins ', 'LOGINS (2)'])).toEqual(['Logins', 'logins (3)', 'Logins (4)', 'LOGINS (2)']);
		expect(uniqueLabels([' Logins '])).toEqual(['Logins']);
	});
});

describe('two metrics of one label in the Customers CSV', () => {
	it('get two headers a spreadsheet can tell apart, each with its own sub-scores', () => {
		const table: Table = { rowCount: 2, columns: { id: { kind: 'text', values: ['c1', 'c2'] }, a: { kind: 'number', values: Float64Array.of(10, 90) }, b: { kind: 'number', values: Float64Array.of(30, 70) } } };
		const def = card('d', [metric('l1', 'Logins', 'a', 1), metric('l2', 'Logins', 'b', 1)]);
		const result = scoreTable(table, def);
		const csv = scoredCustomersCsv({ table, roles: { id: 'id' }, result, scorecard: def, rows: [0, 1] });
		const [header, c1] = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
		// Only an ID role and one scorecard: customer_id, score, band, recommended_action, then the metrics.
		expect(header.slice(0, 4)).toEqual(['customer_id', 'score', 'band', 'recommended_action']);
		const metricHeaders = header.slice(4);
		expect(metricHeaders).toEqual(['Logins sub-score', 'Logins contribution', 'Logins (2) sub-score', 'Logins (2) contribution']);
		expect(new Set(header).size).toBe(header.length);
		// c1: (10 + 30) / 2 = 20, the points 5 and 15.
		expect(c1.slice(4).map(Number)).toEqual([10, 5, 30, 15]);
	});
});

/**
 * Three customers, one snapshot. Default: Usage (weight 1) and Tickets (1). Gold: Tickets (3) and NPS (1), no Usage.
 * By hand: d1 (Basic, default) (90 + 20) / 2 = 55, points 45 and 10. g1 (Gold) (3·40 + 80) / 4 = 50, points 30 and 20.
 * g2 (Gold) has no Tickets: skipped, so NPS alone, 60, 60 points. Gold's bands are its own: At risk, and Healthy
 * from 50, so g1 and g2 are Healthy (their band index 1 is the default's Needs attention), d1 Needs attention.
 */
describe('the Customers view of a default and a segment scorecard with other metrics', () => {
	const table: Table = {
		rowCount: 3,
		columns: {
			id: { kind: 'text', values: ['g1', 'd1', 'g2'] },
			segment: { kind: 'text', values: ['Gold', 'Basic', 'Gold'] },
			u: { kind: 'number', values: Float64Array.of(10, 90, 50) },
			t: { kind: 'number', values: Float64Array.of(40, 20, NaN) },
			n: { kind: 'number', values: Float64Array.of(80, 0, 60) }
		}
	};
	const roles = { id: 'id', segment: 'segment' };
	const def = card('default', [metric('u', 'Usage', 'u', 1), metric('t', 'Tickets', 't', 1)]);
	const gold = card('gold', [metric('t', 'Tickets', 't', 3), metric('n', 'NPS', 'n', 1)]);
	gold.bands = [defaultBands()[0], { ...defaultBands()[2], min: 50 }];
	const plan = planOf(def);
	plan.versions[0].set.segments = [{ segment: 'Gold', scorecard: gold }];
	const scorer = new HistoryScorer();
	scorer.setTable(table, roles);
	const view = scorer.scoreView(plan);
	const scores = columnScoresOf(view);
	const [g1, d1, g2] = [0, 1, 2];

	it('has a column per metric of either scorecard, and each customer’s sub-scores from its own scorecard', () => {
		expect(scores.labels).toEqual(['Usage', 'Tickets', 'NPS']);
		expect(view.scorecardNames).toEqual(['Default', 'Gold']);
		expect([...view.scorecardOf]).toEqual([1, 0, 1]);
		expect([...scores.score]).toEqual([50, 55, 60]);
		expect([0, 1, 2].map((k) => [...scores.subScores(k)])).toEqual([[NaN, 90, NaN], [40, 20, NaN], [80, NaN, 60]]);
		// Usage is not in Gold's scorecard, NPS not in the default's; g2's Tickets is in it, but skipped.
		expect([g1, d1, g2].map((i) => [0, 1, 2].map((k) => hasMetric(scores, k, i)))).toEqual([[false, true, true], [true, true, false], [false, true, true]]);
	});

	it('weighs each customer’s points by its own scorecard, so they add up to its score', () => {
		expect([g1, d1, g2].map((i) => [0, 1, 2].map((k) => columnContribution(scores, k, i)))).toEqual([[null, 30, 20], [45, 10, null], [null, null, 60]]);
		// The default's weight of Tickets (1) would have given g1 1 · 40 / 4 = 10 points, not 30.
		expect(scores.weightAt(1, g1)).toBe(3);
		expect(scores.weightAt(1, d1)).toBe(1);
		expect(scores.weightAt(2, d1)).toBeNaN();
		expect([...view.weights]).toEqual([1, 1, 0]);
	});

	it('exports the same columns, empty where the customer’s scorecard has no such metric', () => {
		const by = (i: number) => ({ scorecard: view.scorecardNames[view.scorecardOf[i]], overridden: false });
		const csv = scoredCustomersCsv({ table, roles, result: scores, scorecard: def, rows: [g1, d1, g2], scoredBy: by });
		const lines = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
		// ID and segment roles only: no name, owner or ARR column.
		expect(lines[0].slice(0, 5)).toEqual(['customer_id', 'score', 'band', 'recommended_action', 'segment']);
		expect(lines[0].slice(5)).toEqual(['scorecard', 'overridden', 'Usage sub-score', 'Usage contribution', 'Tickets sub-score', 'Tickets contribution', 'NPS sub-score', 'NPS contribution']);
		expect(lines[1]).toEqual(['g1', '50', 'Healthy', 'Upsell candidate', 'Gold', 'Gold', '', '', '', '40', '30', '80', '20']);
		expect(lines[2].slice(1)).toEqual(['55', 'Needs attention', 'Review the account plan with the CSM', 'Basic', 'Default', '', '90', '45', '20', '10', '', '']);
		expect(lines[3].slice(2, 4)).toEqual(['Healthy', 'Upsell candidate']);
		expect(lines[3].slice(5)).toEqual(['Gold', '', '', '', '', '', '60', '60']);
	});

	it('names each customer’s band as its own scorecard does, and filters by it', () => {
		expect([...scores.band]).toEqual([1, 1, 1]);
		expect([g1, d1, g2].map((i) => scores.bandAt(i)?.label)).toEqual(['Healthy', 'Needs attention', 'Healthy']);
		const filter = (band: number) => [...queryCustomers(table, roles, scores, { ...DEFAULT_QUERY, band })];
		expect(filter(2)).toEqual([g1, g2]);
		expect(filter(1)).toEqual([d1]);
		expect(filter(0)).toEqual([]);
		// The Overview counts them in the default's bands too (not Gold's band 1 as the default's Needs attention).
		expect(view.summary.bands.map((b) => [b.band.label, b.customers])).toEqual([['At risk', 0], ['Needs attention', 1], ['Healthy', 2]]);
	});

	it('marks no metric of a row no scorecard scored', () => {
		const none = { ...view, scorecardOf: Uint16Array.of(NO_SCORECARD, 0, 1) };
		expect([0, 1, 2].map((k) => hasMetric(columnScoresOf(none), k, 0))).toEqual([false, false, false]);
	});
});

describe('ownColumns', () => {
	it('gives one scorecard’s result its labels and the same weights on every row', () => {
		const table: Table = { rowCount: 1, columns: { a: { kind: 'number', values: Float64Array.of(30) }, b: { kind: 'number', values: Float64Array.of(90) } } };
		const one = card('c', [metric('a', 'A', 'a', 1), metric('b', 'B', 'b', 2)]);
		const scores = ownColumns(scoreTable(table, one), one);
		expect(scores.labels).toEqual(['A', 'B']);
		// (30 + 2 · 90) / 3 = 70: points 10 and 60.
		expect(scores.score[0]).toBe(70);
		expect([columnContribution(scores, 0, 0), columnContribution(scores, 1, 0)]).toEqual([10, 60]);
		expect(() => ownColumns(scoreTable(table, one), card('x', []))).toThrow('invalid result; it has 2 metrics, the scorecard 0');
	});
});
