import { describe, expect, it } from 'vitest';
import { Random } from '../../src/lib/core/random';
import { cell, isMissing, selectRows } from '../../src/lib/core/table';
import { checkPacked, packText, PackedTexts, textArray, textCell } from '../../src/lib/core/text-values';

const CELLS = ['CUST-1', null, '', 'Zoë', '😀x', null, 'a\u0000b', '\ud800', 'line\nbreak', '', null];

/** Random cells: nulls, empty strings, ASCII and non-ASCII text. */
function randomCells(random: Random, n: number): (string | null)[] {
	const alphabet = ['a', 'B', '7', ' ', ',', '"', 'é', '😀', '\n'];
	return Array.from({ length: n }, () => {
		const r = random.uniform();
		if (r < 0.15) return null;
		if (r < 0.25) return '';
		return Array.from({ length: 1 + Math.floor(random.uniform() * 6) }, () => alphabet[Math.floor(random.uniform() * alphabet.length)]).join('');
	});
}

describe('PackedTexts', () => {
	it('gives back every cell, missing and empty apart, and nothing past the end', () => {
		const packed = PackedTexts.of(CELLS);
		expect(packed.length).toBe(CELLS.length);
		expect(packed.text).toBe('CUST-1Zoë😀xa\u0000b\ud800line\nbreak');
		CELLS.forEach((v, i) => expect(packed.at(i)).toBe(v));
		expect(packed.at(CELLS.length)).toBeUndefined();
		expect(packed.toArray()).toEqual(CELLS);
		expect([...packed]).toEqual(CELLS);
		expect(textArray(packed)).toEqual(CELLS);
		expect(textCell(packed, 3)).toBe('Zoë');
		expect(textCell(CELLS, 3)).toBe('Zoë');
	});

	it('made from several texts, reads as their join', () => {
		const packed = new PackedTexts({ texts: ['ab', '', 'c'], ends: Int32Array.of(1, 2, -3, 3) });
		expect(packed.toArray()).toEqual(['a', 'b', null, 'c']);
		expect(packed.text).toBe('abc');
		expect(new PackedTexts({ texts: [], ends: new Int32Array(0) }).text).toBe('');
	});

	it('is empty for no cells, and all-missing cells have no text', () => {
		expect(PackedTexts.of([]).length).toBe(0);
		expect(PackedTexts.of([]).toArray()).toEqual([]);
		const missing = PackedTexts.of([null, null]);
		expect(missing.text).toBe('');
		expect(missing.toArray()).toEqual([null, null]);
	});

	it('slices, picks and joins to the same cells as the plain array would (random cells, every cut)', () => {
		const random = new Random(7);
		for (let trial = 0; trial < 20; trial++) {
			const cells = randomCells(random, 1 + Math.floor(random.uniform() * 40));
			const packed = PackedTexts.of(cells);
			for (let a = 0; a <= cells.length; a++) {
				const b = a + Math.floor(random.uniform() * (cells.length - a + 1));
				const slice = packed.slice(a, b);
				checkPacked(slice, () => 'slice');
				expect(new PackedTexts(slice).toArray()).toEqual(cells.slice(a, b));
				// Cut in three and joined again: the original.
				const joined = PackedTexts.join([packed.slice(0, a), slice, packed.slice(b)]);
				expect(joined.toArray()).toEqual(cells);
				expect(Array.from(joined.ends)).toEqual(Array.from(packed.ends));
				expect(joined.text).toBe(packed.text);
			}
			const rows = Int32Array.from({ length: 15 }, () => Math.floor(random.uniform() * cells.length));
			expect(packed.pick(rows).toArray()).toEqual(Array.from(rows, (r) => cells[r]));
			expect(packText(packed, 1, cells.length)).toEqual(packed.slice(1));
		}
	});

	it('made of several texts, reads cells, slices across them and picks without joining them first', () => {
		const random = new Random(11);
		for (let trial = 0; trial < 20; trial++) {
			const cells = randomCells(random, 1 + Math.floor(random.uniform() * 60));
			// Cut at random places (some parts empty): the texts a column arrives or is stored in.
			const cuts = [0, ...Array.from({ length: 5 }, () => Math.floor(random.uniform() * (cells.length + 1))).sort((x, y) => x - y), cells.length];
			const pieces = cuts.slice(1).map((end, k) => packText(cells, cuts[k], end));
			const several = PackedTexts.join(pieces);
			const one = PackedTexts.of(cells);
			cells.forEach((v, i) => expect(several.at(i), `cell ${i}`).toBe(v));
			for (let a = 0; a <= cells.length; a++) {
				const b = a + Math.floor(random.uniform() * (cells.length - a + 1));
				const slice = several.slice(a, b);
				checkPacked(slice, () => 'slice');
				expect(slice).toEqual(one.slice(a, b));
			}
			const rows = Int32Array.from({ length: 25 }, () => Math.floor(random.uniform() * cells.length));
			expect(several.pick(rows).toArray()).toEqual(Array.from(rows, (r) => cells[r]));
			expect(several.text).toBe(one.text);
			expect(several.slice(0)).toEqual(one.slice(0));
		}
	});

	it('stay packed when rows of a table are selected, and read as cells like an array column', () => {
		const table = { rowCount: CELLS.length, columns: { t: { kind: 'text' as const, values: PackedTexts.of(CELLS) }, u: { kind: 'text' as const, values: CELLS } } };
		const picked = selectRows(table, [3, 1, 0, 3]);
		const t = picked.columns.t;
		expect(t.kind === 'text' && t.values instanceof PackedTexts).toBe(true);
		expect(t.kind === 'text' && textArray(t.values)).toEqual(['Zoë', null, 'CUST-1', 'Zoë']);
		expect(picked.columns.u).toEqual({ kind: 'text', values: ['Zoë', null, 'CUST-1', 'Zoë'] });
		CELLS.forEach((v, i) => {
			expect(cell(table.columns.t, i)).toBe(v);
			expect(isMissing(table.columns.t, i)).toBe(v === null);
		});
	});

	it('refuses to pick a row it does not have', () => {
		expect(() => PackedTexts.of(['a']).pick([1])).toThrow(/invalid row 1; the column has 1 cells/);
	});

	it('checks that a pack holds together', () => {
		expect(() => checkPacked({ text: 'abc', ends: Int32Array.of(1, 3) }, () => 'ok')).not.toThrow();
		expect(() => checkPacked({ text: 'abc', ends: Int32Array.of(2, 1) }, () => 'block 4')).toThrow(/block 4: cell 1 ends at 1, outside 2…3/);
		expect(() => checkPacked({ text: 'abc', ends: Int32Array.of(1, -3) }, () => 'block 4')).toThrow(/block 4: 1 characters after the last cell/);
		expect(() => checkPacked({ text: 'abc', ends: Int32Array.of(4) }, () => 'b')).toThrow(/cell 0 ends at 4, outside 0…3/);
		expect(() => packText([1 as unknown as string])).toThrow(/text cell 0 is a number, not text/);
	});
});
