/** The alerts state on fake-indexeddb, with Svelte's runes running: evaluation on a new history, no duplicates, acknowledge. */
import { flushSync, tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { ScoredHistory } from '../../src/lib/core/history-views';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import { encodeCategories } from '../../src/lib/core/table';
import { defaultRules } from '../../src/lib/core/alerts';
import { resetWorkspace } from '../../src/lib/db';
import { giveDefaultRules } from '../../src/lib/db/alerts';
import type { CustomerLookup } from '../../src/lib/core/alert-filter';
import { alertSourceOf, Alerts, indexedDbAlertStore, type NowCustomer } from '../../src/lib/state/alerts.svelte';
import { AlertList } from '../../src/lib/state/alert-list.svelte';
import type { AlertRecord } from '../../src/lib/db/schema';
import { testDatabase } from '../db/helpers';
import { Box } from '../helpers/box.svelte';

const scorecard: Scorecard = { id: 'card', name: 'Card', bands: defaultBands(), metrics: [{ id: 'logins', column: 'logins', label: 'Logins', weight: 1, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } }] };

/**
 * Customers A and B over the first `snapshots` of Jan, Feb, Mar (rows by snapshot, A then B).
 * A: 80 → 65 → 30 (drop 15 at Feb; drop 35 and At risk at Mar). B: 50 → 52 → 51 (nothing).
 */
function history(snapshots: number): ScoredHistory {
	const dates = ['2026-01-01', '2026-02-01', '2026-03-01'].slice(0, snapshots);
	const scoreA = [80, 65, 30], scoreB = [50, 52, 51];
	const score = Float64Array.from(dates.flatMap((_, t) => [scoreA[t], scoreB[t]]));
	const band = Int8Array.from(score, (s) => (s >= 70 ? 2 : s >= 40 ? 1 : 0));
	const n = score.length;
	return {
		table: { rowCount: n, columns: { id: encodeCategories(dates.flatMap(() => ['A', 'B'])), logins: { kind: 'number', values: score.slice() } } },
		layout: {
			snapshots: dates,
			snapshotOf: Uint16Array.from({ length: n }, (_, i) => i >> 1),
			customerOf: Int32Array.from({ length: n }, (_, i) => i & 1),
			customerStart: Int32Array.of(0, snapshots, 2 * snapshots),
			customerRows: Int32Array.from([...dates.map((_, t) => 2 * t), ...dates.map((_, t) => 2 * t + 1)]),
			latest: Int32Array.of(n - 2, n - 1),
			viewRows: Uint32Array.of(n - 2, n - 1)
		},
		scores: { score, band, scorerOf: new Uint16Array(n), scorers: [{ version: 0, versionId: 'v1', scorecardId: 'card', scorecardName: 'Card', segment: null }] },
		versions: [{ id: 'v1', number: 1, note: '', set: { default: scorecard, segments: [] } }]
	};
}

/** The history with the customers' names: Apex (A) and Beacon (B). */
function named(h: ScoredHistory): ScoredHistory {
	const names = Array.from({ length: h.table.rowCount }, (_, i) => (i & 1 ? 'Beacon' : 'Apex'));
	return { ...h, table: { ...h.table, columns: { ...h.table.columns, name: encodeCategories(names) } } };
}

/** Customers A and B as the list reads them: name, band now, in the latest snapshot. */
function both(customers: CustomerLookup<NowCustomer>): unknown[] {
	return ['A', 'B'].map((id) => [id, customers.get(id)?.name, customers.get(id)?.band, customers.get(id)?.inLatest]);
}

async function settle(alerts: Alerts) {
	await tick();
	flushSync();
	await alerts.settled();
}

