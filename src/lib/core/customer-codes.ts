/**
 * Customer codes: each distinct customer ID gets an index, in order of first appearance (0, 1, 2, …), and each
 * row its customer's index (−1 for a row without an ID). The same numbering as a Map from ID to index, about
 * 2–3× faster on a million IDs (an open-addressing table of FNV-1a hashes over the characters, no Map growth),
 * and fed in slices, so the scoring worker codes a text ID column while the page is still sending it. Packed
 * cells are coded where they lie in their text: no string is made for a row, nor kept for a customer (in node,
 * a million IDs unpacked into strings and coded took 0.45–0.65 s, coded packed 0.26–0.48 s, and the strings
 * stayed for the scoring worker's collector to mark).
 */
import { PackedTexts, type PackedText } from './text-values';

const EMPTY = -1;

export class CustomerCoder {
	/** Per row, its customer index (−1 = no ID); rows not added yet are −1. */
	readonly codes: Int32Array;
	#count = 0;
	/** The texts the customers' IDs are in: packed texts as given, or an ID given as a string. */
	#texts: string[] = [];
	/**
	 * Per customer index c, at 3c … 3c + 2: which of #texts holds its ID, where the ID starts there, and its
	 * length (side by side, so that a lookup touches one place in memory).
	 */
	#keys: Int32Array;
	/**
	 * The hash table: at 2p, slot p's customer index + 1 (0 when free, so that a new table needs no filling: its
	 * pages are touched as customers come, not all at once); at 2p + 1, its ID's hash.
	 */
	#table: Int32Array;

	constructor(rowCount: number) {
		if (!(Number.isInteger(rowCount) && rowCount >= 0)) throw new Error(`invalid row count; not an integer ≥ 0: ${rowCount}`);
		this.codes = new Int32Array(rowCount).fill(EMPTY);
		// Made for as many customers as rows at once (28–44 bytes a row), so that neither grows while coding:
		// growing the table rehashes every ID so far.
		this.#keys = new Int32Array(3 * Math.max(rowCount, 1024));
		let slots = 1024;
		while (slots < 2 * rowCount) slots *= 2;
		this.#table = new Int32Array(2 * slots);
	}

	/** How many distinct IDs so far. */
	get count(): number {
		return this.#count;
	}

