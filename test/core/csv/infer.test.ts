import { describe, expect, it } from 'vitest';
import { defaultMapping, previewText, profileColumns } from '../../../src/lib/core/csv/infer';
import { headerWords } from '../../../src/lib/core/csv/roles';
import { ImportError, type ColumnProfile, type Dialect } from '../../../src/lib/core/csv/types';

const DIALECT: Dialect = { encoding: 'utf-8', bom: false, delimiter: ',', decimalComma: false };

/** Profiles columns given as name → values (all the same length). */
function profile(columns: Record<string, string[]>, decimalComma = false): Record<string, ColumnProfile> {
	const headers = Object.keys(columns);
	const n = columns[headers[0]].length;
	const rows = Array.from({ length: n }, (_, i) => headers.map((h) => columns[h][i]));
	const profiles = profileColumns(headers, headers, rows, { decimalComma });
	return Object.fromEntries(profiles.map((p) => [p.name, p]));
}

const repeat = <T>(values: T[], n: number) => Array.from({ length: n }, (_, i) => values[i % values.length]);
const ids = (n: number) => Array.from({ length: n }, (_, i) => `C${String(i + 1).padStart(4, '0')}`);

describe('headerWords', () => {
	it('splits camel case, underscores and punctuation', () => {
		expect(headerWords('customerID')).toBe('customer id');
		expect(headerWords('MonthlyCharges')).toBe('monthly charges');
		expect(headerWords('CSMName')).toBe('csm name');
		expect(headerWords(' Total_Charges ($) ')).toBe('total charges');
		expect(headerWords('Kündigungsdatum')).toBe('kündigungsdatum');
	});
});

describe('profileColumns: types', () => {
	const p = profile({
		id: ids(40),
		arr: repeat(['$1,200', '900', '', '50.5'], 40),
		flag: repeat(['yes', 'no', 'Y', 'N'], 40),
		zeroOne: repeat(['0', '1', '1'], 40),
		count: repeat(['0', '1', '2'], 40),
		plan: repeat(['Gold', 'Silver', 'Bronze'], 40),
		when: repeat(['2024-01-31', '2024-02-29'], 40),
		note: Array.from({ length: 40 }, (_, i) => `free text ${i}`),
		zip: repeat(['01234', '98765'], 40),
		empty: repeat([''], 40),
		withNA: repeat(['1', '2', 'N/A'], 40)
	});
	it('infers number, boolean, category, date and text', () => {
		expect(p.arr.type).toBe('number');
		expect(p.flag.type).toBe('boolean');
		expect(p.zeroOne.type).toBe('boolean');
		expect(p.count.type).toBe('number');
		expect(p.plan.type).toBe('category');
		expect(p.when).toMatchObject({ type: 'date', dateFormat: 'iso' });
		expect(p.note.type).toBe('text');
		expect(p.zip.type).not.toBe('number');
		expect(p.empty.type).toBe('text');
		expect(p.withNA.type).toBe('number');
	});
	it('counts missing share, distinct values and keeps up to five samples as written', () => {
		expect(p.arr.missingShare).toBe(0.25);
		expect(p.arr.distinct).toBe(3);
		expect(p.arr.samples).toEqual(['$1,200', '900', '50.5']);
		expect(p.empty.missingShare).toBe(1);
		expect(p.withNA.missingShare).toBeCloseTo(13 / 40, 12);
		expect(p.note.samples).toHaveLength(5);
		expect(p.note.distinct).toBe(40);
	});
	it('keeps a bad yes/no value from changing the type (it becomes a problem at import)', () => {
		const q = profile({ churned: [...repeat(['Yes', 'No'], 99), 'maybe'] });
		expect(q.churned).toMatchObject({ type: 'boolean', role: 'outcome' });
	});
	it('does not call a 0/1/2 count a yes/no', () => {
		expect(profile({ calls: [...repeat(['0', '1'], 99), '2'] }).calls.type).toBe('number');
	});
	it('reads decimal commas when the dialect says so', () => {
		expect(profile({ score: repeat(['3,5', '4,25'], 10) }, true).score.type).toBe('number');
		expect(profile({ score: repeat(['3,5', '4,25'], 10) }, false).score.type).not.toBe('number');
	});
	it('reports ambiguous dates and detects d/m/y and m/d/y', () => {
		expect(profile({ d: ['03/04/2024', '05/06/2024', '12/11/2024'] }).d).toMatchObject({ type: 'date', dateFormat: 'ambiguous' });
		expect(profile({ d: ['03/04/2024', '25/12/2024'] }).d.dateFormat).toBe('dmy');
		expect(profile({ d: ['03/04/2024', '12/25/2024'] }).d.dateFormat).toBe('mdy');
		expect(profile({ d: ['1.2.2024', '3.4.2024'] }).d.dateFormat).toBe('dmy');
	});
	it('leaves ragged rows out of the profile', () => {
		const profiles = profileColumns(['a', 'b'], ['a', 'b'], [['1', '2'], ['x', 'y', 'z'], ['3', '4']], DIALECT);
		expect(profiles[0]).toMatchObject({ type: 'number', samples: ['1', '3'] });
	});
});

