/**
 * The storage worker's protocol (workers/stage-remote.ts): blocks transferred, not copied; at most
 * MAX_BYTES_IN_FLIGHT unanswered; a failed write, a refused one for lack of space and a crashed worker all
 * reach the import worker in words; flush waits for every write, failed or not. Both sides run in-process on
 * fake-indexeddb (stage-worker-fake.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QUOTA_MESSAGE, StorageQuotaError, type CheckupDatabase } from '../../src/lib/db';
import { storedForm } from '../../src/lib/db/blocks';
import { BlockStager } from '../../src/lib/db/staging';
import { RemoteBlockWriter } from '../../src/lib/workers/stage-remote';
import { testDatabase } from '../db/helpers';
import { inProcessStageWorker } from './stage-worker-fake';

const opened: CheckupDatabase[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
	vi.restoreAllMocks();
});

function fresh(name: string): CheckupDatabase {
	const { db } = testDatabase(name);
	opened.push(db);
	return db;
}

const tick = () => new Promise((resolve) => setTimeout(resolve));

/** A writer whose storage worker never answers, with one block written and a flush waiting for it. */
async function flushWaiting(name: string) {
	const db = fresh(name);
	const worker = inProcessStageWorker(db, false);
	const writer = new RemoteBlockWriter(worker, db.name, 'file');
	writer.add('arr', 0, new Float64Array(2));
	const flushed = writer.flush();
	await tick();
	return { worker, writer, flushed };
}

