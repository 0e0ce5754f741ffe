/**
 * The scoring worker's real message handling (score.worker.ts) behind workerBackend, in process: messages are
 * structured-cloned and their transfer lists honoured as a browser would. What comes back must equal the
 * in-process backend's layout and scores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { inProcessBackend, workerBackend, type ScoreWorker } from '../../src/lib/state/history-backend';
import type { Table } from '../../src/lib/core/table';
import { TEXT_SLICE, type FromScoreWorker, type ToScoreWorker } from '../../src/lib/workers/score-protocol';
import { planOf } from '../helpers/history-fixture';
import { packText, textArray, type PackedText } from '../../src/lib/core/text-values';
import { encodeCategories } from '../../src/lib/core/table';
import { layoutOf } from '../../src/lib/core/history-layout';

type Self = { onmessage: ((event: { data: ToScoreWorker }) => void) | null; postMessage: (message: FromScoreWorker, transfer?: Transferable[]) => void };

let worker: ScoreWorker;
const posted: ToScoreWorker[] = [];

beforeAll(async () => {
	const self: Self = { onmessage: null, postMessage: () => {} };
	(globalThis as unknown as { self: Self }).self = self;
	await import('../../src/lib/workers/score.worker');
	worker = {
		onmessage: null,
		postMessage(message, transfer = []) {
			posted.push(message);
			const data = structuredClone(message, { transfer });
			setTimeout(() => self.onmessage!({ data }), 0);
		},
		terminate() {}
	};
	self.postMessage = (message, transfer = []) => {
		const data = structuredClone(message, { transfer });
		setTimeout(() => worker.onmessage!({ data } as MessageEvent<FromScoreWorker>), 0);
	};
});

/** Collects the worker's answers; `until(n)` waits for the n-th (at most a second) and gives it. */
function answersFrom(worker: ScoreWorker): (n: number) => Promise<FromScoreWorker> {
	const answers: FromScoreWorker[] = [];
	worker.onmessage = ({ data }) => answers.push(data);
	return async (n) => {
		for (let i = 0; i < 200 && answers.length < n; i++) await new Promise((r) => setTimeout(r, 5));
		expect(answers).toHaveLength(n);
		return answers[n - 1];
	};
}

afterAll(() => {
	delete (globalThis as { self?: unknown }).self;
});

