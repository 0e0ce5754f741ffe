/**
 * Alerts follow the imports: deleting an import removes the alerts fired on its rows in the same transaction (a
 * failure leaves both), the rules forget its snapshots so that importing them again evaluates them again, and a
 * file that replaces rows of a snapshot replaces their alerts. Workspace and Alerts on fake-indexeddb.
 */
import type { DBCore, Middleware } from 'dexie';
import { describe, expect, it } from 'vitest';
import { toDataset } from '../../src/lib/core/csv/dataset';
import type { ColumnMapping } from '../../src/lib/core/csv/types';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import type { Column } from '../../src/lib/core/table';
import type { CheckupDatabase } from '../../src/lib/db';
import { alertSourceOf, Alerts, indexedDbAlertStore } from '../../src/lib/state/alerts.svelte';
import { indexedDbStore } from '../../src/lib/state/store';
import { Workspace } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from '../db/helpers';

/** Scores are the logins as they are, so every drop is worked out by hand below. */
const scorecard: Scorecard = { id: 'card', name: 'Card', bands: defaultBands(), metrics: [{ id: 'logins', column: 'logins', label: 'Logins', weight: 1, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } }] };

let clock = Date.parse('2026-03-01T10:00:00.000Z');
/** A snapshot file of these customers' logins as of `asOf`, imported a minute after the last. */
function file(name: string, asOf: string, ids: string[], logins: number[]) {
	const importedAt = new Date((clock += 60_000)).toISOString();
	const columns: Record<string, Column> = { id: { kind: 'text', values: ids }, logins: { kind: 'number', values: Float64Array.from(logins) } };
	const mapping: ColumnMapping[] = [{ index: 0, name: 'id', role: 'id', type: 'text' }, { index: 1, name: 'logins', role: 'metric', type: 'number' }];
	const parsed = { rowCount: ids.length, columns, sourceRows: new Int32Array(ids.length), problems: [], problemCount: 0, rowsRead: ids.length, rowsSkipped: 0 };
	const dataset = toDataset(parsed, mapping, { id: `file-${Date.parse(importedAt)}`, fileName: name, importedAt, asOf, fileSize: 100 });
	return dataset;
}

const IDS = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6'];
const jan = () => file('jan.csv', '2026-01-01', IDS, [80, 80, 80, 80, 80, 80]);
/** C1–C3 fall 20, 15 and 10 points (the default rule fires at 10 or more); C4 falls 9.9; C5, C6 hold. */
const feb = () => file('feb.csv', '2026-02-01', IDS, [60, 65, 70, 70.1, 80, 81]);

/** Every put and delete of `table` fails while `failing.on`, as a full disk would fail it. */
function failWrites(db: CheckupDatabase, table: string): { on: boolean } {
	const failing = { on: false };
	const middleware: Middleware<DBCore> = {
		stack: 'dbcore',
		name: `fail-${table}`,
		create: (down) => ({
			...down,
			table: (name) => {
				const t = down.table(name);
				if (name !== table) return t;
				return { ...t, mutate: (req) => (failing.on ? Promise.reject(new Error('simulated failure: the disk is full')) : t.mutate(req)) };
			}
		})
	};
	db.use(middleware);
	return failing;
}

async function setUp(name: string) {
	const { db } = testDatabase(name);
	// Dexie takes middleware before the database opens.
	const failing = failWrites(db, 'alertRules');
	const ws = new Workspace({ store: indexedDbStore(db), demo: () => ({ dataset: generateDemo({ accounts: 20 }), scorecard: demoScorecard() }), saveDelay: 0 });
	await ws.init();
	await ws.settled();
	const alerts = new Alerts({ store: indexedDbAlertStore(db), source: () => null });
	/** Evaluates the rules on the workspace's scored history, as the app does once it is scored. */
	const evaluate = async () => {
		await ws.settled();
		await alerts.evaluate(alertSourceOf(ws.history!, ws.dataset!.meta.roles.id, ws.scorecard!));
	};
	await ws.addImport(jan(), scorecard);
	await evaluate();
	return { db, ws, alerts, evaluate, failing };
}

const shown = (alerts: Alerts) => alerts.alerts.map((a) => [a.customerId, a.snapshot, a.acknowledgedAt !== null, a.past === true]);
const evaluated = async (db: CheckupDatabase) => Object.fromEntries((await db.alertRules.toArray()).map((r) => [r.id, r.evaluated]));

