/** The scoring worker: holds the portfolio table and scores its whole history for each scorecard change. */
import { customerCodes } from '../core/customer-codes';
import { HistoryScorer } from '../core/history-scorer';
import type { DatasetRoles } from '../core/dataset';
import type { Table } from '../core/table';
import { checkPacked, PackedTextsBuilder, type PackedTexts } from '../core/text-values';
import type { FromScoreWorker, ToScoreWorker } from './score-protocol';

const scorer = new HistoryScorer();
/**
 * The table being received, until `end`: its number and category columns as they came, its text columns as they
 * come, and the ID column once whole, with its customer codes.
 */
let incoming: {
	tableId: number;
	roles: DatasetRoles;
	table: Table;
	texts: Map<string, PackedTextsBuilder>;
	ids: { values: PackedTexts; codes: Int32Array; count: number } | null;
} | null = null;
let tableId = -1;

function post(message: FromScoreWorker, transfer: Transferable[] = []): void {
	(self as unknown as Worker).postMessage(message, transfer);
}

function buffers(...groups: (ArrayBufferView | ArrayBufferView[])[]): Transferable[] {
	return groups.flat().map((a) => a.buffer as ArrayBuffer);
}

function receive(message: ToScoreWorker): void {
	switch (message.type) {
		case 'begin':
			incoming = { tableId: message.tableId, roles: message.roles, table: { rowCount: message.rowCount, columns: {} }, texts: new Map(), ids: null };
			return;
		case 'column': {
			if (incoming?.tableId !== message.tableId) return;
			// Kept as it came: the page sends a copy of its own.
			const { name, column } = message;
			const { rowCount, columns } = incoming.table;
			const rows = column.kind === 'number' ? column.values.length : column.codes.length;
			if (rows !== rowCount) throw new Error(`invalid ${column.kind} column ${name}; ${rows} rows where the table has ${rowCount}`);
			if (columns[name] || incoming.texts.has(name)) throw new Error(`invalid ${column.kind} column ${name}; a column of that name came before`);
			columns[name] = column;
			return;
		}
		case 'text': {
			if (incoming?.tableId !== message.tableId) return;
			// Kept packed as it came (a million IDs made into strings cost this worker ~0.6 s and its collector more).
			const { name, offset, values } = message;
			checkPacked(values, () => `invalid text slice of ${name}`);
			const { rowCount, columns } = incoming.table;
			let column = incoming.texts.get(name);
			if (!column) {
				if (columns[name]) throw new Error(`invalid text slice; ${name} came as a ${columns[name].kind} column`);
				incoming.texts.set(name, (column = new PackedTextsBuilder(rowCount)));
			}
			if (offset !== column.rows || offset + values.ends.length > rowCount) {
				throw new Error(`invalid text slice of ${name}; rows ${offset}…${offset + values.ends.length - 1} came where row ${column.rows} was due, of 0…${rowCount - 1}`);
			}
			column.append(values);
			// The ID column is coded once whole, while the page sends the others (it goes first), so the layout
			// has its customers at `end`.
			if (name === incoming.roles.id && column.rows === rowCount) {
				const whole = column.finish();
				incoming.ids = { values: whole, ...customerCodes(whole) };
			}
			return;
		}
		case 'end': {
			if (incoming?.tableId !== message.tableId) return;
			const { texts, ids, table, roles } = incoming;
			for (const [name, column] of texts) {
				if (column.rows !== table.rowCount) throw new Error(`invalid table; text column ${name} came with ${column.rows} of ${table.rowCount} rows`);
				table.columns[name] = { kind: 'text', values: name === roles.id && ids ? ids.values : column.finish() };
			}
			const coded = ids ? { codes: ids.codes, count: ids.count } : undefined;
			const layout = scorer.setTable(table, roles, coded);
			tableId = incoming.tableId;
			incoming = null;
			// The layout is the worker's too (it scores with it): send copies.
			const copy = structuredClone(layout);
			post({ type: 'layout', tableId, layout: copy }, buffers(copy.snapshotOf, copy.customerOf, copy.customerStart, copy.customerRows, copy.latest, copy.viewRows, copy.snapshotRange));
			return;
		}
		case 'score': {
			if (message.tableId !== tableId) return post({ type: 'error', requestId: message.requestId, tableId: message.tableId, message: 'the table changed before it could be scored' });
			// The latest snapshot first, so the Overview shows its figures while the other snapshots are scored.
			const view = scorer.scoreView(message.plan);
			post({ type: 'view', requestId: message.requestId, tableId, view }, buffers(view.score, view.band, view.weightTotals, view.weights, view.missingCounts, view.subScores, view.scorecardOf));
			// score() goes on from scoreView and hands back that same view, whose buffers went with the message above.
			const { scores, trend } = scorer.score(message.plan);
			post({ type: 'scored', requestId: message.requestId, tableId, scores, trend }, buffers(scores.score, scores.band, scores.scorerOf, scores.overridden, scores.snapshotVersion));
			return;
		}
		case 'compare':
			if (message.tableId !== tableId) return post({ type: 'error', requestId: message.requestId, tableId: message.tableId, message: 'the table changed before the versions could be compared' });
			post({ type: 'compared', requestId: message.requestId, tableId, changes: scorer.compare(message.a, message.b, message.overrides, message.today) });
			return;
		case 'explain':
			post({ type: 'explained', requestId: message.requestId, tableId, rows: message.tableId === tableId ? scorer.explain(message.rows) : [] });
			return;
	}
}

self.onmessage = (event: MessageEvent<ToScoreWorker>) => {
	const message = event.data;
	try {
		receive(message);
	} catch (err) {
		// A table that could not be taken in is dropped whole: the rest of its messages are ignored.
		if (incoming?.tableId === message.tableId && !('requestId' in message)) incoming = null;
		const requestId = 'requestId' in message ? message.requestId : null;
		post({ type: 'error', requestId, tableId: message.tableId, message: err instanceof Error ? err.message : String(err) });
	}
};
