import { describe, expect, it } from 'vitest';
import { packText } from '../../src/lib/core/text-values';
import { unpackText } from '../../src/lib/workers/score-protocol';

describe('packed text slices', () => {
	it('come back as the same values, nulls, empty strings, non-ASCII and surrogate pairs included', () => {
		const values = ['CUST-1', null, '', 'Zoë', '😀x', null, 'a\u0000b', '\ud800', 'line\nbreak', ''];
		const packed = structuredClone(packText(values));
		// Each cell's end; a missing cell is −1 − end, so it stays apart from an empty string.
		expect(Array.from(packed.ends)).toEqual([6, -7, 6, 9, 12, -13, 15, 16, 26, 26]);
		const out = new Array<string | null>(values.length + 4).fill('untouched');
		unpackText(packed, out, 2);
		expect(out.slice(2, 2 + values.length)).toEqual(values);
		expect(out.slice(0, 2)).toEqual(['untouched', 'untouched']);
		expect(out.slice(2 + values.length)).toEqual(['untouched', 'untouched']);
	});

	it('refuse ends that do not add up, and a slice past the column', () => {
		expect(() => unpackText({ text: 'abcd', ends: Int32Array.from([1, 3]) }, new Array(2))).toThrow(/1 characters after the last cell/);
		expect(() => unpackText({ text: 'abcd', ends: Int32Array.from([3, 2]) }, new Array(2))).toThrow(/cell 1 ends at 2, outside 3…4/);
		expect(() => unpackText({ text: 'ab', ends: Int32Array.from([1, 2]) }, new Array(2), 1)).toThrow(/outside 0…1/);
	});
});