	/** The ID of customer index `code` (made as a string on each call). */
	id(code: number): string {
		if (!(Number.isInteger(code) && code >= 0 && code < this.#count)) throw new Error(`invalid customer index; not an integer in 0…${this.#count - 1}: ${code}`);
		const keys = this.#keys, start = keys[3 * code + 1];
		return this.#texts[keys[3 * code]].slice(start, start + keys[3 * code + 2]);
	}

	/**
	 * Codes rows start … end − 1 of an ID column (`values` is the whole column, filled that far) as rows
	 * `offset` + start … of the codes (several columns coded into one numbering lie one after another). Slices
	 * must come in row order for the numbering to be first-appearance order. null is no ID; any string, '' too,
	 * is one (as layoutOf has always keyed them).
	 */
	add(values: ArrayLike<string | null> | PackedTexts, start = 0, end = values.length, offset = 0): void {
		this.#checkRows(start, end, values.length, offset);
		if (values instanceof PackedTexts) {
			this.#addPacked(values.text, values.ends, start, end, offset);
			return;
		}
		for (let j = start; j < end; j++) {
			const id = values[j];
			if (id === null || id === undefined) continue;
			this.#code(id, 0, id.length, j + offset, -1);
		}
	}

	/** Codes the cells of a packed slice as rows `offset` … `offset` + its length − 1 (it must hold together: see checkPacked). */
	addSlice(slice: PackedText, offset: number): void {
		const n = slice.ends.length;
		this.#checkRows(0, n, n, offset);
		this.#addPacked(slice.text, slice.ends, 0, n, offset);
	}

	/** Whether `values`' rows start … end − 1 exist and fit in the codes at `offset`. */
	#checkRows(start: number, end: number, length: number, offset: number): void {
		if (!(Number.isInteger(offset) && offset >= 0)) throw new Error(`invalid offset; not an integer ≥ 0: ${offset}`);
		const last = Math.min(length, this.codes.length - offset);
		if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= last)) {
			throw new Error(`invalid slice; rows ${start + offset}…${end + offset - 1} are outside 0…${Math.min(length + offset, this.codes.length) - 1}`);
		}
	}

	/** Cells from … to − 1 of packed `ends` into `text`, as rows from + offset …. */
	#addPacked(text: string, ends: Int32Array, from: number, to: number, offset: number): void {
		let at = from === 0 ? 0 : ends[from - 1] < 0 ? -1 - ends[from - 1] : ends[from - 1];
		let textIndex = -1;
		for (let j = from; j < to; j++) {
			const e = ends[j];
			if (e < 0) {
				at = -1 - e;
				continue;
			}
			// Kept once per call (a reference), with the first ID it holds.
			if (textIndex < 0) textIndex = this.#texts.push(text) - 1;
			this.#code(text, at, e - at, j + offset, textIndex);
			at = e;
		}
	}

	/**
	 * Codes row `row`, whose ID is text[start, start + length); `textIndex` is text's place in #texts, or −1 when
	 * text is the ID alone and is kept only if the ID is new.
	 */
	#code(text: string, start: number, length: number, row: number, textIndex: number): void {
		let h = 0x811c9dc5 | 0;
		for (let k = start, stop = start + length; k < stop; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
		const table = this.#table, mask = (table.length >> 1) - 1;
		let p = h & mask;
		for (;;) {
			const e = table[2 * p] - 1;
			if (e === EMPTY) break;
			if (table[2 * p + 1] === h && this.#keys[3 * e + 2] === length && this.#same(e, textIndex, text, start, length)) {
				this.codes[row] = e;
				return;
			}
			p = (p + 1) & mask;
		}
		const code = this.#count++;
		if (3 * code === this.#keys.length) {
			const keys = new Int32Array(this.#keys.length * 2);
			keys.set(this.#keys);
			this.#keys = keys;
		}
		const keys = this.#keys;
		keys[3 * code] = textIndex < 0 ? this.#texts.push(text) - 1 : textIndex;
		keys[3 * code + 1] = start;
		keys[3 * code + 2] = length;
		table[2 * p] = code + 1;
		table[2 * p + 1] = h;
		this.codes[row] = code;
		// Kept at most half full, so that probes stay short.
		if (this.#count * 4 > table.length) this.#grow();
	}

	/**
	 * Whether customer `code`'s ID is text[start, start + length) (its length is known to be `length`); `textIndex`
	 * is text's place in #texts (−1: none). The same place is known equal by index, not by comparing the texts
	 * with ===, which compares two different texts of the same length character by character (two imports of the
	 * same customers: a whole column's text at every ID).
	 */
	#same(code: number, textIndex: number, text: string, start: number, length: number): boolean {
		const keys = this.#keys, from = keys[3 * code + 1];
		if (keys[3 * code] === textIndex && from === start) return true;
		const key = this.#texts[keys[3 * code]];
		for (let k = 0; k < length; k++) if (key.charCodeAt(from + k) !== text.charCodeAt(start + k)) return false;
		return true;
	}

	#grow(): void {
		const table = this.#table;
		const next = new Int32Array(table.length * 2), mask = (next.length >> 1) - 1;
		for (let q = 0; q < table.length; q += 2) {
			if (table[q] === 0) continue;
			let p = table[q + 1] & mask;
			while (next[2 * p] !== 0) p = (p + 1) & mask;
			next[2 * p] = table[q];
			next[2 * p + 1] = table[q + 1];
		}
		this.#table = next;
	}
}

/** The customer codes of a whole text ID column at once. */
export function customerCodes(values: ArrayLike<string | null> | PackedTexts): { codes: Int32Array; count: number } {
	const coder = new CustomerCoder(values.length);
	coder.add(values);
	return { codes: coder.codes, count: coder.count };
}
