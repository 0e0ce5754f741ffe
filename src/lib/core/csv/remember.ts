/**
 * A mapping remembered by its file's set of column names, so next month's export of the same columns maps
 * itself. Pure: the state layer stores what {@link toRemembered} makes and reads it back with
 * {@link readRemembered}.
 */
import { ROLE_LABELS, TYPE_LABELS } from './dataset';
import type { ColumnMapping, DateFormat } from './types';

/** A remembered mapping as stored. `names` is the sorted set it was made for, checked when it is read back. */
export interface RememberedMapping {
	version: 1;
	names: string[];
	mapping: ColumnMapping[];
}

const DATE_FORMATS: readonly DateFormat[] = ['iso', 'mdy', 'dmy'];

/** The column names trimmed and sorted: the same for any order of the same columns. */
function nameSet(names: readonly string[]): string[] {
	return names.map((n) => n.trim()).sort();
}

/** 32-bit FNV-1a over UTF-16 code units, from a chosen offset basis. */
function fnv1a(text: string, basis: number): string {
	let h = basis;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * The key of a file's set of column names: order-insensitive and trimmed, e.g. "20-3f9a…". A hash keeps the key
 * short for files with thousands of columns; the stored names decide whether a remembered mapping really fits.
 */
export function headerSetKey(names: readonly string[]): string {
	const text = JSON.stringify(nameSet(names));
	return `${names.length}-${fnv1a(text, 0x811c9dc5)}${fnv1a(text, 0x2f0b1a77)}`;
}

/** What to store for a mapping a file was imported with. */
export function toRemembered(names: readonly string[], mapping: readonly ColumnMapping[]): RememberedMapping {
	return {
		version: 1,
		names: nameSet(names),
		mapping: mapping.map(({ index, name, type, role, dateFormat }) => ({ index, name, type, role, ...(dateFormat ? { dateFormat } : {}) }))
	};
}

function isColumnMapping(m: unknown): m is ColumnMapping {
	if (typeof m !== 'object' || m === null) return false;
	const c = m as Record<string, unknown>;
	return (
		Number.isInteger(c.index) &&
		typeof c.name === 'string' &&
		typeof c.type === 'string' && Object.hasOwn(TYPE_LABELS, c.type) &&
		typeof c.role === 'string' && Object.hasOwn(ROLE_LABELS, c.role) &&
		(c.dateFormat === undefined || DATE_FORMATS.includes(c.dateFormat as DateFormat))
	);
}

/**
 * The remembered mapping in a stored value, when it is one (version 1, every entry a valid column mapping)
 * and was made for exactly these column names; otherwise undefined, and the proposal stands.
 */
export function readRemembered(value: unknown, names: readonly string[]): ColumnMapping[] | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const r = value as Partial<RememberedMapping>;
	if (r.version !== 1 || !Array.isArray(r.names) || !Array.isArray(r.mapping)) return undefined;
	const wanted = nameSet(names);
	if (r.names.length !== wanted.length || r.names.some((n, i) => n !== wanted[i])) return undefined;
	return r.mapping.every(isColumnMapping) ? r.mapping : undefined;
}

/**
 * A remembered mapping applied to a new file's proposal, column by column by name: a column it names gets its
 * type, role and date format; a column it does not name keeps the proposal; a column it names that the file no
 * longer has is dropped. Positions are the new file's.
 */
export function applyRemembered(proposal: readonly ColumnMapping[], remembered: readonly ColumnMapping[]): ColumnMapping[] {
	const byName = new Map(remembered.map((m) => [m.name.trim(), m]));
	return proposal.map((p) => {
		const r = byName.get(p.name.trim());
		if (!r) return { ...p };
		return { index: p.index, name: p.name, type: r.type, role: r.role, ...(r.dateFormat ? { dateFormat: r.dateFormat } : {}) };
	});
}
