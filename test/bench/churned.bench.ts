/**
 * The Worklist's "already churned" rule (core/churned.ts) over a latest snapshot of 100,000 customers with an
 * outcome and a churn date column: what each re-scoring adds to the worklist's inputs (history-views.bench.ts has
 * the rest), and the filter with those customers left out.
 */
import { bench, describe } from 'vitest';
import { churnStates } from '../../src/lib/core/churned';
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
