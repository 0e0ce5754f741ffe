/**
 * Which snapshot rows of several imports make the portfolio: for the same customer ID and as-of date, the later
 * import's. Customer IDs are compared as customer codes (one CustomerCoder over every import's ID column, packed
 * cells coded where they lie), not as a string per row in a Map; every loop over rows runs in steps.
 */
import { CustomerCoder } from './customer-codes';
import type { Notice } from './csv/types';
import type { Dataset } from './dataset';
import { textAt } from './stack';
import { fillSteps, inRowSteps, SLOW_STEP_ROWS, type Steps } from './steps';
import { MISSING_CODE } from './table';

/** The rows kept from each import, with the customer and as-of date of every kept row, stacked in import order. */
export interface SnapshotRows {
	parts: { dataset: Dataset; rows: Int32Array }[];
	/** Per kept row, its customer's code (as given to pickSnapshotRows; −1 where the row has no ID). */
	customers: Int32Array;
	/** Index into `dates` per kept row, −1 where the row has no as-of date. */
	dateCodes: Int32Array;
	/** Every as-of date some row has, ascending. */
	dates: string[];
}

/** The customer codes of several imports' rows in one numbering: one array per import, and how many customers. */
export interface CodedCustomers {
	codes: Int32Array[];
	count: number;
}

/** Codes the customer ID column of each import (a number ID as JavaScript writes it; no column, no IDs). */
export function* codeCustomers(datasets: readonly Dataset[]): Steps<CodedCustomers> {
	// Room for a customer per row, so that the table never grows: growing rehashes every customer so far in
	// one step (100 ms in node past a million).
	const coder = yield* CustomerCoder.inSteps(datasets.reduce((n, d) => n + d.table.rowCount, 0));
	const codes: Int32Array[] = [];
	let offset = 0;
	for (const { meta, table } of datasets) {
		const column = table.columns[meta.roles.id], at = offset;
		if (column?.kind === 'text') yield* inRowSteps(table.rowCount, (start, end) => coder.add(column.values, start, end, at), SLOW_STEP_ROWS);
		else if (column) {
			yield* inRowSteps(table.rowCount, (start, end) => {
				const ids = Array.from({ length: end - start }, (_, i) => textAt(column, start + i));
				coder.add(ids, 0, ids.length, at + start);
			}, SLOW_STEP_ROWS);
		}
		codes.push(coder.codes.subarray(offset, offset + table.rowCount));
		offset += table.rowCount;
	}
	return { codes, count: coder.count };
}

/** An import's as-of date per row, as codes into labels; its import day when it has no as-of column. */
function* datesOf({ meta, table }: Dataset, notices: Notice[]): Steps<{ codes: Int32Array; labels: string[] }> {
	const column = meta.roles.asOf ? table.columns[meta.roles.asOf] : undefined;
	if (column?.kind === 'category') return { codes: column.codes, labels: column.levels };
	if (!column) {
		const day = meta.createdAt.slice(0, 10);
		notices.push({ level: 'info', message: `${meta.name} has no as-of dates: its rows count as of the day it was imported, ${day}.` });
		return { codes: new Int32Array(table.rowCount), labels: [day] };
	}
	const labels: string[] = [];
	const code = new Map<string, number>();
	const codes = new Int32Array(table.rowCount);
	yield* inRowSteps(codes.length, (start, end) => {
		for (let i = start; i < end; i++) {
			const date = textAt(column, i);
			let c = date === null ? MISSING_CODE : code.get(date);
			if (c === undefined) code.set(date!, (c = labels.push(date!) - 1));
			codes[i] = c;
		}
	});
	return { codes, labels };
}

/**
 * Each import's as-of codes into one ascending list of the dates rows have (a level no row uses would be an
 * empty snapshot); which dates several imports have rows at, and whether each import has rows at such a date.
 */
function* commonDates(local: readonly { codes: Int32Array; labels: string[] }[]): Steps<{ dates: string[]; codes: Int32Array[]; shared: Uint8Array; sharing: boolean[] }> {
	const used = new Set<string>();
	const seen: Uint8Array[] = [];
	for (const { codes, labels } of local) {
		const flags = new Uint8Array(labels.length);
		yield* inRowSteps(codes.length, (start, end) => {
			for (let i = start; i < end; i++) if (codes[i] >= 0) flags[codes[i]] = 1;
		});
		labels.forEach((label, j) => flags[j] && used.add(label));
		seen.push(flags);
	}
	const dates = [...used].sort();
	const index = new Map(dates.map((d, i) => [d, i]));
	const codes: Int32Array[] = [];
	const importsAt = new Int32Array(dates.length);
	for (let k = 0; k < local.length; k++) {
		const { codes: from, labels } = local[k];
		const remap = labels.map((l) => index.get(l) ?? MISSING_CODE);
		remap.forEach((d, j) => seen[k][j] && importsAt[d]++);
		const out = new Int32Array(from.length);
		yield* inRowSteps(from.length, (start, end) => {
			for (let i = start; i < end; i++) out[i] = from[i] < 0 ? MISSING_CODE : remap[from[i]];
		});
		codes.push(out);
	}
	const shared = importsAt.map((n) => (n > 1 ? 1 : 0));
	const sharing = local.map(({ labels }, k) => labels.some((l, j) => seen[k][j] === 1 && shared[index.get(l)!] === 1));
	return { dates, codes, shared: Uint8Array.from(shared), sharing };
}

