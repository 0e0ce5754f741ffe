/**
 * The text and date columns of a file, put back together from the cells the worker hands on while it reads
 * (ColumnBuilder.takeTextCells), so no one message carries a million strings and blocks the page to unpack.
 */
import type { TextCells } from './sinks';
import type { ParsedColumns } from './types';

/** Text and date columns being received, column by column, in row order. */
export class StreamedText {
	#columns = new Map<string, { values: (string | null)[]; levels: string[] }>();

	/** Appends the cells of rows [at, at + n) of a column; they must follow on from the rows already added. */
	add(name: string, at: number, cells: TextCells): void {
		let column = this.#columns.get(name);
		if (column === undefined) this.#columns.set(name, (column = { values: [], levels: [] }));
		const { values, levels } = column;
		if (at !== values.length) throw new Error(`text cells of "${name}" out of order: rows from ${at}, expected ${values.length}`);
		if ('values' in cells) {
			for (const v of cells.values) values.push(v);
			return;
		}
		if (cells.firstLevel !== levels.length) throw new Error(`dates of "${name}" out of order: levels from ${cells.firstLevel}, expected ${levels.length}`);
		for (const level of cells.levels) levels.push(level);
		const codes = cells.codes;
		for (let i = 0; i < codes.length; i++) {
			const code = codes[i];
			values.push(code < 0 ? null : levels[code]);
		}
	}

	/** `parsed` with every column received here in place of its own; throws when one is not `rowCount` long. */
	complete(parsed: ParsedColumns): ParsedColumns {
		if (this.#columns.size === 0) return parsed;
		const columns = { ...parsed.columns };
		for (const [name, { values }] of this.#columns) {
			if (!Object.hasOwn(columns, name) || columns[name].kind !== 'text') throw new Error(`text cells received for "${name}", which is not a parsed text column`);
			if (values.length !== parsed.rowCount) throw new Error(`column "${name}" has ${values.length} cells, the file ${parsed.rowCount} rows`);
			Object.defineProperty(columns, name, { value: { kind: 'text', values }, enumerable: true, writable: true, configurable: true });
		}
		return { ...parsed, columns };
	}

	/**
	 * The cells of the columns `names`, each `rowCount` long; throws when one is missing or of another length,
	 * or cells came for a column not named.
	 */
	finish(names: readonly string[], rowCount: number): Map<string, (string | null)[]> {
		const wanted = new Set(names);
		for (const name of this.#columns.keys()) if (!wanted.has(name)) throw new Error(`text cells received for "${name}", which is not a parsed text column`);
		const out = new Map<string, (string | null)[]>();
		for (const name of wanted) {
			const values = this.#columns.get(name)?.values ?? [];
			if (values.length !== rowCount) throw new Error(`column "${name}" has ${values.length} cells, the file ${rowCount} rows`);
			out.set(name, values);
		}
		return out;
	}
}
