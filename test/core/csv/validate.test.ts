import { describe, expect, it } from 'vitest';
import { ColumnBuilder } from '../../../src/lib/core/csv/columns';
import type { ColumnMapping, Dialect, ParsedColumns } from '../../../src/lib/core/csv/types';
import { dropDuplicates, duplicateIds } from '../../../src/lib/core/csv/validate';
import { cell } from '../../../src/lib/core/table';

const DIALECT: Dialect = { encoding: 'utf-8', bom: false, delimiter: ',', decimalComma: false };
const MAPPING: ColumnMapping[] = [
	{ index: 0, name: 'id', type: 'text', role: 'id' },
	{ index: 1, name: 'as_of', type: 'date', role: 'asOf', dateFormat: 'iso' },
	{ index: 2, name: 'arr', type: 'number', role: 'arr' }
];

// Row numbers: header 1, then 2…; row 4 is an empty line.
function parsed(): ParsedColumns {
	const builder = new ColumnBuilder(MAPPING, DIALECT, 3);
	builder.addRows(
		[
			['A', '2024-01-31', '1'],
			['B', '2024-01-31', '2'],
			[''],
			['A', '2024-02-29', '3'],
			['A', '2024-01-31', '4'],
			['', '2024-01-31', '5'],
			['', '2024-01-31', '6'],
			['B', '2024-01-31', '7']
		],
		2
	);
	return builder.finish();
}

describe('duplicateIds', () => {
	it('finds IDs that occur more than once, with spreadsheet rows, in order of first occurrence', () => {
		expect(duplicateIds(parsed(), 'id')).toEqual([
			{ id: 'A', rows: [2, 5, 6] },
			{ id: 'B', rows: [3, 9] }
		]);
	});
	it('counts a customer once per as-of date when one is given', () => {
		expect(duplicateIds(parsed(), 'id', 'as_of')).toEqual([
			{ id: 'A', rows: [2, 6] },
			{ id: 'B', rows: [3, 9] }
		]);
	});
	it('ignores rows without an ID and refuses an unknown column', () => {
		expect(duplicateIds(parsed(), 'id').some((d) => d.id === '' || d.id === 'null')).toBe(false);
		expect(() => duplicateIds(parsed(), 'nope')).toThrow(/"nope"/);
		expect(() => duplicateIds(parsed(), 'toString')).toThrow(/"toString"/);
	});
});

describe('dropDuplicates', () => {
	it('keeps the first row per ID and as-of date', () => {
		const p = dropDuplicates(parsed(), 'id', 'as_of', 'first');
		expect([...p.sourceRows]).toEqual([2, 3, 5, 7, 8]);
		expect(Array.from({ length: p.rowCount }, (_, i) => cell(p.columns.arr, i))).toEqual([1, 2, 3, 5, 6]);
		expect(p.rowsSkipped).toBe(2);
		expect(p.rowsRead).toBe(p.rowCount + p.rowsSkipped);
	});
	it('keeps the last row per ID', () => {
		const p = dropDuplicates(parsed(), 'id', undefined, 'last');
		expect([...p.sourceRows]).toEqual([6, 7, 8, 9]);
		expect(Array.from({ length: p.rowCount }, (_, i) => cell(p.columns.id, i))).toEqual(['A', null, null, 'B']);
	});
	it('returns the input when nothing repeats, and refuses a bad keep', () => {
		const once = dropDuplicates(parsed(), 'id', 'as_of', 'first');
		expect(dropDuplicates(once, 'id', 'as_of', 'last')).toBe(once);
		expect(() => dropDuplicates(parsed(), 'id', undefined, 'middle' as 'first')).toThrow(/middle/);
	});
});