describe('Alerts', () => {
	it('evaluates the demo’s snapshots on first load with the default rules, once', async () => {
		const { db } = testDatabase('alerts-state');
		const h = new Box(history(2));
		const alerts = new Alerts({ store: indexedDbAlertStore(db), source: () => alertSourceOf(h.value, 'id', scorecard) });
		alerts.start();
		await settle(alerts);
		expect(alerts.error).toBeNull();
		expect(alerts.rules.map((r) => r.id)).toEqual(['default-band', 'default-drop']);
		expect(alerts.alerts.map((a) => [a.customerId, a.snapshot, a.message])).toEqual([['A', '2026-02-01', 'Score fell 15.0 points, from 80.0 to 65.0']]);
		expect(alerts.open).toBe(1);
		// A re-scoring of the same portfolio (a new object, same table): nothing new.
		h.value = { ...h.value };
		await settle(alerts);
		expect(alerts.alerts).toHaveLength(1);
		// Acknowledged with a note, it stays so when a new snapshot arrives; the new snapshot fires its own alerts.
		await alerts.acknowledge(alerts.alerts[0].id, true, 'Spoke to the sponsor');
		expect(alerts.open).toBe(0);
		h.value = history(3);
		await settle(alerts);
		expect(alerts.alerts.map((a) => [a.snapshot, a.ruleId, a.acknowledgedAt !== null, a.note])).toEqual([
			['2026-03-01', 'default-band', false, ''],
			['2026-03-01', 'default-drop', false, ''],
			['2026-02-01', 'default-drop', true, 'Spoke to the sponsor']
		]);
		expect(alerts.open).toBe(2);
		alerts.dispose();
	});

	it('a rule added later watches from the latest snapshot; a bad rule is refused with the reason and nothing is stored', async () => {
		const { db } = testDatabase('alerts-add');
		const h = history(3);
		const alerts = new Alerts({ store: indexedDbAlertStore(db), source: () => alertSourceOf(h, 'id', scorecard) });
		await alerts.evaluate(alertSourceOf(h, 'id', scorecard));
		expect(await alerts.addRule({ kind: 'crossed', column: 'nope', label: 'Nope', direction: 'below', value: 40 } as never)).toEqual(['There is no number column “nope”.']);
		expect(alerts.rules).toHaveLength(2);
		// Logins below 70: A went 80 → 65 in Feb (before the rule) and 65 → 30 in Mar (no crossing of 70 then).
		expect(await alerts.addRule({ kind: 'crossed', column: 'logins', label: 'Logins', direction: 'below', value: 40 } as never)).toEqual([]);
		const fired = alerts.alerts.filter((a) => a.rule === 'Logins crossed below 40');
		expect(fired.map((a) => [a.customerId, a.snapshot, a.from, a.to])).toEqual([['A', '2026-03-01', 65, 30]]);
		// The same rule again would fire each of its alerts twice: refused, saying which rule it is, on or off.
		expect(await alerts.addRule({ kind: 'crossed', column: 'logins', label: 'Logins', direction: 'below', value: 40 } as never)).toEqual(['There is already a rule “Logins crossed below 40”.']);
		expect(await alerts.addRule({ kind: 'drop', points: 10 } as never)).toEqual(['There is already a rule “Score dropped by at least 10 points”.']);
		expect(alerts.rules).toHaveLength(3);
		const crossing = alerts.rules.find((r) => r.kind === 'crossed')!;
		await alerts.setEnabled(crossing.id, false);
		expect(alerts.rules.find((r) => r.id === crossing.id)?.enabled).toBe(false);
		expect(await alerts.addRule({ kind: 'crossed', column: 'logins', label: 'Logins', direction: 'below', value: 40 } as never)).toEqual(['There is already a rule “Logins crossed below 40”, turned off: tick it to turn it on.']);
		// Another value is another rule.
		expect(await alerts.addRule({ kind: 'crossed', column: 'logins', label: 'Logins', direction: 'above', value: 40 } as never)).toEqual([]);
		expect(alerts.rules).toHaveLength(4);
		await alerts.removeRule(crossing.id);
		expect(alerts.rules.filter((r) => r.kind !== 'crossed').map((r) => r.id)).toEqual(['default-band', 'default-drop']);
		expect(alerts.rules.some((r) => r.id === crossing.id)).toBe(false);
		// Its alert stays, with the rule in words.
		expect(alerts.alerts.some((a) => a.rule === 'Logins crossed below 40')).toBe(true);
	});
});

describe('Alerts: a rule turned off and on again', () => {
	it('reads the snapshots that arrived while it was off at once, and counts the alerts that raised, open and past', async () => {
		const { db } = testDatabase('alerts-toggle');
		const h = new Box(history(1));
		const alerts = new Alerts({ store: indexedDbAlertStore(db), source: () => alertSourceOf(h.value, 'id', scorecard) });
		alerts.start();
		await settle(alerts);
		await alerts.setEnabled('default-drop', false);
		expect(alerts.toggled).toEqual({ rule: 'Score dropped by at least 10 points', enabled: false, missed: 0, open: 0, past: 0 });
		// February and March arrive while it is off: only the band rule fires (A enters At risk in March).
		h.value = history(3);
		await settle(alerts);
		expect(alerts.alerts.map((a) => [a.snapshot, a.ruleId])).toEqual([['2026-03-01', 'default-band']]);
		// On again, it reads both: A fell 15 points in February (past) and 35 in March (open), worked by hand above.
		await alerts.setEnabled('default-drop', true);
		expect(alerts.error).toBeNull();
		expect(alerts.toggled).toEqual({ rule: 'Score dropped by at least 10 points', enabled: true, missed: 2, open: 1, past: 1 });
		expect(alerts.alerts.filter((a) => a.ruleId === 'default-drop').map((a) => [a.snapshot, a.past ?? false])).toEqual([['2026-03-01', false], ['2026-02-01', true]]);
		// Off and on again with nothing new: it missed nothing, raised nothing.
		await alerts.setEnabled('default-drop', false);
		await alerts.setEnabled('default-drop', true);
		expect(alerts.toggled).toEqual({ rule: 'Score dropped by at least 10 points', enabled: true, missed: 0, open: 0, past: 0 });
		// Another change of the rules clears what was said.
		await alerts.removeRule('default-band');
		expect(alerts.toggled).toBeNull();
		alerts.dispose();
	});
});

