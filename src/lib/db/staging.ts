/**
 * Blocks of an import written while the file is still being read ("staged"), so that Import only has to
 * write the dataset's meta record. Staged blocks belong to no dataset until that record is written in the
 * commit's transaction: nothing lists, loads or backs them up before, and a commit that fails, a Cancel or
 * a closed tab leaves only blocks that are removed (discardStaged, or removeOrphanBlocks at the next start).
 */
import { blockCount, storedForm } from './blocks';
import { describeFailure, guard } from './errors';
import { blocksOf, deleteBlocksOutside } from './block-ranges';
import type { BlockData, BlockKey, BlockRecord, CheckupDatabase } from './schema';

/**
 * Writes left in flight before send() waits for the oldest: bounds the memory the copies take (a request of
 * one block per column of a 20-column file is 2–10 MB) while letting IndexedDB's own thread fall behind a while.
 */
export const MAX_IN_FLIGHT = 4;

/**
 * Where an import's blocks go as they are cut: BlockStager writes them from this thread; the import worker
 * hands them to a storage worker instead (workers/stage-remote.ts), so the writes' cost is not on the
 * thread that parses.
 */
export interface BlockWriter {
	/**
	 * Queues one block; send() writes what is queued. Numbers and codes may come as read (Float64Array,
	 * Int32Array): the writer stores them compacted (storedForm), on its own thread. The data is the writer's
	 * from now on (it may be transferred).
	 */
	add(column: string, block: number, data: BlockData): void;
	/** Writes what is queued; waits first while too many writes are in flight; throws the first failure so far. */
	send(): Promise<void>;
	/** Writes what is queued and waits for every write; throws (in words for the user) when one failed. */
	flush(): Promise<void>;
	/** Ends the writer once its writes were waited for, or the import abandoned (a storage worker is stopped). */
	close?(): void;
}

/** Writes the blocks of one import as they are cut; every write is its own transaction. */
export class BlockStager implements BlockWriter {
	readonly #db: CheckupDatabase;
	readonly datasetId: string;
	#queue: BlockRecord[] = [];
	#inFlight: Promise<void>[] = [];
	#failure: unknown = null;

	constructor(db: CheckupDatabase, datasetId: string) {
		this.#db = db;
		this.datasetId = datasetId;
	}

	/** Queues one block, compacted; send() writes what is queued. */
	add(column: string, block: number, data: BlockData): void {
		this.#queue.push({ datasetId: this.datasetId, column, block, data: storedForm(data) });
	}

	/**
	 * Writes the queued blocks in one request (the values are cloned now, by IndexedDB). Waits first while too
	 * many writes are in flight; throws the first failure so far.
	 */
	async send(): Promise<void> {
		this.#throwFailure();
		if (this.#queue.length === 0) return;
		while (this.#inFlight.length >= MAX_IN_FLIGHT) await this.#inFlight[0];
		this.#throwFailure();
		const records = this.#queue;
		this.#queue = [];
		const write: Promise<void> = this.#db.blocks.bulkPut(records).then(
			() => {},
			(err: unknown) => {
				// Worded now (a full disk gets the quota message), so whoever meets it can show it as it is.
				this.#failure ??= describeFailure('store the file while reading it', err);
			}
		);
		const tracked = write.finally(() => {
			this.#inFlight = this.#inFlight.filter((p) => p !== tracked);
		});
		this.#inFlight.push(tracked);
	}

	/** Writes what is queued and waits for every write; throws (in words for the user) when one failed. */
	async flush(): Promise<void> {
		try {
			await this.send();
		} finally {
			// Even after a failure: whoever removes the staged blocks next must find no write still under way.
			while (this.#inFlight.length) await this.#inFlight[0];
		}
		this.#throwFailure();
	}

	#throwFailure(): void {
		if (this.#failure !== null) throw this.#failure;
	}
}

/**
 * Deletes the staged blocks of `datasetId`, unless a dataset with that id is stored (then they are its
 * blocks, and are left alone).
 */
export async function discardStaged(db: CheckupDatabase, datasetId: string): Promise<void> {
	await guard(`remove the unfinished import ${datasetId}`, () =>
		db.transaction('rw', db.datasets, db.blocks, async () => {
			if (await db.datasets.get(datasetId)) return;
			await blocksOf(db, datasetId).delete();
		})
	);
}

/**
 * Deletes every block that belongs to no stored dataset (an import staged, then never committed: a closed
 * tab, a crash), except those of the imports `inProgress` still names. Returns how many were deleted.
 */
export async function removeOrphanBlocks(db: CheckupDatabase, inProgress: ReadonlySet<string> = new Set()): Promise<number> {
	return guard('remove unfinished imports', () =>
		db.transaction('rw', db.datasets, db.blocks, async () => {
			const stored = (await db.datasets.toCollection().primaryKeys()) as string[];
			return deleteBlocksOutside(db, [...stored, ...inProgress]);
		})
	);
}

/** The primary keys of every block of `datasetId`, in key order (column, then block), read in one request. */
function blockKeysOf(db: CheckupDatabase, datasetId: string): Promise<BlockKey[]> {
	return blocksOf(db, datasetId).primaryKeys();
}

/**
 * Checks, inside the commit's transaction, that the staged blocks of `columns` are exactly blocks 0 … n − 1
 * of a dataset of `rowCount` rows (and that no other column has blocks); throws naming the first column that
 * is not.
 */
export async function checkStaged(db: CheckupDatabase, datasetId: string, columns: readonly string[], rowCount: number): Promise<void> {
	const n = blockCount(rowCount);
	const found = new Map<string, number[]>();
	for (const [, column, block] of await blockKeysOf(db, datasetId)) {
		const blocks = found.get(column);
		if (blocks) blocks.push(block);
		else found.set(column, [block]);
	}
	for (const column of columns) {
		const blocks = found.get(column) ?? [];
		found.delete(column);
		if (blocks.length !== n || blocks.some((b, i) => b !== i)) {
			throw new Error(`the staged blocks of column "${column}" are incomplete (${blocks.length} stored, ${n} expected); import the file again`);
		}
	}
	const stray = found.keys().next();
	if (!stray.done) throw new Error(`blocks of a column "${stray.value}" the file does not have are stored with it; import the file again`);
}
