// Cutting a column into stored blocks: a range of blocks is exactly those blocks of the whole.
import { describe, expect, it } from 'vitest';
import { blockCount, joinColumn, splitColumn } from '../../src/lib/db/blocks';
import { BLOCK_ROWS } from '../../src/lib/db/schema';

describe('splitColumn', () => {
	const rows = 2 * BLOCK_ROWS + 7;
	const column = { kind: 'text' as const, values: Array.from({ length: rows }, (_, i) => (i % 5 ? `v${i}` : null)) };

	it('gives any range of blocks as the same blocks the whole split gives, and they join back to the column', () => {
		const whole = splitColumn('d', 'c', column, rows);
		expect(whole.map((b) => b.block)).toEqual([0, 1, 2]);
		expect([...splitColumn('d', 'c', column, rows, 0, 2), ...splitColumn('d', 'c', column, rows, 2, 4)]).toEqual(whole);
		expect(splitColumn('d', 'c', column, rows, 1, 2)).toEqual([whole[1]]);
		expect(joinColumn({ name: 'c', kind: 'text' }, whole, rows)).toEqual(column);
		expect(blockCount(rows)).toBe(3);
	});
});
