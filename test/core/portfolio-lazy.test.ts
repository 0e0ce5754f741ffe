import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/lib/core/dataset';
import { generateDemo } from '../../src/lib/core/demo';
import { currentView, lazyRows } from '../../src/lib/core/portfolio';
import { selectRows, type Table } from '../../src/lib/core/table';

/** The current view as it was built before: every column copied at once. */
function eagerView(dataset: Dataset): { rows: number[]; table: Table } {
	const asOf = dataset.table.columns[dataset.meta.roles.asOf!];
	if (asOf.kind !== 'category') throw new Error('the demo has a category as-of column');
	const latest = asOf.levels.reduce((a, b) => (b > a ? b : a));
	const code = asOf.levels.indexOf(latest);
	const rows: number[] = [];
	asOf.codes.forEach((c, i) => c === code && rows.push(i));
	return { rows, table: selectRows(dataset.table, rows) };
}

describe('current view, columns copied on first read', () => {
	const dataset = generateDemo({ accounts: 400 });
	const view = currentView(dataset);
	const eager = eagerView(dataset);

	it('has the rows and every column of the latest snapshot that selectRows gives', () => {
		expect(view.asOf).toBe(dataset.meta.snapshots.at(-1));
		expect(Array.from(view.rows)).toEqual(eager.rows);
		expect(view.table.rowCount).toBe(eager.rows.length);
		expect(Object.keys(view.table.columns)).toEqual(Object.keys(dataset.table.columns));
		expect(view.table).toEqual(eager.table);
		// Text, category and number columns are all there.
		expect(new Set(Object.values(view.table.columns).map((c) => c.kind))).toEqual(new Set(['text', 'category', 'number']));
	});

	it('copies a column once, on its first read, and never changes the dataset', () => {
		const table: Table = { rowCount: 4, columns: { n: { kind: 'number', values: Float64Array.from([1, 2, 3, 4]) }, t: { kind: 'text', values: ['a', null, 'c', 'd'] } } };
		const lazy = lazyRows(table, Uint32Array.from([3, 1]));
		const first = lazy.columns.n;
		expect(first).toEqual({ kind: 'number', values: Float64Array.from([4, 2]) });
		expect(lazy.columns.n).toBe(first);
		expect(lazy.columns.t).toEqual({ kind: 'text', values: ['d', null] });
		expect('n' in lazy.columns && !('x' in lazy.columns)).toBe(true);
		(first as { values: Float64Array }).values[0] = 99;
		expect(Array.from((table.columns.n as { values: Float64Array }).values)).toEqual([1, 2, 3, 4]);
	});

	it('survives structured cloning (a table posted to a worker) with every column', () => {
		const cloned = structuredClone(view.table);
		expect(cloned).toEqual(eager.table);
	});
});
