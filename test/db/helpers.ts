/** Shared fixtures for the db tests: isolated fake-indexeddb databases and a table that spans several blocks. */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describeColumns, type Dataset } from '../../src/lib/core/dataset';
import { encodeCategories, type Column, type Table } from '../../src/lib/core/table';
import { BLOCK_ROWS, openDatabase, type CheckupDatabase } from '../../src/lib/db';
import { textArray } from '../../src/lib/core/text-values';

/** A database on its own in-memory IndexedDB; `reopen` opens the same name on the same factory (a page reload). */
export function testDatabase(name = 'checkup-test') {
	const factory = new IDBFactory();
	const open = (): CheckupDatabase => openDatabase(name, { indexedDB: factory, IDBKeyRange });
	return { db: open(), reopen: open };
}

/** Number values with NaN, -0, ±Infinity placed in the first, a middle and the last (partial) block. */
function numbers(rowCount: number, seed: number): Float64Array {
	const values = new Float64Array(rowCount);
	for (let i = 0; i < rowCount; i++) values[i] = Math.round(Math.sin(i * seed) * 1e6) / 1e3;
	const specials: [number, number][] = [[0, NaN], [1, -0], [BLOCK_ROWS - 1, Infinity], [BLOCK_ROWS, -Infinity], [rowCount - 1, NaN]];
	for (const [row, value] of specials) if (row >= 0 && row < rowCount) values[row] = value;
	return values;
}

function plans(rowCount: number): Column {
	const raw = Array.from({ length: rowCount }, (_, i) => (i % 7 === 3 ? null : ['Gold', 'Silver', 'Bronze'][i % 3]));
	return encodeCategories(raw);
}

function texts(rowCount: number): Column {
	return { kind: 'text', values: Array.from({ length: rowCount }, (_, i) => (i % 11 === 5 ? null : `acct-${i}`)) };
}

/** A table whose column order is deliberately not alphabetical. */
export function sampleTable(rowCount: number): Table {
	return {
		rowCount,
		columns: {
			zeta_arr: { kind: 'number', values: numbers(rowCount, 1) },
			plan: plans(rowCount),
			account_id: texts(rowCount),
			health: { kind: 'number', values: numbers(rowCount, 7) }
		}
	};
}

export function sampleDataset(rowCount: number, id = 'd1', name = 'Accounts', createdAt = '2026-01-01T00:00:00.000Z'): Dataset {
	const table = sampleTable(rowCount);
	return {
		meta: { id, name, source: 'file', createdAt, rowCount, columns: describeColumns(table), roles: { id: 'account_id' }, snapshots: [] },
		table
	};
}

function dataOf(column: Column): Float64Array | Int32Array | (string | null)[] {
	return column.kind === 'category' ? column.codes : column.kind === 'text' ? textArray(column.values) : column.values;
}

/** The first row where two columns differ (Object.is, so NaN = NaN and -0 ≠ 0), or -1 when they match exactly. */
export function firstDifference(a: Column, b: Column): number {
	const left = dataOf(a);
	const right = dataOf(b);
	if (left.length !== right.length) return Math.min(left.length, right.length);
	for (let i = 0; i < left.length; i++) if (!Object.is(left[i], right[i])) return i;
	return -1;
}

/** What differs between two datasets, one line per difference (empty when identical), so a failure says where. */
export function datasetDifferences(expected: Dataset, actual: Dataset | undefined): string[] {
	if (!actual) return ['dataset missing'];
	const problems: string[] = [];
	if (JSON.stringify(actual.meta) !== JSON.stringify(expected.meta)) problems.push('meta differs');
	if (actual.table.rowCount !== expected.table.rowCount) problems.push('rowCount differs');
	const expectedNames = Object.keys(expected.table.columns);
	if (JSON.stringify(Object.keys(actual.table.columns)) !== JSON.stringify(expectedNames)) problems.push('column order differs');
	for (const name of expectedNames) {
		const e = expected.table.columns[name];
		const a = actual.table.columns[name];
		if (!a || a.kind !== e.kind) problems.push(`column ${name}: kind differs`);
		else if (dataOf(a).constructor !== dataOf(e).constructor) problems.push(`column ${name}: array type differs`);
		else if (firstDifference(e, a) !== -1) problems.push(`column ${name}: row ${firstDifference(e, a)} differs`);
		else if (e.kind === 'category' && a.kind === 'category' && JSON.stringify(a.levels) !== JSON.stringify(e.levels)) {
			problems.push(`column ${name}: levels differ`);
		}
	}
	return problems;
}
