/** The as-of dates the import worker sends for the report's count of replaced rows: codes into sorted levels, by hand. */
import { describe, expect, it } from 'vitest';
import type { Column } from '../../src/lib/core/table';
import { asOfDatesOf, type HeldParse } from '../../src/lib/workers/build';

function held(columns: Record<string, Column>, asOfName?: string): HeldParse {
	const rowCount = 4;
	const parsed = { rowCount, columns, sourceRows: new Int32Array(rowCount), problems: [], problemCount: 0, rowsRead: rowCount, rowsSkipped: 0 };
	return { parsed, text: [], duplicates: { listed: [], ids: 0, extraRows: 0 }, notices: [], reader: 'javascript', asOfName };
}

describe('asOfDatesOf', () => {
	it('codes each row’s as-of date into the dates in order, −1 for none', () => {
		const dates = asOfDatesOf(held({ id: { kind: 'text', values: ['A', 'B', 'C', 'D'] }, as_of: { kind: 'text', values: ['2026-02-01', null, '2026-01-01', '2026-02-01'] } }, 'as_of'));
		expect(dates).toEqual({ levels: ['2026-01-01', '2026-02-01'], codes: Int32Array.from([1, -1, 0, 1]) });
	});

	it('gives nothing without a file, without an as-of column, or for a value that is not a date (Import says so)', () => {
		expect(asOfDatesOf(null)).toBeNull();
		expect(asOfDatesOf(held({ id: { kind: 'text', values: ['A', 'B', 'C', 'D'] } }))).toBeNull();
		expect(asOfDatesOf(held({ as_of: { kind: 'text', values: ['2026-02-01', 'soon', null, null] } }, 'as_of'))).toBeNull();
	});
});
