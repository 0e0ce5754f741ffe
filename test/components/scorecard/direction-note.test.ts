// The line saying which way a metric scores and where its default comes from, on hand-made evidence.
import { describe, expect, it } from 'vitest';
import { againstOutcomes, againstOutcomesSteps, formatMean, directionNote } from '../../../src/lib/components/scorecard/direction-note';
import { STEP_ROWS } from '../../../src/lib/core/steps';
import type { Association, DirectionDefault } from '../../../src/lib/core/direction';
import { defaultBands, type Scorecard } from '../../../src/lib/core/scorecard';
import type { Normalization } from '../../../src/lib/core/scorecard';
import type { Column, Table } from '../../../src/lib/core/table';

const calls: Column = { kind: 'number', values: Float64Array.from([0, 1, 2, 3, 9]) };
const plan: Column = { kind: 'category', levels: ['no', 'yes'], codes: Int32Array.from([0, 1, 0]) };
const lower: Normalization = { kind: 'linear', worst: 4, best: 0 };
const higher: Normalization = { kind: 'linear', worst: 0, best: 4 };
const clear: Association = { churnedMean: 2.2297, retainedMean: 1.4499, churned: 483, retained: 2850, r: 0.2087, clear: true };
const fuzzy: Association = { churnedMean: 101.335, retainedMean: 100.283, churned: 483, retained: 2850, r: 0.0185, clear: false };

const fromOutcomes = (higherIsBetter: boolean, association = clear): DirectionDefault => ({ higherIsBetter, reason: { from: 'outcomes', association, snapshot: '2026-11-01' } });

describe('directionNote', () => {
	it('says the outcomes set it, with the two means', () => {
		expect(directionNote(lower, calls, fromOutcomes(false))).toBe(
			'Lower is better — churned customers had more: 2.23 on average against 1.45 for retained ones (3,333 customers with an outcome in the snapshot of 2026-11-01).'
		);
	});
	it('says so when the metric now scores against the outcomes', () => {
		expect(directionNote(higher, calls, fromOutcomes(false))).toBe(
			'Higher is better, as set here, though churned customers had more: 2.23 on average against 1.45 for retained ones (3,333 customers with an outcome in the snapshot of 2026-11-01): the outcomes say lower is better.'
		);
		expect(directionNote({ kind: 'percentile', higherIsBetter: false }, calls, fromOutcomes(false))).toMatch(/^Lower is better — /);
	});
	it('reads a yes/no metric as Yes or No is better, with shares', () => {
		const share = { ...clear, churnedMean: 0.2836, retainedMean: 0.0653 };
		const points: Normalization = { kind: 'category', points: { no: 100, yes: 0 }, otherPoints: null };
		expect(directionNote(points, plan, fromOutcomes(false, share))).toBe(
			'No is better — churned customers were Yes more often: 28.4\u00a0% against 6.5\u00a0% of retained ones (3,333 customers with an outcome in the snapshot of 2026-11-01).'
		);
	});
	it('names the word of the name, and why the outcomes did not decide', () => {
		const byName: DirectionDefault = { higherIsBetter: false, reason: { from: 'name', word: 'calls', association: fuzzy, snapshot: '2026-11-01' } };
		expect(directionNote(lower, calls, byName)).toBe('Lower is better — from the name (“calls”); churned and retained customers differ too little to tell (101 against 100 on average).');
		expect(directionNote(higher, calls, { higherIsBetter: false, reason: { from: 'name', word: 'calls', association: null, snapshot: null } })).toBe('Higher is better, as set here; the name (“calls”) suggests lower is better.');
	});
	it('names whose customers the outcomes were read on (a segment scorecard’s)', () => {
		expect(directionNote(lower, calls, fromOutcomes(false), 'Enterprise customers')).toBe(
			'Lower is better — churned customers had more: 2.23 on average against 1.45 for retained ones (3,333 Enterprise customers with an outcome in the snapshot of 2026-11-01).'
		);
		const none: DirectionDefault = { higherIsBetter: true, reason: { from: 'default', association: null, snapshot: null } };
		expect(directionNote(higher, calls, none, 'Enterprise customers')).toBe('Higher is better — the default: no churn outcomes of at least 10 churned and 10 retained Enterprise customers to go by, and the name does not say.');
	});
	it('says higher is better is the default when nothing else decides', () => {
		const none: DirectionDefault = { higherIsBetter: true, reason: { from: 'default', association: null, snapshot: null } };
		expect(directionNote(higher, calls, none)).toBe('Higher is better — the default: no churn outcomes of at least 10 churned and 10 retained customers to go by, and the name does not say.');
		expect(directionNote(lower, calls, none)).toBe('Lower is better, as set here (no churn outcomes of at least 10 churned and 10 retained customers to go by, and the name does not say).');
	});
	it('says nothing of a normalization without one direction', () => {
		expect(directionNote({ kind: 'target', zeroBelow: 0, lo: 1, hi: 2, zeroAbove: 3 }, calls, fromOutcomes(false))).toBeNull();
		expect(directionNote({ kind: 'asIs' }, calls, fromOutcomes(false))).toBeNull();
		const region: Column = { kind: 'category', levels: ['North', 'South'], codes: Int32Array.from([0, 1]) };
		expect(directionNote({ kind: 'category', points: { North: 0, South: 100 }, otherPoints: null }, region, fromOutcomes(false))).toBeNull();
	});
	it('writes means in three figures, whole from 100', () => {
		expect([2.2297, 17.979, 0.012345, 1531.796, 2555.344].map(formatMean)).toEqual(['2.23', '18', '0.0123', '1,532', '2,555']);
	});
	it('writes a negative mean with a true minus sign, as every number on screen (the demo’s Contract growth: −0.822)', () => {
		expect([-0.82217, -1531.796].map(formatMean)).toEqual(['\u22120.822', '\u22121,532']);
		const growth = { ...clear, churnedMean: -0.82217, retainedMean: 4.2913 };
		expect(directionNote(higher, calls, fromOutcomes(true, growth))).toBe(
			'Higher is better — churned customers had less: \u22120.822 on average against 4.29 for retained ones (3,333 customers with an outcome in the snapshot of 2026-11-01).'
		);
	});
});

