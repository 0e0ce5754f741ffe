/** One growable typed store per imported column, each reading its cells in a tight monomorphic loop. */
import { MISSING_CODE, type Column } from '../table';
import { currencyOfCell } from '../currency';
import type { ColumnMapping } from './types';
import { Spellings, UNKNOWN } from './spellings';
import type { PackedText } from '../text-values';
import { appendCodes, DateSink, partOf, TextSink } from './text-sinks';
import { cellText, codesOf, type Records } from './tokenize';
import { isBlank, isMissingMarker, parseBoolean, parseNumber, parsePlainNumberAt } from './values';

/** The first cell of one currency in an ARR column: its currency, position in the column (row kept), and value. */
export interface SunkCurrency {
	currency: string;
	at: number;
	value: string;
}

/** Reports a bad cell: index of the row within the chunk, the value as written, and what is wrong. */
export type Report = (k: number, value: string, message: string) => void;

/**
 * The cells of rows [from, to) of a text or date column: as they are, or (dates) as codes into the column's
 * distinct values, of which `levels` are the ones not handed over before, from code `firstLevel` on.
 */
export type TextCells = { values: (string | null)[] } | { codes: Int32Array<ArrayBuffer>; levels: string[]; firstLevel: number };

/**
 * A column's rows as one reader read them, to append to another reader's column (a file read in two halves,
 * see ColumnBuilder.append): numbers as they are; yes/no, category and date codes with that reader's own
 * levels in its first-seen order; text cells as they are. Plain data, so it can be posted between workers.
 */
export type SinkPart =
	| { kind: 'number'; values: Float64Array<ArrayBuffer>; currencies?: SunkCurrency[] }
	| { kind: 'codes'; codes: Int32Array<ArrayBuffer>; levels: string[] }
	/** Packed: one string, where a second worker's part of a big file would be ~800,000 strings to clone. */
	| { kind: 'text'; packed: PackedText };

/**
 * Writes the cells `index` of records `kept[k]` for `from ≤ k < to` at positions `at + k`. Every record
 * kept has at least `index + 1` cells.
 */
export interface Sink {
	readonly mapping: ColumnMapping;
	grow(capacity: number): void;
	read(records: Records, kept: Int32Array, from: number, to: number, at: number, report: Report): void;
	finish(n: number): Column;
	/** The ARR column's sink: the first cell of each currency its values are written in, in row order. */
	currencies?(): SunkCurrency[];
	/** Text and date sinks: a copy of the cells of rows [from, to) to pass on while reading; ranges are taken once, in order. */
	takeCells?(from: number, to: number): TextCells;
	/** Text sinks: forget the cells of the rows before `row` (handed on already); finish() then gives no cells. */
	release?(row: number): void;
	/** Number and code sinks: a copy of the values (codes) of rows [from, to) read so far, as finish() will give them. */
	slice?(from: number, to: number): Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer>;
	/** The first `n` rows read, as a part another sink of the same mapping can append. */
	part(n: number): SinkPart;
	/** Writes the rows of `part` (from a sink of the same mapping) at positions `at` …; room is grown first. */
	append(part: SinkPart, at: number): void;
}

function growFloat(a: Float64Array<ArrayBuffer>, capacity: number): Float64Array<ArrayBuffer> {
	if (capacity <= a.length) return a;
	const b = new Float64Array(capacity);
	b.set(a);
	return b;
}

/**
 * The first `n` values of a finished store: the store itself, cut to length, when the room left over is at
 * most an eighth (a big file's columns were made their expected length at once, ~5 % over); a copy otherwise
 * (room doubled for a small file is not kept). A million-row file's number columns are then not copied again
 * as reading ends: 8 MB each, on the thread everything waits for.
 */
export function trimmed<T extends Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer>>(a: T, n: number): T {
	return (a.length - n <= n >> 3 ? a.subarray(0, n) : a.slice(0, n)) as T;
}

function growInt(a: Int32Array<ArrayBuffer>, capacity: number): Int32Array<ArrayBuffer> {
	if (capacity <= a.length) return a;
	const b = new Int32Array(capacity);
	b.set(a);
	return b;
}

