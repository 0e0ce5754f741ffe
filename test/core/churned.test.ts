/** The "already churned" rule the Worklist hides customers by, each case worked by hand. */
import { describe, expect, it } from 'vitest';
import { CHURNED, churnMark, churnState, churnStates, LEAVING, outcomeAt, outcomeText, recordsChurn, STAYING } from '../../src/lib/core/churned';
import type { DatasetRoles } from '../../src/lib/core/dataset';
import { encodeCategories, type Table } from '../../src/lib/core/table';

const AS_OF = '2026-11-01';

describe('churnState', () => {
	it('Yes without a churn date: churned; No or missing: staying', () => {
		expect(churnState(true, null, AS_OF)).toBe(CHURNED);
		expect(churnState(false, null, AS_OF)).toBe(STAYING);
		expect(churnState(null, null, AS_OF)).toBe(STAYING);
	});
	it('a churn date before or on the as-of date has happened; after it, the customer is still here, leaving', () => {
		expect(churnState(true, '2026-10-31', AS_OF)).toBe(CHURNED);
		expect(churnState(true, AS_OF, AS_OF)).toBe(CHURNED);
		expect(churnState(true, '2026-11-02', AS_OF)).toBe(LEAVING);
		// No outcome value: the date alone says it.
		expect(churnState(null, '2026-10-31', AS_OF)).toBe(CHURNED);
		expect(churnState(null, AS_OF, AS_OF)).toBe(CHURNED);
		expect(churnState(null, '2027-01-15', AS_OF)).toBe(LEAVING);
	});
	it('an explicit No is never hidden, whatever the date beside it', () => {
		expect(churnState(false, '2026-10-31', AS_OF)).toBe(STAYING);
		expect(churnState(false, '2026-12-01', AS_OF)).toBe(STAYING);
	});
	it('without an as-of date to place a churn date, the outcome alone decides', () => {
		expect(churnState(true, '2026-12-01', null)).toBe(CHURNED);
		expect(churnState(null, '2026-10-01', null)).toBe(STAYING);
	});
});

describe('churnStates and outcomeAt on a table', () => {
	// One row per case: outcome, churn date, renewal date.
	const cases: [string | null, string | null, string | null][] = [
		['Yes', null, null], // 0 churned, no date
		['No', null, '2027-03-01'], // 1 staying, renews
		[null, null, null], // 2 nothing recorded
		['Yes', '2026-10-15', null], // 3 churned before the as-of date
		['Yes', AS_OF, null], // 4 churned on it
		['Yes', '2026-12-20', null], // 5 leaving
		[' yes ', null, null], // 6 as Learn reads it: trimmed, any case
		['Maybe', 'soon', null], // 7 neither yes nor no, and not a date: nothing recorded
		['No', '2026-10-15', null] // 8 an explicit No
	];
	const table: Table = {
		rowCount: cases.length,
		columns: {
			id: encodeCategories(cases.map((_, i) => `C${i}`)),
			churned: encodeCategories(cases.map((c) => c[0])),
			churn_date: { kind: 'text', values: cases.map((c) => c[1]) },
			renewal_date: { kind: 'text', values: cases.map((c) => c[2]) },
			usage: { kind: 'number', values: new Float64Array(cases.length) }
		}
	};
	const roles: DatasetRoles = { id: 'id', outcome: 'churned', churnDate: 'churn_date', renewalDate: 'renewal_date' };

	it('gives each row its state', () => {
		expect([...churnStates(table, roles, AS_OF)!]).toEqual([CHURNED, STAYING, STAYING, CHURNED, CHURNED, LEAVING, CHURNED, STAYING, STAYING]);
	});
	it('with an outcome column but no churn date column, Yes is churned', () => {
		expect([...churnStates(table, { id: 'id', outcome: 'churned' }, AS_OF)!]).toEqual([CHURNED, STAYING, STAYING, CHURNED, CHURNED, CHURNED, CHURNED, STAYING, STAYING]);
	});
	it('with a churn date column alone, the dates decide', () => {
		expect([...churnStates(table, { id: 'id', churnDate: 'churn_date' }, AS_OF)!]).toEqual([STAYING, STAYING, STAYING, CHURNED, CHURNED, LEAVING, STAYING, STAYING, CHURNED]);
	});
	it('without an outcome or churn date column nothing is hidden and nothing said', () => {
		expect(recordsChurn({ id: 'id', renewalDate: 'renewal_date' })).toBe(false);
		expect(churnStates(table, { id: 'id', renewalDate: 'renewal_date' }, AS_OF)).toBeNull();
		expect(churnStates(table, { id: 'id' }, AS_OF)).toBeNull();
		expect(outcomeText(outcomeAt(table, { id: 'id' }, 0, AS_OF))).toBeNull();
	});
	it('marks churned and leaving customers in words, with the date when known', () => {
		const marks = cases.map((_, i) => churnMark(outcomeAt(table, roles, i, AS_OF)));
		expect(marks).toEqual(['Churned', '', '', 'Churned on 2026-10-15', `Churned on ${AS_OF}`, 'Leaving on 2026-12-20', 'Churned', '', '']);
	});
	it('says the customer page’s outcome: churned, leaving, not churned with its renewal, or nothing', () => {
		const texts = cases.map((_, i) => outcomeText(outcomeAt(table, roles, i, AS_OF)));
		expect(texts).toEqual(['Churned', 'Not churned · Renewal 2027-03-01', null, 'Churned on 2026-10-15', `Churned on ${AS_OF}`, 'Leaving on 2026-12-20', 'Churned', null, 'Not churned']);
	});
});
