/**
 * The Customers list's Outcome column in core: sorting by it (queryCustomers) and the CSV's outcome column
 * (scoredCustomersCsv), on five customers whose outcomes are written out by hand; without churn data, neither.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY, queryCustomers } from '../../src/lib/core/customers';
import type { DatasetRoles } from '../../src/lib/core/dataset';
import { scoredCustomersCsv } from '../../src/lib/core/export-csv';
import { scoreTable } from '../../src/lib/core/score';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import { encodeCategories, type Table } from '../../src/lib/core/table';

const AS_OF = '2026-11-01';
/** k1 Not churned; k2 Leaving on 2026-12-15; k3 nothing recorded; k4 Churned on 2026-10-02; k5 Churned (no date); k6 Churned on 2026-09-30. */
const table: Table = {
	rowCount: 6,
	columns: {
		customer_id: { kind: 'text', values: ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'] },
		logins: { kind: 'number', values: Float64Array.of(60, 50, 40, 30, 20, 10) },
		churned: encodeCategories(['No', 'Yes', null, 'Yes', 'yes', 'Yes']),
		churn_date: { kind: 'text', values: [null, '2026-12-15', null, '2026-10-02', null, '2026-09-30'] }
	}
};
const ROLES: DatasetRoles = { id: 'customer_id', outcome: 'churned', churnDate: 'churn_date' };
const scorecard: Scorecard = { id: 's', name: 's', bands: defaultBands(), metrics: [{ id: 'logins', column: 'logins', label: 'Logins', weight: 1, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } }] };
const result = scoreTable(table, scorecard);
const idsOf = (rows: Uint32Array) => Array.from(rows, (i) => `k${i + 1}`);

describe('the Customers list by outcome', () => {
	it('sorts Churned, Churned on … by date, Leaving on …, Not churned; nothing recorded last either way', () => {
		const up = queryCustomers(table, ROLES, result, { ...DEFAULT_QUERY, sort: { by: 'outcome' } }, AS_OF);
		expect(idsOf(up)).toEqual(['k5', 'k6', 'k4', 'k2', 'k1', 'k3']);
		const down = queryCustomers(table, ROLES, result, { ...DEFAULT_QUERY, sort: { by: 'outcome' }, descending: true }, AS_OF);
		expect(idsOf(down)).toEqual(['k1', 'k2', 'k4', 'k6', 'k5', 'k3']);
	});

	it('writes the outcome in the CSV in the table’s words, when asked for and the data records churn', () => {
		const csv = scoredCustomersCsv({ table, roles: ROLES, result, scorecard, rows: [0, 1, 2, 3, 4, 5], outcome: { asOf: AS_OF } });
		const [header, ...lines] = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
		expect(header).toEqual(['customer_id', 'score', 'band', 'recommended_action', 'outcome', 'Logins sub-score', 'Logins contribution']);
		expect(lines.map((l) => [l[0], l[4]])).toEqual([
			['k1', 'Not churned'], ['k2', 'Leaving on 2026-12-15'], ['k3', ''], ['k4', 'Churned on 2026-10-02'], ['k5', 'Churned'], ['k6', 'Churned on 2026-09-30']
		]);
	});

	it('writes no outcome column for data without an outcome or churn date, nor when not asked for', () => {
		const header = (roles: DatasetRoles, outcome?: { asOf: string | null }) => Papa.parse<string[]>(scoredCustomersCsv({ table, roles, result, scorecard, rows: [0], outcome }), { skipEmptyLines: true }).data[0];
		expect(header({ id: 'customer_id' }, { asOf: AS_OF })).not.toContain('outcome');
		expect(header(ROLES)).not.toContain('outcome');
		expect(header({ id: 'customer_id', churnDate: 'churn_date' }, { asOf: AS_OF })).toContain('outcome');
	});
});
