/** The import report's figures: what the duplicate choice does to the rows read, and what stops Import. */

/** What to do with customer IDs that occur twice in one snapshot. */
export type DuplicateChoice = 'last' | 'first' | 'abort';

/** The counts of a file read the figures need: its rows, and its duplicate IDs (null before it is read). */
export interface ReadCounts {
	rowCount: number;
}

/** Duplicate IDs of a file read: how many IDs repeat, and the rows keeping one per ID drops. */
export interface DuplicateCounts {
	ids: number;
	extraRows: number;
}

/** Rows keeping one row per ID drops (none while the choice is not to import): rows read = to import + skipped + these. */
export function rowsDropped(parsed: ReadCounts | null, duplicates: DuplicateCounts | null, choice: DuplicateChoice): number {
	return parsed && duplicates && choice !== 'abort' ? duplicates.extraRows : 0;
}

/** Why Import is not possible from the report, or null. */
export function importBlocker(parsed: ReadCounts | null, duplicates: DuplicateCounts | null, choice: DuplicateChoice): string | null {
	if (!parsed) return null;
	if (parsed.rowCount === 0) return 'No row of the file could be read: there is nothing to import.';
	if (duplicates?.ids && choice === 'abort') return 'Fix the duplicate customer IDs in the file, then import it again.';
	return null;
}
