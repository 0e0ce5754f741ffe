// The WebAssembly reader (records-wasm.ts) against tokenize() in JavaScript, which papaparse checks
// (tokenize.test.ts): the same records, cells (as UTF-16 ranges of the string), escapes and cursor, or null
// for the same texts; and its plain numbers against parsePlainNumberAt, bit for bit.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../../src/lib/core/csv/decode';
import { CsvReader, lineBreakOf } from '../../../src/lib/core/csv/reader';
import { wasmRecords } from '../../../src/lib/core/csv/records-wasm';
import { recordAt, tokenize, type LineBreak, type Records } from '../../../src/lib/core/csv/tokenize';
import { parsePlainNumberAt } from '../../../src/lib/core/csv/values';
import { Random } from '../../../src/lib/core/random';
import { WELL_FORMED } from './tokenize-cases';

const BAD = fileURLToPath(new URL('../../fixtures/bad/', import.meta.url));

function wasm() {
	const w = wasmRecords();
	if (!w) throw new Error('the WebAssembly reader did not start');
	return w;
}

/** Everything a reader of the records reads. */
function view(records: Records | null) {
	if (!records) return null;
	const cells = records.first[records.count];
	return {
		count: records.count,
		cursor: records.cursor,
		first: Array.from(records.first.subarray(0, records.count + 1)),
		start: Array.from(records.start.subarray(0, cells)),
		end: Array.from(records.end.subarray(0, cells)),
		escaped: Array.from(records.escaped.subarray(0, cells)),
		rows: Array.from({ length: records.count }, (_, r) => recordAt(records, r))
	};
}

/** The WebAssembly reading of `text` is tokenize's, last piece or not; its numbers are parsePlainNumberAt's. */
function same(text: string, delimiter: string, newline: LineBreak, columns: number[], decimalComma = false): boolean {
	let took = false;
	for (const last of [true, false]) {
		const expected = view(tokenize(text, delimiter, newline, last));
		const records = wasm().tokenize(text, delimiter, newline, last, { numbers: Int32Array.from(columns), codes: new Int32Array(0) }, decimalComma, {});
		const where = JSON.stringify({ text, delimiter, newline, last });
		expect(view(records), where).toEqual(expected);
		if (!records) continue;
		took = true;
		const { values } = records.numbers;
		expect(values.length).toBe(records.count * columns.length);
		for (let r = 0; r < records.count; r++) {
			for (let s = 0; s < columns.length; s++) {
				const c = records.first[r] + columns[s];
				const want = c < records.first[r + 1] ? parsePlainNumberAt(text, records.start[c], records.end[c], decimalComma) : NaN;
				const got = values[s * records.count + r];
				expect(Object.is(got, want), `${where} record ${r} field ${columns[s]}: ${got}, not ${want}`).toBe(true);
			}
		}
	}
	return took;
}

