import { describe, expect, it } from 'vitest';
import { FEW_NEGATIVES, negativeValueNotices } from '../../../src/lib/core/csv/signs';
import type { ColumnMapping, ParsedColumns } from '../../../src/lib/core/csv/types';

/** A parsed file of number columns; row r is spreadsheet row r + 2 but for a skipped row 5 (so r ≥ 3 is row r + 3). */
function parsed(columns: Record<string, number[]>): ParsedColumns {
	const n = Object.values(columns)[0].length;
	return {
		rowCount: n,
		columns: Object.fromEntries(Object.entries(columns).map(([name, v]) => [name, { kind: 'number', values: Float64Array.from(v) }])),
		sourceRows: Int32Array.from({ length: n }, (_, r) => (r < 3 ? r + 2 : r + 3)),
		problems: [],
		problemCount: 0,
		rowsRead: n + 1,
		rowsSkipped: 1
	};
}
const metric = (name: string, role: ColumnMapping['role'] = 'metric', type: ColumnMapping['type'] = 'number'): ColumnMapping => ({ index: 0, name, type, role });
/** 100 values 0, 1, 2, … with `negative` at the given rows. */
const withNegatives = (negative: Record<number, number>) => Array.from({ length: 100 }, (_, r) => negative[r] ?? r % 7);

describe('negative values in a column otherwise ≥ 0', () => {
	it('names the column, the count and the first rows with their values, and keeps them', () => {
		const file = parsed({ tenure: withNegatives({ 10: -3, 40: -1, 77: -12.5 }) });
		// Rows 10, 40, 77 are spreadsheet rows 13, 43, 80 (the header is row 1 and row 5 was skipped).
		expect(negativeValueNotices(file, [metric('tenure')])).toEqual([
			{ level: 'warning', message: '3 negative values in "tenure", a column otherwise ≥ 0: row 13 (−3), row 43 (−1), row 80 (−12.5); kept as they are.' }
		]);
	});
	it('says one in the singular, and counts those it does not name', () => {
		expect(negativeValueNotices(parsed({ tickets: withNegatives({ 1: -2 }) }), [metric('tickets')])[0].message).toBe('1 negative value in "tickets", a column otherwise ≥ 0: row 3 (−2); kept as it is.');
		const five = negativeValueNotices(parsed({ tickets: withNegatives({ 0: -1, 1: -2, 2: -3, 3: -4, 4: -5 }) }), [metric('tickets')]);
		expect(five[0].message).toBe('5 negative values in "tickets", a column otherwise ≥ 0: row 2 (−1), row 3 (−2), row 4 (−3) and 2 more; kept as they are.');
	});
	it('says nothing of a signed column: more than 1 value in 20 negative', () => {
		expect(FEW_NEGATIVES).toBe(20);
		const five = Object.fromEntries(Array.from({ length: 5 }, (_, k) => [k * 10, -1]));
		const six = Object.fromEntries(Array.from({ length: 6 }, (_, k) => [k * 10, -1]));
		expect(negativeValueNotices(parsed({ growth: withNegatives(five) }), [metric('growth')])).toHaveLength(1);
		expect(negativeValueNotices(parsed({ growth: withNegatives(six) }), [metric('growth')])).toEqual([]);
		// Contract growth: a third negative.
		expect(negativeValueNotices(parsed({ growth: Array.from({ length: 30 }, (_, r) => (r % 3 === 0 ? -r : r)) }), [metric('growth')])).toEqual([]);
	});
	it('counts only the values present: missing ones are neither', () => {
		// 19 present ≥ 0 and 1 negative among 80 missing: 1 in 20, a notice; with one more missing, 1 in 19, none.
		const values = (present: number) => Array.from({ length: 100 }, (_, r) => (r === 0 ? -1 : r <= present - 1 ? r : NaN));
		expect(negativeValueNotices(parsed({ m: values(20) }), [metric('m')])).toHaveLength(1);
		expect(negativeValueNotices(parsed({ m: values(19) }), [metric('m')])).toEqual([]);
	});
	it('looks at number metrics only, and says nothing when none is negative', () => {
		const file = parsed({ tenure: withNegatives({ 10: -3 }), clean: withNegatives({}) });
		expect(negativeValueNotices(file, [metric('tenure', 'ignore'), metric('tenure', 'segment', 'category'), metric('clean'), metric('absent')])).toEqual([]);
	});
});
