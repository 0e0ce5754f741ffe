import { describe, expect, it } from 'vitest';
import {
	formatBytes, formatCompactMoney, formatCount, formatCountOf, formatFixed, formatMoney, formatPercent, formatPercentAsIs, formatPoints, formatReadTime, formatScore,
	formatSigned, formatSignedPoints, formatStamp, formatValue, formatValueIn, MINUS, unitSpaced, withMinus
} from '../../src/lib/core/format';
import { csvField, toCsv } from '../../src/lib/core/export-csv';

/** A no-break space (U+00A0), written here by its code rather than taken from the formatter. */
const nb = '\u00a0';

describe('formatStamp', () => {
	it("writes a stored UTC moment in this computer's time zone, as yyyy-mm-dd hh:mm", () => {
		// Made from local fields, so the test holds in any time zone the tests run in.
		expect(formatStamp(new Date(2026, 10, 24, 1, 42, 59).toISOString())).toBe('2026-11-24 01:42');
		expect(formatStamp(new Date(2027, 0, 1, 23, 5).toISOString())).toBe('2027-01-01 23:05');
	});
	it('leaves what is not a moment as it is', () => expect(formatStamp('soon')).toBe('soon'));
});

describe('formatCompactMoney: 3 significant digits, trailing zeros kept, never cents', () => {
	it('keeps three digits in every unit', () => {
		expect(formatCompactMoney(35_240_117, 'USD')).toBe('$35.2M');
		expect(formatCompactMoney(35_000_000, 'USD')).toBe('$35.0M'); // Intl's compact notation wrote "$35M" in Chromium
		expect(formatCompactMoney(35_040_000, 'USD')).toBe('$35.0M');
		expect(formatCompactMoney(352_000, 'USD')).toBe('$352K');
		expect(formatCompactMoney(1_200_000, 'USD')).toBe('$1.20M');
		expect(formatCompactMoney(1_234_567, 'USD')).toBe('$1.23M');
		expect(formatCompactMoney(117_149_000, 'USD')).toBe('$117M');
		expect(formatCompactMoney(4_560_000_000, 'USD')).toBe('$4.56B');
		expect(formatCompactMoney(7_100_000_000_000, 'USD')).toBe('$7.10T');
		expect(formatCompactMoney(1_000, 'USD')).toBe('$1.00K');
	});
	it('writes amounts under $1,000 in whole dollars, and 0 as $0', () => {
		expect(formatCompactMoney(0, 'USD')).toBe('$0');
		expect(formatCompactMoney(-0, 'USD')).toBe('$0');
		expect(formatCompactMoney(7, 'USD')).toBe('$7');
		expect(formatCompactMoney(12.49, 'USD')).toBe('$12');
		expect(formatCompactMoney(0.4, 'USD')).toBe('$0');
		expect(formatCompactMoney(999, 'USD')).toBe('$999');
		expect(formatCompactMoney(999.4, 'USD')).toBe('$999');
	});
	it('rounds half up on the amount, into the next unit when it reaches 1,000 of this one', () => {
		expect(formatCompactMoney(999.5, 'USD')).toBe('$1.00K');
		expect(formatCompactMoney(999_499, 'USD')).toBe('$999K');
		expect(formatCompactMoney(999_500, 'USD')).toBe('$1.00M');
		expect(formatCompactMoney(999_950, 'USD')).toBe('$1.00M');
		expect(formatCompactMoney(999_999_999, 'USD')).toBe('$1.00B');
		expect(formatCompactMoney(1_005_000, 'USD')).toBe('$1.01M'); // 1.005 as a double is below 1.005: rounded on the amount
		expect(formatCompactMoney(1_004_999, 'USD')).toBe('$1.00M');
		expect(formatCompactMoney(9_995, 'USD')).toBe('$10.0K');
		expect(formatCompactMoney(99_950, 'USD')).toBe('$100K');
	});
	it('writes negatives with a minus sign (U+2212) before the dollar, as the full format does; none for what rounds to 0', () => {
		expect(formatCompactMoney(-1_234, 'USD')).toBe('\u2212$1.23K');
		expect(formatCompactMoney(-999_950, 'USD')).toBe('\u2212$1.00M');
		expect(formatCompactMoney(-250, 'USD')).toBe('\u2212$250');
		expect(formatCompactMoney(-0.3, 'USD')).toBe('$0');
		expect(formatMoney(-1_234, 'USD')).toBe('\u2212$1,234');
		expect(formatMoney(-0.4, 'USD')).toBe('$0');
	});
	it('is what formatMoney writes when asked for compact; "–" for what is not an amount', () => {
		expect(formatMoney(35_040_000, 'USD', true)).toBe('$35.0M');
		expect(formatMoney(35_040_000, 'USD')).toBe('$35,040,000');
		for (const x of [NaN, Infinity, -Infinity]) {
			expect(formatCompactMoney(x, 'USD')).toBe('–');
			expect(formatMoney(x, 'USD', true)).toBe('–');
		}
	});
});