class NumberSink implements Sink {
	#values = new Float64Array(0);
	/** ARR only: the first cell of each currency met (a plain number names none, and never gets here). */
	#currencies: SunkCurrency[] = [];
	constructor(
		readonly mapping: ColumnMapping,
		private readonly decimalComma: boolean
	) {}
	grow(capacity: number): void {
		this.#values = growFloat(this.#values, capacity);
	}
	read(records: Records, kept: Int32Array, from: number, to: number, at: number, report: Report): void {
		const values = this.#values;
		const j = this.mapping.index;
		const arr = this.mapping.role === 'arr';
		const decimalComma = this.decimalComma;
		// This column's plain numbers, already read with the records (in WebAssembly), when they were.
		const slot = records.numbers ? records.numbers.columns.indexOf(j) : -1;
		if (records.numbers && slot >= 0) {
			const read = records.numbers.values.subarray(slot * records.count, (slot + 1) * records.count);
			for (let k = from; k < to; k++) {
				const x = read[kept[k]];
				// Any other cell (empty, not plain, a negative ARR) is read as below.
				values[at + k] = x === x && !(arr && x < 0) ? x : this.#cell(records, records.first[kept[k]] + j, k, at, report, x);
			}
			return;
		}
		const { text, start, end } = records;
		for (let k = from; k < to; k++) {
			const c = records.first[kept[k]] + j;
			// A plain number read from the text, no string made; an empty cell is missing; anything else (and a
			// quoted cell with doubled quotes, which never reads as plain) takes the full parser.
			const x = start[c] === end[c] ? NaN : parsePlainNumberAt(text, start[c], end[c], decimalComma);
			values[at + k] = x === x && !(arr && x < 0) ? x : this.#cell(records, c, k, at, report, x);
		}
	}
	/** The value of cell `c` (row `k`) whose plain reading is `plain`: NaN (missing, or not a number, reported), or a negative ARR (reported). */
	#cell(records: Records, c: number, k: number, at: number, report: Report, plain: number): number {
		let x = plain;
		if (x !== x && records.start[c] !== records.end[c]) {
			const v = cellText(records, c);
			if (!isBlank(v) && !isMissingMarker(v)) {
				const parsed = parseNumber(v, this.decimalComma);
				if (parsed === null) report(k, v, 'not a number');
				else {
					x = parsed;
					if (this.mapping.role === 'arr') this.#noteCurrency(v, at + k);
				}
			}
		}
		if (this.mapping.role === 'arr' && x < 0) {
			report(k, cellText(records, c), 'ARR cannot be negative');
			x = NaN;
		}
		return x;
	}
	#noteCurrency(value: string, at: number): void {
		const currency = currencyOfCell(value);
		if (currency !== null && !this.#currencies.some((c) => c.currency === currency)) this.#currencies.push({ currency, at, value });
	}
	currencies(): SunkCurrency[] {
		return this.#currencies;
	}
	slice(from: number, to: number): Float64Array<ArrayBuffer> {
		return this.#values.slice(from, to);
	}
	part(n: number): SinkPart {
		return { kind: 'number', values: this.#values.slice(0, n), currencies: this.#currencies.map((c) => ({ ...c })) };
	}
	append(part: SinkPart, at: number): void {
		const { values, currencies = [] } = partOf(part, 'number', this.mapping);
		this.#values.set(values, at);
		// The part's rows come after this sink's: a currency met here already keeps its first cell.
		for (const c of currencies) if (!this.#currencies.some((mine) => mine.currency === c.currency)) this.#currencies.push({ ...c, at: c.at + at });
	}
	finish(n: number): Column {
		return { kind: 'number', values: trimmed(this.#values, n) };
	}
}

/** Code of a yes/no cell that is neither: missing, and reported every time it is met. */
const NOT_YES_NO = -2;

/** Yes/no as a category with levels ['No', 'Yes'], and any other category dictionary-encoded. */
class CodeSink implements Sink {
	#codes = new Int32Array(0);
	#spellings = new Spellings();
	/** Category level (trimmed) → code. */
	#levelOf = new Map<string, number>();
	#levels: string[] = [];
	constructor(readonly mapping: ColumnMapping) {
		if (mapping.type === 'boolean') this.#levels = ['No', 'Yes'];
	}
	grow(capacity: number): void {
		this.#codes = growInt(this.#codes, capacity);
	}
	read(records: Records, kept: Int32Array, from: number, to: number, at: number, report: Report): void {
		if (this.mapping.type === 'boolean') this.#readBooleans(records, kept, from, to, at, report);
		else this.#readCategories(records, kept, from, to, at);
	}
	#readBooleans(records: Records, kept: Int32Array, from: number, to: number, at: number, report: Report): void {
		const codes = this.#codes;
		const spellings = this.#spellings;
		const j = this.mapping.index;
		const message = this.mapping.role === 'outcome' ? 'not a churn outcome (yes/no)' : 'not yes/no';
		const { text, first, start, end, escaped } = records;
		const known = codesOf(records, j);
		for (let k = from; k < to; k++) {
			const c = first[kept[k]] + j;
			// Looked up with the records (WebAssembly), else here. A cell with doubled quotes is not the text it
			// covers: it is read as a string, never remembered.
			let code = known ? known[kept[k]] : UNKNOWN;
			if (code === UNKNOWN) {
				if (!escaped[c]) code = spellings.get(text, start[c], end[c]);
				if (code === UNKNOWN) {
					const v = cellText(records, c);
					const b = parseBoolean(v);
					code = b !== null ? Number(b) : isBlank(v) || isMissingMarker(v) ? MISSING_CODE : NOT_YES_NO;
					if (!escaped[c]) spellings.set(v, code);
				}
				if (known && !escaped[c]) records.remember?.(j, c, code);
			}
			if (code === NOT_YES_NO) {
				report(k, cellText(records, c), message);
				code = MISSING_CODE;
			}
			codes[at + k] = code;
		}
	}
	#readCategories(records: Records, kept: Int32Array, from: number, to: number, at: number): void {
		const codes = this.#codes;
		const spellings = this.#spellings;
		const j = this.mapping.index;
		const { text, first, start, end, escaped } = records;
		const known = codesOf(records, j);
		for (let k = from; k < to; k++) {
			let code = known ? known[kept[k]] : UNKNOWN;
			if (code !== UNKNOWN) {
				codes[at + k] = code;
				continue;
			}
			const c = first[kept[k]] + j;
			if (!escaped[c]) code = spellings.get(text, start[c], end[c]);
			if (code === UNKNOWN) {
				const raw = cellText(records, c);
				code = this.#levelCode(raw.trim());
				// Remember the untrimmed spelling too, so the next " Gold" is one lookup.
				if (!escaped[c]) spellings.set(raw, code);
			}
			if (known && !escaped[c]) records.remember?.(j, c, code);
			codes[at + k] = code;
		}
	}
	#levelCode(v: string): number {
		if (v.length === 0) return MISSING_CODE;
		let code = this.#levelOf.get(v);
		if (code === undefined) {
			code = this.#levels.length;
			this.#levels.push(v);
			this.#levelOf.set(v, code);
		}
		return code;
	}
	slice(from: number, to: number): Int32Array<ArrayBuffer> {
		return this.#codes.slice(from, to);
	}
	part(n: number): SinkPart {
		return { kind: 'codes', codes: this.#codes.slice(0, n), levels: [...this.#levels] };
	}
	append(part: SinkPart, at: number): void {
		const { codes, levels } = partOf(part, 'codes', this.mapping);
		if (this.mapping.type === 'boolean') {
			// Both sides' levels are ['No', 'Yes']: the codes are the same.
			if (levels.length !== 2 || levels[0] !== 'No' || levels[1] !== 'Yes') throw new Error(`invalid part for "${this.mapping.name}"; yes/no levels ${JSON.stringify(levels)}`);
			this.#codes.set(codes, at);
			return;
		}
		// Levels are kept trimmed and non-empty, so #levelCode finds each or adds it.
		appendCodes(this.#codes, { codes, levels }, at, (level) => this.#levelCode(level));
	}
	finish(n: number): Column {
		return { kind: 'category', codes: trimmed(this.#codes, n), levels: [...this.#levels] };
	}
}

/** The store for one mapped column. */
export function sinkFor(mapping: ColumnMapping, decimalComma: boolean): Sink {
	switch (mapping.type) {
		case 'number':
			return new NumberSink(mapping, decimalComma);
		case 'boolean':
		case 'category':
			return new CodeSink(mapping);
		case 'date':
			return new DateSink(mapping);
		case 'text':
			return new TextSink(mapping);
	}
}
