// An ISO date column read through the builder (yyyy-mm-dd cells are looked up by their digits) against
// parseDate on each cell as written: same dates, same missing cells, every bad cell reported each time.
import { describe, expect, it } from 'vitest';
import { ColumnBuilder } from '../../../src/lib/core/csv/columns';
import { tokenize } from '../../../src/lib/core/csv/tokenize';
import type { ColumnMapping, Dialect } from '../../../src/lib/core/csv/types';
import { isBlank, isMissingMarker, parseDate } from '../../../src/lib/core/csv/values';
import { Random } from '../../../src/lib/core/random';

const DIALECT: Dialect = { encoding: 'utf-8', bom: false, delimiter: ',', decimalComma: false };
const MAPPING: ColumnMapping[] = [
	{ index: 0, name: 'id', type: 'text', role: 'id' },
	{ index: 1, name: 'as_of', type: 'date', role: 'asOf', dateFormat: 'iso' }
];
// Valid and invalid yyyy-mm-dd, other ISO spellings, near misses of the pattern, blanks and markers.
const SPELLINGS = [
	'2025-06-30', '2025-03-31', '2024-02-29', '2025-02-29', '2025-02-30', '2025-13-01', '0999-01-01', '2025-00-10',
	'2025/06/30', '2025-6-30', '2025-06-30T10:00', ' 2025-06-30', '2025-06-30 ', '2025-06', '2025_06_30', '2025-06-3x',
	'20250630xx', '-025-06-30', '', '  ', 'N/A', 'null', 'soon', '"2025-06-30"', '"2025-""06-30"'
];

describe('ISO date column', () => {
	it('reads every spelling as parseDate does, across pieces, reporting each bad cell every time', () => {
		const rng = new Random(5);
		const cells = Array.from({ length: 3000 }, () => SPELLINGS[Math.floor(rng.uniform() * SPELLINGS.length)]);
		const text = 'id,as_of\n' + cells.map((c, i) => `C${i},${c}`).join('\n') + '\n';
		const builder = new ColumnBuilder(MAPPING, DIALECT, 2);
		// Pieces of ~1,000 characters, the header record skipped, as CsvReader feeds the builder.
		let partial = '';
		let row = 1;
		for (let at = 0; at < text.length; at += 1000) {
			const last = at + 1000 >= text.length;
			const input = partial + text.slice(at, at + 1000);
			const records = tokenize(input, ',', '\n', last)!;
			const from = row === 1 ? 1 : 0;
			if (records.count > from) builder.addRecords(records, row + from, from);
			row += records.count;
			partial = input.slice(records.cursor);
		}
		const parsed = builder.finish();
		const column = parsed.columns.as_of;
		if (column.kind !== 'text') throw new Error('a date column is text until toDataset');
		// The reference: each cell as papaparse gives it (quotes read, "" as one), through parseDate.
		const written = cells.map((c) => (c.startsWith('"') ? c.slice(1, -1).replaceAll('""', '"') : c));
		const expected = written.map((v) => (isBlank(v) ? null : parseDate(v, 'iso')));
		expect(column.values).toEqual(expected);
		const bad = written.filter((v) => !isBlank(v) && parseDate(v, 'iso') === null && !isMissingMarker(v)).length;
		expect(bad).toBeGreaterThan(100);
		expect(parsed.problemCount).toBe(bad);
		expect(parsed.rowCount).toBe(cells.length);
	});
});
