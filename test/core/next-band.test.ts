import { describe, expect, it } from 'vitest';
import { anyAlone, describeGap, describeNeed, describeNextBand, metricStatesOf, nextBand, type Need } from '../../src/lib/core/next-band';
import { scoreTable } from '../../src/lib/core/score';
import { defaultBands, type Metric, type Normalization, type Scorecard } from '../../src/lib/core/scorecard';
import type { Table } from '../../src/lib/core/table';
import { tableOf } from '../helpers/tables';

const metric = (id: string, weight: number, normalization: Normalization, missing: Metric['missing'] = { kind: 'skip' }): Metric => ({ id, column: id, label: id.toUpperCase(), weight, normalization, missing });
const card = (metrics: Metric[]): Scorecard => ({ id: 's', name: 'S', metrics, bands: defaultBands() });

/** The band row 0 gets after setting one cell: the independent check, by scoreTable itself. */
function bandWith(table: Table, scorecard: Scorecard, column: string, value: number | string): number {
	const copy: Table = { rowCount: table.rowCount, columns: { ...table.columns } };
	const c = table.columns[column];
	if (c.kind === 'number') {
		const values = c.values.slice();
		values[0] = value as number;
		copy.columns[column] = { kind: 'number', values };
	} else if (c.kind === 'category') {
		const levels = c.levels.includes(value as string) ? c.levels : [...c.levels, value as string];
		const codes = c.codes.slice();
		codes[0] = levels.indexOf(value as string);
		copy.columns[column] = { kind: 'category', codes, levels };
	}
	return scoreTable(copy, scorecard).band[0];
}

function needs(table: Table, scorecard: Scorecard) {
	const result = scoreTable(table, scorecard);
	return { result, next: nextBand(metricStatesOf(table, scorecard, result, 0), scorecard.bands) };
}

const value = (need: Need) => ('value' in need ? need.value : NaN);

describe('points to the next band', () => {
	// Usage 50 → 50 (weight 30), tickets 6 on 10 → 0 → 40 (weight 20), NPS as is 30 (weight 50): score 38, At risk.
	const table = tableOf({ usage: [50], tickets: [6], nps: [30] });
	const scorecard = card([
		metric('usage', 30, { kind: 'linear', worst: 0, best: 100 }),
		metric('tickets', 20, { kind: 'linear', worst: 10, best: 0 }),
		metric('nps', 50, { kind: 'asIs' })
	]);
	const { result, next } = needs(table, scorecard);

	it('names the next band and the gap', () => {
		expect(result.score[0]).toBe(38);
		expect(next.target?.label).toBe('Needs attention');
		expect(next.gap).toBe(2);
		expect(describeGap(next)).toBe('2.0 points to Needs attention');
	});
	it('counts the gap from the score as shown to the band start, as bands are decided', () => {
		// One metric as is, weight 1: the score is the value. By hand, shown score → gap to the next band's start:
		// 69.94 shows 69.9, 0.1 to 70.0 (69.95 is enough: it shows as 70.0); 65.46 shows 65.5, 4.5 (exactly 4.54
		// short, which rounded up would read 4.6); 65.44 shows 65.4, 4.6; 39.96 shows 40.0, in Needs attention
		// already, 30.0 to Healthy; 0 shows 0.0, 40.0 to Needs attention; 69.95, 69.96, 70 and 100 are Healthy.
		const single = card([metric('x', 1, { kind: 'asIs' })]);
		const gapOf = (x: number) => {
			const { next } = needs(tableOf({ x: [x] }), single);
			return [describeGap(next), next.target ? describeNeed(next.options[0].need) : null];
		};
		expect([69.94, 65.46, 65.44, 39.96, 0].map(gapOf)).toEqual([
			['0.1 points to Healthy', 'at least 69.95'],
			['4.5 points to Healthy', 'at least 69.95'],
			['4.6 points to Healthy', 'at least 69.95'],
			['30.0 points to Healthy', 'at least 69.95'],
			['40.0 points to Needs attention', 'at least 40']
		]);
		expect([69.95, 69.96, 70, 100].map(gapOf)).toEqual(Array(4).fill(['In the top band already', null]));
		const none = needs(tableOf({ x: [NaN] }), single).next;
		// No score is no band: not the top one.
		expect([none.target, none.gap, describeGap(none)]).toEqual([null, 0, 'No score, so no band to move up from']);
		// The shown score plus the gap is the band's start, and the need is the least value that gets there.
		expect(bandWith(tableOf({ x: [69.94] }), single, 'x', 69.95)).toBe(2);
		expect(bandWith(tableOf({ x: [69.94] }), single, 'x', 69.94)).toBe(1);
	});
	it('gives each metric the value it would need, by hand', () => {
		// usage: sub-score 50 + 200 / 30 = 56.67, a whole-number value: 57. tickets: 40 + 200 / 20 = 50 → 5.
		// NPS: 30 + 200 / 50 = 34.
		expect(next.options.map((o) => o.need)).toEqual([
			{ kind: 'atLeast', value: 57 },
			{ kind: 'atMost', value: 5 },
			{ kind: 'atLeast', value: 34 }
		]);
		expect(next.options.map((o) => describeNeed(o.need))).toEqual(['at least 57', 'at most 5', 'at least 34']);
		expect(anyAlone(next)).toBe(true);
		expect(describeNextBand(next)).toBe('2.0 points to Needs attention: what each metric alone would need, the others staying as they are.');
	});
	it('gives the score each value would make, by hand', () => {
		// usage 57: (30 × 57 + 20 × 40 + 50 × 30) / 100 = 40.1; tickets 5 → 50: (1500 + 1000 + 1500) / 100 = 40;
		// NPS 34: (1500 + 800 + 1700) / 100 = 40.
		expect(next.options.map((o) => o.score)).toEqual([40.1, 40, 40]);
	});
	it('each value lifts the customer a band when re-scored, and one step short does not', () => {
		for (const [k, o] of next.options.entries()) {
			const column = scorecard.metrics[k].column;
			const step = o.need.kind === 'atLeast' ? -1 : 1;
			expect(bandWith(table, scorecard, column, value(o.need))).toBe(1);
			expect(bandWith(table, scorecard, column, value(o.need) + step)).toBe(0);
		}
	});
	it('says nothing for the top band or no score', () => {
		const top = needs(tableOf({ usage: [90], tickets: [0], nps: [90] }), scorecard).next;
		expect(top.target).toBeNull();
		expect(describeGap(top)).toBe('In the top band already');
	});
});

