/** Checks on parsed columns as a whole: the same customer twice in one snapshot. */
import { cell, selectRows, type Column } from '../table';
import type { ParsedColumns } from './types';
import { textArray } from '../text-values';

function columnOf(parsed: ParsedColumns, name: string, what: string): Column {
	const column = Object.hasOwn(parsed.columns, name) ? parsed.columns[name] : undefined;
	if (column === undefined) throw new Error(`invalid ${what} column; not in the parsed columns: "${name}"`);
	return column;
}

/** The ID of row `r` as text, or null when it has none. */
function idAt(id: Column, r: number): string | null {
	const value = cell(id, r);
	if (value === null || (typeof value === 'number' && Number.isNaN(value))) return null;
	return typeof value === 'string' ? value : String(value);
}

/** A small number per distinct as-of value (all 0 without an as-of column): a row's key is its ID and this. */
function snapshotNumbers(rowCount: number, asOf: Column | undefined): Int32Array {
	const numbers = new Int32Array(rowCount);
	if (asOf === undefined) return numbers;
	const seen = new Map<number | string | null, number>();
	// Most rows have the same value (the very same string) as the row before: the Map is asked on a change only.
	let last: number | string | null | undefined;
	let lastNumber = 0;
	for (let r = 0; r < rowCount; r++) {
		const value = cell(asOf, r);
		if (r === 0 || !Object.is(value, last)) {
			let k = seen.get(value);
			if (k === undefined) seen.set(value, (k = seen.size));
			last = value;
			lastNumber = k;
		}
		numbers[r] = lastNumber;
	}
	return numbers;
}

/** FNV-1a of the ID's characters and the snapshot number. */
function hashKey(id: string, snapshot: number): number {
	let h = 0x811c9dc5 ^ snapshot;
	for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
	return h;
}

/** The ID of every row as text (null for none), as idAt gives it: a text column's own values when they are. */
function idsOf(id: Column, rowCount: number): readonly (string | null)[] {
	if (id.kind === 'text' && id.values.length === rowCount) {
		const values = id.values;
		if (!Array.isArray(values)) return textArray(values);
		if ((values as readonly unknown[]).every((v) => v === null || typeof v === 'string')) return values as readonly (string | null)[];
	}
	return Array.from({ length: rowCount }, (_, r) => idAt(id, r));
}

/** Rows per partition of the duplicate check: its table (two Int32 per slot, half full) stays in the CPU cache. */
const PART_ROWS = 4096;

/**
 * Row indices of every ID (within one as-of date, when given) that occurs more than once, in order of first
 * occurrence; rows without an ID are left out. The rows are first split by their key's hash into partitions
 * of about PART_ROWS (in file order within each), then each partition goes through a small open-addressing
 * table of first rows, each slot beside its key's hash: a key met once costs a hash and a look in a table
 * that fits the cache, where one table of a million rows missed the cache on almost every row.
 */
function repeatedGroups(parsed: ParsedColumns, idName: string, asOfName?: string): number[][] {
	const n = parsed.rowCount;
	const ids = idsOf(columnOf(parsed, idName, 'ID'), n);
	const snapshots = snapshotNumbers(n, asOfName === undefined ? undefined : columnOf(parsed, asOfName, 'as-of'));
	const bits = Math.max(0, Math.ceil(Math.log2(n / PART_ROWS)));
	const hashes = new Int32Array(n);
	const counts = new Int32Array((1 << bits) + 1);
	for (let r = 0; r < n; r++) {
		const key = ids[r];
		if (key === null) continue;
		const h = hashKey(key, snapshots[r]);
		hashes[r] = h;
		counts[partOf(h, bits) + 1]++;
	}
	for (let p = 1; p < counts.length; p++) counts[p] += counts[p - 1];
	// Rows with an ID by partition, in file order within each: counts[p] … counts[p + 1] - 1.
	const rows = new Int32Array(counts[counts.length - 1]);
	const next = counts.slice(0, -1);
	for (let r = 0; r < n; r++) if (ids[r] !== null) rows[next[partOf(hashes[r], bits)]++] = r;
	let largest = 0;
	for (let p = 0; p + 1 < counts.length; p++) largest = Math.max(largest, counts[p + 1] - counts[p]);
	const slots = new Int32Array(2 << Math.ceil(Math.log2(2 * largest + 2)));
	const repeated = new Map<number, number[]>();
	for (let p = 0; p + 1 < counts.length; p++) {
		if (counts[p + 1] === counts[p]) continue;
		const mask = (1 << Math.ceil(Math.log2(2 * (counts[p + 1] - counts[p]) + 2))) - 1;
		// Slot s: first row at 2s (-1 for none), its key's hash at 2s + 1.
		slots.fill(-1, 0, 2 * (mask + 1));
		for (let i = counts[p]; i < counts[p + 1]; i++) {
			const r = rows[i];
			const h = hashes[r];
			for (let at = h & mask; ; at = (at + 1) & mask) {
				const first = slots[2 * at];
				if (first < 0) {
					slots[2 * at] = r;
					slots[2 * at + 1] = h;
					break;
				}
				if (slots[2 * at + 1] !== h || snapshots[first] !== snapshots[r] || ids[first] !== ids[r]) continue;
				const group = repeated.get(first);
				if (group === undefined) repeated.set(first, [first, r]);
				else group.push(r);
				break;
			}
		}
	}
	return [...repeated.values()].sort((a, b) => a[0] - b[0]);
}

