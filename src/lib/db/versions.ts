/** Saved versions of the workspace's scorecard set: each with a note, the first snapshot it applies to, and the set whole. */
import { unitSpaced } from '../core/format';
import type { ScorecardVersion } from '../core/scorecard-set';
import { guard } from './errors';
import type { CheckupDatabase, ScorecardVersionRecord } from './schema';

function toRecord(scorecardId: string, version: ScorecardVersion): ScorecardVersionRecord {
	// JSON copy: plain data, and it unwraps Svelte $state proxies, which IndexedDB's structured clone refuses.
	const { id, number, createdAt, note, appliesFrom, set }: ScorecardVersion = JSON.parse(JSON.stringify(version));
	return { id, scorecardId, number, createdAt, note, appliesFrom, set, schemaVersion: 1 };
}

/**
 * A note Learn wrote ("Weights blended 65 % manual / 35 % learned (Learn)", "… (Learn: 70 % of churners flagged)"):
 * those stored before Learn put a no-break space before "%" read as those it writes now (the record stays as it was).
 * A note typed by hand is shown as typed.
 */
const LEARN_NOTE = /\(Learn(?:\)$|: )/;

/** The version a stored record holds; throws, naming it, when the record is not one (also a backup's, db/backup.ts). */
export function fromRecord(record: ScorecardVersionRecord): ScorecardVersion {
	if (record.schemaVersion !== 1) throw new Error(`scorecard version ${record.id} has schema version ${String(record.schemaVersion)}, expected 1`);
	if (!record.set || !record.set.default || !Array.isArray(record.set.segments)) throw new Error(`scorecard version ${record.id} holds no scorecard set`);
	const { id, number, createdAt, note, appliesFrom, set } = record;
	return { id, number, createdAt, note: LEARN_NOTE.test(note) ? unitSpaced(note) : note, appliesFrom, set };
}

/** Another tab saved a version under the number this tab was saving (it had not seen it): `newest` is the newest stored now. */
export class VersionTakenError extends Error {
	override name = 'VersionTakenError';
	readonly newest: ScorecardVersion;

	constructor(scorecardId: string, number: number, newest: ScorecardVersion) {
		super(`version ${number} of scorecard ${scorecardId} was saved in another tab meanwhile; version ${newest.number} is the newest now`);
		this.newest = newest;
	}
}

/**
 * Stores one more version of the scorecard set `scorecardId` (the default scorecard's id). Refuses an id already
 * stored; throws VersionTakenError, storing nothing, when the number is taken (another tab saved a version since
 * this one read the list).
 */
export async function addVersion(db: CheckupDatabase, scorecardId: string, version: ScorecardVersion): Promise<void> {
	const newest = await guard(`save version ${version.number} of scorecard ${scorecardId}`, () =>
		db.transaction('rw', db.versions, async () => {
			if (await db.versions.get(version.id)) throw new Error(`a version with id ${version.id} is stored already`);
			const stored = await db.versions.where('scorecardId').equals(scorecardId).toArray();
			if (stored.some((v) => v.number === version.number)) return stored.reduce((a, b) => (b.number > a.number ? b : a));
			await db.versions.add(toRecord(scorecardId, version));
			return null;
		})
	);
	// Thrown outside guard, whole: the caller tells the user which version is current.
	if (newest) throw new VersionTakenError(scorecardId, version.number, fromRecord(newest));
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
