/**
 * Reading a big file on two cores: the import worker reads the first half of the file while a second worker
 * (import-half.worker.ts) reads the rest from the first line break past the middle, and the rest's rows are
 * appended when the first half ends exactly where a record ends (outside quotes). When it does not (a quoted
 * value with a line break spans the middle), or the second worker fails, the import worker reads on from the
 * middle itself, as it always did. Either way the columns, problems and text cells are those of one
 * sequential read. Plain code (no worker globals): node tests run the same steps with the rest read in-process.
 */
import type { ColumnBuilder } from '../core/csv/columns';
import { CsvReader, type ReaderPart } from '../core/csv/reader';
import type { LineBreak } from '../core/csv/tokenize';
import type { ColumnMapping, Dialect } from '../core/csv/types';

/** Files smaller than this are read by one worker: a second one would not pay for its start. */
export const SPLIT_MIN_BYTES = 8 << 20;
/**
 * Cores (navigator.hardwareConcurrency) below which a file is never split. On two cores the second worker
 * finds no core free: the import worker's parse, the storage worker's writes, IndexedDB's own threads and
 * the page already fill both, and appending the rest costs the import worker ~1 s of CPU more. Measured on
 * a 2-core machine, a 1M-row file read no faster split (paired runs, two sessions) and used ~1 CPU-second more.
 * Measured again with the WebAssembly reader (import bench, same session, split allowed on 2 cores against
 * not): reading took 2.41–2.46 s split against 1.84–2.04 s whole, with 4.31 against 3.62 CPU-seconds.
 */
export const SPLIT_MIN_CORES = 4;

/** The least file size to split at on a machine with `cores` cores (Infinity: never). */
export function splitMinBytes(cores: number | undefined): number {
	return (cores ?? 1) >= SPLIT_MIN_CORES ? SPLIT_MIN_BYTES : Infinity;
}
/**
 * Where the rest starts, as a fraction of the file: before the middle, because the import worker also posts
 * the text cells and stages the blocks of every row (the rest's too, once appended) while the second worker
 * only reads.
 */
export const SPLIT_FRACTION = 0.4;
/** Bytes read at a time when looking for the line break after the middle. */
const LOOK_BYTES = 64 << 10;
const NEWLINE = 10;

/** What the second worker is asked to read. */
export interface RestRequest {
	file: Blob;
	/** Byte offset of the rest: just after a `\n` (never inside a UTF-8 or Windows-1252 character). */
	mid: number;
	mapping: ColumnMapping[];
	dialect: Dialect;
	lineBreak: LineBreak;
	fieldCount: number;
	chunkBytes: number;
}

export type ToHalfWorker = { type: 'read'; request: RestRequest };
export type FromHalfWorker = { type: 'progress'; rows: number; bytes: number } | { type: 'done'; part: ReaderPart } | { type: 'error'; message: string };

/** The rest being read elsewhere. */
export interface RestHandle {
	readonly result: Promise<ReaderPart>;
	/** Data rows and bytes read so far (from `mid`). */
	readonly rows: number;
	readonly bytes: number;
	/** Stops the reading (a worker is terminated); the result is then never used. */
	stop(): void;
}

/** What of a Worker the rest needs (a fake in node tests). */
export interface HalfWorker {
	postMessage(message: ToHalfWorker, transfer?: Transferable[]): void;
	onmessage: ((event: MessageEvent<FromHalfWorker>) => void) | null;
	onerror: ((event: ErrorEvent) => void) | null;
	terminate(): void;
}

/** The rest read by a second worker: its progress as it reports, its part when done; an error or crash rejects. */
export function workerRest(worker: HalfWorker, request: RestRequest): RestHandle {
	let rows = 0;
	let bytes = 0;
	const result = new Promise<ReaderPart>((resolve, reject) => {
		worker.onmessage = ({ data }) => {
			if (data.type === 'progress') {
				rows = data.rows;
				bytes = data.bytes;
			} else if (data.type === 'done') resolve(data.part);
			else reject(new Error(data.message));
		};
		worker.onerror = (event) => {
			event.preventDefault();
			reject(new Error(event.message || 'the second import worker failed'));
		};
	});
	// It may fail while the first half is still being read, before anyone waits for it: not an unhandled rejection.
	result.catch(() => {});
	worker.postMessage({ type: 'read', request });
	return {
		result,
		get rows() {
			return rows;
		},
		get bytes() {
			return bytes;
		},
		stop: () => worker.terminate()
	};
}

