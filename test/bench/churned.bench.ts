/**
 * The Worklist's "already churned" rule (core/churned.ts) over a latest snapshot of 100,000 customers with an
 * outcome and a churn date column: what each re-scoring adds to the worklist's inputs (history-views.bench.ts has
 * the rest), and the filter with those customers left out.
 */
import { bench, describe } from 'vitest';
import { countOpen, DEFAULT_ALERT_FILTER, filterAlerts } from '../../src/lib/core/alert-filter';
import { churnByCustomer, churnStates, outcomeOrder } from '../../src/lib/core/churned';
import { encodeCategories, type Table } from '../../src/lib/core/table';
import { worklistOf } from '../../src/lib/core/worklist';

const N = 100_000;
// A quarter churned, a third of those with a date (half before the as-of date, half after it).
const outcome = Array.from({ length: N }, (_, i) => (i % 4 === 0 ? 'Yes' : 'No'));
const dates = Array.from({ length: N }, (_, i) => (i % 12 === 0 ? (i % 24 === 0 ? '2026-10-15' : '2026-12-15') : null));
const table: Table = { rowCount: N, columns: { id: encodeCategories(Array.from({ length: N }, (_, i) => `C${i}`)), churned: encodeCategories(outcome), churn_date: { kind: 'text', values: dates } } };
const roles = { id: 'id', outcome: 'churned', churnDate: 'churn_date' };
const score = Float64Array.from({ length: N }, (_, i) => (i * 7919) % 100);
const band = Int8Array.from(score, (s) => (s < 40 ? 0 : s < 70 ? 1 : 2));
const churn = churnStates(table, roles, '2026-11-01');

describe('already churned, 100,000 customers', () => {
	bench('churnStates: outcome and churn date of every row', () => void churnStates(table, roles, '2026-11-01'), { iterations: 20 });
	bench('worklist: At risk, those who already churned left out', () => void worklistOf({ score, band, arr: null, probability: null, churn }, { band: 0, segment: null, owner: null }), { iterations: 20 });
	bench('worklist: At risk, no churn recorded (as before)', () => void worklistOf({ score, band, arr: null, probability: null }, { band: 0, segment: null, owner: null }), { iterations: 20 });
});

/** The Alerts page's and the navigation's reading: each customer's newest row (here its only one), and 20,000 alerts filtered. */
const newest = { customers: N, row: (c: number) => c, id: (c: number) => `C${c}` };
const byCustomer = churnByCustomer(table, roles, '2026-11-01', newest);
const alerts = Array.from({ length: 20_000 }, (_, k) => ({ id: `a${k}`, ruleId: 'drop', rule: 'Score dropped', customerId: `C${(k * 37) % N}`, snapshot: '2026-11-01', acknowledgedAt: null }));
const nobody = new Map<string, { name: string; inLatest: boolean; band: string | null }>();

describe('alerts and customers of those who already churned, 100,000 customers', () => {
	bench('churnByCustomer: the churned and leaving by ID', () => void churnByCustomer(table, roles, '2026-11-01', newest), { iterations: 20 });
	bench('filterAlerts: 20,000 alerts, those of churned customers left out', () => void filterAlerts(alerts, DEFAULT_ALERT_FILTER, nobody, byCustomer), { iterations: 20 });
	bench('filterAlerts: 20,000 alerts, no churn recorded (as before)', () => void filterAlerts(alerts, DEFAULT_ALERT_FILTER, nobody, null), { iterations: 20 });
	bench('countOpen: the navigation’s count of 20,000 alerts', () => void countOpen(alerts, byCustomer), { iterations: 20 });
	bench('outcomeOrder: the Customers list’s Outcome sort keys', () => void outcomeOrder(table, roles, '2026-11-01'), { iterations: 20 });
});