describe('scoring worker behind workerBackend', () => {
	it('gives the layout and scores the in-process backend gives, the page keeping its columns', async () => {
		const dataset = generateDemo({ accounts: 1_500 });
		const { table, meta } = dataset;
		// More than one text slice of IDs: the demo repeated, each copy's IDs made its own.
		const times = Math.floor(TEXT_SLICE / table.rowCount) + 1;
		const repeated = repeat(table, times);
		// The ID column last in the table: the page sends it first all the same.
		const { [meta.roles.id]: idColumn, ...others } = repeated.columns;
		const big: Table = { rowCount: repeated.rowCount, columns: { ...others, [meta.roles.id]: idColumn } };
		expect(Object.keys(big.columns).at(-1)).toBe(meta.roles.id);
		// Number and category columns copied 20,000 rows a task (COLUMN_SLICE, made small), each sent whole.
		const backend = workerBackend(() => worker, { columnSlice: 20_000 });
		const reference = inProcessBackend();
		const layout = await backend.setTable(big, meta.roles);
		expect(layout).toEqual(await reference.setTable(big, meta.roles));
		expect(posted.filter((m) => m.type === 'text' && m.name === meta.roles.id).length).toBeGreaterThan(1);
		const sent = posted.filter((m) => m.type === 'column');
		const columns = Object.entries(big.columns).filter(([, c]) => c.kind !== 'text');
		expect(columns.length).toBeGreaterThan(2);
		expect(big.rowCount).toBeGreaterThan(2 * 20_000);
		// One message a column, of its kind (its buffer went to the worker, which refuses a column shorter than the
		// table: the copy made across several tasks is whole, and the layout and scores below are the same).
		expect(sent.map((m) => `${m.name} ${m.column.kind}`).sort()).toEqual(columns.map(([name, c]) => `${name} ${c.kind}`).sort());
		// The ID column goes first, so the worker codes it while the other columns come.
		expect(posted.findLastIndex((m) => m.type === 'text' && m.name === meta.roles.id)).toBeLessThan(posted.findIndex((m) => m.type === 'column'));
		const plan = planOf(demoScorecard());
		const early: unknown[] = [];
		const scored = await backend.score(plan, (view) => early.push(view));
		const want = await reference.score(plan);
		expect(scored).toEqual(want);
		// The latest snapshot came first, on its own, and is the view the history resolved with.
		expect(early).toHaveLength(1);
		expect(early[0]).toBe(scored!.view);
		// The page's own columns are copied, not transferred away.
		for (const column of Object.values(big.columns)) {
			if (column.kind === 'number') expect(column.values.length).toBe(big.rowCount);
			if (column.kind === 'category') expect(column.codes.length).toBe(big.rowCount);
		}
		const rows = [0, 5, big.rowCount - 1];
		expect(await backend.explain(rows)).toEqual(await reference.explain(rows));
	}, 60_000);

	it('takes number and category columns whole, and refuses one of another length than the table, or sent twice', async () => {
		const until = answersFrom(worker);
		const roles = { id: 'id', asOf: 'as_of' };
		const ids = ['A', 'B', 'A', 'C', 'B', 'D'];
		const asOf = encodeCategories(['2026-01-31', '2026-01-31', '2026-02-28', '2026-02-28', '2026-02-28', '2026-02-28']);
		const arr: Table['columns'][string] = { kind: 'number', values: Float64Array.from([1, 2, NaN, 4, 5, 6]) };
		const send = (tableId: number, columns: [string, Exclude<Table['columns'][string], { kind: 'text' }>][]) => {
			worker.postMessage({ type: 'begin', tableId, rowCount: ids.length, roles });
			worker.postMessage({ type: 'text', tableId, name: 'id', offset: 0, values: packText(ids) });
			for (const [name, column] of columns) worker.postMessage({ type: 'column', tableId, name, column: structuredClone(column) });
			worker.postMessage({ type: 'end', tableId });
		};
		send(911, [['as_of', asOf], ['arr', arr]]);
		expect(await until(1)).toEqual({ type: 'layout', tableId: 911, layout: layoutOf({ rowCount: ids.length, columns: { id: { kind: 'text', values: ids }, as_of: asOf, arr } }, roles) });
		send(912, [['as_of', asOf], ['arr', { kind: 'number', values: Float64Array.from([1, 2, 3]) }]]);
		expect(await until(2)).toMatchObject({ type: 'error', tableId: 912, message: 'invalid number column arr; 3 rows where the table has 6' });
		send(913, [['as_of', asOf], ['arr', arr], ['arr', arr]]);
		expect(await until(3)).toMatchObject({ type: 'error', tableId: 913, message: 'invalid number column arr; a column of that name came before' });
		send(914, [['as_of', asOf], ['id', asOf]]);
		expect(await until(4)).toMatchObject({ type: 'error', tableId: 914, message: 'invalid category column id; a column of that name came before' });
		// A table refused is dropped whole: the next one is taken as usual.
		send(915, [['as_of', asOf], ['arr', arr]]);
		expect(await until(5)).toMatchObject({ type: 'layout', tableId: 915 });
	});

	it('keeps text slices packed in row order, and refuses one out of order, past the table, not holding together or missing', async () => {
		const until = answersFrom(worker);
		const roles = { id: 'id', asOf: 'as_of' };
		const ids = ['CUST-1', null, '', 'Zoë', '😀x', 'CUST-1', 'a\u0000b', 'Zoë'];
		const asOf = encodeCategories(ids.map((_, i) => (i < 4 ? '2026-01-31' : '2026-02-28')));
		const send = (tableId: number, slices: { offset: number; values: PackedText }[], rowCount = ids.length) => {
			worker.postMessage({ type: 'begin', tableId, rowCount, roles });
			worker.postMessage({ type: 'column', tableId, name: 'as_of', column: { kind: 'category', codes: asOf.codes.slice(0, rowCount), levels: asOf.levels } });
			for (const { offset, values } of slices) worker.postMessage({ type: 'text', tableId, name: 'id', offset, values });
			worker.postMessage({ type: 'end', tableId });
		};
		// Two slices in order: the layout of the same table as plain strings.
		send(901, [{ offset: 0, values: packText(ids, 0, 3) }, { offset: 3, values: packText(ids, 3) }]);
		const layout = await until(1);
		expect(layout).toEqual({ type: 'layout', tableId: 901, layout: layoutOf({ rowCount: ids.length, columns: { id: { kind: 'text', values: ids }, as_of: asOf } }, roles) });
		expect(Array.from((layout as { layout: { customerOf: Int32Array } }).layout.customerOf)).toEqual([0, -1, 1, 2, 3, 0, 4, 2]);
		send(902, [{ offset: 3, values: packText(ids, 3) }, { offset: 0, values: packText(ids, 0, 3) }]);
		expect(await until(2)).toMatchObject({ type: 'error', tableId: 902, message: expect.stringMatching(/rows 3…7 came where row 0 was due/) });
		send(903, [{ offset: 0, values: packText(ids) }], 5);
		expect(await until(3)).toMatchObject({ type: 'error', tableId: 903, message: expect.stringMatching(/^invalid text slice of id; rows 0…7 came where row 0 was due, of 0…4/) });
		send(904, [{ offset: 0, values: { text: 'abc', ends: Int32Array.from([2, 1]) } }], 2);
		expect(await until(4)).toMatchObject({ type: 'error', tableId: 904, message: expect.stringMatching(/invalid text slice of id: cell 1 ends at 1/) });
		send(905, [{ offset: 0, values: packText(ids, 0, 3) }]);
		expect(await until(5)).toMatchObject({ type: 'error', tableId: 905, message: 'invalid table; text column id came with 3 of 8 rows' });
	});
});

/** The table `times` times over; text values of copy k > 0 end in -k (so IDs stay one customer per copy). */
function repeat(table: Table, times: number): Table {
	const columns: Table['columns'] = {};
	for (const [name, c] of Object.entries(table.columns)) {
		const copies = Array.from({ length: times }, (_, k) => k);
		if (c.kind === 'number') columns[name] = { kind: 'number', values: Float64Array.from(copies.flatMap(() => [...c.values])) };
		else if (c.kind === 'category') columns[name] = { kind: 'category', levels: c.levels, codes: Int32Array.from(copies.flatMap(() => [...c.codes])) };
		else columns[name] = { kind: 'text', values: copies.flatMap((k) => textArray(c.values).map((v) => (v === null || k === 0 ? v : `${v}-${k}`))) };
	}
	return { rowCount: table.rowCount * times, columns };
}
