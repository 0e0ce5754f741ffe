/** The preview of a file from its first rows, and the mapping Checkup proposes from it. */
import Papa from 'papaparse';
import { UNIT_SPACE } from '../format';
import { normalizeHeaders } from './headers';
import { capProposedMetrics } from './metric-cap';
import { profileColumns } from './profile';
import { isEmptyRow } from './rows';
import { ImportError, type ColumnMapping, type ColumnProfile, type Dialect, type FilePreview, type Notice } from './types';
import { parseDate, parseNumber } from './values';

export { profileColumns } from './profile';

/** Rows the preview profiles at most. */
export const MAX_PREVIEW_ROWS = 1000;
// Wide files are profiled from fewer rows so 10,000 columns still take well under a second.
const MAX_PREVIEW_CELLS = 1_000_000;
const MIN_PREVIEW_ROWS = 50;
const LEADING_BLANK_LINES = /^(?:[ \t]*(?:\r\n|\r|\n))+/;

/** Upper bound of the UTF-8 size of a string, exact for the sizes that matter here. */
function utf8Length(s: string): number {
	let n = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 2 : 3;
	}
	return n;
}

/** True when `head` is the whole file, so its last record is complete even without a final newline. */
function isWholeFile(head: string, fileSize: number, dialect: Dialect): boolean {
	const bom = dialect.bom ? 3 : 0;
	if (dialect.encoding === 'windows-1252') return head.length + bom >= fileSize;
	return head.length * 3 + bom >= fileSize && utf8Length(head) + bom >= fileSize;
}

function records(head: string, dialect: Dialect, preview: number): { rows: string[][]; truncated: boolean } {
	const parsed = Papa.parse<string[]>(head, { delimiter: dialect.delimiter, header: false, preview, skipEmptyLines: 'greedy' });
	return { rows: parsed.data.filter((r) => !isEmptyRow(r)), truncated: parsed.meta.truncated };
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function headerLooksLikeData(names: string[], dialect: Dialect): boolean {
	const dataLike = names.filter(
		(n) => parseNumber(n, dialect.decimalComma) !== null || parseDate(n, 'iso') !== null || /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/.test(n)
	);
	return dataLike.length * 2 > names.length;
}

/**
 * Parses the head of a file (its first ~64 KB as text, or all of it) and profiles up to 1,000 rows; at most
 * PROPOSED_METRICS columns are proposed as metrics (see capProposedMetrics). Throws
 * ImportError for a file that is empty, has a header but no rows, or has only one column.
 */
export function previewText(fileName: string, fileSize: number, head: string, dialect: Dialect, notices: Notice[]): FilePreview {
	if (head.trim().length === 0) throw new ImportError(`"${fileName}" is empty.`);
	const whole = isWholeFile(head, fileSize, dialect);
	// Blank lines before the header are not rows (papaparse's preview would count them).
	const text = head.replace(LEADING_BLANK_LINES, '');
	// A header longer than 1 MB is not one; the cap keeps papaparse from scanning a whole large head for it.
	const header = records(text.slice(0, 1 << 20), dialect, 1).rows[0];
	if (header === undefined) throw new ImportError(`"${fileName}" is empty.`);
	if (header.length === 1) {
		throw new ImportError(
			`Found only one column in "${fileName}": is the delimiter something other than a comma, semicolon, tab or pipe?`
		);
	}
	const limit = Math.max(MIN_PREVIEW_ROWS, Math.min(MAX_PREVIEW_ROWS, Math.floor(MAX_PREVIEW_CELLS / header.length)));
	const parsed = records(text, dialect, limit + 1);
	const rows = parsed.rows.slice(1);
	// The head may end inside a record; the last one is only known complete when the whole file is here.
	if (!whole && !parsed.truncated) rows.pop();
	if (rows.length === 0) {
		if (whole) throw new ImportError(`"${fileName}" has a header but no rows.`);
		throw new ImportError(`The first ${Math.round(head.length / 1024)}${UNIT_SPACE}KB of "${fileName}" hold no complete row: is it really a CSV?`);
	}
	const { names, notices: headerNotices } = normalizeHeaders(header);
	const { columns, notice: capNotice } = capProposedMetrics(profileColumns(header, names, rows, dialect));
	const more: Notice[] = [...notices, ...headerNotices];
	if (headerLooksLikeData(names, dialect)) {
		more.push({ level: 'warning', message: 'The first row looks like data, not column names: the file may lack a header row.' });
	}
	if (header.length > 1000) {
		more.push({ level: 'info', message: `${plural(header.length, 'column')}: the proposal is based on the first ${plural(rows.length, 'row')}.` });
	}
	if (capNotice) more.push(capNotice);
	return { fileName, fileSize, dialect, notices: more, columns, sampledRows: rows.length };
}

function mappingOf(c: ColumnProfile): ColumnMapping {
	const m: ColumnMapping = { index: c.index, name: c.name, type: c.type, role: c.role };
	// An ambiguous date format stays unset: the user must choose before import.
	if (c.type === 'date' && c.dateFormat !== undefined && c.dateFormat !== 'ambiguous') m.dateFormat = c.dateFormat;
	return m;
}

/** The proposal as a mapping, one entry per column (ignored columns included, with role 'ignore'). */
export function defaultMapping(preview: FilePreview): ColumnMapping[] {
	return preview.columns.map(mappingOf);
}