/** The offset just past the first `\n` at or after `fraction` of the file, or -1 when there is none before the end. */
export async function splitPoint(file: Blob, fraction = SPLIT_FRACTION): Promise<number> {
	for (let at = Math.floor(file.size * fraction); at < file.size; at += LOOK_BYTES) {
		const bytes = new Uint8Array(await file.slice(at, Math.min(at + LOOK_BYTES, file.size)).arrayBuffer());
		const i = bytes.indexOf(NEWLINE);
		if (i >= 0) return at + i + 1 < file.size ? at + i + 1 : -1;
	}
	return -1;
}

/** The buffers of a part, to transfer instead of copy. */
export function partTransfer(part: ReaderPart): ArrayBuffer[] {
	const out: ArrayBuffer[] = [part.builder.sourceRows.buffer];
	for (const column of part.builder.columns) {
		if (column.kind === 'number') out.push(column.values.buffer);
		else if (column.kind === 'codes') out.push(column.codes.buffer);
		else out.push(column.packed.ends.buffer as ArrayBuffer);
	}
	return out;
}

/**
 * Reads the file from `mid` to its end into a reader of the rest (the second worker's work). Its own decoder
 * keeps a U+FEFF at `mid` as a character, as the sequential read's decoder would.
 */
export async function readRest(request: RestRequest, progress: (rows: number, bytes: number) => void = () => {}): Promise<ReaderPart> {
	const { file, mid, mapping, dialect, lineBreak, fieldCount, chunkBytes } = request;
	const reader = new CsvReader(mapping, dialect, { lineBreak, fieldCount });
	const decoder = new TextDecoder(dialect.encoding, { ignoreBOM: true });
	let end = mid;
	for await (const bytes of filePieces(file, mid, file.size, chunkBytes)) {
		end += bytes.length;
		const last = end === file.size;
		reader.push(decoder.decode(bytes, { stream: !last }), last);
		progress(reader.builder?.rowsRead ?? 0, end - mid);
	}
	return reader.part();
}

/** A piece of the text the import worker pushed, with how far into the file it reaches. */
export interface Piece {
	/** Bytes of the file read so far (by this worker, from 0). */
	bytes: number;
	/** The reader's text is complete (the last piece, or the rest appended). */
	last: boolean;
}

export interface ReadOptions {
	chunkBytes: number;
	/** Files at least this big are read in two halves. */
	minBytes: number;
	/**
	 * Bytes [start, end) of the file in pieces of chunkBytes (the last may be shorter); by default
	 * filePieces (the import worker reuses the head the preview read).
	 */
	pieces?(start: number, end: number): AsyncIterable<Uint8Array>;
	/** Where the rest starts (default splitPoint), or -1 for no split. */
	splitAt?(file: Blob): Promise<number>;
	/** Starts reading the rest elsewhere; null when that cannot be done (the file is then read here). */
	startRest(request: RestRequest): RestHandle | null;
	/** After each piece pushed, and once after the rest is appended: hand on text cells, stage blocks. */
	piece(builder: ColumnBuilder, piece: Piece): Promise<void>;
	/** Rows read and bytes read, both halves together, after each piece and as the rest reports. */
	progress(rows: number, bytes: number, done: boolean): void;
	/** Cancelled: checked before each piece and while waiting for the rest. */
	stopped(): boolean;
	/** Ms between looks at stopped() while waiting for the rest. */
	pollMs?: number;
}

/**
 * Reads the whole file into `reader` (fresh, or made with only a line break): in two halves when the file is
 * big enough and the rest can be read elsewhere, else in order. Returns false when stopped.
 */
