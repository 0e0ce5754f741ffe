/**
 * The import worker's side of Import: what it keeps of a parsed file, the report it sends the page, and the
 * dataset and scorecard it builds from them. Plain functions (no worker globals), so tests run them too.
 */
import { asDateCategory, defaultScorecardFor, isOutcomeMapping, toDataset } from '../core/csv/dataset';
import type { DateCodes } from '../core/import-overlap';
import type { Notice, ParsedColumns } from '../core/csv/types';
import { rowsKept, selectParsed } from '../core/csv/validate';
import type { Column } from '../core/table';
import type { BuildRequest, Built, DuplicateSummary, FromImportWorker, ParseSummary, ReaderKind } from './protocol';

/**
 * A parsed file kept in the worker until Import. `parsed` is as the ColumnBuilder finished it: the columns
 * named in `text` were handed to the page while reading and come empty, except those the duplicate check
 * reads (ID, as-of), which are whole.
 */
export interface HeldParse {
	parsed: ParsedColumns;
	text: string[];
	duplicates: DuplicateSummary;
	/** The report's notices about the values (core/csv/signs.ts), worked out once reading is done. */
	notices: Notice[];
	reader: ReaderKind;
	/** The as-of column's name, when the mapping has one. */
	asOfName?: string;
}

/**
 * The held file's as-of dates as codes into their levels (the report's count of the rows it replaces needs them;
 * they never went to the page as strings): null without an as-of column, or when a value is not a date (Import
 * then says so).
 */
export function asOfDatesOf(held: HeldParse | null): DateCodes | null {
	const column = held?.asOfName === undefined ? undefined : held.parsed.columns[held.asOfName];
	if (!column) return null;
	try {
		const { codes, levels } = asDateCategory(column, held!.asOfName!);
		return { codes, levels };
	} catch {
		return null;
	}
}

/** The text and date columns of `parsed`: those whose cells the worker sends while reading, but for the as-of dates. */
export function textColumnsOf(parsed: ParsedColumns): string[] {
	return Object.entries(parsed.columns)
		.filter(([, column]) => column.kind === 'text')
		.map(([name]) => name);
}

/** The `done` message of a held parse: counts, problems and duplicates only (small, copied). */
export function doneMessage(held: HeldParse): Extract<FromImportWorker, { type: 'done' }> {
	const { rowCount, problems, problemCount, rowsRead, rowsSkipped } = held.parsed;
	const summary: ParseSummary = { rowCount, problems, problemCount, rowsRead, rowsSkipped, reader: held.reader, notices: held.notices };
	return { type: 'done', summary, text: held.text, duplicates: held.duplicates };
}

/**
 * Drops duplicate IDs as chosen, makes the dataset and (but for an outcomes file) its first scorecard. The
 * text columns the page has go back empty (see Built); `transfer` lists every typed array's buffer once.
 * Takes over `held`: its typed arrays may be transferred.
 */
export function build(held: HeldParse, request: BuildRequest): { built: Built; transfer: ArrayBuffer[] } {
	const { parsed } = held;
	const onPage = new Set(held.text);
	const n = parsed.rowCount;
	// The columns whose strings went to the page get stand-ins of the right length, so rows can be selected
	// and the table checked here; their cells are put back on the page.
	const columns: Record<string, Column> = {};
	for (const [name, column] of Object.entries(parsed.columns)) {
		const standIn = onPage.has(name) && column.kind === 'text' && column.values.length !== n;
		define(columns, name, standIn ? { kind: 'text', values: new Array<null>(n).fill(null) } : column);
	}
	const whole: ParsedColumns = { ...parsed, columns };
	const { mapping } = request;
	const idName = mapping.find((m) => m.role === 'id')?.name;
	const asOfName = mapping.find((m) => m.role === 'asOf')?.name;
	const rows = idName && held.duplicates.ids > 0 ? rowsKept(whole, idName, asOfName, request.duplicateChoice) : null;
	const dataset = toDataset(rows ? selectParsed(whole, rows) : whole, mapping, {
		id: request.id,
		fileName: request.fileName,
		fileSize: request.fileSize,
		importedAt: request.importedAt,
		asOf: request.asOf
	});
	const scorecard = isOutcomeMapping(mapping) ? null : defaultScorecardFor(dataset, mapping);
	// Strings the page already has are not sent back (unpacking a million of them would block it).
	const text: string[] = [];
	const out: Record<string, Column> = {};
	const buffers = new Set<ArrayBuffer>(rows ? [rows.buffer] : []);
	for (const [name, column] of Object.entries(dataset.table.columns)) {
		if (column.kind === 'text' && onPage.has(name)) {
			text.push(name);
			define(out, name, { kind: 'text', values: [] });
			continue;
		}
		define(out, name, column);
		if (column.kind === 'number') buffers.add(column.values.buffer as ArrayBuffer);
		else if (column.kind === 'category') buffers.add(column.codes.buffer as ArrayBuffer);
	}
	return { built: { dataset: { meta: dataset.meta, table: { rowCount: dataset.table.rowCount, columns: out } }, scorecard, rows, text }, transfer: [...buffers] };
}

/** Defined, not assigned, so a column named "__proto__" is an ordinary key. */
function define(columns: Record<string, Column>, name: string, column: Column): void {
	Object.defineProperty(columns, name, { value: column, enumerable: true, writable: true, configurable: true });
}
