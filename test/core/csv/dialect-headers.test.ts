import { describe, expect, it } from 'vitest';
import { detectDialect } from '../../../src/lib/core/csv/dialect';
import { normalizeHeaders } from '../../../src/lib/core/csv/headers';

describe('detectDialect', () => {
	it('detects each delimiter', () => {
		expect(detectDialect('id,name,arr\n1,Acme,100\n2,Beta,200\n').delimiter).toBe(',');
		expect(detectDialect('id;name;arr\n1;Acme;100\n2;Beta;200\n').delimiter).toBe(';');
		expect(detectDialect('id\tname\tarr\n1\tAcme\t100\n2\tBeta\t200\n').delimiter).toBe('\t');
		expect(detectDialect('id|name|arr\n1|Acme|100\n2|Beta|200\n').delimiter).toBe('|');
	});
	it('is not fooled by delimiters inside quotes', () => {
		const sample = 'id;name;note\n1;"Acme, Inc.";"a, b, c"\n2;"Beta, LLC";"x, y"\n';
		expect(detectDialect(sample).delimiter).toBe(';');
		const commas = 'id,name,note\n1,"Acme; Inc.","a|b|c|d"\n2,"Beta; LLC","x|y|z|w"\n';
		expect(detectDialect(commas).delimiter).toBe(',');
	});
	it('reads CRLF and a record cut off at the end of the sample', () => {
		expect(detectDialect('id;name;arr\r\n1;Acme;100\r\n2;Beta;200\r\n3;Gam').delimiter).toBe(';');
	});
	it('detects decimal commas in semicolon and tab files', () => {
		expect(detectDialect('id;arr;score\n1;1.234,56;3,5\n2;980;4\n')).toEqual({ delimiter: ';', decimalComma: true });
		expect(detectDialect('id\tscore\n1\t3,5\n2\t4,25\n')).toEqual({ delimiter: '\t', decimalComma: true });
		expect(detectDialect('id;score\n1;3.5\n2;4.25\n')).toEqual({ delimiter: ';', decimalComma: false });
		// "1,234" alone could be either; in a semicolon file it is read the European way.
		expect(detectDialect('id;arr\n1;1,234\n2;5,678\n').decimalComma).toBe(true);
	});
	it('never proposes decimal commas for comma files', () => {
		expect(detectDialect('id,score\n1,"3,5"\n2,"4,25"\n')).toEqual({ delimiter: ',', decimalComma: false });
	});
	it('falls back to comma for a single column', () => {
		expect(detectDialect('id\n1\n2\n')).toEqual({ delimiter: ',', decimalComma: false });
	});
});

describe('normalizeHeaders', () => {
	it('trims names (the bigml "churn " header) and a leading BOM', () => {
		expect(normalizeHeaders(['\uFEFFcustomer_id', ' name ', 'churn ']).names).toEqual(['customer_id', 'name', 'churn']);
		expect(normalizeHeaders(['a', 'b']).notices).toEqual([]);
	});
	it('names empty headers by position, with a notice', () => {
		const { names, notices } = normalizeHeaders(['id', '', ' ', 'arr']);
		expect(names).toEqual(['id', 'column 2', 'column 3', 'arr']);
		expect(notices).toHaveLength(1);
		expect(notices[0].message).toMatch(/"column 2", "column 3"/);
	});
	it('makes duplicates unique, never colliding with another header', () => {
		const { names, notices } = normalizeHeaders(['arr', 'arr', 'arr (2)', 'name', ' name', 'arr']);
		expect(names).toEqual(['arr', 'arr (3)', 'arr (2)', 'name', 'name (2)', 'arr (4)']);
		expect(new Set(names).size).toBe(names.length);
		expect(notices).toHaveLength(1);
		expect(notices[0].level).toBe('warning');
		expect(notices[0].message).toMatch(/"arr" → "arr \(3\)"/);
		expect(notices[0].message).toMatch(/"name" → "name \(2\)"/);
	});
	it('keeps an empty header from taking an existing name', () => {
		expect(normalizeHeaders(['column 2', '']).names).toEqual(['column 2', 'column 2 (2)']);
	});
	it('handles 10,000 duplicate headers quickly and lists only a few', () => {
		const { names, notices } = normalizeHeaders(Array.from({ length: 10_000 }, () => 'x'));
		expect(new Set(names).size).toBe(10_000);
		expect(notices[0].message).toMatch(/and 9994 more/);
	});
});