describe('alerts follow the imports', () => {
	it('deleting an import removes the alerts of its snapshot, and the rules evaluate it again when it comes back', async () => {
		const { db, ws, alerts, evaluate } = await setUp('import-alerts-delete');
		await ws.addImport(feb(), null);
		await evaluate();
		// By hand: C1, C2, C3 fell 20, 15, 10 points from January; C4 9.9.
		expect(shown(alerts)).toEqual([['C1', '2026-02-01', false, false], ['C2', '2026-02-01', false, false], ['C3', '2026-02-01', false, false]]);
		expect(alerts.open).toBe(3);

		await ws.deleteImport(ws.imports[1].id);
		expect(ws.error).toBeNull();
		await alerts.reload();
		expect(alerts.alerts).toEqual([]);
		expect(await db.alerts.count()).toBe(0);
		expect(await evaluated(db)).toEqual({ 'default-band': ['2026-01-01'], 'default-drop': ['2026-01-01'] });
		await evaluate();
		expect(alerts.open).toBe(0);

		// The same month imported again is evaluated again: its alerts are open again, not past.
		await ws.addImport(feb(), null);
		await evaluate();
		expect(shown(alerts)).toEqual([['C1', '2026-02-01', false, false], ['C2', '2026-02-01', false, false], ['C3', '2026-02-01', false, false]]);
		expect(await evaluated(db)).toEqual({ 'default-band': ['2026-01-01', '2026-02-01'], 'default-drop': ['2026-01-01', '2026-02-01'] });
		ws.dispose();
	});

	it('a delete that fails leaves the import, its alerts and the rules as they were', async () => {
		const { db, ws, alerts, evaluate, failing } = await setUp('import-alerts-fail');
		await ws.addImport(feb(), null);
		await evaluate();
		const before = { imports: await db.datasets.count(), alerts: await db.alerts.toArray(), rules: await db.alertRules.toArray() };
		// The last write of the transaction fails: the dataset and the alerts were deleted before it, inside it.
		failing.on = true;
		await ws.deleteImport(ws.imports[1].id);
		failing.on = false;
		expect(ws.error).toMatch(/^Could not delete feb\.csv; your workspace is unchanged\..*simulated failure: the disk is full/);
		expect(ws.imports.map((m) => m.name)).toEqual(['jan.csv', 'feb.csv']);
		expect(await db.datasets.count()).toBe(before.imports);
		expect(await db.alerts.toArray()).toEqual(before.alerts);
		expect(await db.alertRules.toArray()).toEqual(before.rules);
		await alerts.reload();
		expect(alerts.open).toBe(3);
		ws.dispose();
	});

	it('a file that replaces rows of a snapshot replaces their alerts; the other customers’ keep their acknowledgement', async () => {
		const { db, ws, alerts, evaluate } = await setUp('import-alerts-replace');
		await ws.addImport(feb(), null);
		await evaluate();
		for (const id of ['C2', 'C3']) await alerts.acknowledge(alerts.alerts.find((a) => a.customerId === id)!.id, true, `called ${id}`);
		// A corrected February for C1 and C2 only: C1 held at 80, C2 fell 30 (to 50).
		await ws.addImport(file('feb-fixed.csv', '2026-02-01', ['C1', 'C2'], [80, 50]), null);
		await evaluate();
		expect(alerts.alerts.map((a) => [a.customerId, a.message, a.note])).toEqual([
			['C2', 'Score fell 30.0 points, from 80.0 to 50.0', ''],
			['C3', 'Score fell 10.0 points, from 80.0 to 70.0', 'called C3']
		]);
		expect(await db.alerts.count()).toBe(2);
		// Deleting the correction brings February's rows of C1 and C2 back, and their alerts with them.
		await ws.deleteImport(ws.imports[2].id);
		await evaluate();
		expect(alerts.alerts.map((a) => [a.customerId, a.message, a.note])).toEqual([
			['C1', 'Score fell 20.0 points, from 80.0 to 60.0', ''],
			['C2', 'Score fell 15.0 points, from 80.0 to 65.0', ''],
			['C3', 'Score fell 10.0 points, from 80.0 to 70.0', 'called C3']
		]);
		ws.dispose();
	});

	it('an evaluation of the portfolio from before a delete records nothing at the snapshot that went', async () => {
		const { db, ws, alerts, evaluate } = await setUp('import-alerts-race');
		await ws.addImport(feb(), null);
		await ws.settled();
		const stale = alertSourceOf(ws.history!, ws.dataset!.meta.roles.id, ws.scorecard!);
		await ws.deleteImport(ws.imports[1].id);
		await alerts.evaluate(stale);
		expect(await db.alerts.count()).toBe(0);
		expect(await evaluated(db)).toEqual({ 'default-band': ['2026-01-01'], 'default-drop': ['2026-01-01'] });
		await evaluate();
		expect(alerts.open).toBe(0);
		ws.dispose();
	});
});

/**
 * January, February and March as three files; February deleted. Every comparison worked out by hand: scores are the
 * logins, and the default rule fires on a drop of 10 points or more (no score falls below 40, so no band fires).
 */
