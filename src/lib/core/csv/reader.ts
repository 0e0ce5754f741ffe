/**
 * A file's text, piece by piece, into a ColumnBuilder: the same steps in the import worker and in
 * parseCsvBytes (node). Each piece is read by `tokenize`; one it does not read as papaparse would (see
 * tokenize.ts) is read by papaparse's Parser instead, the way papaparse's own streamers read chunks.
 */
import Papa from 'papaparse';
import { ColumnBuilder } from './columns';
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

	constructor(mapping: ColumnMapping[], dialect: Dialect) {
		this.#mapping = mapping;
		this.#dialect = dialect;
	}

	/** The builder, once the header has been read. */
	get builder(): ColumnBuilder | null {
		return this.#builder;
	}

	/** Reads the next piece of the text; `last` for the final one (which may be empty). */
	push(text: string, last: boolean): void {
		const input = this.#partial + text;
		const delimiter = this.#dialect.delimiter;
		if (this.#newline === undefined) {
			// The line break is guessed from the head of the text: wait until there is a head's worth of it.
			if (!last && input.length < LINE_BREAK_SAMPLE) {
				this.#partial = input;
				return;
			}
			this.#newline = lineBreakOf(input, delimiter);
		}
		let records = tokenize(input, delimiter, this.#newline, last);
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
		if (records.count > from) this.#builder.addRecords(records, firstRow + from, from);
		this.#nextRow = firstRow + records.count;
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
