import { describe, expect, it } from 'vitest';
import { detectDateFormat, isBlank, isMissingMarker, parseBoolean, parseDate, parseNumber, parsePlainNumber } from '../../../src/lib/core/csv/values';

describe('isBlank', () => {
	it('is true only for empty and whitespace-only cells', () => {
		for (const s of ['', ' ', '\t', ' \u00a0 ']) expect(isBlank(s), JSON.stringify(s)).toBe(true);
		for (const s of ['0', ' a', '-', 'NA']) expect(isBlank(s), JSON.stringify(s)).toBe(false);
	});
});

describe('isMissingMarker', () => {
	it('knows NA, N/A, #N/A, null, None but not NaN or a dash', () => {
		for (const s of ['NA', 'n/a', '#N/A', 'NULL', 'None', ' null ']) expect(isMissingMarker(s), s).toBe(true);
		for (const s of ['NaN', '-', '0', 'Nancy', '']) expect(isMissingMarker(s), s).toBe(false);
	});
});

describe('parseNumber with a decimal point', () => {
	const cases: [string, number][] = [
		['1234.5', 1234.5],
		['-3', -3],
		['+3', 3],
		['.5', 0.5],
		['1e3', 1000],
		['1.5E-2', 0.015],
		[' 42 ', 42],
		['1,234', 1234],
		['1,234,567.89', 1234567.89],
		['$1,234.50', 1234.5],
		['-$5', -5],
		['$-5', -5],
		['€ 900', 900],
		['900 €', 900],
		['£50.50', 50.5],
		['12 %', 12],
		['7.5%', 7.5],
		['(1,234)', -1234],
		['($1,234.50)', -1234.5],
		['1 234.5', 1234.5],
		["1'234.5", 1234.5],
		['\u22127', -7],
		['1e300', 1e300]
	];
	for (const [s, x] of cases) it(`reads ${JSON.stringify(s)} as ${x}`, () => expect(parseNumber(s, false)).toBe(x));

	const rejected = ['NaN', 'Infinity', '-Infinity', '1e400', '-1e400', 'abc', '', ' ', '1,23', '1,234,56', '12,5', '--5', '(-5)', '$', '12.3.4', '0x10', '=1+2', '-2+3', '1 23', '1,234 567'];
	for (const s of rejected) it(`rejects ${JSON.stringify(s)}`, () => expect(parseNumber(s, false)).toBeNull());
});

describe('parsePlainNumber', () => {
	it('equals Number(s) bit for bit on plain decimals of up to 15 digits', () => {
		let seed = 7;
		const next = () => (seed = (seed * 48271) % 2147483647);
		for (let i = 0; i < 20_000; i++) {
			const digits = String(next()) + String(next());
			const intLength = 1 + (next() % Math.min(15, digits.length));
			const fracLength = next() % (16 - intLength);
			const s = (next() % 2 ? '-' : '') + digits.slice(0, intLength) + (fracLength ? '.' + digits.slice(intLength, intLength + fracLength).padEnd(fracLength, '7') : '');
			expect(Object.is(parsePlainNumber(s, false), Number(s)), s).toBe(true);
		}
	});
	it('leaves everything else to the full parser (NaN)', () => {
		for (const s of ['', '-', '.5', '5.', '1e5', '1,234', ' 1', '1234567890123456', '1.2.3', '+1']) expect(parsePlainNumber(s, false), s).toBeNaN();
		expect(parsePlainNumber('1.5', true)).toBeNaN();
		expect(parsePlainNumber('-15', true)).toBe(-15);
	});
});

describe('parseNumber with a decimal comma', () => {
	const cases: [string, number][] = [
		['3,5', 3.5],
		['-0,25', -0.25],
		['1.234,56', 1234.56],
		['1.234', 1234],
		['1,234', 1.234],
		['1 234,5', 1234.5],
		['1\u202f234,5', 1234.5],
		['€ 1.234,50', 1234.5],
		['12,5 %', 12.5],
		['3.5', 3.5],
		['42', 42]
	];
	for (const [s, x] of cases) it(`reads ${JSON.stringify(s)} as ${x}`, () => expect(parseNumber(s, true)).toBe(x));
	for (const s of ['1,2,3', '1.23,4', 'NaN']) it(`rejects ${JSON.stringify(s)}`, () => expect(parseNumber(s, true)).toBeNull());
});

