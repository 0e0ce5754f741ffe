/**
 * AssemblyScript (compiled to WebAssembly by src/build/wasm-plugin.ts): the CSV records of a piece of text, read
 * from its UTF-8 bytes, the plain numbers of its number columns and the remembered codes of its yes/no,
 * category and date cells. The same reading as tokenize() in ../tokenize.ts, step for step, with every cell's
 * range given in UTF-16 code units, the offsets of the JavaScript string the bytes were encoded from, so the
 * column builders go on reading that string.
 *
 * Memory is laid out by the caller (records-wasm.ts) from base() on; nothing here allocates.
 */

const QUOTE: i32 = 34;
const MINUS: i32 = 45;
const POINT: i32 = 46;

let resultCells: i32 = 0;
let resultCursor: i32 = 0;

/** Where the caller's memory starts: past this module's own data. */
export function base(): usize {
	return (__heap_base + 15) & ~15;
}

/** Cells of the records tokenize() read last. */
export function cells(): i32 {
	return resultCells;
}

/** UTF-16 offset where the records tokenize() read last end (the rest is a record cut off by the end of the piece). */
export function cursor(): i32 {
	return resultCursor;
}

/** The records read: their cells and cursor kept for cells() and cursor(), their count returned. */
@inline
function done(cellCount: i32, cur: i32, count: i32): i32 {
	resultCells = cellCount;
	resultCursor = cur;
	return count;
}

/** UTF-16 code units of the character a UTF-8 byte starts: 0 for a continuation byte, 2 for a 4-byte character. */
@inline
function units(b: i32): i32 {
	return i32((b & 0xc0) != 0x80) + i32(b >= 0xf0);
}

/**
 * Bytes of the next byte in `input + i` … `input + n` that is `a` or `b` or not ASCII (16 at a time), or n - i.
 * Reads up to 15 bytes past n: the caller leaves 16 bytes of room after the text.
 */
@inline
function skipPlain(input: usize, i: i32, n: i32, a: v128, b: v128): i32 {
	const v = v128.load(input + <usize>i);
	let m: i32 = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, a), i8x16.eq(v, b)), v));
	if (n - i < 16) m &= (1 << (n - i)) - 1;
	return m == 0 ? min(16, n - i) : ctz(m);
}

/**
 * Reads the records of the `n` bytes at `input` (all of them when `last`; otherwise up to the last line break
 * outside quotes) into first / start / end / escaped (UTF-16 offsets) and bstart / bend (byte offsets), as
 * tokenize() does. Returns the number of records, or -1 when the text must go to papaparse (tokenize's null).
 * `nl1` is the second character of a two-character line break, else -1.
 */