describe('Alerts racing a replaced workspace', () => {
	it('an evaluation of a workspace replaced while it ran stores nothing in the new one', async () => {
		const { db } = testDatabase('alerts-race');
		const h = history(3);
		const stored = indexedDbAlertStore(db);
		let replaced = false;
		// The workspace is replaced (a reset, a restore, a first import over the demo) between the rules being
		// read and the hits being recorded, and the new workspace's own evaluation gives the default rules again.
		const store = {
			...stored,
			async record(...args: Parameters<typeof stored.record>) {
				if (!replaced) {
					replaced = true;
					await resetWorkspace(db);
					await giveDefaultRules(db, defaultRules('At risk'), '2999-01-01T00:00:00.000Z');
				}
				return stored.record(...args);
			}
		};
		const alerts = new Alerts({ store, source: () => alertSourceOf(h, 'id', scorecard) });
		await alerts.evaluate(alertSourceOf(h, 'id', scorecard));
		expect(alerts.error).toBeNull();
		expect(alerts.alerts).toEqual([]);
		expect(alerts.rules.map((r) => [r.id, r.createdAt, r.evaluated])).toEqual([
			['default-band', '2999-01-01T00:00:00.000Z', []],
			['default-drop', '2999-01-01T00:00:00.000Z', []]
		]);
		// The new workspace's evaluation then records its own.
		await alerts.evaluate(alertSourceOf({ ...h, table: { ...h.table } }, 'id', scorecard));
		expect(alerts.alerts.map((a) => [a.customerId, a.snapshot, a.ruleId])).toEqual([
			['A', '2026-03-01', 'default-band'],
			['A', '2026-03-01', 'default-drop'],
			['A', '2026-02-01', 'default-drop']
		]);
	});
});

describe('Alerts at scale', () => {
	it('keeps at most the newest alerts of one evaluation, and says how many were left out', async () => {
		const { db } = testDatabase('alerts-cap');
		const h = history(3);
		const alerts = new Alerts({ store: indexedDbAlertStore(db), source: () => alertSourceOf(h, 'id', scorecard), maxNew: 2 });
		await alerts.evaluate(alertSourceOf(h, 'id', scorecard));
		// Three fire (A's drop in Feb; A's drop and At risk in Mar): the two of March are kept.
		expect(alerts.alerts.map((a) => a.snapshot)).toEqual(['2026-03-01', '2026-03-01']);
		expect(alerts.notice).toBe('The rules fired 3 new alerts at once: the 2 of the newest snapshots were kept, one older alert was left out. Tighten a rule to see fewer.');
		// Every snapshot counts as evaluated: nothing comes back on the next evaluation.
		await alerts.evaluate(alertSourceOf({ ...h }, 'id', scorecard));
		expect(alerts.alerts).toHaveLength(2);
	});
});

