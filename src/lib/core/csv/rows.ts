/** Which parsed records count as rows, shared by the preview and the column builder. */
import { isBlank } from './values';

/** An empty line or a line of empty fields (",,,"): not a row at all, silently passed over. */
export function isEmptyRow(row: readonly string[]): boolean {
	for (let i = 0; i < row.length; i++) if (!isBlank(row[i])) return false;
	return true;
}

/**
 * True when the record has the header's field count, or more with only empty fields beyond it (a trailing
 * delimiter loses nothing); any other record is ragged and skipped.
 */
export function rowFits(row: readonly string[], fieldCount: number): boolean {
	if (row.length === fieldCount) return true;
	if (row.length < fieldCount) return false;
	for (let i = fieldCount; i < row.length; i++) if (!isBlank(row[i])) return false;
	return true;
}
