// The tokenizer against papaparse, its reference: whatever text tokenize accepts, it must read exactly as
// papaparse's Parser reads it (same records, same cells, same cursor); what it refuses, papaparse reads.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../../src/lib/core/csv/decode';
import { CsvReader, lineBreakOf } from '../../../src/lib/core/csv/reader';
import { recordAt, recordsOf, tokenize, type LineBreak } from '../../../src/lib/core/csv/tokenize';
import type { ColumnMapping, Dialect } from '../../../src/lib/core/csv/types';
import { Random } from '../../../src/lib/core/random';
import { WELL_FORMED } from './tokenize-cases';

const BAD = fileURLToPath(new URL('../../fixtures/bad/', import.meta.url));

function papa(text: string, delimiter: string, newline: LineBreak, last: boolean): { rows: string[][]; cursor: number } {
	const result = new Papa.Parser({ delimiter, newline }).parse(text, 0, !last) as { data: string[][]; meta: { cursor: number } };
	return { rows: result.data, cursor: result.meta.cursor };
}

function ours(text: string, delimiter: string, newline: LineBreak, last: boolean): { rows: string[][]; cursor: number } | null {
	const records = tokenize(text, delimiter, newline, last);
	if (!records) return null;
	return { rows: Array.from({ length: records.count }, (_, r) => recordAt(records, r)), cursor: records.cursor };
}

/** Checks both readings of one text, as a last piece and as a piece with more to come; true when tokenize took it. */
function agrees(text: string, delimiter: string, newline: LineBreak): boolean {
	let took = true;
	for (const last of [true, false]) {
		const mine = ours(text, delimiter, newline, last);
		if (mine === null) {
			took = false;
			continue;
		}
		expect(mine, JSON.stringify({ text, delimiter, newline, last })).toEqual(papa(text, delimiter, newline, last));
	}
	return took;
}

describe('tokenize', () => {
	it('reads well-formed CSV as papaparse does: quotes, doubled quotes, line breaks in quotes, empty cells and lines', () => {
		for (const [text, delimiter, newline] of WELL_FORMED) expect(agrees(text, delimiter, newline), text).toBe(true);
		expect(tokenize('', ',', '\n', true)?.count).toBe(0);
	});

	it('leaves to papaparse what it does not read the same way', () => {
		expect(tokenize('"a" ,b\n', ',', '\n', true)).toBeNull();
		expect(tokenize('"a"b,c\n', ',', '\n', true)).toBeNull();
		expect(tokenize('a,"never closed\n1,2\n', ',', '\n', true)).toBeNull();
		// With more to come, an open quote is a record cut off by the end of the piece.
		expect(tokenize('a,b\n1,"open\n', ',', '\n', false)?.cursor).toBe(4);
	});

	it('agrees with papaparse on 20,000 random texts of quotes, delimiters and line breaks', () => {
		const rng = new Random(7);
		const rand = () => rng.uniform();
		const alphabet = ['a', 'b', '1', ' ', ',', ';', '"', '""', '\n', '\r', '\r\n', 'é', '\t'];
		let taken = 0;
		for (let t = 0; t < 20_000; t++) {
			const length = Math.floor(rand() * 30);
			let text = '';
			for (let i = 0; i < length; i++) text += alphabet[Math.floor(rand() * alphabet.length)];
			const delimiter = [',', ';', '\t'][t % 3];
			const newline = (['\n', '\r\n', '\r'] as const)[Math.floor(t / 3) % 3];
			if (agrees(text, delimiter, newline)) taken++;
		}
		// Most random texts are well-formed enough to be read here rather than handed to papaparse.
		expect(taken).toBeGreaterThan(5_000);
	});

	it('agrees with papaparse on every file of the bad-input corpus, whole and cut into pieces', () => {
		for (const name of readdirSync(BAD).filter((n) => /\.(csv|tsv)$/.test(n))) {
			const { text } = decodeBytes(readFileSync(BAD + name));
			for (const delimiter of [',', ';', '\t', '|']) {
				const newline = lineBreakOf(text, delimiter);
				agrees(text, delimiter, newline);
				agrees(text.slice(0, Math.floor(text.length / 2)), delimiter, newline);
			}
		}
	});
});

describe('CsvReader', () => {
	const DIALECT: Dialect = { encoding: 'utf-8', bom: false, delimiter: ',', decimalComma: false };
	const MAPPING: ColumnMapping[] = [
		{ index: 0, name: 'id', type: 'text', role: 'id' },
		{ index: 1, name: 'plan', type: 'category', role: 'segment' },
		{ index: 2, name: 'arr', type: 'number', role: 'arr' }
	];

	it('reads a text cut into any pieces the same as whole, whether tokenize or papaparse read each piece', () => {
		const lines = ['id,plan,arr'];
		const ragged: number[] = [];
		for (let i = 0; i < 300; i++) {
			// Quoted cells with doubled quotes (tokenize), a space after a closing quote (papaparse), a ragged row.
			if (i % 7 === 0) lines.push(`"C${i}, Inc.","Gold ""plus""",${i}.5`);
			else if (i % 11 === 0) lines.push(`C${i},"Gold" ,${i}`);
			else if (i % 13 === 0) {
				lines.push(`C${i},Gold`);
				ragged.push(i + 2);
			} else lines.push(`C${i},Silver,${i}`);
		}
		const text = lines.join('\r\n') + '\r\n';
		const read = (cut: number) => {
			const reader = new CsvReader(MAPPING, DIALECT);
			for (let at = 0; at < text.length; at += cut) reader.push(text.slice(at, at + cut), at + cut >= text.length);
			return { parsed: reader.finish(), papaparse: reader.papaparsePieces };
		};
		const whole = read(text.length);
		expect(whole.parsed?.rowCount).toBe(300 - ragged.length);
		expect(whole.parsed?.problems.map((p) => p.row)).toEqual(ragged);
		expect(whole.parsed?.columns.plan).toMatchObject({ levels: ['Gold "plus"', 'Silver', 'Gold'] });
		for (const cut of [1, 7, 64, 1000]) {
			const pieces = read(cut);
			expect(pieces.parsed).toEqual(whole.parsed);
			expect(pieces.papaparse).toBeGreaterThan(0);
		}
	});

	it('takes the field count from the first line that is not empty, and numbers rows from it', () => {
		const reader = new CsvReader(MAPPING, DIALECT);
		reader.push('\n,,\nid,plan,arr\nC1,Gold,5\nC2,Gold', false);
		reader.push(',x\n', true);
		const parsed = reader.finish();
		expect(parsed?.rowCount).toBe(2);
		expect(Array.from(parsed?.sourceRows ?? [])).toEqual([2, 3]);
		expect(parsed?.problems).toEqual([{ row: 3, column: 'arr', value: 'x', message: 'not a number', action: 'treated as missing' }]);
	});

	it('turns rows already split into records over one text', () => {
		const records = recordsOf([['a', ''], ['"q"']]);
		expect([recordAt(records, 0), recordAt(records, 1)]).toEqual([['a', ''], ['"q"']]);
	});
});
