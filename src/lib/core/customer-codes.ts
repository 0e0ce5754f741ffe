/**
 * Customer codes: each distinct customer ID gets an index, in order of first appearance (0, 1, 2, …), and each
 * row its customer's index (−1 for a row without an ID). The same numbering as a Map from ID to index, about
 * 2–3× faster on a million IDs (an open-addressing table of FNV-1a hashes over the characters, no Map growth),
 * and fed in slices (CustomerCoder: one numbering over several imports' ID columns). Packed cells are coded
 * where they lie in their text: no string is made for a row, nor kept for a customer (in node, a million IDs
 * unpacked into strings and coded took 0.45–0.65 s, coded packed 0.26–0.48 s, and the strings stayed for the
 * scoring worker's collector to mark). A whole packed column is coded faster by partitions (customerCodes):
 * the scoring worker codes its table's ID column so, once the page has sent it.
 */
import { fillSteps, type Steps } from './steps';
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

	/** `fill` false leaves the row codes 0 and the table's pages untouched, for {@link CustomerCoder.inSteps}. */
	constructor(rowCount: number, fill = true) {
		if (!(Number.isInteger(rowCount) && rowCount >= 0)) throw new Error(`invalid row count; not an integer ≥ 0: ${rowCount}`);
		this.codes = new Int32Array(rowCount);
		if (fill) this.codes.fill(EMPTY);
		// Made for as many customers as rows at once (28–44 bytes a row), so that neither grows while coding:
		// growing the table rehashes every ID so far.
		this.#keys = new Int32Array(3 * Math.max(rowCount, 1024));
		let slots = 1024;
		while (slots < 2 * rowCount) slots *= 2;
		this.#table = new Int32Array(2 * slots);
	}

	/**
	 * A coder made in steps (core/steps.ts), for the page: the row codes filled and the hash table written
	 * through a slice at a time. Untouched, the table's pages are first touched by the first rows coded, at
	 * random, a page fault each (a 2,000,000-row portfolio: 31–36 ms for the first 8,192 rows in Chromium).
	 */
	static *inSteps(rowCount: number): Steps<CustomerCoder> {
		const coder = new CustomerCoder(rowCount, false);
		yield* fillSteps(coder.codes, EMPTY);
		yield* fillSteps(coder.#table, 0);
		return coder;
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
		const h = fnv1a(text, start, start + length);
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
		return sameChars(this.#texts[keys[3 * code]], from, text, start, length);
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

/**
 * Rows a partition of codePacked holds on average: its table (2 slots a row, 8 bytes a slot) fits a core's
 * cache, where one table of a million rows missed it on almost every row.
 */
const PART_ROWS = 4096;

/** The partition of an ID's hash: its top `bits` bits after a multiplicative mix (the low bits index the table). */
function partOf(h: number, bits: number): number {
	return bits === 0 ? 0 : Math.imul(h, 0x9e3779b1) >>> (32 - bits);
}

/**
 * The customer codes of a whole packed ID column at once, as CustomerCoder numbers them, in passes that read
 * and write in order but for small tables:
 * 1. every row's ID is hashed, in file order;
 * 2. the rows are split by hash into partitions of about PART_ROWS (in file order within each);
 * 3. each partition goes through a small table that gives every row the first row with its hash;
 * 4. in file order, a first row gets the next code, and any other row its first row's code once their IDs are
 *    compared (mostly an earlier row near the last one compared). Two IDs of one hash are told apart there:
 *    the later one, and any row with its ID, is coded through a Map (a few rows in a million distinct IDs).
 * CustomerCoder looks every row up in one big table, missed in the cache on most rows. In node here (joined
 * slices, 4 runs each), a million distinct IDs took 89–115 ms against 204–233 ms; 12 monthly exports of
 * 100,000 customers 203–270 ms against 305–345 ms; 4 of 250,000 with the rows shuffled 302–371 ms against
 * 474–536 ms.
 */
function codePacked(text: string, ends: Int32Array): { codes: Int32Array; count: number } {
	const n = ends.length;
	const bits = Math.max(0, Math.ceil(Math.log2(n / PART_ROWS)));
	const hashes = new Int32Array(n);
	const counts = new Int32Array((1 << bits) + 1);
	// Per row, the first row with its hash (−1: no ID), then its code.
	const codes = new Int32Array(n).fill(EMPTY);
	let at = 0;
	for (let r = 0; r < n; r++) {
		const e = ends[r];
		if (e < 0) {
			at = -1 - e;
			continue;
		}
		const h = fnv1a(text, at, e);
		hashes[r] = h;
		counts[partOf(h, bits) + 1]++;
		codes[r] = r;
		at = e;
	}
	for (let p = 1; p < counts.length; p++) counts[p] += counts[p - 1];
	// Rows with an ID by partition, in file order within each: counts[p] … counts[p + 1] − 1.
	const rows = new Int32Array(counts[counts.length - 1]);
	const next = counts.slice(0, -1);
	for (let r = 0; r < n; r++) if (codes[r] >= 0) rows[next[partOf(hashes[r], bits)]++] = r;
	let largest = 0;
	for (let p = 0; p + 1 < counts.length; p++) largest = Math.max(largest, counts[p + 1] - counts[p]);
	// Slot s: a first row + 1 at 2s (0 for none), its hash at 2s + 1.
	const slots = new Int32Array(2 << Math.ceil(Math.log2(2 * largest + 2)));
	for (let p = 0; p + 1 < counts.length; p++) {
		const from = counts[p], to = counts[p + 1];
		if (from === to) continue;
		const mask = (1 << Math.ceil(Math.log2(2 * (to - from) + 2))) - 1;
		slots.fill(0, 0, 2 * (mask + 1));
		for (let i = from; i < to; i++) {
			const r = rows[i], h = hashes[r];
			for (let s = h & mask; ; s = (s + 1) & mask) {
				const first = slots[2 * s] - 1;
				if (first < 0) {
					slots[2 * s] = r + 1;
					slots[2 * s + 1] = h;
					break;
				}
				if (slots[2 * s + 1] === h) {
					codes[r] = first;
					break;
				}
			}
		}
	}
	let count = 0;
	/** IDs that share a hash with an earlier, different ID, by their code. */
	let shared: Map<string, number> | null = null;
	at = 0;
	for (let r = 0; r < n; r++) {
		const e = ends[r], first = codes[r];
		if (first === r) codes[r] = count++;
		else if (first >= 0) {
			if (sameText(text, ends, first, at, e)) codes[r] = codes[first];
			else {
				const id = text.slice(at, e);
				let code = (shared ??= new Map()).get(id);
				if (code === undefined) shared.set(id, (code = count++));
				codes[r] = code;
			}
		}
		at = e < 0 ? -1 - e : e;
	}
	return { codes, count };
}

/** Whether cell a of a packed column (not missing) holds text[start, end). */
function sameText(text: string, ends: Int32Array, a: number, start: number, end: number): boolean {
	const e = a === 0 ? 0 : ends[a - 1], from = e < 0 ? -1 - e : e, length = ends[a] - from;
	return end - start === length && sameChars(text, from, text, start, length);
}

/** The FNV-1a hash of text[start, end)'s UTF-16 code units. */
function fnv1a(text: string, start: number, end: number): number {
	let h = 0x811c9dc5 | 0;
	for (let k = start; k < end; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
	return h;
}

/** Whether a[aFrom, aFrom + length) and b[bFrom, bFrom + length) hold the same characters. */
function sameChars(a: string, aFrom: number, b: string, bFrom: number, length: number): boolean {
	for (let k = 0; k < length; k++) if (a.charCodeAt(aFrom + k) !== b.charCodeAt(bFrom + k)) return false;
	return true;
}

/** The customer codes of a whole text ID column at once (packed cells through codePacked). */
export function customerCodes(values: ArrayLike<string | null> | PackedTexts): { codes: Int32Array; count: number } {
	if (values instanceof PackedTexts) return codePacked(values.text, values.ends);
	const coder = new CustomerCoder(values.length);
	coder.add(values);
	return { codes: coder.codes, count: coder.count };
}
