/** Streams parsed rows into typed columns: chunks in, growable typed arrays, never a row object. */
import type { Column } from '../table';
import { isEmptyRow, rowFits } from './rows';
import { sinkFor, trimmed, type Report, type Sink, type SinkPart, type TextCells } from './sinks';
import { recordAt, recordsOf, type Records } from './tokenize';
import { ImportError, MAX_LISTED_PROBLEMS, type ColumnMapping, type Dialect, type ImportProblem, type ParsedColumns } from './types';

const MAX_VALUE_LENGTH = 200;
/** Rows read column by column at a time: 20 fields × 256 rows of short strings is well inside a CPU cache. */
const BAND_ROWS = 256;
const TYPES = new Set(['number', 'boolean', 'category', 'date', 'text']);

/** A problem's value, at most MAX_VALUE_LENGTH characters: a cut one ends in "…", so that the report does not show part of a row as the whole of it. */
export function cut(value: string): string {
	if (value.length <= MAX_VALUE_LENGTH) return value;
	let end = MAX_VALUE_LENGTH - 1;
	// Not between the two halves of an emoji (a surrogate pair).
	const last = value.charCodeAt(end - 1);
	if (last >= 0xd800 && last <= 0xdbff) end--;
	return value.slice(0, end) + '…';
}

function checkMapping(mapping: ColumnMapping[], fieldCount: number): ColumnMapping[] {
	if (!Number.isInteger(fieldCount) || fieldCount < 1) throw new Error(`invalid fieldCount; not a positive integer: ${fieldCount}`);
	const used = mapping.filter((m) => m.role !== 'ignore');
	const names = new Set<string>();
	for (const m of used) {
		if (!Number.isInteger(m.index) || m.index < 0 || m.index >= fieldCount) {
			throw new Error(`invalid mapping for "${m.name}"; index not in [0, ${fieldCount}): ${m.index}`);
		}
		if (typeof m.name !== 'string' || m.name.length === 0) throw new Error(`invalid mapping name for column ${m.index}: "${m.name}"`);
		if (names.has(m.name)) throw new Error(`invalid mapping; two columns named "${m.name}"`);
		if (!TYPES.has(m.type)) throw new Error(`invalid mapping type for "${m.name}": ${m.type}`);
		if (m.type === 'date' && m.dateFormat === undefined) {
			throw new ImportError(`Choose how the dates in "${m.name}" are written (for example m/d/yyyy or d/m/yyyy) before importing.`);
		}
		names.add(m.name);
	}
	return used;
}

function raggedMessage(row: string[], fieldCount: number): string {
	const counts = `has ${row.length} field${row.length === 1 ? '' : 's'}, the header has ${fieldCount}`;
	// An unclosed quote swallows the following lines into one value: say so, it is the likely cause.
	const swallowed = row.length < fieldCount && row.some((v) => v.includes('\n') || v.includes('\r'));
	return swallowed ? `${counts} (a quoted value runs over several lines: is a closing quote missing?)` : counts;
}

/** Line breaks inside a record's fields, but for one ending the text (the file's last line break). */
function lineBreaksIn(row: string[]): number {
	let breaks = 0;
	for (const v of row) breaks += v.match(/\r\n|\r|\n/g)?.length ?? 0;
	const last = row[row.length - 1] ?? '';
	return /(\r\n|\r|\n)$/.test(last) ? breaks - 1 : breaks;
}

/**
 * The problem of a record whose last field opens a quote never closed: the rest of the file is that field,
 * so it spans rows `row` … `row` + its line breaks, all lost. The value shows the quote where it opened.
 */
export function unclosedQuoteProblem(row: string[], at: number, delimiter: string, names: readonly string[]): { problem: ImportProblem; lines: number } {
	const lines = 1 + lineBreaksIn(row);
	const last = row.length - 1;
	const column = names[last] ?? `column ${last + 1}`;
	const quoted = row[last].replace(/(\r\n|\r|\n)$/, '');
	const value = cut([...row.slice(0, last), `"${quoted}`].join(delimiter));
	// No row numbers in the message: a part read by a second worker is renumbered (row, lastRow) on append.
	const after = lines - 1;
	const message = `a quote opened in column “${column}” is never closed${after ? `: this row and the ${after === 1 ? 'next' : `${after.toLocaleString('en-US')} after it`} were read as one value` : ''}`;
	return { problem: { row: at, ...(lines > 1 ? { lastRow: at + lines - 1 } : {}), column, value, message, action: lines === 1 ? 'row skipped' : 'rows skipped' }, lines };
}

