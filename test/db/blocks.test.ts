// Cutting a column into stored blocks: a range of blocks is exactly those blocks of the whole.
import { describe, expect, it } from 'vitest';
import { blockCount, blockRowsOf, joinColumn, splitColumn } from '../../src/lib/db/blocks';
import { BLOCK_ROWS, LEGACY_BLOCK_ROWS, type BlockData, type ScaledInts } from '../../src/lib/db/schema';
import type { Column } from '../../src/lib/core/table';
import { PackedTexts, textArray } from '../../src/lib/core/text-values';

/** A joined text column: packed (no string per cell), with these cells. */
function expectPackedText(column: Column, values: readonly (string | null)[]): void {
	expect(column.kind).toBe('text');
	if (column.kind !== 'text') return;
	expect(column.values).toBeInstanceOf(PackedTexts);
	expect(textArray(column.values)).toEqual(values);
}

describe('splitColumn', () => {
	const rows = 2 * BLOCK_ROWS + 7;
	const column = { kind: 'text' as const, values: Array.from({ length: rows }, (_, i) => (i % 5 ? `v${i}` : null)) };

	it('gives any range of blocks as the same blocks the whole split gives, and they join back to the column', () => {
		const whole = splitColumn('d', 'c', column, rows);
		expect(whole.map((b) => b.block)).toEqual([0, 1, 2]);
		expect([...splitColumn('d', 'c', column, rows, BLOCK_ROWS, 0, 2), ...splitColumn('d', 'c', column, rows, BLOCK_ROWS, 2, 4)]).toEqual(whole);
		expect(splitColumn('d', 'c', column, rows, BLOCK_ROWS, 1, 2)).toEqual([whole[1]]);
		expectPackedText(joinColumn({ name: 'c', kind: 'text' }, whole, rows), column.values);
		// Split again from the packed column: the same blocks.
		expect(splitColumn('d', 'c', joinColumn({ name: 'c', kind: 'text' }, whole, rows), rows)).toEqual(whole);
		expect(blockCount(rows)).toBe(3);
	});
});

describe('blocks of any size', () => {
	it('split and join back with the rows per block given; a dataset with none recorded has blocks of 10,000 rows', () => {
		const values = Float64Array.from({ length: 23 }, (_, i) => (i % 5 ? i / 4 : NaN));
		const column: Column = { kind: 'number', values };
		const blocks = splitColumn('d', 'n', column, 23, 7);
		expect(blocks.map((b) => b.block)).toEqual([0, 1, 2, 3]);
		expect(blockCount(23, 7)).toBe(4);
		const back = joinColumn({ name: 'n', kind: 'number' }, blocks, 23, 7);
		expect(back.kind === 'number' && [...back.values]).toEqual([...values]);
		// Read as blocks of another size, they are refused.
		expect(() => joinColumn({ name: 'n', kind: 'number' }, blocks, 23, 8)).toThrow(/column "n" is damaged: 4 blocks stored, expected 3/);
		expect(blockRowsOf({ name: 'x' })).toBe(LEGACY_BLOCK_ROWS);
		expect(blockRowsOf({ name: 'x', blockRows: 7 })).toBe(7);
		for (const bad of [0, -1, 1.5, NaN, 2 ** 21, '7' as unknown as number]) {
			expect(() => blockRowsOf({ name: 'x', blockRows: bad })).toThrow(/dataset "x" is damaged: its blocks have .* rows/);
		}
	});
});

describe('text blocks', () => {
	const meta = { name: 'c', kind: 'text' as const };
	const values = ['', null, 'Zoë “quoted”', null, null, '=HYPERLINK("x")', 'a'.repeat(3000), '', '\u{1F600}, \r\n'];

	it('are stored packed: one string and where each cell ends, missing cells marked apart from empty ones', () => {
		const [block] = splitColumn('d', 'c', { kind: 'text', values }, values.length);
		const data = block.data as { text: string; ends: Int32Array };
		expect(data.text).toBe(values.filter((v) => v !== null).join(''));
		expect([...data.ends.slice(0, 5)]).toEqual([0, -1, 12, -13, -13]);
		expectPackedText(joinColumn(meta, [block], values.length), values);
	});

	it('still read as arrays of strings, as workspaces stored before packing hold them', () => {
		expectPackedText(joinColumn(meta, [{ datasetId: 'd', column: 'c', block: 0, data: values }], values.length), values);
	});

	it('that do not hold together are refused as damaged, naming the column and block', () => {
		const packed = (text: string, ends: number[]) => [{ datasetId: 'd', column: 'c', block: 0, data: { text, ends: Int32Array.from(ends) } }];
		expect(() => joinColumn(meta, packed('abc', [2, 1]), 2)).toThrow(/column "c" is damaged: block 0: cell 1 ends at 1/);
		expect(() => joinColumn(meta, packed('abc', [2, 9]), 2)).toThrow(/cell 1 ends at 9, outside 2…3/);
		expect(() => joinColumn(meta, packed('abcd', [2, 3]), 2)).toThrow(/1 characters after the last cell/);
		expect(() => joinColumn(meta, packed('ab', [2]), 2)).toThrow(/1 blocks stored, expected 1|block 0 has 1 rows/);
		expect(() => joinColumn(meta, [{ datasetId: 'd', column: 'c', block: 0, data: ['a', 7 as unknown as string] }], 2)).toThrow(/block 0 is not a text block/);
		expect(() => joinColumn(meta, [{ datasetId: 'd', column: 'c', block: 0, data: new Float64Array(2) }], 2)).toThrow(/block 0 is not a text block/);
	});
});

