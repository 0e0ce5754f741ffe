/**
 * The import worker: reads a CSV File off the main thread. `preview` profiles the head of the file; `parse`
 * streams all of it through a CsvReader (our tokenizer, papaparse for what it leaves) into typed columns (a
 * big file's second half in a second worker at the same time), sends the text cells as it goes and the report at
 * the end, and keeps the typed columns; `build` (Import) makes them the dataset and its scorecard and
 * transfers them to the page.
 */
import type { ColumnBuilder } from '../core/csv/columns';
import { detectEncoding, namingFile, sniffBinary } from '../core/csv/decode';
import { detectDialect } from '../core/csv/dialect';
import { defaultMapping, previewText } from '../core/csv/infer';
import { CsvReader } from '../core/csv/reader';
import { sendable, transferables } from '../core/csv/streamed-text';
import { ImportError, type ColumnMapping, type Dialect, type ParsedColumns } from '../core/csv/types';
import { negativeValueNotices } from '../core/csv/signs';
import { mixedCurrencyNotices } from '../core/csv/currency-notice';
import { duplicateIds } from '../core/csv/validate';
import { BlockStager, openDatabase } from '../db';
import type { BlockWriter } from '../db/staging';
import { asOfDatesOf, build, doneMessage, textColumnsOf, type HeldParse } from './build';
import { nextTask } from './next-task';
import { ImportStaging } from './stage-import';
import { RemoteBlockWriter } from './stage-remote';
import { filePieces, readFile, splitMinBytes, workerRest, type RestHandle, type RestRequest } from './split-read';
import { CHUNK_BYTES, MAX_LISTED_DUPLICATES, type BuildRequest, type DuplicateSummary, type FromImportWorker, type ToImportWorker } from './protocol';

/** The head the preview profiles: the first chunk parsing reads, so parsing reuses it. */
const HEAD_BYTES = CHUNK_BYTES;
/** At most ten progress messages a second. */
const PROGRESS_MS = 100;
/**
 * Rows of text cells posted in one message at most. Text goes packed (one string a message), so a message is
 * cheap to take in; 16,384 rows of IDs make a string of ~200 KB, which V8 keeps in its large-object space,
 * where the page's collector never moves it (4,096-row strings were compacted: 33 ms of one 48 ms pause).
 */
const TEXT_ROWS = 16_384;

const scope = self as unknown as DedicatedWorkerGlobalScope;
let cancelled = false;
/** The file read last, until Import builds it. */
let held: HeldParse | null = null;
/** The head the preview read, until parsing takes it instead of reading it again. */
let previewed: { file: File; head: ArrayBuffer } | null = null;
/** Where the file being read (then held) is being stored, when the page asked for that. */
let staging: ImportStaging | null = null;

function post(message: FromImportWorker, transfer: Transferable[] = []): void {
	scope.postMessage(message, transfer);
}

scope.onmessage = (event: MessageEvent<ToImportWorker>) => {
	const message = event.data;
	if (message.type === 'cancel') {
		cancelled = true;
		return;
	}
	if (message.type === 'asOfDates') {
		const dates = asOfDatesOf(held);
		post({ type: 'asOfDates', dates }, dates ? [dates.codes.buffer as ArrayBuffer] : []);
		return;
	}
	cancelled = false;
	if (message.type === 'build') {
		buildHeld(message).catch((err: unknown) => {
			const why = err instanceof ImportError ? err.message : `Checkup could not build the dataset: ${err instanceof Error ? err.message : String(err)}`;
			post({ type: 'error', message: why });
		});
		return;
	}
	held = null;
	const job = message.type === 'preview' ? preview(message.file) : parse(message);
	job.catch(async (err: unknown) => {
		// Writes under way finish before the page removes what was staged.
		await staging?.settle();
		closeStaging();
		post({ type: 'error', message: describe(err) });
	});
};