/**
 * The rows one ColumnBuilder read, to append to another of the same mapping (the second half of a file read
 * in another worker): its columns' parts in the mapping's order, and its problems and totals. Row numbers
 * (problems, sourceRows) count as if its first record were spreadsheet row 2.
 */
export interface BuilderPart {
	rowCount: number;
	columns: SinkPart[];
	sourceRows: Int32Array<ArrayBuffer>;
	problems: ImportProblem[];
	problemCount: number;
	rowsRead: number;
	rowsSkipped: number;
}

interface Pending {
	order: number;
	problem: ImportProblem;
}

/**
 * Receives chunks of parsed records (papaparse `header: false`, empty lines not skipped so row numbers stay
 * spreadsheet rows) and builds one typed column per mapped column. Empty lines are passed over; ragged
 * records are skipped with a problem; a value that is not its column's type becomes missing with a problem.
 */
export class ColumnBuilder {
	readonly #fieldCount: number;
	readonly #delimiter: string;
	/** Every column's name by its index in the file (the ignored ones too), to name where a quote opened. */
	readonly #names: string[] = [];
	readonly #sinks: Sink[];
	#capacity = 0;
	#kept = new Int32Array(0);
	#sourceRows = new Int32Array(0);
	#rowCount = 0;
	/** Rows whose text cells takeTextCells has handed over. */
	#taken = 0;
	#rowsRead = 0;
	#rowsSkipped = 0;
	#problems: ImportProblem[] = [];
	#problemCount = 0;
	#finished = false;

	constructor(mapping: ColumnMapping[], dialect: Dialect, fieldCount: number) {
		this.#fieldCount = fieldCount;
		this.#delimiter = dialect.delimiter;
		for (const m of mapping) this.#names[m.index] = m.name;
		this.#sinks = checkMapping(mapping, fieldCount).map((m) => sinkFor(m, dialect.decimalComma));
	}

	/** Data rows met so far (empty lines not counted), kept or skipped. */
	get rowsRead(): number {
		return this.#rowsRead;
	}

	/** Rows whose text cells takeTextCells has handed over. */
	get textRowsTaken(): number {
		return this.#taken;
	}

	/** Fields of the header: the count every data row must have. */
	get fieldCount(): number {
		return this.#fieldCount;
	}

	/** Rows kept so far: the length the columns will have. */
	get rowCount(): number {
		return this.#rowCount;
	}

