/**
 * The CSV reader's WebAssembly (wasm/records.as.ts): tokenize() of a piece of text read from its UTF-8 bytes
 * with SIMD; the plain numbers of the number columns read there too; and the codes of the yes/no, category and
 * date cells whose spelling was met before, looked up in a table of the spellings the column readers have
 * coded so far (they remember each new one). One pass over bytes instead of a JavaScript loop over characters
 * per cell, per number and per spelling. The records come back as ranges of the same string, so everything
 * after (new spellings, text cells, problems, papaparse for what it refuses) reads as before. A piece whose
 * bytes are ASCII is copied in as it is; any other is encoded from its text.
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
	dictionary(table: number, slots: number, arena: number, arenaSize: number): void;
	remember(column: number, input: number, length: number, code: number): number;
	codes(input: number, count: number, first: number, bstart: number, bend: number, escaped: number, columns: number, m: number, out: number): void;
	ascii(input: number, n: number): number;
}

/**
 * The spellings remembered (all yes/no, category and date columns of one file together): slots of the table
 * (half of them used at most) and bytes of their arena. A file with more distinct spellings than that reads the
 * others in JavaScript, as before.
 */
const SPELLING_SLOTS = 1 << 16;
const SPELLING_BYTES = 1 << 20;

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

/** A piece as the module read it: records with their numbers and codes, and where to remember new spellings. */
export type WasmRead = Records & Required<Pick<Records, 'numbers' | 'codes' | 'remember'>>;

/**
 * A text as `head` followed by the characters `tail` was decoded to, when that is known (a piece of a file and the
 * bytes it was decoded from); used only when those bytes are ASCII and as many as the characters.
 */
export interface RawText {
	head: string;
	tail: Uint8Array;
}

/** What a reader asks of each piece: the fields read as numbers, and those read as codes (yes/no, category, date). */
export interface RecordFields {
	numbers: Int32Array;
	codes: Int32Array;
}

/** Reads records, numbers and codes with the module; one per thread, its memory reused from one piece to the next. */
export class WasmRecords {
	readonly #wasm: Exports;
	readonly #encoder = new TextEncoder();
	/** The reader whose spellings the module remembers (another reader's start it afresh). */
	#owner: object | null = null;
	/** Where the spellings are: past base(), before what each piece lays out. */
	readonly #table: number;
	readonly #arena: number;
	readonly #pieceAt: number;
	/** Where the last piece's bytes and byte ranges are, for remember(). */
	#input = 0;
	#bstart: Int32Array = new Int32Array(0);
	#bend: Int32Array = new Int32Array(0);

	constructor(wasm: Exports) {
		this.#wasm = wasm;
		this.#table = align(wasm.base(), 8);
		this.#arena = this.#table + 8 * SPELLING_SLOTS;
		this.#pieceAt = align(this.#arena + SPELLING_BYTES, 16);
		this.#room(this.#pieceAt);
	}

