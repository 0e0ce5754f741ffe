/** Which snapshot rows of several imports make the portfolio: for the same customer ID and as-of date, the later import's. */
import type { Notice } from './csv/types';
import type { Dataset } from './dataset';
import { textAt } from './stack';
import { MISSING_CODE } from './table';
import { textCell, type TextValues } from './text-values';

/** The rows kept from each import, with the customer ID and as-of date of every kept row, stacked in import order. */
export interface SnapshotRows {
	parts: { dataset: Dataset; rows: Int32Array }[];
	ids: (string | null)[];
	/** Index into `dates` per kept row, −1 where the row has no as-of date. */
	dateCodes: Int32Array;
	/** Every as-of date some row has, ascending. */
	dates: string[];
}

/** An import's as-of date per row, as codes into labels; its import day when it has no as-of column. */
function datesOf({ meta, table }: Dataset, notices: Notice[]): { codes: Int32Array; labels: string[] } {
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
	for (let i = 0; i < codes.length; i++) {
		const date = textAt(column, i);
		let c = date === null ? MISSING_CODE : code.get(date);
		if (c === undefined) code.set(date!, (c = labels.push(date!) - 1));
		codes[i] = c;
	}
	return { codes, labels };
}

function idsOf({ meta, table }: Dataset): TextValues {
	const column = table.columns[meta.roles.id];
	if (column?.kind === 'text') return column.values;
	return Array.from({ length: table.rowCount }, (_, i) => (column ? textAt(column, i) : null));
}

/** Each import's as-of codes into one ascending list of the dates rows have (a level no row uses would be an empty snapshot). */
function commonDates(local: readonly { codes: Int32Array; labels: string[] }[]): { dates: string[]; codes: Int32Array[] } {
	const used = new Set<string>();
	for (const { codes, labels } of local) {
		const seen = new Uint8Array(labels.length);
		for (const c of codes) if (c >= 0) seen[c] = 1;
		labels.forEach((label, j) => seen[j] && used.add(label));
	}
	const dates = [...used].sort();
	const index = new Map(dates.map((d, i) => [d, i]));
	const codes = local.map(({ codes, labels }) => {
		const remap = labels.map((l) => index.get(l) ?? MISSING_CODE);
		const out = new Int32Array(codes.length);
		for (let i = 0; i < codes.length; i++) out[i] = codes[i] < 0 ? MISSING_CODE : remap[codes[i]];
		return out;
	});
	return { dates, codes };
}

/** The rows of the snapshot imports (in import order) that the portfolio keeps; a notice per import that loses rows. */
export function pickSnapshotRows(snapshots: readonly Dataset[], notices: Notice[]): SnapshotRows {
	const ids = snapshots.map(idsOf);
	const { dates, codes } = commonDates(snapshots.map((d) => datesOf(d, notices)));
	// From the latest import back: a row goes when a later import has its customer at its date. Rows
	// without an ID or a date, and duplicates within one import (the import step resolved those), stay.
	const customer = new Map<string, number>();
	const later = new Set<number>();
	const keep = snapshots.map((d) => new Uint8Array(d.table.rowCount).fill(1));
	for (let k = snapshots.length - 1; k >= 0; k--) {
		const keys: number[] = [];
		for (let i = 0; i < keep[k].length; i++) {
			const id = textCell(ids[k], i), d = codes[k][i];
			if (id === null || d < 0) continue;
			let c = customer.get(id);
			if (c === undefined) customer.set(id, (c = customer.size));
			const key = c * dates.length + d;
			if (later.has(key)) keep[k][i] = 0;
			else keys.push(key);
		}
		for (const key of keys) later.add(key);
	}
	const total = keep.reduce((n, flags) => n + flags.reduce((m, f) => m + f, 0), 0);
	const picked: SnapshotRows = { parts: [], ids: new Array<string | null>(total), dateCodes: new Int32Array(total), dates };
	let at = 0;
	snapshots.forEach((dataset, k) => {
		const start = at;
		for (let i = 0; i < keep[k].length; i++) {
			if (!keep[k][i]) continue;
			picked.ids[at] = textCell(ids[k], i);
			picked.dateCodes[at++] = codes[k][i];
		}
		const rows = new Int32Array(at - start);
		for (let i = 0, j = 0; i < keep[k].length; i++) if (keep[k][i]) rows[j++] = i;
		picked.parts.push({ dataset, rows });
		const dropped = dataset.table.rowCount - rows.length;
		if (dropped) {
			notices.push({ level: 'info', message: `${dropped.toLocaleString('en-US')} ${dropped === 1 ? 'row' : 'rows'} of ${dataset.meta.name} ${dropped === 1 ? 'is' : 'are'} left out: a later import has the same customer ID and as-of date.` });
		}
	});
	return picked;
}
