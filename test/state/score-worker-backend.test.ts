/**
 * The scoring worker's real message handling (score.worker.ts) behind workerBackend, in process: messages are
 * structured-cloned and their transfer lists honoured as a browser would. What comes back must equal the
 * in-process backend's layout and scores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { columnMessage, inProcessBackend, workerBackend, type ScoreWorker } from '../../src/lib/state/history-backend';
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
		// Number and category columns in slices of 20,000 rows (COLUMN_SLICE, made small).
		const backend = workerBackend(() => worker, { columnSlice: 20_000 });
		const reference = inProcessBackend();
		const layout = await backend.setTable(big, meta.roles);
		expect(layout).toEqual(await reference.setTable(big, meta.roles));
		expect(posted.filter((m) => m.type === 'text' && m.name === meta.roles.id).length).toBeGreaterThan(1);
		const slices = posted.filter((m) => m.type === 'column');
		const columns = Object.entries(big.columns).filter(([, c]) => c.kind !== 'text');
		expect(columns.length).toBeGreaterThan(2);
		const offsets = Array.from({ length: Math.ceil(big.rowCount / 20_000) }, (_, i) => i * 20_000);
		expect(offsets.length).toBeGreaterThan(2);
		for (const [name] of columns) expect(slices.filter((m) => m.name === name).map((m) => m.offset)).toEqual(offsets);
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

	it('joins number and category slices in row order, and refuses one out of order, past the table, of another kind or missing', async () => {
		const until = answersFrom(worker);
		const roles = { id: 'id', asOf: 'as_of' };
		const ids = ['A', 'B', 'A', 'C', 'B', 'D'];
		const asOf = encodeCategories(['2026-01-31', '2026-01-31', '2026-02-28', '2026-02-28', '2026-02-28', '2026-02-28']);
		const arr: Table['columns'][string] = { kind: 'number', values: Float64Array.from([1, 2, NaN, 4, 5, 6]) };
		const send = (tableId: number, slices: [string, number, number][]) => {
			worker.postMessage({ type: 'begin', tableId, rowCount: ids.length, roles });
			worker.postMessage({ type: 'text', tableId, name: 'id', offset: 0, values: packText(ids) });
			for (const [name, from, to] of slices) {
				const whole = name === 'as_of' ? asOf : arr;
				const message = columnMessage(tableId, name, whole, from, to)[0] as Extract<ToScoreWorker, { type: 'column' }>;
				worker.postMessage(name === 'arr_as_category' ? { ...message, name: 'arr', column: { kind: 'category', codes: asOf.codes.slice(from, to), levels: asOf.levels } } : message);
			}
			worker.postMessage({ type: 'end', tableId });
		};
		send(911, [['as_of', 0, 4], ['arr', 0, 2], ['as_of', 4, 6], ['arr', 2, 5], ['arr', 5, 6]]);
		expect(await until(1)).toEqual({ type: 'layout', tableId: 911, layout: layoutOf({ rowCount: ids.length, columns: { id: { kind: 'text', values: ids }, as_of: asOf, arr } }, roles) });
		send(912, [['as_of', 0, 6], ['arr', 2, 6]]);
		expect(await until(2)).toMatchObject({ type: 'error', tableId: 912, message: 'invalid number slice of arr; rows 2…5 came where row 0 was due, of 0…5' });
		send(913, [['as_of', 0, 6], ['arr', 0, 3], ['arr', 3, 6], ['arr', 5, 6]]);
		expect(await until(3)).toMatchObject({ type: 'error', tableId: 913, message: 'invalid number slice of arr; rows 5…5 came where row 6 was due, of 0…5' });
		send(914, [['as_of', 0, 6], ['arr', 0, 3], ['arr_as_category', 3, 6]]);
		expect(await until(4)).toMatchObject({ type: 'error', tableId: 914, message: 'invalid category slice of arr; rows 3…5 came where row 3 was due, of 0…5' });
		send(915, [['as_of', 0, 6], ['arr', 0, 3]]);
		expect(await until(5)).toMatchObject({ type: 'error', tableId: 915, message: 'invalid table; column arr came with 3 of 6 rows' });
	});

	it('keeps text slices packed in row order, and refuses one out of order, past the table, not holding together or missing', async () => {
		const until = answersFrom(worker);
		const roles = { id: 'id', asOf: 'as_of' };
		const ids = ['CUST-1', null, '', 'Zoë', '😀x', 'CUST-1', 'a\u0000b', 'Zoë'];
		const asOf = encodeCategories(ids.map((_, i) => (i < 4 ? '2026-01-31' : '2026-02-28')));
		const send = (tableId: number, slices: { offset: number; values: PackedText }[], rowCount = ids.length) => {
			worker.postMessage({ type: 'begin', tableId, rowCount, roles });
			worker.postMessage({ type: 'column', tableId, name: 'as_of', offset: 0, column: { kind: 'category', codes: asOf.codes.slice(0, rowCount), levels: asOf.levels } });
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