describe('the WebAssembly reader', () => {
	it('starts in node (the tests below would prove nothing if it fell back to JavaScript)', () => {
		expect(wasmRecords()).not.toBeNull();
	});

	it('reads what tokenize reads: quotes, doubled quotes, line breaks in quotes, each line break, the end of a piece', () => {
		const cases: [string, string, LineBreak][] = [
			...WELL_FORMED,
			// And what tokenize leaves to papaparse, and the empty text.
			['"a" ,b\n', ',', '\n'],
			['a,"never closed\n1,2\n', ',', '\n'],
			['"x"\r', ',', '\r\n'],
			['', ',', '\n']
		];
		for (const [text, delimiter, newline] of cases) same(text, delimiter, newline, [0, 1]);
	});

	it('gives cells as UTF-16 ranges of the string past accents, euro signs, emoji and replacement characters, 16 bytes at a time and across', () => {
		const long = 'x'.repeat(40);
		same(`é,€,😀\n${long}é${long},"${long}😀""${long}",1.5\n€€€€€€€€€€€€€€€€€€€€€,-2,😀😀😀😀😀😀😀😀😀\n`, ',', '\n', [1, 2]);
		same(`naïve,3\n\uFFFD,4\n\uD800,5\n`, ',', '\n', [1]);
		same(`${'a'.repeat(15)},${'b'.repeat(16)},${'c'.repeat(17)}\r\n${'é'.repeat(31)}\r\n`, ',', '\r\n', [0]);
	});

	it('agrees with tokenize on 20,000 random texts of quotes, delimiters, line breaks and characters of 1 to 4 bytes', () => {
		const rng = new Random(11);
		const alphabet = ['a', '1', '7.5', '-', '.', ' ', ',', ';', '"', '""', '\n', '\r', '\r\n', 'é', '€', '😀', '\t', '0123456789abcdef'];
		let taken = 0;
		for (let t = 0; t < 20_000; t++) {
			const length = Math.floor(rng.uniform() * 40);
			let text = '';
			for (let i = 0; i < length; i++) text += alphabet[Math.floor(rng.uniform() * alphabet.length)];
			const delimiter = [',', ';', '\t'][t % 3];
			const newline = (['\n', '\r\n', '\r'] as const)[Math.floor(t / 3) % 3];
			if (same(text, delimiter, newline, [0, 2, 1], t % 5 === 0)) taken++;
		}
		expect(taken).toBeGreaterThan(5_000);
	}, 60_000);

	it('reads plain numbers exactly as parsePlainNumberAt: signs, points, 15 and 16 digits, -0, decimal commas', () => {
		const cells = ['0', '-0', '12', '-12', '29.85', '0.1', '.5', '5.', '1.2.3', '-', '--1', '+1', '1e5', '123456789012345', '1234567890123456', '99999999999999.9', '0.000000000000001', '12a', ' 1', '1,5', '１'];
		const text = cells.map((c) => `x,${c.includes(',') ? `"${c}"` : c}`).join('\n') + '\n';
		for (const decimalComma of [false, true]) same(text, ',', '\n', [1], decimalComma);
		const records = wasm().tokenize('a,b\n-0,29.85\n', ',', '\n', true, { numbers: Int32Array.from([0, 1]), codes: new Int32Array(0) }, false, {});
		// Column by column: the header, the row, and the empty record after the last line break.
		expect(Array.from(records?.numbers.values ?? [])).toEqual([NaN, -0, NaN, NaN, 29.85, NaN]);
	});

	it('agrees with tokenize on every file of the bad-input corpus, whole and cut in half', () => {
		for (const name of readdirSync(BAD).filter((n) => /\.(csv|tsv)$/.test(n))) {
			const { text } = decodeBytes(readFileSync(BAD + name));
			for (const delimiter of [',', ';', '\t', '|']) {
				const newline = lineBreakOf(text, delimiter);
				same(text, delimiter, newline, [0, 1, 3]);
				same(text.slice(0, Math.floor(text.length / 2)), delimiter, newline, [1]);
			}
		}
	});

	it('looks up the spellings remembered, by field and exact bytes, for the reader that remembered them', () => {
		const reader = {};
		const fields = { numbers: new Int32Array(0), codes: Int32Array.from([0, 1]) };
		const read = (text: string, owner = reader) => {
			const records = wasm().tokenize(text, ',', '\n', false, fields, false, owner);
			if (!records) throw new Error('not read');
			return { records, codes: [0, 1].map((s) => Array.from(records.codes.values.subarray(s * records.count, (s + 1) * records.count))) };
		};
		const U = -0x7fffffff;
		const first = read('Gold,é\nSilver,"x""y"\n');
		expect(first.codes).toEqual([
			[U, U],
			[U, U]
		]);
		// Gold (field 0, cell 0) is 7, é (field 1, cell 1) is 3; a cell with doubled quotes is never remembered.
		first.records.remember(0, 0, 7);
		first.records.remember(0, 0, 8);
		first.records.remember(1, 1, 3);
		const second = read('Gold,Gold\n"Gold",é\nGold ,"x""y"\n');
		expect(second.codes).toEqual([
			[7, 7, U],
			[U, 3, U]
		]);
		// Another reader starts afresh.
		expect(read('Gold,é\n', {}).codes).toEqual([[U], [U]]);
		expect(read('Gold,é\n').codes).toEqual([[U], [U]]);
	});

	it('takes the bytes a piece was decoded from as they are when they are ASCII, and encodes the text otherwise', () => {
		const fields = { numbers: Int32Array.from([1]), codes: new Int32Array(0) };
		const encoder = new TextEncoder();
		for (const [head, tail] of [
			['id,n\nC1,', '5\nC2,6\n'],
			['', 'id,n\nC1,5\n'],
			['id,n\né,', '5\nC2,6\n'],
			['id,n\nC1,', '5\n£é,6\n']
		]) {
			const text = head + tail;
			const expected = view(tokenize(text, ',', '\n', true));
			const bytes = encoder.encode(tail);
			// The same characters one byte each, as a Windows-1252 file has them: not ASCII, so not taken as they are.
			const latin = Uint8Array.from(tail, (ch) => ch.charCodeAt(0));
			expect(view(wasm().tokenize(text, ',', '\n', true, fields, false, {}, { head, tail: latin })), text).toEqual(expected);
			const records = wasm().tokenize(text, ',', '\n', true, fields, false, {}, { head, tail: bytes });
			expect(view(records), text).toEqual(expected);
			const numbers = expected?.rows.map((row) => (row.length > 1 ? parsePlainNumberAt(row[1], 0, row[1].length, false) : NaN));
			expect(Array.from(records?.numbers.values ?? [])).toEqual(numbers);
		}
	});

	it('is what CsvReader reads a file with, piece by piece', () => {
		const reader = new CsvReader(
			[
				{ index: 0, name: 'id', type: 'text', role: 'id' },
				{ index: 1, name: 'arr', type: 'number', role: 'arr' }
			],
			{ encoding: 'utf-8', bom: false, delimiter: ',', decimalComma: false }
		);
		const text = `id,arr\n${Array.from({ length: 20_000 }, (_, i) => `C${i},${i}.25`).join('\n')}\n`;
		for (let at = 0; at < text.length; at += 4096) reader.push(text.slice(at, at + 4096), at + 4096 >= text.length);
		const parsed = reader.finish();
		expect(reader.wasmPieces).toBeGreaterThan(10);
		expect(reader.papaparsePieces).toBe(0);
		expect(parsed?.rowCount).toBe(20_000);
		expect(parsed?.columns.arr).toMatchObject({ kind: 'number' });
		const arr = parsed?.columns.arr;
		expect(arr?.kind === 'number' ? arr.values[19_999] : null).toBe(19_999.25);
	});
});
