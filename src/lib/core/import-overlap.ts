/**
 * What a file about to be imported does to the imports stored before it, counted before Import: the rows it
 * replaces (the same customer and as-of date), or, for an outcomes file, the IDs that join a customer and those
 * that match none; and which outcome columns it takes over. The counts are of distinct customers (and dates):
 * duplicate rows in the file are one whichever is kept.
 */
import { hasSnapshotRows } from './assemble';
import type { Dataset, DatasetMeta, DatasetRoles } from './dataset';
import { snapshotDatesOf } from './rows-gone';
import { codeCustomers } from './snapshot-rows';
import { inRowSteps, type Steps } from './steps';
import { textAt } from './stack';
import { textCell, type TextValues } from './text-values';

/** A file's as-of dates: per row a code into `levels` (yyyy-mm-dd), −1 for none. */
export interface DateCodes {
	codes: Int32Array;
	levels: string[];
}

/** The file as the report knows it: its ID cells, and its as-of dates (cells, or codes) or the one date chosen for all. */
export interface FileRows {
	ids: TextValues;
	asOf: TextValues | DateCodes | string;
	/** The outcome roles the file maps a column to. */
	outcomeRoles: readonly OutcomeRole[];
	outcomesOnly: boolean;
}

export type OutcomeRole = 'outcome' | 'churnDate' | 'renewalDate';

/** Rows of the file whose customer and as-of date an earlier import has, per earlier import. */
export interface Replaced {
	name: string;
	rows: number;
	dates: string[];
}

/** What importing the file does to the stored imports. */
export interface ImportOverlap {
	/** Snapshot files: distinct customer and date pairs of the file an earlier import has rows of. */
	replacedRows: number;
	replaced: Replaced[];
	/** Outcomes files: distinct IDs that join a customer of a snapshot file, and those that match none. */
	joined: number;
	unmatched: number;
	/** Up to EXAMPLES of the IDs that match none, in file order. */
	examples: string[];
	/** For an outcomes file, per outcome role, the earlier imports with a column of that role and a customer it joins, whose values it replaces for them. */
	takesOver: { role: OutcomeRole; from: { name: string; column: string }[] }[];
}

export const EXAMPLES = 5;

/** The file as a dataset of one ID column, to be coded with the stored imports. */
function idsAsDataset(ids: TextValues): Dataset {
	const meta = { roles: { id: 'id' } as DatasetRoles } as DatasetMeta;
	return { meta, table: { rowCount: ids.length, columns: { id: { kind: 'text', values: ids } } } };
}

/** Per row of a stored import, its as-of date as an index into `dates` (−1: another date, or none). */
function dateIndexOf(dataset: Dataset, dates: ReadonlyMap<string, number>): (row: number) => number {
	const { meta, table } = dataset;
	const column = meta.roles.asOf ? table.columns[meta.roles.asOf] : undefined;
	if (!column) {
		const d = dates.get(snapshotDatesOf(meta)[0] ?? '') ?? -1;
		return () => d;
	}
	if (column.kind === 'category') {
		const remap = column.levels.map((l) => dates.get(l) ?? -1);
		return (row) => (column.codes[row] < 0 ? -1 : remap[column.codes[row]]);
	}
	return (row) => dates.get(textAt(column, row) ?? '') ?? -1;
}

