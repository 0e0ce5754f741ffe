// Cutting a column into stored blocks: a range of blocks is exactly those blocks of the whole.
import { describe, expect, it } from 'vitest';
import { blockCount, joinColumn, splitColumn } from '../../src/lib/db/blocks';
import { BLOCK_ROWS } from '../../src/lib/db/schema';
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
		expect([...splitColumn('d', 'c', column, rows, 0, 2), ...splitColumn('d', 'c', column, rows, 2, 4)]).toEqual(whole);
		expect(splitColumn('d', 'c', column, rows, 1, 2)).toEqual([whole[1]]);
		expectPackedText(joinColumn({ name: 'c', kind: 'text' }, whole, rows), column.values);
		// Split again from the packed column: the same blocks.
		expect(splitColumn('d', 'c', joinColumn({ name: 'c', kind: 'text' }, whole, rows), rows)).toEqual(whole);
		expect(blockCount(rows)).toBe(3);
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
