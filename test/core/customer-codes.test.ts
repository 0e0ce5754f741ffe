import { describe, expect, it } from 'vitest';
import { CustomerCoder, customerCodes } from '../../src/lib/core/customer-codes';
import { layoutOf } from '../../src/lib/core/history-layout';
import { FILL_STEP, runSteps } from '../../src/lib/core/steps';
import { encodeCategories, type Table } from '../../src/lib/core/table';
import { PackedTexts, packText } from '../../src/lib/core/text-values';

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
			if (v !== null) expect(coder.id(coder.codes[i])).toBe(v);
		});
		expect(() => coder.id(want.count)).toThrow(/invalid customer index/);
	});

	it('give the same codes from a coder made in steps, its rows −1 until coded', () => {
		const values = ids(FILL_STEP + 1_000, 40_000, 13);
		const steps = CustomerCoder.inSteps(values.length + 7);
		let yields = 0;
		let next = steps.next();
		for (; !next.done; next = steps.next()) yields++;
		const coder = next.value;
		// The row codes and the hash table (4 slots a row, 2 numbers a slot) each filled a slice at a time.
		expect(yields).toBeGreaterThanOrEqual(2 + Math.floor((8 * values.length) / FILL_STEP));
		expect(coder.codes.every((c) => c === -1)).toBe(true);
		coder.add(values);
		expect(Array.from(coder.codes.subarray(0, values.length))).toEqual(mapCodes(values).codes);
		expect(Array.from(coder.codes.subarray(values.length))).toEqual([-1, -1, -1, -1, -1, -1, -1]);
		expect(runSteps(CustomerCoder.inSteps(0)).count).toBe(0);
	});

	it('give the same codes from packed cells, as slices or a whole column, where they lie in their text', () => {
		const values = ids(60_000, 15_000, 5);
		const want = mapCodes(values);
		// Slices as the page sends them (each its own text, cell ends from 0), in uneven sizes.
		const sliced = new CustomerCoder(values.length);
		for (let start = 0, size = 1; start < values.length; start += size, size = Math.min(size * 3, 9_001)) {
			sliced.addSlice(structuredClone(packText(values, start, Math.min(values.length, start + size))), start);
		}
		expect(Array.from(sliced.codes)).toEqual(want.codes);
		expect(sliced.count).toBe(want.count);
		// A packed column, coded in two calls (the second starts after a cell that may be missing).
		const packed = PackedTexts.of(values);
		const whole = new CustomerCoder(values.length);
		whole.add(packed, 0, 30_001);
		whole.add(packed, 30_001);
		expect(Array.from(whole.codes)).toEqual(want.codes);
		// Mixed: strings, then packed slices, keep one numbering.
		const mixed = new CustomerCoder(values.length);
		mixed.add(values, 0, 20_000);
		mixed.addSlice(packText(values, 20_000), 20_000);
		expect(Array.from(mixed.codes)).toEqual(want.codes);
		values.forEach((v, i) => {
			if (v !== null) expect(mixed.id(mixed.codes[i])).toBe(v);
		});
		expect(() => mixed.addSlice(packText(['x', 'y']), values.length - 1)).toThrow(/outside 0…59999/);
	});

	it('code as many distinct IDs as rows, and more when rows are coded again (the table grows)', () => {
		const n = 1 << 15;
		const values = Array.from({ length: n }, (_, i) => `${i}`);
		const coder = new CustomerCoder(n);
		coder.addSlice(packText(values), 0);
		expect(coder.count).toBe(n);
		expect(Array.from(coder.codes.subarray(0, 5))).toEqual([0, 1, 2, 3, 4]);
		// Rows given again with other IDs get new customers, past the room made for one per row.
		for (const suffix of ['b', 'c']) coder.add(values.map((v) => v + suffix));
		expect(coder.count).toBe(3 * n);
		expect(coder.codes[7]).toBe(2 * n + 7);
		expect([coder.id(7), coder.id(n + 7), coder.id(2 * n + 7)]).toEqual(['7', '7b', '7c']);
		// Those seen before keep their codes.
		coder.addSlice(packText(values), 0);
		expect(coder.codes[n - 1]).toBe(n - 1);
	});

	it('code several columns into one numbering at their offsets, texts of the same content kept apart by place', () => {
		// Two imports of the same customers: two packed texts equal in content but not the same string, a
		// plain column, then a slice: one numbering over all rows, as a Map over the rows one after another.
		const first = ids(12_000, 4_000, 5), second = ids(12_000, 4_000, 5), third = ids(5_000, 6_000, 9);
		const a = PackedTexts.of(first), b = PackedTexts.of(second);
		expect(a.text).toBe(b.text);
		const coder = new CustomerCoder(first.length + second.length + third.length + 4_000);
		for (let start = 0; start < a.length; start += 5_000) coder.add(a, start, Math.min(a.length, start + 5_000), 0);
		coder.add(b, 0, b.length, a.length);
		coder.add(third, 0, 3_000, 24_000);
		coder.add(third, 3_000, third.length, 24_000);
		coder.addSlice(packText(first, 0, 4_000), 29_000);
		const want = mapCodes([...first, ...second, ...third, ...first.slice(0, 4_000)]);
		expect(Array.from(coder.codes)).toEqual(want.codes);
		expect(coder.count).toBe(want.count);
		expect(() => coder.add(third, 0, 2, 32_999)).toThrow('invalid slice; rows 32999…33000 are outside 0…32999');
		expect(() => coder.add(third, 0, 1, -1)).toThrow('invalid offset');
	});

	it('tell apart IDs that differ only in case, spaces or a NUL', () => {
		const { codes, count } = customerCodes(['a', 'A', 'a ', ' a', 'a\u0000', 'a', '', '']);
		expect(Array.from(codes)).toEqual([0, 1, 2, 3, 4, 0, 5, 5]);
		expect(count).toBe(6);
	});

	it('code a whole packed column by partitions as CustomerCoder does: repeats, nulls, empty and non-ASCII IDs, a hash shared by two IDs', () => {
		// C449599 and C612382 have the same FNV-1a hash: the same partition and slot chain, told apart by their
		// text; so have P28384119 and P28384119px, one the other's start (and, after the longer, the shorter and
		// 'px' make the longer's characters).
		const colliding = ['C449599', 'C612382'];
		const prefix = ['P28384119', 'P28384119px'];
		for (const values of [
			ids(60_000, 15_000, 5),
			ids(9_000, 200_000, 13),
			[...colliding, null, ...colliding, '', ''],
			[...prefix, ...prefix],
			['P28384119px', 'P28384119', 'px', 'P28384119'],
			[null, null],
			[],
			['x']
		]) {
			const want = mapCodes(values);
			const packed = customerCodes(PackedTexts.of(values));
			expect(Array.from(packed.codes), `${values.length} rows`).toEqual(want.codes);
			expect(packed.count).toBe(want.count);
		}
		expect(Array.from(customerCodes(PackedTexts.of(colliding)).codes)).toEqual([0, 1]);
		// A column joined from slices, as the scoring worker has it (its text made from several).
		const values = ids(40_000, 30_000, 17);
		const joined = PackedTexts.join([packText(values, 0, 12_345), packText(values, 12_345, 30_000), packText(values, 30_000)]);
		expect(Array.from(customerCodes(joined).codes)).toEqual(mapCodes(values).codes);
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