describe('profileColumns: roles', () => {
	it('proposes the usual roles from header names', () => {
		const p = profile({
			'Account ID': ids(30),
			'Company Name': ids(30).map((id) => `Company ${id}`),
			'As of': repeat(['2024-01-31', '2024-02-29'], 30),
			Churned: repeat(['No', 'Yes', 'No'], 30),
			'Churn Date': repeat(['', '2024-03-15'], 30),
			'Renewal date': repeat(['2025-01-01', '2025-06-01'], 30),
			Segment: repeat(['SMB', 'Enterprise'], 30),
			CSM: repeat(['Ann', 'Bo', 'Cy'], 30),
			ARR: repeat(['1000', '2500'], 30),
			Logins: repeat(['3', '40', '7'], 30),
			Notes: Array.from({ length: 30 }, (_, i) => `note number ${i}`)
		});
		const roles = Object.fromEntries(Object.values(p).map((c) => [c.name, c.role]));
		expect(roles).toEqual({
			'Account ID': 'id',
			'Company Name': 'name',
			'As of': 'asOf',
			Churned: 'outcome',
			'Churn Date': 'churnDate',
			'Renewal date': 'renewalDate',
			Segment: 'segment',
			CSM: 'owner',
			ARR: 'arr',
			Logins: 'metric',
			Notes: 'ignore'
		});
	});
	it('proposes exactly one ID and never repeats a unique role', () => {
		const p = profile({ id: ids(20), customer_id: ids(20), tier: repeat(['A', 'B'], 20), plan: repeat(['X', 'Y'], 20), revenue: repeat(['1', '2'], 20), arr: repeat(['5', '6'], 20) });
		expect(Object.values(p).filter((c) => c.role === 'id')).toHaveLength(1);
		expect(p.id.role).toBe('id');
		expect([p.tier.role, p.plan.role].sort()).toEqual(['metric', 'segment']);
		expect([p.revenue.role, p.arr.role].sort()).toEqual(['arr', 'metric']);
	});
	it('keeps yes/no plans as metrics, not segments (bigml "international plan")', () => {
		const p = profile({ 'international plan': repeat(['no', 'yes'], 20) });
		expect(p['international plan']).toMatchObject({ type: 'boolean', role: 'metric' });
	});
	it('falls back to unique code-like text for the ID, and makes a numeric ID text', () => {
		expect(profile({ code: ids(20), name: ids(20).map((s) => `Name ${s}`) }).code.role).toBe('id');
		expect(profile({ 'customer number': Array.from({ length: 20 }, (_, i) => String(1001 + i)) })['customer number']).toMatchObject({ role: 'id', type: 'text' });
		expect(profile({ note: Array.from({ length: 20 }, (_, i) => `a note ${i}`) }).note.role).toBe('ignore');
	});
	it('does not take a number "churn score" as the outcome or MRR as ARR', () => {
		const p = profile({ 'churn score': repeat(['0.2', '0.7'], 20), MRR: repeat(['100', '250'], 20) });
		expect(p['churn score'].role).toBe('metric');
		expect(p.MRR.role).toBe('metric');
	});
});

describe('previewText', () => {
	const preview = (text: string, fileSize = new TextEncoder().encode(text).length) => previewText('f.csv', fileSize, text, DIALECT, []);
	it('throws ImportError for empty files, header only and one column', () => {
		expect(() => preview('')).toThrow(ImportError);
		expect(() => preview('  \n\r\n ')).toThrow('"f.csv" is empty.');
		expect(() => preview('id,name\n')).toThrow('"f.csv" has a header but no rows.');
		expect(() => preview('id,name\n\n,\n')).toThrow(/has a header but no rows/);
		expect(() => preview('id\n1\n2\n')).toThrow(/Found only one column in "f.csv": is the delimiter/);
	});
	it('profiles the rows and passes notices on', () => {
		const p = previewText('f.csv', 20, 'id,name, id\n1,a,x\n2,b,y\n', DIALECT, [{ level: 'info', message: 'from decode' }]);
		expect(p.sampledRows).toBe(2);
		expect(p.columns.map((c) => c.name)).toEqual(['id', 'name', 'id (2)']);
		expect(p.notices.map((n) => n.message)).toEqual(['from decode', expect.stringMatching(/"id" → "id \(2\)"/)]);
	});
	it('drops a record cut off at the end of a partial head, but not the last row of a whole file', () => {
		expect(preview('id,n\n1,a\n2,b').sampledRows).toBe(2);
		expect(previewText('f.csv', 10_000, 'id,n\n1,a\n2,b', DIALECT, []).sampledRows).toBe(1);
	});
	it('warns when the first row looks like data', () => {
		expect(preview('1,2,3\n4,5,6\n').notices.map((n) => n.message).join()).toMatch(/lack a header/);
	});
	it('profiles a 10,000-column file from fewer rows', () => {
		const header = Array.from({ length: 10_000 }, (_, i) => `m${i}`).join(',');
		const row = Array.from({ length: 10_000 }, (_, i) => String(i)).join(',');
		const text = header + '\n' + Array.from({ length: 300 }, () => row).join('\n') + '\n';
		const p = preview(text);
		expect(p.columns).toHaveLength(10_000);
		expect(p.sampledRows).toBe(100);
		expect(p.notices.map((n) => n.message).join()).toMatch(/10,000 columns/);
	});
});

describe('defaultMapping', () => {
	it('copies the proposal and leaves an ambiguous date format unset', () => {
		const p = previewText('f.csv', 0, 'id,as_of,closed\nA,03/04/2024,2024-01-31\nB,05/06/2024,2024-02-01\n', DIALECT, []);
		expect(defaultMapping(p)).toEqual([
			{ index: 0, name: 'id', type: 'text', role: 'id' },
			{ index: 1, name: 'as_of', type: 'date', role: 'asOf' },
			{ index: 2, name: 'closed', type: 'date', role: 'ignore', dateFormat: 'iso' }
		]);
	});
});
