import { describe, expect, it } from 'vitest';
import { civilOfDay, dayNumber, isIsoDate, isoDate, isoDateInName, isoOfDay, spelledDate } from '../../src/lib/core/dates';
import { Random } from '../../src/lib/core/random';

const DAY_MS = 86_400_000;

describe('ISO dates', () => {
	it('isIsoDate: exactly yyyy-mm-dd of a date that exists, years 1000–9999', () => {
		for (const ok of ['2025-01-05', '2024-02-29', '2000-02-29', '1000-01-01', '9999-12-31', '2025-04-30']) expect(isIsoDate(ok), ok).toBe(true);
		const bad = ['2025-02-29', '1900-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '2025-01-00', '0999-12-31', '2025-1-5', '2025/01/05', ' 2025-01-05', '2025-01-05T00:00', '２０２５-01-05', '', 'soon'];
		for (const no of bad) expect(isIsoDate(no), no).toBe(false);
		for (const no of [null, undefined, 20250105, new Date()]) expect(isIsoDate(no)).toBe(false);
		expect(isoDate(2024, 2, 29)).toBe('2024-02-29');
		expect(isoDate(2025, 2, 29)).toBeNull();
		expect(isoDate(2025, 1.5, 1)).toBeNull();
	});

	it('day numbers as Date.UTC counts them, every day from 1000-01-01 to 9999-12-31 in seeded jumps, and back', () => {
		const random = new Random(7);
		const first = Date.UTC(1000, 0, 1) / DAY_MS;
		const last = Date.UTC(9999, 11, 31) / DAY_MS;
		let checked = 0;
		for (let day = first; day <= last; day += random.int(1, 400), checked++) {
			const iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
			expect(dayNumber(iso), iso).toBe(day);
			expect(isoOfDay(day)).toBe(iso);
		}
		expect(checked).toBeGreaterThan(15_000);
		expect(dayNumber('1970-01-01')).toBe(0);
		expect(dayNumber('9999-12-31')).toBe(last);
		expect(civilOfDay(last + 1)).toEqual([10_000, 1, 1]);
	});

	it('refuses what is not a date, naming it', () => {
		expect(() => dayNumber('2025-02-30')).toThrow('"2025-02-30"');
		expect(() => isoOfDay(1.5)).toThrow('1.5');
		expect(() => isoOfDay(Date.UTC(9999, 11, 31) / DAY_MS + 1)).toThrow('outside years 1000–9999');
	});
});

describe('spelledDate', () => {
	it('writes the month in words, the day without a leading zero', () => {
		expect(spelledDate('2026-12-01')).toBe('1 December 2026');
		expect(spelledDate('2026-01-12')).toBe('12 January 2026');
		expect(spelledDate('2024-02-29')).toBe('29 February 2024');
	});

	it('refuses text that is not a date, naming it', () => {
		expect(() => spelledDate('2025-02-29')).toThrow('invalid date; not yyyy-mm-dd: "2025-02-29"');
		expect(() => spelledDate('12/01/2026')).toThrow('"12/01/2026"');
	});
});

describe('isoDateInName', () => {
	it('reads the year-month-day a CRM export is named by', () => {
		expect(isoDateInName('accounts_2026-09-30.csv')).toBe('2026-09-30');
		expect(isoDateInName('export 2026_10_31 (2).csv')).toBe('2026-10-31');
		expect(isoDateInName('2026.08.31-health.csv')).toBe('2026-08-31');
		// The same date twice is still one date.
		expect(isoDateInName('2026-09-30/accounts-2026-09-30.csv')).toBe('2026-09-30');
	});
	it('proposes nothing for a month alone, an impossible date, mixed separators, a longer number or a range', () => {
		expect(isoDateInName('telco_2026-09.csv')).toBeNull();
		expect(isoDateInName('accounts_2026-02-30.csv')).toBeNull();
		expect(isoDateInName('accounts_2026-09_30.csv')).toBeNull();
		expect(isoDateInName('id 12026-09-301.csv')).toBeNull();
		expect(isoDateInName('churn 2026-08-31 to 2026-10-31.csv')).toBeNull();
		expect(isoDateInName('export.csv')).toBeNull();
	});
});