describe('blocks written by a storage worker', () => {
	it('transfers the blocks it is handed as read, and stores numbers and codes compacted', async () => {
		const db = fresh('remote-transfer');
		const writer = new RemoteBlockWriter(inProcessStageWorker(db), db.name, 'file');
		const numbers = Float64Array.from([1.5, NaN, -2]);
		const codes = Int32Array.from([0, -1, 3]);
		const text = { text: 'abc', ends: Int32Array.from([1, -2, 3]) };
		writer.add('arr', 0, numbers);
		writer.add('plan', 0, codes);
		writer.add('name', 0, text);
		await writer.send();
		// Transferred: the import worker keeps no copy.
		expect(numbers.byteLength).toBe(0);
		expect(codes.byteLength).toBe(0);
		expect(text.ends.byteLength).toBe(0);
		await writer.flush();
		expect((await db.blocks.get(['file', 'arr', 0]))?.data).toEqual({ scale: 1, ints: Int8Array.from([15, -0x80, -20]) });
		expect((await db.blocks.get(['file', 'plan', 0]))?.data).toEqual(Uint8Array.from([1, 0, 4]));
		expect((await db.blocks.get(['file', 'name', 0]))?.data).toEqual({ text: 'abc', ends: Int32Array.from([1, -2, 3]) });
	});

	for (const [kind, writerOf] of [
		['a storage worker', (db: CheckupDatabase) => new RemoteBlockWriter(inProcessStageWorker(db), db.name, 'file')],
		['the import worker itself', (db: CheckupDatabase) => new BlockStager(db, 'file')]
	] as const) {
		it(`written by ${kind}, a block is stored in the form the app stores a column in`, async () => {
			const db = fresh(`stored-form-${kind}`);
			const writer = writerOf(db);
			const blocks = {
				money: Float64Array.from([1234.56, NaN, 0.01]),
				exact: Float64Array.from([0.1 + 0.2, 1]),
				plan: Int32Array.from([299, -1, 0]),
				many: Int32Array.from([70_000, 1]),
				compact: new Uint16Array([3, 0])
			};
			for (const [name, data] of Object.entries(blocks)) writer.add(name, 0, data.slice());
			await writer.flush();
			for (const [name, data] of Object.entries(blocks)) {
				expect((await db.blocks.get(['file', name, 0]))?.data, name).toEqual(storedForm(data.slice()));
			}
			expect(storedForm(blocks.money)).toEqual({ scale: 2, ints: Int32Array.from([123456, -0x80000000, 1]) });
			// Kept as they are: a value with more than six decimals, a code past 65,534, a block already compact.
			expect(storedForm(blocks.exact)).toBe(blocks.exact);
			expect(storedForm(blocks.many)).toBe(blocks.many);
			expect(storedForm(blocks.compact)).toBe(blocks.compact);
			expect(storedForm(blocks.plan)).toEqual(Uint16Array.from([300, 0, 1]));
		});
	}

	it('posts batches of at most batchBytes, waits while bytesInFlight are unanswered, and goes on as answers come', async () => {
		const db = fresh('remote-in-flight');
		const worker = inProcessStageWorker(db, false);
		// Blocks of 80 bytes: two to a batch, and two batches in flight (a third would pass 400 bytes).
		const writer = new RemoteBlockWriter(worker, db.name, 'file', { bytesInFlight: 400, batchBytes: 160 });
		for (let b = 0; b < 4; b++) writer.add('arr', b, new Float64Array(10));
		await writer.send();
		const written = () => worker.received.filter((m) => m.type === 'write');
		await tick();
		expect(written().map((m) => m.type === 'write' && m.records.map((r) => r.block))).toEqual([[0, 1], [2, 3]]);
		expect(writer.bytesInFlight).toBe(320);
		for (let b = 4; b < 6; b++) writer.add('arr', b, new Float64Array(10));
		let sent = false;
		const next = writer.send().then(() => (sent = true));
		await tick();
		await tick();
		expect(sent).toBe(false);
		expect(written()).toHaveLength(2);
		// The worker answers the first batch: the one waiting goes.
		worker.scope.postMessage({ type: 'written', id: 0 });
		await next;
		expect(sent).toBe(true);
		expect(writer.bytesInFlight).toBe(320);
		await tick();
		expect(written().map((m) => m.type === 'write' && m.records.map((r) => r.block))).toEqual([[0, 1], [2, 3], [4, 5]]);
	});

	it('posts a block bigger than a batch alone, once nothing is in flight', async () => {
		const db = fresh('remote-big-block');
		const worker = inProcessStageWorker(db, false);
		const writer = new RemoteBlockWriter(worker, db.name, 'file', { bytesInFlight: 400, batchBytes: 160 });
		writer.add('arr', 0, new Float64Array(10));
		writer.add('wide', 0, new Float64Array(100));
		writer.add('name', 0, { text: 'x'.repeat(20), ends: Int32Array.from([20]) });
		let sent = false;
		const done = writer.send().then(() => (sent = true));
		await tick();
		await tick();
		// The 80-byte block went; the 800-byte one waits for it to be answered.
		expect(sent).toBe(false);
		worker.scope.postMessage({ type: 'written', id: 0 });
		await tick();
		await tick();
		expect(writer.bytesInFlight).toBe(800);
		worker.scope.postMessage({ type: 'written', id: 1 });
		await done;
		await tick();
		const writes = worker.received.filter((m) => m.type === 'write');
		expect(writes.map((m) => m.type === 'write' && m.records.map((r) => r.column))).toEqual([['arr'], ['wide'], ['name']]);
		expect(writer.bytesInFlight).toBe(44);
	});

	it('a write refused for lack of space fails with the quota message, once every write is answered', async () => {
		const db = fresh('remote-quota');
		let calls = 0;
		const put = db.blocks.bulkPut.bind(db.blocks);
		vi.spyOn(db.blocks, 'bulkPut').mockImplementation(((records: Parameters<typeof put>[0]) => {
			calls++;
			return calls === 1 ? Promise.reject(new DOMException('full', 'QuotaExceededError')) : put(records);
		}) as typeof db.blocks.bulkPut);
		const writer = new RemoteBlockWriter(inProcessStageWorker(db), db.name, 'file');
		writer.add('arr', 0, new Float64Array(2));
		await writer.send();
		writer.add('arr', 1, new Float64Array(2));
		await writer.send();
		const failure = await writer.flush().catch((err: unknown) => err);
		expect(failure).toBeInstanceOf(StorageQuotaError);
		expect((failure as Error).message).toBe(QUOTA_MESSAGE);
		// The second write was answered before flush gave up: nothing is left under way.
		expect(await db.blocks.get(['file', 'arr', 1])).toBeDefined();
		await expect(writer.send()).rejects.toThrow(QUOTA_MESSAGE);
	});

	it('any other failed write is named', async () => {
		const db = fresh('remote-failed');
		vi.spyOn(db.blocks, 'bulkPut').mockRejectedValue(new DOMException('disk gone', 'UnknownError'));
		const writer = new RemoteBlockWriter(inProcessStageWorker(db), db.name, 'file');
		writer.add('arr', 0, new Float64Array(2));
		await expect(writer.flush()).rejects.toThrow('Could not store the file while reading it: disk gone');
	});

	it('a crashed storage worker fails the writes under way and every later one', async () => {
		const { worker, writer, flushed } = await flushWaiting('remote-crash');
		const event = { message: 'out of memory', preventDefault: vi.fn() } as unknown as ErrorEvent;
		worker.onerror?.(event);
		await expect(flushed).rejects.toThrow('Could not store the file while reading it: out of memory');
		expect(event.preventDefault).toHaveBeenCalled();
		writer.add('arr', 1, new Float64Array(2));
		await expect(writer.send()).rejects.toThrow(/out of memory/);
	});

	it('close stops the worker; a flush waiting then ends instead of hanging', async () => {
		const { worker, writer, flushed } = await flushWaiting('remote-close');
		writer.close();
		expect(worker.terminated).toBe(true);
		await expect(flushed).rejects.toThrow(/the storage worker was stopped/);
	});

	it('written from the import worker, flush too waits for the writes under way after one failed', async () => {
		const db = fresh('local-failed');
		let landed = false;
		const put = db.blocks.bulkPut.bind(db.blocks);
		let calls = 0;
		vi.spyOn(db.blocks, 'bulkPut').mockImplementation(((records: Parameters<typeof put>[0]) => {
			calls++;
			if (calls === 1) return Promise.reject(new DOMException('full', 'QuotaExceededError'));
			return new Promise((resolve) => setTimeout(resolve, 20)).then(() => put(records)).then((key) => ((landed = true), key));
		}) as typeof db.blocks.bulkPut);
		const stager = new BlockStager(db, 'file');
		// Both writes start before the first one's failure is known.
		stager.add('arr', 0, new Float64Array(2));
		const first = stager.send();
		stager.add('arr', 1, new Float64Array(2));
		await Promise.all([first, stager.send()]);
		await expect(stager.flush()).rejects.toThrow(QUOTA_MESSAGE);
		expect(landed).toBe(true);
	});
});