async function buildHeld(request: BuildRequest): Promise<void> {
	if (!held) throw new Error('no file has been read');
	const file = held;
	held = null;
	const { built, transfer } = build(file, request);
	// The columns not stored while reading are stored now, before their buffers are transferred.
	let staged = false;
	try {
		staged = staging ? await staging.complete(built.dataset, built.rows).catch(storingFailed) : false;
	} finally {
		closeStaging();
	}
	post({ type: 'built', ...built, staged }, transfer);
}

/** A write of the import failed: the words for the user are in the error (a full disk, say). */
function storingFailed(err: unknown): never {
	throw new ImportError(err instanceof Error ? err.message : String(err));
}

async function preview(file: File): Promise<void> {
	const buffer = await file.slice(0, HEAD_BYTES).arrayBuffer();
	previewed = { file, head: buffer };
	const head = new Uint8Array(buffer);
	const binary = sniffBinary(head);
	if (binary) throw new ImportError(namingFile(binary, file.name));
	const { encoding, bom, notices } = detectEncoding(head, file.size <= HEAD_BYTES);
	// stream: true keeps a character cut at the end of the head out of the text instead of mangling it.
	const text = new TextDecoder(encoding).decode(head, { stream: file.size > HEAD_BYTES });
	const { delimiter, decimalComma } = detectDialect(text.slice(0, 64 << 10));
	const dialect: Dialect = { encoding, bom, delimiter, decimalComma };
	const proposal = previewText(file.name, file.size, text, dialect, notices);
	post({ type: 'preview', preview: proposal, mapping: defaultMapping(proposal) });
}

/**
 * The file's bytes [start, end) in pieces (filePieces); the first piece is the head the preview read when it was
 * this file (each message brings its own File object, so it is recognized by name, size and modification time;
 * a file changed on disk since fails to read further on, as it always has).
 */
function pieces(file: File): (start: number, end: number) => AsyncIterable<Uint8Array> {
	const same = previewed && previewed.file.name === file.name && previewed.file.size === file.size && previewed.file.lastModified === file.lastModified;
	let head = same && previewed ? new Uint8Array(previewed.head) : null;
	previewed = null;
	return (start, end) => {
		const first = head;
		head = null;
		if (!first || start !== 0 || first.length !== Math.min(CHUNK_BYTES, end)) return filePieces(file, start, end, CHUNK_BYTES);
		return (async function* () {
			yield first;
			yield* filePieces(file, first.length, end, CHUNK_BYTES);
		})();
	};
}

/**
 * A storage worker writes the blocks (IndexedDB's put costs this thread ~1 s for a million rows); they are
 * written from here when it cannot be started.
 */
function blockWriter(database: string, datasetId: string): BlockWriter {
	try {
		return new RemoteBlockWriter(new Worker(new URL('./stage.worker.ts', import.meta.url), { type: 'module' }), database, datasetId);
	} catch {
		return new BlockStager(openDatabase(database), datasetId);
	}
}

/** Ends the staging: its writes must have been waited for (or the import abandoned). */
function closeStaging(): void {
	staging?.close();
	staging = null;
}

/** The rest of a big file read by a second worker; null when it cannot be started (the file is then read here). */
function startRest(request: RestRequest): RestHandle | null {
	try {
		return workerRest(new Worker(new URL('./import-half.worker.ts', import.meta.url), { type: 'module' }), request);
	} catch {
		return null;
	}
}

/**
 * Reads the file CHUNK_BYTES at a time through a CsvReader (one TextDecoder in stream mode, so a character
 * split between two chunks is decoded whole and a UTF-8 byte-order mark is dropped); a big file's second half
 * is read meanwhile by a second worker and appended (split-read.ts). Text cells are posted and complete
 * blocks staged as the rows come.
 */
