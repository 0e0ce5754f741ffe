import { describe, expect, it } from 'vitest';
import { CustomerCoder, customerCodes } from '../../src/lib/core/customer-codes';
import { layoutOf } from '../../src/lib/core/history-layout';
import { encodeCategories, type Table } from '../../src/lib/core/table';

/** The numbering layoutOf used before: a Map from ID to index in order of first appearance. */
function mapCodes(values: readonly (string | null)[]): { codes: number[]; count: number } {
	const seen = new Map<string, number>();
	const codes = values.map((v) => {
		if (v === null) return -1;
		let c = seen.get(v);
		if (c === undefined) seen.set(v, (c = seen.size));
		return c;
	});
	return { codes, count: seen.size };
}

/** Deterministic pseudo-random IDs with repeats, nulls, '' and non-ASCII text. */
function ids(n: number, distinct: number, seed = 7): (string | null)[] {
	let x = seed;
	const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
	const extra = ['', 'é', '名前', '😀', 'a\u0000b', 'CUST-1 ', ' CUST-1'];
	return Array.from({ length: n }, () => {
		const r = next() % (distinct + 10);
		if (r < 3) return null;
		if (r < 10) return extra[r - 3];
		return `CUST-${String(next() % distinct).padStart(7, '0')}`;
	});
}

describe('customer codes', () => {
	it('number customers as a Map does, in order of first appearance, null rows −1', () => {
		const values = ids(20_000, 3_000);
		const want = mapCodes(values);
		const got = customerCodes(values);
		expect(got.count).toBe(want.count);
		expect(Array.from(got.codes)).toEqual(want.codes);
	});

	it('give the same codes fed in slices as at once, and keep each ID by its code', () => {
		const values = ids(50_000, 20_000, 11);
		const coder = new CustomerCoder(values.length);
		for (let start = 0; start < values.length; start += 4_999) coder.add(values, start, Math.min(values.length, start + 4_999));
		const want = mapCodes(values);
		expect(Array.from(coder.codes)).toEqual(want.codes);
		expect(coder.count).toBe(want.count);
		values.forEach((v, i) => {
			if (v !== null) expect(coder.ids[coder.codes[i]]).toBe(v);
		});
	});

	it('tell apart IDs that differ only in case, spaces or a NUL', () => {
		const { codes, count } = customerCodes(['a', 'A', 'a ', ' a', 'a\u0000', 'a', '', '']);
		expect(Array.from(codes)).toEqual([0, 1, 2, 3, 4, 0, 5, 5]);
		expect(count).toBe(6);
	});

	it('refuse a slice outside the table', () => {
		const coder = new CustomerCoder(3);
		expect(() => coder.add(['a', 'b', 'c', 'd'], 0, 4)).toThrow(/outside 0…2/);
		expect(() => coder.add(['a', 'b'], 1, 0)).toThrow(/invalid slice/);
		expect(() => new CustomerCoder(-1)).toThrow(/invalid row count/);
	});

	it('make the same layout whether layoutOf codes the IDs or is given the codes', () => {
		const values = ids(30_000, 5_000, 3);
		const dates = ['2026-03-31', '2026-01-31', '2026-02-28'];
		const table: Table = {
			rowCount: values.length,
			columns: { id: { kind: 'text', values }, as_of: encodeCategories(values.map((_, i) => (i % 97 === 0 ? null : dates[i % 3]))) }
		};
		const roles = { id: 'id', asOf: 'as_of' };
		const coder = new CustomerCoder(values.length);
		coder.add(values, 0, 10_000);
		coder.add(values, 10_000, values.length);
		const given = layoutOf(table, roles, { codes: coder.codes, count: coder.count });
		const own = layoutOf(table, roles);
		expect(given).toEqual(own);
		// And the Map numbering the layout had before.
		expect(Array.from(own.customerOf)).toEqual(mapCodes(values).codes);
		expect(own.snapshots).toEqual(['', '2026-01-31', '2026-02-28', '2026-03-31']);
		expect(() => layoutOf(table, roles, { codes: new Int32Array(5), count: 1 })).toThrow(/5 for 30000 rows/);
	});

	it('key number and category ID columns as text, as before', () => {
		const table: Table = {
			rowCount: 5,
			columns: { id: { kind: 'number', values: Float64Array.from([7, 8, NaN, 7, 9]) }, cat: encodeCategories(['x', null, 'y', 'x', 'y']) }
		};
		expect(Array.from(layoutOf(table, { id: 'id', asOf: undefined }).customerOf)).toEqual([0, 1, -1, 0, 2]);
		expect(Array.from(layoutOf(table, { id: 'cat', asOf: undefined }).customerOf)).toEqual([0, -1, 1, 0, 1]);
	});
});
