/**
 * The cells of CSV records as ranges of the text they were read from. The column builders read numbers and
 * repeated spellings straight from the text, so a million-row file no longer makes a string per cell.
 *
 * `tokenize` reads what papaparse reads the same way: fields quoted or not, doubled quotes inside quotes,
 * line breaks inside quotes, the file's one line break (papaparse's `newline`). For anything else — a closing
 * quote followed by something other than the delimiter or the line break, or a quote never closed in the last
 * piece of the file — it returns null and the caller hands the same text to papaparse, so every file reads
 * exactly as papaparse reads it (test/core/csv/tokenize.test.ts checks the two agree).
 */

/** Records of a piece of text: record r has cells first[r] … first[r + 1] - 1; cell c is text[start[c], end[c]). */
export interface Records {
	text: string;
	count: number;
	first: Int32Array;
	start: Int32Array;
	end: Int32Array;
	/** 1 for a quoted cell with doubled quotes ("") to read as one. */
	escaped: Uint8Array;
	/** Characters of `text` read: the records end there, the rest is a record cut off by the end of the piece. */
	cursor: number;
	/** The plain numbers of the number columns, when the reader read them with the records (records-wasm.ts). */
	numbers?: RecordNumbers;
	/**
	 * The codes of the yes/no, category and date columns' cells whose spelling was remembered (UNKNOWN, see
	 * spellings.ts, for the others), when the reader read them with the records (records-wasm.ts).
	 */
	codes?: RecordNumbers<Int32Array>;
	/** Remembers the code of a cell's spelling (field, cell), for the pieces after this one (with `codes`). */
	remember?: (field: number, cell: number, code: number) => void;
}

/**
 * The plain number of some fields of each record, column by column: values[s * count + r] is field columns[s] of
 * record r, as parsePlainNumberAt reads it (NaN for a cell that is not a plain number, or a record without that field).
 */
export interface RecordNumbers<Values extends Float64Array | Int32Array = Float64Array> {
	values: Values;
	columns: Int32Array;
}

export type LineBreak = '\n' | '\r\n' | '\r';

const QUOTE = 34;

/** Growable cell and record buffers, reused from one piece of text to the next. */
class Buffers {
	first = new Int32Array(1024);
	start = new Int32Array(16384);
	end = new Int32Array(16384);
	escaped = new Uint8Array(16384);

	growCells(): void {
		const n = this.start.length * 2;
		this.start = copy(this.start, new Int32Array(n));
		this.end = copy(this.end, new Int32Array(n));
		const escaped = new Uint8Array(n);
		escaped.set(this.escaped);
		this.escaped = escaped;
	}

	growRecords(): void {
		this.first = copy(this.first, new Int32Array(this.first.length * 2));
	}
}

function copy(from: Int32Array, to: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
	to.set(from);
	return to;
}

const shared = new Buffers();

/**
 * The complete records of `text` (all of it when `last`; otherwise up to the last line break outside quotes),
 * or null when the text needs papaparse. The result's arrays are reused by the next call: read it first.
 */