export function tokenize(input: usize, n: i32, delim: i32, nl0: i32, nl1: i32, last: bool, first: usize, start: usize, end: usize, escaped: usize, bstart: usize, bend: usize): i32 {
	const nlLength: i32 = nl1 < 0 ? 1 : 2;
	const vd = i8x16.splat(<i8>delim);
	const vn = i8x16.splat(<i8>nl0);
	const vq = i8x16.splat(<i8>QUOTE);
	let cellCount: i32 = 0;
	let count: i32 = 0;
	let cur: i32 = 0;
	store<i32>(first, 0);
	// Nothing is read from empty text, not even one empty record (as papaparse).
	if (n == 0) return done(0, 0, 0);
	// i: the byte being read; ch: its UTF-16 offset.
	let i: i32 = 0;
	let ch: i32 = 0;
	while (true) {
		let sB = i;
		let sC = ch;
		let eB: i32 = 0;
		let eC: i32 = 0;
		let nB: i32 = 0;
		let nC: i32 = 0;
		let esc: i32 = 0;
		let endsRecord = false;
		let atEnd = false;
		if (i < n && i32(load<u8>(input + <usize>i)) == QUOTE) {
			i++;
			ch++;
			sB = i;
			sC = ch;
			while (true) {
				// The next quote.
				while (i < n) {
					const step = skipPlain(input, i, n, vq, vq);
					i += step;
					ch += step;
					if (i >= n) break;
					const b: i32 = load<u8>(input + <usize>i);
					if (b == QUOTE) break;
					ch += units(b);
					i++;
				}
				if (i >= n) {
					// Unclosed: cut off by the end of this piece, or (in the last) for papaparse to report.
					if (last) return -1;
					return done(cellCount, cur, count);
				}
				if (i == n - 1) {
					if (!last) {
						return done(cellCount, cur, count);
					}
					eB = i;
					eC = ch;
					nB = n;
					nC = ch + 1;
					endsRecord = true;
					atEnd = true;
					break;
				}
				const c: i32 = load<u8>(input + <usize>i + 1);
				if (c == QUOTE) {
					esc = 1;
					i += 2;
					ch += 2;
					continue;
				}
				eB = i;
				eC = ch;
				if (c == delim) {
					nB = i + 2;
					nC = ch + 2;
				} else if (c == nl0 && (nl1 < 0 || (i + 2 < n && i32(load<u8>(input + <usize>i + 2)) == nl1))) {
					nB = i + 1 + nlLength;
					nC = ch + 1 + nlLength;
					endsRecord = true;
				} else return -1;
				break;
			}
		} else {
			// 1: a delimiter ends the cell; 2: a line break.
			let found = 0;
			while (i < n) {
				const step = skipPlain(input, i, n, vd, vn);
				i += step;
				ch += step;
				if (i >= n) break;
				const b: i32 = load<u8>(input + <usize>i);
				if (b == delim) {
					found = 1;
					break;
				}
				if (b == nl0 && (nl1 < 0 || (i + 1 < n && i32(load<u8>(input + <usize>i + 1)) == nl1))) {
					found = 2;
					break;
				}
				ch += units(b);
				i++;
			}
			if (found == 0) {
				if (!last) {
					return done(cellCount, cur, count);
				}
				eB = n;
				eC = ch;
				nB = n;
				nC = ch;
				endsRecord = true;
				atEnd = true;
			} else if (found == 1) {
				eB = i;
				eC = ch;
				nB = i + 1;
				nC = ch + 1;
			} else {
				eB = i;
				eC = ch;
				nB = i + nlLength;
				nC = ch + nlLength;
				endsRecord = true;
			}
		}
		const o = (<usize>cellCount) << 2;
		store<i32>(start + o, sC);
		store<i32>(end + o, eC);
		store<i32>(bstart + o, sB);
		store<i32>(bend + o, eB);
		store<u8>(escaped + <usize>cellCount, <u8>esc);
		cellCount++;
		if (endsRecord) {
			count++;
			store<i32>(first + ((<usize>count) << 2), cellCount);
			cur = nC;
			// Text that ends with a line break: in the last piece papaparse reads one more, empty record after it.
			if (atEnd || (nB == n && !last)) break;
		}
		i = nB;
		ch = nC;
	}
	return done(cellCount, cur, count);
}

const POW10: StaticArray<f64> = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** parsePlainNumberAt (../values.ts) of the bytes [s, e): the same value, bit for bit, or NaN. */
@inline
function plain(input: usize, s: i32, e: i32, decimalComma: bool): f64 {
	let i = s;
	if (s < e && i32(load<u8>(input + <usize>s)) == MINUS) i++;
	const negative = i > s;
	// At most 15 digits are read as a number, so the mantissa is an exact integer either way.
	let mantissa: i64 = 0;
	let digits: i32 = 0;
	let point: i32 = -1;
	for (; i < e; i++) {
		const c: i32 = load<u8>(input + <usize>i);
		if (<u32>(c - 48) <= 9) {
			mantissa = mantissa * 10 + i64(c - 48);
			digits++;
		} else if (c == POINT && point < 0 && digits > 0 && !decimalComma) point = i;
		else return NaN;
	}
	if (digits == 0 || digits > 15 || point == e - 1) return NaN;
	const x = point < 0 ? f64(mantissa) : f64(mantissa) / unchecked(POW10[e - point - 1]);
	return negative ? -x : x;
}

/**
 * The plain number of field `columns[s]` of each of the `count` records tokenize() read, column by column:
 * record r's at out[s * count + r] (NaN for a cell that is not a plain number, or a record without that field).
 */
export function numbers(input: usize, count: i32, first: usize, bstart: usize, bend: usize, columns: usize, m: i32, decimalComma: bool, out: usize): void {
	for (let r: i32 = 0; r < count; r++) {
		const c0 = load<i32>(first + ((<usize>r) << 2));
		const c1 = load<i32>(first + ((<usize>r + 1) << 2));
		let o: usize = out + ((<usize>r) << 3);
		for (let s: i32 = 0; s < m; s++) {
			const c = c0 + load<i32>(columns + ((<usize>s) << 2));
			let x: f64 = NaN;
			if (c < c1) {
				const at = (<usize>c) << 2;
				x = plain(input, load<i32>(bstart + at), load<i32>(bend + at), decimalComma);
			}
			store<f64>(o, x);
			o += (<usize>count) << 3;
		}
	}
}

/**
 * The spellings of the cells of yes/no, category and date columns met so far, each with the code the column's
 * reader gave it (../spellings.ts in JavaScript): an open-addressing table of `slots` slots (per slot, the
 * spelling's place in the arena + 1, 0 when free, then its code) and an arena of entries (column, length,
 * the bytes, padded to 4). Filled by remember(), read by codes().
 */
