/** CSV import, pure TypeScript: bytes → preview → mapping → typed columns with problems. */
import { decodeBytes, namingFile, sniffBinary } from './decode';
import { detectDialect } from './dialect';
import { defaultMapping, previewText } from './infer';
import { ColumnBuilder } from './columns';
import { CsvReader } from './reader';
import { ImportError, type ColumnMapping, type Dialect, type FilePreview, type ParsedColumns } from './types';

export * from './types';
export { sniffBinary, namingFile, detectEncoding, decodeBytes, decodeWindows1252 } from './decode';
export { detectDialect } from './dialect';
export { normalizeHeaders } from './headers';
export { isBlank, isMissingMarker, parseNumber, parseBoolean, parseDate, detectDateFormat } from './values';
export { profileColumns, previewText, defaultMapping, MAX_PREVIEW_ROWS } from './infer';
export { isEmptyRow, rowFits } from './rows';
export { ColumnBuilder } from './columns';
export { CsvReader } from './reader';
export { tokenize } from './tokenize';
export { duplicateIds, dropDuplicates } from './validate';

/** How much of a file the dialect is detected from and binary sniffing looks at. */
export const HEAD_BYTES = 65536;
const CHUNK_CHARS = 1 << 20;

/** Reads the text in pieces as the import worker does, and warns of a quote never closed. */
function feed(text: string, reader: CsvReader, preview: FilePreview): void {
	for (let at = 0; at < text.length || at === 0; at += CHUNK_CHARS) {
		reader.push(text.slice(at, at + CHUNK_CHARS), at + CHUNK_CHARS >= text.length);
	}
	if (reader.unclosedQuoteRow >= 0) {
		preview.notices.push({
			level: 'warning',
			message: `A quote opened near row ${reader.unclosedQuoteRow} is never closed, so the rest of the file was read as one value.`
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
	if (bytes.length === 0) throw new ImportError(namingFile('The file is empty.', fileName));
	const binary = sniffBinary(bytes.subarray(0, HEAD_BYTES));
	if (binary !== null) throw new ImportError(namingFile(binary, fileName));
	const { text, encoding, bom, notices } = decodeBytes(bytes);
	const dialect: Dialect = { encoding, bom, ...detectDialect(text.slice(0, HEAD_BYTES)) };
	const preview = previewText(fileName, bytes.length, text, dialect, notices);
	const columns = mapping ? mapping(preview) : defaultMapping(preview);
	const reader = new CsvReader(columns, dialect);
	feed(text, reader, preview);
	// A text whose every line is empty has no header: previewText refuses it, but a caller's mapping may not.
	const parsed = reader.finish() ?? new ColumnBuilder(columns, dialect, preview.columns.length).finish();
	return { preview, parsed };
}
