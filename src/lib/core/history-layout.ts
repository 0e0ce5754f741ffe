/**
 * How the rows of a portfolio (customer × snapshot) hang together: the snapshot dates, each row's snapshot
 * and customer, each customer's rows in date order and latest row. Worked out once per table.
 */
import type { DatasetRoles } from './dataset';
import { customerCodes } from './customer-codes';
import { cell, type Column, type Table } from './table';

/** The snapshot and customer structure of a table. All indices are row numbers of the table. */
export interface HistoryLayout {
	rowCount: number;
	/** Snapshot as-of dates, ascending (yyyy-mm-dd); [''] when the table has no as-of column. */
	snapshots: string[];
	/** Per row, its index into `snapshots`. */
	snapshotOf: Uint16Array;
	/** Per row, its customer index (−1 for a row without a customer ID). */
	customerOf: Int32Array;
	/** Customer c's rows, in snapshot order, are customerRows[customerStart[c] … customerStart[c + 1]). */
	customerStart: Int32Array;
	customerRows: Int32Array;
	/** Per customer, its row in the latest snapshot it appears in. */
	latest: Int32Array;
	/** The rows of the latest snapshot, in table order (the current view, as the Overview shows it). */
	viewRows: Uint32Array;
	/** Per snapshot, its first row and end when its rows are contiguous in the table; −1 otherwise. */
	snapshotRange: Int32Array;
}

/**
 * The layout of a table with these roles (id and as-of columns). `coded`: the ID column's customer codes when
 * they were worked out already (the scoring worker codes the IDs as they arrive; core/customer-codes.ts).
 */
export function layoutOf(table: Table, roles: Pick<DatasetRoles, 'id' | 'asOf'>, coded?: { codes: Int32Array; count: number }): HistoryLayout {
	const n = table.rowCount;
	const { snapshots, snapshotOf } = snapshotsOf(table, roles.asOf);
	if (snapshots.length > 0xffff) throw new Error(`invalid table; more than 65,535 snapshots: ${snapshots.length}`);
	const idColumn = table.columns[roles.id];
	const { codes: customerOf, count: customers } = coded ?? codesOf(idColumn, n);
	if (customerOf.length !== n) throw new Error(`invalid customer codes; ${customerOf.length} for ${n} rows`);
	// Counting sort of rows by customer, then each customer's few rows by snapshot.
	const customerStart = new Int32Array(customers + 1);
	for (let i = 0; i < n; i++) if (customerOf[i] >= 0) customerStart[customerOf[i] + 1]++;
	for (let c = 0; c < customers; c++) customerStart[c + 1] += customerStart[c];
	const fill = customerStart.slice(0, customers);
	const customerRows = new Int32Array(customerStart[customers]);
	for (let i = 0; i < n; i++) if (customerOf[i] >= 0) customerRows[fill[customerOf[i]]++] = i;
	const latest = new Int32Array(customers);
	for (let c = 0; c < customers; c++) {
		const a = customerStart[c], b = customerStart[c + 1];
		// Insertion sort: a customer has a handful of rows, usually already in order.
		for (let j = a + 1; j < b; j++) {
			const row = customerRows[j];
			let k = j - 1;
			while (k >= a && snapshotOf[customerRows[k]] > snapshotOf[row]) {
				customerRows[k + 1] = customerRows[k];
				k--;
			}
			customerRows[k + 1] = row;
		}
		latest[c] = customerRows[b - 1];
	}
	const last = snapshots.length - 1;
	let viewCount = 0;
	for (let i = 0; i < n; i++) if (snapshotOf[i] === last) viewCount++;
	const viewRows = new Uint32Array(viewCount);
	for (let i = 0, k = 0; i < n; i++) if (snapshotOf[i] === last) viewRows[k++] = i;
	return { rowCount: n, snapshots, snapshotOf, customerOf, customerStart, customerRows, latest, viewRows, snapshotRange: rangesOf(snapshotOf, snapshots.length) };
}

