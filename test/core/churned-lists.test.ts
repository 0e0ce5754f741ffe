/**
 * The churn readings the Alerts page and the Customers list take from core/churned.ts: each customer's churn from its
 * newest row (churnByCustomer), the Outcome column's words (outcomeWords) and its order (outcomeOrder). Every
 * expected value is worked out by hand from the rows below.
 */
import { describe, expect, it } from 'vitest';
import { CHURN_STEP_CUSTOMERS, CHURNED, churnByCustomer, churnByCustomerSteps, LEAVING, outcomeOrder, outcomeWords, STAYING } from '../../src/lib/core/churned';
import type { DatasetRoles } from '../../src/lib/core/dataset';
import { encodeCategories, type Table } from '../../src/lib/core/table';

const AS_OF = '2026-03-01';
const ROLES: DatasetRoles = { id: 'id', outcome: 'churned', churnDate: 'churn_date' };

/**
 * Two snapshots, rows by snapshot: customers A–F in February (rows 0–5), A–E in March (rows 6–10); F left after
 * February. The outcome columns are the customer's on every row, as an outcomes file writes them, except B, whose
 * February row said No and March row Yes (a snapshot file's own column).
 */
const byCustomer: Record<string, [string | null, string | null]> = {
	A: ['Yes', null], // churned, no date
	B: ['Yes', null], // March says Yes
	C: ['Yes', '2026-02-15'], // churned on a date before the latest snapshot
	D: ['Yes', '2026-04-30'], // leaving after it
	E: ['No', '2026-01-01'], // an explicit No: staying whatever the date
	F: [null, '2026-02-20'] // gone; its date alone says it churned
};
const ids = ['A', 'B', 'C', 'D', 'E', 'F', 'A', 'B', 'C', 'D', 'E'];
const table: Table = {
	rowCount: ids.length,
	columns: {
		id: encodeCategories(ids),
		churned: encodeCategories(ids.map((id, r) => (id === 'B' && r < 6 ? 'No' : byCustomer[id][0]))),
		churn_date: { kind: 'text', values: ids.map((id) => byCustomer[id][1]) }
	}
};
/** Each customer's newest row: A–E in March, F in February. */
const NEWEST = { customers: 6, row: (c: number) => [6, 7, 8, 9, 10, 5][c], id: (c: number) => 'ABCDEF'[c] };

describe('churnByCustomer', () => {
	it('reads each customer’s newest row as of the latest snapshot, and keeps only those churned or leaving', () => {
		const churn = churnByCustomer(table, ROLES, AS_OF, NEWEST)!;
		expect([...churn].sort()).toEqual([
			['A', { state: CHURNED, churnDate: null }],
			['B', { state: CHURNED, churnDate: null }],
			['C', { state: CHURNED, churnDate: '2026-02-15' }],
			['D', { state: LEAVING, churnDate: '2026-04-30' }],
			['F', { state: CHURNED, churnDate: '2026-02-20' }]
		]);
	});
	it('is null when the data has no outcome or churn date column: nothing is left out', () => {
		expect(churnByCustomer(table, { id: 'id' }, AS_OF, NEWEST)).toBeNull();
	});
	it('an outcome column alone: Yes is churned, dates play no part', () => {
		const churn = churnByCustomer(table, { id: 'id', outcome: 'churned' }, AS_OF, NEWEST)!;
		expect([...churn.keys()].sort()).toEqual(['A', 'B', 'C', 'D']);
		expect(churn.get('D')).toEqual({ state: CHURNED, churnDate: null });
	});
	it('is read in steps of CHURN_STEP_CUSTOMERS customers, to the same customers (the page runs between steps)', () => {
		// The six customers again and again, each copy its own IDs: past two steps' worth.
		const customers = 2 * CHURN_STEP_CUSTOMERS + 3;
		const many = { customers, row: (c: number) => NEWEST.row(c % 6), id: (c: number) => `${NEWEST.id(c % 6)}${Math.floor(c / 6)}` };
		const steps = churnByCustomerSteps(table, ROLES, AS_OF, many);
		let yields = 0;
		let next = steps.next();
		for (; !next.done; next = steps.next()) yields++;
		expect(yields).toBe(2);
		const churn = next.value!;
		// Five of every six churned or leaving: A, B, C, D and F.
		expect(churn.size).toBe([...Array(customers).keys()].filter((c) => c % 6 !== 4).length);
		expect(churn.get('D7')).toEqual({ state: LEAVING, churnDate: '2026-04-30' });
		expect(churn.has('E7')).toBe(false);
	});
});

describe('the Customers list’s Outcome column', () => {
	const march = [6, 7, 8, 9, 10];
	it('says what the customer page says, without the renewal date', () => {
		expect(outcomeWords({ state: CHURNED, churned: true, churnDate: null })).toBe('Churned');
		expect(outcomeWords({ state: CHURNED, churned: true, churnDate: '2026-02-15' })).toBe('Churned on 2026-02-15');
		expect(outcomeWords({ state: LEAVING, churned: true, churnDate: '2026-04-30' })).toBe('Leaving on 2026-04-30');
		expect(outcomeWords({ state: STAYING, churned: false, churnDate: '2026-01-01' })).toBe('Not churned');
		expect(outcomeWords({ state: STAYING, churned: null, churnDate: null })).toBe('');
	});
	it('orders as its words do: Churned, Churned on … by date, Leaving on …, Not churned; nothing recorded is NaN', () => {
		const order = outcomeOrder(table, ROLES, AS_OF);
		// March: A Churned, B Churned, C Churned on 02-15, D Leaving on 04-30, E Not churned.
		expect(march.map((r) => order[r])).toEqual([0, 0, 20260215, 1e8 + 20260430, 2e8]);
		// February's F: no outcome and a date on or before the as-of date.
		expect(order[5]).toBe(20260220);
		expect(Array.from(outcomeOrder(table, { id: 'id' }, AS_OF), Number.isNaN)).toEqual(ids.map(() => true));
		const blank: Table = { rowCount: 1, columns: { id: encodeCategories(['Z']), churned: encodeCategories([null]), churn_date: { kind: 'text', values: [null] } } };
		expect(Number.isNaN(outcomeOrder(blank, ROLES, AS_OF)[0])).toBe(true);
	});
});