export async function readFile(file: Blob, reader: CsvReader, mapping: ColumnMapping[], dialect: Dialect, options: ReadOptions): Promise<boolean> {
	const { chunkBytes } = options;
	const decoder = new TextDecoder(dialect.encoding);
	let rest: RestHandle | null = null;
	/** Where the rest starts, while it is read elsewhere; the file's size otherwise. */
	let stop = file.size;
	let decided = false;
	// Set inside the closures below: read through this, so the compiler does not narrow it to null.
	const current = (): RestHandle | null => rest;
	const report = (rows: number, bytes: number, done: boolean) => options.progress(rows + (rest?.rows ?? 0), bytes + (rest?.bytes ?? 0), done);

	/** Once the header is read: the rest from past the middle, elsewhere, when the file is big enough. */
	const startRest = async (builder: ColumnBuilder, after: number): Promise<void> => {
		const lineBreak = reader.lineBreak;
		if (file.size < options.minBytes || lineBreak === undefined) return;
		const mid = await (options.splitAt ?? splitPoint)(file);
		// Not behind what is read already.
		if (mid < after || mid >= file.size) return;
		rest = options.startRest({ file, mid, mapping, dialect, lineBreak, fieldCount: builder.fieldCount, chunkBytes });
		if (rest) stop = mid;
	};

	/**
	 * Reads [from, stop) into the reader; false when stopped. `stop` may come closer while reading (the rest
	 * is then read elsewhere from there): the stream is cut there.
	 */
	const readOn = async (from: number): Promise<boolean> => {
		let start = from;
		const pieces = options.pieces ?? ((a: number, b: number) => filePieces(file, a, b, chunkBytes));
		for await (const piece of pieces(from, file.size)) {
			if (options.stopped()) return false;
			const bytes = start + piece.length > stop ? piece.subarray(0, stop - start) : piece;
			const end = start + bytes.length;
			const last = end === file.size;
			reader.push(decoder.decode(bytes, { stream: !last }), last, bytes);
			start = end;
			const builder = reader.builder;
			if (builder) {
				if (!decided && end < stop) {
					decided = true;
					await startRest(builder, end);
					builder.reserve(expectedRows(builder.rowsRead, end, stop, builder.rowBytes));
				}
				await options.piece(builder, { bytes: end, last });
				report(builder.rowsRead, end, last);
			}
			// Where the rest starts: what follows is read elsewhere (leaving the loop cancels the stream).
			if (end === stop) break;
		}
		return true;
	};

	try {
		if (!(await readOn(0))) return false;
		const half = current();
		if (!half) return true;
		const mid = stop;
		const part = reader.atRecordBoundary ? await waitFor(half, options, () => report(reader.builder?.rowsRead ?? 0, mid, false)) : null;
		if (part === 'stopped') return false;
		if (part) {
			reader.append(part);
			// Its part is here: the second worker (its reader, its WebAssembly memory) is done.
			half.stop();
			rest = null;
			const builder = reader.builder;
			if (!builder) throw new Error('CsvReader: no builder after append');
			await options.piece(builder, { bytes: file.size, last: true });
			options.progress(builder.rowsRead, file.size, true);
			return true;
		}
		// A quoted value spans the middle, or the rest could not be read: read on from the middle here.
		half.stop();
		rest = null;
		stop = file.size;
		return await readOn(mid);
	} finally {
		current()?.stop();
	}
}

/**
 * Bytes [start, end) of `file` in pieces of exactly `chunkBytes` (the last may be shorter), read as one stream.
 * A slice per piece (Blob.slice, then arrayBuffer) is a call to the browser that cost the reading thread 2–4 ms
 * each on a loaded machine, where a papaparse worker read a 116.6 MB file 15–30 % slower by slices (on a quiet
 * one, the same). Self-contained: the bench's papaparse baseline runs this very function's source.
 *
 * Every piece is in the same memory: a piece is good until the next one is asked for (copy what must outlive
 * it). The stream's parts are copied into it: no new megabyte a piece. With the finished columns no longer
 * copied (sinks.ts, trimmed), the import worker's page faults for a 116.6 MB file fell from 252,000 to 167,000.
 * Not a "byob" reader reading the file into that memory itself, though a File's stream allows one: in Chromium
 * 156 such a read sometimes never resolved, mid-file or at the end, and the import waited for ever (the bench's
 * papaparse worker, reading a 116.6 MB file again and again: stuck within its first 2 to 24 reads in each of 8
 * tries; through parts, 120 reads and none stuck). Stopping early (a break, a throw) cancels the stream.
 */