describe('formatCountOf', () => {
	it('says 1 row, 0 rows, 2 rows and 1,000 customers', () => {
		expect(formatCountOf(1, 'row')).toBe('1 row');
		expect(formatCountOf(0, 'row')).toBe('0 rows');
		expect(formatCountOf(2, 'row')).toBe('2 rows');
		expect(formatCountOf(1000, 'customer')).toBe('1,000 customers');
		expect(formatCountOf(1, 'match', 'matches')).toBe('1 match');
	});
});

describe('formatReadTime: the rate from the seconds shown, and only where it means something', () => {
	it('shows no rate for a few rows or under 0.1 s', () => {
		// The audit's cases: 2 rows in 0.01 s ("71 rows/s") and 2 rows in 1.49 s ("1 rows/s").
		expect(formatReadTime(2, 12)).toBe(`0.01${nb}s`);
		expect(formatReadTime(2, 1490)).toBe(`1.49${nb}s`);
		expect(formatReadTime(999, 5000)).toBe(`5.00${nb}s`);
		expect(formatReadTime(1_000_000, 99)).toBe(`0.10${nb}s`);
	});
	it('divides the rows by the seconds as shown', () => {
		// 7,043 rows / 0.25 s = 28,172; unrounded 7,043 / 0.2549 would say 27,630.
		expect(formatReadTime(7043, 254.9)).toBe(`0.25${nb}s (28,172${nb}rows/s)`);
		expect(formatReadTime(1000, 100)).toBe(`0.10${nb}s (10,000${nb}rows/s)`);
		// From 10 s on, one decimal: 1,000,000 / 12.3 = 81,300.8.
		expect(formatReadTime(1_000_000, 12_345)).toBe(`12.3${nb}s (81,301${nb}rows/s)`);
	});
});