describe('compact number and code blocks', () => {
	const numberMeta = { name: 'n', kind: 'number' as const };
	/** The stored block of `values`, and the values read back from it. */
	function roundTrip(values: number[]): { data: BlockData; back: Float64Array } {
		const column: Column = { kind: 'number', values: Float64Array.from(values) };
		const blocks = splitColumn('d', 'n', column, values.length);
		const back = joinColumn(numberMeta, blocks, values.length);
		return { data: blocks[0].data, back: back.kind === 'number' ? back.values : new Float64Array(0) };
	}
	/** Same bits: NaN equals NaN, -0 differs from 0. */
	function expectSame(back: Float64Array, values: number[]): void {
		expect(back.length).toBe(values.length);
		values.forEach((v, i) => expect(Object.is(back[i], v), `row ${i}: ${back[i]} for ${v}`).toBe(true));
	}

	it('stores integers and decimals in the narrowest integer type that gives every value back bit for bit', () => {
		const cases: [number[], number, typeof Int8Array | typeof Int16Array | typeof Int32Array][] = [
			[[0, 1, -127, 127, NaN], 0, Int8Array],
			[[0, -128], 0, Int16Array],
			[[3.5, -12.7, NaN, 0], 1, Int8Array],
			[[29.85, 1234.56, 0.01], 2, Int32Array],
			[[32767, -32767], 0, Int16Array],
			[[2147483647, -2147483647], 0, Int32Array],
			[[0.123456, 1], 6, Int32Array],
			[[NaN, NaN], 0, Int8Array],
			// More decimals further down: the rows before are written again at the new scale.
			[[1, NaN, 0.5, 0.25], 2, Int8Array],
			[[1, 2, 3, 0.5, 120, 0.25], 2, Int16Array],
			[[7, 1.5, NaN, 21474836.47], 2, Int32Array]
		];
		for (const [values, scale, type] of cases) {
			const { data, back } = roundTrip(values);
			expect(data, JSON.stringify(values)).toMatchObject({ scale });
			expect((data as ScaledInts).ints).toBeInstanceOf(type);
			expectSame(back, values);
		}
	});

	it('keeps Float64 for what no integer gives back: -0, ±Infinity, 7 decimals, beyond Int32, binary fractions', () => {
		for (const values of [[1, -0], [1, Infinity], [-Infinity], [0.1234567], [2147483648], [-2147483648], [1e300], [Math.PI], [5e-324], [0.1 + 0.2]]) {
			const { data, back } = roundTrip(values);
			expect(data, String(values)).toBeInstanceOf(Float64Array);
			expectSame(back, values);
		}
	});

	it('gives back random money, percentages and counts exactly (10,000 rows of each, and mixed)', () => {
		let seed = 7;
		const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
		const columns = [
			Array.from({ length: 10_000 }, () => Math.round(random() * 1e9) / 100),
			// + 0: Math.round gives -0 for small negatives, which stays Float64 (tested above).
			Array.from({ length: 10_000 }, () => Math.round(random() * 2000 - 1000) / 10 + 0),
			Array.from({ length: 10_000 }, () => Math.floor(random() * 300)),
			Array.from({ length: 10_000 }, () => (random() < 0.1 ? NaN : Number((random() * 100).toFixed(Math.floor(random() * 7)))))
		];
		for (const values of columns) {
			const { data, back } = roundTrip(values);
			expect(data).not.toBeInstanceOf(Float64Array);
			expectSame(back, values);
		}
	});

	it('stores codes as code + 1 in one or two bytes, and reads every form back, Int32 blocks of older workspaces included', () => {
		const meta = { name: 'c', kind: 'category' as const, levels: Array.from({ length: 70_000 }, (_, i) => `L${i}`) };
		for (const [codes, type] of [
			[[0, -1, 253, 5], Uint8Array],
			[[0, 254, -1], Uint8Array],
			[[0, 255, -1], Uint16Array],
			[[65534, -1], Uint16Array],
			[[65535, 0], Int32Array]
		] as const) {
			const column: Column = { kind: 'category', codes: Int32Array.from(codes), levels: meta.levels };
			const [block] = splitColumn('d', 'c', column, codes.length);
			expect(block.data, String(codes)).toBeInstanceOf(type);
			const back = joinColumn(meta, [block], codes.length);
			expect(back.kind === 'category' && [...back.codes]).toEqual([...codes]);
		}
		const legacy = joinColumn(meta, [{ datasetId: 'd', column: 'c', block: 0, data: Int32Array.from([2, -1]) }], 2);
		expect(legacy.kind === 'category' && [...legacy.codes]).toEqual([2, -1]);
		const legacyNumbers = joinColumn(numberMeta, [{ datasetId: 'd', column: 'n', block: 0, data: Float64Array.from([1.5, NaN]) }], 2);
		expectSame(legacyNumbers.kind === 'number' ? legacyNumbers.values : new Float64Array(0), [1.5, NaN]);
	});

	it('refuses a number block of no known form, naming the column and block', () => {
		const bad: unknown[] = [{ scale: 7, ints: new Int8Array(2) }, { scale: -1, ints: new Int8Array(2) }, { scale: 1, ints: new Uint8Array(2) }, new Int32Array(2), { scale: 1.5, ints: new Int16Array(2) }];
		for (const data of bad) {
			expect(() => joinColumn(numberMeta, [{ datasetId: 'd', column: 'n', block: 0, data: data as BlockData }], 2)).toThrow(/column "n" is damaged: block 0/);
		}
		expect(() => joinColumn({ name: 'c', kind: 'category', levels: ['a'] }, [{ datasetId: 'd', column: 'c', block: 0, data: new Int8Array(2) as unknown as BlockData }], 2)).toThrow(
			/column "c" is damaged: block 0 is not a block of category codes/
		);
	});
});
