/**
 * A file's text, piece by piece, into a ColumnBuilder: the same steps in the import worker and in
 * parseCsvBytes (node). Each piece is read by `tokenize`; one it does not read as papaparse would (see
 * tokenize.ts) is read by papaparse's Parser instead, the way papaparse's own streamers read chunks.
 */
import Papa from 'papaparse';
import { ColumnBuilder, type BuilderPart } from './columns';
import { wasmRecords, type RawText, type RecordFields } from './records-wasm';
import { isEmptyRow } from './rows';
import { recordAt, recordsOf, tokenize, type LineBreak, type Records } from './tokenize';
import type { ColumnMapping, Dialect, ParsedColumns } from './types';

/** Characters of the head of the text the line break is guessed from. */
const LINE_BREAK_SAMPLE = 64 << 10;

/** The line break papaparse finds in the head of the text (as the worker has always detected it). */
export function lineBreakOf(text: string, delimiter: string): LineBreak {
	const linebreak = Papa.parse(text.slice(0, LINE_BREAK_SAMPLE), { delimiter, preview: 1 }).meta.linebreak;
	return linebreak === '\r\n' || linebreak === '\r' ? linebreak : '\n';
}

/**
 * What a reader of the rest of a file read (see CsvReader's `rest` option), to append to the reader of the
 * text before it: plain data, so a second worker can post it.
 */
export interface ReaderPart {
	builder: BuilderPart;
	/** Records read, empty lines included: the spreadsheet rows the part spans. */
	records: number;
	papaparsePieces: number;
	/** Row of a quote never closed, counted from the part's first record as row 2, or -1. */
	unclosedQuoteRow: number;
}

/**
 * Reading the rest of a file from a record boundary after its header (a second worker reading the second
 * half): the line break and the header's field count, as the reader of the head of the file found them.
 * Without `fieldCount`, the text is a whole file whose line break is known (the reader of a short text then
 * reads its header at once instead of waiting for the end of the text to find the line break).
 */
export interface RestOf {
	lineBreak: LineBreak;
	fieldCount?: number;
}

/** Reads the text of one file, in order, into the typed columns of `mapping`. */
export class CsvReader {
	readonly #mapping: ColumnMapping[];
	readonly #dialect: Dialect;
	#builder: ColumnBuilder | null = null;
	#newline: LineBreak | undefined;
	/** The record cut off at the end of the last piece, read again with the next. */
	#partial = '';
	/** Spreadsheet row of the next record after the header. */
	#nextRow = 2;
	/** Pieces papaparse read because tokenize did not. */
	papaparsePieces = 0;
	/** Row of a quote papaparse found never closed, or -1. */
	unclosedQuoteRow = -1;
	/** A rest was appended: the text is complete. */
	#appended = false;
	/** Fields read as numbers, whose plain numbers the WebAssembly reader reads with the records, and as codes, whose remembered spellings it looks up. */
	readonly #fields: RecordFields;
	/** Pieces the WebAssembly reader read (the others, in JavaScript: where it cannot run, or papaparse's). */
	wasmPieces = 0;

