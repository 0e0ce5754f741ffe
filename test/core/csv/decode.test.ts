import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeWindows1252, detectEncoding, sniffBinary } from '../../../src/lib/core/csv/decode';

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => new Uint8Array(b);
const concat = (...parts: Uint8Array[]) => {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
};
// "Müller;€5" in Windows-1252: ü = FC, € = 80.
const MUELLER_1252 = bytes(0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x3b, 0x80, 0x35);

describe('sniffBinary', () => {
	it('accepts CSV text, tabs and CRLF included', () => {
		expect(sniffBinary(utf8('id,name\r\n1,"a\tb"\n'))).toBeNull();
		expect(sniffBinary(utf8('id;name\n1;Zoë 🚀\n'))).toBeNull();
		expect(sniffBinary(new Uint8Array(0))).toBeNull();
	});
	it('names an .xlsx renamed to .csv', () => {
		const xlsx = concat(bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0), utf8('xxxxxxxxxxxxxxxxxxxxxx[Content_Types].xml more zip bytes here'));
		expect(sniffBinary(xlsx)).toBe('This looks like an Excel workbook (.xlsx), not a CSV: export it as CSV first.');
	});
	it('tells other ZIP archives from workbooks', () => {
		const zip = concat(bytes(0x50, 0x4b, 0x03, 0x04), utf8('x'.repeat(100) + 'customers.csv'));
		expect(sniffBinary(zip)).toMatch(/ZIP archive/);
	});
	it('names images, PDF, gzip, old .xls and UTF-16', () => {
		expect(sniffBinary(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toMatch(/PNG/);
		expect(sniffBinary(utf8('%PDF-1.7\n%âãÏÓ'))).toMatch(/PDF/);
		expect(sniffBinary(bytes(0x1f, 0x8b, 0x08, 0x00))).toMatch(/gzip/);
		expect(sniffBinary(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1))).toMatch(/\.xls\)/);
		expect(sniffBinary(bytes(0xff, 0xfe, 0x69, 0x00))).toMatch(/UTF-16/);
		expect(sniffBinary(bytes(0xfe, 0xff, 0x00, 0x69))).toMatch(/UTF-16/);
	});
	it('refuses NUL bytes and control-byte noise', () => {
		expect(sniffBinary(utf8('id,name\n1,a\u0000b\n'))).toMatch(/NUL/);
		const noise = new Uint8Array(1000).map((_, i) => (i % 7 === 0 ? 0x03 : 0x41));
		expect(sniffBinary(noise)).toMatch(/binary/);
	});
});

describe('detectEncoding', () => {
	it('sees a BOM and valid UTF-8', () => {
		expect(detectEncoding(concat(bytes(0xef, 0xbb, 0xbf), utf8('a,b\n')))).toEqual({ encoding: 'utf-8', bom: true, notices: [] });
		expect(detectEncoding(utf8('name\nZoë\n'))).toEqual({ encoding: 'utf-8', bom: false, notices: [] });
	});
	it('falls back to Windows-1252 with a warning when UTF-8 is invalid', () => {
		const e = detectEncoding(MUELLER_1252);
		expect(e.encoding).toBe('windows-1252');
		expect(e.notices).toHaveLength(1);
		expect(e.notices[0].level).toBe('warning');
		expect(e.notices[0].message).toMatch(/Windows-1252/);
		expect(e.notices[0].message).toMatch(/byte 1\b/);
	});
	it('does not blame a head that ends inside a multi-byte character', () => {
		const head = utf8('name\nZoë').subarray(0, 8); // cuts "ë" (C3 AB) after C3
		expect(detectEncoding(head).encoding).toBe('utf-8');
	});
});

describe('decodeBytes', () => {
	it('strips the BOM', () => {
		const d = decodeBytes(concat(bytes(0xef, 0xbb, 0xbf), utf8('id,name\n')));
		expect(d).toEqual({ text: 'id,name\n', encoding: 'utf-8', bom: true, notices: [] });
	});
	it('decodes Latin-1 "Müller" and the Windows-1252 euro sign', () => {
		const d = decodeBytes(MUELLER_1252);
		expect(d.text).toBe('Müller;€5');
		expect(d.encoding).toBe('windows-1252');
		expect(d.notices[0].message).toMatch(/not valid UTF-8/);
	});
	it('keeps UTF-8 text exactly', () => {
		const text = 'name\n"Zoë, 🚀"\nשלום\n';
		expect(decodeBytes(utf8(text)).text).toBe(text);
	});
});

describe('decodeWindows1252', () => {
	it('maps 0x80–0x9F to the Windows-1252 characters and the rest to Latin-1', () => {
		expect(decodeWindows1252(bytes(0x80, 0x91, 0x92, 0x93, 0x94, 0x96, 0x9f, 0xe9, 0x41))).toBe('€‘’“”–Ÿé' + 'A');
	});
	it('decodes inputs longer than one block', () => {
		const long = new Uint8Array(20_000).fill(0xfc);
		expect(decodeWindows1252(long)).toBe('ü'.repeat(20_000));
	});
});

describe('the "not valid UTF-8" notice names the byte, counted from the start of the file', () => {
	const BOM = bytes(0xef, 0xbb, 0xbf);
	const offsetIn = (message: string) => Number(/first at byte (\d+)\)/.exec(message)?.[1]);
	// [what, file bytes, offset of the first invalid sequence]: the bytes before it decode as UTF-8, the fatal decoder's check.
	const cases: [string, Uint8Array, number][] = [
		['a file cut off mid-character', concat(utf8('a,b\n1,'), bytes(0xc3)), 6],
		['a BOM, then a file cut off mid-character', concat(BOM, utf8('a,b\n'), bytes(0xe2, 0x82)), 7],
		['an encoded surrogate mid-file', concat(utf8('id\nx'), bytes(0xed, 0xa0, 0x80), utf8('y\n')), 4],
		['an encoded surrogate after a BOM', concat(BOM, utf8('id\nx'), bytes(0xed, 0xa0, 0x80), utf8('y\n')), 7],
		['an overlong form', concat(utf8('id\n'), bytes(0xe0, 0x80, 0xaf), utf8('\n')), 3],
		['a code point past U+10FFFF', concat(utf8('id\nab'), bytes(0xf4, 0x90, 0x80, 0x80)), 5]
	];
	it.each(cases)('decodeBytes: %s', (_, file, offset) => {
		const d = decodeBytes(file);
		expect(d.encoding).toBe('windows-1252');
		expect(offsetIn(d.notices[0].message)).toBe(offset);
		const body = file.subarray(d.bom ? 3 : 0, offset);
		expect(() => new TextDecoder('utf-8', { fatal: true }).decode(body)).not.toThrow();
	});
	it('detectEncoding on a head: the same offsets, except a character cut off by the end of the head', () => {
		for (const [, file, offset] of cases.slice(2)) expect(offsetIn(detectEncoding(file).notices[0].message)).toBe(offset);
		expect(detectEncoding(cases[0][1]).encoding).toBe('utf-8');
		expect(detectEncoding(cases[1][1]).encoding).toBe('utf-8');
	});
	it.each(cases)('detectEncoding on a whole file agrees with decodeBytes: %s', (_, file, offset) => {
		const d = detectEncoding(file, true);
		expect(d.encoding).toBe('windows-1252');
		expect(d.notices).toEqual(decodeBytes(file).notices);
		expect(offsetIn(d.notices[0].message)).toBe(offset);
	});
});
