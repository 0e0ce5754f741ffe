/** The customer list: filter by text, band, segment and owner; sort by any column. */
import { outcomeOrder } from './churned';
import type { DatasetRoles } from './dataset';
import { isColumnScores } from './metric-columns';
import type { ScoreResult } from './score';
import { cell, type Column, type Table } from './table';

/** A sort key: a role column, the score, the outcome (core/churned.ts outcomeOrder), or a metric's sub-score (by metric index). */
export type SortKey = { by: 'name' | 'segment' | 'owner' | 'arr' | 'score' | 'outcome' } | { by: 'metric'; index: number };

export interface CustomerQuery {
	text: string;
	/** Band index, −1 for "no score", null for any. */
	band: number | null;
	segment: string | null;
	owner: string | null;
	sort: SortKey;
	descending: boolean;
}

export const DEFAULT_QUERY: CustomerQuery = { text: '', band: null, segment: null, owner: null, sort: { by: 'score' }, descending: false };

function columnOf(table: Table, name: string | undefined): Column | undefined {
	return name ? table.columns[name] : undefined;
}

function textAt(column: Column | undefined, row: number): string {
	const v = column && row >= 0 ? cell(column, row) : null;
	return v === null || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v);
}

/** A role column's value in one row as display text; '' when the role, the column or the value is missing. */
export function roleText(table: Table | undefined, name: string | undefined, row: number): string {
	return table ? textAt(columnOf(table, name), row) : '';
}

/** A numeric sort value per row (NaN sorts last whatever the direction), or text values for text keys. */
function sortValues(table: Table, roles: DatasetRoles, result: ScoreResult, key: SortKey, asOf: string | null): Float64Array | string[] {
	if (key.by === 'score') return result.score;
	if (key.by === 'outcome') return outcomeOrder(table, roles, asOf);
	if (key.by === 'metric') return key.index < result.metricIds.length ? result.subScores(key.index) : new Float64Array(table.rowCount).fill(NaN);
	const column = columnOf(table, roles[key.by]);
	if (key.by === 'arr') return column?.kind === 'number' ? column.values : new Float64Array(table.rowCount).fill(NaN);
	return Array.from({ length: table.rowCount }, (_, i) => textAt(column, i));
}

/**
 * The rows (indexes into the table) that match the query, in the asked order; ties keep table order. `q.band`
 * indexes the default scorecard's bands: a row of a segment scorecard with bands of its own is in the default's band
 * it maps to (ColumnScores.defaultBand), as the Overview counts it. `asOf`: the table's snapshot date, which places
 * a churn date before or after it (the outcome's order).
 */
export function queryCustomers(table: Table, roles: DatasetRoles, result: ScoreResult, q: CustomerQuery, asOf: string | null = null): Uint32Array {
	const needle = q.text.trim().toLowerCase();
	const idCol = columnOf(table, roles.id);
	const nameCol = columnOf(table, roles.name);
	const segCol = columnOf(table, roles.segment);
	const ownerCol = columnOf(table, roles.owner);
	const keep: number[] = [];
	const bands = isColumnScores(result) ? result.defaultBand : result.band;
	for (let i = 0; i < table.rowCount; i++) {
		if (q.band !== null && bands[i] !== q.band) continue;
		if (q.segment !== null && textAt(segCol, i) !== q.segment) continue;
		if (q.owner !== null && textAt(ownerCol, i) !== q.owner) continue;
		if (needle && !textAt(nameCol, i).toLowerCase().includes(needle) && !textAt(idCol, i).toLowerCase().includes(needle)) continue;
		keep.push(i);
	}
	const values = sortValues(table, roles, result, q.sort, asOf);
	const sign = q.descending ? -1 : 1;
	if (Array.isArray(values)) {
		const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
		keep.sort((a, b) => {
			const x = values[a], y = values[b];
			if (x === '' || y === '') return x === y ? a - b : x === '' ? 1 : -1;
			return sign * collator.compare(x, y) || a - b;
		});
	} else {
		keep.sort((a, b) => {
			const x = values[a], y = values[b];
			if (x !== x || y !== y) return x !== x && y !== y ? a - b : x !== x ? 1 : -1;
			return sign * (x - y) || a - b;
		});
	}
	return Uint32Array.from(keep);
}

/** The distinct non-empty values of a role column, sorted, for filter menus. */
export function distinctValues(table: Table, name: string | undefined): string[] {
	const column = columnOf(table, name);
	if (!column) return [];
	if (column.kind === 'category') return [...column.levels].sort((a, b) => a.localeCompare(b));
	const seen = new Set<string>();
	for (let i = 0; i < table.rowCount; i++) {
		const t = textAt(column, i);
		if (t) seen.add(t);
	}
	return [...seen].sort((a, b) => a.localeCompare(b));
}

/** The row of the customer with this ID, or −1. */
export function findCustomer(table: Table, roles: DatasetRoles, id: string): number {
	const column = columnOf(table, roles.id);
	if (!column) return -1;
	for (let i = 0; i < table.rowCount; i++) if (textAt(column, i) === id) return i;
	return -1;
}
