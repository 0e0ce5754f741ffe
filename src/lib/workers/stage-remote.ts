/**
 * An import's blocks written by a storage worker (stage.worker.ts) instead of the import worker: IndexedDB's
 * put clones and wraps every value on the thread that calls it (~1 s for a million-row file), and the import
 * worker's thread is the one the whole read waits on. The blocks are transferred as read, not copied; the
 * storage worker compacts them and answers each batch once it is written, and no more than MAX_BYTES_IN_FLIGHT
 * of them (or one bigger batch) are ever unanswered.
 * Plain code (no worker globals): node tests run both sides in-process on fake-indexeddb.
 */
import { storedForm } from '../db/blocks';
import { describeFailure, StorageQuotaError } from '../db/errors';
import type { BlockData, BlockRecord, CheckupDatabase } from '../db/schema';
import type { BlockWriter } from '../db/staging';

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

/** About the bytes a block's data holds (a text's characters counted at two bytes). */
function bytesOf(data: BlockData): number {
	if (ArrayBuffer.isView(data)) return data.byteLength;
	if (Array.isArray(data)) return data.reduce((n, v) => n + 8 + 2 * (v?.length ?? 0), 0);
	return 'ints' in data ? data.ints.byteLength : data.ends.byteLength + 2 * data.text.length;
}

/**
 * Bytes of blocks the storage worker may hold unwritten before send() waits: what storing may fall behind
 * reading, in memory, on a slow disk. Storing keeps up with reading here: importing a million rows × 20
 * columns (~180 MB of blocks as read, a batch of ~11 MB per 65,536 rows), at most 14–23 MB were ever in
 * flight, and reading never waited.
 */
export const MAX_BYTES_IN_FLIGHT = 64 << 20;
/** A batch (one request, one transaction) holds at most this many bytes, so a wide file's row of blocks goes in several. */
export const MAX_BATCH_BYTES = 16 << 20;

export interface WriterLimits {
	bytesInFlight: number;
	batchBytes: number;
}

/** The import worker's side: a BlockWriter whose writes the storage worker makes. */
export class RemoteBlockWriter implements BlockWriter {
	readonly #worker: StageWorker;
	readonly #datasetId: string;
	#queue: { record: BlockRecord; bytes: number }[] = [];
	#nextId = 0;
	/** Bytes of every batch posted and not yet answered, by batch id. */
	#inFlight = new Map<number, number>();
	#bytesInFlight = 0;
	#waiting: (() => void)[] = [];
	#failure: Error | null = null;
	readonly #limits: WriterLimits;

	/** `limits`: MAX_BYTES_IN_FLIGHT and MAX_BATCH_BYTES unless given (tests give smaller ones). */
	constructor(worker: StageWorker, database: string, datasetId: string, limits: WriterLimits = { bytesInFlight: MAX_BYTES_IN_FLIGHT, batchBytes: MAX_BATCH_BYTES }) {
		this.#worker = worker;
		this.#datasetId = datasetId;
		this.#limits = limits;
		worker.onmessage = ({ data }) => {
			if (data.type === 'failed') this.#failure ??= data.quota ? new StorageQuotaError(OPERATION, data.message) : new Error(data.message);
			this.#settled([data.id]);
		};
		worker.onerror = (event) => {
			event.preventDefault();
			this.#failure ??= new Error(`Could not ${OPERATION}: ${event.message || 'the storage worker stopped'}`);
			// Nothing more will be answered.
			this.#settled([...this.#inFlight.keys()]);
		};
		worker.postMessage({ type: 'open', database });
	}

	add(column: string, block: number, data: BlockData): void {
		this.#queue.push({ record: { datasetId: this.#datasetId, column, block, data }, bytes: bytesOf(data) });
	}

	/** Bytes posted and not yet answered. */
	get bytesInFlight(): number {
		return this.#bytesInFlight;
	}

	/**
	 * Posts what is queued, in batches of at most MAX_BATCH_BYTES (a block alone may be more); before each, waits
	 * while it would take the bytes in flight past MAX_BYTES_IN_FLIGHT (a batch goes when nothing is in flight).
	 */
	async send(): Promise<void> {
		this.#throwFailure();
		while (this.#queue.length > 0) {
			let n = 0;
			let bytes = 0;
			while (n < this.#queue.length && (n === 0 || bytes + this.#queue[n].bytes <= this.#limits.batchBytes)) bytes += this.#queue[n++].bytes;
			while (this.#inFlight.size > 0 && this.#bytesInFlight + bytes > this.#limits.bytesInFlight) await this.#wait();
			this.#throwFailure();
			const batch = this.#queue.splice(0, n);
			const records = batch.map((b) => b.record);
			const transfer = [...new Set(records.flatMap((r) => buffersOf(r.data)))];
			const id = this.#nextId++;
			this.#inFlight.set(id, bytes);
			this.#bytesInFlight += bytes;
			this.#worker.postMessage({ type: 'write', id, records }, transfer);
		}
	}

	async flush(): Promise<void> {
		try {
			await this.send();
		} finally {
			// Even after a failure: whoever removes the staged blocks next must find no write still under way.
			while (this.#inFlight.size > 0) await this.#wait();
		}
		this.#throwFailure();
	}

	/** Stops the storage worker (once every write has been answered, or the import is abandoned). */
	close(): void {
		this.#worker.terminate();
		this.#failure ??= new Error(`Could not ${OPERATION}: the storage worker was stopped`);
		this.#settled([...this.#inFlight.keys()]);
	}

	#wait(): Promise<void> {
		return new Promise((resolve) => this.#waiting.push(resolve));
	}

	#settled(ids: number[]): void {
		for (const id of ids) {
			this.#bytesInFlight -= this.#inFlight.get(id) ?? 0;
			this.#inFlight.delete(id);
		}
		const waiting = this.#waiting;
		this.#waiting = [];
		for (const wake of waiting) wake();
	}

	#throwFailure(): void {
		if (this.#failure !== null) throw this.#failure;
	}
}