describe('againstOutcomes', () => {
	// 24 customers in one snapshot, 12 churned: they had 30–41 logins against 0–11 (a clear difference: lower is better)
	// and all were on the yes plan against 3 of 12 (No is better); their seats (1–12 both) do not differ.
	const n = 24;
	const churnedRow = (i: number) => i < 12;
	const table = {
		rowCount: n,
		columns: {
			churned: { kind: 'category', levels: ['No', 'Yes'], codes: Int32Array.from({ length: n }, (_, i) => (churnedRow(i) ? 1 : 0)) },
			logins: { kind: 'number', values: Float64Array.from({ length: n }, (_, i) => (churnedRow(i) ? 30 + i : i - 12)) },
			plan: { kind: 'category', levels: ['No', 'Yes'], codes: Int32Array.from({ length: n }, (_, i) => (churnedRow(i) || i % 4 === 0 ? 1 : 0)) },
			seats: { kind: 'number', values: Float64Array.from({ length: n }, (_, i) => (i % 12) + 1) }
		}
	} as unknown as Table;
	const metric = (column: string, normalization: Normalization, label = column) => ({ id: column, column, label, weight: 1, normalization, missing: { kind: 'skip' } as const });
	const card = (metrics: ReturnType<typeof metric>[]): Scorecard => ({ id: 's', name: 's', bands: defaultBands(), metrics });

	it('lists the metrics scored against clear outcomes, in the scorecard’s order, and not one that agrees or is unclear', () => {
		const scorecard = card([
			metric('seats', { kind: 'linear', worst: 1, best: 12 }),
			metric('plan', { kind: 'category', points: { No: 0, Yes: 100 }, otherPoints: null }, 'Yearly plan'),
			metric('logins', { kind: 'linear', worst: 0, best: 41 })
		]);
		expect(againstOutcomes(scorecard, table, { outcome: 'churned' })).toEqual([
			{ label: 'Yearly plan', says: 'No is better' },
			{ label: 'logins', says: 'lower is better' }
		]);
	});

	it('lists none once they are turned, nor without an outcome column', () => {
		const turned = card([metric('plan', { kind: 'category', points: { No: 100, Yes: 0 }, otherPoints: null }), metric('logins', { kind: 'linear', worst: 41, best: 0 })]);
		expect(againstOutcomes(turned, table, { outcome: 'churned' })).toEqual([]);
		expect(againstOutcomes(card([metric('logins', { kind: 'linear', worst: 0, best: 41 })]), table, {})).toEqual([]);
	});

	it('is worked out in steps of at most STEP_ROWS rows each, to the same list (the Data page lets the page run between them)', () => {
		// The 24 customers repeated past three steps' rows, in two snapshots: the second, with more churned, is read.
		const n = 3 * STEP_ROWS + 1_000;
		const source = table.columns as Record<string, Column>;
		const rep = <T extends Float64Array | Int32Array>(a: T, make: (len: number) => T) => {
			const out = make(n);
			for (let i = 0; i < n; i++) out[i] = a[i % 24];
			return out;
		};
		const codesOf = (c: Column) => (c.kind === 'category' ? c.codes : new Int32Array(0));
		const valuesOf = (c: Column) => (c.kind === 'number' ? c.values : new Float64Array(0));
		const big = {
			rowCount: n,
			columns: {
				as_of: { kind: 'category', levels: ['2026-01-01', '2026-02-01'], codes: Int32Array.from({ length: n }, (_, i) => (i < STEP_ROWS ? 0 : 1)) },
				churned: { kind: 'category', levels: ['No', 'Yes'], codes: rep(codesOf(source.churned), (len) => new Int32Array(len)) },
				logins: { kind: 'number', values: rep(valuesOf(source.logins), (len) => new Float64Array(len)) },
				plan: { kind: 'category', levels: ['No', 'Yes'], codes: rep(codesOf(source.plan), (len) => new Int32Array(len)) }
			}
		} as unknown as Table;
		const scorecard = card([
			metric('plan', { kind: 'category', points: { No: 0, Yes: 100 }, otherPoints: null }, 'Yearly plan'),
			metric('logins', { kind: 'linear', worst: 0, best: 41 })
		]);
		const roles = { outcome: 'churned', asOf: 'as_of' };
		const steps = againstOutcomesSteps(scorecard, big, roles);
		let yields = 0;
		let next = steps.next();
		for (; !next.done; next = steps.next()) yields++;
		// Three loops over the rows (the outcomes, their counts per snapshot, the chosen snapshot's rows) of 4 steps
		// each, and a step per metric: a single task's worth would be 0.
		expect(yields).toBeGreaterThanOrEqual(3 * Math.ceil(n / STEP_ROWS) + scorecard.metrics.length);
		expect(next.value).toEqual([
			{ label: 'Yearly plan', says: 'No is better' },
			{ label: 'logins', says: 'lower is better' }
		]);
		expect(againstOutcomes(scorecard, big, roles)).toEqual(next.value);
	});
});
