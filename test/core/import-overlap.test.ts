/** What a file about to be imported replaces or joins of the stored imports, counted by hand on small files and on Telco. */
import { describe, expect, it } from 'vitest';
import { hasSnapshotRows } from '../../src/lib/core/assemble';
import { toDataset } from '../../src/lib/core/csv/dataset';
import type { ColumnMapping } from '../../src/lib/core/csv/types';
import type { Dataset } from '../../src/lib/core/dataset';
import { importOverlap } from '../../src/lib/core/import-overlap';
import { rowsAdded, rowsLeaving, rowsReplaced } from '../../src/lib/core/rows-gone';
import { runSteps } from '../../src/lib/core/steps';
import { encodeCategories, type Column } from '../../src/lib/core/table';
import { readSharedCsv } from '../helpers/shared-data';

let clock = Date.parse('2026-03-01T00:00:00.000Z');
function file(name: string, columns: Record<string, Column>, roles: Record<string, ColumnMapping['role']>, asOf = '2026-01-01'): Dataset {
	const names = Object.keys(columns);
	const rowCount = (Object.values(columns)[0] as { values?: ArrayLike<unknown>; codes?: ArrayLike<unknown> }).values?.length ?? (Object.values(columns)[0] as { codes: Int32Array }).codes.length;
	const mapping: ColumnMapping[] = names.map((n, index) => {
		const role = roles[n] ?? 'metric', kind = columns[n].kind;
		return { index, name: n, role, type: role === 'asOf' ? 'date' : kind === 'number' ? 'number' : kind === 'category' ? 'boolean' : 'text', ...(role === 'asOf' ? { dateFormat: 'iso' as const } : {}) };
	});
	const parsed = { rowCount, columns, sourceRows: new Int32Array(rowCount), problems: [], problemCount: 0, rowsRead: rowCount, rowsSkipped: 0 };
	const importedAt = new Date((clock += 60_000)).toISOString();
	return toDataset(parsed, mapping, { id: `file-${clock}`, fileName: name, importedAt, asOf, fileSize: 1 });
}
const text = (...values: (string | null)[]): Column => ({ kind: 'text', values });
const num = (...values: number[]): Column => ({ kind: 'number', values: Float64Array.from(values) });

const jan = file('jan.csv', { id: text('A', 'B', 'C'), logins: num(1, 2, 3) }, { id: 'id' });
/** Two months: B and D at January, A, B and C at February. */
const both = file('both.csv', { id: text('B', 'D', 'A', 'B', 'C'), as_of: text('2026-01-01', '2026-01-01', '2026-02-01', '2026-02-01', '2026-02-01'), logins: num(1, 2, 3, 4, 5) }, { id: 'id', as_of: 'asOf' });

