/** Checks on parsed columns as a whole: the same customer twice in one snapshot. */
import { cell, selectRows, type Column } from '../table';
import type { ParsedColumns } from './types';

function columnOf(parsed: ParsedColumns, name: string, what: string): Column {
	const column = Object.hasOwn(parsed.columns, name) ? parsed.columns[name] : undefined;
	if (column === undefined) throw new Error(`invalid ${what} column; not in the parsed columns: "${name}"`);
	return column;
}

/** Row indices grouped by ID (and as-of date, when given); rows without an ID are left out. */
function groups(parsed: ParsedColumns, idName: string, asOfName?: string): Map<string, number[]> {
	const id = columnOf(parsed, idName, 'ID');
	const asOf = asOfName === undefined ? undefined : columnOf(parsed, asOfName, 'as-of');
	const byKey = new Map<string, number[]>();
	for (let r = 0; r < parsed.rowCount; r++) {
		const value = cell(id, r);
		if (value === null || (typeof value === 'number' && Number.isNaN(value))) continue;
		const key = asOf === undefined ? String(value) : `${String(value)}\u0000${String(cell(asOf, r))}`;
		const rows = byKey.get(key);
		if (rows === undefined) byKey.set(key, [r]);
		else rows.push(r);
	}
	return byKey;
}

/**
 * IDs that occur more than once (within one as-of date when `asOfName` is given), in order of first
 * occurrence, each with its spreadsheet row numbers.
 */
export function duplicateIds(parsed: ParsedColumns, idName: string, asOfName?: string): { id: string; rows: number[] }[] {
	const id = columnOf(parsed, idName, 'ID');
	const out: { id: string; rows: number[] }[] = [];
	for (const rows of groups(parsed, idName, asOfName).values()) {
		if (rows.length < 2) continue;
		out.push({ id: String(cell(id, rows[0])), rows: rows.map((r) => parsed.sourceRows[r]) });
	}
	return out;
}

/**
 * Keeps one row per ID (per ID and as-of date when `asOfName` is given): the first or the last in the file.
 * Rows without an ID are kept. Dropped rows are added to `rowsSkipped`; problems stay as they are.
 */
export function dropDuplicates(
	parsed: ParsedColumns,
	idName: string,
	asOfName: string | undefined,
	keep: 'first' | 'last'
): ParsedColumns {
	if (keep !== 'first' && keep !== 'last') throw new Error(`invalid keep; not 'first' or 'last': ${String(keep)}`);
	const drop = new Uint8Array(parsed.rowCount);
	let dropped = 0;
	for (const rows of groups(parsed, idName, asOfName).values()) {
		const kept = keep === 'first' ? rows[0] : rows[rows.length - 1];
		for (const r of rows) {
			if (r === kept) continue;
			drop[r] = 1;
			dropped++;
		}
	}
	if (dropped === 0) return parsed;
	const selected = new Int32Array(parsed.rowCount - dropped);
	for (let r = 0, k = 0; r < parsed.rowCount; r++) if (!drop[r]) selected[k++] = r;
	const columns: Record<string, Column> = {};
	for (const [name, column] of Object.entries(parsed.columns)) {
		const one = selectRows({ rowCount: parsed.rowCount, columns: { column } }, selected).columns.column;
		Object.defineProperty(columns, name, { value: one, enumerable: true, writable: true, configurable: true });
	}
	const sourceRows = new Int32Array(selected.length);
	for (let k = 0; k < selected.length; k++) sourceRows[k] = parsed.sourceRows[selected[k]];
	return { ...parsed, rowCount: selected.length, columns, sourceRows, rowsSkipped: parsed.rowsSkipped + dropped };
}