const UNKNOWN: i32 = -0x7fffffff;
let dictTable: usize = 0;
let dictMask: i32 = 0;
let dictArena: usize = 0;
let dictArenaSize: i32 = 0;
let dictUsed: i32 = 0;
let dictCount: i32 = 0;

/** Starts an empty table of `slots` slots (a power of two) at `table`, with `arenaSize` bytes of arena at `arena`. */
export function dictionary(table: usize, slots: i32, arena: usize, arenaSize: i32): void {
	dictTable = table;
	dictMask = slots - 1;
	dictArena = arena;
	dictArenaSize = arenaSize;
	dictUsed = 0;
	dictCount = 0;
	memory.fill(table, 0, (<usize>slots) << 3);
}

/** FNV-1a of the bytes and the column. */
@inline
function hashOf(column: i32, input: usize, length: i32): i32 {
	let h: i32 = 0x811c9dc5 ^ column;
	for (let i: i32 = 0; i < length; i++) h = (h ^ i32(load<u8>(input + <usize>i))) * 0x01000193;
	return h ^ (h >>> 15);
}

/** True when the arena entry at `entry` is column `column`'s spelling of `length` bytes at `input`. */
@inline
function sameEntry(entry: usize, column: i32, input: usize, length: i32): bool {
	if (load<i32>(entry) != column || load<i32>(entry + 4) != length) return false;
	return memory.compare(entry + 8, input, <usize>length) == 0;
}

/** The code remembered for column `column`'s spelling of `length` bytes at `input`, or UNKNOWN. */
@inline
function lookup(column: i32, input: usize, length: i32): i32 {
	if (dictCount == 0) return UNKNOWN;
	let slot = hashOf(column, input, length) & dictMask;
	while (true) {
		const at = dictTable + ((<usize>slot) << 3);
		const ref = load<i32>(at);
		if (ref == 0) break;
		if (sameEntry(dictArena + <usize>(ref - 1), column, input, length)) return load<i32>(at + 4);
		slot = (slot + 1) & dictMask;
	}
	return UNKNOWN;
}

/**
 * Remembers `code` for column `column`'s spelling of `length` bytes at `input` (kept as it is when it is
 * remembered already). False
 * when the table is half full or the arena has no room: the spelling is then read anew each time it is met.
 */
export function remember(column: i32, input: usize, length: i32, code: i32): bool {
	const size = 8 + ((length + 3) & ~3);
	if ((dictCount + 1) * 2 > dictMask + 1 || dictUsed + size > dictArenaSize) return false;
	// Met again in the piece it was first met in: remembered already.
	if (lookup(column, input, length) != UNKNOWN) return true;
	let slot = hashOf(column, input, length) & dictMask;
	while (load<i32>(dictTable + ((<usize>slot) << 3)) != 0) slot = (slot + 1) & dictMask;
	const entry = dictArena + <usize>dictUsed;
	store<i32>(entry, column);
	store<i32>(entry + 4, length);
	memory.copy(entry + 8, input, <usize>length);
	const at = dictTable + ((<usize>slot) << 3);
	store<i32>(at, dictUsed + 1);
	store<i32>(at + 4, code);
	dictUsed += size;
	dictCount++;
	return true;
}

/**
 * The remembered code of field `columns[s]` of each of the `count` records tokenize() read, column by column:
 * record r's at out[s * count + r]; UNKNOWN for a spelling not remembered, a cell with doubled quotes (not the
 * text it covers) or a record without that field.
 */
export function codes(input: usize, count: i32, first: usize, bstart: usize, bend: usize, escaped: usize, columns: usize, m: i32, out: usize): void {
	for (let r: i32 = 0; r < count; r++) {
		const c0 = load<i32>(first + ((<usize>r) << 2));
		const c1 = load<i32>(first + ((<usize>r + 1) << 2));
		let o: usize = out + ((<usize>r) << 2);
		for (let s: i32 = 0; s < m; s++) {
			const column = load<i32>(columns + ((<usize>s) << 2));
			const c = c0 + column;
			let code: i32 = UNKNOWN;
			if (c < c1 && load<u8>(escaped + <usize>c) == 0) {
				const at = (<usize>c) << 2;
				const b = load<i32>(bstart + at);
				code = lookup(column, input + <usize>b, load<i32>(bend + at) - b);
			}
			store<i32>(o, code);
			o += (<usize>count) << 2;
		}
	}
}

/** True when the `n` bytes at `input` are all ASCII (16 at a time; reads up to 15 bytes past n, as tokenize). */
export function ascii(input: usize, n: i32): bool {
	let high = i8x16.splat(0);
	let i: i32 = 0;
	for (; i + 16 <= n; i += 16) high = v128.or(high, v128.load(input + <usize>i));
	if (i8x16.bitmask(high) != 0) return false;
	for (; i < n; i++) if (load<u8>(input + <usize>i) >= 0x80) return false;
	return true;
}
