import { describe, expect, it } from 'vitest';
import { applyRemembered, headerSetKey, readRemembered, toRemembered } from '../../../src/lib/core/csv/remember';
import type { ColumnMapping } from '../../../src/lib/core/csv/types';

const m = (index: number, name: string, type: ColumnMapping['type'], role: ColumnMapping['role'], dateFormat?: ColumnMapping['dateFormat']): ColumnMapping => ({
	index, name, type, role, ...(dateFormat ? { dateFormat } : {})
});

describe('headerSetKey', () => {
	it('is the same for the same columns in any order, trimmed', () => {
		const key = headerSetKey(['account', 'seats', 'renewal']);
		expect(headerSetKey(['renewal', 'account', 'seats'])).toBe(key);
		expect(headerSetKey([' seats ', 'renewal', 'account'])).toBe(key);
		expect(key).toMatch(/^3-[0-9a-f]{16}$/);
	});

	it('differs when a column is added, missing, renamed or changes case', () => {
		const key = headerSetKey(['account', 'seats']);
		expect(headerSetKey(['account', 'seats', 'plan'])).not.toBe(key);
		expect(headerSetKey(['account'])).not.toBe(key);
		expect(headerSetKey(['account', 'seat'])).not.toBe(key);
		expect(headerSetKey(['Account', 'seats'])).not.toBe(key);
		// Names that run together when joined are still two different sets.
		expect(headerSetKey(['a,b', 'c'])).not.toBe(headerSetKey(['a', 'b,c']));
	});
});

describe('remembering a mapping', () => {
	const names = ['account', 'seats', 'renewal'];
	const mapping = [m(0, 'account', 'text', 'id'), m(1, 'seats', 'number', 'metric'), m(2, 'renewal', 'date', 'renewalDate', 'dmy')];

	it('stores a version, the sorted names and the mapping; reads it back for the same columns in any order', () => {
		const stored = toRemembered(names, mapping);
		expect(stored).toEqual({ version: 1, names: ['account', 'renewal', 'seats'], mapping });
		// What IndexedDB gives back is a structured clone.
		expect(readRemembered(structuredClone(stored), ['renewal', 'seats', 'account'])).toEqual(mapping);
	});

	it('refuses a value for other columns, of another version, or with an invalid entry', () => {
		const stored = toRemembered(names, mapping);
		expect(readRemembered(stored, ['account', 'seats'])).toBeUndefined();
		expect(readRemembered({ ...stored, version: 2 }, names)).toBeUndefined();
		expect(readRemembered({ ...stored, mapping: [{ ...mapping[0], role: 'owner-ish' }] }, names)).toBeUndefined();
		expect(readRemembered({ ...stored, mapping: [{ ...mapping[2], dateFormat: 'ambiguous' }] }, names)).toBeUndefined();
		expect(readRemembered(undefined, names)).toBeUndefined();
		expect(readRemembered('mapping', names)).toBeUndefined();
	});
});

describe('applyRemembered', () => {
	const proposal = [m(0, 'seats', 'number', 'metric'), m(1, 'account', 'text', 'id'), m(2, 'renewal', 'date', 'renewalDate', 'iso'), m(3, 'plan', 'category', 'segment')];
	const remembered = [
		m(0, 'account', 'text', 'id'),
		m(1, 'seats', 'number', 'ignore'),
		m(2, 'renewal', 'date', 'renewalDate', 'dmy'),
		m(3, 'region', 'category', 'segment')
	];

	it('applies type, role and date format by name at the new positions; new columns keep the proposal; gone ones are dropped', () => {
		expect(applyRemembered(proposal, remembered)).toEqual([
			m(0, 'seats', 'number', 'ignore'),
			m(1, 'account', 'text', 'id'),
			m(2, 'renewal', 'date', 'renewalDate', 'dmy'),
			m(3, 'plan', 'category', 'segment')
		]);
	});

	it('a column no longer a date loses its format; the proposal is not changed', () => {
		const before = structuredClone(proposal);
		const applied = applyRemembered(proposal, [m(9, 'renewal', 'text', 'ignore')]);
		expect(applied[2]).toEqual(m(2, 'renewal', 'text', 'ignore'));
		expect(proposal).toEqual(before);
	});
});