describe('the snapshot after a deleted one compares with the one before it', () => {
	// Jan → Feb → Mar, per customer: C1 80 → 60 → 50, C2 80 → 65 → 65, C3 80 → 70 → 60, C4 80 → 70.1 → 75, C5 80 → 90 → 78, C6 80 → 80 → 80.
	const febB = () => file('feb.csv', '2026-02-01', IDS, [60, 65, 70, 70.1, 90, 80]);
	const mar = () => file('mar.csv', '2026-03-01', IDS, [50, 65, 60, 75, 78, 80]);
	const at = (alerts: Alerts, date: string) =>
		alerts.alerts.filter((a) => a.snapshot === date).map((a) => [a.customerId, a.previousSnapshot, a.message, a.acknowledgedAt !== null, a.note, a.previousDeleted === true, a.past === true]);

	async function threeMonths(name: string) {
		const set = await setUp(name);
		const { ws, alerts, evaluate } = set;
		await ws.addImport(febB(), null);
		await evaluate();
		await ws.addImport(mar(), null);
		await evaluate();
		// By hand, March against February: C1 fell 10 (60 → 50), C3 10 (70 → 60), C5 12 (90 → 78); C2 held, C4 and C6 did not fall.
		expect(at(alerts, '2026-03-01')).toEqual([
			['C1', '2026-02-01', 'Score fell 10.0 points, from 60.0 to 50.0', false, '', false, false],
			['C3', '2026-02-01', 'Score fell 10.0 points, from 70.0 to 60.0', false, '', false, false],
			['C5', '2026-02-01', 'Score fell 12.0 points, from 90.0 to 78.0', false, '', false, false]
		]);
		const id = (customer: string) => alerts.alerts.find((a) => a.customerId === customer && a.snapshot === '2026-03-01')!.id;
		await alerts.acknowledge(id('C3'), true, 'called C3');
		await alerts.acknowledge(id('C5'), true, 'called C5');
		return set;
	}

	it('deleting February: March’s alerts compare with January; acknowledged ones keep their note', async () => {
		const { db, ws, alerts, evaluate } = await threeMonths('follow-delete');
		await ws.deleteImport(ws.imports.find((m) => m.name === 'feb.csv')!.id);
		expect(ws.error).toBeNull();
		// In the delete's transaction: C1's open alert went; the acknowledged C3 and C5 say their comparison went.
		await alerts.reload();
		expect(at(alerts, '2026-03-01')).toEqual([
			['C3', '2026-02-01', 'Score fell 10.0 points, from 70.0 to 60.0', true, 'called C3', true, false],
			['C5', '2026-02-01', 'Score fell 12.0 points, from 90.0 to 78.0', true, 'called C5', true, false]
		]);
		// Every customer had a February row, so each is to be checked again at March, by both default rules.
		expect((await db.alertRules.toArray()).map((r) => [r.id, r.evaluated, r.recheck])).toEqual([
			['default-band', ['2026-01-01', '2026-03-01'], { '2026-03-01': IDS }],
			['default-drop', ['2026-01-01', '2026-03-01'], { '2026-03-01': IDS }]
		]);

		await evaluate();
		// By hand, March against January (80): C1 fell 30, C2 15, C3 20 (acknowledged: the new words, its note kept);
		// C5 fell 2, which fires nothing, so it still says its comparison went; C4 fell 5, C6 held. March is the newest: open.
		expect(at(alerts, '2026-03-01')).toEqual([
			['C1', '2026-01-01', 'Score fell 30.0 points, from 80.0 to 50.0', false, '', false, false],
			['C2', '2026-01-01', 'Score fell 15.0 points, from 80.0 to 65.0', false, '', false, false],
			['C3', '2026-01-01', 'Score fell 20.0 points, from 80.0 to 60.0', true, 'called C3', false, false],
			['C5', '2026-02-01', 'Score fell 12.0 points, from 90.0 to 78.0', true, 'called C5', true, false]
		]);
		expect(alerts.alerts.every((a) => a.snapshot === '2026-03-01')).toBe(true);
		expect(alerts.open).toBe(2);
		// The recheck is done: nothing is left to evaluate again, and a second evaluation changes nothing.
		expect((await db.alertRules.toArray()).map((r) => r.recheck)).toEqual([undefined, undefined]);
		const after = await db.alerts.toArray();
		await evaluate();
		expect(await db.alerts.toArray()).toEqual(after);
		ws.dispose();
	});

	it('a delete that fails leaves March’s alerts and the rules as they were', async () => {
		const { db, ws, alerts, failing } = await threeMonths('follow-fail');
		const before = { imports: await db.datasets.count(), alerts: await db.alerts.toArray(), rules: await db.alertRules.toArray() };
		failing.on = true;
		await ws.deleteImport(ws.imports.find((m) => m.name === 'feb.csv')!.id);
		failing.on = false;
		expect(ws.error).toMatch(/^Could not delete feb\.csv; your workspace is unchanged\..*simulated failure: the disk is full/);
		expect(await db.datasets.count()).toBe(before.imports);
		expect(await db.alerts.toArray()).toEqual(before.alerts);
		expect(await db.alertRules.toArray()).toEqual(before.rules);
		await alerts.reload();
		expect(alerts.open).toBe(4);
		ws.dispose();
	});

	it('deleting January: February becomes the first snapshot, so its alerts compare with nothing', async () => {
		const { ws, alerts, evaluate } = await threeMonths('follow-first');
		await ws.deleteImport(ws.imports.find((m) => m.name === 'jan.csv')!.id);
		await evaluate();
		// February's alerts went with January's rows' comparison; March's, against February, are as they were.
		expect(alerts.alerts.map((a) => [a.customerId, a.snapshot])).toEqual([['C1', '2026-03-01'], ['C3', '2026-03-01'], ['C5', '2026-03-01']]);
		ws.dispose();
	});
});