/** A set of (customer, date) pairs of integers ≥ 0, for at most `capacity` pairs: open addressing, no growth. */
class PairSet {
	/** At 2p, slot p's customer + 1 (0 when free: a new set needs no filling); at 2p + 1, its date. */
	readonly #slots: Int32Array;

	constructor(capacity: number) {
		let slots = 1024;
		while (slots < 2 * capacity) slots *= 2;
		this.#slots = new Int32Array(2 * slots);
	}

	/** A set made in steps: its slots written through a slice at a time, not first touched at random by the first pairs added. */
	static *inSteps(capacity: number): Steps<PairSet> {
		const set = new PairSet(capacity);
		yield* fillSteps(set.#slots, 0);
		return set;
	}

	/** Adds the pair (nothing when it is there already). */
	add(customer: number, date: number): void {
		const p = this.#slot(customer, date);
		this.#slots[2 * p] = customer + 1;
		this.#slots[2 * p + 1] = date;
	}

	has(customer: number, date: number): boolean {
		return this.#slots[2 * this.#slot(customer, date)] !== 0;
	}

	/** The slot that holds the pair, or the free slot where it would go. */
	#slot(customer: number, date: number): number {
		const slots = this.#slots, mask = (slots.length >> 1) - 1;
		const h = Math.imul(customer ^ Math.imul(date, 0x85ebca6b), 0x9e3779b1);
		for (let p = (h ^ (h >>> 15)) & mask; ; p = (p + 1) & mask) {
			const c = slots[2 * p];
			if (c === 0 || (c === customer + 1 && slots[2 * p + 1] === date)) return p;
		}
	}
}

/**
 * The rows of the snapshot imports (in import order) that the portfolio keeps; a notice per import that loses
 * rows. `customers[k]` holds the customer code of each row of snapshots[k] (codeCustomers).
 */
export function* pickSnapshotRows(snapshots: readonly Dataset[], customers: readonly Int32Array[], notices: Notice[]): Steps<SnapshotRows> {
	const local: { codes: Int32Array; labels: string[] }[] = [];
	for (const d of snapshots) local.push(yield* datesOf(d, notices));
	const { dates, codes, shared, sharing } = yield* commonDates(local);
	// From the latest import back: a row goes when a later import has its customer at its date. Rows without
	// an ID or a date, and duplicates within one import (the import step resolved those), stay. The pairs of
	// an import are added after all its rows are looked at, so that its own duplicates do not drop each other.
	// Only rows at a date that several imports have can go (monthly files, each at its own date, lose none).
	const later = yield* PairSet.inSteps(snapshots.reduce((n, d, k) => (k > 0 && sharing[k] ? n + d.table.rowCount : n), 0));
	const keep: Uint8Array[] = [];
	for (const d of snapshots) keep.push(yield* fillSteps(new Uint8Array(d.table.rowCount), 1));
	for (let k = snapshots.length - 1; k >= 0; k--) {
		if (!sharing[k]) continue;
		const ids = customers[k], days = codes[k], flags = keep[k];
		const paired = (i: number) => ids[i] >= 0 && days[i] >= 0 && shared[days[i]] === 1;
		yield* inRowSteps(flags.length, (start, end) => {
			for (let i = start; i < end; i++) if (paired(i) && later.has(ids[i], days[i])) flags[i] = 0;
		});
		if (k === 0) break;
		yield* inRowSteps(flags.length, (start, end) => {
			for (let i = start; i < end; i++) if (flags[i] && paired(i)) later.add(ids[i], days[i]);
		});
	}
	const kept = keep.map(() => 0);
	for (let k = 0; k < keep.length; k++) {
		const flags = keep[k];
		yield* inRowSteps(flags.length, (start, end) => {
			for (let i = start; i < end; i++) kept[k] += flags[i];
		});
	}
	const total = kept.reduce((n, m) => n + m, 0);
	const picked: SnapshotRows = { parts: [], customers: new Int32Array(total), dateCodes: new Int32Array(total), dates };
	let at = 0;
	for (let k = 0; k < snapshots.length; k++) {
		const dataset = snapshots[k], flags = keep[k], ids = customers[k], days = codes[k];
		const rows = new Int32Array(kept[k]);
		let j = 0;
		yield* inRowSteps(flags.length, (start, end) => {
			for (let i = start; i < end; i++) {
				if (!flags[i]) continue;
				rows[j++] = i;
				picked.customers[at] = ids[i];
				picked.dateCodes[at++] = days[i];
			}
		});
		picked.parts.push({ dataset, rows });
		const dropped = dataset.table.rowCount - rows.length;
		if (dropped) {
			notices.push({ level: 'info', message: `${dropped.toLocaleString('en-US')} ${dropped === 1 ? 'row' : 'rows'} of ${dataset.meta.name} ${dropped === 1 ? 'is' : 'are'} left out: a later import has the same customer ID and as-of date.` });
		}
	}
	return picked;
}