describe('Alerts: past alerts and bulk acknowledgement', () => {
	it('opens only the newest snapshot’s alerts on a first evaluation; older ones are past', async () => {
		const { db } = testDatabase('alerts-past');
		const h = history(3);
		const alerts = new Alerts({ store: indexedDbAlertStore(db), source: () => alertSourceOf(h, 'id', scorecard) });
		await alerts.evaluate(alertSourceOf(h, 'id', scorecard));
		// A: drop of 15 in Feb (history by the time the rules read it), drop of 35 and At risk in Mar (the newest).
		expect(alerts.alerts.map((a) => [a.snapshot, a.ruleId, a.past ?? false])).toEqual([
			['2026-03-01', 'default-band', false],
			['2026-03-01', 'default-drop', false],
			['2026-02-01', 'default-drop', true]
		]);
		expect(alerts.open).toBe(2);
	});

	it('acknowledges many in one go and undoes it; a failure changes nothing and says what failed', async () => {
		const { db } = testDatabase('alerts-bulk-state');
		const h = history(3);
		const stored = indexedDbAlertStore(db);
		let fail = false;
		const store = { ...stored, acknowledgeAlerts: (ids: readonly string[], note: string) => (fail ? Promise.reject(new Error('Could not acknowledge 3 alerts: the disk is full')) : stored.acknowledgeAlerts(ids, note)) };
		const alerts = new Alerts({ store, source: () => alertSourceOf(h, 'id', scorecard) });
		await alerts.evaluate(alertSourceOf(h, 'id', scorecard));
		const ids = alerts.alerts.map((a) => a.id);

		fail = true;
		await alerts.acknowledgeMany(ids, 'Reviewed');
		expect(alerts.error).toBe('Could not acknowledge 3 alerts: the disk is full. No alert was changed.');
		expect([alerts.open, alerts.undoable, alerts.bulkDone]).toEqual([2, null, null]);

		fail = false;
		await alerts.acknowledgeMany(ids, 'Reviewed');
		expect(alerts.error).toBeNull();
		expect(alerts.open).toBe(0);
		expect(alerts.bulkDone).toMatchObject({ kind: 'acknowledged', count: 3, note: 'Reviewed' });
		// What the page holds is what is stored.
		expect(alerts.alerts).toEqual(await stored.listAlerts());
		await alerts.undoAcknowledge();
		expect(alerts.bulkDone).toMatchObject({ kind: 'undone', count: 3 });
		expect(alerts.alerts.map((a) => [a.acknowledgedAt, a.note, a.past ?? false])).toEqual([[null, '', false], [null, '', false], [null, '', true]]);
		expect(alerts.alerts).toEqual(await stored.listAlerts());
		expect(alerts.open).toBe(2);

		// Undo is offered until another change of an alert.
		await alerts.acknowledgeMany(ids, '');
		expect(alerts.undoable).not.toBeNull();
		await alerts.acknowledge(ids[0], false, '');
		expect([alerts.undoable, alerts.bulkDone]).toEqual([null, null]);
	});
});

describe('Alerts: a change that fails leaves the rules, the alerts and Undo as they were', () => {
	it('a rule that could not be saved is said, not added; a later evaluation does not hide the failure', async () => {
		const { db } = testDatabase('alerts-rule-fails');
		const h = history(3);
		const stored = indexedDbAlertStore(db);
		const store = { ...stored, saveRule: () => Promise.reject(new Error('Could not save alert rule r: the disk is full')) };
		const alerts = new Alerts({ store, source: () => alertSourceOf(h, 'id', scorecard) });
		await alerts.evaluate(alertSourceOf(h, 'id', scorecard));
		const before = { rules: alerts.rules, alerts: alerts.alerts };
		const problems = await alerts.addRule({ kind: 'drop', points: 3 } as never);
		expect(problems).toEqual([]);
		// The page says "Added the rule …" only without an error: the error must still be there.
		expect(alerts.error).toBe('The rule could not be saved: Could not save alert rule r: the disk is full');
		expect(alerts.rules).toEqual(before.rules);
		expect(alerts.alerts).toEqual(before.alerts);
		expect(await stored.listRules()).toEqual(before.rules);
	});

	it('a single acknowledgement that fails keeps the bulk one’s Undo: nothing changed', async () => {
		const { db } = testDatabase('alerts-undo-kept');
		const h = history(3);
		const stored = indexedDbAlertStore(db);
		const store = { ...stored, updateAlert: () => Promise.reject(new Error('Could not update alert a: the disk is full')) };
		const alerts = new Alerts({ store, source: () => alertSourceOf(h, 'id', scorecard) });
		await alerts.evaluate(alertSourceOf(h, 'id', scorecard));
		const ids = alerts.alerts.map((a) => a.id);
		await alerts.acknowledgeMany(ids, 'Reviewed');
		const undo = alerts.undoable;
		expect(undo).not.toBeNull();
		await alerts.acknowledge(ids[0], false, '');
		expect(alerts.error).toBe('The alert could not be saved: Could not update alert a: the disk is full');
		expect(alerts.undoable).toBe(undo);
		await alerts.undoAcknowledge();
		expect(alerts.bulkDone).toMatchObject({ kind: 'undone', count: 3 });
	});
});

