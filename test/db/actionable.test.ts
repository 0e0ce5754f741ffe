/**
 * The actionable flag in IndexedDB (fake-indexeddb): scorecards and versions stored before it existed load unchanged
 * (every metric actionable), and a metric marked as not actionable stays so through a save and a reopen. The flag
 * is no index, so the database keeps its version.
 */
import { describe, expect, it } from 'vitest';
import { demoScorecard } from '../../src/lib/core/demo';
import { isActionable } from '../../src/lib/core/scorecard';
import { singleSet, type ScorecardVersion } from '../../src/lib/core/scorecard-set';
import { loadScorecard, saveScorecard, WORKSPACE_ID } from '../../src/lib/db';
import { createBackup, readBackup, restoreBackup } from '../../src/lib/db/backup';
import { addVersion, listVersions } from '../../src/lib/db/versions';
import { indexedDbStore } from '../../src/lib/state/store';
import { sampleDataset, testDatabase } from './helpers';

describe('the actionable flag in storage', () => {
	it('loads a scorecard and a version written without it unchanged, every metric actionable', async () => {
		const { db, reopen } = testDatabase('actionable-old-records');
		// Written as an earlier Checkup wrote them: records put directly, no flag on any metric.
		const old = demoScorecard();
		await db.scorecards.put({ ...old, datasetId: WORKSPACE_ID, updatedAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 });
		const version: ScorecardVersion = { id: 'v1', number: 1, createdAt: '2026-01-01T00:00:00.000Z', note: 'first', appliesFrom: null, set: singleSet(old) };
		await db.versions.put({ ...version, scorecardId: old.id, schemaVersion: 1 });
		db.close();
		const again = reopen();
		expect(again.verno).toBe(3);
		const { datasetId: _d, updatedAt: _u, schemaVersion: _s, ...stored } = (await loadScorecard(again, old.id))!;
		expect(stored).toEqual(old);
		expect(stored.metrics.every((m) => !('actionable' in m) && isActionable(m))).toBe(true);
		const [listed] = await listVersions(again, old.id);
		expect(listed).toEqual(version);
		expect(listed.set.default.metrics.every(isActionable)).toBe(true);
		again.close();
	});

	it('keeps a metric marked as not actionable through a save and a reopen', async () => {
		const { db, reopen } = testDatabase('actionable-saved');
		const marked = demoScorecard();
		marked.metrics[2].actionable = false;
		await saveScorecard(db, WORKSPACE_ID, marked);
		await addVersion(db, marked.id, { id: 'v1', number: 1, createdAt: '2026-11-24T22:00:00.000Z', note: 'tenure-like', appliesFrom: null, set: singleSet(marked) });
		db.close();
		const again = reopen();
		expect((await loadScorecard(again, marked.id))!.metrics.map(isActionable)).toEqual(marked.metrics.map((_, k) => k !== 2));
		expect((await listVersions(again, marked.id))[0].set.default).toEqual(marked);
		again.close();
	});

	it('keeps it through a backup and a restore', async () => {
		const { db } = testDatabase('actionable-backup');
		const marked = demoScorecard();
		marked.metrics[2].actionable = false;
		await indexedDbStore(db).replaceWith(sampleDataset(7, 'd1', 'Small'), marked);
		await addVersion(db, marked.id, { id: 'v9', number: 9, createdAt: '2026-11-24T22:00:00.000Z', note: 'marked', appliesFrom: null, set: singleSet(marked) });
		const plan = await readBackup(db, await createBackup(db));
		await db.transaction('rw', db.tables, () => Promise.all(db.tables.map((t) => t.clear())));
		await restoreBackup(db, plan);
		expect((await loadScorecard(db, marked.id))!.metrics[2].actionable).toBe(false);
		expect((await listVersions(db, marked.id)).find((v) => v.id === 'v9')!.set.default.metrics.map(isActionable)).toEqual(marked.metrics.map((_, k) => k !== 2));
		db.close();
	});
});
