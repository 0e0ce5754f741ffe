/** Saved versions of the workspace's scorecard set: each with a note, the first snapshot it applies to, and the set whole. */
import type { ScorecardVersion } from '../core/scorecard-set';
import { guard } from './errors';
import type { CheckupDatabase, ScorecardVersionRecord } from './schema';

function toRecord(scorecardId: string, version: ScorecardVersion): ScorecardVersionRecord {
	// JSON copy: plain data, and it unwraps Svelte $state proxies, which IndexedDB's structured clone refuses.
	const { id, number, createdAt, note, appliesFrom, set }: ScorecardVersion = JSON.parse(JSON.stringify(version));
	return { id, scorecardId, number, createdAt, note, appliesFrom, set, schemaVersion: 1 };
}

/** The version a stored record holds; throws, naming it, when the record is not one (also a backup's, db/backup.ts). */
export function fromRecord(record: ScorecardVersionRecord): ScorecardVersion {
	if (record.schemaVersion !== 1) throw new Error(`scorecard version ${record.id} has schema version ${String(record.schemaVersion)}, expected 1`);
	if (!record.set || !record.set.default || !Array.isArray(record.set.segments)) throw new Error(`scorecard version ${record.id} holds no scorecard set`);
	const { id, number, createdAt, note, appliesFrom, set } = record;
	return { id, number, createdAt, note, appliesFrom, set };
}

/**
 * Stores one more version of the scorecard set `scorecardId` (the default scorecard's id). Refuses an id already
 * stored, and a number already taken (another tab saved a version since this one read the list).
 */
export async function addVersion(db: CheckupDatabase, scorecardId: string, version: ScorecardVersion): Promise<void> {
	await guard(`save version ${version.number} of scorecard ${scorecardId}`, () =>
		db.transaction('rw', db.versions, async () => {
			if (await db.versions.get(version.id)) throw new Error(`a version with id ${version.id} is stored already`);
			const taken = await db.versions.where('scorecardId').equals(scorecardId).filter((v) => v.number === version.number).count();
			if (taken) throw new Error(`version ${version.number} was saved in another tab meanwhile; reload this page to see it (your changes are kept as the draft), then save again`);
			await db.versions.add(toRecord(scorecardId, version));
		})
	);
}

/** The versions of one scorecard set, in save order (by number). */
export async function listVersions(db: CheckupDatabase, scorecardId: string): Promise<ScorecardVersion[]> {
	const records = await guard(`list the versions of scorecard ${scorecardId}`, () => db.versions.where('scorecardId').equals(scorecardId).toArray());
	return records.map(fromRecord).sort((a, b) => a.number - b.number);
}

/** Deletes every version (the workspace starts again). */
export async function clearVersions(db: CheckupDatabase): Promise<void> {
	await guard('delete the scorecard versions', () => db.versions.clear());
}