/** How the file meets the stored imports (`stored`: every import of the workspace, in import order). */
export function* importOverlap(stored: readonly Dataset[], file: FileRows): Steps<ImportOverlap> {
	const snapshots = stored.filter((d) => hasSnapshotRows(d.meta));
	// An outcomes file takes over only from imports with a customer it has: the earlier outcomes files are coded too.
	const others = file.outcomesOnly ? stored.filter((d) => !hasSnapshotRows(d.meta)) : [];
	const out: ImportOverlap = { replacedRows: 0, replaced: [], joined: 0, unmatched: 0, examples: [], takesOver: [] };
	const n = file.ids.length;
	const coded = yield* codeCustomers([...snapshots, ...others, idsAsDataset(file.ids)]);
	const mine = coded.codes[snapshots.length + others.length];
	if (file.outcomesOnly) {
		const known = new Uint8Array(coded.count), seen = new Uint8Array(coded.count);
		for (let k = 0; k < snapshots.length; k++) {
			const codes = coded.codes[k];
			yield* inRowSteps(codes.length, (start, end) => {
				for (let i = start; i < end; i++) if (codes[i] >= 0) known[codes[i]] = 1;
			});
		}
		yield* inRowSteps(n, (start, end) => {
			for (let i = start; i < end; i++) {
				const c = mine[i];
				if (c < 0 || seen[c]) continue;
				seen[c] = 1;
				if (known[c]) out.joined++;
				else if (++out.unmatched <= EXAMPLES) out.examples.push(textCell(file.ids, i)!);
			}
		});
		// Per earlier import, whether it has a customer of this file whose outcome joins (one the snapshot files know).
		const shares = new Map<Dataset, boolean>();
		for (const [k, d] of [...snapshots, ...others].entries()) {
			if (!file.outcomeRoles.some((role) => d.meta.roles[role])) continue;
			const codes = coded.codes[k];
			let any = false;
			yield* inRowSteps(codes.length, (start, end) => {
				for (let i = start; i < end && !any; i++) any = codes[i] >= 0 && seen[codes[i]] === 1 && known[codes[i]] === 1;
			});
			shares.set(d, any);
		}
		out.takesOver = file.outcomeRoles.flatMap((role) => {
			const from = stored.filter((d) => d.meta.roles[role] && shares.get(d)).map((d) => ({ name: d.meta.name, column: d.meta.roles[role]! }));
			return from.length ? [{ role, from }] : [];
		});
		return out;
	}
	// The file's dates, and per date which customers it has rows of.
	const labels: string[] = [];
	const index = new Map<string, number>();
	const label = (date: string | null) => {
		if (date === null) return -1;
		let d = index.get(date);
		if (d === undefined) index.set(date, (d = labels.push(date) - 1));
		return d;
	};
	const { asOf } = file;
	const codes = typeof asOf === 'object' && 'codes' in asOf ? asOf : null;
	const levelLabels = codes ? codes.levels.map(label) : [];
	const dateOf = (i: number) =>
		typeof asOf === 'string' ? label(asOf) : codes ? (codes.codes[i] < 0 ? -1 : levelLabels[codes.codes[i]]) : label(textCell(asOf as TextValues, i));
	const rowDates = new Int32Array(n);
	yield* inRowSteps(n, (start, end) => {
		for (let i = start; i < end; i++) rowDates[i] = dateOf(i);
	});
	const has = labels.map(() => new Uint8Array(coded.count));
	yield* inRowSteps(n, (start, end) => {
		for (let i = start; i < end; i++) if (mine[i] >= 0 && rowDates[i] >= 0) has[rowDates[i]][mine[i]] = 1;
	});
	// 2: the pair is in an earlier import too (counted once however many have it).
	for (let k = 0; k < snapshots.length; k++) {
		const codes = coded.codes[k], at = dateIndexOf(snapshots[k], index);
		let rows = 0;
		const dates = new Set<number>();
		yield* inRowSteps(codes.length, (start, end) => {
			for (let i = start; i < end; i++) {
				const d = codes[i] < 0 ? -1 : at(i);
				if (d < 0 || !has[d][codes[i]]) continue;
				rows++;
				dates.add(d);
				has[d][codes[i]] = 2;
			}
		});
		if (rows) out.replaced.push({ name: snapshots[k].meta.name, rows, dates: [...dates].map((d) => labels[d]).sort() });
	}
	for (const flags of has) for (let c = 0; c < flags.length; c++) if (flags[c] === 2) out.replacedRows++;
	return out;
}
