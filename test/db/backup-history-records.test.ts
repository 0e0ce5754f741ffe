/** A backup whose history records (versions, overrides, alert rules, alerts, runs) cannot be read is refused before anything is replaced. */
import { describe, expect, it } from 'vitest';
import { BackupFileError, decodeBackup, encodeBackup } from '../../src/lib/core/backup-format';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { createBackup, readBackup } from '../../src/lib/db/backup';
import { listVersions } from '../../src/lib/db/versions';
import { indexedDbStore } from '../../src/lib/state/store';
import { Workspace } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from './helpers';

const demo = () => ({ dataset: generateDemo({ accounts: 300 }), scorecard: demoScorecard() });

describe('restore: history records are checked when the file is read', { timeout: 60_000 }, () => {
	it('refuses a damaged version, alert rule or run, naming the table and record; the workspace is untouched', async () => {
		const { db } = testDatabase('backup-history-records');
		const ws = new Workspace({ store: indexedDbStore(db), demo, saveDelay: 0 });
		await ws.init();
		await ws.settled();
		const good = await decodeBackup(await createBackup(db));
		expect(good.tables.versions.records.length).toBeGreaterThan(0);
		const damaged = async (damage: (c: typeof good) => void) => {
			const contents = await decodeBackup(await encodeBackup(good));
			damage(contents);
			return readBackup(db, await encodeBackup(contents));
		};
		// A version without its scorecard set (a hand-edited file): the workspace could not be opened after it.
		const noSet = damaged((c) => delete (c.tables.versions.records[0] as { set?: unknown }).set);
		await expect(noSet).rejects.toBeInstanceOf(BackupFileError);
		await expect(noSet).rejects.toThrow(/^The backup file is damaged: record 1 of table "versions" cannot be read \(scorecard version .* holds no scorecard set\)\.$/);
		await expect(
			damaged((c) => c.tables.alertRules.records.push({ id: 'r-x', kind: 'weird', enabled: true, evaluated: [], createdAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 }))
		).rejects.toThrow(/record \d+ of table "alertRules" cannot be read \(alert rule r-x has an unknown kind: weird\)/);
		await expect(
			damaged((c) => c.tables.runs.records.push({ id: 'run-x', createdAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1, data: {}, scorecard: {}, settings: {} }))
		).rejects.toThrow(/record 1 of table "runs" cannot be read \(training run run-x has no results\)/);
		// The undamaged file still reads, and nothing was changed by the refusals.
		await expect(damaged(() => {})).resolves.toMatchObject({ summary: { imports: 1 } });
		expect((await listVersions(db, ws.scorecard!.id)).length).toBe(good.tables.versions.records.length);
		ws.dispose();
	});
});
