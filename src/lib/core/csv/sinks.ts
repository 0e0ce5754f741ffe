/** One growable typed store per imported column, each reading its cells in a tight monomorphic loop. */
import type { Column } from '../table';
import type { ColumnMapping, DateFormat } from './types';
import { isBlank, isMissingMarker, parseBoolean, parseDate, parseNumber, parsePlainNumber } from './values';

/** Reports a bad cell: index of the row within the chunk, the value as written, and what is wrong. */
export type Report = (k: number, value: string, message: string) => void;

/** Writes cells `rows[kept[k]][index]` for k < count at positions `at + k`. */
export interface Sink {
	readonly mapping: ColumnMapping;
	grow(capacity: number): void;
	read(rows: string[][], kept: Int32Array, count: number, at: number, report: Report): void;
	finish(n: number): Column;
}

const DATE_LABEL: Record<DateFormat, string> = { iso: 'yyyy-mm-dd', mdy: 'm/d/yyyy', dmy: 'd/m/yyyy' };

function growFloat(a: Float64Array<ArrayBuffer>, capacity: number): Float64Array<ArrayBuffer> {
	if (capacity <= a.length) return a;
	const b = new Float64Array(capacity);
	b.set(a);
	return b;
}

function growInt(a: Int32Array<ArrayBuffer>, capacity: number): Int32Array<ArrayBuffer> {
	if (capacity <= a.length) return a;
	const b = new Int32Array(capacity);
	b.set(a);
	return b;
}

class NumberSink implements Sink {
	#values = new Float64Array(0);
	constructor(
		readonly mapping: ColumnMapping,
		private readonly decimalComma: boolean
	) {}
	grow(capacity: number): void {
		this.#values = growFloat(this.#values, capacity);
	}
	read(rows: string[][], kept: Int32Array, count: number, at: number, report: Report): void {
		const values = this.#values;
		const j = this.mapping.index;
		const arr = this.mapping.role === 'arr';
		const decimalComma = this.decimalComma;
		for (let k = 0; k < count; k++) {
			const v = rows[kept[k]][j];
			let x = parsePlainNumber(v, decimalComma);
			if (x !== x && !isBlank(v) && !isMissingMarker(v)) {
				const parsed = parseNumber(v, decimalComma);
				if (parsed === null) report(k, v, 'not a number');
				else x = parsed;
			}
			if (arr && x < 0) {
				report(k, v, 'ARR cannot be negative');
				x = NaN;
			}
			values[at + k] = x;
		}
	}
	finish(n: number): Column {
		return { kind: 'number', values: this.#values.slice(0, n) };
	}
}

/** Yes/no as a category with levels ['No', 'Yes'], and any other category dictionary-encoded. */
class CodeSink implements Sink {
	#codes = new Int32Array(0);
	#dictionary = new Map<string, number>();
	#levels: string[] = [];
	constructor(readonly mapping: ColumnMapping) {
		if (mapping.type === 'boolean') this.#levels = ['No', 'Yes'];
	}
	grow(capacity: number): void {
		this.#codes = growInt(this.#codes, capacity);
	}
	read(rows: string[][], kept: Int32Array, count: number, at: number, report: Report): void {
		if (this.mapping.type === 'boolean') this.#readBooleans(rows, kept, count, at, report);
		else this.#readCategories(rows, kept, count, at);
	}
	#readBooleans(rows: string[][], kept: Int32Array, count: number, at: number, report: Report): void {
		const codes = this.#codes;
		const j = this.mapping.index;
		const message = this.mapping.role === 'outcome' ? 'not a churn outcome (yes/no)' : 'not yes/no';
		for (let k = 0; k < count; k++) {
			const v = rows[kept[k]][j];
			const b = parseBoolean(v);
			if (b !== null) codes[at + k] = b ? 1 : 0;
			else {
				codes[at + k] = -1;
				if (!isBlank(v) && !isMissingMarker(v)) report(k, v, message);
			}
		}
	}
	#readCategories(rows: string[][], kept: Int32Array, count: number, at: number): void {
		const codes = this.#codes;
		const dictionary = this.#dictionary;
		const j = this.mapping.index;
		for (let k = 0; k < count; k++) {
			const raw = rows[kept[k]][j];
			let code = dictionary.get(raw);
			if (code === undefined) {
				const v = raw.trim();
				code = v.length === 0 ? -1 : dictionary.get(v);
				if (code === undefined) {
					code = this.#levels.length;
					this.#levels.push(v);
					dictionary.set(v, code);
				}
				// Remember the untrimmed spelling too, so the next " Gold" is one lookup.
				dictionary.set(raw, code);
			}
			codes[at + k] = code;
		}
	}
	finish(n: number): Column {
		return { kind: 'category', codes: this.#codes.slice(0, n), levels: [...this.#levels] };
	}
}

/** Text kept as written (trimmed), and dates read in the mapping's format into ISO text. */
class TextSink implements Sink {
	#values: (string | null)[] = [];
	constructor(readonly mapping: ColumnMapping) {}
	grow(): void {}
	read(rows: string[][], kept: Int32Array, count: number, at: number, report: Report): void {
		const values = this.#values;
		const j = this.mapping.index;
		const format = this.mapping.type === 'date' ? this.mapping.dateFormat : undefined;
		for (let k = 0; k < count; k++) {
			const v = rows[kept[k]][j];
			if (isBlank(v)) values[at + k] = null;
			else if (format === undefined) values[at + k] = v.trim();
			else {
				const date = parseDate(v, format);
				if (date === null && !isMissingMarker(v)) report(k, v, `not a date in ${DATE_LABEL[format]}`);
				values[at + k] = date;
			}
		}
	}
	finish(n: number): Column {
		this.#values.length = n;
		return { kind: 'text', values: this.#values };
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
		case 'text':
			return new TextSink(mapping);
	}
}
