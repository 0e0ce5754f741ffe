/** Scored customers as CSV: formula cells neutralised, quoting read back by papaparse, numbers as computed. */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { contributionCell, csvField, neutralize, scoredCustomersCsv, toCsv } from '../../src/lib/core/export-csv';
import { scoreTable } from '../../src/lib/core/score';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import type { Table } from '../../src/lib/core/table';

const parse = (csv: string) => Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;

describe('neutralize and csvField', () => {
	it('prefixes every formula start with an apostrophe and leaves other text alone', () => {
		for (const start of ['=', '+', '-', '@', '\t', '\r', '\0']) expect(neutralize(`${start}1+1`)).toBe(`'${start}1+1`);
		for (const safe of ['Acme', "'quoted", '', '1e3', 'a=b', 'x -1', '"Acme"', ' 12', '\u2212 3']) expect(neutralize(safe)).toBe(safe);
	});

	it('also after leading spaces and quotes, which a spreadsheet may trim on import (OWASP), and in full-width forms', () => {
		const hidden = [' =1+1', '   +cmd', '\u00a0-2+3', '\n@SUM(A1)', '"=HYPERLINK(""x"")', "'=1+1", ` '"=1`, '\u3000=1', '\uff1d1+1', '\uff0bcmd', '\uff0d2', '\uff20SUM(A1)'];
		for (const text of hidden) expect(neutralize(text)).toBe(`'${text}`);
		// Read back as a spreadsheet would after trimming spaces and quotes: the apostrophe comes first, so it stays text.
		for (const text of hidden) expect(Papa.parse<string[]>(csvField(text)).data[0][0].replace(/^[\s"]+/, '')).toMatch(/^'/);
	});

	it('quotes commas, quotes and line breaks after neutralising, and writes numbers as numbers', () => {
		expect(csvField('a,b')).toBe('"a,b"');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField('\rx')).toBe(`"'\rx"`);
		expect(csvField('two\nlines')).toBe('"two\nlines"');
		expect(csvField(-2.5)).toBe('-2.5');
		expect(csvField(NaN)).toBe('');
		expect(csvField(null)).toBe('');
		expect(toCsv([['a', 1], ['=b', null]])).toBe("a,1\r\n'=b,\r\n");
	});
});

describe('scoredCustomersCsv on the formula fixture', () => {
	// Read with papaparse, independently of Checkup's own CSV reader: the names are exactly as in the file.
	const fixture = Papa.parse<Record<string, string>>(readFileSync('test/fixtures/bad/formula-cells.csv', 'utf8'), { header: true, skipEmptyLines: true }).data;
	const table: Table = {
		rowCount: fixture.length,
		columns: {
			customer_id: { kind: 'text', values: fixture.map((r) => r.customer_id) },
			name: { kind: 'text', values: fixture.map((r) => r.name) },
			arr: { kind: 'number', values: Float64Array.from(fixture, (r) => (/^\d+$/.test(r.arr) ? Number(r.arr) : NaN)) }
		}
	};
	const scorecard: Scorecard = {
		id: 's',
		name: 'ARR only',
		metrics: [{ id: 'arr', column: 'arr', label: '=ARR', weight: 1, normalization: { kind: 'linear', worst: 0, best: 100_000 }, missing: { kind: 'skip' } }],
		bands: defaultBands()
	};
	const result = scoreTable(table, scorecard);
	const rows = Uint32Array.from({ length: table.rowCount }, (_, i) => i);
	const csv = scoredCustomersCsv({ table, roles: { id: 'customer_id', name: 'name', arr: 'arr' }, result, scorecard, rows });
	const out = parse(csv);

	it('writes numbers as a spreadsheet reads them, never as the screen shows them (no-break spaces, minus signs, grouping)', () => {
		expect(csv).not.toMatch(/[\u00a0\u202f\u2212]/);
		const numbers = out.slice(1).flatMap((line) => [line[2], line[5]]).filter((x) => x !== '');
		expect(numbers.length).toBeGreaterThan(0);
		for (const x of numbers) expect(x).toMatch(/^-?\d+(\.\d+)?$/);
	});

	it('writes its columns in the Customers table’s order (Customer, Score, Band, Segment, Owner, ARR, Scorecard, metrics), the customer as ID and name', () => {
		// No segment or owner role and no scorecard but the default: as the table, no column of blanks or of "Default".
		expect(out[0]).toEqual(['customer_id', 'name', 'score', 'band', 'recommended_action', 'arr', "'=ARR sub-score", "'=ARR contribution"]);
	});

	it('writes every column, in that order, for data with every role and a choice of scorecard', () => {
		const all = { id: 'customer_id', name: 'name', segment: 'name', owner: 'name', arr: 'arr' };
		const header = parse(scoredCustomersCsv({ table, roles: all, result, scorecard, rows: [0], scoredBy: () => ({ scorecard: 'Default', overridden: false }) }))[0];
		expect(header).toEqual(['customer_id', 'name', 'score', 'band', 'recommended_action', 'segment', 'owner', 'arr', 'scorecard', 'overridden', "'=ARR sub-score", "'=ARR contribution"]);
	});

	it('neutralises every formula name and the metric label, keeping the rest verbatim', () => {
		expect(out.slice(1, 6).map((line) => line[1])).toEqual([`'=HYPERLINK("http://x","click")`, "'+cmd", "'-2+3", "'@SUM(A1)", `'=cmd|' /C calc'!A0`]);
		expect(out[6][1]).toBe('Name 7');
		// No field a spreadsheet would evaluate: every one starts with something other than a formula character.
		for (const line of out) for (const field of line) expect(field).not.toMatch(/^[=+\-@\t\r]/);
	});

	it('writes the computed numbers, empty where there is no score, for the chosen rows in their order', () => {
		// Row 8 (C007) had "-2+3" as ARR: no value, so no score, no sub-score, no band; never 0.
		expect(out[7]).toEqual(['C007', 'Name 8', '', '', '', '', '', '']);
		// C001: ARR 1000 → linear 0..100,000 → 1 point, its whole score.
		expect(out[1].slice(2)).toEqual(['1', 'At risk', 'Reach out this week', '1000', '1', '1']);
		expect(out.length).toBe(table.rowCount + 1);
		const picked = parse(scoredCustomersCsv({ table, roles: { id: 'customer_id' }, result, scorecard, rows: [59, 0] }));
		expect(picked.map((l) => l[0])).toEqual(['customer_id', 'C060', 'C001']);
		// An ID role only: the score is the second column.
		expect(picked[1][1]).toBe(String(result.score[59]));
		expect(Number(picked[1][1])).toBeCloseTo(61_000 / 100_000 * 100, 12);
	});
});

describe('scoredCustomersCsv where a customer has no score', () => {
	it('leaves the contribution empty, not 0, when every metric with a sub-score weighs 0', () => {
		// A (weight 0) has 80; B (weight 1) is missing and skipped: no weight left, so no score.
		const table: Table = { rowCount: 1, columns: { customer_id: { kind: 'text', values: ['c1'] }, a: { kind: 'number', values: Float64Array.of(80) }, b: { kind: 'number', values: Float64Array.of(NaN) } } };
		const scorecard: Scorecard = {
			id: 's', name: 's', bands: defaultBands(),
			metrics: [
				{ id: 'a', column: 'a', label: 'A', weight: 0, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } },
				{ id: 'b', column: 'b', label: 'B', weight: 1, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } }
			]
		};
		const result = scoreTable(table, scorecard);
		expect(Number.isNaN(result.score[0])).toBe(true);
		expect(contributionCell(result, 0, 0)).toBeNull();
		const csv = scoredCustomersCsv({ table, roles: { id: 'customer_id' }, result, scorecard, rows: [0] });
		expect(csv.split('\r\n')[1]).toBe('c1,,,,80,,,');
	});
});

