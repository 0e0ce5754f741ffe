/** The currency of money: read from how a file writes its ARR, kept in the dataset's meta, shown with every amount. */
import { describe, expect, it } from 'vitest';
import { assemblePortfolio } from '../../src/lib/core/assemble';
import { columnCurrency, currencyOfCell, currencyOfDataset, portfolioCurrency } from '../../src/lib/core/currency';
import { parseCsvBytes, parseNumber } from '../../src/lib/core/csv';
import { ColumnBuilder } from '../../src/lib/core/csv/columns';
import { mixedCurrencyNotices } from '../../src/lib/core/csv/currency-notice';
import { toDataset } from '../../src/lib/core/csv/dataset';
import type { ColumnMapping, Dialect } from '../../src/lib/core/csv/types';
import { generateDemo } from '../../src/lib/core/demo';
import { formatCompactMoney, formatMoney, formatValueIn, MINUS } from '../../src/lib/core/format';

const utf8 = (s: string) => new TextEncoder().encode(s);
const NBSP = '\u00a0';
const OPTIONS = { id: 'f1', fileName: 'accounts.csv', importedAt: '2026-11-24T00:00:00.000Z', asOf: '2026-11-01' };

/** The mapping a test file gets: the proposal, with `id` as the customer ID, `arr` as ARR and the rest metrics. */
const mapped = (p: { columns: { name: string; type: ColumnMapping['type'] }[] }): ColumnMapping[] =>
	p.columns.map((c, index) => ({ index, name: c.name, type: c.type, role: c.name === 'id' ? 'id' : c.name === 'arr' ? 'arr' : 'metric' }));

/** A small file read, mapped and made into a dataset (id `id`, imported at `importedAt`). */
function imported(text: string, id = 'f1', importedAt = OPTIONS.importedAt) {
	const { preview, parsed } = parseCsvBytes(utf8(text), 'accounts.csv', mapped);
	return { parsed, dataset: toDataset(parsed, mapped(preview), { ...OPTIONS, id, importedAt }) };
}

describe('currencyOfCell: the currency a number is written with', () => {
	it('reads symbols before or after the number, with a sign or in brackets', () => {
		expect(['302,40 €', '€5', '-€5', '€-5', '5€', '(€1,234)'].map(currencyOfCell)).toEqual(Array(6).fill('EUR'));
		expect(['$1,200', '-$5', '($5)'].map(currencyOfCell)).toEqual(['USD', 'USD', 'USD']);
		expect(['£12', '¥300', '₹9'].map(currencyOfCell)).toEqual(['GBP', 'JPY', 'INR']);
	});
	it('reads ISO codes before or after the number', () => {
		expect(["CHF 1'200", 'EUR 5', '302,40 EUR', '5 USD', '-GBP 3'].map(currencyOfCell)).toEqual(['CHF', 'EUR', 'EUR', 'USD', 'GBP']);
	});
	it('finds none in a plain number, a percentage or letters that are no currency code', () => {
		expect(['302.40', '1,200', '12 %', 'ABC 5', '5 XYZ', 'EURO'].map(currencyOfCell)).toEqual(Array(6).fill(null));
	});
});

describe('parseNumber: amounts written with an ISO code', () => {
	it('reads the number beside the code, and refuses letters that are no currency code', () => {
		expect(parseNumber("CHF 1'200", false)).toBe(1200);
		expect(parseNumber('302,40 EUR', true)).toBe(302.4);
		expect(parseNumber('-EUR 5', false)).toBe(-5);
		expect(parseNumber('5 XYZ', false)).toBeNull();
		expect(parseNumber('EUR', false)).toBeNull();
	});
});

describe('import: the ARR column’s currency goes into the dataset’s meta', () => {
	it('remembers euros from a ; file with decimal commas, values read as before', () => {
		const { parsed, dataset } = imported('id;arr;logins\nA;302,40 €;3\nB;1.250,00 €;4\nC;;5\nD;980;6\n');
		expect(Array.from(parsed.columns.arr.kind === 'number' ? parsed.columns.arr.values : [])).toEqual([302.4, 1250, NaN, 980]);
		expect(parsed.arrCurrencies).toEqual([{ currency: 'EUR', row: 2, value: '302,40 €' }]);
		expect(dataset.meta.currency).toBe('EUR');
		expect(mixedCurrencyNotices(parsed, 'arr')).toEqual([]);
	});
	it('leaves the currency out when the values name none', () => {
		const { dataset } = imported('id,arr,logins\nA,302.40,3\nB,1250,4\n');
		expect(dataset.meta).not.toHaveProperty('currency');
	});
	it('leaves it out when they name several, and the report names a row and value of each', () => {
		const { parsed, dataset } = imported('id;arr;logins\nA;302,40 €;3\nB;€ 5;4\nC;$1.200;5\nD;CHF 7;6\n');
		expect(dataset.meta).not.toHaveProperty('currency');
		expect(parsed.arrCurrencies!.map((c) => [c.currency, c.row, c.value])).toEqual([['EUR', 2, '302,40 €'], ['USD', 4, '$1.200'], ['CHF', 5, 'CHF 7']]);
		const [notice] = mixedCurrencyNotices(parsed, 'arr');
		expect(notice.level).toBe('warning');
		expect(notice.message).toBe(
			'The ARR column "arr" is written in 3 currencies: EUR (row 2: "302,40 €"), USD (row 4: "$1.200"), CHF (row 5: "CHF 7"). Its totals add different currencies, so money is shown as plain numbers, without a currency.'
		);
	});
	it('takes no currency from a metric column', () => {
		const { dataset } = imported('id,arr,spend\nA,302,€5\nB,400,€6\n');
		expect(dataset.meta).not.toHaveProperty('currency');
	});
	it('keeps the first cell of each currency when a file is read in two halves', () => {
		const mapping: ColumnMapping[] = [
			{ index: 0, name: 'id', type: 'text', role: 'id' },
			{ index: 1, name: 'arr', type: 'number', role: 'arr' }
		];
		const dialect: Dialect = { encoding: 'utf-8', bom: false, delimiter: ';', decimalComma: true };
		const first = new ColumnBuilder(mapping, dialect, 2);
		first.addRows([['A', '5 €'], ['B', '6 €']], 2);
		const second = new ColumnBuilder(mapping, dialect, 2);
		second.addRows([['C', '7 €'], ['D', '£8']], 2);
		first.append(second.part(), 4);
		expect(first.finish().arrCurrencies).toEqual([{ currency: 'EUR', row: 2, value: '5 €' }, { currency: 'GBP', row: 5, value: '£8' }]);
	});
});

