import { describe, expect, it } from 'vitest';
import { ImportError, parseCsvBytes, type ParsedColumns } from '../../../src/lib/core/csv';
import { cell } from '../../../src/lib/core/table';

const utf8 = (s: string) => new TextEncoder().encode(s);
const BOM = [0xef, 0xbb, 0xbf];
const values = (p: ParsedColumns, name: string) => Array.from({ length: p.rowCount }, (_, i) => cell(p.columns[name], i));

function refused(bytes: Uint8Array): string {
	try {
		parseCsvBytes(bytes, 'f.csv');
	} catch (e) {
		if (e instanceof ImportError) return e.message;
		throw e;
	}
	throw new Error('expected an ImportError');
}

describe('parseCsvBytes: whole-file errors', () => {
	it('refuses empty files', () => {
		expect(refused(new Uint8Array(0))).toBe('"f.csv" is empty.');
		expect(refused(utf8(' \n\t\r\n'))).toBe('"f.csv" is empty.');
		expect(refused(new Uint8Array(BOM))).toBe('"f.csv" is empty.');
	});
	it('refuses a header without rows, and one column', () => {
		expect(refused(utf8('id,name,arr\n'))).toMatch(/has a header but no rows/);
		expect(refused(utf8('id\nA\nB\n'))).toMatch(/only one column.*delimiter/);
	});
	it('refuses binary files with a message that names them', () => {
		const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...utf8('\u0014\u0000\u0006\u0000[Content_Types].xml')]);
		expect(refused(xlsx)).toBe('"f.csv" looks like an Excel workbook (.xlsx), not a CSV: export it as CSV first.');
		expect(refused(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('"f.csv" looks like a PNG image, not a CSV.');
		expect(refused(utf8('%PDF-1.4\n'))).toMatch(/PDF/);
		expect(refused(utf8('id,name\n1,a\u0000\n'))).toBe('"f.csv" contains NUL bytes: it is a binary file (or UTF-16 text), not a CSV.');
	});
});

describe('parseCsvBytes: encodings and dialects', () => {
	it('reads a BOM, semicolons and decimal commas', () => {
		const bytes = new Uint8Array([...BOM, ...utf8('customer_id;arr;score\nA;1.234,56;3,5\nB;980;4\n')]);
		const { preview, parsed } = parseCsvBytes(bytes, 'f.csv');
		expect(preview.dialect).toEqual({ encoding: 'utf-8', bom: true, delimiter: ';', decimalComma: true });
		expect(preview.columns[0].header).toBe('customer_id');
		expect(values(parsed, 'arr')).toEqual([1234.56, 980]);
		expect(values(parsed, 'score')).toEqual([3.5, 4]);
	});
	it('re-reads invalid UTF-8 as Windows-1252 with a notice', () => {
		const text = 'id,name,arr\nA,M\u00fcller,1\nB,Caf\u00e9 \u20acuro,2\n';
		const bytes = new Uint8Array([...text].map((c) => (c === '\u20ac' ? 0x80 : c.charCodeAt(0))));
		const { preview, parsed } = parseCsvBytes(bytes, 'f.csv');
		expect(preview.dialect.encoding).toBe('windows-1252');
		expect(preview.notices[0]).toMatchObject({ level: 'warning', message: expect.stringMatching(/Windows-1252/) });
		expect(values(parsed, 'name')).toEqual(['Müller', 'Café €uro']);
	});
	it('reads CRLF, quoted newlines and doubled quotes', () => {
		const text = 'id,name,arr,notes\r\nA,"Acme\r\nWest",1,"say ""hi"""\r\nB,"x, y",2,"line one\nline two"\r\n';
		const { preview, parsed } = parseCsvBytes(utf8(text), 'f.csv');
		expect(preview.columns.map((c) => c.name)).toEqual(['id', 'name', 'arr', 'notes']);
		expect(values(parsed, 'name')).toEqual(['Acme\r\nWest', 'x, y']);
		expect(values(parsed, 'arr')).toEqual([1, 2]);
		expect(parsed.problemCount).toBe(0);
	});
	it('reads tab and pipe files', () => {
		expect(values(parseCsvBytes(utf8('id\tname\tarr\nA\tAcme, Inc.\t1\nB\tBeta\t2\n'), 'f.tsv').parsed, 'name')).toEqual(['Acme, Inc.', 'Beta']);
		expect(values(parseCsvBytes(utf8('id|name|arr\nA|Acme, Inc.|1\nB|Beta|2\n'), 'f.csv').parsed, 'arr')).toEqual([1, 2]);
	});
});