describe('the Alerts page\'s customers, worked out in steps', () => {
	it('are unknown until worked out, then known; one run per scored history, whoever asks', async () => {
		const h = named(history(3));
		const source = alertSourceOf(h, 'id', scorecard, 'name');
		expect(source.knownCustomers()).toBeUndefined();
		const run = source.workOutCustomers();
		// Another source of the same scoring (the page asks while the evaluation works them out ahead): the same run.
		expect(alertSourceOf(h, 'id', scorecard, 'name').workOutCustomers()).toBe(run);
		// In tasks of its own: nothing is known before the first.
		expect(source.knownCustomers()).toBeUndefined();
		const customers = await run;
		expect(both(customers)).toEqual([['A', 'Apex', 'At risk', true], ['B', 'Beacon', 'Needs attention', true]]);
		expect(source.knownCustomers()).toBe(customers);
		expect(await source.workOutCustomers()).toBe(customers);
	});
});

describe('AlertList', () => {
	it('filters the alerts by band now and the customer’s name, from the scored history', async () => {
		const { db } = testDatabase('alerts-list');
		const h = named(history(3));
		const source = () => alertSourceOf(h, 'id', scorecard, 'name');
		const alerts = new Alerts({ store: indexedDbAlertStore(db), source });
		await alerts.evaluate(source());
		const list = new AlertList({ alerts: () => alerts.alerts, customers: () => source().knownCustomers(), workOutCustomers: () => source().workOutCustomers(), bands: () => source().bands });
		// Worked out ahead by the evaluation (2 customers). A is At risk in March (30), B Needs attention (51).
		expect(both(list.customers!)).toEqual([['A', 'Apex', 'At risk', true], ['B', 'Beacon', 'Needs attention', true]]);
		expect(list.shown.map((a) => a.snapshot)).toEqual(['2026-03-01', '2026-03-01']);
		list.filter.openOnly = false;
		expect(list.shown).toHaveLength(3);
		list.filter.band = 'band:Needs attention';
		expect(list.shown).toEqual([]);
		expect(list.filtered).toBe(true);
		list.clear();
		list.filter.text = 'APEX';
		expect(list.unacknowledged).toHaveLength(3);
		expect(list.choices.snapshots.map((s) => s.value)).toEqual(['2026-03-01', '2026-02-01']);
		list.filter.snapshot = '2025-12-01';
		expect(list.choices.snapshots.at(-1)).toEqual({ value: '2025-12-01', label: '2025-12-01 (no alerts now)' });
	});
});

describe('AlertList: customers not known yet', () => {
	it('lists nothing until load() works them out, and looks up a new scoring’s again; with no alert, none to look up', async () => {
		const { db } = testDatabase('alerts-list-load');
		const h = new Box(named(history(3)));
		const source = () => alertSourceOf(h.value, 'id', scorecard, 'name');
		const alerts = new Alerts({ store: indexedDbAlertStore(db), source });
		await alerts.evaluate(source());
		// A re-scoring of the same portfolio: its customers (bands now) are its own, not worked out yet.
		h.value = { ...h.value };
		const list = new AlertList({ alerts: () => alerts.alerts, customers: () => source().knownCustomers(), workOutCustomers: () => source().workOutCustomers(), bands: () => source().bands });
		expect(list.customers).toBeNull();
		expect(list.shown).toEqual([]);
		await list.load();
		expect(list.error).toBeNull();
		expect(both(list.customers!)).toEqual([['A', 'Apex', 'At risk', true], ['B', 'Beacon', 'Needs attention', true]]);
		// A's drop and its entering At risk in March (its drop in February was history when first read: past).
		expect(list.shown.map((a) => [a.customerId, a.snapshot])).toEqual([['A', '2026-03-01'], ['A', '2026-03-01']]);
		h.value = { ...h.value };
		expect(list.customers).toBeNull();
		await list.load();
		expect(list.customers?.get('B')?.band).toBe('Needs attention');

		const empty = new AlertList({ alerts: () => [], customers: () => undefined, workOutCustomers: () => Promise.reject(new Error('not asked')), bands: () => source().bands });
		expect(empty.customers).toEqual(new Map());
		await empty.load();
		expect(empty.error).toBeNull();
	});

	it('says why when they could not be worked out', async () => {
		const alert = { id: 'x', ruleId: 'r', customerId: 'A', snapshot: '2026-03-01', acknowledgedAt: null } as AlertRecord;
		const list = new AlertList({ alerts: () => [alert], customers: () => undefined, workOutCustomers: () => Promise.reject(new Error('out of memory')), bands: () => [] });
		await list.load();
		expect(list.error).toBe('The alerts’ customers could not be looked up: out of memory');
		expect(list.customers).toBeNull();
	});
});