/** The partition of a key hash: its top `bits` bits after a multiplicative mix (the low bits index the table). */
function partOf(h: number, bits: number): number {
	return bits === 0 ? 0 : Math.imul(h, 0x9e3779b1) >>> (32 - bits);
}

/**
 * IDs that occur more than once (within one as-of date when `asOfName` is given), in order of first
 * occurrence, each with its spreadsheet row numbers.
 */
export function duplicateIds(parsed: ParsedColumns, idName: string, asOfName?: string): { id: string; rows: number[] }[] {
	const id = columnOf(parsed, idName, 'ID');
	const out: { id: string; rows: number[] }[] = [];
	for (const rows of repeatedGroups(parsed, idName, asOfName)) {
		out.push({ id: String(cell(id, rows[0])), rows: rows.map((r) => parsed.sourceRows[r]) });
	}
	return out;
}

/**
 * The rows (indices, ascending) that keeping one row per ID (per ID and as-of date when `asOfName` is given)
 * leaves: the first or the last in the file; rows without an ID are kept. Null when no row would be dropped.
 */
export function rowsKept(parsed: ParsedColumns, idName: string, asOfName: string | undefined, keep: 'first' | 'last'): Int32Array<ArrayBuffer> | null {
	if (keep !== 'first' && keep !== 'last') throw new Error(`invalid keep; not 'first' or 'last': ${String(keep)}`);
	const drop = new Uint8Array(parsed.rowCount);
	let dropped = 0;
	for (const rows of repeatedGroups(parsed, idName, asOfName)) {
		const kept = keep === 'first' ? rows[0] : rows[rows.length - 1];
		for (const r of rows) {
			if (r === kept) continue;
			drop[r] = 1;
			dropped++;
		}
	}
	if (dropped === 0) return null;
	const selected = new Int32Array(parsed.rowCount - dropped);
	for (let r = 0, k = 0; r < parsed.rowCount; r++) if (!drop[r]) selected[k++] = r;
	return selected;
}

/** The parsed columns of the rows `selected` (indices, ascending); the rows left out are added to `rowsSkipped`. */
export function selectParsed(parsed: ParsedColumns, selected: Int32Array): ParsedColumns {
	const columns: Record<string, Column> = {};
	for (const [name, column] of Object.entries(parsed.columns)) {
		const one = selectRows({ rowCount: parsed.rowCount, columns: { column } }, selected).columns.column;
		Object.defineProperty(columns, name, { value: one, enumerable: true, writable: true, configurable: true });
	}
	const sourceRows = new Int32Array(selected.length);
	for (let k = 0; k < selected.length; k++) sourceRows[k] = parsed.sourceRows[selected[k]];
	return { ...parsed, rowCount: selected.length, columns, sourceRows, rowsSkipped: parsed.rowsSkipped + parsed.rowCount - selected.length };
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
	const selected = rowsKept(parsed, idName, asOfName, keep);
	return selected ? selectParsed(parsed, selected) : parsed;
}
