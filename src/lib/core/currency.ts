/**
 * The currency of money amounts: an ISO 4217 code ("EUR"), read from how a file writes its amounts ("302,40 €",
 * "$1,200", "CHF 1'200") and kept in a dataset's meta, so money is shown as the file wrote it, never as a made-up
 * "$". A column that writes no currency, or several, has none (null): its amounts are shown as plain numbers.
 */

/** The currency symbols a number may carry (values.ts peels them), each as the ISO code it is read as. */
export const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = {
	$: 'USD',
	'€': 'EUR',
	'£': 'GBP',
	'¥': 'JPY',
	'₹': 'INR',
	'₽': 'RUB',
	'₩': 'KRW',
	'₪': 'ILS',
	'₺': 'TRY',
	'₫': 'VND',
	'฿': 'THB'
};

/** The ISO codes a number may be written with ("CHF 1'200", "302.40 EUR"). */
export const CURRENCY_CODES: ReadonlySet<string> = new Set([
	'USD', 'EUR', 'GBP', 'JPY', 'CHF', 'CAD', 'AUD', 'NZD', 'CNY', 'HKD', 'SGD', 'INR', 'SEK', 'NOK', 'DKK', 'PLN',
	'CZK', 'HUF', 'RON', 'BGN', 'ISK', 'TRY', 'RUB', 'ILS', 'ZAR', 'BRL', 'MXN', 'ARS', 'CLP', 'COP', 'KRW', 'TWD',
	'THB', 'IDR', 'MYR', 'PHP', 'VND', 'AED', 'SAR'
]);

/** A currency the app shows money in (an ISO code from CURRENCY_CODES), or null: unknown, shown as plain numbers. */
export type Currency = string | null;

/** True for a currency code the app knows: what a dataset's meta and a backup may hold. */
export function isCurrencyCode(value: unknown): value is string {
	return typeof value === 'string' && CURRENCY_CODES.has(value);
}

const LEADING_CODE = /^[(+\-\u2212]*([A-Z]{3})(?=[\s\d.,(+\-\u2212])/;
const TRAILING_CODE = /(?<=[\s\d.,)%])([A-Z]{3})\)?$/;

/**
 * The currency a cell's number is written with: its symbol ("€5", "302,40 €", "-$5") or ISO code ("CHF 1'200",
 * "5 EUR"), or null when it has none. Only the text around the number is looked at: whether it is a number is
 * parseNumber's to say.
 */
export function currencyOfCell(text: string): Currency {
	const t = text.trim();
	for (const c of t.slice(0, 3)) if (Object.hasOwn(CURRENCY_SYMBOLS, c)) return CURRENCY_SYMBOLS[c];
	for (const c of t.slice(-2)) if (Object.hasOwn(CURRENCY_SYMBOLS, c)) return CURRENCY_SYMBOLS[c];
	const code = LEADING_CODE.exec(t)?.[1] ?? TRAILING_CODE.exec(t)?.[1];
	return code !== undefined && CURRENCY_CODES.has(code) ? code : null;
}

/** The first cell of a column written in one currency: its currency, spreadsheet row and value as written. */
export interface CurrencyCell {
	currency: string;
	row: number;
	value: string;
}

/** The currency of a column from the first cell of each currency it writes: the one, or null for none or several. */
export function columnCurrency(cells: readonly CurrencyCell[] | undefined): Currency {
	return cells?.length === 1 ? cells[0].currency : null;
}

/**
 * The currency of money summed over several datasets (a portfolio of imports): theirs when they all have the same
 * one, else null; `mixed` when two of them name different ones (a sum of euros and dollars is no amount).
 */
export function portfolioCurrency(currencies: readonly Currency[]): { currency: Currency; mixed: string[] } {
	const named = [...new Set(currencies.filter((c): c is string => c !== null))];
	if (named.length > 1) return { currency: null, mixed: named };
	return { currency: named.length === 1 && currencies.every((c) => c !== null) ? named[0] : null, mixed: [] };
}

/**
 * A dataset's currency: its meta's (null for one the app does not know: Intl would refuse it); the demo's is
 * always dollars, also when it was stored before meta said so.
 */
export function currencyOfDataset(meta: { source: 'demo' | 'file'; currency?: string }): Currency {
	if (meta.currency !== undefined) return isCurrencyCode(meta.currency) ? meta.currency : null;
	return meta.source === 'demo' ? 'USD' : null;
}
