/** The stores of text and date columns. Their cells can be copied out while reading, to hand on in steps. */
import { MISSING_CODE, type Column } from '../table';
import { checkPacked, packText, PackedTexts } from '../text-values';
import type { Report, Sink, SinkPart, TextCells } from './sinks';
import { Spellings, UNKNOWN } from './spellings';
import { cellText, codesOf, type Records } from './tokenize';
import type { ColumnMapping, DateFormat } from './types';
import { isBlank, isMissingMarker, parseDate } from './values';

const DATE_LABEL: Record<DateFormat, string> = { iso: 'yyyy-mm-dd', mdy: 'm/d/yyyy', dmy: 'd/m/yyyy' };
/** Code of a cell that is not a date: missing, and reported every time it is met. */
const NOT_A_DATE = -2;

/** The part's kind, or an error naming the column: a part from another mapping is a bug, never data. */
export function partOf<K extends SinkPart['kind']>(part: SinkPart, kind: K, mapping: ColumnMapping): Extract<SinkPart, { kind: K }> {
	if (part.kind !== kind) throw new Error(`invalid part for "${mapping.name}"; ${part.kind}, not ${kind}`);
	return part as Extract<SinkPart, { kind: K }>;
}

/**
 * Codes of `part` written at `at` in `codes`, each level of the part looked up (added when new, in the part's
 * first-seen order) by `codeOf`: the codes a sequential read would have given.
 */
export function appendCodes(codes: Int32Array, part: { codes: Int32Array; levels: readonly string[] }, at: number, codeOf: (level: string) => number): void {
	const map = new Int32Array(part.levels.length);
	for (let l = 0; l < part.levels.length; l++) map[l] = codeOf(part.levels[l]);
	const from = part.codes;
	for (let k = 0; k < from.length; k++) {
		const code = from[k];
		codes[at + k] = code < 0 ? code : map[code];
	}
}