export async function* filePieces(file: Blob, start: number, end: number, chunkBytes: number): AsyncGenerator<Uint8Array<ArrayBuffer>> {
	if (!Number.isInteger(chunkBytes) || chunkBytes < 1) throw new Error(`invalid chunkBytes; not an integer ≥ 1: ${chunkBytes}`);
	if (start >= end) return;
	const total = end - start;
	const ended = (missing: number) => new Error(`the file ended ${missing} bytes early: was it changed while being read?`);
	const longer = () => new Error(`the file has more than its ${total} bytes: was it changed while being read?`);
	const reader = file.slice(start, end).stream().getReader();
	/** Bytes not yet in a piece given. */
	let left = total;
	const memory = new ArrayBuffer(Math.min(chunkBytes, left));
	try {
		let piece = new Uint8Array(memory, 0, Math.min(chunkBytes, left));
		let filled = 0;
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			for (let at = 0; at < value.length; ) {
				if (piece.length === 0) throw longer();
				const n = Math.min(value.length - at, piece.length - filled);
				piece.set(value.subarray(at, at + n), filled);
				filled += n;
				at += n;
				if (filled < piece.length) continue;
				left -= filled;
				yield piece;
				piece = new Uint8Array(memory, 0, Math.min(chunkBytes, left));
				filled = 0;
			}
		}
		if (left !== 0) throw ended(left - filled);
	} finally {
		await reader.cancel().catch(() => {});
	}
}

/** Slack on the rows expected: rows further on may be shorter than the first ones. */
const EXPECTED_SLACK = 1.05;
/** Room made at once is at most this many times the bytes to read (a file whose first rows are short is not believed further). */
const MAX_ROOM_PER_BYTE = 2;

/**
 * The rows [0, `stop`) bytes of a file will have, judged from `rows` read in its first `bytes`: rows of one
 * export are much alike, so the columns can be made that long at once. Rows further on that turn out shorter
 * still fit (the columns grow again), and room left unused is trimmed when the columns are finished. With
 * `rowBytes` (the room a row takes), no more rows than take MAX_ROOM_PER_BYTE × `stop` bytes: a file of tiny
 * rows followed by long ones must not make the worker allocate gigabytes it will never fill.
 */
export function expectedRows(rows: number, bytes: number, stop: number, rowBytes = 0): number {
	if (rows === 0 || bytes <= 0 || stop <= bytes) return rows;
	const expected = Math.ceil((rows * stop * EXPECTED_SLACK) / bytes);
	return rowBytes > 0 ? Math.max(rows, Math.min(expected, Math.floor((MAX_ROOM_PER_BYTE * stop) / rowBytes))) : expected;
}

/** The rest's part; null when reading it failed; 'stopped' when cancelled meanwhile. Reports progress while waiting. */
async function waitFor(rest: RestHandle, options: ReadOptions, report: () => void): Promise<ReaderPart | null | 'stopped'> {
	const failed = Symbol('failed');
	const outcome: Promise<ReaderPart | typeof failed> = rest.result.catch(() => failed);
	for (;;) {
		if (options.stopped()) return 'stopped';
		let timer: ReturnType<typeof setTimeout> | undefined;
		const tick = new Promise<'tick'>((resolve) => (timer = setTimeout(() => resolve('tick'), options.pollMs ?? 50)));
		const got = await Promise.race([outcome, tick]);
		clearTimeout(timer);
		if (got === failed) return null;
		if (got !== 'tick') return got;
		report();
	}
}
