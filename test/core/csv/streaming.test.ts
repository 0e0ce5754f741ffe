/** Text and date cells handed on while reading (the import worker's `text` messages) and put back together. */
import { describe, expect, it } from 'vitest';
import { ColumnBuilder } from '../../../src/lib/core/csv/columns';
import { Spellings, UNKNOWN } from '../../../src/lib/core/csv/spellings';
import { sendable, StreamedText } from '../../../src/lib/core/csv/streamed-text';
import { PackedTexts, textArray } from '../../../src/lib/core/text-values';
import type { ColumnMapping, Dialect, ParsedColumns } from '../../../src/lib/core/csv/types';
import { Random } from '../../../src/lib/core/random';

const DIALECT: Dialect = { encoding: 'utf-8', bom: false, delimiter: ',', decimalComma: false };
const MAPPING: ColumnMapping[] = [
	{ index: 0, name: 'id', type: 'text', role: 'id' },
	{ index: 1, name: 'name', type: 'text', role: 'name' },
	{ index: 2, name: 'as_of', type: 'date', role: 'asOf', dateFormat: 'iso' },
	{ index: 3, name: 'renewal', type: 'date', role: 'renewalDate', dateFormat: 'mdy' },
	{ index: 4, name: 'arr', type: 'number', role: 'arr' }
];

/** 3,000 rows with blanks, padding, N/A, bad dates, a ragged row and an empty line, in uneven chunks. */
function chunks(): string[][][] {
	const random = new Random(11);
	const pick = <T>(xs: T[]) => xs[random.int(0, xs.length - 1)];
	const rows = Array.from({ length: 3000 }, (_, i) => [
		`C${i}`,
		pick(['Acme', ' Acme ', '', 'Bolt Industries International', '\u00a0', 'Zürich AG']),
		pick(['2024-01-31', '2024-02-29', '', 'N/A', '2024-13-01']),
		pick(['1/31/2024', '12/1/2024', 'soon', '', '02/29/2024']),
		String(i)
	]);
	rows[700] = ['C700', 'short'];
	rows[1500] = [''];
	return [rows.slice(0, 1), rows.slice(1, 1234), rows.slice(1234, 1235), rows.slice(1235)];
}

/** Feeds the chunks, taking the text cells after each as the worker does; every cell taken, and the result. */
function stream(keep: ReadonlySet<string>) {
	const builder = new ColumnBuilder(MAPPING, DIALECT, 5);
	const text = new StreamedText();
	let next = 2;
	for (const chunk of chunks()) {
		builder.addRows(chunk, next);
		next += chunk.length;
		// Through structuredClone, as postMessage would carry them.
		for (const { name, at, cells } of structuredClone(builder.takeTextCells(keep).map((t) => ({ ...t, cells: sendable(t.cells) })))) text.add(name, at, cells);
	}
	const parsed = builder.finish();
	return { parsed, text };
}

/** `parsed` with every text column as a plain array. */
function plain(parsed: ParsedColumns): ParsedColumns {
	const columns = Object.fromEntries(Object.entries(parsed.columns).map(([name, c]) => [name, c.kind === 'text' ? { kind: 'text' as const, values: textArray(c.values) } : c]));
	return { ...parsed, columns };
}

function whole(): ParsedColumns {
	const builder = new ColumnBuilder(MAPPING, DIALECT, 5);
	let next = 2;
	for (const chunk of chunks()) {
		builder.addRows(chunk, next);
		next += chunk.length;
	}
	return builder.finish();
}

describe('text cells handed on while reading', () => {
	it('put back together, give exactly the columns of a file read whole', () => {
		const { parsed, text } = stream(new Set(['id']));
		const completed = text.complete(parsed);
		// The streamed text columns come packed; their cells are the file's.
		expect(completed.columns.name.kind === 'text' && completed.columns.name.values instanceof PackedTexts).toBe(true);
		expect(plain(completed)).toEqual(whole());
	});
	it('leave the worker: a column not kept comes empty from finish(), a kept one whole, dates whole', () => {
		const { parsed } = stream(new Set(['id']));
		expect(parsed.columns.name).toEqual({ kind: 'text', values: [] });
		expect(parsed.columns.id).toEqual(whole().columns.id);
		expect(parsed.columns.as_of).toEqual(whole().columns.as_of);
	});
	it('send dates as codes into their distinct values, and report every bad date', () => {
		const builder = new ColumnBuilder(MAPPING.slice(2, 4), DIALECT, 5);
		builder.addRows([['', '', '2024-01-31', 'soon', ''], ['', '', '2024-01-31', 'soon', ''], ['', '', 'NA', '1/2/2024', '']], 2);
		const [asOf, renewal] = builder.takeTextCells(new Set());
		expect(asOf).toEqual({ name: 'as_of', at: 0, cells: { codes: Int32Array.from([0, 0, -1]), levels: ['2024-01-31'], firstLevel: 0 } });
		expect(renewal.cells).toEqual({ codes: Int32Array.from([-1, -1, 0]), levels: ['2024-01-02'], firstLevel: 0 });
		// Each distinct date is handed over once.
		builder.addRows([['', '', '2024-01-31', '1/2/2024', ''], ['', '', '2024-02-01', '', '']], 5);
		expect(builder.takeTextCells(new Set())[0].cells).toEqual({ codes: Int32Array.from([0, 1]), levels: ['2024-02-01'], firstLevel: 1 });
		const parsed = builder.finish();
		expect(parsed.problems.map((p) => [p.row, p.value])).toEqual([[2, 'soon'], [3, 'soon']]);
		expect(parsed.columns.as_of).toEqual({ kind: 'text', values: ['2024-01-31', '2024-01-31', null, '2024-01-31', '2024-02-01'] });
		expect(parsed.problemCount).toBe(2);
	});
	it('hand over nothing when no row was kept since the last call', () => {
		const builder = new ColumnBuilder(MAPPING, DIALECT, 5);
		builder.addRows([['C1', 'a', '', '', '1']], 2);
		expect(builder.takeTextCells(new Set()).map((t) => t.name)).toEqual(['id', 'name', 'as_of', 'renewal']);
		builder.addRows([[''], ['C2', 'ragged']], 3);
		expect(builder.takeTextCells(new Set())).toEqual([]);
	});
});

