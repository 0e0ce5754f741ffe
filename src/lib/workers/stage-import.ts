/**
 * The import worker's storage side: while the file is read, every column whose values are final as read
 * (numbers, yes/no, categories, text, dates; not the as-of dates, whose codes follow the sorted dates, nor an
 * ID read as numbers) is written to IndexedDB block by block as its rows complete; on Import the rest is
 * written, so committing writes only the dataset's meta record. The writes themselves are a BlockWriter's:
 * in the browser, a storage worker's. Plain code (no worker globals), so node tests run it on fake-indexeddb.
 */
import type { ColumnBuilder } from '../core/csv/columns';
import type { SentTextCells } from '../core/csv/streamed-text';
import type { ColumnMapping } from '../core/csv/types';
import type { Dataset } from '../core/dataset';
import { packText, PackedTextsBuilder } from '../core/text-values';
import { BLOCK_ROWS } from '../db';
import type { BlockWriter } from '../db/staging';
import { blockCount, splitColumn } from '../db/blocks';

/** A text or date column's cells received and not yet in a block. */
interface PendingText {
	/** Packed as they were posted (their ends copied: the posted ones are transferred). */
	cells: PackedTextsBuilder;
	/** The dates of a date column, by code, as handed over so far. */
	levels: string[];
}

export class ImportStaging {
	readonly #stager: BlockWriter;
	/** Number, yes/no and category columns: read back from the builder as blocks complete. */
	readonly #typed: string[] = [];
	/** Text and date columns: their cells come through text(). */
	readonly #text = new Map<string, PendingText>();
	/** Blocks written of every column staged while reading. */
	#blocks = 0;

	/** `writer` writes the blocks of `datasetId` (a BlockStager here, or a storage worker's RemoteBlockWriter). */
	constructor(writer: BlockWriter, readonly datasetId: string, mapping: readonly ColumnMapping[]) {
		this.#stager = writer;
		for (const m of mapping) {
			if (m.role === 'ignore' || m.role === 'asOf' || (m.role === 'id' && m.type !== 'text')) continue;
			if (m.type === 'text' || m.type === 'date') this.#text.set(m.name, { cells: new PackedTextsBuilder(), levels: [] });
			else this.#typed.push(m.name);
		}
	}

	/**
	 * Takes a copy of the text or date cells handed over for a column, as they are posted on (text packed, as
	 * it is stored: its ends are copied, the characters are one immutable string shared with the message).
	 */
	text(name: string, cells: SentTextCells): void {
		const pending = this.#text.get(name);
		if (!pending) return;
		if ('packed' in cells) {
			pending.cells.append(cells.packed);
			return;
		}
		for (const level of cells.levels) pending.levels.push(level);
		const { codes } = cells;
		const dates = new Array<string | null>(codes.length);
		for (let i = 0; i < codes.length; i++) dates[i] = codes[i] < 0 ? null : pending.levels[codes[i]];
		pending.cells.append(packText(dates));
	}

	/**
	 * Writes the blocks whose rows are all read (every block, with the last partial one, when `last`). Waits
	 * while too many writes are in flight; throws (in words for the user) when a write failed.
	 */
	async stage(builder: ColumnBuilder, last = false): Promise<void> {
		const rows = builder.rowCount;
		const complete = last ? blockCount(rows) : Math.floor(rows / BLOCK_ROWS);
		for (; this.#blocks < complete; this.#blocks++) {
			const from = this.#blocks * BLOCK_ROWS;
			const to = Math.min(from + BLOCK_ROWS, rows);
			for (const name of this.#typed) {
				const data = builder.typedSlice(name, from, to);
				if (!data) throw new Error(`column "${name}" was expected to be read as numbers or codes`);
				// As read: the writer compacts it (a storage worker, off this thread).
				this.#stager.add(name, this.#blocks, data);
			}
			for (const [name, pending] of this.#text) {
				if (pending.cells.rows < to - from) throw new Error(`the cells of column "${name}" for rows ${from}–${to - 1} have not all arrived`);
				const cells = pending.cells.finish();
				this.#stager.add(name, this.#blocks, cells.slice(0, to - from));
				pending.cells = new PackedTextsBuilder();
				if (cells.length > to - from) pending.cells.append(cells.slice(to - from));
			}
			await this.#stager.send();
		}
	}

	/**
	 * On Import: writes the columns of `dataset` that were not written while reading, and waits for every write.
	 * Returns true when every column of the dataset is then stored under its id (the commit writes only meta);
	 * false when the dataset is not the file as read (duplicate IDs dropped, `rows` given, or another id): the
	 * commit must then write it all, and replaces what was staged.
	 */
	async complete(dataset: Dataset, rows: Int32Array | null): Promise<boolean> {
		const { meta, table } = dataset;
		if (rows !== null || meta.id !== this.datasetId || this.#blocks !== blockCount(meta.rowCount)) {
			await this.#stager.flush();
			return false;
		}
		const done = new Set([...this.#typed, ...this.#text.keys()]);
		for (const { name } of meta.columns) {
			if (done.has(name)) continue;
			for (const block of splitColumn(meta.id, name, table.columns[name], meta.rowCount, BLOCK_ROWS)) this.#stager.add(name, block.block, block.data);
			await this.#stager.send();
		}
		await this.#stager.flush();
		return true;
	}

	/** Waits for the writes under way (after a Cancel or a failure, before what was staged is removed). */
	async settle(): Promise<void> {
		await this.#stager.flush().catch(() => {});
	}

	/** Ends the staging (its writer's worker, if any): after complete() or settle(), or when abandoned. */
	close(): void {
		this.#stager.close?.();
	}
}
