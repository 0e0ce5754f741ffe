/**
 * A snapshot imported between two others: each customer's next snapshot after a row of the new file compared with
 * the row before the new one until now, so it is checked again against the new row, as after a delete
 * (alerts-follow.test.ts). November, January, then December, for three customers; every comparison worked out by hand:
 * scores are the logins, and the default rule fires on a drop of 10 points or more (no score is below 40, so no band
 * rule fires).
 */
import { describe, expect, it } from 'vitest';
import { at, evaluated, file, setUp, stored } from './import-alerts-fixture';

const IDS = ['C1', 'C2', 'C3'];
const NOV = '2025-11-01', DEC = '2025-12-01', JAN = '2026-01-01';
// Nov → Jan, per customer: C1 80 → 60 (fell 20), C2 80 → 75 (fell 5), C3 80 → 50 (fell 30).
const nov = () => file('nov.csv', NOV, IDS, [80, 80, 80]);
const jan = () => file('jan.csv', JAN, IDS, [60, 75, 50]);
// Nov → Dec → Jan: C1 80 → 62 → 60, C2 80 → 90 → 75, C3 80 → 65 → 50.
const dec = () => file('dec.csv', DEC, IDS, [62, 90, 65]);

async function novemberAndJanuary(name: string) {
	const set = await setUp(name, nov);
	const { ws, alerts, evaluate } = set;
	await ws.addImport(jan(), null);
	await evaluate();
	expect(at(alerts, JAN)).toEqual([
		['C1', NOV, 'Score fell 20.0 points, from 80.0 to 60.0', false, '', null, false],
		['C3', NOV, 'Score fell 30.0 points, from 80.0 to 50.0', false, '', null, false]
	]);
	await alerts.acknowledge(alerts.alerts.find((a) => a.customerId === 'C3')!.id, true, 'called C3');
	return set;
}

describe('a snapshot imported between two others', () => {
	it('December after November and January: January’s alerts compare with December', async () => {
		const { db, ws, alerts, evaluate } = await novemberAndJanuary('between');
		await ws.addImport(dec(), null);
		expect(ws.error).toBeNull();
		// In the import's transaction: C1's open alert went; the acknowledged C3 says its comparison no longer holds.
		await alerts.reload();
		expect(at(alerts, JAN)).toEqual([['C3', NOV, 'Score fell 30.0 points, from 80.0 to 50.0', true, 'called C3', 'replaced', false]]);
		expect((await db.alertRules.toArray()).map((r) => [r.id, r.evaluated, r.recheck])).toEqual([
			['default-band', [NOV, JAN], { [JAN]: IDS }],
			['default-drop', [NOV, JAN], { [JAN]: IDS }]
		]);

		await evaluate();
		// January against December: C1 fell 2 (nothing), C2 15, C3 15 (acknowledged: the new words, its note kept).
		expect(at(alerts, JAN)).toEqual([
			['C2', DEC, 'Score fell 15.0 points, from 90.0 to 75.0', false, '', null, false],
			['C3', DEC, 'Score fell 15.0 points, from 65.0 to 50.0', true, 'called C3', null, false]
		]);
		// December against November, read late (January is the newest): C1 fell 18, C3 15, C2 rose; past, not open.
		expect(at(alerts, DEC)).toEqual([
			['C1', NOV, 'Score fell 18.0 points, from 80.0 to 62.0', false, '', null, true],
			['C3', NOV, 'Score fell 15.0 points, from 80.0 to 65.0', false, '', null, true]
		]);
		expect(alerts.open).toBe(1);
		expect(await evaluated(db)).toEqual({ 'default-band': [NOV, DEC, JAN], 'default-drop': [NOV, DEC, JAN] });
		expect((await db.alertRules.toArray()).map((r) => r.recheck)).toEqual([undefined, undefined]);
		ws.dispose();
	});

	it('a December of C1 only: only C1’s January is checked again', async () => {
		const { db, ws, alerts, evaluate } = await novemberAndJanuary('between-some');
		await ws.addImport(file('dec.csv', DEC, ['C1'], [75]), null);
		expect((await db.alertRules.toArray()).map((r) => r.recheck)).toEqual([{ [JAN]: ['C1'] }, { [JAN]: ['C1'] }]);
		await evaluate();
		// C1: 80 → 75 → 60, January fell 15 from December. C3 is still compared with November, its alert untouched.
		expect(at(alerts, JAN)).toEqual([
			['C1', DEC, 'Score fell 15.0 points, from 75.0 to 60.0', false, '', null, false],
			['C3', NOV, 'Score fell 30.0 points, from 80.0 to 50.0', true, 'called C3', null, false]
		]);
		expect(at(alerts, DEC)).toEqual([]);
		ws.dispose();
	});

	it('an import between that fails leaves January’s alerts and the rules as they were', async () => {
		const { db, ws, alerts, failing } = await novemberAndJanuary('between-fail');
		const before = await stored(db);
		failing.on = true;
		await expect(ws.addImport(dec(), null)).rejects.toThrow(/simulated failure: the disk is full/);
		failing.on = false;
		expect(ws.imports.map((m) => m.name)).toEqual(['nov.csv', 'jan.csv']);
		expect(await stored(db)).toEqual(before);
		await alerts.reload();
		expect(alerts.open).toBe(1);
		ws.dispose();
	});

	it('a month after every other checks nothing again', async () => {
		const { db, ws, alerts, evaluate } = await novemberAndJanuary('between-none');
		await ws.addImport(file('feb.csv', '2026-02-01', IDS, [60, 75, 50]), null);
		expect((await db.alertRules.toArray()).map((r) => r.recheck)).toEqual([undefined, undefined]);
		await evaluate();
		expect(at(alerts, JAN).map((a) => [a[0], a[1], a[5]])).toEqual([['C1', NOV, null], ['C3', NOV, null]]);
		ws.dispose();
	});
});
