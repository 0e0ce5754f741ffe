import { describe, expect, it } from 'vitest';
import { ColumnBuilder, cut } from '../../../src/lib/core/csv/columns';
import { ImportError, MAX_LISTED_PROBLEMS, type ColumnMapping, type Dialect, type ParsedColumns } from '../../../src/lib/core/csv/types';
import { cell, type Column } from '../../../src/lib/core/table';

const DIALECT: Dialect = { encoding: 'utf-8', bom: false, delimiter: ',', decimalComma: false };

const MAPPING: ColumnMapping[] = [
	{ index: 0, name: 'id', type: 'text', role: 'id' },
	{ index: 1, name: 'arr', type: 'number', role: 'arr' },
	{ index: 2, name: 'churned', type: 'boolean', role: 'outcome' },
	{ index: 3, name: 'plan', type: 'category', role: 'segment' },
	{ index: 4, name: 'as_of', type: 'date', role: 'asOf', dateFormat: 'mdy' },
	{ index: 5, name: 'notes', type: 'text', role: 'ignore' }
];

function build(rows: string[][], chunk = rows.length, mapping = MAPPING, dialect = DIALECT): ParsedColumns {
	const builder = new ColumnBuilder(mapping, dialect, 6);
	for (let i = 0; i < rows.length; i += chunk) builder.addRows(rows.slice(i, i + chunk), 2 + i);
	return builder.finish();
}

const values = (column: Column, n: number) => Array.from({ length: n }, (_, i) => cell(column, i));

const ROWS = [
	['C1', '$1,200', 'Yes', 'Gold', '1/31/2024', 'x'],
	['C2', '', 'no', ' Silver ', '2/29/2024', 'y'],
	[''],
	['C3', 'lots', 'maybe', 'Gold', '31/1/2024', 'z'],
	['C4', '-5', 'TRUE', '', '', ''],
	['C5', '7', 'N/A', 'Silver', '3/1/2024', 'w', 'extra'],
	['C6', '8', 'f', 'Bronze', '3/2/2024', 'v', ''],
	['C7', '9', 'n', 'Gold'],
	['', '', '', '', '', '']
];