describe('scoredCustomersCsv with segment scorecards', () => {
	it('writes which scorecard scored each customer, and an override, where the Customers table shows them (after ARR)', () => {
		// Hand-made: two customers of segment Gold scored by its card (one overridden), one by the default.
		const table: Table = {
			rowCount: 3,
			columns: {
				customer_id: { kind: 'text', values: ['g1', 'd1', 'g2'] },
				segment: { kind: 'text', values: ['Gold', 'Basic', '=Gold'] },
				arr: { kind: 'number', values: Float64Array.of(100, 200, 300) },
				u: { kind: 'number', values: Float64Array.of(10, 90, 50) }
			}
		};
		const scorecard: Scorecard = {
			id: 's', name: 's', bands: defaultBands(),
			metrics: [{ id: 'u', column: 'u', label: 'Usage', weight: 1, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } }]
		};
		const result = scoreTable(table, scorecard);
		const by = [{ scorecard: 'Gold', overridden: true }, { scorecard: 'Default', overridden: false }, { scorecard: '=Gold', overridden: false }];
		const out = parse(scoredCustomersCsv({ table, roles: { id: 'customer_id', segment: 'segment', arr: 'arr' }, result, scorecard, rows: [2, 0, 1], scoredBy: (i) => by[i] }));
		// No owner role: no owner column.
		expect(out.map((l) => l.slice(4, 8))).toEqual([
			['segment', 'arr', 'scorecard', 'overridden'],
			["'=Gold", '300', "'=Gold", ''],
			['Gold', '100', 'Gold', 'yes'],
			['Basic', '200', 'Default', '']
		]);
		expect(out[1].slice(8)).toEqual(['50', '50']);
	});
});
