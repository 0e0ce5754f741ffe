/** Scorecard versions and overrides on IndexedDB (fake-indexeddb): stored whole, listed in order, refused when wrong. */
import { describe, expect, it } from 'vitest';
import { demoScorecard } from '../../src/lib/core/demo';
import type { Override } from '../../src/lib/core/overrides';
import { singleSet, type ScorecardVersion } from '../../src/lib/core/scorecard-set';
import { deleteOverride, listOverrides, putOverride } from '../../src/lib/db/overrides';
import { addVersion, clearVersions, listVersions, VersionTakenError } from '../../src/lib/db/versions';
import { testDatabase } from './helpers';

function version(number: number, appliesFrom: string | null = null): ScorecardVersion {
	const card = demoScorecard();
	card.metrics[0].weight = number * 10;
	return { id: `v${number}`, number, createdAt: `2026-11-2${number}T10:00:00.000Z`, note: `note ${number}`, appliesFrom, set: { default: card, segments: [{ segment: 'Enterprise', scorecard: { ...demoScorecard(), id: 'demo-enterprise' } }] } };
}

const override: Override = { id: 'o1', customerId: 'ACC-0005', metricId: 'nps', subScore: 80, comment: 'Sponsor confirmed renewal', from: '2026-11-01', expires: '2027-01-31', createdAt: '2026-11-22T10:00:00.000Z' };

describe('versions store', () => {
	it('keeps each version whole, lists a set’s versions by number, and survives a reopen', async () => {
		const { db, reopen } = testDatabase('versions-round-trip');
		await addVersion(db, 'demo', version(2, '2026-11-01'));
		await addVersion(db, 'demo', version(1));
		await addVersion(db, 'other', { ...version(1), id: 'x1' });
		db.close();
		const again = reopen();
		expect(await listVersions(again, 'demo')).toEqual([version(1), version(2, '2026-11-01')]);
		expect((await listVersions(again, 'other')).map((v) => v.id)).toEqual(['x1']);
		await clearVersions(again);
		expect(await listVersions(again, 'demo')).toEqual([]);
	});

	it('reads a note Learn stored with an ordinary space before “%” with the no-break space it writes now; a typed note as typed', async () => {
		const { db } = testDatabase('versions-old-notes');
		const notes = ['Weights blended 65 % manual / 35 % learned (Learn)', '“At risk” below 34 (Learn: 70 % of churners flagged)', 'Up 5 % after the audit'];
		// Stored as an earlier Checkup stored them: the record's own note, not one made by this version's code.
		await db.versions.bulkAdd(notes.map((note, k) => ({ ...version(k + 1), note, scorecardId: 'demo', schemaVersion: 1 as const })));
		expect((await listVersions(db, 'demo')).map((v) => v.note)).toEqual([
			'Weights blended 65\u00a0% manual / 35\u00a0% learned (Learn)', '“At risk” below 34 (Learn: 70\u00a0% of churners flagged)', 'Up 5 % after the audit'
		]);
		expect((await db.versions.get('v1'))!.note).toBe(notes[0]);
	});

	it('refuses a second version with the same id, keeping the first', async () => {
		const { db } = testDatabase('versions-duplicate');
		await addVersion(db, 'demo', version(1));
		await expect(addVersion(db, 'demo', { ...version(2), id: 'v1' })).rejects.toThrow(/a version with id v1 is stored already/);
		expect(await listVersions(db, 'demo')).toEqual([version(1)]);
	});

	it('refuses a number already taken, naming the newest version stored', async () => {
		const { db } = testDatabase('versions-taken');
		await addVersion(db, 'demo', version(1));
		await addVersion(db, 'demo', { ...version(2, '2026-11-01'), id: 'v2' });
		const refused = await addVersion(db, 'demo', { ...version(2), id: 'v2-other-tab' }).catch((err: unknown) => err);
		expect(refused).toBeInstanceOf(VersionTakenError);
		expect((refused as VersionTakenError).newest).toEqual({ ...version(2, '2026-11-01'), id: 'v2' });
		expect((refused as Error).message).toBe('version 2 of scorecard demo was saved in another tab meanwhile; version 2 is the newest now');
		expect((await listVersions(db, 'demo')).map((v) => v.id)).toEqual(['v1', 'v2']);
	});

	it('refuses to read a record of another schema version', async () => {
		const { db } = testDatabase('versions-schema');
		await db.versions.put({ ...version(1), scorecardId: 'demo', schemaVersion: 2 as 1 });
		await expect(listVersions(db, 'demo')).rejects.toThrow(/schema version 2, expected 1/);
	});

	it('stores a version made from a single scorecard', async () => {
		const { db } = testDatabase('versions-single');
		const v: ScorecardVersion = { ...version(1), set: singleSet(demoScorecard()) };
		await addVersion(db, 'demo', v);
		expect(await listVersions(db, 'demo')).toEqual([v]);
	});
});

describe('overrides store', () => {
	it('stores, replaces by id, lists and deletes overrides', async () => {
		const { db, reopen } = testDatabase('overrides-round-trip');
		await putOverride(db, override);
		await putOverride(db, { ...override, id: 'o2', customerId: 'ACC-0001' });
		await putOverride(db, { ...override, subScore: 10 });
		db.close();
		const again = reopen();
		expect(await listOverrides(again)).toEqual([{ ...override, id: 'o2', customerId: 'ACC-0001' }, { ...override, subScore: 10 }]);
		expect(await deleteOverride(again, 'o2')).toBe(true);
		expect(await deleteOverride(again, 'o2')).toBe(false);
		expect((await listOverrides(again)).map((o) => o.id)).toEqual(['o1']);
	});

	it('refuses an override without a comment, out of 0–100 or expiring before it starts, storing nothing', async () => {
		const { db } = testDatabase('overrides-refused');
		await expect(putOverride(db, { ...override, comment: '  ' })).rejects.toThrow(/a comment saying why is required/);
		await expect(putOverride(db, { ...override, subScore: 101 })).rejects.toThrow(/from 0 to 100, got 101/);
		await expect(putOverride(db, { ...override, expires: '2026-10-31' })).rejects.toThrow(/the expiry 2026-10-31 is before the snapshot it starts from \(2026-11-01\)/);
		await expect(putOverride(db, { ...override, expires: '31/01/2027' })).rejects.toThrow(/yyyy-mm-dd, got "31\/01\/2027"/);
		expect(await listOverrides(db)).toEqual([]);
	});
});