/** Text kept as written (trimmed). Cells handed on can be released, so a worker need not keep them. */
export class TextSink implements Sink {
	#values: (string | null)[] = [];
	/** Row of #values[0]: rows before it were released. */
	#offset = 0;
	#released = false;
	constructor(readonly mapping: ColumnMapping) {}
	grow(): void {}
	read(records: Records, kept: Int32Array, from: number, to: number, at: number): void {
		const values = this.#values;
		const j = this.mapping.index;
		const base = at - this.#offset;
		const first = records.first;
		for (let k = from; k < to; k++) {
			const v = cellText(records, first[kept[k]] + j);
			// Printable ASCII at both ends: nothing to trim (most cells), so no call to trim().
			const head = v.charCodeAt(0);
			const tail = v.charCodeAt(v.length - 1);
			values[base + k] = head > 32 && head < 127 && tail > 32 && tail < 127 ? v : isBlank(v) ? null : v.trim();
		}
	}
	takeCells(from: number, to: number): TextCells {
		return { values: this.#values.slice(from - this.#offset, to - this.#offset) };
	}
	part(n: number): SinkPart {
		if (this.#offset > 0) throw new Error(`column "${this.mapping.name}": cells released, no part to give`);
		return { kind: 'text', packed: packText(this.#values, 0, n) };
	}
	append(part: SinkPart, at: number): void {
		const { packed } = partOf(part, 'text', this.mapping);
		checkPacked(packed, () => `invalid part for "${this.mapping.name}"`);
		const cells = new PackedTexts(packed);
		const into = this.#values;
		const base = at - this.#offset;
		for (let k = 0; k < cells.length; k++) into[base + k] = cells.at(k);
	}
	/** Forgets the cells of the rows before `row`; the column then comes empty from finish(). */
	release(row: number): void {
		this.#values = this.#values.slice(row - this.#offset);
		this.#offset = row;
		this.#released = true;
	}
	finish(n: number): Column {
		if (this.#released) return { kind: 'text', values: [] };
		this.#values.length = n;
		return { kind: 'text', values: this.#values };
	}
}

/** yyyy-mm-dd spellings remembered by number, as many as Spellings keeps (the code depends only on the spelling). */
const MAX_ISO_CODES = 1 << 16;

/**
 * The digits of text[at, at + 10) as the number yyyymmdd when it is written dddd-dd-dd, else -1. The number
 * stands for exactly that spelling, so it can stand in for it as a key.
 */
function isoKey(text: string, at: number): number {
	if (text.charCodeAt(at + 4) !== 45 || text.charCodeAt(at + 7) !== 45) return -1;
	let x = 0;
	for (let i = at; i < at + 10; i++) {
		if (i === at + 4 || i === at + 7) continue;
		const d = text.charCodeAt(i) - 48;
		if (d < 0 || d > 9) return -1;
		x = x * 10 + d;
	}
	return x;
}

/**
 * Dates read in the mapping's format into ISO text, stored as codes into the distinct dates: a column of a
 * million dates holds a few thousand strings, and each spelling is parsed once.
 */
export class DateSink implements Sink {
	#codes = new Int32Array(0);
	#levels: string[] = [];
	#levelOf = new Map<string, number>();
	#spellings = new Spellings();
	/** Code of each yyyy-mm-dd spelling met, by its digits as one number (see isoKey). */
	#isoCodes = new Map<number, number>();
	/** Levels handed over by takeCells. */
	#levelsTaken = 0;
	readonly #format: DateFormat;

	constructor(readonly mapping: ColumnMapping) {
		if (mapping.dateFormat === undefined) throw new Error(`invalid mapping for "${mapping.name}"; a date column without a format`);
		this.#format = mapping.dateFormat;
	}
	grow(capacity: number): void {
		if (capacity <= this.#codes.length) return;
		const codes = new Int32Array(capacity);
		codes.set(this.#codes);
		this.#codes = codes;
	}
	read(records: Records, kept: Int32Array, from: number, to: number, at: number, report: Report): void {
		const codes = this.#codes;
		const spellings = this.#spellings;
		const j = this.mapping.index;
		const isoCodes = this.#isoCodes;
		const iso = this.#format === 'iso';
		const { text, first, start, end, escaped } = records;
		// Spellings looked up with the records (WebAssembly), when they were.
		const known = codesOf(records, j);
		for (let k = from; k < to; k++) {
			const c = first[kept[k]] + j;
			let code = known ? known[kept[k]] : UNKNOWN;
			if (code === UNKNOWN) {
				// A cell written yyyy-mm-dd is looked up by its digits read once, without comparing spellings.
				const key = iso && end[c] - start[c] === 10 ? isoKey(text, start[c]) : -1;
				if (key >= 0) code = isoCodes.get(key) ?? UNKNOWN;
				// A cell with doubled quotes is not the text it covers: it is read as a string, never remembered.
				else if (!escaped[c]) code = spellings.get(text, start[c], end[c]);
				if (code === UNKNOWN) {
					const v = cellText(records, c);
					code = this.#code(v);
					if (key >= 0) {
						if (isoCodes.size < MAX_ISO_CODES) isoCodes.set(key, code);
					} else if (!escaped[c]) spellings.set(v, code);
				}
				if (known && !escaped[c]) records.remember?.(j, c, code);
			}
			if (code === NOT_A_DATE) {
				report(k, cellText(records, c), `not a date in ${DATE_LABEL[this.#format]}`);
				code = MISSING_CODE;
			}
			codes[at + k] = code;
		}
	}
	#code(v: string): number {
		if (isBlank(v)) return MISSING_CODE;
		const date = parseDate(v, this.#format);
		if (date === null) return isMissingMarker(v) ? MISSING_CODE : NOT_A_DATE;
		return this.#levelCode(date);
	}
	#levelCode(date: string): number {
		let code = this.#levelOf.get(date);
		if (code === undefined) {
			code = this.#levels.length;
			this.#levels.push(date);
			this.#levelOf.set(date, code);
		}
		return code;
	}
	part(n: number): SinkPart {
		return { kind: 'codes', codes: this.#codes.slice(0, n), levels: [...this.#levels] };
	}
	append(part: SinkPart, at: number): void {
		// Levels are ISO dates, each once: #levelCode finds each or adds it, as reading it would have.
		appendCodes(this.#codes, partOf(part, 'codes', this.mapping), at, (date) => this.#levelCode(date));
	}
	takeCells(from: number, to: number): TextCells {
		const firstLevel = this.#levelsTaken;
		this.#levelsTaken = this.#levels.length;
		return { codes: this.#codes.slice(from, to), levels: this.#levels.slice(firstLevel), firstLevel };
	}
	finish(n: number): Column {
		const levels = this.#levels;
		const codes = this.#codes;
		// Made at its length and filled in order (three times faster than a million pushes).
		const values = new Array<string | null>(n);
		for (let i = 0; i < n; i++) {
			const code = codes[i];
			values[i] = code < 0 ? null : levels[code];
		}
		return { kind: 'text', values };
	}
}
