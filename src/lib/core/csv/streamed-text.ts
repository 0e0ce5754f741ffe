/**
 * The text and date columns of a file, put back together from the cells the worker hands on while it reads
 * (ColumnBuilder.takeTextCells), so no one message carries a million strings and blocks the page to unpack.
 * Text cells come packed (one string per message) and stay packed: a million IDs and names arrive as a few
 * hundred strings, not two million, so the page's garbage collector has no pile of young strings to copy.
 */
import type { Dataset } from '../dataset';
import { assertTable, type Column } from '../table';
import { checkPacked, packText, PackedTexts, PackedTextsBuilder, textCell, type PackedText, type TextValues } from '../text-values';
import type { TextCells } from './sinks';
import type { ParsedColumns } from './types';

/** Text cells as they travel to the page: text packed, dates as codes into the levels met so far. */
export type SentTextCells = { packed: PackedText } | Exclude<TextCells, { values: unknown }>;

/** The cells a sink handed on, in the form they are posted in (text packed). */
export function sendable(cells: TextCells): SentTextCells {
	return 'values' in cells ? { packed: packText(cells.values) } : cells;
}

/** The buffers of sent cells, to transfer. */
export function transferables(cells: SentTextCells): ArrayBuffer[] {
	return ['packed' in cells ? cells.packed.ends.buffer : cells.codes.buffer] as ArrayBuffer[];
}

type Received = { kind: 'text'; cells: PackedTextsBuilder } | { kind: 'dates'; values: (string | null)[]; levels: string[] };

/** Text and date columns being received, column by column, in row order. */
export class StreamedText {
	#columns = new Map<string, Received>();

	/** Appends the cells of rows [at, at + n) of a column; they must follow on from the rows already added. */
	add(name: string, at: number, cells: SentTextCells): void {
		const packed = 'packed' in cells;
		let column = this.#columns.get(name);
		if (column === undefined) {
			column = packed ? { kind: 'text', cells: new PackedTextsBuilder() } : { kind: 'dates', values: [], levels: [] };
			this.#columns.set(name, column);
		}
		if (column.kind === 'text') {
			if (!packed) throw new Error(`dates received for "${name}", a text column`);
			if (at !== column.cells.rows) throw new Error(`text cells of "${name}" out of order: rows from ${at}, expected ${column.cells.rows}`);
			checkPacked(cells.packed, () => `text cells of "${name}" from row ${at}`);
			column.cells.append(cells.packed);
			return;
		}
		if (packed) throw new Error(`text received for "${name}", a date column`);
		const { values, levels } = column;
		if (at !== values.length) throw new Error(`text cells of "${name}" out of order: rows from ${at}, expected ${values.length}`);
		if (cells.firstLevel !== levels.length) throw new Error(`dates of "${name}" out of order: levels from ${cells.firstLevel}, expected ${levels.length}`);
		for (const level of cells.levels) levels.push(level);
		const codes = cells.codes;
		for (let i = 0; i < codes.length; i++) {
			const code = codes[i];
			values.push(code < 0 ? null : levels[code]);
		}
	}

	#values(name: string): TextValues {
		const column = this.#columns.get(name);
		if (!column) return [];
		if (column.kind === 'dates') return column.values;
		return column.cells.finish();
	}

	/** `parsed` with every column received here in place of its own; throws when one is not `rowCount` long. */
	complete(parsed: ParsedColumns): ParsedColumns {
		if (this.#columns.size === 0) return parsed;
		const columns = { ...parsed.columns };
		for (const name of this.#columns.keys()) {
			if (!Object.hasOwn(columns, name) || columns[name].kind !== 'text') throw new Error(`text cells received for "${name}", which is not a parsed text column`);
			const values = this.#values(name);
			if (values.length !== parsed.rowCount) throw new Error(`column "${name}" has ${values.length} cells, the file ${parsed.rowCount} rows`);
			Object.defineProperty(columns, name, { value: { kind: 'text', values }, enumerable: true, writable: true, configurable: true });
		}
		return { ...parsed, columns };
	}

	/**
	 * The cells of the columns `names`, each `rowCount` long (text packed); throws when one is missing or of
	 * another length, or cells came for a column not named.
	 */
	finish(names: readonly string[], rowCount: number): Map<string, TextValues> {
		const wanted = new Set(names);
		for (const name of this.#columns.keys()) if (!wanted.has(name)) throw new Error(`text cells received for "${name}", which is not a parsed text column`);
		const out = new Map<string, TextValues>();
		for (const name of wanted) {
			const values = this.#values(name);
			if (values.length !== rowCount) throw new Error(`column "${name}" has ${values.length} cells, the file ${rowCount} rows`);
			out.set(name, values);
		}
		return out;
	}
}

/** A dataset built with the cells of some text columns left out: `text` names them, `rows` are the file's rows kept (null: all). */
export interface DatasetWithoutText {
	dataset: Dataset;
	rows: Int32Array | null;
	text: readonly string[];
}

/**
 * The dataset the worker built with the text cells the page received put in: for each column the worker sent
 * empty, its cells of the rows kept. Throws when the cells do not fit.
 */
export function withText(built: DatasetWithoutText, text: ReadonlyMap<string, TextValues>): Dataset {
	const { meta, table } = built.dataset;
	const columns: Record<string, Column> = { ...table.columns };
	for (const name of built.text) {
		const all = text.get(name);
		if (!all) throw new Error(`the cells of column "${name}" never arrived`);
		let values = all;
		const rows = built.rows;
		if (rows && all instanceof PackedTexts) values = all.pick(rows);
		else if (rows) {
			const kept = new Array<string | null>(rows.length);
			for (let k = 0; k < rows.length; k++) kept[k] = textCell(all, rows[k]);
			values = kept;
		}
		// Defined, not assigned, so a column named "__proto__" is an ordinary key.
		Object.defineProperty(columns, name, { value: { kind: 'text', values }, enumerable: true, writable: true, configurable: true });
	}
	return { meta, table: assertTable({ rowCount: table.rowCount, columns }) };
}
