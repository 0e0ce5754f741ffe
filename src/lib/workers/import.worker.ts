/**
 * The import worker: reads a CSV File off the main thread. `preview` profiles the head of the file; `parse`
 * streams all of it through a CsvReader (our tokenizer, papaparse for what it leaves) into typed columns, sends the text cells as it goes and the report at
 * the end, and keeps the typed columns; `build` (Import) makes them the dataset and its scorecard and
 * transfers them to the page.
 */
import type { ColumnBuilder } from '../core/csv/columns';
import { detectEncoding, sniffBinary } from '../core/csv/decode';
import { detectDialect } from '../core/csv/dialect';
import { defaultMapping, previewText } from '../core/csv/infer';
import { CsvReader } from '../core/csv/reader';
import { ImportError, type ColumnMapping, type Dialect, type ParsedColumns } from '../core/csv/types';
import { duplicateIds } from '../core/csv/validate';
import { openDatabase } from '../db';
import { build, doneMessage, textColumnsOf, type HeldParse } from './build';
import { ImportStaging } from './stage-import';
import { CHUNK_BYTES, MAX_LISTED_DUPLICATES, type BuildRequest, type DuplicateSummary, type FromImportWorker, type ToImportWorker } from './protocol';

/** The head the preview profiles: the first chunk parsing reads, so parsing reuses it. */
const HEAD_BYTES = CHUNK_BYTES;
/** At most ten progress messages a second. */
const PROGRESS_MS = 100;

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
		post({ type: 'error', message: describe(err) });
	});
};

async function buildHeld(request: BuildRequest): Promise<void> {
	if (!held) throw new Error('no file has been read');
	const file = held;
	held = null;
	const { built, transfer } = build(file, request);
	// The columns not stored while reading are stored now, before their buffers are transferred.
	const staged = staging ? await staging.complete(built.dataset, built.rows).catch(storingFailed) : false;
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
	if (binary) throw new ImportError(binary);
	const { encoding, bom, notices } = detectEncoding(head);
	// stream: true keeps a character cut at the end of the head out of the text instead of mangling it.
	const text = new TextDecoder(encoding).decode(head, { stream: file.size > HEAD_BYTES });
	const { delimiter, decimalComma } = detectDialect(text.slice(0, 64 << 10));
	const dialect: Dialect = { encoding, bom, delimiter, decimalComma };
	const proposal = previewText(file.name, file.size, text, dialect, notices);
	post({ type: 'preview', preview: proposal, mapping: defaultMapping(proposal) });
}

/**
 * The file as text, CHUNK_BYTES at a time. One TextDecoder for the whole file, in stream mode, so a character
 * split between two chunks is decoded whole (papaparse's own File reading decodes each slice on its own) and
 * a UTF-8 byte-order mark is dropped.
 */
async function* textChunks(file: File, encoding: Dialect['encoding']): AsyncGenerator<{ text: string; bytes: number; last: boolean }> {
	const decoder = new TextDecoder(encoding);
	const read = (start: number) => file.slice(start, Math.min(start + CHUNK_BYTES, file.size)).arrayBuffer();
	// The first chunk is the head the preview read, when it was this file (each message brings its own File
	// object, so it is recognized by name, size and modification time; a file changed on disk since fails
	// to read further on, as it always has).
	const same = previewed && previewed.file.name === file.name && previewed.file.size === file.size && previewed.file.lastModified === file.lastModified;
	const head = same && previewed ? previewed.head : null;
	previewed = null;
	let next = head ? Promise.resolve(head) : read(0);
	try {
		for (let start = 0; start < file.size; start += CHUNK_BYTES) {
			const bytes = new Uint8Array(await next);
			const end = Math.min(start + CHUNK_BYTES, file.size);
			const last = end === file.size;
			// The next slice is read (in the browser, off this thread) while this one is parsed.
			if (!last) next = read(end);
			yield { text: decoder.decode(bytes, { stream: !last }), bytes: end, last };
		}
	} finally {
		// Stopped early (cancelled, or the file is not CSV): a read still under way must not fail unheard.
		next.catch(() => {});
	}
}

async function parse({ file, mapping, dialect, idName, asOfName, stage }: Extract<ToImportWorker, { type: 'parse' }>): Promise<void> {
	const reader = new CsvReader(mapping, dialect);
	const keep = new Set([idName, asOfName].filter((name) => name !== undefined));
	staging = stage ? new ImportStaging(openDatabase(stage.database), stage.datasetId, mapping) : null;
	let lastProgress = 0;
	for await (const chunk of textChunks(file, dialect.encoding)) {
		if (cancelled) return stopped();
		reader.push(chunk.text, chunk.last);
		const builder = reader.builder;
		if (!builder) continue;
		sendText(builder, keep, asOfName);
		// Complete blocks go to storage while the next chunk is read (IndexedDB writes on its own thread).
		await staging?.stage(builder, chunk.last).catch(storingFailed);
		const now = performance.now();
		if (now - lastProgress >= PROGRESS_MS || chunk.last) {
			lastProgress = now;
			post({ type: 'progress', rows: builder.rowsRead, bytes: chunk.bytes, totalBytes: file.size });
		}
	}
	if (cancelled) return stopped();
	const parsed = reader.finish();
	if (!parsed) throw new ImportError('The file is empty.');
	held = { parsed, text: textColumnsOf(parsed).filter((name) => name !== asOfName), duplicates: summarizeDuplicates(parsed, idName, asOfName) };
	post(doneMessage(held));
}

/**
 * Posts the text and date cells of the rows kept since the last call. Only the columns the duplicate check
 * reads stay in the worker; the others' strings leave as they come. The as-of dates never leave: the worker
 * makes them a category on Import, so the page would hold a million strings it never uses.
 */
function sendText(builder: ColumnBuilder, keep: ReadonlySet<string>, asOfName: string | undefined): void {
	for (const { name, at, cells } of builder.takeTextCells(keep)) {
		if (name === asOfName) continue;
		staging?.text(name, cells);
		post({ type: 'text', name, at, cells }, 'codes' in cells ? [cells.codes.buffer] : []);
	}
}

/** Cancelled while reading: the writes under way finish (the page then removes what was staged), and the page hears. */
async function stopped(): Promise<void> {
	await staging?.settle();
	staging = null;
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