	/** Makes the memory at least `bytes` long. */
	#room(bytes: number): void {
		const memory = this.#wasm.memory;
		if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
	}

	/**
	 * tokenize(text, delimiter, newline, last) (tokenize.ts: the same records, cells, cursor, or null), plus the
	 * plain number of the fields `fields.numbers` of each record (`numbers`) and the remembered code of the
	 * fields `fields.codes` (`codes`; `remember` adds one). The spellings remembered are `owner`'s (a reader):
	 * another owner starts with none. `raw`: the bytes of the text's end, when known (see RawText). The result's
	 * arrays are views of the module's memory, valid until the next call: read it first.
	 */
	tokenize(text: string, delimiter: string, newline: LineBreak, last: boolean, fields: RecordFields, decimalComma: boolean, owner: object, raw?: RawText): WasmRead | null {
		if (delimiter.length !== 1) throw new Error(`invalid delimiter; not one character: ${JSON.stringify(delimiter)}`);
		const wasm = this.#wasm;
		if (owner !== this.#owner) {
			wasm.dictionary(this.#table, SPELLING_SLOTS, this.#arena, SPELLING_BYTES);
			this.#owner = owner;
		}
		const chars = text.length;
		// UTF-8 takes at most 3 bytes per UTF-16 code unit; a record has at least one cell, a cell at least one
		// code unit but the last.
		const maxBytes = 3 * chars;
		const maxCells = chars + 2;
		const numberColumns = fields.numbers;
		const codeColumns = fields.codes;
		const input = this.#pieceAt;
		const first = align(input + maxBytes + PAD, 8);
		const start = first + 4 * (maxCells + 1);
		const end = start + 4 * maxCells;
		const bstart = end + 4 * maxCells;
		const bend = bstart + 4 * maxCells;
		const escaped = bend + 4 * maxCells;
		const columns = align(escaped + maxCells, 8);
		const codeFields = columns + 4 * numberColumns.length;
		const out = align(codeFields + 4 * codeColumns.length, 8);
		this.#room(out);
		const written = this.#encode(text, input, maxBytes, raw);
		const nl1 = newline.length === 2 ? newline.charCodeAt(1) : -1;
		const count = wasm.tokenize(input, written, delimiter.charCodeAt(0), newline.charCodeAt(0), nl1, last, first, start, end, escaped, bstart, bend);
		if (count < 0) return null;
		const cells = wasm.cells();
		const cursor = wasm.cursor();
		const m = numberColumns.length;
		const codesOut = out + 8 * count * m;
		this.#room(codesOut + 4 * count * codeColumns.length);
		const buffer = wasm.memory.buffer;
		new Int32Array(buffer, columns, m).set(numberColumns);
		new Int32Array(buffer, codeFields, codeColumns.length).set(codeColumns);
		wasm.numbers(input, count, first, bstart, bend, columns, m, decimalComma, out);
		wasm.codes(input, count, first, bstart, bend, escaped, codeFields, codeColumns.length, codesOut);
		this.#input = input;
		this.#bstart = new Int32Array(buffer, bstart, cells);
		this.#bend = new Int32Array(buffer, bend, cells);
		return {
			text,
			count,
			first: new Int32Array(buffer, first, count + 1),
			start: new Int32Array(buffer, start, cells),
			end: new Int32Array(buffer, end, cells),
			escaped: new Uint8Array(buffer, escaped, cells),
			cursor,
			numbers: { values: new Float64Array(buffer, out, count * m), columns: numberColumns },
			codes: { values: new Int32Array(buffer, codesOut, count * codeColumns.length), columns: codeColumns },
			remember: (field, cell, code) => this.#remember(field, cell, code)
		};
	}

	/**
	 * Puts the UTF-8 bytes of `text` at `input` and returns how many: `raw`'s bytes as they are when they are
	 * ASCII (then they are its characters, one for one: a copy instead of encoding a megabyte of text), else
	 * encoded from the text.
	 */
	#encode(text: string, input: number, maxBytes: number, raw: RawText | undefined): number {
		const memory = this.#wasm.memory;
		if (raw && raw.head.length + raw.tail.length === text.length) {
			const { read, written } = this.#encoder.encodeInto(raw.head, new Uint8Array(memory.buffer, input, maxBytes));
			if (read === raw.head.length) {
				new Uint8Array(memory.buffer, input + written, raw.tail.length).set(raw.tail);
				if (this.#wasm.ascii(input + written, raw.tail.length)) return written + raw.tail.length;
			}
		}
		const { read, written } = this.#encoder.encodeInto(text, new Uint8Array(memory.buffer, input, maxBytes));
		if (read !== text.length) throw new Error(`the text did not fit its buffer: ${read} of ${text.length} code units encoded`);
		return written;
	}

	/** Remembers `code` for the spelling of cell `cell` of the last piece (field `field`), for the pieces after it. */
	#remember(field: number, cell: number, code: number): void {
		const from = this.#bstart[cell];
		this.#wasm.remember(field, this.#input + from, this.#bend[cell] - from, code);
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
