/** A column's cells as written, each mapped to the code it reads as, so every spelling is read only once. */

/** Spellings compared one by one before the hash table is consulted. */
const FEW = 8;

/** What `get` returns for a spelling not met before (codes are small integers, -1 and -2 included). */
export const UNKNOWN = -0x7fffffff;

/**
 * The code of each spelling met in one column, looked up by a range of the text being read, so a cell
 * needs no string of its own to be found: the range is compared character by character with the first few
 * spellings, then hashed into a table of the others (open addressing). Up to `max` spellings are kept; a column of all-different cells stops
 * adding there, and its later cells are read anew (the code depends only on the spelling).
 */
export class Spellings {
	#keys: string[] = [];
	#codes: number[] = [];
	#slots = new Int32Array(64).fill(-1);
	readonly #max: number;

	constructor(max = 1 << 16) {
		if (!Number.isInteger(max) || max < 0) throw new Error(`invalid max; not an integer ≥ 0: ${max}`);
		this.#max = max;
	}

	/** The code remembered for text[start, end), or UNKNOWN. */
	get(text: string, start: number, end: number): number {
		const keys = this.#keys;
		const length = end - start;
		// The first few spellings are compared directly: most columns have only a handful, and a length check
		// rules out most of them before a character is read.
		const few = keys.length < FEW ? keys.length : FEW;
		// The comparison is written out: Chromium did not inline a call to same() here (A/B: push 7–17% faster).
		for (let k = 0; k < few; k++) {
			const key = keys[k];
			if (key.length !== length) continue;
			let i = 0;
			while (i < length && key.charCodeAt(i) === text.charCodeAt(start + i)) i++;
			if (i === length) return this.#codes[k];
		}
		if (keys.length <= FEW) return UNKNOWN;
		const slots = this.#slots;
		const mask = slots.length - 1;
		for (let slot = hash(text, start, end) & mask; ; slot = (slot + 1) & mask) {
			const k = slots[slot];
			if (k < 0) return UNKNOWN;
			const key = keys[k];
			if (k >= FEW && key.length === length && same(key, text, start)) return this.#codes[k];
		}
	}

	/** Remembers the code of `spelling` (not yet remembered), unless `max` spellings are kept already. */
	set(spelling: string, code: number): void {
		if (this.#keys.length >= this.#max) return;
		if (this.#keys.length * 2 >= this.#slots.length) this.#grow();
		this.#keys.push(spelling);
		this.#codes.push(code);
		this.#place(this.#keys.length - 1);
	}

	#place(k: number): void {
		const slots = this.#slots;
		const mask = slots.length - 1;
		const key = this.#keys[k];
		let slot = hash(key, 0, key.length) & mask;
		while (slots[slot] >= 0) slot = (slot + 1) & mask;
		slots[slot] = k;
	}

	#grow(): void {
		this.#slots = new Int32Array(this.#slots.length * 2).fill(-1);
		for (let k = 0; k < this.#keys.length; k++) this.#place(k);
	}
}

/**
 * True when text[start, start + key.length) is `key`. A loop the compiler inlines: startsWith is a call into
 * the runtime per cell, which cost more than comparing the few characters of a spelling.
 */
function same(key: string, text: string, start: number): boolean {
	for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
	return true;
}

/** FNV-1a over the UTF-16 code units of text[start, end). */
function hash(text: string, start: number, end: number): number {
	let h = 0x811c9dc5;
	for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
	return (h ^ (h >>> 15)) >>> 0;
}