describe('StreamedText', () => {
	const parsed = (): ParsedColumns => ({
		rowCount: 2,
		columns: { t: { kind: 'text', values: [] }, n: { kind: 'number', values: Float64Array.of(1, 2) } },
		sourceRows: Int32Array.of(2, 3),
		problems: [],
		problemCount: 0,
		rowsRead: 2,
		rowsSkipped: 0
	});
	const packed = (values: (string | null)[]) => sendable({ values });
	it('refuses cells out of order, of a column that is not text, or too few', () => {
		const text = new StreamedText();
		text.add('t', 0, packed(['a']));
		expect(() => text.add('t', 2, packed(['c']))).toThrow(/rows from 2, expected 1/);
		expect(() => text.complete(parsed())).toThrow(/"t" has 1 cells, the file 2 rows/);
		expect(() => text.add('t', 1, { codes: Int32Array.of(0), levels: ['b'], firstLevel: 0 })).toThrow(/dates received for "t", a text column/);
		text.add('t', 1, packed([null]));
		const t = text.complete(parsed()).columns.t;
		expect(t.kind === 'text' && t.values instanceof PackedTexts).toBe(true);
		expect(t.kind === 'text' && textArray(t.values)).toEqual(['a', null]);
		const wrong = new StreamedText();
		wrong.add('n', 0, packed(['x', 'y']));
		expect(() => wrong.complete(parsed())).toThrow(/"n", which is not a parsed text column/);
	});
	it('joins the packs of many messages into one, missing and empty cells kept apart', () => {
		const text = new StreamedText();
		const messages: (string | null)[][] = [['', null], ['xy', null, ''], [null], ['z', 'Zoë😀'], []];
		let at = 0;
		for (const cells of messages) {
			text.add('t', at, packed(cells));
			at += cells.length;
		}
		// Enough messages to outgrow the first room for cell ends.
		for (let k = 0; k < 600; k++) text.add('t', at++, packed([k % 3 ? `c${k}` : null]));
		const values = text.finish(['t'], at).get('t')!;
		expect(values).toBeInstanceOf(PackedTexts);
		expect(textArray(values)).toEqual([...messages.flat(), ...Array.from({ length: 600 }, (_, k) => (k % 3 ? `c${k}` : null))]);
	});
	it('refuses dates out of order, and a pack that does not hold together', () => {
		const text = new StreamedText();
		text.add('d', 0, { codes: Int32Array.of(0, -1), levels: ['2026-01-31'], firstLevel: 0 });
		expect(() => text.add('d', 2, { codes: Int32Array.of(0), levels: ['b'], firstLevel: 2 })).toThrow(/levels from 2, expected 1/);
		expect(() => text.add('d', 2, packed(['x']))).toThrow(/text received for "d", a date column/);
		text.add('d', 2, { codes: Int32Array.of(1, 0), levels: ['2026-02-28'], firstLevel: 1 });
		expect(text.finish(['d'], 4).get('d')).toEqual(['2026-01-31', null, '2026-02-28', '2026-01-31']);
		expect(() => new StreamedText().add('t', 0, { packed: { text: 'abc', ends: Int32Array.of(1) } })).toThrow(/2 characters after the last cell/);
		expect(() => new StreamedText().add('t', 0, { packed: { text: 'a', ends: Int32Array.of(2) } })).toThrow(/cell 0 ends at 2, outside 0…1/);
	});
	it('leaves the parsed columns as they came when nothing was streamed', () => {
		const p = parsed();
		expect(new StreamedText().complete(p)).toBe(p);
	});
});

describe('Spellings', () => {
	const get = (spellings: Spellings, s: string) => spellings.get(`[${s}]`, 1, s.length + 1);
	it('finds each spelling by a range of the text, and stops remembering at max', () => {
		const spellings = new Spellings(100);
		for (let i = 0; i < 120; i++) spellings.set(`s${i}`, i - 2);
		expect([0, 1, 7, 8, 99, 100, 119].map((i) => get(spellings, `s${i}`))).toEqual([-2, -1, 5, 6, 97, UNKNOWN, UNKNOWN]);
		expect(get(spellings, 's')).toBe(UNKNOWN);
		expect(get(spellings, 's00')).toBe(UNKNOWN);
		// Spellings that differ only in length or one late character.
		const near = new Spellings();
		near.set('Gold', 1);
		near.set('Gold ', 2);
		near.set('Golf', 3);
		expect(['Gold', 'Gold ', 'Golf', 'Gol', ''].map((s) => get(near, s))).toEqual([1, 2, 3, UNKNOWN, UNKNOWN]);
		expect(() => new Spellings(-1)).toThrow(/-1/);
	});
});