describe('ColumnBuilder', () => {
	const parsed = build(ROWS);
	it('types each mapped column and leaves ignored ones out', () => {
		expect(Object.keys(parsed.columns)).toEqual(['id', 'arr', 'churned', 'plan', 'as_of']);
		expect(parsed.rowCount).toBe(5);
		expect(values(parsed.columns.id, 5)).toEqual(['C1', 'C2', 'C3', 'C4', 'C6']);
		expect(values(parsed.columns.arr, 5)).toEqual([1200, NaN, NaN, NaN, 8]);
		expect(parsed.columns.churned).toMatchObject({ kind: 'category', levels: ['No', 'Yes'] });
		expect(values(parsed.columns.churned, 5)).toEqual(['Yes', 'No', null, 'Yes', 'No']);
		expect(parsed.columns.plan).toMatchObject({ kind: 'category', levels: ['Gold', 'Silver', 'Bronze'] });
		expect(values(parsed.columns.plan, 5)).toEqual(['Gold', 'Silver', 'Gold', null, 'Bronze']);
		expect(values(parsed.columns.as_of, 5)).toEqual(['2024-01-31', '2024-02-29', null, null, '2024-03-02']);
	});
	it('keeps spreadsheet row numbers: empty lines count, the header is row 1', () => {
		expect([...parsed.sourceRows]).toEqual([2, 3, 5, 6, 8]);
	});
	it('counts rows read and skipped; empty lines are neither', () => {
		expect(parsed.rowsRead).toBe(7);
		expect(parsed.rowsSkipped).toBe(2);
		expect(parsed.rowsRead).toBe(parsed.rowCount + parsed.rowsSkipped);
	});
	it('lists each problem with row, column, value, message and action, in file order; blanks and N/A are not problems', () => {
		expect(parsed.problems).toEqual([
			{ row: 5, column: 'arr', value: 'lots', message: 'not a number', action: 'treated as missing' },
			{ row: 5, column: 'churned', value: 'maybe', message: 'not a churn outcome (yes/no)', action: 'treated as missing' },
			{ row: 5, column: 'as_of', value: '31/1/2024', message: 'not a date in m/d/yyyy', action: 'treated as missing' },
			{ row: 6, column: 'arr', value: '-5', message: 'ARR cannot be negative', action: 'treated as missing' },
			{ row: 7, column: '', value: 'C5,7,N/A,Silver,3/1/2024,w,extra', message: 'has 7 fields, the header has 6', action: 'row skipped' },
			{ row: 9, column: '', value: 'C7,9,n,Gold', message: 'has 4 fields, the header has 6', action: 'row skipped' }
		]);
		expect(parsed.problemCount).toBe(6);
	});
	it('keeps a row whose extra fields are all empty (a trailing delimiter)', () => {
		expect(values(parsed.columns.id, 5)).toContain('C6');
	});
	it('gives the same result whatever the chunk size', () => {
		for (const chunk of [1, 2, 3, 4]) expect(build(ROWS, chunk)).toEqual(parsed);
	});
	it('hands out arrays trimmed to the row count, in buffers of their own', () => {
		const arr = parsed.columns.arr;
		if (arr.kind !== 'number') throw new Error('arr is not a number column');
		expect(arr.values.length).toBe(5);
		expect(arr.values.buffer.byteLength).toBe(5 * 8);
		expect(parsed.sourceRows.buffer.byteLength).toBe(5 * 4);
	});
	it('grows past its first capacity by doubling without losing values', () => {
		const n = 5000;
		const rows = Array.from({ length: n }, (_, i) => [`C${i}`, String(i), i % 3 ? 'yes' : 'no', `P${i % 7}`, '1/1/2024', '']);
		const big = build(rows, 777);
		const arr = big.columns.arr;
		if (arr.kind !== 'number') throw new Error('arr is not a number column');
		let sum = 0;
		for (const x of arr.values) sum += x;
		expect(big.rowCount).toBe(n);
		expect(sum).toBe((n * (n - 1)) / 2);
		expect(big.sourceRows[n - 1]).toBe(n + 1);
		expect(big.columns.plan).toMatchObject({ levels: ['P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6'] });
	});
	it('reads decimal commas when the dialect says so', () => {
		const mapping: ColumnMapping[] = [{ index: 0, name: 'x', type: 'number', role: 'metric' }];
		const builder = new ColumnBuilder(mapping, { ...DIALECT, delimiter: ';', decimalComma: true }, 1);
		builder.addRows([['3,5'], ['1.234,5'], ['1.234'], ['12']], 2);
		expect(values(builder.finish().columns.x, 4)).toEqual([3.5, 1234.5, 1234, 12]);
	});
	it('never turns NaN, Infinity or 1e400 into numbers', () => {
		const mapping: ColumnMapping[] = [{ index: 0, name: 'x', type: 'number', role: 'metric' }];
		const builder = new ColumnBuilder(mapping, DIALECT, 1);
		builder.addRows([['NaN'], ['Infinity'], ['-Infinity'], ['1e400'], ['9'.repeat(400)], ['1e300']], 2);
		const out = builder.finish();
		expect(values(out.columns.x, 6)).toEqual([NaN, NaN, NaN, NaN, NaN, 1e300]);
		expect(out.problems.map((p) => p.row)).toEqual([2, 3, 4, 5, 6]);
	});
	it('lists at most MAX_LISTED_PROBLEMS (the first ones) and counts them all', () => {
		const rows = Array.from({ length: 1500 }, (_, i) => ['C', 'bad', 'bad', '', '', '']);
		const out = build(rows, 400);
		expect(out.problemCount).toBe(3000);
		expect(out.problems).toHaveLength(MAX_LISTED_PROBLEMS);
		expect(out.problems[0]).toMatchObject({ row: 2, column: 'arr' });
		expect(out.problems[1]).toMatchObject({ row: 2, column: 'churned' });
		expect(out.problems.at(-1)).toMatchObject({ row: 501, column: 'churned' });
	});
	it('cuts long values to 200 characters, ending in "…"', () => {
		const out = build([['C1', 'x'.repeat(5000), 'yes', '', '', '']]);
		expect(out.problems[0].value).toBe('x'.repeat(199) + '…');
	});
	it('keeps a column named __proto__ as an own key', () => {
		const builder = new ColumnBuilder([{ index: 0, name: '__proto__', type: 'text', role: 'metric' }], DIALECT, 1);
		builder.addRows([['a']], 2);
		const out = builder.finish();
		expect(Object.keys(out.columns)).toEqual(['__proto__']);
		expect(Object.getPrototypeOf(out.columns)).toBe(Object.prototype);
	});
	it('keeps formulas and markup as plain text', () => {
		const builder = new ColumnBuilder([{ index: 0, name: 'name', type: 'text', role: 'name' }], DIALECT, 1);
		builder.addRows([['=HYPERLINK("http://x","y")'], ['<script>alert(1)</script>']], 2);
		expect(values(builder.finish().columns.name, 2)).toEqual(['=HYPERLINK("http://x","y")', '<script>alert(1)</script>']);
	});
	it('refuses a date column without a format, and bad mappings, at once', () => {
		const date: ColumnMapping = { index: 0, name: 'd', type: 'date', role: 'asOf' };
		expect(() => new ColumnBuilder([date], DIALECT, 1)).toThrow(ImportError);
		expect(() => new ColumnBuilder([{ ...date, type: 'text', index: 3 }], DIALECT, 2)).toThrow(/index not in \[0, 2\): 3/);
		const twice: ColumnMapping[] = [{ index: 0, name: 'a', type: 'text', role: 'metric' }, { index: 1, name: 'a', type: 'text', role: 'metric' }];
		expect(() => new ColumnBuilder(twice, DIALECT, 2)).toThrow(/two columns named "a"/);
		expect(() => new ColumnBuilder([], DIALECT, 0)).toThrow(/fieldCount/);
	});
	it('refuses use after finish and a bad first row number', () => {
		const builder = new ColumnBuilder(MAPPING, DIALECT, 6);
		expect(() => builder.addRows([], 1)).toThrow(/firstRowNumber/);
		builder.finish();
		expect(() => builder.addRows([], 2)).toThrow(/after finish/);
		expect(() => builder.finish()).toThrow(/twice/);
	});
});

