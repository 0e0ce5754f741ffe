/**
 * Text cells packed: every cell's characters in one string, and where each cell ends. A million IDs are then
 * two objects instead of a million strings, so the page's garbage collector has nothing to copy or mark when a
 * big file arrives (each string a cell makes on the page is a young object that survives: a million of them
 * were 40–55 ms collector pauses while importing), and a column clones as two copies between threads and into
 * IndexedDB. The same shape is stored in text blocks (db/blocks.ts) and sent to the scoring worker.
 */

/**
 * `ends[i]` is where cell i ends in `text`; it starts where cell i − 1 ends (cell 0 at 0). A missing cell
 * (null) is stored as −1 − end, so that an empty string and a missing cell stay apart.
 */
export interface PackedText {
	text: string;
	ends: Int32Array;
}

/** A text column's cells: a plain array (small tables, the demo, tests) or packed (an imported or loaded file). */
export type TextValues = readonly (string | null)[] | PackedTexts;

/** Cell i of `values` (null when missing, undefined past the end). */
export function textCell(values: TextValues, i: number): string | null {
	return Array.isArray(values) ? (values as readonly (string | null)[])[i] : (values as PackedTexts).at(i);
}

/** The cells as a plain array (a copy when packed: use on small columns, or where every cell is needed as a string). */
export function textArray(values: TextValues): (string | null)[] {
	return Array.isArray(values) ? [...(values as readonly (string | null)[])] : (values as PackedTexts).toArray();
}

/** Cells [start, end) of `values` as one PackedText. */
export function packText(values: TextValues, start = 0, end = values.length): PackedText {
	if (values instanceof PackedTexts) return values.slice(start, end);
	const ends = new Int32Array(end - start);
	const parts: string[] = [];
	let at = 0;
	for (let i = start; i < end; i++) {
		const v = values[i];
		if (v === null || v === undefined) {
			ends[i - start] = -1 - at;
			continue;
		}
		if (typeof v !== 'string') throw new Error(`text cell ${i} is a ${typeof v}, not text`);
		parts.push(v);
		at += v.length;
		ends[i - start] = at;
	}
	return { text: parts.join(''), ends };
}

/** Checks that a PackedText holds together (every end in order and within the text); throws `where()` otherwise. */
export function checkPacked({ text, ends }: PackedText, where: () => string): void {
	let at = 0;
	for (let i = 0; i < ends.length; i++) {
		const e = ends[i];
		const end = e < 0 ? -1 - e : e;
		if (end < at || end > text.length) throw new Error(`${where()}: cell ${i} ends at ${end}, outside ${at}…${text.length}`);
		at = end;
	}
	if (at !== text.length) throw new Error(`${where()}: ${text.length - at} characters after the last cell`);
}

/**
 * Text cells packed in one string: read-only, cells made as strings only when asked for. Made from several
 * texts (the messages a file's column arrived in, the blocks it was stored in), they are joined into one only
 * when the whole text is read: cells and slices are taken from the texts they lie in, so that the page never
 * copies a million-row column's characters in one task to read a cell or send a slice (12–24 MB, 15–45 ms).
 */
export class PackedTexts {
	readonly ends: Int32Array;
	#text: string | null;
	#texts: string[] | null;
	/** Where each of #texts ends in their join (made on first use). */
	#textEnds: Float64Array | null = null;

	/**
	 * `packed` is taken as it is (not copied); it must hold together (see checkPacked). With `texts`, the text
	 * is their join and `ends` are into it.
	 */
	constructor(packed: PackedText | { texts: string[]; ends: Int32Array }) {
		this.ends = packed.ends;
		this.#text = 'text' in packed ? packed.text : null;
		this.#texts = 'texts' in packed ? packed.texts : null;
	}

	/** Every cell's characters, one after another. */
	get text(): string {
		if (this.#text === null) {
			this.#text = (this.#texts ?? []).join('');
			this.#texts = null;
			this.#textEnds = null;
		}
		return this.#text;
	}

	/** Packs plain cells. */
	static of(values: readonly (string | null)[]): PackedTexts {
		return new PackedTexts(packText(values));
	}

	/** Several packs one after the other as one (each must hold together). */
	static join(parts: readonly PackedText[]): PackedTexts {
		if (parts.length === 1) return new PackedTexts(parts[0]);
		const joined = new PackedTextsBuilder(parts.reduce((n, p) => n + p.ends.length, 0));
		for (const p of parts) joined.append(p);
		return joined.finish();
	}

	get length(): number {
		return this.ends.length;
	}