describe('points to the next band: categories, grading tables, skipped metrics', () => {
	// Contract Month-to-month → 0 (weight 50), tickets 7 → 0 (weight 25), NPS missing and skipped (weight 25),
	// usage as is 80 (weight 25): score 2000 / 100 = 20.
	const table = tableOf({ contract: ['Month-to-month'], tickets: [7], nps: [null], usage: [80] });
	const scorecard = card([
		metric('contract', 50, { kind: 'category', points: { 'Month-to-month': 0, 'One year': 60, 'Two year': 100 }, otherPoints: null }),
		metric('tickets', 25, { kind: 'thresholds', ranges: [{ from: null, to: 2, points: 100 }, { from: 2, to: 5, points: 50 }, { from: 5, to: null, points: 0 }] }),
		metric('nps', 25, { kind: 'linear', worst: 0, best: 10 }),
		metric('usage', 25, { kind: 'asIs' })
	]);
	const { result, next } = needs(table, scorecard);
	it('works it out by hand', () => {
		expect(result.score[0]).toBe(20);
		// contract needs 40 points → One year (60), the fewest that are enough. tickets need 80 → the range below 2.
		// NPS skipped: (40 × 125 − 2000) / 25 = 120 > 100, so it cannot alone; usage needs 160.
		// At full points NPS joins the score: (2000 + 25 × 100) / 125 = 36, 4.0 short of 40; usage as is 80 → 100:
		// (2000 + 25 × 20) / 100 = 25, 15.0 short.
		expect(next.options.map((o) => describeNeed(o.need))).toEqual(['One year', 'below 2', 'not alone', 'not alone']);
		expect(next.options.map((o) => o.need.kind === 'short' && o.need.points)).toEqual([false, false, 4, 15]);
		// One year: (50 × 60 + 25 × 80) / 100 = 50; below 2 → 100: (2500 + 2000) / 100 = 45.
		expect(next.options.map((o) => [o.subScore, o.score])).toEqual([[60, 50], [100, 45], [100, 36], [100, 25]]);
		expect(describeNextBand(next)).toBe(
			'20.0 points to Needs attention: what each metric alone would need, the others staying as they are. Where one alone is not enough, its row gives the score with it at full points, and how far short that still is.'
		);
		expect(bandWith(table, scorecard, 'contract', 'One year')).toBe(1);
		expect(bandWith(table, scorecard, 'tickets', 1.99)).toBe(1);
		expect(bandWith(table, scorecard, 'tickets', 2)).toBe(0);
		expect(bandWith(table, scorecard, 'nps', 10)).toBe(0);
	});
	it('says once, above the rows, when no metric alone is enough', () => {
		// Three metrics as is, weight 1, all 0: score 0. One at 100 gives 100 / 3 = 33.3 shown, 6.7 short of 40.
		const three = card(['a', 'b', 'c'].map((id) => metric(id, 1, { kind: 'asIs' })));
		const { next } = needs(tableOf({ a: [0], b: [0], c: [0] }), three);
		expect(next.options.map((o) => o.need)).toEqual(Array(3).fill({ kind: 'short', points: 6.7 }));
		expect(next.options.map((o) => o.score)).toEqual(Array(3).fill(100 / 3));
		expect(describeNextBand(next)).toBe(
			'40.0 points to Needs attention: no metric alone is enough. Each row gives the score with that metric at full points, the others staying as they are, and how far short of Needs attention that still is.'
		);
	});
	it('says how short a metric at full points already leaves it', () => {
		// a (weight 1) at 100, b, c, d (weight 4) at 0: score 100 / 13 = 7.7, 32.3 short, which a at full points
		// stays. b at full points: (100 + 400) / 13 = 38.46, shown 38.5, 1.5 short.
		const four = card([metric('a', 1, { kind: 'asIs' }), ...['b', 'c', 'd'].map((id) => metric(id, 4, { kind: 'asIs' }))]);
		const { next } = needs(tableOf({ a: [100], b: [0], c: [0], d: [0] }), four);
		expect(next.options.map((o) => o.need)).toEqual([{ kind: 'short', points: 32.3 }, ...Array(3).fill({ kind: 'short', points: 1.5 })]);
		expect(next.options.map((o) => o.score)).toEqual([100 / 13, ...Array(3).fill(500 / 13)]);
		expect(anyAlone(next)).toBe(false);
		expect(describeNextBand(next)).toBe(
			'32.3 points to Needs attention: no metric alone is enough. Each row gives the score with that metric at full points, the others staying as they are, and how far short of Needs attention that still is.'
		);
	});
	it('gives a missing metric that joins the score its weight back', () => {
		// Same customer, NPS weight 100: a score of 39.95 shows as 40.0, so (39.95 × 200 − 2000) / 100 = 59.9 →
		// 5.99 on 0–10 (a missing value: hundredths); 5.98 gives 39.9.
		const heavy = card(scorecard.metrics.map((m) => (m.id === 'nps' ? { ...m, weight: 100 } : m)));
		const o = needs(table, heavy).next.options[2];
		expect(o.need).toEqual({ kind: 'atLeast', value: 5.99 });
		expect(bandWith(table, heavy, 'nps', 5.99)).toBe(1);
		expect(bandWith(table, heavy, 'nps', 5.98)).toBe(0);
	});
});

