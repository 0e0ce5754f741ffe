/** Manual sub-score overrides: stored apart from the imports, so that no import overwrites them. */
import { overrideProblems, type Override } from '../core/overrides';
import { guard } from './errors';
import type { CheckupDatabase, OverrideRecord } from './schema';

function toRecord(o: Override): OverrideRecord {
	const { id, customerId, metricId, subScore, comment, from, expires, createdAt }: Override = JSON.parse(JSON.stringify(o));
	return { id, customerId, metricId, subScore, comment, from, expires, createdAt, schemaVersion: 1 };
}

/** The override a stored record holds; throws, naming it, when the record is not one (also a backup's, db/backup.ts). */
export function fromRecord(record: OverrideRecord): Override {
	if (record.schemaVersion !== 1) throw new Error(`override ${record.id} has schema version ${String(record.schemaVersion)}, expected 1`);
	const { id, customerId, metricId, subScore, comment, from, expires, createdAt } = record;
	return { id, customerId, metricId, subScore, comment, from, expires, createdAt };
}

/** Stores an override, replacing one with the same id. Refuses an override with problems, naming them. */
export async function putOverride(db: CheckupDatabase, o: Override): Promise<void> {
	const problems = overrideProblems(o);
	if (problems.length) throw new Error(`Override not saved: ${problems.join('; ')}.`);
	await guard(`save the override of ${o.metricId} for customer ${o.customerId}`, () => db.overrides.put(toRecord(o)));
}

/** Every override, by customer ID then metric. */
export async function listOverrides(db: CheckupDatabase): Promise<Override[]> {
	const records = await guard('list the overrides', () => db.overrides.toArray());
	return records.map(fromRecord).sort((a, b) => a.customerId.localeCompare(b.customerId) || a.metricId.localeCompare(b.metricId) || a.from.localeCompare(b.from));
}

/** Deletes one override; false when it was not stored. */
export async function deleteOverride(db: CheckupDatabase, id: string): Promise<boolean> {
	return guard(`delete override ${id}`, () =>
		db.transaction('rw', db.overrides, async () => {
			if (!(await db.overrides.get(id))) return false;
			await db.overrides.delete(id);
			return true;
		})
	);
}
