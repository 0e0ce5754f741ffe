/**
 * A backup made right after an edit, within the draft's save delay, holds the edit: it used to pack what storage
 * held, without the edit still waiting to be saved (the damaged e2e test's restore came back without its weight).
 */
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { BackupSession, indexedDbBackup } from '../../src/lib/state/backup.svelte';
import { indexedDbStore } from '../../src/lib/state/store';
import { Workspace } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from '../db/helpers';

const demo = () => ({ dataset: generateDemo({ accounts: 200 }), scorecard: demoScorecard() });

describe('a backup right after an edit', { timeout: 60_000 }, () => {
	it('holds the edit still waiting for its save delay, and restoring it brings the edit back', async () => {
		const { db } = testDatabase('backup-pending-edit');
		// A save delay no test outlasts: the edit is stored only if the backup stores it.
		const ws = new Workspace({ store: indexedDbStore(db), demo, saveDelay: 600_000 });
		await ws.init();
		await ws.settled();
		const before = ws.scorecard!.metrics[0].weight;
		ws.scorecard!.metrics[0].weight = before + 40;
		await tick();
		const session = new BackupSession({ ...indexedDbBackup(db), workspace: ws });
		const backup = await session.backup();
		expect(session.error).toBeNull();

		// Into a second browser: the backup restored there has the edit as its draft.
		const other = testDatabase('backup-pending-edit-restored');
		const there = new Workspace({ store: indexedDbStore(other.db), demo, saveDelay: 0 });
		await there.init();
		await there.settled();
		expect(there.scorecard!.metrics[0].weight).toBe(before);
		const restore = new BackupSession({ ...indexedDbBackup(other.db), workspace: there });
		await restore.choose(new File([backup!.blob], backup!.fileName));
		await restore.confirm();
		expect(restore.error).toBeNull();
		expect(there.scorecard!.metrics[0].weight).toBe(before + 40);
		ws.dispose();
		there.dispose();
	});
});
