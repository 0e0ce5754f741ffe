// Codes, IDs and years written as whole numbers are proposed as categories (or text) set to Ignore, with a reason;
// counts named "number of …" stay number metrics. Hand-made columns, then the two public churn files end to end.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codeWord } from '../../../src/lib/core/csv/codes';
import { defaultScorecardFor, toDataset } from '../../../src/lib/core/csv/dataset';
import { defaultMapping, parseCsvBytes, profileColumns } from '../../../src/lib/core/csv/index';
import { applyRemembered, toRemembered } from '../../../src/lib/core/csv/remember';
import type { ColumnMapping, ColumnProfile } from '../../../src/lib/core/csv/types';
import { SHARED_DATA } from '../../helpers/shared-data';

function profile(columns: Record<string, string[]>): Record<string, ColumnProfile> {
	const headers = Object.keys(columns);
	const n = columns[headers[0]].length;
	const rows = Array.from({ length: n }, (_, i) => headers.map((h) => columns[h][i]));
	return Object.fromEntries(profileColumns(headers, headers, rows, { decimalComma: false }).map((p) => [p.header, p]));
}

const repeat = (values: string[], n: number) => Array.from({ length: n }, (_, i) => values[i % values.length]);
const from = (first: number, n: number) => Array.from({ length: n }, (_, i) => String(first + i));
const proposed = (p: ColumnProfile) => `${p.type} ${p.role}`;

describe('codeWord', () => {
	it('finds the word that makes a name a code', () => {
		expect(codeWord('area code', 'area code')).toBe('code');
		expect(codeWord('ZipCode', 'ZipCode')).toBe('zip');
		expect(codeWord('postal_area', 'postal_area')).toBe('postal');
		expect(codeWord('phone number', 'phone number')).toBe('number');
		expect(codeWord('plan_id', 'plan_id')).toBe('id');
		expect(codeWord('regionID', 'regionID')).toBe('id');
		expect(codeWord('Invoice No.', 'Invoice No.')).toBe('no');
		expect(codeWord('Account #', 'Account #')).toBe('#');
		expect(codeWord('Phone', 'Phone')).toBe('phone');
	});
	it('does not take counts for codes: what is counted comes last', () => {
		for (const name of ['number of calls', 'number vmail messages', 'number_vmail_messages', 'num_logins', 'No. of tickets', '# of tickets', 'phone calls', 'total number', 'max_num', 'customer service calls', 'paid', 'codes', 'identified issues', 'years']) {
			expect(codeWord(name, name), name).toBeNull();
		}
	});
});

describe('profileColumns: whole numbers that name rather than measure', () => {
	const p = profile({
		'area code': repeat(['408', '415', '510', '415'], 40),
		zip: from(10001, 40),
		'order number': from(5000, 40),
		region_id: repeat(['1', '2', '3', '7'], 40),
		'signup year': repeat(['2019', '2020', '2021', '2024'], 40),
		'contract year': repeat(['1', '2', '3'], 40),
		'Account #': repeat(['11', '12', '13', '14'], 40),
		'number of calls': repeat(['0', '3', '7', '12'], 40),
		number_vmail_messages: repeat(['0', '25', '31', '0', '17'], 40),
		num_logins: repeat(['5', '40', '7'], 40),
		'customer service calls': repeat(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], 40),
		'years as customer': repeat(['1', '4', '9'], 40),
		'discount code': repeat(['0.1', '0.25', '0'], 40),
		'balance code': repeat(['-2', '5', '7'], 40)
	});

	it('makes a code of few values a category and one of many values text, both Ignore', () => {
		expect(p['area code']).toMatchObject({ type: 'category', role: 'ignore', distinct: 3, reason: 'Looks like a code, not an amount: its name says “code”, 3 distinct whole numbers.' });
		expect(p.zip).toMatchObject({ type: 'text', role: 'ignore', reason: 'Looks like a code, not an amount: its name says “zip”, 40 distinct whole numbers.' });
		expect(p['order number']).toMatchObject({ type: 'text', role: 'ignore', reason: 'Looks like a code, not an amount: its name says “number”, 40 distinct whole numbers.' });
		expect(p.region_id).toMatchObject({ type: 'category', role: 'ignore', reason: 'Looks like a code, not an amount: its name says “id”, 4 distinct whole numbers.' });
		expect(p['Account #']).toMatchObject({ type: 'category', role: 'ignore', reason: 'Looks like a code, not an amount: its name says “#”, 4 distinct whole numbers.' });
	});
	it('says "at least" when the sample has more distinct codes than are counted', () => {
		expect(profile({ 'postal code': from(20000, 1200) })['postal code']).toMatchObject({
			type: 'text', role: 'ignore', distinct: 1000, reason: 'Looks like a code, not an amount: its name says “postal”, at least 1,000 distinct whole numbers.'
		});
	});
	it('makes a year column of 1900–2100 a category set to Ignore, naming its span', () => {
		expect(p['signup year']).toMatchObject({ type: 'category', role: 'ignore', reason: 'Looks like a year, not an amount: its name says “year”, 4 distinct whole numbers (2019 to 2024).' });
		// Years 1–3 of a contract count something.
		expect(proposed(p['contract year'])).toBe('number metric');
	});
	it('keeps counts, fractions and negative numbers as number metrics, with no reason', () => {
		for (const name of ['number of calls', 'number_vmail_messages', 'num_logins', 'customer service calls', 'years as customer', 'discount code', 'balance code']) {
			expect(proposed(p[name]), name).toBe('number metric');
			expect(p[name].reason, name).toBeUndefined();
		}
	});
	it('leaves a numeric ID to the ID proposal (text, no reason)', () => {
		const q = profile({ 'customer number': from(1001, 20), 'plan code': repeat(['1', '2'], 20) });
		expect(q['customer number']).toMatchObject({ type: 'text', role: 'id' });
		expect(q['customer number'].reason).toBeUndefined();
		expect(proposed(q['plan code'])).toBe('category ignore');
	});
	it('proposes the mapping the rows say, so Import keeps the column out of the dataset', () => {
		const text = ['id,area code,calls', ...from(1, 30).map((id, i) => `C${id},${['408', '415', '510'][i % 3]},${i % 7}`)].join('\n');
		const { preview, parsed } = parseCsvBytes(new TextEncoder().encode(text), 'codes.csv');
		expect(defaultMapping(preview).map((m) => `${m.name}: ${m.type} ${m.role}`)).toEqual(['id: text id', 'area code: category ignore', 'calls: number metric']);
		expect(Object.keys(parsed.columns).sort()).toEqual(['calls', 'id']);
	});
});