/** Per row, its customer index in order of first appearance (−1 without an ID), and how many customers. */
function codesOf(idColumn: Column | undefined, n: number): { codes: Int32Array; count: number } {
	if (!idColumn) return { codes: new Int32Array(n).fill(-1), count: 0 };
	if (idColumn.kind === 'text') return customerCodes(idColumn.values);
	const customerOf = new Int32Array(n).fill(-1);
	const codes = new Map<string, number>();
	for (let i = 0; i < n; i++) {
		const v = cell(idColumn, i);
		if (v === null || (typeof v === 'number' && v !== v)) continue;
		const key = String(v);
		let c = codes.get(key);
		if (c === undefined) codes.set(key, (c = codes.size));
		customerOf[i] = c;
	}
	return { codes: customerOf, count: codes.size };
}

/** Snapshot dates ascending and each row's index; rows with no date form an undated snapshot '' (sorts first). */
function snapshotsOf(table: Table, asOfName: string | undefined): { snapshots: string[]; snapshotOf: Uint16Array } {
	const n = table.rowCount;
	const asOf = asOfName ? table.columns[asOfName] : undefined;
	if (!asOf || asOf.kind !== 'category') return { snapshots: [''], snapshotOf: new Uint16Array(n) };
	// Which codes occur (the last slot for a missing date): a flag per level, not a Set of a million adds.
	const seen = new Uint8Array(asOf.levels.length + 1);
	for (let i = 0; i < n; i++) {
		const code = asOf.codes[i];
		seen[code < 0 ? asOf.levels.length : code] = 1;
	}
	const dates = asOf.levels.filter((_, code) => seen[code]);
	if (seen[asOf.levels.length]) dates.push('');
	dates.sort();
	const snapshots = [...new Set(dates)];
	const index = new Map(snapshots.map((d, k) => [d, k]));
	const byCode = Int32Array.from(asOf.levels, (level) => index.get(level) ?? -1);
	const missing = index.get('') ?? 0;
	const snapshotOf = new Uint16Array(n);
	for (let i = 0; i < n; i++) {
		const code = asOf.codes[i];
		snapshotOf[i] = code < 0 ? missing : byCode[code];
	}
	return { snapshots: snapshots.length ? snapshots : [''], snapshotOf };
}

/** [start, end] per snapshot (flattened pairs) when its rows are one run; −1 when they are spread out. */
function rangesOf(snapshotOf: Uint16Array, count: number): Int32Array {
	const ranges = new Int32Array(count * 2).fill(-1);
	const seen = new Uint8Array(count);
	for (let i = 0; i < snapshotOf.length; ) {
		const s = snapshotOf[i];
		let j = i + 1;
		while (j < snapshotOf.length && snapshotOf[j] === s) j++;
		// A second run of the same snapshot means its rows are spread out: −1 for good.
		if (seen[s]) ranges[2 * s] = ranges[2 * s + 1] = -1;
		else [ranges[2 * s], ranges[2 * s + 1]] = [i, j];
		seen[s] = 1;
		i = j;
	}
	return ranges;
}

/** Each layout's snapshot rows, worked out on first use: a re-scoring asks for every snapshot's rows again. */
const rowsCache = new WeakMap<HistoryLayout, Uint32Array[]>();

/** The rows of snapshot s, in table order. The same array on every call for a layout: read it, never change it. */
export function rowsOfSnapshot(layout: HistoryLayout, s: number): Uint32Array {
	let cache = rowsCache.get(layout);
	if (!cache) rowsCache.set(layout, (cache = []));
	return (cache[s] ??= snapshotRows(layout, s));
}

function snapshotRows(layout: HistoryLayout, s: number): Uint32Array {
	const a = layout.snapshotRange[2 * s], b = layout.snapshotRange[2 * s + 1];
	if (a >= 0) {
		const rows = new Uint32Array(b - a);
		for (let k = 0; k < rows.length; k++) rows[k] = a + k;
		return rows;
	}
	let count = 0;
	for (let i = 0; i < layout.rowCount; i++) if (layout.snapshotOf[i] === s) count++;
	const rows = new Uint32Array(count);
	for (let i = 0, k = 0; i < layout.rowCount; i++) if (layout.snapshotOf[i] === s) rows[k++] = i;
	return rows;
}
