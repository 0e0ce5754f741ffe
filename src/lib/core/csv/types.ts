/** The contract of CSV import, shared by core parsing, the import worker, the state and the Data page. */
import type { Column } from '../table';
import type { CurrencyCell } from '../currency';

/** What a column holds, as inferred (and changeable by the user before import). */
export type ValueType = 'number' | 'boolean' | 'category' | 'date' | 'text';

/** What a column is for. */
export type ColumnRole =
	| 'id'
	| 'name'
	| 'asOf'
	| 'outcome'
	| 'churnDate'
	| 'renewalDate'
	| 'segment'
	| 'owner'
	| 'arr'
	| 'metric'
	| 'ignore';

/** How a date column writes its dates. 'ambiguous' is never used to parse: the user must choose. */
export type DateFormat = 'iso' | 'mdy' | 'dmy';

export type Delimiter = ',' | ';' | '\t' | '|';

/** How the file is written, as detected. */
export interface Dialect {
	encoding: 'utf-8' | 'windows-1252';
	bom: boolean;
	delimiter: Delimiter;
	/** "3,5" means 3.5 (only ever detected for ';' or tab files). */
	decimalComma: boolean;
}

/** Something the user should know that is not an error: re-read as Windows-1252, renamed a duplicate header, … */
export interface Notice {
	level: 'info' | 'warning';
	message: string;
}

/** A file that cannot be imported at all (empty, binary, no header, …): the message says why, in words. */
export class ImportError extends Error {
	override name = 'ImportError';
}

/** One column as seen in the first rows of the file, with what Checkup proposes for it. */
export interface ColumnProfile {
	/** Position in the file, 0-based. */
	index: number;
	/** The header exactly as written in the file. */
	header: string;
	/** Trimmed and made unique: the name the column gets in Checkup. */
	name: string;
	type: ValueType;
	role: ColumnRole;
	/** For date columns: the detected format, or 'ambiguous' when both m/d and d/m fit every value. */
	dateFormat?: DateFormat | 'ambiguous';
	/** Up to 5 distinct non-empty values as written, for the mapping table (text: never rendered as HTML). */
	samples: string[];
	/** Share of empty values in the sampled rows, 0–1. */
	missingShare: number;
	/** Distinct non-empty values in the sampled rows (counting stops at 1,000). */
	distinct: number;
	/** Why the proposal differs from what the values alone suggest, shown on the column's row (e.g. a code of whole numbers set to Ignore). */
	reason?: string;
}

/** What the first rows of a file say: dialect, notices and a proposal per column. */
export interface FilePreview {
	fileName: string;
	fileSize: number;
	dialect: Dialect;
	notices: Notice[];
	columns: ColumnProfile[];
	/** How many data rows the proposal is based on. */
	sampledRows: number;
}

/** The user's decision for one column. */
export interface ColumnMapping {
	index: number;
	name: string;
	type: ValueType;
	role: ColumnRole;
	dateFormat?: DateFormat;
}

/** A value that could not be read as its column's type, or a row that could not be used. */
export interface ImportProblem {
	/** Spreadsheet row number: the header is row 1, the first data row is row 2. */
	row: number;
	/** The last row of a problem that spans several: a quote never closed swallows the lines after it. */
	lastRow?: number;
	/** The column's name, or '' for a problem of the whole row. */
	column: string;
	/** The value as written (cut to 200 characters). */
	value: string;
	/** What is wrong, in words: "not a number", "has 23 fields, the header has 21". */
	message: string;
	/** What import will do about it. */
	action: 'treated as missing' | 'row skipped' | 'rows skipped';
}

/** The values of a parsed file, typed per mapping, plus every problem met on the way. */
export interface ParsedColumns {
	rowCount: number;
	/**
	 * Keyed by mapping name, ignored columns left out. number → NumberColumn (NaN missing); boolean →
	 * CategoryColumn with levels ['No', 'Yes']; category → CategoryColumn; date → TextColumn of ISO yyyy-mm-dd
	 * (null missing); text → TextColumn.
	 */
	columns: Record<string, Column>;
	/** Spreadsheet row number of each kept row (for messages after parsing, e.g. duplicate IDs). */
	sourceRows: Int32Array;
	/** The ARR column's first cell of each currency its values are written in (core/currency.ts); absent without an ARR column. */
	arrCurrencies?: CurrencyCell[];
	/** The first problems (at most MAX_LISTED_PROBLEMS), in file order. */
	problems: ImportProblem[];
	/** Every problem counted, listed or not. */
	problemCount: number;
	/** Data rows met (empty lines not counted), kept or skipped; a quote never closed counts each line it swallowed. */
	rowsRead: number;
	/** Rows read and not kept (each line a quote never closed swallowed counts), before duplicates are dropped. */
	rowsSkipped: number;
}

export const MAX_LISTED_PROBLEMS = 1000;
