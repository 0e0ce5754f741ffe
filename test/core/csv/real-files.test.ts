// The two public churn files of ../shared/data through the whole pipeline, checked against a plain
// split-based reader (neither file has a quoted field, so splitting on commas is exact there).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvBytes, type ColumnProfile, type FilePreview, type ParsedColumns } from '../../../src/lib/core/csv';
import type { Column } from '../../../src/lib/core/table';
import { SHARED_DATA } from '../../helpers/shared-data';

function load(name: string): { text: string; preview: FilePreview; parsed: ParsedColumns } {
	const bytes = new Uint8Array(readFileSync(SHARED_DATA + name));
	return { text: new TextDecoder().decode(bytes), ...parseCsvBytes(bytes, name) };
}

/** One column of a quote-free CSV, by header as written. */
function split(text: string, header: string): string[] {
	const lines = text.split('\n').filter((l) => l.length > 0);
	const j = lines[0].split(',').indexOf(header);
	if (j < 0) throw new Error(`no header "${header}"`);
	return lines.slice(1).map((l) => l.split(',')[j]);
}

function meanOf(strings: string[]): number {
	let sum = 0;
	for (const s of strings) sum += Number(s);
	return sum / strings.length;
}

function numbers(column: Column): Float64Array {
	if (column.kind !== 'number') throw new Error(`expected a number column, got ${column.kind}`);
	return column.values;
}

function category(column: Column): { codes: Int32Array; levels: string[] } {
	if (column.kind !== 'category') throw new Error(`expected a category column, got ${column.kind}`);
	return column;
}

function count(codes: Int32Array, code: number): number {
	let n = 0;
	for (const c of codes) if (c === code) n++;
	return n;
}

const byName = (preview: FilePreview) => Object.fromEntries(preview.columns.map((c) => [c.name, c])) as Record<string, ColumnProfile>;

describe('telco_customer_churn.csv', () => {
	const { text, preview, parsed } = load('telco_customer_churn.csv');
	const p = byName(preview);

	it('reads 7,043 rows without problems', () => {
		expect(preview.dialect).toEqual({ encoding: 'utf-8', bom: false, delimiter: ',', decimalComma: false });
		expect(preview.notices).toEqual([]);
		expect(parsed).toMatchObject({ rowCount: 7043, rowsRead: 7043, rowsSkipped: 0, problemCount: 0, problems: [] });
		expect(parsed.sourceRows[0]).toBe(2);
		expect(parsed.sourceRows[7042]).toBe(7044);
	});
	it('proposes customerID as the only ID and Churn as the outcome', () => {
		expect(p.customerID).toMatchObject({ type: 'text', role: 'id', missingShare: 0 });
		expect(preview.columns.filter((c) => c.role === 'id')).toHaveLength(1);
		expect(p.Churn).toMatchObject({ type: 'boolean', role: 'outcome' });
		for (const role of ['id', 'outcome', 'name', 'asOf', 'segment', 'owner', 'arr']) {
			expect(preview.columns.filter((c) => c.role === role).length, role).toBeLessThanOrEqual(1);
		}
	});
	it('reads Churn as yes/no with 1,869 Yes', () => {
		const churn = category(parsed.columns.Churn);
		expect(churn.levels).toEqual(['No', 'Yes']);
		expect(count(churn.codes, 1)).toBe(1869);
		expect(count(churn.codes, 0)).toBe(7043 - 1869);
	});
	it('reads TotalCharges as numbers with the 11 blanks missing, not as problems', () => {
		expect(p.TotalCharges.type).toBe('number');
		expect(numbers(parsed.columns.TotalCharges).filter(Number.isNaN)).toHaveLength(11);
		const blanks = split(text, 'TotalCharges').filter((s) => s.trim() === '').length;
		expect(blanks).toBe(11);
	});
	it('reads SeniorCitizen 0/1 as yes/no, matching the file', () => {
		expect(p.SeniorCitizen).toMatchObject({ type: 'boolean', role: 'metric' });
		const senior = category(parsed.columns.SeniorCitizen);
		expect(count(senior.codes, 1)).toBe(split(text, 'SeniorCitizen').filter((s) => s === '1').length);
		expect(count(senior.codes, 1)).toBe(1142);
	});
	it('reads Contract as a category metric with its three levels', () => {
		expect(p.Contract).toMatchObject({ type: 'category', role: 'metric' });
		expect(category(parsed.columns.Contract).levels).toEqual(['Month-to-month', 'One year', 'Two year']);
	});
	it('matches an independent reader: means of MonthlyCharges, tenure and TotalCharges', () => {
		for (const header of ['MonthlyCharges', 'tenure']) {
			const values = numbers(parsed.columns[header]);
			let sum = 0;
			for (const x of values) sum += x;
			expect(Math.abs(sum / values.length - meanOf(split(text, header))), header).toBeLessThan(1e-12);
		}
		const total = numbers(parsed.columns.TotalCharges).filter((x) => !Number.isNaN(x));
		const reference = split(text, 'TotalCharges').filter((s) => s.trim() !== '');
		expect(Math.abs(total.reduce((a, b) => a + b, 0) / total.length - meanOf(reference))).toBeLessThan(1e-9);
	});
});

describe('telecom_churn_bigml.csv', () => {
	const { text, preview, parsed } = load('telecom_churn_bigml.csv');
	const p = byName(preview);

	it('reads 3,333 rows without problems', () => {
		expect(parsed).toMatchObject({ rowCount: 3333, rowsRead: 3333, rowsSkipped: 0, problemCount: 0 });
	});
	it('trims the "churn " header and proposes it as a True/False outcome with 483 True', () => {
		expect(preview.columns[20]).toMatchObject({ header: 'churn ', name: 'churn', type: 'boolean', role: 'outcome' });
		const churn = category(parsed.columns.churn);
		expect(churn.levels).toEqual(['No', 'Yes']);
		expect(count(churn.codes, 1)).toBe(483);
	});
	it('proposes "phone number" as the only ID', () => {
		expect(p['phone number']).toMatchObject({ type: 'text', role: 'id' });
		expect(preview.columns.filter((c) => c.role === 'id')).toHaveLength(1);
	});
	it('reads the plans as yes/no metrics, not segments', () => {
		expect(p['international plan']).toMatchObject({ type: 'boolean', role: 'metric' });
		expect(p['voice mail plan']).toMatchObject({ type: 'boolean', role: 'metric' });
		const plan = category(parsed.columns['international plan']);
		expect(count(plan.codes, 1)).toBe(split(text, 'international plan').filter((s) => s === 'yes').length);
	});
	it('matches an independent reader: mean of total day minutes and customer service calls', () => {
		for (const header of ['total day minutes', 'customer service calls']) {
			const values = numbers(parsed.columns[header]);
			let sum = 0;
			for (const x of values) sum += x;
			expect(Math.abs(sum / values.length - meanOf(split(text, header))), header).toBeLessThan(1e-12);
		}
	});
});
