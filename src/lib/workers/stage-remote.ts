/**
 * An import's blocks written by a storage worker (stage.worker.ts) instead of the import worker: IndexedDB's
 * put clones and wraps every value on the thread that calls it (~1 s for a million-row file), and the import
 * worker's thread is the one the whole read waits on. The blocks are transferred as read, not copied; the
 * storage worker compacts them and answers each batch once it is written, so no more than MAX_IN_FLIGHT
 * batches are ever in flight.
 * Plain code (no worker globals): node tests run both sides in-process on fake-indexeddb.
 */
import { storedForm } from '../db/blocks';
import { describeFailure, StorageQuotaError } from '../db/errors';
import type { BlockData, BlockRecord, CheckupDatabase } from '../db/schema';
import { MAX_IN_FLIGHT, type BlockWriter } from '../db/staging';

export type ToStageWorker = { type: 'open'; database: string } | { type: 'write'; id: number; records: BlockRecord[] };
export type FromStageWorker = { type: 'written'; id: number } | { type: 'failed'; id: number; message: string; quota: boolean };

/** What of a Worker the writer needs (a fake in node tests). */
export interface StageWorker {
	postMessage(message: ToStageWorker, transfer?: Transferable[]): void;
	onmessage: ((event: MessageEvent<FromStageWorker>) => void) | null;
	onerror: ((event: ErrorEvent) => void) | null;
	terminate(): void;
}

/** What of the storage worker's own scope serveStaging needs. */
export interface StageScope {
	postMessage(message: FromStageWorker): void;
	onmessage: ((event: MessageEvent<ToStageWorker>) => void) | null;
}

const OPERATION = 'store the file while reading it';

/** The storage worker's side: opens the database it is told, writes each batch in one request and answers it. */
export function serveStaging(scope: StageScope, open: (name: string) => CheckupDatabase): void {
	let db: CheckupDatabase | null = null;
	scope.onmessage = ({ data }) => {
		if (data.type === 'open') {
			db = open(data.database);
			return;
		}
		const { id, records } = data;
		const failed = (err: unknown) => {
			const error = describeFailure(OPERATION, err);
			scope.postMessage({ type: 'failed', id, message: error.message, quota: error instanceof StorageQuotaError });
		};
		if (!db) return failed(new Error('no database was opened'));
		// Compacting is this worker's work too: it costs the import worker's thread ~0.3 s for a million rows.
		for (const record of records) record.data = storedForm(record.data);
		db.blocks.bulkPut(records).then(() => scope.postMessage({ type: 'written', id }), failed);
	};
}

/** The buffers of a block's data, to transfer (every block handed to a writer is a fresh copy of its rows). */
function buffersOf(data: BlockData): ArrayBuffer[] {
	if (ArrayBuffer.isView(data)) return [data.buffer as ArrayBuffer];
	if (Array.isArray(data)) return [];
	return ['ints' in data ? (data.ints.buffer as ArrayBuffer) : (data.ends.buffer as ArrayBuffer)];
}

/** The import worker's side: a BlockWriter whose writes the storage worker makes. */
export class RemoteBlockWriter implements BlockWriter {
	readonly #worker: StageWorker;
	readonly #datasetId: string;
	#queue: BlockRecord[] = [];
	#transfer = new Set<ArrayBuffer>();
	#nextId = 0;
	#inFlight = 0;
	#waiting: (() => void)[] = [];
	#failure: Error | null = null;

	constructor(worker: StageWorker, database: string, datasetId: string) {
		this.#worker = worker;
		this.#datasetId = datasetId;
		worker.onmessage = ({ data }) => {
			if (data.type === 'failed') this.#failure ??= data.quota ? new StorageQuotaError(OPERATION, data.message) : new Error(data.message);
			this.#settled(1);
		};
		worker.onerror = (event) => {
			event.preventDefault();
			this.#failure ??= new Error(`Could not ${OPERATION}: ${event.message || 'the storage worker stopped'}`);
			// Nothing more will be answered.
			this.#settled(this.#inFlight);
		};
		worker.postMessage({ type: 'open', database });
	}

	add(column: string, block: number, data: BlockData): void {
		this.#queue.push({ datasetId: this.#datasetId, column, block, data });
		for (const buffer of buffersOf(data)) this.#transfer.add(buffer);
	}

	async send(): Promise<void> {
		this.#throwFailure();
		if (this.#queue.length === 0) return;
		while (this.#inFlight >= MAX_IN_FLIGHT) await this.#wait();
		this.#throwFailure();
		const records = this.#queue;
		const transfer = [...this.#transfer];
		this.#queue = [];
		this.#transfer = new Set();
		this.#inFlight++;
		this.#worker.postMessage({ type: 'write', id: this.#nextId++, records }, transfer);
	}

	async flush(): Promise<void> {
		try {
			await this.send();
		} finally {
			// Even after a failure: whoever removes the staged blocks next must find no write still under way.
			while (this.#inFlight > 0) await this.#wait();
		}
		this.#throwFailure();
	}

	/** Stops the storage worker (once every write has been answered, or the import is abandoned). */
	close(): void {
		this.#worker.terminate();
		this.#failure ??= new Error(`Could not ${OPERATION}: the storage worker was stopped`);
		this.#settled(this.#inFlight);
	}

	#wait(): Promise<void> {
		return new Promise((resolve) => this.#waiting.push(resolve));
	}

	#settled(count: number): void {
		this.#inFlight -= count;
		const waiting = this.#waiting;
		this.#waiting = [];
		for (const wake of waiting) wake();
	}

	#throwFailure(): void {
		if (this.#failure !== null) throw this.#failure;
	}
}
