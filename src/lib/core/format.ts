/**
 * How numbers read in the UI: one place, so a number reads alike on every page. Every function returns plain text
 * (never HTML). A negative number shows a true minus sign, U+2212 (−3), never the hyphen-minus Intl and toFixed
 * write (-3). A unit follows its number after a no-break space (UNIT_SPACE): "95.8 %" never breaks between them. CSV
 * exports never come through here: they write numbers with String(), so a spreadsheet reads them.
 */
import type { Currency } from './currency';
import { roundScore } from './shown-score';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const upToTwo = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
/** Whole amounts in a currency, made once per currency. */
const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string): Intl.NumberFormat {
	let format = moneyFormats.get(currency);
	if (!format) {
		format = new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 });
		moneyFormats.set(currency, format);
	}
	return format;
}

/** What stands before an amount in `currency`, as Intl writes it: "$", "€", "CHF\u00a0"; nothing for unknown. */
function currencyPrefix(currency: Currency): string {
	if (currency === null) return '';
	const parts = moneyFormat(currency).formatToParts(1);
	const at = parts.findIndex((p) => p.type === 'integer');
	return parts.slice(0, at).map((p) => p.value).join('');
}

export const NO_SCORE = 'No score';

/**
 * The space between a number and its unit ("95.8 %", "1.2 MB", "1.49 s"): U+00A0, a no-break space as wide as an
 * ordinary one, so a narrow screen never leaves the unit alone at the start of a line.
 */
export const UNIT_SPACE = '\u00a0';

/** The minus sign of every negative number shown (U+2212: as wide as +, and never a line break). */
export const MINUS = '\u2212';

/**
 * A number's text as Intl or toFixed wrote it, with its hyphen-minus made a true minus sign ("-3" → "−3",
 * "-$5" → "−$5"), and no sign at all on a value that shows as zero ("-0.0" → "0.0": rounding took the number away).
 */
export function withMinus(text: string): string {
	if (text.charCodeAt(0) !== 45) return text;
	return showsZero(text) ? text.slice(1) : MINUS + text.slice(1);
}

/** True for a number's text of only zero digits ("0.0", "$0"), not for "∞" or "Infinity", which have none. */
function showsZero(text: string): boolean {
	return /\d/.test(text) && !/[1-9∞]/.test(text);
}

/** A number to a fixed number of decimals, with a true minus sign: formatFixed(-0.1234, 3) is "−0.123". */
export function formatFixed(x: number, digits: number): string {
	return withMinus(x.toFixed(digits));
}

/** A change with its sign: "+2.5", "−3.0", and no sign for what shows as zero ("0.0"). */
export function formatSigned(x: number, digits = 1): string {
	const text = formatFixed(Math.abs(x), digits);
	return showsZero(text) ? text : (x < 0 ? MINUS : '+') + text;
}

/** Points with their sign: "+2.5", "−6.0", "0.0". */
export function formatSignedPoints(p: number): string {
	return formatSigned(p, 1);
}

export function formatCount(n: number): string {
	return withMinus(whole.format(n));
}

/** A count with its noun, singular for exactly 1: "1 row", "2 rows", "1,000 customers". */
export function formatCountOf(n: number, singular: string, plural = `${singular}s`): string {
	return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}

/** Below either, a rate says little: a few rows over a few milliseconds (timer steps, start-up) give any number. */
export const RATE_MIN_ROWS = 1000;
export const RATE_MIN_MS = 100;

/**
 * How long reading took, "1.49 s", with rows per second when the file is big enough for the rate to mean
 * something (RATE_MIN_ROWS rows over RATE_MIN_MS): worked from the seconds shown, so the two agree.
 */