describe('columnCurrency, portfolioCurrency, currencyOfDataset', () => {
	it('is the one currency a column or portfolio names, else none', () => {
		expect(columnCurrency([{ currency: 'EUR', row: 2, value: '5 €' }])).toBe('EUR');
		expect(columnCurrency([])).toBeNull();
		expect(columnCurrency(undefined)).toBeNull();
		expect(portfolioCurrency(['EUR', 'EUR'])).toEqual({ currency: 'EUR', mixed: [] });
		expect(portfolioCurrency(['EUR', null])).toEqual({ currency: null, mixed: [] });
		expect(portfolioCurrency(['EUR', 'USD', null])).toEqual({ currency: null, mixed: ['EUR', 'USD'] });
	});
	it('gives the demo dollars (stored before meta said so too), and no currency for an unknown code', () => {
		expect(generateDemo().meta.currency).toBe('USD');
		expect(currencyOfDataset({ source: 'demo' })).toBe('USD');
		expect(currencyOfDataset({ source: 'file' })).toBeNull();
		expect(currencyOfDataset({ source: 'file', currency: 'EUR' })).toBe('EUR');
		expect(currencyOfDataset({ source: 'file', currency: 'euros' })).toBeNull();
	});
	it('assembles imports in one currency into a portfolio in it; in several, into none, and says so', () => {
		const euros = imported('id;arr;logins\nA;302,40 €;3\n').dataset;
		const moreEuros = imported('id;arr;logins\nB;5 €;3\n', 'f2', '2026-11-25T00:00:00.000Z').dataset;
		const dollars = imported('id,arr,logins\nB,$5,3\n', 'f3', '2026-11-26T00:00:00.000Z').dataset;
		expect(assemblePortfolio([euros, moreEuros]).dataset.meta.currency).toBe('EUR');
		const mixed = assemblePortfolio([euros, dollars]);
		expect(mixed.dataset.meta).not.toHaveProperty('currency');
		expect(mixed.notices.map((n) => n.message)).toContain(
			"The imports' ARR is in 2 currencies (EUR, USD): their totals add different currencies, so money is shown as plain numbers, without a currency."
		);
	});
});

describe('formatMoney and formatCompactMoney in a currency', () => {
	it('writes each currency’s own symbol or code, as Intl (en-US) does', () => {
		expect(formatMoney(302.4, 'EUR')).toBe('€302');
		expect(formatMoney(35_240_117, 'GBP')).toBe('£35,240,117');
		expect(formatMoney(-1_234, 'EUR')).toBe(`${MINUS}€1,234`);
		expect(formatMoney(1_200, 'CHF')).toBe(`CHF${NBSP}1,200`);
		expect(formatMoney(300, 'JPY')).toBe('¥300');
		expect(formatCompactMoney(4_490_000, 'EUR')).toBe('€4.49M');
		expect(formatCompactMoney(-1_234, 'GBP')).toBe(`${MINUS}£1.23K`);
		expect(formatCompactMoney(1_200_000, 'CHF')).toBe(`CHF${NBSP}1.20M`);
		expect(formatMoney(35_040_000, 'EUR', true)).toBe('€35.0M');
		expect(formatValueIn(52_000, { money: 'EUR' })).toBe('€52,000');
	});
	it('writes a plain number, never a made-up "$", when the currency is unknown', () => {
		expect(formatMoney(302.4, null)).toBe('302');
		expect(formatMoney(35_240_117, null)).toBe('35,240,117');
		expect(formatMoney(-1_234, null)).toBe(`${MINUS}1,234`);
		expect(formatCompactMoney(4_490_000, null)).toBe('4.49M');
		expect(formatMoney(-0.4, null, true)).toBe('0');
		expect(formatValueIn(52_000, { money: null })).toBe('52,000');
		expect(formatMoney(NaN, null)).toBe('–');
	});
});
