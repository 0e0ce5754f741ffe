/**
 * Every write of the workspace but the CSV import (test/state/import.test.ts, test/e2e/atomic.test.ts), failing
 * at each of its writes in turn with a quota error: the database is then exactly as before, the shown state too,
 * and the message is the quota message. The last attempt runs whole, so the path is seen to write at all.
 */
import { flushSync, tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import { defaultRules } from '../../src/lib/core/alerts';
import { defaultScorecardFor, toDataset } from '../../src/lib/core/csv/dataset';
import type { ColumnMapping } from '../../src/lib/core/csv/types';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import type { Column } from '../../src/lib/core/table';
import { QUOTA_MESSAGE, deleteRun, recordApplied, saveRun, type CheckupDatabase, type TrainingRunInput } from '../../src/lib/db';
import { acknowledgeAlerts, deleteAlertRule, giveDefaultRules, recordEvaluation, saveAlertRule, undoAcknowledgement, updateAlert } from '../../src/lib/db/alerts';
import { createBackup, readBackup, restoreBackup } from '../../src/lib/db/backup';
import { BackupSession, indexedDbBackup } from '../../src/lib/state/backup.svelte';
import { indexedDbStore, newDraftRevision } from '../../src/lib/state/store';
import { Workspace } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from '../db/helpers';
import { failEachWrite } from '../helpers/failing-writes';

/** A smaller demo: each write is run once per step it has, so a step costs what the demo costs. */
const demo = () => ({ dataset: generateDemo({ accounts: 200 }), scorecard: demoScorecard() });

const same = (before: unknown, after: unknown, at: number) => expect(after, `the database after write ${at} failed`).toEqual(before);

/** What the pages show of the workspace: its imports, scorecard set, versions and overrides, and the data object itself. */
function shown(ws: Workspace) {
	return {
		dataset: ws.dataset,
		json: JSON.stringify({ imports: ws.imports, scorecard: ws.scorecard, segments: ws.segments, versions: ws.versions, overrides: ws.overrides, draftFrom: ws.draftFrom })
	};
}

function expectShown(ws: Workspace, before: ReturnType<typeof shown>, at: number): void {
	const now = shown(ws);
	expect(now.dataset, `the shown data after write ${at} failed`).toBe(before.dataset);
	expect(JSON.parse(now.json), `the shown workspace after write ${at} failed`).toEqual(JSON.parse(before.json));
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function demoWorkspace(name: string) {
	const t = testDatabase(name);
	const ws = new Workspace({ store: indexedDbStore(t.db), demo, saveDelay: 0 });
	await ws.init();
	await ws.settled();
	return { ...t, ws };
}

/** A file as the import pipeline makes it (parsed columns + mapping → toDataset). */
function imported(fileName: string, importedAt: string, columns: Record<string, Column>, roles: Record<string, ColumnMapping['role']>) {
	const names = Object.keys(columns);
	const rowCount = (Object.values(columns)[0] as { values: ArrayLike<unknown> }).values.length;
	const mapping: ColumnMapping[] = names.map((name, index) => ({
		index, name, role: roles[name] ?? 'metric',
		type: roles[name] === 'asOf' ? 'date' : columns[name].kind === 'number' ? 'number' : 'text',
		...(roles[name] === 'asOf' ? { dateFormat: 'iso' as const } : {})
	}));
	const parsed = { rowCount, columns, sourceRows: new Int32Array(rowCount), problems: [], problemCount: 0, rowsRead: rowCount, rowsSkipped: 0 };
	const dataset = toDataset(parsed, mapping, { id: `file-${Date.parse(importedAt)}`, fileName, importedAt, asOf: '2026-01-01', fileSize: 100 });
	return { dataset, scorecard: defaultScorecardFor(dataset, mapping) };
}
const text = (...values: string[]): Column => ({ kind: 'text', values });
const num = (...values: number[]): Column => ({ kind: 'number', values: Float64Array.from(values) });

/** January and February imports, with the default alert rules having evaluated both snapshots and one alert at February. */
async function twoImports(name: string) {
	const t = testDatabase(name);
	const ws = new Workspace({ store: indexedDbStore(t.db), demo, saveDelay: 0 });
	await ws.init();
	await ws.settled();
	const jan = imported('jan.csv', '2026-01-10T10:00:00.000Z', { id: text('C1', 'C2', 'C3'), logins: num(1, 2, 3) }, { id: 'id' });
	await ws.addImport(jan.dataset, jan.scorecard);
	const feb = imported('feb.csv', '2026-02-10T10:00:00.000Z', { id: text('C1', 'C2', 'C3'), as_of: text('2026-02-01', '2026-02-01', '2026-02-01'), logins: num(2, 1, 3) }, { id: 'id', as_of: 'asOf' });
	await ws.addImport(feb.dataset, feb.scorecard);
	await ws.settled();
	const [rule] = await giveDefaultRules(t.db, defaultRules('At risk'));
	await t.db.alertRules.put({ ...rule, evaluated: ['2026-01-01', '2026-02-01'] });
	await t.db.alerts.add({ id: 'a1', ruleId: rule.id, customerId: 'C2', snapshot: '2026-02-01', previousSnapshot: '2026-01-01', rule: 'r', message: 'm', from: 2, to: 1, score: 10, createdAt: '2026-02-02T00:00:00.000Z', acknowledgedAt: null, note: '', schemaVersion: 1 });
	return { ...t, ws };
}

describe('a write that fails at any of its writes changes nothing, and says storage is full', { timeout: 300_000 }, () => {
	it('Reset demo', async () => {
		const { db, ws } = await demoWorkspace('atomic-reset');
		await db.settings.put({ key: 'mapping:x', value: { remembered: true } });
		const before = shown(ws);
		const writes = await failEachWrite(db, () => ws.resetDemo(), (_, at) => {
			expect(ws.error, `write ${at}`).toBe(`Reset failed; your workspace is unchanged. ${QUOTA_MESSAGE}`);
			expectShown(ws, before, at);
		}, same);
		expect(ws.error).toBeNull();
		expect(writes).toBeGreaterThan(5);
		ws.dispose();
	});

	it('deleting an import (its scores, alerts and the scorecard follow)', async () => {
		const { db, ws } = await twoImports('atomic-delete');
		const before = shown(ws);
		const feb = ws.imports[1];
		await failEachWrite(db, () => ws.deleteImport(feb.id), (_, at) => {
			expect(ws.error, `write ${at}`).toBe(`Could not delete feb.csv; your workspace is unchanged. ${QUOTA_MESSAGE}`);
			expectShown(ws, before, at);
		}, same);
		expect(ws.error).toBeNull();
		expect(ws.imports.map((m) => m.name)).toEqual(['jan.csv']);
		expect(await db.alerts.count()).toBe(0);
		ws.dispose();
	});

	it('restoring a backup', async () => {
		const { db, ws } = await demoWorkspace('atomic-restore');
		const file = await createBackup(db);
		ws.scorecard!.bands[1].min = 45;
		flushSync();
		await ws.flush();
		const session = new BackupSession({ ...indexedDbBackup(db), workspace: ws });
		const before = shown(ws);
		await failEachWrite(db, async () => {
			await session.choose(new File([file], 'demo.checkup'));
			await session.confirm();
		}, (_, at) => {
			expect(session.error, `write ${at}`).toBe(`The restore failed, and your workspace is unchanged. ${QUOTA_MESSAGE}`);
			expectShown(ws, before, at);
		}, same);
		expect(session.error).toBeNull();
		expect(ws.scorecard!.bands[1].min).not.toBe(45);
		ws.dispose();
	});

	it('a scorecard edit (the draft, segment scorecards with it) keeps the edit on screen, saying it is not saved', async () => {
		const { db, ws } = await demoWorkspace('atomic-draft');
		await failEachWrite(db, async (attempt) => {
			ws.scorecard!.metrics[0].weight = 10 + attempt;
			if (attempt === 1) ws.addSegmentScorecard('Enterprise');
			// The persisting effect sees the edit (as it does between a user's keystrokes), then the save is made now.
			await tick();
			flushSync();
			await ws.flush();
		}, (_, at) => {
			expect([ws.saveState, ws.saveError], `write ${at}`).toEqual(['failed', QUOTA_MESSAGE]);
		}, same);
		expect(ws.saveState).toBe('saved');
		ws.dispose();
	});

	it('saving a version, and applying a scorecard (an imported scorecard file, a revert, Learn’s weights)', async () => {
		const { db, ws } = await demoWorkspace('atomic-version');
		let before = shown(ws);
		await failEachWrite(db, () => ws.saveVersion('Checked'), (err, at) => {
			expect(messageOf(err), `write ${at}`).toBe(QUOTA_MESSAGE);
			expectShown(ws, before, at);
		}, same);
		expect(ws.versions.map((v) => v.note)).toEqual(['First version', 'Checked']);
		before = shown(ws);
		const next = { ...JSON.parse(JSON.stringify(ws.scorecard)), name: 'Imported card' };
		await failEachWrite(db, () => ws.applyScorecard(next, 'From a file'), (err, at) => {
			expect(messageOf(err), `write ${at}`).toBe(QUOTA_MESSAGE);
			expectShown(ws, before, at);
		}, same);
		expect(ws.scorecard!.name).toBe('Imported card');
		ws.dispose();
	});

	it('saving and deleting a customer override', async () => {
		const { db, ws } = await demoWorkspace('atomic-override');
		const customerId = String(ws.view!.table.columns[ws.dataset!.meta.roles.id!] && 'C-1');
		const input = { customerId, metricId: ws.scorecard!.metrics[0].id, subScore: 80, comment: 'Renewal call', expires: '2099-01-01' };
		let before = shown(ws);
		await failEachWrite(db, () => ws.saveOverride(input), (err, at) => {
			expect(messageOf(err), `write ${at}`).toBe(QUOTA_MESSAGE);
			expectShown(ws, before, at);
		}, same);
		expect(ws.overrides).toHaveLength(1);
		before = shown(ws);
		await failEachWrite(db, () => ws.removeOverride(ws.overrides[0].id), (err, at) => {
			expect(messageOf(err), `write ${at}`).toBe(QUOTA_MESSAGE);
			expectShown(ws, before, at);
		}, same);
		expect(ws.overrides).toHaveLength(0);
		ws.dispose();
	});
});

describe('history writes fail whole, with the quota message', { timeout: 300_000 }, () => {
	const run = (id: string): TrainingRunInput => ({ id, createdAt: '2026-11-01T00:00:00.000Z', data: {}, scorecard: {}, settings: {}, results: {} }) as unknown as TrainingRunInput;

	async function quotaEach(db: CheckupDatabase, write: () => Promise<unknown>): Promise<number> {
		return failEachWrite(db, write, (err, at) => expect(messageOf(err), `write ${at}`).toBe(QUOTA_MESSAGE), same);
	}

	it('Learn’s saved runs: save, note an applied version, delete', async () => {
		const { db } = testDatabase('atomic-runs');
		expect(await quotaEach(db, () => saveRun(db, run('r1')))).toBe(1);
		expect(await quotaEach(db, () => recordApplied(db, 'r1', { version: 2, blendPct: 100, at: '2026-11-01T00:00:00.000Z' }))).toBe(1);
		expect(await quotaEach(db, () => deleteRun(db, 'r1'))).toBe(1);
	});

	it('alert rules and alerts: defaults, a rule saved (on/off) and deleted, an evaluation, acknowledgements and their undo', async () => {
		const { db } = testDatabase('atomic-alerts');
		await quotaEach(db, () => giveDefaultRules(db, defaultRules('At risk'), '2026-01-01T00:00:00.000Z'));
		const rules = await db.alertRules.toArray();
		await quotaEach(db, () => saveAlertRule(db, { ...rules[0], enabled: false }));
		const hits = ['A', 'B'].map((c) => ({ id: `h-${c}`, ruleId: rules[0].id, customerId: c, snapshot: '2026-02-01', previousSnapshot: '2026-01-01', rule: 'r', message: 'm', from: 80, to: 60, score: 60 }));
		await quotaEach(db, () => recordEvaluation(db, hits, new Map([[rules[0].id, ['2026-02-01']]]), new Map(rules.map((r) => [r.id, r.createdAt]))));
		expect(await db.alerts.count()).toBe(2);
		await quotaEach(db, () => updateAlert(db, 'h-A', { acknowledged: true, note: 'called' }));
		let bulk: Awaited<ReturnType<typeof acknowledgeAlerts>> | undefined;
		await quotaEach(db, async () => (bulk = await acknowledgeAlerts(db, ['h-A', 'h-B'], 'all')));
		await quotaEach(db, () => undoAcknowledgement(db, bulk!));
		await quotaEach(db, () => deleteAlertRule(db, rules[1].id));
	});

	it('a restore’s own writes and the draft revision written with it', async () => {
		const { db } = testDatabase('atomic-restore-db');
		await indexedDbStore(db).replaceWith(demo().dataset, demo().scorecard);
		const plan = await readBackup(db, await createBackup(db));
		await db.settings.put({ key: 'other', value: 1 });
		expect(await quotaEach(db, () => restoreBackup(db, plan, () => newDraftRevision(db)))).toBeGreaterThan(3);
		expect(await db.settings.get('other')).toBeUndefined();
	});

});