describe('ColumnBuilder.reserve', () => {
	it('reads the same columns with room made up front, too much or too little, and finishes them trimmed', () => {
		const plain = build(ROWS, 2);
		for (const rows of [0, 3, 10_000]) {
			const builder = new ColumnBuilder(MAPPING, DIALECT, 6);
			builder.reserve(rows);
			for (let i = 0; i < ROWS.length; i += 2) builder.addRows(ROWS.slice(i, i + 2), 2 + i);
			const done = builder.finish();
			expect(done, `${rows} rows reserved`).toEqual(plain);
			const arr = done.columns.arr;
			expect(arr.kind === 'number' && arr.values.buffer.byteLength).toBe(plain.rowCount * 8);
			expect(done.sourceRows.buffer.byteLength).toBe(plain.rowCount * 4);
		}
	});
	it('keeps the room made when at most an eighth of it is left over (no copy as reading ends), and copies otherwise', () => {
		const rows = Array.from({ length: 80 }, (_, i) => [`C${i}`, String(i * 10), i % 2 ? 'yes' : 'no', i % 3 ? 'Gold' : 'Silver', '1/31/2024', 'x']);
		const plain = build(rows, 2);
		for (const [reserved, kept] of [[80, true], [90, true], [91, false], [0, false]] as const) {
			const builder = new ColumnBuilder(MAPPING, DIALECT, 6);
			builder.reserve(reserved);
			for (let i = 0; i < rows.length; i += 7) builder.addRows(rows.slice(i, i + 7), 2 + i);
			const done = builder.finish();
			expect(done, `${reserved} rows reserved`).toEqual(plain);
			const arr = done.columns.arr, plan = done.columns.plan;
			const room = kept ? Math.max(reserved, 80) : 80;
			expect(arr.kind === 'number' && arr.values.buffer.byteLength, `${reserved} reserved`).toBe(room * 8);
			expect(plan.kind === 'category' && plan.codes.buffer.byteLength, `${reserved} reserved`).toBe(room * 4);
			expect(done.sourceRows.buffer.byteLength, `${reserved} reserved`).toBe(room * 4);
		}
	});
	it('rowBytes: 8 a number, 4 a yes/no, category or date code, none for text, and 4 for the row number', () => {
		expect(new ColumnBuilder(MAPPING, DIALECT, 6).rowBytes).toBe(4 + 0 + 8 + 4 + 4 + 4);
	});
	it('refuses a row count that is not a whole number ≥ 0', () => {
		const builder = new ColumnBuilder(MAPPING, DIALECT, 6);
		for (const bad of [-1, 1.5, NaN, Infinity]) expect(() => builder.reserve(bad)).toThrow(/invalid rows/);
	});
});

describe('ColumnBuilder.typedSlice', () => {
	it('gives rows already read of a number or code column exactly as finish() will, and nothing for text and dates', () => {
		const builder = new ColumnBuilder(MAPPING, DIALECT, 6);
		builder.addRows(ROWS.slice(0, 4), 2);
		const early = { arr: builder.typedSlice('arr', 0, 2), churned: builder.typedSlice('churned', 1, 3), plan: builder.typedSlice('plan', 0, 3) };
		expect(builder.typedSlice('id', 0, 1)).toBeNull();
		expect(builder.typedSlice('as_of', 0, 1)).toBeNull();
		expect(() => builder.typedSlice('arr', 0, 4)).toThrow(/invalid rows \[0, 4\); 3 read/);
		expect(() => builder.typedSlice('notes', 0, 1)).toThrow(/no column "notes" is read/);
		builder.addRows(ROWS.slice(4), 6);
		const done = builder.finish();
		const arr = done.columns.arr, churned = done.columns.churned, plan = done.columns.plan;
		expect(arr.kind === 'number' && Array.from(arr.values.slice(0, 2))).toEqual(Array.from(early.arr!));
		expect(churned.kind === 'category' && Array.from(churned.codes.slice(1, 3))).toEqual(Array.from(early.churned!));
		expect(plan.kind === 'category' && Array.from(plan.codes.slice(0, 3))).toEqual(Array.from(early.plan!));
		expect(early.arr).toBeInstanceOf(Float64Array);
	});
});

describe('cut (a problem value)', () => {
	it('keeps a value of 200 characters whole and ends a longer one in "…", 200 characters in all', () => {
		expect(cut('a'.repeat(200))).toBe('a'.repeat(200));
		expect(cut('a'.repeat(201))).toBe('a'.repeat(199) + '…');
	});

	it('does not split an emoji in two', () => {
		const value = 'a'.repeat(198) + '🚀' + 'b';
		expect(cut(value)).toBe('a'.repeat(198) + '…');
	});
});