describe('negative numbers read with a true minus sign (U+2212), in every format', () => {
	// Written out as escapes, so the test does not depend on telling − from - by eye.
	const m = '\u2212';
	it('is U+2212, not the hyphen-minus', () => {
		expect(MINUS).toBe(m);
		expect(MINUS.codePointAt(0)).toBe(0x2212);
	});
	it('signs a change: −3.0, 0.0 (no sign), +2.5; what rounds to zero has no sign', () => {
		expect(formatSignedPoints(-3)).toBe(`${m}3.0`);
		expect(formatSignedPoints(0)).toBe('0.0');
		expect(formatSignedPoints(-0)).toBe('0.0');
		expect(formatSignedPoints(2.5)).toBe('+2.5');
		expect(formatSignedPoints(-0.04)).toBe('0.0');
		expect(formatSignedPoints(0.05)).toBe('+0.1');
		expect(formatSigned(-0.0123 * 100, 2)).toBe(`${m}1.23`);
		expect(formatSigned(0.5, 2)).toBe('+0.50');
		expect(formatSigned(-0.001, 2)).toBe('0.00');
	});
	it('writes negative counts, points, percentages, values and fixed decimals with it', () => {
		expect(formatCount(-1234)).toBe(`${m}1,234`);
		expect(formatPoints(-3)).toBe(`${m}3.0`);
		expect(formatPoints(-0.04)).toBe('0.0');
		expect(formatPercent(-12.34)).toBe(`${m}12.3${nb}%`);
		expect(formatValue(-3)).toBe(`${m}3`);
		expect(formatValue(-5.256)).toBe(`${m}5.26`);
		expect(formatValue(-1234.5)).toBe(`${m}1,234.5`);
		expect(formatValue(-0.001)).toBe('0');
		expect(formatValue(-Infinity)).toBe(`${m}Infinity`);
		expect(formatFixed(-0.1234, 3)).toBe(`${m}0.123`);
		expect(formatFixed(-0.0001, 3)).toBe('0.000');
		expect(formatScore(-3)).toBe(`${m}3.0`);
	});
	it('leaves positive numbers and zero as they were', () => {
		expect(formatValue(3)).toBe('3');
		expect(formatValue(0)).toBe('0');
		expect(formatPoints(2.5)).toBe('2.5');
		expect(formatMoney(1234, 'USD')).toBe('$1,234');
		expect(withMinus('12')).toBe('12');
		expect(withMinus('-∞')).toBe(`${m}∞`);
		expect(withMinus('-0')).toBe('0');
	});
	it('shows the ARR column as money and every other column as a number, "missing" for none', () => {
		expect(formatValueIn(-1234, { money: 'USD' })).toBe(`${m}$1,234`);
		expect(formatValueIn(52_000, { money: 'USD' })).toBe('$52,000');
		expect(formatValueIn(NaN, { money: 'USD' })).toBe('missing');
		expect(formatValueIn(-5.2, null)).toBe(`${m}5.2`);
		expect(formatValueIn('Yes', null)).toBe('Yes');
	});
	it('is never what a CSV export writes: a negative number there keeps the ASCII hyphen a spreadsheet reads', () => {
		expect(csvField(-3)).toBe('-3');
		expect(csvField(-1234.5)).toBe('-1234.5');
		expect(csvField(-3).codePointAt(0)).toBe(0x2d);
	});
});

describe('a unit stays on the line of its number: a no-break space (U+00A0) between them', () => {
	it('in percentages, sizes and times', () => {
		expect(formatPercent(95.8)).toBe(`95.8${nb}%`);
		expect(formatPercent(0)).toBe(`0.0${nb}%`);
		expect(formatBytes(512)).toBe(`512${nb}B`);
		// 1,234,567 / 1024² = 1.177… MB.
		expect(formatBytes(1_234_567)).toBe(`1.2${nb}MB`);
		expect(formatReadTime(7043, 254.9)).toBe(`0.25${nb}s (28,172${nb}rows/s)`);
		for (const text of [formatPercent(95.8), formatBytes(2048), formatReadTime(2, 12)]) expect(text).not.toContain(' ');
	});
	it('in percentages as given (chart ticks, a blend chosen), not rounded', () => {
		expect(formatPercentAsIs(35)).toBe(`35${nb}%`);
		expect(formatPercentAsIs(12.5)).toBe(`12.5${nb}%`);
		expect(formatPercentAsIs(-5)).toBe(`\u22125${nb}%`);
		expect(formatPercentAsIs(0)).toBe(`0${nb}%`);
	});
	it('in a note stored before, written with an ordinary space (a version note in IndexedDB)', () => {
		expect(unitSpaced('Weights blended 65 % manual / 35 % learned (Learn)')).toBe(`Weights blended 65${nb}% manual / 35${nb}% learned (Learn)`);
		expect(unitSpaced('“At risk” below 34 (Learn: 70 % of churners flagged)')).toBe(`“At risk” below 34 (Learn: 70${nb}% of churners flagged)`);
		// Only a space after a digit and before %: other text stays as it is, and a note written now is unchanged.
		expect(unitSpaced('Up 5 %, not 5% nor "a %" or 5  %')).toBe(`Up 5${nb}%, not 5% nor "a %" or 5  %`);
		expect(unitSpaced(`Weights blended 65${nb}% manual`)).toBe(`Weights blended 65${nb}% manual`);
	});
	it('only where a number is shown: a CSV export writes the bare number, with no space and no unit', () => {
		// The numbers the formatters above were given, as an export writes them.
		expect(toCsv([[95.8, 0, 1_234_567, -12.34]])).toBe('95.8,0,1234567,-12.34\r\n');
		expect(toCsv([[95.8, -3]])).not.toMatch(/[\u00a0\u202f\u2212%]/);
	});
});
