/** Reading one cell as a number, a yes/no or a date. Every reader returns null for "not a value of that type". */
import { CURRENCY_CODES } from '../currency';
export { detectDateFormat, parseDate } from './dates';

/** True for an empty or whitespace-only cell: simply missing, never a problem. */
export function isBlank(s: string): boolean {
	if (s.length === 0) return true;
	// Most cells start with a printable ASCII character, which is not white space: no need to trim them.
	const c = s.charCodeAt(0);
	return c > 32 && c < 127 ? false : s.trim().length === 0;
}

const MISSING_MARKERS = new Set(['na', 'n/a', '#n/a', 'null', 'none', 'nil']);

/**
 * True for the words spreadsheets and databases write for "no value" (NA, N/A, #N/A, null, None, nil).
 * In number, yes/no and date columns they count as missing without a problem; in text they stay text.
 * NaN is deliberately not one: it is reported as "not a number".
 */
export function isMissingMarker(s: string): boolean {
	return s.length <= 6 && MISSING_MARKERS.has(s.trim().toLowerCase());
}

const SIMPLE = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SIMPLE_COMMA = /^(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;
// Thousands groups with one consistent separator: 1,234,567.5 / 1 234.5 / 1'234.5 (and the decimal-comma twins).
const GROUPED = /^\d{1,3}([, \u00a0\u202f'])\d{3}(?:\1\d{3})*(?:\.\d*)?$/;
const GROUPED_COMMA = /^\d{1,3}([. \u00a0\u202f'])\d{3}(?:\1\d{3})*(?:,\d*)?$/;
const SEPARATORS = /[, \u00a0\u202f']/g;
const SEPARATORS_COMMA = /[. \u00a0\u202f']/g;
const CURRENCY = '$€£¥₹₽₩₪₺₫฿¢';

// Exact powers of ten: a mantissa below 2^53 divided by one of these is correctly rounded, so equals Number(s).
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * The value of a plain decimal ("-12", "29.85", at most 15 digits) read in one pass, or NaN for anything
 * else (those take the full parser). With `decimalComma`, a '.' is a thousands group, so only integers pass.
 */
export function parsePlainNumber(s: string, decimalComma: boolean): number {
	return parsePlainNumberAt(s, 0, s.length, decimalComma);
}

/** parsePlainNumber of text[start, end), without making that string. */
export function parsePlainNumberAt(text: string, start: number, end: number, decimalComma: boolean): number {
	let i = text.charCodeAt(start) === 45 && start < end ? start + 1 : start;
	const negative = i > start;
	let mantissa = 0;
	let digits = 0;
	let point = -1;
	for (; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c >= 48 && c <= 57) {
			mantissa = mantissa * 10 + (c - 48);
			digits++;
		} else if (c === 46 && point < 0 && digits > 0 && !decimalComma) point = i;
		else return NaN;
	}
	if (digits === 0 || digits > 15 || point === end - 1) return NaN;
	const x = point < 0 ? mantissa : mantissa / POW10[end - point - 1];
	return negative ? -x : x;
}

function finite(x: number): number | null {
	return x - x === 0 ? x : null;
}

/** The digits part, without sign, currency or percent, as a number. */
function parseMagnitude(t: string, decimalComma: boolean): number | null {
	if (decimalComma) {
		if (GROUPED_COMMA.test(t)) return finite(Number(t.replace(SEPARATORS_COMMA, '').replace(',', '.')));
		if (SIMPLE_COMMA.test(t)) return finite(Number(t.replace(',', '.')));
		// A lone decimal point ("3.5") cannot be a thousands group, so it still reads as a decimal.
		return SIMPLE.test(t) ? finite(Number(t)) : null;
	}
	if (SIMPLE.test(t)) return finite(Number(t));
	if (GROUPED.test(t)) return finite(Number(t.replace(SEPARATORS, '')));
	return null;
}

/** Peels a sign and a currency symbol off the front (either order: -$5, $-5), a symbol off the end (5 €), or an ISO code off either end (CHF 5, -5 EUR). */
function peel(t: string): { t: string; negative: boolean } | null {
	let sign = false;
	let negative = false;
	let currency = false;
	while (t.length > 1) {
		const c = t[0];
		if (!sign && (c === '-' || c === '\u2212' || c === '+')) {
			sign = true;
			negative = c !== '+';
			t = t.slice(1);
		} else if (!currency && CURRENCY.includes(c)) {
			currency = true;
			t = t.slice(1).trimStart();
		} else break;
	}
	if (!currency && t.length > 1 && CURRENCY.includes(t[t.length - 1])) t = t.slice(0, -1).trimEnd();
	else if (!currency && t.length > 3) t = withoutCode(t);
	return t.length > 0 ? { t, negative } : null;
}

/** The number without an ISO currency code before or after it ("CHF 1'200", "302.40 EUR"); as it is without one. */
function withoutCode(t: string): string {
	const head = t.slice(0, 3);
	if (CURRENCY_CODES.has(head)) return t.slice(3).trimStart();
	const tail = t.slice(-3);
	return CURRENCY_CODES.has(tail) ? t.slice(0, -3).trimEnd() : t;
}

/**
 * A number as people write it: "1234.5", "1,234.50", "$1,234.50", "-€5", "12 %" (→ 12, the number shown),
 * "(1,234)" (accounting negative → -1234), "1.234,5" when `decimalComma`. NaN, Infinity and values out of
 * range (1e400) are not numbers.
 */
export function parseNumber(s: string, decimalComma: boolean): number | null {
	const plain = parsePlainNumber(s, decimalComma);
	if (plain === plain) return plain;
	let t = s.trim();
	if (t.length === 0) return null;
	let accounting = false;
	if (t[0] === '(' && t[t.length - 1] === ')') {
		accounting = true;
		t = t.slice(1, -1).trim();
	}
	if (t.endsWith('%')) t = t.slice(0, -1).trimEnd();
	const peeled = peel(t);
	if (peeled === null || (accounting && peeled.negative)) return null;
	const x = parseMagnitude(peeled.t, decimalComma);
	if (x === null) return null;
	return accounting || peeled.negative ? -x : x;
}

const BOOLEANS = new Map<string, boolean>();
for (const [word, value] of [
	['yes', true], ['y', true], ['true', true], ['t', true], ['1', true],
	['no', false], ['n', false], ['false', false], ['f', false], ['0', false],
	// Exports from French, German and Spanish spreadsheets.
	['vrai', true], ['faux', false], ['oui', true], ['non', false], ['ja', true], ['nein', false],
	['wahr', true], ['falsch', false], ['sí', true], ['si', true], ['verdadero', true], ['falso', false]
] as const) {
	BOOLEANS.set(word, value);
	BOOLEANS.set(word.toUpperCase(), value);
	BOOLEANS.set(word[0].toUpperCase() + word.slice(1), value);
}

/** yes/no, y/n, true/false, t/f, 1/0 (any case, and their French, German and Spanish words); else null. */
export function parseBoolean(s: string): boolean | null {
	return BOOLEANS.get(s) ?? BOOLEANS.get(s.trim().toLowerCase()) ?? null;
}
