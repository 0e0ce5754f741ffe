/** The messages between the import worker and the page, both directions. Plain structured-cloneable data. */
import type { SentTextCells } from '../core/csv/streamed-text';
import type { ColumnMapping, Dialect, FilePreview, Notice, ParsedColumns } from '../core/csv/types';
import type { Dataset } from '../core/dataset';
import type { DateCodes } from '../core/import-overlap';
import type { Scorecard } from '../core/scorecard';

/** A customer ID that occurs more than once in one snapshot, with the spreadsheet rows it is on. */
export interface DuplicateId {
	id: string;
	rows: number[];
}

/** Duplicate customer IDs within one snapshot: the first ones listed, all of them counted. */
export interface DuplicateSummary {
	/** At most MAX_LISTED_DUPLICATES, in file order. */
	listed: DuplicateId[];
	/** How many IDs occur more than once. */
	ids: number;
	/** How many rows keeping one row per ID would drop. */
	extraRows: number;
}

export const MAX_LISTED_DUPLICATES = 1000;

/** Bytes the worker reads, decodes and parses per step (the browser benchmark's bare parse reads the same). */
export const CHUNK_BYTES = 1 << 20;

/** Page → worker. */
export type ToImportWorker =
	/** Read the head of the file: encoding, dialect and a proposal per column. */
	| { type: 'preview'; file: File }
	/**
	 * Read the whole file with the user's mapping. `idName` / `asOfName` name the columns duplicates are checked
	 * on. With `stage`, the columns are written to that database as they are read, under the id the dataset
	 * will have (db/staging.ts), so Import has only the meta record to write.
	 */
	| { type: 'parse'; file: File; mapping: ColumnMapping[]; dialect: Dialect; idName?: string; asOfName?: string; stage?: StageTarget }
	/**
	 * Build the dataset and its scorecard from the file read (the user clicked Import): drop duplicate IDs as
	 * chosen, make the dataset, propose the scorecard. The worker answers `built`, or `error`.
	 */
	| ({ type: 'build' } & BuildRequest)
	/**
	 * Send the as-of dates of the file read (its as-of column's), for the count of the rows it replaces before
	 * Import. Asked only when there are stored imports to compare with: the worker answers `asOfDates`.
	 */
	| { type: 'asOfDates' }
	/** Stop parsing; the worker answers `cancelled`. */
	| { type: 'cancel' };

/** Where and under which dataset id the worker stores the columns of the file it reads. */
export interface StageTarget {
	/** The IndexedDB database's name (the page's). */
	database: string;
	datasetId: string;
}

/** What `build` needs besides the parsed file the worker holds. */
export interface BuildRequest {
	mapping: ColumnMapping[];
	/** yyyy-mm-dd, for a file without an as-of column. */
	asOf: string;
	/** Which row of a duplicate ID to keep (only when the parse found duplicates). */
	duplicateChoice: 'first' | 'last';
	id: string;
	fileName: string;
	fileSize: number;
	/** ISO date-time. */
	importedAt: string;
}

/** What the report shows of a parsed file: its counts and problems, without the columns (which stay in the worker). */
/** What read the file's records: the WebAssembly reader (records-wasm.ts), or JavaScript alone where it cannot run. */
export type ReaderKind = 'webassembly' | 'javascript';

export type ParseSummary = Omit<ParsedColumns, 'columns' | 'sourceRows'> & {
	reader: ReaderKind;
	/** What the values read say that is not a problem of a cell: a few negative values in a column otherwise ≥ 0. */
	notices: Notice[];
};

/**
 * The dataset built in the worker. The text columns named in `text` come empty: the page has their cells
 * from `text` messages and puts in those of the rows `rows` (indices into the parsed rows; null for all).
 * Every typed array is transferred, not copied.
 */
export interface Built {
	dataset: Dataset;
	scorecard: Scorecard | null;
	rows: Int32Array<ArrayBuffer> | null;
	text: string[];
	/** True when every column's blocks are stored under the dataset's id (staged while reading): commit only the meta. */
	staged?: boolean;
}

/** How far parsing has got. Sent at most about ten times a second. */
export interface ImportProgress {
	rows: number;
	bytes: number;
	totalBytes: number;
}

/** Worker → page. */
export type FromImportWorker =
	/** The preview and the mapping Checkup proposes for it (made here, so the page needs no CSV parser). */
	| { type: 'preview'; preview: FilePreview; mapping: ColumnMapping[] }
	| ({ type: 'progress' } & ImportProgress)
	/**
	 * The cells of one text or date column for rows [at, at + n), sent after each chunk is read, so the page
	 * takes the file's strings in small steps (StreamedText) instead of all at once when it is done; text
	 * packed, one string per message.
	 */
	| { type: 'text'; name: string; at: number; cells: SentTextCells }
	/**
	 * The file is read. The parsed columns stay in the worker for `build`; `text` names the columns whose cells
	 * were sent in `text` messages, each of which the page must now have `summary.rowCount` cells of.
	 */
	| { type: 'done'; summary: ParseSummary; text: string[]; duplicates: DuplicateSummary }
	| ({ type: 'built' } & Built)
	/** The as-of dates of the file read, one code per row into `levels` (yyyy-mm-dd; −1: none); null when it has no such column or they are not dates. */
	| { type: 'asOfDates'; dates: DateCodes | null }
	| { type: 'cancelled' }
	/** The file cannot be read or imported; `message` says why, in words for the user. */
	| { type: 'error'; message: string };