	/** Where cell i starts in `text`. */
	#start(i: number): number {
		if (i === 0) return 0;
		const e = this.ends[i - 1];
		return e < 0 ? -1 - e : e;
	}

	/** Characters from … to − 1 of the text, read from the texts they lie in while those are not joined. */
	#chars(from: number, to: number): string {
		if (this.#text !== null || this.#texts === null) return this.text.slice(from, to);
		if (from >= to) return '';
		const texts = this.#texts;
		let textEnds = this.#textEnds;
		if (textEnds === null) {
			textEnds = this.#textEnds = new Float64Array(texts.length);
			let at = 0;
			for (let k = 0; k < texts.length; k++) textEnds[k] = at += texts[k].length;
		}
		// The first text that ends after `from`.
		let lo = 0;
		for (let hi = texts.length - 1; lo < hi; ) {
			const mid = (lo + hi) >> 1;
			if (textEnds[mid] > from) hi = mid;
			else lo = mid + 1;
		}
		let out = '';
		for (let k = lo; k < texts.length && from < to; k++) {
			const base = textEnds[k] - texts[k].length;
			const stop = Math.min(to, textEnds[k]);
			out += texts[k].slice(from - base, stop - base);
			from = stop;
		}
		return out;
	}

	/** Cell i (null when missing, undefined outside 0 … length − 1). */
	at(i: number): string | null {
		const e = this.ends[i];
		if (e === undefined) return undefined as unknown as null;
		if (e < 0) return null;
		return this.#chars(this.#start(i), e);
	}

	/** Cells [start, end) as their own PackedText (the text is a slice: no cell is made). */
	slice(start = 0, end = this.length): PackedText {
		const from = this.#start(start);
		const to = end === 0 ? 0 : this.#start(end);
		const ends = this.ends.slice(start, end);
		if (from !== 0) for (let i = 0; i < ends.length; i++) ends[i] = ends[i] < 0 ? ends[i] + from : ends[i] - from;
		return { text: this.#chars(from, to), ends };
	}

	/** The cells of `rows`, in that order, packed. */
	pick(rows: ArrayLike<number>): PackedTexts {
		const ends = new Int32Array(rows.length);
		const parts: string[] = [];
		let at = 0;
		for (let j = 0; j < rows.length; j++) {
			const i = rows[j];
			const e = this.ends[i];
			if (e === undefined) throw new Error(`invalid row ${i}; the column has ${this.length} cells`);
			if (e < 0) {
				ends[j] = -1 - at;
				continue;
			}
			const start = this.#start(i);
			if (e > start) parts.push(this.#chars(start, e));
			at += e - start;
			ends[j] = at;
		}
		return new PackedTexts({ text: parts.join(''), ends });
	}

	toArray(): (string | null)[] {
		const out = new Array<string | null>(this.length);
		for (let i = 0; i < out.length; i++) out[i] = this.at(i);
		return out;
	}

	*[Symbol.iterator](): IterableIterator<string | null> {
		for (let i = 0; i < this.length; i++) yield this.at(i);
	}
}

/**
 * Packs appended one after another into one PackedTexts: each pack's cell ends are shifted into the join as
 * it comes (so a column arriving in messages is never shifted in one go); the texts are joined when the
 * result is first read.
 */
export class PackedTextsBuilder {
	#texts: string[] = [];
	#chars = 0;
	/** Cell ends into the join; the first `rows` are set, the rest is room. */
	#ends: Int32Array;
	rows = 0;

	constructor(capacity = 1024) {
		this.#ends = new Int32Array(capacity);
	}

	/** Appends a pack (it must hold together: see checkPacked). */
	append({ text, ends }: PackedText): void {
		const n = ends.length;
		if (this.rows + n > this.#ends.length) {
			const grown = new Int32Array(Math.max(this.#ends.length * 2, this.rows + n));
			grown.set(this.#ends.subarray(0, this.rows));
			this.#ends = grown;
		}
		const out = this.#ends, at = this.rows, base = this.#chars;
		if (base === 0) out.set(ends, at);
		else for (let i = 0; i < n; i++) out[at + i] = ends[i] < 0 ? ends[i] - base : ends[i] + base;
		this.#texts.push(text);
		this.#chars += text.length;
		this.rows += n;
	}

	/** The packs appended so far, as one. */
	finish(): PackedTexts {
		const ends = this.rows === this.#ends.length ? this.#ends : this.#ends.slice(0, this.rows);
		return new PackedTexts({ texts: [...this.#texts], ends });
	}
}