	/**
	 * Hands over the cells of every text and date column for the rows kept since the last call, and forgets
	 * the text cells of the columns not in `keep`, whose columns then come empty from finish(). Reading a big
	 * file, a worker passes the strings on as they come instead of holding them all to the end.
	 */
	takeTextCells(keep: ReadonlySet<string>, upTo = Infinity): { name: string; at: number; cells: TextCells }[] {
		const from = this.#taken;
		const to = Math.max(from, Math.min(this.#rowCount, upTo));
		const out: { name: string; at: number; cells: TextCells }[] = [];
		if (to === from) return out;
		for (const sink of this.#sinks) {
			if (!sink.takeCells) continue;
			out.push({ name: sink.mapping.name, at: from, cells: sink.takeCells(from, to) });
			if (sink.release && !keep.has(sink.mapping.name)) sink.release(to);
		}
		this.#taken = to;
		return out;
	}

	/**
	 * A copy of rows [from, to) of a number, yes/no or category column, as finish() will give them (the rows
	 * must have been read); null for a text or date column, whose cells leave through takeTextCells.
	 */
	typedSlice(name: string, from: number, to: number): Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | null {
		if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from || to > this.#rowCount) throw new Error(`invalid rows [${from}, ${to}); ${this.#rowCount} read`);
		const sink = this.#sinks.find((s) => s.mapping.name === name);
		if (!sink) throw new Error(`no column "${name}" is read`);
		return sink.slice ? sink.slice(from, to) : null;
	}

	/** Bytes each row takes in the typed columns (and the row numbers) that reserve() makes room in. */
	get rowBytes(): number {
		let bytes = 4;
		for (const { mapping } of this.#sinks) bytes += mapping.type === 'number' ? 8 : mapping.type === 'text' ? 0 : 4;
		return bytes;
	}

	/**
	 * Makes room for `rows` rows in all at once (a big file's expected rows), so its columns are not grown
	 * by doubling, which copies each of them ~20 times over. A hint: rows past it still fit.
	 */
	reserve(rows: number): void {
		if (!Number.isInteger(rows) || rows < 0) throw new Error(`invalid rows; not an integer ≥ 0: ${rows}`);
		this.#ensure(rows);
	}

	#ensure(capacity: number): void {
		if (capacity <= this.#capacity) return;
		const next = Math.max(capacity, this.#capacity * 2, 64);
		for (const sink of this.#sinks) sink.grow(next);
		const rows = new Int32Array(next);
		rows.set(this.#sourceRows);
		this.#sourceRows = rows;
		this.#capacity = next;
	}

	/** Adds a chunk; `firstRowNumber` is the spreadsheet row of rows[0] (the first data row after the header is 2). */
	addRows(rows: string[][], firstRowNumber: number): void {
		this.addRecords(recordsOf(rows), firstRowNumber);
	}

	/**
	 * Adds records `from` … `records.count - 1` of a chunk; `firstRowNumber` is the spreadsheet row of record
	 * `from`. Records are read from their text: a string is made only for the cells that need one.
	 * `unclosed`: the index of a record whose last field opens a quote never closed (the file's last record),
	 * skipped with every line it swallowed counted as read and skipped.
	 */
	addRecords(records: Records, firstRowNumber: number, from = 0, unclosed = -1): void {
		if (this.#finished) throw new Error('ColumnBuilder: addRows after finish');
		if (!Number.isInteger(firstRowNumber) || firstRowNumber < 2) throw new Error(`invalid firstRowNumber; not an integer ≥ 2: ${firstRowNumber}`);
		if (!Number.isInteger(from) || from < 0 || from > records.count) throw new Error(`invalid from; not in [0, ${records.count}]: ${from}`);
		const length = records.count - from;
		this.#ensure(this.#rowCount + length);
		if (this.#kept.length < records.count) this.#kept = new Int32Array(Math.max(records.count, this.#kept.length * 2));
		const room = MAX_LISTED_PROBLEMS - this.#problems.length;
		const pending: Pending[] = [];
		const kept = this.#kept;
		const at = this.#rowCount;
		const fieldCount = this.#fieldCount;
		const { text, first, start, end } = records;
		let count = 0;
		for (let r = from; r < records.count; r++) {
			const i = r - from;
			const cells = first[r + 1] - first[r];
			// Most records: the header's field count and a first cell that is not blank (see isBlank). Any
			// other record is looked at as strings, as papaparse would have given it.
			const c = first[r];
			const head = start[c] < end[c] ? text.charCodeAt(start[c]) : 0;
			if (r === unclosed) {
				const { problem, lines } = unclosedQuoteProblem(recordAt(records, r), firstRowNumber + i, this.#delimiter, this.#names);
				this.#rowsRead += lines;
				this.#rowsSkipped += lines;
				this.#problemCount++;
				if (pending.length < room) pending.push({ order: i * (fieldCount + 1), problem });
				continue;
			}
			if (cells !== fieldCount || head <= 32 || head >= 127) {
				const row = recordAt(records, r);
				if (isEmptyRow(row)) continue;
				if (!rowFits(row, fieldCount)) {
					this.#rowsRead++;
					this.#rowsSkipped++;
					this.#problemCount++;
					if (pending.length < room) {
						const message = raggedMessage(row, fieldCount);
						const problem: ImportProblem = { row: firstRowNumber + i, column: '', value: cut(row.join(this.#delimiter)), message, action: 'row skipped' };
						pending.push({ order: i * (fieldCount + 1), problem });
					}
					continue;
				}
			}
			this.#rowsRead++;
			this.#sourceRows[at + count] = firstRowNumber + i;
			kept[count++] = r;
		}
		const reports = this.#sinks.map(({ mapping: { name, index } }): Report => {
			// Each column lists at most `room` problems of this chunk, so the chunk's first `room` are all here.
			let listed = 0;
			return (k, value, message) => {
				this.#problemCount++;
				if (listed++ >= room) return;
				const i = kept[k] - from;
				const problem: ImportProblem = { row: firstRowNumber + i, column: name, value: cut(value), message, action: 'treated as missing' };
				pending.push({ order: i * (fieldCount + 1) + index + 1, problem });
			};
		});
		// Column by column within a band of rows: the band's cells stay in the CPU cache while every column
		// reads them.
		for (let band = 0; band < count; band += BAND_ROWS) {
			const to = Math.min(count, band + BAND_ROWS);
			for (let s = 0; s < this.#sinks.length; s++) this.#sinks[s].read(records, kept, band, to, at, reports[s]);
		}
		this.#rowCount += count;
		if (pending.length === 0) return;
		pending.sort((a, b) => a.order - b.order);
		for (let p = 0; p < Math.min(room, pending.length); p++) this.#problems.push(pending[p].problem);
	}

	/**
	 * The rows read, as a part another builder of the same mapping can append (instead of finish(); the
	 * builder is done after it). Its text cells must not have been taken.
	 */
	part(): BuilderPart {
		if (this.#finished) throw new Error('ColumnBuilder: part after finish');
		if (this.#taken > 0) throw new Error('ColumnBuilder: part after takeTextCells');
		this.#finished = true;
		const n = this.#rowCount;
		return {
			rowCount: n,
			columns: this.#sinks.map((sink) => sink.part(n)),
			sourceRows: this.#sourceRows.slice(0, n),
			problems: this.#problems,
			problemCount: this.#problemCount,
			rowsRead: this.#rowsRead,
			rowsSkipped: this.#rowsSkipped
		};
	}

	/**
	 * Appends the rows another builder of the same mapping read (its part()) after the rows read here, as if
	 * they had been read here: `firstRowNumber` is the spreadsheet row of the part's first record. Codes join
	 * this builder's levels (a new level in the part's first-seen order), problems are numbered on and listed
	 * up to MAX_LISTED_PROBLEMS in row order, totals add up, and takeTextCells hands the new text cells on.
	 */
	append(part: BuilderPart, firstRowNumber: number): void {
		if (this.#finished) throw new Error('ColumnBuilder: append after finish');
		if (!Number.isInteger(firstRowNumber) || firstRowNumber < 2) throw new Error(`invalid firstRowNumber; not an integer ≥ 2: ${firstRowNumber}`);
		if (part.columns.length !== this.#sinks.length) throw new Error(`invalid part; ${part.columns.length} columns, not ${this.#sinks.length}`);
		const n = part.rowCount;
		const shift = firstRowNumber - 2;
		const at = this.#rowCount;
		this.#ensure(at + n);
		for (let s = 0; s < this.#sinks.length; s++) this.#sinks[s].append(part.columns[s], at);
		for (let k = 0; k < n; k++) this.#sourceRows[at + k] = part.sourceRows[k] + shift;
		const room = MAX_LISTED_PROBLEMS - this.#problems.length;
		for (let p = 0; p < Math.min(room, part.problems.length); p++) {
			const problem = part.problems[p];
			this.#problems.push({ ...problem, row: problem.row + shift, ...(problem.lastRow === undefined ? {} : { lastRow: problem.lastRow + shift }) });
		}
		this.#problemCount += part.problemCount;
		this.#rowsRead += part.rowsRead;
		this.#rowsSkipped += part.rowsSkipped;
		this.#rowCount += n;
	}

	/**
	 * The columns trimmed to the rows read (fresh buffers, safe to transfer), with problems and totals. A text
	 * column whose cells takeTextCells forgot comes empty.
	 */
	finish(): ParsedColumns {
		if (this.#finished) throw new Error('ColumnBuilder: finish called twice');
		this.#finished = true;
		const n = this.#rowCount;
		const columns: Record<string, Column> = {};
		for (const sink of this.#sinks) {
			// Defined, not assigned, so a column named "__proto__" is an ordinary key.
			Object.defineProperty(columns, sink.mapping.name, { value: sink.finish(n), enumerable: true, writable: true, configurable: true });
		}
		const sourceRows = trimmed(this.#sourceRows, n);
		const arr = this.#sinks.find((sink) => sink.mapping.role === 'arr')?.currencies?.();
		return {
			rowCount: n,
			columns,
			sourceRows,
			...(arr ? { arrCurrencies: arr.map(({ currency, at, value }) => ({ currency, row: sourceRows[at], value: cut(value) })) } : {}),
			problems: this.#problems,
			problemCount: this.#problemCount,
			rowsRead: this.#rowsRead,
			rowsSkipped: this.#rowsSkipped
		};
	}
}