/** Each column's proposal as "type role", by name. */
function proposals(file: string) {
	const { preview, parsed } = parseCsvBytes(new Uint8Array(readFileSync(SHARED_DATA + file)), file);
	const byName = Object.fromEntries(preview.columns.map((c) => [c.name, proposed(c)]));
	return { preview, parsed, byName };
}

function firstScorecard(file: string, mapping: (proposal: ColumnMapping[]) => ColumnMapping[] = (m) => m) {
	let chosen: ColumnMapping[] = [];
	const { parsed } = parseCsvBytes(new Uint8Array(readFileSync(SHARED_DATA + file)), file, (preview) => (chosen = mapping(defaultMapping(preview))));
	const dataset = toDataset(parsed, chosen, { id: 'x', fileName: file, importedAt: '2026-11-24T00:00:00Z', asOf: '2026-11-01' });
	return defaultScorecardFor(dataset, chosen).metrics.map((m) => m.column);
}

const BIGML_TOTALS = ['day', 'eve', 'night', 'intl'].flatMap((t) => [`total ${t} minutes`, `total ${t} calls`, `total ${t} charge`]);

describe('the two public churn files', () => {
	it('BigML: only "area code" changes, to a category set to Ignore with its reason; the first scorecard leaves it out', () => {
		const { preview, byName } = proposals('telecom_churn_bigml.csv');
		expect(byName).toEqual({
			state: 'category metric', 'account length': 'number metric', 'area code': 'category ignore', 'phone number': 'text id',
			'international plan': 'boolean metric', 'voice mail plan': 'boolean metric', 'number vmail messages': 'number metric',
			...Object.fromEntries(BIGML_TOTALS.map((n) => [n, 'number metric'])),
			'customer service calls': 'number metric', churn: 'boolean outcome'
		});
		expect(preview.columns.filter((c) => c.reason).map((c) => [c.name, c.reason])).toEqual([['area code', 'Looks like a code, not an amount: its name says “code”, 3 distinct whole numbers.']]);
		expect(firstScorecard('telecom_churn_bigml.csv')).toEqual([
			'account length', 'international plan', 'voice mail plan', 'number vmail messages', ...BIGML_TOTALS, 'customer service calls'
		]);
	});
	it('Telco: nothing is a code; the first scorecard keeps its 3 numbers and 5 yes/no columns', () => {
		const { preview, byName } = proposals('telco_customer_churn.csv');
		const categories = ['gender', 'MultipleLines', 'InternetService', 'OnlineSecurity', 'OnlineBackup', 'DeviceProtection', 'TechSupport', 'StreamingTV', 'StreamingMovies', 'Contract', 'PaymentMethod'];
		const yesNo = ['SeniorCitizen', 'Partner', 'Dependents', 'PhoneService', 'PaperlessBilling'];
		expect(byName).toEqual({
			customerID: 'text id', Churn: 'boolean outcome', tenure: 'number metric', MonthlyCharges: 'number metric', TotalCharges: 'number metric',
			...Object.fromEntries(categories.map((n) => [n, 'category metric'])),
			...Object.fromEntries(yesNo.map((n) => [n, 'boolean metric']))
		});
		expect(preview.columns.filter((c) => c.reason)).toEqual([]);
		expect(firstScorecard('telco_customer_churn.csv')).toEqual(['SeniorCitizen', 'Partner', 'Dependents', 'tenure', 'PhoneService', 'PaperlessBilling', 'MonthlyCharges', 'TotalCharges']);
	});
	it('BigML: a remembered mapping that made "area code" a number metric wins over the proposal', () => {
		const { preview } = proposals('telecom_churn_bigml.csv');
		const proposal = defaultMapping(preview);
		const old = proposal.map((m) => (m.name === 'area code' ? { ...m, type: 'number' as const, role: 'metric' as const } : m));
		const remembered = toRemembered(preview.columns.map((c) => c.name), old).mapping;
		const applied = applyRemembered(proposal, remembered);
		expect(applied.find((m) => m.name === 'area code')).toEqual({ index: 2, name: 'area code', type: 'number', role: 'metric' });
		expect(firstScorecard('telecom_churn_bigml.csv', () => applied)).toContain('area code');
	});
});