describe('parseBoolean', () => {
	it('reads yes/no, y/n, true/false, t/f and 1/0 in any case', () => {
		for (const s of ['yes', 'Yes', 'YES', 'y', 'Y', 'true', 'True', 'TRUE', 't', '1', ' Yes ', 'oui', 'VRAI']) expect(parseBoolean(s), s).toBe(true);
		for (const s of ['no', 'No', 'NO', 'n', 'N', 'false', 'False', 'FALSE', 'f', '0', ' no', 'non', 'FAUX']) expect(parseBoolean(s), s).toBe(false);
	});
	it('returns null for anything else', () => {
		for (const s of ['maybe', '2', '', 'yess', '1.0', '-1', 'None']) expect(parseBoolean(s), s).toBeNull();
	});
});

describe('parseDate', () => {
	it('reads ISO dates, with or without time, and a month alone', () => {
		expect(parseDate('2024-01-31', 'iso')).toBe('2024-01-31');
		expect(parseDate('2024-1-5', 'iso')).toBe('2024-01-05');
		expect(parseDate('2024/01/31', 'iso')).toBe('2024-01-31');
		expect(parseDate(' 2024-01-31T10:20:00Z ', 'iso')).toBe('2024-01-31');
		expect(parseDate('2024-01-31 23:59:59.123+02:00', 'iso')).toBe('2024-01-31');
		expect(parseDate('2024-03', 'iso')).toBe('2024-03-01');
	});
	it('checks the calendar, leap years included', () => {
		expect(parseDate('2024-02-29', 'iso')).toBe('2024-02-29');
		expect(parseDate('2023-02-29', 'iso')).toBeNull();
		expect(parseDate('1900-02-29', 'iso')).toBeNull();
		expect(parseDate('2000-02-29', 'iso')).toBe('2000-02-29');
		expect(parseDate('2024-04-31', 'iso')).toBeNull();
		expect(parseDate('2024-13-01', 'iso')).toBeNull();
		expect(parseDate('2024-00-10', 'iso')).toBeNull();
	});
	it('reads m/d/yyyy only month first', () => {
		expect(parseDate('1/31/2024', 'mdy')).toBe('2024-01-31');
		expect(parseDate('12-25-2024', 'mdy')).toBe('2024-12-25');
		expect(parseDate('3/4/2024 10:00 PM', 'mdy')).toBe('2024-03-04');
		expect(parseDate('31/1/2024', 'mdy')).toBeNull();
		expect(parseDate('1.31.2024', 'mdy')).toBeNull();
	});
	it('reads d.m.yyyy and d/m/yyyy day first', () => {
		expect(parseDate('31.1.2024', 'dmy')).toBe('2024-01-31');
		expect(parseDate('31/01/2024', 'dmy')).toBe('2024-01-31');
		expect(parseDate('3/4/2024', 'dmy')).toBe('2024-04-03');
		expect(parseDate('1/31/2024', 'dmy')).toBeNull();
	});
	it('rejects two-digit years and non-dates', () => {
		for (const s of ['12/31/24', 'tomorrow', '', '2024', '20240131', '2024-01-31x']) {
			expect(parseDate(s, 'mdy'), s).toBeNull();
			expect(parseDate(s, 'dmy'), s).toBeNull();
			expect(parseDate(s, 'iso'), s).toBeNull();
		}
	});
});

describe('detectDateFormat', () => {
	it('detects ISO', () => expect(detectDateFormat(['2024-01-31', '2024-02-01', ''])).toBe('iso'));
	it('detects m/d/yyyy when a second part is above 12', () => expect(detectDateFormat(['1/31/2024', '2/1/2024', '3/4/2024'])).toBe('mdy'));
	it('detects d/m/yyyy when a first part is above 12', () => expect(detectDateFormat(['31/1/2024', '1/2/2024'])).toBe('dmy'));
	it('reports ambiguous when every day and month are at most 12', () => {
		expect(detectDateFormat(['1/2/2024', '3/4/2024', '12/11/2024', '05/06/2024'])).toBe('ambiguous');
	});
	it('reads dots as day first without asking', () => expect(detectDateFormat(['01.02.2024', '03.04.2024'])).toBe('dmy'));
	it('returns null for values that are not dates, or not one format', () => {
		expect(detectDateFormat(['hello', 'world'])).toBeNull();
		expect(detectDateFormat(['1/31/2024', '31/1/2024'])).toBeNull();
		expect(detectDateFormat(['2024-01-31', '1/31/2024'])).toBeNull();
		expect(detectDateFormat([])).toBeNull();
		expect(detectDateFormat([' ', ''])).toBeNull();
	});
	it('tolerates one stray value in a hundred', () => {
		const values = Array.from({ length: 99 }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')}`);
		expect(detectDateFormat([...values, 'unknown'])).toBe('iso');
	});
});
