/** Dates as written in exports: ISO yyyy-mm-dd, m/d/yyyy and d.m.yyyy (or d/m/yyyy), read into ISO text. */
import { isoDate as iso, isoParts } from '../dates';
import type { DateFormat } from './types';

// An optional time after the date is accepted and dropped: the date is kept as written, without time zones.
const TIME = String.raw`(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp][Mm])?\s*(?:Z|[+-]\d{2}:?\d{2})?)?`;
const ISO_DAY = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${TIME}$`);
const ISO_MONTH = /^(\d{4})-(\d{2})$/;
const MDY = new RegExp(String.raw`^(\d{1,2})([/-])(\d{1,2})\2(\d{4})${TIME}$`);
// Dots are only ever written day first (31.12.2024), so d.m.yyyy is never ambiguous.
const DMY = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})${TIME}$`);

/** yyyy-mm-dd exactly as ISO writes it: checked without a regular expression and returned as it is. */
function canonicalIso(s: string): string | null | undefined {
	const parts = isoParts(s);
	if (!parts) return undefined;
	return iso(...parts) === null ? null : s;
}

/**
 * The date as ISO yyyy-mm-dd, or null when `s` is not a valid date in `format`. 'iso' also reads yyyy/mm/dd and
 * a month alone (yyyy-mm → the 1st); 'mdy' reads m/d/yyyy and m-d-yyyy; 'dmy' reads d.m.yyyy, d/m/yyyy and
 * d-m-yyyy. A time after the date is ignored.
 */
export function parseDate(s: string, format: DateFormat): string | null {
	if (format === 'iso') {
		const fast = canonicalIso(s);
		if (fast !== undefined) return fast;
	}
	const t = s.trim();
	if (format === 'iso') {
		const m = ISO_DAY.exec(t);
		if (m) return iso(+m[1], +m[3], +m[4]);
		const month = ISO_MONTH.exec(t);
		return month ? iso(+month[1], +month[2], 1) : null;
	}
	const m = (format === 'mdy' ? MDY : DMY).exec(t);
	if (!m) return null;
	return format === 'mdy' ? iso(+m[4], +m[1], +m[3]) : iso(+m[4], +m[3], +m[1]);
}

/** Share of non-empty values that may fail and the format still be detected (typos, stray text). */
export const DATE_TOLERANCE = 0.02;

/**
 * The format that reads (nearly) every non-empty sample: 'iso', 'mdy' or 'dmy'; 'ambiguous' when m/d/yyyy
 * and d/m/yyyy read exactly as many (every day ≤ 12); null when the values are not dates.
 */
export function detectDateFormat(samples: string[]): DateFormat | 'ambiguous' | null {
	let n = 0;
	let isoCount = 0;
	let mdy = 0;
	let dmy = 0;
	for (const s of samples) {
		if (s.trim().length === 0) continue;
		n++;
		if (parseDate(s, 'iso') !== null) isoCount++;
		else {
			if (parseDate(s, 'mdy') !== null) mdy++;
			if (parseDate(s, 'dmy') !== null) dmy++;
		}
	}
	const best = Math.max(isoCount, mdy, dmy);
	if (n === 0 || best < n * (1 - DATE_TOLERANCE)) return null;
	if (isoCount === best) return 'iso';
	if (mdy === dmy) return 'ambiguous';
	return mdy > dmy ? 'mdy' : 'dmy';
}
