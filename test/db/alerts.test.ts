import { describe, expect, it } from 'vitest';
import { defaultRules, type AlertHit, type AlertRule } from '../../src/lib/core/alerts';
import { deleteAlertRule, giveDefaultRules, listAlertRules, listAlerts, recordEvaluation, saveAlertRule, updateAlert } from '../../src/lib/db/alerts';
import { resetWorkspace, saveDataset } from '../../src/lib/db';
import { sampleDataset, testDatabase } from './helpers';

/** The rules as an evaluation read them: id → when each was made. */
const asRead = (rules: { id: string; createdAt: string }[]) => new Map(rules.map((r) => [r.id, r.createdAt]));

const hit = (customerId: string, snapshot: string, ruleId = 'default-drop'): AlertHit => ({
	id: JSON.stringify([ruleId, customerId, snapshot]), ruleId, customerId, snapshot, previousSnapshot: '2026-01-01',
	rule: 'Score dropped by at least 10 points', message: 'Score fell 12.0 points, from 60.0 to 48.0', from: 60, to: 48, score: 48
});

describe('alert storage', () => {
	it('gives the default rules once: deleted rules do not come back', async () => {
		const { db } = testDatabase('alerts-defaults');
		const rules = await giveDefaultRules(db, defaultRules('At risk'), '2026-01-01T00:00:00.000Z');
		expect(rules.map((r) => r.id)).toEqual(['default-band', 'default-drop']);
		expect(await deleteAlertRule(db, 'default-band')).toBe(true);
		expect(await deleteAlertRule(db, 'default-band')).toBe(false);
		expect((await giveDefaultRules(db, defaultRules('At risk'))).map((r) => r.id)).toEqual(['default-drop']);
	});
	it('stores each alert once, keeps its acknowledgement and note, and remembers evaluated snapshots', async () => {
		const { db, reopen } = testDatabase('alerts-record');
		const read = asRead(await giveDefaultRules(db, defaultRules('At risk')));
		const evaluated = new Map([['default-drop', ['2026-01-01', '2026-02-01']]]);
		expect(await recordEvaluation(db, [hit('A', '2026-02-01'), hit('B', '2026-02-01')], evaluated, read)).toBe(2);
		const acked = await updateAlert(db, hit('A', '2026-02-01').id, { acknowledged: true, note: 'Called <b>them</b>' }, '2026-02-02T09:00:00.000Z');
		expect(acked.acknowledgedAt).toBe('2026-02-02T09:00:00.000Z');
		// The same hits again (a reload evaluates again): nothing new, the acknowledgement stays.
		expect(await recordEvaluation(db, [hit('A', '2026-02-01'), hit('B', '2026-02-01'), hit('A', '2026-03-01')], evaluated, read)).toBe(1);
		const again = reopen();
		const alerts = await listAlerts(again);
		expect(alerts.map((a) => [a.customerId, a.snapshot, a.acknowledgedAt !== null, a.note])).toEqual([
			['A', '2026-03-01', false, ''],
			['A', '2026-02-01', true, 'Called <b>them</b>'],
			['B', '2026-02-01', false, '']
		]);
		expect((await listAlertRules(again)).find((r) => r.id === 'default-drop')?.evaluated).toEqual(['2026-01-01', '2026-02-01']);
		const reopened = await updateAlert(again, hit('A', '2026-02-01').id, { acknowledged: false, note: 'not yet' });
		expect([reopened.acknowledgedAt, reopened.note]).toEqual([null, 'not yet']);
		await expect(updateAlert(again, 'nope', { acknowledged: true, note: '' })).rejects.toThrow('there is no alert nope');
	});
	it('keeps a rule’s first time when it is saved again, and does not bring back a deleted rule when recording', async () => {
		const { db } = testDatabase('alerts-rules');
		const rule: AlertRule = { id: 'r1', kind: 'crossed', column: 'nps', label: 'NPS', direction: 'below', value: 5, enabled: true, evaluated: [] };
		await saveAlertRule(db, rule, '2026-01-01T00:00:00.000Z');
		const saved = await saveAlertRule(db, { ...rule, enabled: false }, '2026-05-01T00:00:00.000Z');
		expect([saved.createdAt, saved.enabled]).toEqual(['2026-01-01T00:00:00.000Z', false]);
		await deleteAlertRule(db, 'r1');
		expect(await recordEvaluation(db, [hit('A', '2026-02-01', 'r1')], new Map([['r1', ['2026-01-01']]]), new Map([['r1', saved.createdAt]]))).toBe(0);
		expect(await listAlertRules(db)).toEqual([]);
		expect(await listAlerts(db)).toEqual([]);
	});
	it('records nothing for a rule made anew since the evaluation read it: the workspace was replaced meanwhile', async () => {
		const { db } = testDatabase('alerts-replaced');
		const read = asRead(await giveDefaultRules(db, defaultRules('At risk'), '2026-01-01T00:00:00.000Z'));
		// The import that replaces the workspace resets it, and its own evaluation gives the defaults again.
		await resetWorkspace(db);
		await giveDefaultRules(db, defaultRules('At risk'), '2026-01-02T00:00:00.000Z');
		const evaluated = new Map([['default-drop', ['2026-01-01', '2026-02-01']], ['default-band', ['2026-01-01', '2026-02-01']]]);
		expect(await recordEvaluation(db, [hit('A', '2026-02-01'), hit('B', '2026-02-01', 'default-band')], evaluated, read)).toBe(0);
		expect(await listAlerts(db)).toEqual([]);
		expect((await listAlertRules(db)).map((r) => [r.id, r.evaluated])).toEqual([['default-band', []], ['default-drop', []]]);
		// The same evaluation with the rules as they are now stored records.
		const now = asRead(await listAlertRules(db));
		expect(await recordEvaluation(db, [hit('A', '2026-02-01'), hit('B', '2026-02-01', 'default-band')], evaluated, now)).toBe(2);
		expect((await listAlertRules(db)).map((r) => r.evaluated)).toEqual([['2026-01-01', '2026-02-01'], ['2026-01-01', '2026-02-01']]);
	});
	it('records nothing from an evaluation of other imports than those stored: one was imported or deleted since', async () => {
		const { db } = testDatabase('alerts-imports');
		await saveDataset(db, sampleDataset(3, 'jan'));
		await saveDataset(db, sampleDataset(3, 'mar', 'Accounts', '2026-01-02T00:00:00.000Z'));
		const read = asRead(await giveDefaultRules(db, defaultRules('At risk')));
		const evaluated = new Map([['default-drop', ['2026-01-01', '2026-02-01']]]);
		// The portfolio of jan, feb and mar, evaluated after feb was deleted; then that of jan alone.
		expect(await recordEvaluation(db, [hit('A', '2026-02-01')], evaluated, read, { imports: ['jan', 'feb', 'mar'] })).toBe(0);
		expect(await recordEvaluation(db, [hit('A', '2026-02-01')], evaluated, read, { imports: ['jan'] })).toBe(0);
		expect(await listAlerts(db)).toEqual([]);
		expect((await listAlertRules(db)).map((r) => r.evaluated)).toEqual([[], []]);
		// The stored imports, in any order, record.
		expect(await recordEvaluation(db, [hit('A', '2026-02-01')], evaluated, read, { imports: ['mar', 'jan'] })).toBe(1);
		expect((await listAlertRules(db)).find((r) => r.id === 'default-drop')?.evaluated).toEqual(['2026-01-01', '2026-02-01']);
	});
	it('is emptied by a workspace reset', async () => {
		const { db } = testDatabase('alerts-reset');
		const read = asRead(await giveDefaultRules(db, defaultRules('At risk')));
		expect(await recordEvaluation(db, [hit('A', '2026-02-01')], new Map(), read)).toBe(1);
		await resetWorkspace(db);
		expect(await listAlerts(db)).toEqual([]);
		expect(await listAlertRules(db)).toEqual([]);
	});
});