describe('parseCsvBytes: rows and problems', () => {
	const text = [
		'account id,churned,arr',
		...Array.from({ length: 60 }, (_, i) => `A${i},${i % 2 ? 'yes' : 'no'},${100 + i}`),
		'',
		'B1,maybe,5',
		'B2,yes,-7',
		'B3,no,1,2',
		'B4,no,oops'
	].join('\n');
	const { preview, parsed } = parseCsvBytes(utf8(text), 'f.csv');
	it('proposes the roles it finds', () => {
		expect(preview.columns.map((c) => [c.role, c.type])).toEqual([['id', 'text'], ['outcome', 'boolean'], ['arr', 'number']]);
	});
	it('reports bad values and ragged rows with spreadsheet rows (the empty line is row 62)', () => {
		expect(parsed.problems).toEqual([
			{ row: 63, column: 'churned', value: 'maybe', message: 'not a churn outcome (yes/no)', action: 'treated as missing' },
			{ row: 64, column: 'arr', value: '-7', message: 'ARR cannot be negative', action: 'treated as missing' },
			{ row: 65, column: '', value: 'B3,no,1,2', message: 'has 4 fields, the header has 3', action: 'row skipped' },
			{ row: 66, column: 'arr', value: 'oops', message: 'not a number', action: 'treated as missing' }
		]);
		expect(parsed).toMatchObject({ rowCount: 63, rowsRead: 64, rowsSkipped: 1, problemCount: 4 });
	});
	it('warns about a quote that is never closed and names it in the skipped row', () => {
		const r = parseCsvBytes(utf8('id,name,arr\nA,Acme,1\nB,"Beta,2\nC,Gamma,3\n'), 'f.csv');
		expect(values(r.parsed, 'id')).toEqual(['A']);
		expect(r.parsed.problems).toEqual([
			{ row: 3, lastRow: 4, column: 'name', value: 'B,"Beta,2\nC,Gamma,3', message: 'a quote opened in column “name” is never closed: this row and the next were read as one value', action: 'rows skipped' }
		]);
		// Lines 2–4 read: A kept, the two the quote swallowed skipped.
		expect(r.parsed).toMatchObject({ rowCount: 1, rowsRead: 3, rowsSkipped: 2, problemCount: 1 });
		expect(r.preview.notices.map((n) => n.message).join()).toMatch(/never closed/);
	});
	it('skips a quote never closed on the last line, and one in the last column whose record has every field', () => {
		const last = parseCsvBytes(utf8('id,name,arr\nA,Acme,1\nB,"Beta,2'), 'f.csv');
		expect(last.parsed.problems).toEqual([
			{ row: 3, column: 'name', value: 'B,"Beta,2', message: 'a quote opened in column “name” is never closed', action: 'row skipped' }
		]);
		expect(last.parsed).toMatchObject({ rowCount: 1, rowsRead: 2, rowsSkipped: 1 });
		// Three fields like the header, so it used to be kept with "2\nC,Gamma,3" as a bad ARR.
		const fits = parseCsvBytes(utf8('id,name,arr\nA,Acme,1\nB,Beta,"2\nC,Gamma,3\r\n'), 'f.csv');
		expect(values(fits.parsed, 'id')).toEqual(['A']);
		expect(fits.parsed.problems).toMatchObject([{ row: 3, lastRow: 4, column: 'arr', value: 'B,Beta,"2\nC,Gamma,3', action: 'rows skipped' }]);
		expect(fits.parsed).toMatchObject({ rowsRead: 3, rowsSkipped: 2, problemCount: 1 });
	});
	it('numbers rows after empty lines before the header from the header', () => {
		const r = parseCsvBytes(utf8('\n\nid,arr\nA,1\nB,1,2\nC,3\n'), 'f.csv');
		expect(r.parsed.problems).toEqual([{ row: 3, column: '', value: 'B,1,2', message: 'has 3 fields, the header has 2', action: 'row skipped' }]);
		expect([...r.parsed.sourceRows]).toEqual([2, 4]);
	});
	it('lets the caller decide the mapping, for example an ambiguous date format', () => {
		const bytes = utf8('id,as_of,arr\nA,03/04/2024,1\nB,05/06/2024,2\n');
		expect(() => parseCsvBytes(bytes, 'f.csv')).toThrow(/Choose how the dates in "as_of" are written/);
		const r = parseCsvBytes(bytes, 'f.csv', (p) =>
			p.columns.map((c) => ({ index: c.index, name: c.name, type: c.type, role: c.role, ...(c.type === 'date' ? { dateFormat: 'dmy' as const } : {}) }))
		);
		expect(values(r.parsed, 'as_of')).toEqual(['2024-04-03', '2024-06-05']);
	});
});
