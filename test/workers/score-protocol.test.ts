import { describe, expect, it } from 'vitest';
import { packText, unpackText } from '../../src/lib/workers/score-protocol';

describe('packed text slices', () => {
	it('come back as the same values, nulls, empty strings, non-ASCII and surrogate pairs included', () => {
		const values = ['CUST-1', null, '', 'Zoë', '😀x', null, 'a\u0000b', '\ud800', 'line\nbreak', ''];
		const packed = structuredClone(packText(values));
		expect(Array.from(packed.lengths)).toEqual([6, -1, 0, 3, 3, -1, 3, 1, 10, 0]);
		const out = new Array<string | null>(values.length + 4).fill('untouched');
		unpackText(packed, out, 2);
		expect(out.slice(2, 2 + values.length)).toEqual(values);
		expect(out.slice(0, 2)).toEqual(['untouched', 'untouched']);
		expect(out.slice(2 + values.length)).toEqual(['untouched', 'untouched']);
	});

	it('refuse lengths that do not add up, and a slice past the column', () => {
		expect(() => unpackText({ joined: 'abcd', lengths: Int32Array.from([1, 2]) }, new Array(2))).toThrow(/add up to 3 characters, not 4/);
		expect(() => unpackText({ joined: 'ab', lengths: Int32Array.from([1, 1]) }, new Array(2), 1)).toThrow(/outside 0…1/);
	});
});
