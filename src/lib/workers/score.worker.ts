/** The scoring worker: holds the portfolio table and scores its whole history for each scorecard change. */
import { CustomerCoder } from '../core/customer-codes';
import { HistoryScorer } from '../core/history-scorer';
import type { DatasetRoles } from '../core/dataset';
import type { Column, Table } from '../core/table';
import { unpackText, type FromScoreWorker, type ToScoreWorker } from './score-protocol';

const scorer = new HistoryScorer();
/** The table being received, until `end`. */
let incoming: { tableId: number; roles: DatasetRoles; table: Table; ids: IdCoding | null } | null = null;
/** A text ID column's customer codes, worked out slice by slice while the page is still sending the table. */
interface IdCoding {
	coder: CustomerCoder;
	/** The next row expected: slices come in order; any other order drops the coding (layoutOf codes instead). */
	next: number;
}
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
			incoming = { tableId: message.tableId, roles: message.roles, table: { rowCount: message.rowCount, columns: {} }, ids: { coder: new CustomerCoder(message.rowCount), next: 0 } };
			return;
		case 'column':
			if (incoming?.tableId === message.tableId) incoming.table.columns[message.name] = message.column;
			return;
		case 'text': {
			if (incoming?.tableId !== message.tableId) return;
			const columns = incoming.table.columns;
			const column: Column = columns[message.name] ??= { kind: 'text', values: new Array<string | null>(incoming.table.rowCount).fill(null) };
			// The worker's own text columns are plain arrays, filled slice by slice.
			if (column.kind !== 'text' || !Array.isArray(column.values)) return;
			const values = column.values as (string | null)[];
			unpackText(message.values, values, message.offset);
			// The ID column is coded as it arrives (slices come in row order), so the layout has its customers at `end`.
			const ids = incoming.ids, end = message.offset + message.values.ends.length;
			if (ids && message.name === incoming.roles.id) {
				if (message.offset !== ids.next) incoming.ids = null;
				else {
					ids.coder.add(values, message.offset, end);
					ids.next = end;
				}
			}
			return;
		}
		case 'end': {
			if (incoming?.tableId !== message.tableId) return;
			const { ids, table, roles } = incoming;
			const coded = ids && table.columns[roles.id]?.kind === 'text' && ids.next === table.rowCount ? { codes: ids.coder.codes, count: ids.coder.count } : undefined;
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
			post({ type: 'view', requestId: message.requestId, tableId, view }, buffers(view.score, view.band, view.weightTotals, view.weights, view.missingCounts, view.subScores));
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
		const requestId = 'requestId' in message ? message.requestId : null;
		post({ type: 'error', requestId, tableId: message.tableId, message: err instanceof Error ? err.message : String(err) });
	}
};
