/** CSV import, pure TypeScript: bytes → preview → mapping → typed columns with problems. */
import Papa from 'papaparse';
import { ColumnBuilder } from './columns';
import { decodeBytes, sniffBinary } from './decode';
import { detectDialect } from './dialect';
import { defaultMapping, previewText } from './infer';
import { isEmptyRow } from './rows';
import { ImportError, type ColumnMapping, type Dialect, type FilePreview, type ParsedColumns } from './types';

export * from './types';
export { sniffBinary, detectEncoding, decodeBytes, decodeWindows1252 } from './decode';
export { detectDialect } from './dialect';
export { normalizeHeaders } from './headers';
export { isBlank, isMissingMarker, parseNumber, parseBoolean, parseDate, detectDateFormat } from './values';
export { profileColumns, previewText, defaultMapping, MAX_PREVIEW_ROWS } from './infer';
export { isEmptyRow, rowFits } from './rows';
export { ColumnBuilder } from './columns';
export { duplicateIds, dropDuplicates } from './validate';

/** How much of a file the dialect is detected from and binary sniffing looks at. */
export const HEAD_BYTES = 65536;
const CHUNK_CHARS = 1 << 20;

/** Feeds every record after the header to the builder, with spreadsheet row numbers (header = row 1). */
function feed(text: string, dialect: Dialect, builder: ColumnBuilder, preview: FilePreview): void {
	let headerSeen = false;
	let nextRow = 2;
	let unclosedQuote = -1;
	Papa.parse<string[]>(text, {
		delimiter: dialect.delimiter,
		header: false,
		skipEmptyLines: false,
		chunkSize: CHUNK_CHARS,
		// With a string and a chunk callback papaparse runs synchronously; `complete` only satisfies its types.
		chunk(result: Papa.ParseResult<string[]>) {
			let rows = result.data;
			if (!headerSeen) {
				// Lines before the header that are empty are not rows; the header is row 1 as in previewText.
				let start = 0;
				while (start < rows.length && isEmptyRow(rows[start])) start++;
				if (start === rows.length) return;
				headerSeen = true;
				rows = rows.slice(start + 1);
			}
			const quote = result.errors.find((e) => e.code === 'MissingQuotes');
			if (quote !== undefined && unclosedQuote < 0) unclosedQuote = nextRow + Math.max(0, (quote.row ?? 0) - 1);
			if (rows.length > 0) builder.addRows(rows, nextRow);
			nextRow += rows.length;
		},
		complete() {}
	});
	if (unclosedQuote >= 0) {
		preview.notices.push({
			level: 'warning',
			message: `A quote opened near row ${unclosedQuote} is never closed, so the rest of the file was read as one value.`
		});
	}
}

/**
 * The whole pipeline, synchronously (node tests, the CLI): refuse binary and empty files, decode, detect the
 * dialect, preview, map (the proposal unless `mapping` decides), and build the columns.
 */
export function parseCsvBytes(
	bytes: Uint8Array,
	fileName: string,
	mapping?: (p: FilePreview) => ColumnMapping[]
): { preview: FilePreview; parsed: ParsedColumns } {
	if (bytes.length === 0) throw new ImportError('The file is empty.');
	const binary = sniffBinary(bytes.subarray(0, HEAD_BYTES));
	if (binary !== null) throw new ImportError(binary);
	const { text, encoding, bom, notices } = decodeBytes(bytes);
	const dialect: Dialect = { encoding, bom, ...detectDialect(text.slice(0, HEAD_BYTES)) };
	const preview = previewText(fileName, bytes.length, text, dialect, notices);
	const columns = mapping ? mapping(preview) : defaultMapping(preview);
	const builder = new ColumnBuilder(columns, dialect, preview.columns.length);
	feed(text, dialect, builder, preview);
	return { preview, parsed: builder.finish() };
}
