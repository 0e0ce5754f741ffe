/**
 * Calendar dates as Checkup stores them: ISO yyyy-mm-dd text, years 1000 to 9999, no time and no time zone.
 * One check of that form for every module that takes a date (the import, overrides, training, the CLI), and
 * day numbers for arithmetic on them: proleptic Gregorian, so no Date object and no time zone is involved.
 */

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
	if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Year, month and day written yyyy-mm-dd, unchecked (at least four digits of year: 0999-12-30, 10000-01-01). */
export function ymd(year: number, month: number, day: number): string {
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** yyyy-mm-dd of a date that exists (year 1000–9999), or null. */
export function isoDate(year: number, month: number, day: number): string | null {
	if (!(Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day))) return null;
	if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
	return ymd(year, month, day);
}

/** The number written by `length` digits from `at`, or -1. */
function digitsAt(s: string, at: number, length: number): number {
	let x = 0;
	for (let i = at; i < at + length; i++) {
		const c = s.charCodeAt(i);
		if (c < 48 || c > 57) return -1;
		x = x * 10 + (c - 48);
	}
	return x;
}

/** Year, month and day of `s` when it is written yyyy-mm-dd (digits and dashes; the date may not exist), else null. */
export function isoParts(s: string): [year: number, month: number, day: number] | null {
	if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
	const year = digitsAt(s, 0, 4);
	const month = digitsAt(s, 5, 2);
	const day = digitsAt(s, 8, 2);
	return year < 0 || month < 0 || day < 0 ? null : [year, month, day];
}

/** Whether `s` is text of exactly yyyy-mm-dd naming a date that exists (2025-02-29 does not; 2024-02-29 does). */
export function isIsoDate(s: unknown): s is string {
	const parts = typeof s === 'string' ? isoParts(s) : null;
	return parts !== null && isoDate(...parts) !== null;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * An ISO date with its month in words, "1 December 2026": what a date written 12/01/2026 was read as, which
 * yyyy-mm-dd (2026-12-01 or 2026-01-12?) would leave as open as the original. Throws on text that is not a date.
 */
export function spelledDate(iso: string): string {
	if (!isIsoDate(iso)) throw new Error(`invalid date; not yyyy-mm-dd: ${JSON.stringify(iso)}`);
	const [year, month, day] = isoParts(iso)!;
	return `${day} ${MONTH_NAMES[month - 1]} ${year}`;
}

/** Days from 1970-01-01 to an ISO date (negative before it). Throws on text that is not one, naming it. */
export function dayNumber(iso: string): number {
	const parts = isoParts(iso);
	if (!parts || isoDate(...parts) === null) throw new Error(`invalid date; not yyyy-mm-dd: ${JSON.stringify(iso)}`);
	// Howard Hinnant's days_from_civil: eras of 400 years, the year starting in March.
	const [y0, m, d] = parts;
	const y = m <= 2 ? y0 - 1 : y0;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146_097 + doe - 719_468;
}

/** Year, month and day of a day number ({@link dayNumber}'s inverse; civil_from_days). */
export function civilOfDay(days: number): [year: number, month: number, day: number] {
	if (!Number.isInteger(days)) throw new Error(`invalid day number; not an integer: ${days}`);
	const z = days + 719_468;
	const era = Math.floor(z / 146_097);
	const doe = z - era * 146_097;
	const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const month = mp < 10 ? mp + 3 : mp - 9;
	return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** The ISO date of a day number. Throws outside years 1000–9999. */
export function isoOfDay(days: number): string {
	const date = isoDate(...civilOfDay(days));
	if (date === null) throw new Error(`invalid day number; outside years 1000–9999: ${days}`);
	return date;
}

/**
 * The calendar date it is at `now` where the user is (the machine's time zone), as yyyy-mm-dd: "today" for a
 * default as-of date, an override's expiry or an export's stamp. toISOString's date is the UTC one, which in
 * Los Angeles from 16:00 or 17:00 on is already tomorrow. The one place a Date is read here.
 */
export function localDate(now: Date): string {
	return ymd(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/**
 * The one date a file's name gives as year-month-day ("accounts_2026-09-30.csv", "export 2026_09_30.csv"), a
 * CRM's usual way to date an export; null when it gives none, an impossible one, or two different ones (a range).
 */
export function isoDateInName(name: string): string | null {
	const found = new Set<string>();
	for (const m of name.matchAll(/(?<!\d)(\d{4})([-_.])(\d{2})\2(\d{2})(?!\d)/g)) {
		const date = `${m[1]}-${m[3]}-${m[4]}`;
		if (!isIsoDate(date)) return null;
		found.add(date);
	}
	return found.size === 1 ? [...found][0] : null;
}