export function formatReadTime(rows: number, ms: number): string {
	const shown = (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
	const seconds = Number(shown);
	if (rows < RATE_MIN_ROWS || ms < RATE_MIN_MS || !(seconds > 0)) return `${shown}${UNIT_SPACE}s`;
	return `${shown}${UNIT_SPACE}s (${formatCount(rows / seconds)}${UNIT_SPACE}rows/s)`;
}

/**
 * A score to one decimal; "No score" for NaN (never 0). Rounded by roundScore, the rounding bands are decided
 * on, so the text and the band always agree (alone, Intl would show 6.949999999999999, the
 * double just below 6.95, as 6.9, while its tenths round to 7.0).
 */
export function formatScore(s: number): string {
	return Number.isNaN(s) ? NO_SCORE : withMinus(one.format(roundScore(s)));
}

export function formatPoints(p: number): string {
	return withMinus(one.format(p));
}

export function formatPercent(p: number): string {
	return Number.isFinite(p) ? `${withMinus(one.format(p))}${UNIT_SPACE}%` : '–';
}

/**
 * A percentage as it is given, not rounded ("12.5 %", "−5 %", "100 %"): chart ticks (already round numbers) and
 * percentages the user chose (a blend of 35 %, a recall of 70 %).
 */
export function formatPercentAsIs(p: number): string {
	return `${withMinus(String(p))}${UNIT_SPACE}%`;
}

/**
 * Text written before the app put UNIT_SPACE between a number and "%" ("Weights blended 50 % manual / 50 % learned
 * (Learn)", a scorecard version's note kept in IndexedDB): each such ordinary space made a no-break one, so it reads as
 * a note written now.
 */
export function unitSpaced(text: string): string {
	return text.replace(/(\d) %/g, `$1${UNIT_SPACE}%`);
}

/**
 * Whole amounts in the data's currency ("$35,240,117", "€302", "CHF 1,200"), or compact (`formatCompactMoney`);
 * a plain number ("302") when the currency is unknown (null), never a made-up "$"; "–" for NaN and infinities.
 */
export function formatMoney(x: number, currency: Currency, compact = false): string {
	if (!Number.isFinite(x)) return '–';
	if (compact) return formatCompactMoney(x, currency);
	return withMinus(currency === null ? whole.format(x) : moneyFormat(currency).format(x));
}

const UNITS = ['', 'K', 'M', 'B', 'T'];

/**
 * Money in three significant digits, trailing zeros kept, so amounts of a kind read alike: $35.2M, $35.0M,
 * $352K, $1.20M; never cents ($0, $7, $999). Rounding half away from zero on the amount itself, so 999,950
 * is $1.00M, not $1000K. Negatives as the full format writes them: −$1.23K. Done by hand rather than by
 * Intl's compact notation, which drops trailing zeros ($35M beside $35.2M) and differs between ICU versions.
 * The currency's symbol comes first as formatMoney writes it (€35.2M, CHF 1.20M); none when unknown (35.2M).
 */
export function formatCompactMoney(x: number, currency: Currency): string {
	if (!Number.isFinite(x)) return '–';
	const size = Math.abs(x);
	// The rounding step: 3 significant digits, at least a whole dollar. Powers of ten from a string are exact.
	const digits = size >= 1 ? Math.floor(Math.log10(size)) + 1 : 1;
	const step = Number(`1e${Math.max(0, digits - 3)}`);
	// Rounding up past a power of ten (999,950 → 1,000,000) only adds a zero: still 3 significant digits.
	const rounded = Math.round(size / step) * step;
	let unit = 0;
	while (unit < UNITS.length - 1 && rounded >= 1000 ** (unit + 1)) unit++;
	const mantissa = rounded / 1000 ** unit;
	const decimals = unit === 0 || mantissa >= 100 ? 0 : mantissa >= 10 ? 1 : 2;
	const text = unit === UNITS.length - 1 && mantissa >= 1000 ? whole.format(mantissa) : mantissa.toFixed(decimals);
	return `${x < 0 && rounded > 0 ? MINUS : ''}${currencyPrefix(currency)}${text}${UNITS[unit]}`;
}

/** A raw metric value as it was in the data; "missing" for NaN / null. */
export function formatValue(v: number | string | null): string {
	if (v === null || (typeof v === 'number' && Number.isNaN(v))) return 'missing';
	if (typeof v === 'string') return v;
	if (!Number.isFinite(v)) return withMinus(String(v));
	return withMinus(Number.isInteger(v) ? whole.format(v) : upToTwo.format(v));
}

/**
 * A metric's raw value in its column's unit where the data says it: money in `currency` for the ARR column
 * ({ money: currency }), else as formatValue.
 */
export function formatValueIn(v: number | string | null, unit: { money: Currency } | null): string {
	return unit !== null && typeof v === 'number' && Number.isFinite(v) ? formatMoney(v, unit.money) : formatValue(v);
}

export function formatBytes(n: number | null): string {
	if (n === null) return 'unknown';
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let u = 0;
	while (n >= 1024 && u < units.length - 1) (n /= 1024), u++;
	return `${u === 0 ? n : one.format(n)}${UNIT_SPACE}${units[u]}`;
}

/**
 * A moment (an ISO timestamp, stored in UTC) in this computer's time zone, one way everywhere: "2026-11-24 01:42".
 * Dates elsewhere in the app are ISO too, so a saved version, an import and a training run read alike.
 */
export function formatStamp(iso: string): string {
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	const two = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