export function tokenize(text: string, delimiter: string, newline: LineBreak, last: boolean): Records | null {
	if (delimiter.length !== 1) throw new Error(`invalid delimiter; not one character: ${JSON.stringify(delimiter)}`);
	const b = shared;
	const n = text.length;
	const delim = delimiter.charCodeAt(0);
	const nl0 = newline.charCodeAt(0);
	const nl1 = newline.length === 2 ? newline.charCodeAt(1) : -1;
	const nlLength = newline.length;
	let cells = 0;
	let count = 0;
	let cursor = 0;
	b.first[0] = 0;
	// papaparse reads nothing from empty text (not even one empty record).
	let i = n === 0 ? -1 : 0;
	let nextDelim = text.indexOf(delimiter);
	let nextBreak = text.indexOf(newline);
	while (i >= 0) {
		if (cells + 1 >= b.start.length) b.growCells();
		let cellStart = i;
		let cellEnd: number;
		let escaped = 0;
		let next: number;
		let endsRecord: boolean;
		/** The cell ends at the end of the text, with no line break after it: the last record of the last piece. */
		let atEnd = false;
		if (i < n && text.charCodeAt(i) === QUOTE) {
			cellStart = i + 1;
			let from = i + 1;
			for (;;) {
				const q = text.indexOf('"', from);
				// Unclosed: cut off by the end of this piece, or (in the last) for papaparse to report.
				if (q < 0) return last ? null : done(b, text, count, cursor);
				if (q === n - 1) {
					if (!last) return done(b, text, count, cursor);
					cellEnd = q;
					next = n;
					endsRecord = true;
					atEnd = true;
					break;
				}
				const c = text.charCodeAt(q + 1);
				if (c === QUOTE) {
					escaped = 1;
					from = q + 2;
					continue;
				}
				cellEnd = q;
				if (c === delim) {
					next = q + 2;
					endsRecord = false;
				} else if (c === nl0 && (nl1 < 0 || text.charCodeAt(q + 2) === nl1)) {
					next = q + 1 + nlLength;
					endsRecord = true;
				} else return null;
				break;
			}
		} else {
			// The next delimiter and line break, found by indexOf (a native scan) and kept until passed.
			if (nextDelim >= 0 && nextDelim < i) nextDelim = text.indexOf(delimiter, i);
			if (nextBreak >= 0 && nextBreak < i) nextBreak = text.indexOf(newline, i);
			if (nextBreak < 0 && nextDelim < 0) {
				if (!last) return done(b, text, count, cursor);
				cellEnd = n;
				next = n;
				endsRecord = true;
				atEnd = true;
			} else if (nextDelim >= 0 && (nextDelim < nextBreak || nextBreak < 0)) {
				cellEnd = nextDelim;
				endsRecord = false;
				next = nextDelim + 1;
			} else {
				cellEnd = nextBreak;
				endsRecord = true;
				next = nextBreak + nlLength;
			}
		}
		b.start[cells] = cellStart;
		b.end[cells] = cellEnd;
		b.escaped[cells] = escaped;
		cells++;
		if (endsRecord) {
			count++;
			if (count + 1 >= b.first.length) b.growRecords();
			b.first[count] = cells;
			cursor = next;
			// Text that ends with a line break: in the last piece papaparse reads one more, empty record after it.
			if (atEnd || (next === n && !last)) break;
		}
		i = next;
	}
	return done(b, text, count, cursor);
}

function done(b: Buffers, text: string, count: number, cursor: number): Records {
	return { text, count, first: b.first, start: b.start, end: b.end, escaped: b.escaped, cursor };
}

/** Records already split into strings (papaparse's output, or a test's rows) as Records over one joined text. */
export function recordsOf(rows: readonly (readonly string[])[]): Records {
	let cells = 0;
	for (const row of rows) cells += row.length;
	const first = new Int32Array(rows.length + 1);
	const start = new Int32Array(cells);
	const end = new Int32Array(cells);
	const parts: string[] = [];
	let at = 0;
	let c = 0;
	for (let r = 0; r < rows.length; r++) {
		for (const value of rows[r]) {
			start[c] = at;
			at += value.length;
			end[c++] = at;
			parts.push(value);
		}
		first[r + 1] = c;
	}
	return { text: parts.join(''), count: rows.length, first, start, end, escaped: new Uint8Array(cells), cursor: 0 };
}

/**
 * Field `field`'s codes as looked up with the records (by record; UNKNOWN for a spelling not remembered), when
 * the reader looked them up (records-wasm.ts); else null.
 */
export function codesOf(records: Records, field: number): Int32Array | null {
	const read = records.codes;
	if (!read) return null;
	const slot = read.columns.indexOf(field);
	return slot < 0 ? null : read.values.subarray(slot * records.count, (slot + 1) * records.count);
}

/** Cell c as a string, doubled quotes read as one. */
export function cellText(records: Records, c: number): string {
	const s = records.text.slice(records.start[c], records.end[c]);
	return records.escaped[c] ? s.replaceAll('""', '"') : s;
}

/** Record r as strings. */
export function recordAt(records: Records, r: number): string[] {
	const row: string[] = [];
	for (let c = records.first[r]; c < records.first[r + 1]; c++) row.push(cellText(records, c));
	return row;
}
