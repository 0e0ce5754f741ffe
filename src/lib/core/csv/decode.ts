/** Bytes → text: refuse what is not text, then read UTF-8 (with or without BOM) or fall back to Windows-1252. */
import type { Notice } from './types';

const XLSX_MESSAGE = 'This looks like an Excel workbook (.xlsx), not a CSV: export it as CSV first.';

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
	if (head.length < bytes.length) return false;
	for (let i = 0; i < bytes.length; i++) if (head[i] !== bytes[i]) return false;
	return true;
}

function latin(head: Uint8Array, max = 4096): string {
	let s = '';
	for (let i = 0; i < Math.min(head.length, max); i++) s += String.fromCharCode(head[i]);
	return s;
}

function zipMessage(head: Uint8Array): string {
	const text = latin(head);
	if (text.includes('opendocument.spreadsheet')) {
		return 'This looks like an OpenDocument spreadsheet (.ods), not a CSV: export it as CSV first.';
	}
	if (text.includes('word/')) return 'This looks like a Word document (.docx), not a CSV.';
	// An .xlsx starts with [Content_Types].xml or xl/…; a bare ZIP header is most often a renamed workbook too.
	if (text.includes('xl/') || text.includes('[Content_Types].xml') || head.length < 64) return XLSX_MESSAGE;
	return 'This looks like a ZIP archive, not a CSV: unzip it first (an Excel workbook must be exported as CSV).';
}

/**
 * A message about the file (sniffBinary's, "The file is empty.") with the file named instead of "This" / "This
 * file" / "The file", as the other import messages name it: "This looks like a PNG image" → "x.csv" looks like….
 */
export function namingFile(message: string, fileName: string): string {
	return message.replace(/^(?:This file|The file|This)\b/, `"${fileName}"`);
}

/**
 * A message when the first bytes are not CSV text (PNG, ZIP/xlsx, old .xls, PDF, gzip, UTF-16, NUL or other
 * control bytes), else null. Pass at least the first 4 KB.
 */
export function sniffBinary(head: Uint8Array): string | null {
	if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return zipMessage(head);
	if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
		return 'This looks like an Excel 97–2003 workbook (.xls), not a CSV: export it as CSV first.';
	}
	if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return 'This looks like a PNG image, not a CSV.';
	if (startsWith(head, [0xff, 0xd8, 0xff])) return 'This looks like a JPEG image, not a CSV.';
	if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return 'This looks like a GIF image, not a CSV.';
	if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return 'This looks like a PDF document, not a CSV.';
	if (startsWith(head, [0x1f, 0x8b])) return 'This looks like a gzip-compressed file, not a CSV: decompress it first.';
	if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) {
		return 'This file is saved as UTF-16 text: save it as "CSV UTF-8" and try again.';
	}
	let control = 0;
	const n = Math.min(head.length, 65536);
	for (let i = 0; i < n; i++) {
		const b = head[i];
		if (b === 0) return 'This file contains NUL bytes: it is a binary file (or UTF-16 text), not a CSV.';
		// Tab, LF, FF, CR and the DOS end-of-file mark are allowed; other control bytes are not text.
		if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1a) control++;
	}
	if (control > 0 && control >= n * 0.01) return 'This looks like a binary file, not a CSV.';
	return null;
}

function hasUtf8Bom(bytes: Uint8Array): boolean {
	return startsWith(bytes, [0xef, 0xbb, 0xbf]);
}

/**
 * Byte offset of the first invalid UTF-8 sequence of a file's head, or -1. A sequence cut off at the very end is
 * not invalid when more of the file follows (the rest of it is in the bytes after the head); when the head is
 * the whole file it is, as decodeBytes has it.
 */
function firstInvalidUtf8(head: Uint8Array, whole: boolean): number {
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !whole });
		return -1;
	} catch {
		// Locate it for the notice; only runs on files that are not UTF-8.
		return locateInvalidUtf8(head, !whole);
	}
}

/**
 * Byte offset of the first invalid UTF-8 sequence, or -1, by the fatal decoder's rules (WHATWG's): the second
 * byte's range rules out overlong forms (after E0, F0), surrogates (after ED) and code points past U+10FFFF
 * (after F4). `head`: a sequence cut off at the very end is not invalid.
 */
function locateInvalidUtf8(bytes: Uint8Array, head: boolean): number {
	for (let i = 0; i < bytes.length; ) {
		const b = bytes[i];
		const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
		if (len === 0) return i;
		const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
		const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
		for (let k = 1; k < len; k++) {
			if (i + k >= bytes.length) return head ? -1 : i;
			const c = bytes[i + k];
			if (k === 1 ? c < lo || c > hi : (c & 0xc0) !== 0x80) return i;
		}
		i += len;
	}
	return -1;
}

/** The notice for a file read as Windows-1252; `offset` counts from the file's first byte, BOM included. */
function latin1Notice(offset: number): Notice {
	const where = offset >= 0 ? ` (first at byte ${offset})` : '';
	return {
		level: 'warning',
		message:
			`The file is not valid UTF-8${where}, so it was read as Windows-1252 (Western European). ` +
			'Check that accented letters look right; if not, save the file as "CSV UTF-8" and import it again.'
	};
}

/** Where in the file (BOM bytes counted) the body's first invalid sequence is; -1 passes through. */
const inFile = (offset: number, bom: boolean) => (offset < 0 ? offset : offset + (bom ? 3 : 0));

/**
 * UTF-8 with or without BOM; invalid UTF-8 → windows-1252 with a notice. Pass the file's head, with `whole` true
 * when it is the whole file (then a character cut off by its end is invalid, so the app reads a small file
 * exactly as decodeBytes and the CLI do).
 */
export function detectEncoding(bytes: Uint8Array, whole = false): { encoding: 'utf-8' | 'windows-1252'; bom: boolean; notices: Notice[] } {
	const bom = hasUtf8Bom(bytes);
	const bad = firstInvalidUtf8(bom ? bytes.subarray(3) : bytes, whole);
	if (bad < 0) return { encoding: 'utf-8', bom, notices: [] };
	return { encoding: 'windows-1252', bom, notices: [latin1Notice(inFile(bad, bom))] };
}

// Windows-1252 differs from Latin-1 only in 0x80–0x9F; node's TextDecoder decodes that range as Latin-1.
const CP1252_HIGH = [
	0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
	0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178
];

/** Windows-1252 bytes → text, the same in node and browsers. */
export function decodeWindows1252(bytes: Uint8Array): string {
	const parts: string[] = [];
	const block = new Uint16Array(8192);
	for (let start = 0; start < bytes.length; start += block.length) {
		const n = Math.min(block.length, bytes.length - start);
		for (let i = 0; i < n; i++) {
			const b = bytes[start + i];
			block[i] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b;
		}
		parts.push(String.fromCharCode.apply(null, block.subarray(0, n) as unknown as number[]));
	}
	return parts.join('');
}

/** Whole-buffer decode (node, tests, the CLI): the text without BOM, and how it was read. */
export function decodeBytes(bytes: Uint8Array): {
	text: string;
	encoding: 'utf-8' | 'windows-1252';
	bom: boolean;
	notices: Notice[];
} {
	const bom = hasUtf8Bom(bytes);
	const body = bom ? bytes.subarray(3) : bytes;
	try {
		const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
		return { text, encoding: 'utf-8', bom, notices: [] };
	} catch {
		// The whole file: a character cut off by its end is invalid too.
		const notices = [latin1Notice(inFile(locateInvalidUtf8(body, false), bom))];
		return { text: decodeWindows1252(body), encoding: 'windows-1252', bom, notices };
	}
}
