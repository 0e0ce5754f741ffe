/**
 * The CSV reader's WebAssembly (wasm/records.as.ts): tokenize() of a piece of text read from its UTF-8 bytes
 * with SIMD, and the plain numbers of the number columns read there too, in one pass over bytes instead of a
 * JavaScript loop over characters per cell and per number. The records come back as ranges of the same
 * string, so everything after (spellings, text cells, papaparse for what it refuses) reads as before.
 *
 * The module is compiled on first use; where it cannot be (a host whose Content-Security-Policy forbids
 * WebAssembly), `wasmRecords` is null and the reader tokenizes in JavaScript, with the same results.
 */
import binary from 'virtual:csv-records-wasm';
import type { LineBreak, RecordNumbers, Records } from './tokenize';

interface Exports {
	memory: WebAssembly.Memory;
	base(): number;
	cells(): number;
	cursor(): number;
	tokenize(input: number, n: number, delim: number, nl0: number, nl1: number, last: boolean, first: number, start: number, end: number, escaped: number, bstart: number, bend: number): number;
	numbers(input: number, count: number, first: number, bstart: number, bend: number, columns: number, m: number, decimalComma: boolean, out: number): void;
}

const PAGE = 65536;
/** Room after the text: the SIMD scan reads up to 15 bytes past its end. */
const PAD = 16;

function align(at: number, to: number): number {
	return Math.ceil(at / to) * to;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
	const chars = atob(text);
	const bytes = new Uint8Array(chars.length);
	for (let i = 0; i < chars.length; i++) bytes[i] = chars.charCodeAt(i);
	return bytes;
}

/** Reads records and numbers with the module; one per thread, its memory reused from one piece to the next. */
export class WasmRecords {
	readonly #wasm: Exports;
	readonly #encoder = new TextEncoder();

	constructor(wasm: Exports) {
		this.#wasm = wasm;
	}

	/** Makes the memory at least `bytes` long. */
	#room(bytes: number): void {
		const memory = this.#wasm.memory;
		if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
	}

	/**
	 * tokenize(text, delimiter, newline, last) (tokenize.ts: the same records, cells, cursor, or null), plus the
	 * plain number of the fields `numberColumns` of each record (`numbers`). The result's arrays are views of the
	 * module's memory, valid until the next call: read it first.
	 */
	tokenize(text: string, delimiter: string, newline: LineBreak, last: boolean, numberColumns: Int32Array, decimalComma: boolean): (Records & { numbers: RecordNumbers }) | null {
		if (delimiter.length !== 1) throw new Error(`invalid delimiter; not one character: ${JSON.stringify(delimiter)}`);
		const wasm = this.#wasm;
		const chars = text.length;
		// UTF-8 takes at most 3 bytes per UTF-16 code unit; a record has at least one cell, a cell at least one
		// code unit but the last.
		const maxBytes = 3 * chars;
		const maxCells = chars + 2;
		const input = wasm.base();
		const first = align(input + maxBytes + PAD, 8);
		const start = first + 4 * (maxCells + 1);
		const end = start + 4 * maxCells;
		const bstart = end + 4 * maxCells;
		const bend = bstart + 4 * maxCells;
		const escaped = bend + 4 * maxCells;
		const columns = align(escaped + maxCells, 8);
		const out = align(columns + 4 * numberColumns.length, 8);
		this.#room(out);
		const { read, written } = this.#encoder.encodeInto(text, new Uint8Array(wasm.memory.buffer, input, maxBytes));
		if (read !== chars) throw new Error(`the text did not fit its buffer: ${read} of ${chars} code units encoded`);
		const nl1 = newline.length === 2 ? newline.charCodeAt(1) : -1;
		const count = wasm.tokenize(input, written, delimiter.charCodeAt(0), newline.charCodeAt(0), nl1, last, first, start, end, escaped, bstart, bend);
		if (count < 0) return null;
		const cells = wasm.cells();
		const cursor = wasm.cursor();
		const m = numberColumns.length;
		this.#room(out + 8 * count * m);
		const buffer = wasm.memory.buffer;
		new Int32Array(buffer, columns, m).set(numberColumns);
		wasm.numbers(input, count, first, bstart, bend, columns, m, decimalComma, out);
		return {
			text,
			count,
			first: new Int32Array(buffer, first, count + 1),
			start: new Int32Array(buffer, start, cells),
			end: new Int32Array(buffer, end, cells),
			escaped: new Uint8Array(buffer, escaped, cells),
			cursor,
			numbers: { values: new Float64Array(buffer, out, count * m), columns: numberColumns }
		};
	}
}

let instance: WasmRecords | null | undefined;

/** The module, compiled on first use; null where WebAssembly cannot run here (the reader then uses JavaScript). */
export function wasmRecords(): WasmRecords | null {
	if (instance !== undefined) return instance;
	try {
		const module = new WebAssembly.Module(decodeBase64(binary));
		instance = new WasmRecords(new WebAssembly.Instance(module, {}).exports as unknown as Exports);
	} catch {
		instance = null;
	}
	return instance;
}
