/**
 * Alerts of customers who already churned, on fake-indexeddb with Svelte's runes running: not counted open (the
 * navigation's count), not listed by default, listed and marked when asked for; a customer leaving stays listed,
 * marked; bulk acknowledgement takes what is listed; data without an outcome or churn date changes nothing.
 * Every count is worked out by hand from the history below.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ScoredHistory } from '../../src/lib/core/history-views';
import type { DatasetRoles } from '../../src/lib/core/dataset';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import { encodeCategories } from '../../src/lib/core/table';
import { alertSourceOf, Alerts, indexedDbAlertStore } from '../../src/lib/state/alerts.svelte';
import { AlertList } from '../../src/lib/state/alert-list.svelte';
import { testDatabase } from '../db/helpers';

const scorecard: Scorecard = { id: 'card', name: 'Card', bands: defaultBands(), metrics: [{ id: 'logins', column: 'logins', label: 'Logins', weight: 1, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } }] };
const ROLES: DatasetRoles = { id: 'id', name: 'name', outcome: 'churned', churnDate: 'churn_date' };

/**
 * Customers A, B, C at Jan, Feb, Mar (rows by snapshot, A B C). A: 80 → 65 → 30 and churned (Yes, no date);
 * B: 80 → 60 → 20, leaving on 2026-04-15 (after March); C: 50 → 52 → 51, No. The default rules fire a drop at Feb
 * (past: history when first read) and a drop and At risk at Mar (open) for each of A and B; nothing for C.
 */
function history(): ScoredHistory {
	const dates = ['2026-01-01', '2026-02-01', '2026-03-01'];
	const scores = [[80, 65, 30], [80, 60, 20], [50, 52, 51]];
	const score = Float64Array.from(dates.flatMap((_, t) => scores.map((s) => s[t])));
	const band = Int8Array.from(score, (s) => (s >= 70 ? 2 : s >= 40 ? 1 : 0));
	const n = score.length;
	const per = <T>(values: T[]) => dates.flatMap(() => values);
	return {
		table: {
			rowCount: n,
			columns: {
				id: encodeCategories(per(['A', 'B', 'C'])),
				name: encodeCategories(per(['Apex', 'Beacon', 'Cedar'])),
				logins: { kind: 'number', values: score.slice() },
				churned: encodeCategories(per(['Yes', 'Yes', 'No'])),
				churn_date: { kind: 'text', values: per([null, '2026-04-15', null]) }
			}
		},
		layout: {
			snapshots: dates,
			snapshotOf: Uint16Array.from({ length: n }, (_, i) => Math.floor(i / 3)),
			customerOf: Int32Array.from({ length: n }, (_, i) => i % 3),
			customerStart: Int32Array.of(0, 3, 6, 9),
			customerRows: Int32Array.of(0, 3, 6, 1, 4, 7, 2, 5, 8),
			latest: Int32Array.of(6, 7, 8),
			viewRows: Uint32Array.of(6, 7, 8)
		},
		scores: { score, band, scorerOf: new Uint16Array(n), scorers: [{ version: 0, versionId: 'v1', scorecardId: 'card', scorecardName: 'Card', segment: null }] },
		versions: [{ id: 'v1', number: 1, note: '', set: { default: scorecard, segments: [] } }]
	};
}

async function setUp(name: string, roles: DatasetRoles | undefined) {
	const { db } = testDatabase(name);
	const h = history();
	const source = () => alertSourceOf(h, 'id', scorecard, 'name', roles);
	const alerts = new Alerts({ store: indexedDbAlertStore(db), source, churn: () => source().churn() });
	await alerts.evaluate(source());
	// Who churned is read in steps, once asked (a million customers took 111 ms of one task): until then, unknown.
	// Data that records no churn: known at once (null), nothing to read.
	expect(source().churn()).toBe(roles?.outcome || roles?.churnDate ? undefined : null);
	await vi.waitFor(() => expect(source().churn()).not.toBeUndefined());
	const list = new AlertList({
		alerts: () => alerts.alerts, customers: () => source().knownCustomers(), workOutCustomers: () => source().workOutCustomers(),
		bands: () => source().bands, churn: () => source().churn()
	});
	return { alerts, list };
}

const who = (list: AlertList) => list.shown.map((a) => `${a.customerId} ${a.snapshot} ${a.ruleId}`);

describe('alerts of customers who already churned', () => {
	it('are not counted open, nor listed by default; the list says how many it leaves out', async () => {
		const { alerts, list } = await setUp('alerts-churned', ROLES);
		expect(alerts.error).toBeNull();
		expect(alerts.alerts).toHaveLength(6);
		// Open: A's two March alerts and B's; A has churned, so B's two are what there is to act on.
		expect(alerts.open).toBe(2);
		expect(who(list)).toEqual(['B 2026-03-01 default-band', 'B 2026-03-01 default-drop']);
		expect(list.shown).toHaveLength(alerts.open);
		expect([list.churned, list.hasChurned]).toEqual([2, true]);
		list.filter.openOnly = false;
		expect(list.shown.map((a) => a.customerId)).toEqual(['B', 'B', 'B']);
		expect(list.churned).toBe(3);
		// Not a filter "Clear filters" undoes: it stays as it is, as Open only does.
		expect(list.filtered).toBe(false);
	});

	it('are listed when asked for, each marked; a customer leaving is listed all along, marked with its date', async () => {
		const { list } = await setUp('alerts-churned-shown', ROLES);
		expect(list.mark('A')).toBe('Churned');
		expect(list.mark('B')).toBe('Leaving on 2026-04-15');
		expect(list.mark('C')).toBe('');
		list.filter.churned = true;
		expect(who(list)).toEqual(['A 2026-03-01 default-band', 'A 2026-03-01 default-drop', 'B 2026-03-01 default-band', 'B 2026-03-01 default-drop']);
		expect(list.churned).toBe(2);
		expect(list.filtered).toBe(false);
		list.filter.ruleId = 'default-drop';
		list.clear();
		expect(list.filter.churned).toBe(true);
	});

	it('acknowledging in bulk takes the alerts listed: the churned customer’s stay as they were', async () => {
		const { alerts, list } = await setUp('alerts-churned-bulk', ROLES);
		expect(list.unacknowledged).toHaveLength(2);
		await alerts.acknowledgeMany(list.unacknowledged, 'Called');
		expect(alerts.error).toBeNull();
		expect(alerts.open).toBe(0);
		expect(alerts.alerts.filter((a) => a.acknowledgedAt !== null).map((a) => a.customerId)).toEqual(['B', 'B']);
		// Every alert: A's two open and one past, untouched; B's two acknowledged and one past.
		list.filter.churned = true;
		list.filter.openOnly = false;
		expect(list.counts).toEqual({ open: 2, past: 2, acknowledged: 2 });
		expect(list.unacknowledged).toHaveLength(4);
	});

	it('change nothing when the data has no outcome or churn date column', async () => {
		const { alerts, list } = await setUp('alerts-churned-none', { id: 'id', name: 'name' });
		expect(alerts.open).toBe(4);
		expect(list.shown).toHaveLength(4);
		expect([list.churned, list.hasChurned, list.mark('A')]).toEqual([0, false, '']);
	});
});