async function parse({ file, mapping, dialect, idName, asOfName, stage }: Extract<ToImportWorker, { type: 'parse' }>): Promise<void> {
	const reader = new CsvReader(mapping, dialect);
	const keep = new Set([idName, asOfName].filter((name) => name !== undefined));
	closeStaging();
	staging = stage ? new ImportStaging(blockWriter(stage.database, stage.datasetId), stage.datasetId, mapping) : null;
	let lastProgress = 0;
	const read = await readFile(file, reader, mapping, dialect, {
		chunkBytes: CHUNK_BYTES,
		minBytes: splitMinBytes(navigator.hardwareConcurrency),
		pieces: pieces(file),
		startRest,
		piece: async (builder, piece) => {
			// A task of its own per piece: the file's pieces come as microtasks once the stream has them, so
			// without it the whole file is read in one task, and this worker's other tasks wait for its end:
			// Cancel, the answers of the storage worker and even its start (its blocks were then all written
			// after reading, 1–2 s of Import's time for a million rows).
			await nextTask();
			sendText(builder, keep, asOfName);
			// Complete blocks go to storage while the next chunk is read (IndexedDB writes on its own thread).
			await staging?.stage(builder, piece.last).catch(storingFailed);
		},
		progress: (rows, bytes, done) => {
			const now = performance.now();
			if (now - lastProgress < PROGRESS_MS && !done) return;
			lastProgress = now;
			post({ type: 'progress', rows, bytes, totalBytes: file.size });
		},
		stopped: () => cancelled
	});
	if (!read || cancelled) return stopped();
	const parsed = reader.finish();
	if (!parsed) throw new ImportError(namingFile('The file is empty.', file.name));
	held = {
		parsed,
		text: textColumnsOf(parsed).filter((name) => name !== asOfName),
		duplicates: summarizeDuplicates(parsed, idName, asOfName),
		// After reading, one pass over each metric's values: nothing added to the reading of each cell.
		notices: [...negativeValueNotices(parsed, mapping), ...mixedCurrencyNotices(parsed, mapping.find((m) => m.role === 'arr')?.name)],
		asOfName,
		reader: reader.wasmPieces > 0 ? 'webassembly' : 'javascript'
	};
	post(doneMessage(held));
}

/**
 * Posts the text and date cells of the rows kept since the last call. Only the columns the duplicate check
 * reads stay in the worker; the others' strings leave as they come. The as-of dates never leave: the worker
 * makes them a category on Import, so the page would hold a million strings it never uses.
 */
function sendText(builder: ColumnBuilder, keep: ReadonlySet<string>, asOfName: string | undefined): void {
	// At most TEXT_ROWS rows a message (the second half of a big file comes all at once), so the page never
	// takes in a million strings in one go.
	while (builder.textRowsTaken < builder.rowCount) {
		for (const { name, at, cells } of builder.takeTextCells(keep, builder.textRowsTaken + TEXT_ROWS)) {
			if (name === asOfName) continue;
			const sent = sendable(cells);
			// Before the post, which transfers the ends.
			staging?.text(name, sent);
			post({ type: 'text', name, at, cells: sent }, transferables(sent));
		}
	}
}

/** Cancelled while reading: the writes under way finish (the page then removes what was staged), and the page hears. */
async function stopped(): Promise<void> {
	await staging?.settle();
	closeStaging();
	post({ type: 'cancelled' });
}

function summarizeDuplicates(parsed: ParsedColumns, idName?: string, asOfName?: string): DuplicateSummary {
	if (!idName) return { listed: [], ids: 0, extraRows: 0 };
	const all = duplicateIds(parsed, idName, asOfName);
	let extraRows = 0;
	for (const d of all) extraRows += d.rows.length - 1;
	return { listed: all.slice(0, MAX_LISTED_DUPLICATES), ids: all.length, extraRows };
}

function describe(err: unknown): string {
	if (err instanceof ImportError) return err.message;
	if (err instanceof DOMException && err.name === 'NotReadableError') return 'The file could not be read. Was it moved or changed while importing? Choose it again.';
	return `The file could not be read: ${err instanceof Error ? err.message : String(err)}`;
}
