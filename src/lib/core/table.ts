/** Columnar customer data: one typed array per column, one row per customer (or customer × snapshot). */
import { PackedTexts, textCell, type TextValues } from './text-values';

/** A numeric column: NaN marks a missing value. */
export interface NumberColumn {
	kind: 'number';
	values: Float64Array;
}

/** A dictionary-encoded category column (yes/no is a category with two levels): code -1 marks a missing value. */
export interface CategoryColumn {
	kind: 'category';
	codes: Int32Array;
	levels: string[];
}

/**
 * Free text that is not scored: IDs, names, dates as written. `null` marks a missing value. A big file's
 * columns come packed (text-values.ts); read a cell with textCell (or `cell`).
 */
export interface TextColumn {
	kind: 'text';
	values: TextValues;
}

export type Column = NumberColumn | CategoryColumn | TextColumn;
export type ColumnKind = Column['kind'];

/** A table of equally long columns, keyed by column name. */
export interface Table {
	rowCount: number;
	columns: Record<string, Column>;
}

export const MISSING_CODE = -1;

export function columnLength(column: Column): number {
	return column.kind === 'category' ? column.codes.length : column.values.length;
}

/** Checks that every column has `rowCount` entries; throws naming the first column that does not. */
export function assertTable(table: Table): Table {
	for (const [name, column] of Object.entries(table.columns)) {
		const n = columnLength(column);
		if (n !== table.rowCount) {
			throw new Error(`column "${name}" has ${n} values, expected ${table.rowCount}`);
		}
	}
	return table;
}

/** Builds a category column from strings; empty strings and null become missing. Levels keep first-seen order unless given. */
export function encodeCategories(values: readonly (string | null | undefined)[], levels?: string[]): CategoryColumn {
	const dict = new Map<string, number>();
	const out: string[] = [];
	for (const level of levels ?? []) {
		dict.set(level, out.length);
		out.push(level);
	}
	const codes = new Int32Array(values.length);
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (v === null || v === undefined || v === '') {
			codes[i] = MISSING_CODE;
			continue;
		}
		let code = dict.get(v);
		if (code === undefined) {
			code = out.length;
			dict.set(v, code);
			out.push(v);
		}
		codes[i] = code;
	}
	return { kind: 'category', codes, levels: out };
}

/** The value of one cell as a plain value: number (NaN = missing), string or null. */
export function cell(column: Column, row: number): number | string | null {
	switch (column.kind) {
		case 'number':
			return column.values[row];
		case 'category': {
			const code = column.codes[row];
			return code === MISSING_CODE ? null : column.levels[code];
		}
		case 'text':
			return textCell(column.values, row);
	}
}

/** True when the cell holds no value. */
export function isMissing(column: Column, row: number): boolean {
	switch (column.kind) {
		case 'number':
			return Number.isNaN(column.values[row]);
		case 'category':
			return column.codes[row] === MISSING_CODE;
		case 'text':
			// A packed cell is looked at where it lies, not made as a string.
			return column.values instanceof PackedTexts ? column.values.ends[row] < 0 : (column.values as readonly (string | null)[])[row] === null;
	}
}

/** A new table holding only the given rows, in that order. */
export function selectRows(table: Table, rows: ArrayLike<number>): Table {
	const columns: Record<string, Column> = {};
	for (const [name, column] of Object.entries(table.columns)) {
		if (column.kind === 'number') {
			const values = new Float64Array(rows.length);
			for (let i = 0; i < rows.length; i++) values[i] = column.values[rows[i]];
			columns[name] = { kind: 'number', values };
		} else if (column.kind === 'category') {
			const codes = new Int32Array(rows.length);
			for (let i = 0; i < rows.length; i++) codes[i] = column.codes[rows[i]];
			columns[name] = { kind: 'category', codes, levels: column.levels };
		} else if (column.values instanceof PackedTexts) {
			columns[name] = { kind: 'text', values: column.values.pick(rows) };
		} else {
			const values = new Array<string | null>(rows.length);
			for (let i = 0; i < rows.length; i++) values[i] = column.values[rows[i]];
			columns[name] = { kind: 'text', values };
		}
	}
	return { rowCount: rows.length, columns };
}
