/**
 * The snapshot after a deleted one compares with the one before it: each customer's next snapshot after a row that
 * went is checked again, once the new portfolio is scored. Workspace and Alerts on fake-indexeddb.
 */
import { flushSync, tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { Alerts, indexedDbAlertStore, workspaceAlertSource } from '../../src/lib/state/alerts.svelte';
import { indexedDbStore } from '../../src/lib/state/store';
import { Workspace } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from '../db/helpers';
import { at, file, IDS, jan, scorecard, setUp, stored } from './import-alerts-fixture';

/**
 * January, February and March as three files; February deleted. Every comparison worked out by hand: scores are the
 * logins, and the default rule fires on a drop of 10 points or more (no score falls below 40, so no band fires).
 */
// Jan → Feb → Mar, per customer: C1 80 → 60 → 50, C2 80 → 65 → 65, C3 80 → 70 → 60, C4 80 → 70.1 → 75, C5 80 → 90 → 78, C6 80 → 80 → 80.
const febB = () => file('feb.csv', '2026-02-01', IDS, [60, 65, 70, 70.1, 90, 80]);
const mar = () => file('mar.csv', '2026-03-01', IDS, [50, 65, 60, 75, 78, 80]);
/** By hand, March against January (80): C1 fell 30, C2 15, C3 20; C4 fell 5, C5 2, C6 held. */
const MARCH_AGAINST_JANUARY = [
	['C1', '2026-01-01', 'Score fell 30.0 points, from 80.0 to 50.0', false, '', null, false],
	['C2', '2026-01-01', 'Score fell 15.0 points, from 80.0 to 65.0', false, '', null, false],
	['C3', '2026-01-01', 'Score fell 20.0 points, from 80.0 to 60.0', false, '', null, false]
];

describe('the snapshot after a deleted one compares with the one before it', () => {
	async function threeMonths(name: string) {
		const set = await setUp(name);
		const { ws, alerts, evaluate } = set;
		await ws.addImport(febB(), null);
		await evaluate();
		await ws.addImport(mar(), null);
		await evaluate();
		// By hand, March against February: C1 fell 10 (60 → 50), C3 10 (70 → 60), C5 12 (90 → 78); C2 held, C4 and C6 did not fall.
		expect(at(alerts, '2026-03-01')).toEqual([
			['C1', '2026-02-01', 'Score fell 10.0 points, from 60.0 to 50.0', false, '', null, false],
			['C3', '2026-02-01', 'Score fell 10.0 points, from 70.0 to 60.0', false, '', null, false],
			['C5', '2026-02-01', 'Score fell 12.0 points, from 90.0 to 78.0', false, '', null, false]
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
			['C3', '2026-02-01', 'Score fell 10.0 points, from 70.0 to 60.0', true, 'called C3', 'deleted', false],
			['C5', '2026-02-01', 'Score fell 12.0 points, from 90.0 to 78.0', true, 'called C5', 'deleted', false]
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
			['C1', '2026-01-01', 'Score fell 30.0 points, from 80.0 to 50.0', false, '', null, false],
			['C2', '2026-01-01', 'Score fell 15.0 points, from 80.0 to 65.0', false, '', null, false],
			['C3', '2026-01-01', 'Score fell 20.0 points, from 80.0 to 60.0', true, 'called C3', null, false],
			['C5', '2026-02-01', 'Score fell 12.0 points, from 90.0 to 78.0', true, 'called C5', 'deleted', false]
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
		const before = await stored(db);
		failing.on = true;
		await ws.deleteImport(ws.imports.find((m) => m.name === 'feb.csv')!.id);
		failing.on = false;
		expect(ws.error).toMatch(/^Could not delete feb\.csv; your workspace is unchanged\..*simulated failure: the disk is full/);
		expect(await stored(db)).toEqual(before);
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

	it('an evaluation of the portfolio from before the delete, run after it, records nothing: March still waits for its check', async () => {
		const { db, ws, alerts, evaluate } = await threeMonths('follow-stale');
		// Read before the delete, evaluated after it (queued behind other work): the history still has February's rows.
		const stale = workspaceAlertSource(ws)!;
		await ws.deleteImport(ws.imports.find((m) => m.name === 'feb.csv')!.id);
		const before = { alerts: await db.alerts.toArray(), rules: await db.alertRules.toArray() };
		await alerts.evaluate(stale);
		expect(await db.alerts.toArray()).toEqual(before.alerts);
		expect(await db.alertRules.toArray()).toEqual(before.rules);
		expect(before.rules.map((r) => r.recheck)).toEqual([{ '2026-03-01': IDS }, { '2026-03-01': IDS }]);
		// The evaluation of the new portfolio does the check: as in the first test of this group.
		await evaluate();
		expect(at(alerts, '2026-03-01')).toEqual([
			MARCH_AGAINST_JANUARY[0],
			MARCH_AGAINST_JANUARY[1],
			['C3', '2026-01-01', 'Score fell 20.0 points, from 80.0 to 60.0', true, 'called C3', null, false],
			['C5', '2026-02-01', 'Score fell 12.0 points, from 90.0 to 78.0', true, 'called C5', 'deleted', false]
		]);
		ws.dispose();
	});
});

/**
 * As the app wires them (state/app.ts): the rules evaluate every new scoring of the workspace through an effect, never
 * by hand. A delete shows the new portfolio at once while its scores are still to come; the history of the old one,
 * still there for a moment, must not be evaluated as if it were the new one's.
 */
describe('the rules on the app’s workspace', () => {
	async function wired(name: string) {
		const { db } = testDatabase(name);
		const ws = new Workspace({ store: indexedDbStore(db), demo: () => ({ dataset: generateDemo({ accounts: 20 }), scorecard: demoScorecard() }), saveDelay: 0 });
		const alerts = new Alerts({ store: indexedDbAlertStore(db), source: () => workspaceAlertSource(ws), stored: () => ws.imports });
		// As App.svelte: the alerts start before the workspace has shown anything.
		alerts.start();
		/** Lets the effects run until the scoring and the evaluation it starts are done. */
		const settle = async () => {
			for (let i = 0; i < 3; i++) {
				await tick();
				flushSync();
				await ws.settled();
				await alerts.settled();
			}
		};
		await ws.init();
		await settle();
		return { db, ws, alerts, settle };
	}

	it('deleting February: March’s alerts compare with January once the new portfolio is scored', async () => {
		const { ws, alerts, settle } = await wired('follow-wired');
		for (const [dataset, card] of [[jan(), scorecard], [febB(), null], [mar(), null]] as const) {
			await ws.addImport(dataset, card);
			await settle();
		}
		expect(at(alerts, '2026-03-01').map((a) => [a[0], a[1]])).toEqual([['C1', '2026-02-01'], ['C3', '2026-02-01'], ['C5', '2026-02-01']]);
		await ws.deleteImport(ws.imports.find((m) => m.name === 'feb.csv')!.id);
		await settle();
		expect(at(alerts, '2026-03-01')).toEqual(MARCH_AGAINST_JANUARY);
		expect(alerts.alerts.every((a) => a.snapshot === '2026-03-01')).toBe(true);
		expect(alerts.open).toBe(3);
		alerts.dispose();
		ws.dispose();
	});
});