	/**
	 * `rest`: the text is the rest of a file after a record boundary past its header: no header to read, and
	 * its first record counts as row 2 (append() renumbers it).
	 */
	constructor(mapping: ColumnMapping[], dialect: Dialect, rest?: RestOf) {
		this.#mapping = mapping;
		this.#dialect = dialect;
		const read = mapping.filter((m) => m.role !== 'ignore');
		this.#fields = {
			numbers: Int32Array.from(read.filter((m) => m.type === 'number').map((m) => m.index)),
			codes: Int32Array.from(read.filter((m) => m.type === 'boolean' || m.type === 'category' || m.type === 'date').map((m) => m.index))
		};
		if (rest) this.#newline = rest.lineBreak;
		if (rest?.fieldCount !== undefined) this.#builder = new ColumnBuilder(mapping, dialect, rest.fieldCount);
	}

	/** The builder, once the header has been read. */
	get builder(): ColumnBuilder | null {
		return this.#builder;
	}

	/** The line break, once decided (with the header). */
	get lineBreak(): LineBreak | undefined {
		return this.#newline;
	}

	/**
	 * True when the header has been read and the text pushed so far ended exactly where a record ended,
	 * outside quotes (nothing carried over to the next piece): the rest of the file can be read on its own.
	 */
	get atRecordBoundary(): boolean {
		return this.#builder !== null && this.#partial === '';
	}

	/** What this reader (made with `rest`) read, once every piece has been pushed; the reader is done after it. */
	part(): ReaderPart {
		if (!this.#builder) throw new Error('CsvReader: part before the header');
		return { builder: this.#builder.part(), records: this.#nextRow - 2, papaparsePieces: this.papaparsePieces, unclosedQuoteRow: this.unclosedQuoteRow };
	}

	/**
	 * Appends what a reader of the rest of the text read, as if it had been pushed here (only at a record
	 * boundary: see atRecordBoundary). Nothing more may be pushed after it.
	 */
	append(rest: ReaderPart): void {
		if (!this.atRecordBoundary || !this.#builder) throw new Error('CsvReader: append away from a record boundary');
		const shift = this.#nextRow - 2;
		this.#builder.append(rest.builder, this.#nextRow);
		if (this.unclosedQuoteRow < 0 && rest.unclosedQuoteRow >= 0) this.unclosedQuoteRow = rest.unclosedQuoteRow + shift;
		this.papaparsePieces += rest.papaparsePieces;
		this.#nextRow += rest.records;
		this.#appended = true;
	}

	/**
	 * Reads the next piece of the text; `last` for the final one (which may be empty). `bytes`: what the piece was
	 * decoded from, when known (the WebAssembly reader takes them as they are when they are ASCII).
	 */
	push(text: string, last: boolean, bytes?: Uint8Array): void {
		if (this.#appended) throw new Error('CsvReader: push after append');
		const head = this.#partial;
		const input = head + text;
		const delimiter = this.#dialect.delimiter;
		if (this.#newline === undefined) {
			// The line break is guessed from the head of the text: wait until there is a head's worth of it.
			if (!last && input.length < LINE_BREAK_SAMPLE) {
				this.#partial = input;
				return;
			}
			this.#newline = lineBreakOf(input, delimiter);
		}
		let records = this.#tokenize(input, this.#newline, last, bytes && bytes.length === text.length ? { head, tail: bytes } : undefined);
		let unclosed = -1;
		if (records === null) {
			this.papaparsePieces++;
			const result = new Papa.Parser({ delimiter, newline: this.#newline }).parse(input, 0, !last) as {
				data: string[][];
				errors: { code: string; row?: number }[];
				meta: { cursor: number };
			};
			records = { ...recordsOf(result.data), cursor: result.meta.cursor };
			unclosed = result.errors.find((e) => e.code === 'MissingQuotes')?.row ?? -1;
		}
		this.#partial = last ? '' : input.slice(records.cursor);
		let from = 0;
		let firstRow = this.#nextRow;
		if (!this.#builder) {
			// The header is the first record that is not empty, as in the preview; it is row 1.
			const header = firstNonEmpty(records);
			if (header < 0) return;
			this.#builder = new ColumnBuilder(this.#mapping, this.#dialect, records.first[header + 1] - records.first[header]);
			from = header + 1;
			firstRow = 2 - from;
		}
		if (unclosed >= 0 && this.unclosedQuoteRow < 0) this.unclosedQuoteRow = Math.max(2, firstRow + unclosed);
		// Empty lines go in too: the builder passes over them, and every later row keeps its spreadsheet number.
		if (records.count > from) this.#builder.addRecords(records, firstRow + from, from, unclosed >= from ? unclosed : -1);
		this.#nextRow = firstRow + records.count;
	}

	/** tokenize() in WebAssembly where it runs (the same records, and the plain numbers with them), else in JavaScript. */
	#tokenize(input: string, newline: LineBreak, last: boolean, raw: RawText | undefined): Records | null {
		const wasm = wasmRecords();
		if (wasm) {
			try {
				const records = wasm.tokenize(input, this.#dialect.delimiter, newline, last, this.#fields, this.#dialect.decimalComma, this, raw);
				if (records) this.wasmPieces++;
				return records;
			} catch (err) {
				// Memory it could not grow to (a piece of hundreds of megabytes: one huge quoted cell): JavaScript's own.
				if (!(err instanceof RangeError)) throw err;
			}
		}
		return tokenize(input, this.#dialect.delimiter, newline, last);
	}

	/** The columns, once every piece has been pushed; null for a text with no header (an empty file). */
	finish(): ParsedColumns | null {
		return this.#builder?.finish() ?? null;
	}
}

function firstNonEmpty(records: Records): number {
	for (let r = 0; r < records.count; r++) if (!isEmptyRow(recordAt(records, r))) return r;
	return -1;
}
