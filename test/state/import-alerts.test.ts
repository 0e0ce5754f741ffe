/**
 * Alerts follow the imports: deleting an import removes the alerts fired on its rows in the same transaction (a
 * failure leaves both), the rules forget its snapshots so that importing them again evaluates them again, and a
 * file that replaces rows of a snapshot replaces their alerts. Workspace and Alerts on fake-indexeddb.
 */
import { describe, expect, it } from 'vitest';
import { alertSourceOf, type Alerts } from '../../src/lib/state/alerts.svelte';
import { evaluated, feb, file, setUp, stored } from './import-alerts-fixture';

const shown = (alerts: Alerts) => alerts.alerts.map((a) => [a.customerId, a.snapshot, a.acknowledgedAt !== null, a.past === true]);

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
		const before = await stored(db);
		// The last write of the transaction fails: the dataset and the alerts were deleted before it, inside it.
		failing.on = true;
		await ws.deleteImport(ws.imports[1].id);
		failing.on = false;
		expect(ws.error).toMatch(/^Could not delete feb\.csv; your workspace is unchanged\..*simulated failure: the disk is full/);
		expect(ws.imports.map((m) => m.name)).toEqual(['jan.csv', 'feb.csv']);
		expect(await stored(db)).toEqual(before);
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