describe('points to the next band: target ranges and percentile ranks', () => {
	// Logins percentile of [10, 20, 30, 40, 50]: row 0 ranks 0. Tickets 8 on target 0 | 2–4 | 10: (10 − 8) × 100 / 6.
	const table = tableOf({ logins: [10, 20, 30, 40, 50], tickets: [8, 3, 3, 3, 3] });
	const scorecard = card([
		metric('logins', 50, { kind: 'percentile', higherIsBetter: true }),
		metric('tickets', 50, { kind: 'target', zeroBelow: 0, lo: 2, hi: 4, zeroAbove: 10 })
	]);
	const { result, next } = needs(table, scorecard);
	it('works it out by hand and checks it by re-scoring', () => {
		expect(result.score[0]).toBeCloseTo(50 / 3, 12);
		// logins need 46.67: above 2 of the 4 others ([20, 30, 40, 50]) → above 30 (rank 50).
		// tickets need 80 → 10 − 0.8 × 6 = 5.2 → at most 5 (whole numbers).
		expect(next.options.map((o) => o.need)).toEqual([{ kind: 'above', value: 30 }, { kind: 'atMost', value: 5 }]);
		expect(bandWith(table, scorecard, 'logins', 31)).toBe(1);
		expect(bandWith(table, scorecard, 'logins', 29)).toBe(0);
		expect(bandWith(table, scorecard, 'tickets', 5)).toBe(1);
		expect(bandWith(table, scorecard, 'tickets', 6)).toBe(0);
	});
	it('turns a percentile where lower is better the other way', () => {
		// Row 0 has the highest value 50 (rank 100 → sub-score 0); others [10, 20, 30, 40].
		const t = tableOf({ logins: [50, 10, 20, 30, 40], tickets: [8, 3, 3, 3, 3] });
		const s = card([metric('logins', 50, { kind: 'percentile', higherIsBetter: false }), scorecard.metrics[1]]);
		const o = needs(t, s).next.options[0];
		// Needs 46.67 → rank ≤ 53.3 → below at most 2 of the others: below 30.
		expect(o.need).toEqual({ kind: 'below', value: 30 });
		expect(bandWith(t, s, 'logins', 29)).toBe(1);
		expect(bandWith(t, s, 'logins', 31)).toBe(0);
	});
	it('says why an overridden or weightless metric cannot move it', () => {
		const states = metricStatesOf(table, scorecard, result, 0);
		const next = nextBand([{ ...states[0], overridden: true }, { ...states[1] }, { ...states[1], id: 'z', weight: 0 }], scorecard.bands);
		expect(next.options.map((o) => o.need.kind === 'cannot' && o.need.reason)).toEqual(['its sub-score is overridden', false, 'it has no weight']);
	});
});

describe('describeNeed', () => {
	it('says a grading table’s row as "7 to under 9", its end kept with its number; a range that takes its end as "from … to"', () => {
		expect(describeNeed({ kind: 'between', from: 7, to: 9, toExcluded: true })).toBe('7 to under\u00a09');
		expect(describeNeed({ kind: 'between', from: -4.5, to: 0, toExcluded: true })).toBe('−4.5 to under\u00a00');
		expect(describeNeed({ kind: 'between', from: 2, to: 8 })).toBe('a value from 2 to 8');
		expect(describeNeed({ kind: 'between', from: null, to: 9, toExcluded: true })).toBe('below 9');
		expect(describeNeed({ kind: 'between', from: 7, to: null, toExcluded: true })).toBe('at least 7');
	});
});