describe('importOverlap', () => {
	it('counts the rows a snapshot file replaces, per earlier import and date; a duplicate row counts once', () => {
		// The new file: A twice and B at January, C at March, an empty ID.
		const overlap = runSteps(importOverlap([jan, both], { ids: ['A', 'A', 'B', 'C', null], asOf: ['2026-01-01', '2026-01-01', '2026-01-01', '2026-03-01', '2026-01-01'], outcomeRoles: [], outcomesOnly: false }));
		// By hand: (A, Jan) is jan's; (B, Jan) is jan's and both's; (C, Mar) is nobody's.
		expect(overlap.replacedRows).toBe(2);
		expect(overlap.replaced).toEqual([
			{ name: 'jan.csv', rows: 2, dates: ['2026-01-01'] },
			{ name: 'both.csv', rows: 1, dates: ['2026-01-01'] }
		]);
		const february = runSteps(importOverlap([jan, both], { ids: ['A', 'C', 'E'], asOf: '2026-02-01', outcomeRoles: [], outcomesOnly: false }));
		expect([february.replacedRows, february.replaced]).toEqual([2, [{ name: 'both.csv', rows: 2, dates: ['2026-02-01'] }]]);
	});

	it('counts the same from the as-of dates as codes (the import worker sends them so), missing dates counting none', () => {
		// The first file above again: A twice and B at January, C at March, an empty ID; and D with no date.
		const asOf = { levels: ['2026-01-01', '2026-03-01'], codes: Int32Array.from([0, 0, 0, 1, 0, -1]) };
		const overlap = runSteps(importOverlap([jan, both], { ids: ['A', 'A', 'B', 'C', null, 'D'], asOf, outcomeRoles: [], outcomesOnly: false }));
		expect(overlap.replacedRows).toBe(2);
		expect(overlap.replaced).toEqual([
			{ name: 'jan.csv', rows: 2, dates: ['2026-01-01'] },
			{ name: 'both.csv', rows: 1, dates: ['2026-01-01'] }
		]);
		// both.csv read again, its dates as codes: each of its five rows is replaced, at both dates.
		const again = runSteps(importOverlap([jan, both], { ids: ['B', 'D', 'A', 'B', 'C'], asOf: { levels: ['2026-01-01', '2026-02-01'], codes: Int32Array.from([0, 0, 1, 1, 1]) }, outcomeRoles: [], outcomesOnly: false }));
		expect(again.replacedRows).toBe(5);
		expect(again.replaced).toEqual([
			{ name: 'jan.csv', rows: 1, dates: ['2026-01-01'] },
			{ name: 'both.csv', rows: 5, dates: ['2026-01-01', '2026-02-01'] }
		]);
	});

	it('counts the distinct IDs of an outcomes file that join a customer and those that match none, and whose outcomes it takes over', () => {
		const churn = file('churn.csv', { id: text('A', 'Z'), churned: encodeCategories(['Yes', 'No'], ['No', 'Yes']) }, { id: 'id', churned: 'outcome' });
		expect(hasSnapshotRows(churn.meta)).toBe(false);
		const ids = ['A', 'B', 'X', 'B', 'Y', 'X', 'D', null, 'Q1', 'Q2', 'Q3', 'Q4'];
		const overlap = runSteps(importOverlap([jan, both, churn], { ids, asOf: '', outcomeRoles: ['outcome', 'renewalDate'], outcomesOnly: true }));
		// By hand: A, B, D are customers of the snapshot files (the outcomes file's Z is not one); X, Y, Q1–Q4 are not.
		expect([overlap.joined, overlap.unmatched, overlap.examples]).toEqual([3, 6, ['X', 'Y', 'Q1', 'Q2', 'Q3']]);
		expect(overlap.takesOver).toEqual([{ role: 'outcome', from: [{ name: 'churn.csv', column: 'churned' }] }]);
	});

	it('takes over outcomes only from the imports with a customer it joins', () => {
		// Two portfolios side by side, as Telco and BigML: an outcomes file of Telco's IDs takes over nothing of BigML's.
		const telco = file('telco.csv', { id: text('T1', 'T2'), tenure: num(1, 2), Churn: encodeCategories(['No', 'Yes'], ['No', 'Yes']) }, { id: 'id', Churn: 'outcome' }, '2026-11-24');
		const bigml = file('bigml.csv', { id: text('B1', 'B2'), calls: num(3, 4), churn: encodeCategories(['No', 'No'], ['No', 'Yes']) }, { id: 'id', churn: 'outcome' }, '2026-11-24');
		// An earlier outcomes file of a customer no snapshot has (its outcome joins nothing, so nothing is taken over from it).
		const strays = file('strays.csv', { id: text('S1', 'T9'), churned: encodeCategories(['Yes', 'Yes'], ['No', 'Yes']) }, { id: 'id', churned: 'outcome' });
		const overlap = runSteps(importOverlap([telco, bigml, strays], { ids: ['T1', 'T2', 'S1'], asOf: '', outcomeRoles: ['outcome'], outcomesOnly: true }));
		expect([overlap.joined, overlap.unmatched]).toEqual([2, 1]);
		expect(overlap.takesOver).toEqual([{ role: 'outcome', from: [{ name: 'telco.csv', column: 'Churn' }] }]);
		const bigmlToo = runSteps(importOverlap([telco, bigml, strays], { ids: ['T1', 'B2'], asOf: '', outcomeRoles: ['outcome'], outcomesOnly: true }));
		expect(bigmlToo.takesOver).toEqual([{ role: 'outcome', from: [{ name: 'telco.csv', column: 'Churn' }, { name: 'bigml.csv', column: 'churn' }] }]);
	});

	it('on Telco: every ID joins but the strangers, and the same file again replaces every row', () => {
		const rows = readSharedCsv('telco_customer_churn.csv');
		const ids = rows.map((r) => r.customerID);
		const telco = file('telco.csv', { customerID: text(...ids), tenure: num(...rows.map((r) => Number(r.tenure))), Churn: encodeCategories(rows.map((r) => r.Churn), ['No', 'Yes']) }, { customerID: 'id', Churn: 'outcome' }, '2026-11-24');
		const outcomes = runSteps(importOverlap([telco], { ids: [...ids, 'nobody-1', 'nobody-2'], asOf: '', outcomeRoles: ['outcome'], outcomesOnly: true }));
		expect([outcomes.joined, outcomes.unmatched, outcomes.examples]).toEqual([new Set(ids).size, 2, ['nobody-1', 'nobody-2']]);
		expect(outcomes.takesOver).toEqual([{ role: 'outcome', from: [{ name: 'telco.csv', column: 'Churn' }] }]);
		const again = runSteps(importOverlap([telco], { ids, asOf: '2026-11-24', outcomeRoles: ['outcome'], outcomesOnly: false }));
		expect([again.replacedRows, again.replaced]).toEqual([new Set(ids).size, [{ name: 'telco.csv', rows: ids.length, dates: ['2026-11-24'] }]]);
		const later = runSteps(importOverlap([telco], { ids, asOf: '2026-12-24', outcomeRoles: [], outcomesOnly: false }));
		expect([later.replacedRows, later.replaced]).toEqual([0, []]);
	});
});

describe('rows gone with an import', () => {
	it('a deleted import takes every row at a snapshot no other import has, and its own customers’ rows at one another has', () => {
		expect(rowsLeaving(both, [jan])).toEqual([{ snapshots: ['2026-02-01'] }, { snapshots: ['2026-01-01'], customers: new Set(['B', 'D']) }]);
		expect(rowsReplaced(both, [jan])).toEqual([{ snapshots: ['2026-01-01'], customers: new Set(['B', 'D']) }]);
		expect(rowsReplaced(jan, [])).toEqual([]);
	});

	it('names the added rows a stored row may follow: only those before the latest stored snapshot', () => {
		// Stored: January (jan, both) and February (both). Added: A at January 15, B at March, C at both.
		const mid = file('mid.csv', { id: text('A', 'B', 'C', 'C'), as_of: text('2026-01-15', '2026-03-01', '2026-01-15', '2026-03-01'), logins: num(1, 2, 3, 4) }, { id: 'id', as_of: 'asOf' });
		expect(rowsAdded(mid, [jan, both])).toEqual([{ snapshots: ['2026-01-15'], customers: new Set(['A', 'C']) }]);
		// A month after every stored one (and one equal to the latest) is followed by no stored row.
		const later = file('later.csv', { id: text('A', 'B', 'B'), as_of: text('2026-02-01', '2026-03-01', '2026-04-01'), logins: num(1, 2, 3) }, { id: 'id', as_of: 'asOf' });
		expect(rowsAdded(later, [jan, both])).toEqual([]);
		expect(rowsAdded(both, [])).toEqual([]);
	});
});
