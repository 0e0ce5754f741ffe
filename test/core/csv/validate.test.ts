import { describe, expect, it } from 'vitest';
import { ColumnBuilder } from '../../../src/lib/core/csv/columns';
import type { ColumnMapping, Dialect, ParsedColumns } from '../../../src/lib/core/csv/types';
import { dropDuplicates, duplicateIds } from '../../../src/lib/core/csv/validate';
import { Random } from '../../../src/lib/core/random';
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

describe('duplicate IDs in a large file', () => {
	/** The definition, written plainly: group rows by ID and as-of value with a Map of string keys. */
	function reference(p: ParsedColumns, idName: string, asOfName?: string): { id: string; rows: number[] }[] {
		const byKey = new Map<string, number[]>();
		for (let r = 0; r < p.rowCount; r++) {
			const id = cell(p.columns[idName], r);
			if (id === null || (typeof id === 'number' && Number.isNaN(id))) continue;
			const key = JSON.stringify([String(id), asOfName === undefined ? 0 : cell(p.columns[asOfName], r)]);
			byKey.set(key, [...(byKey.get(key) ?? []), r]);
		}
		return [...byKey.values()].filter((rows) => rows.length > 1).map((rows) => ({ id: String(cell(p.columns[idName], rows[0])), rows: rows.map((r) => p.sourceRows[r]) }));
	}

	// 20,000 rows of 3,000 IDs over 3 dates, some without an ID or a date: many repeats and hash collisions.
	const random = new Random(7);
	const rows = Array.from({ length: 20_000 }, () => [
		random.uniform() < 0.02 ? '' : `C-${random.int(1, 3000)}`,
		random.uniform() < 0.02 ? '' : ['2024-01-31', '2024-02-29', '2024-03-31'][random.int(0, 2)],
		String(random.int(0, 9))
	]);
	const builder = new ColumnBuilder(MAPPING, DIALECT, 3);
	builder.addRows(rows, 2);
	const big = builder.finish();

	it('finds the same groups, in the same order, as a plain Map of IDs', () => {
		expect(duplicateIds(big, 'id', 'as_of')).toEqual(reference(big, 'id', 'as_of'));
		expect(duplicateIds(big, 'id')).toEqual(reference(big, 'id'));
		expect(duplicateIds(big, 'id', 'as_of').length).toBeGreaterThan(1000);
	});
	it('reads number IDs as their text, and leaves NaN out', () => {
		const numbers: ParsedColumns = { ...big, columns: { ...big.columns, n: { kind: 'number', values: Float64Array.from({ length: big.rowCount }, (_, r) => (r % 97 === 0 ? NaN : r % 500)) } } };
		expect(duplicateIds(numbers, 'n')).toEqual(reference(numbers, 'n'));
		expect(duplicateIds(numbers, 'n')[0]).toMatchObject({ id: '1' });
	});
	it('keeps the first or the last row of each ID and date, and no other', () => {
		const groups = reference(big, 'id', 'as_of');
		const dropped = groups.reduce((n, g) => n + g.rows.length - 1, 0);
		const first = dropDuplicates(big, 'id', 'as_of', 'first');
		const last = dropDuplicates(big, 'id', 'as_of', 'last');
		expect(first.rowCount).toBe(big.rowCount - dropped);
		expect(duplicateIds(first, 'id', 'as_of')).toEqual([]);
		const firstRows = new Set(first.sourceRows);
		const lastRows = new Set(last.sourceRows);
		for (const g of groups) {
			expect(g.rows.map((r) => firstRows.has(r))).toEqual(g.rows.map((_, i) => i === 0));
			expect(g.rows.map((r) => lastRows.has(r))).toEqual(g.rows.map((_, i) => i === g.rows.length - 1));
		}
	});
});
