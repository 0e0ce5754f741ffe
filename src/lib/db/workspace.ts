/** Scorecards, settings, and the workspace as a whole. */
import type { Scorecard } from '../core/scorecard';
import { deleteBlocksOutside } from './block-ranges';
import { guard } from './errors';
import { WORKSPACE_ID, type CheckupDatabase, type ScorecardRecord } from './schema';

/** Setting key holding the id of the dataset the app shows. */
export const ACTIVE_DATASET_KEY = 'activeDatasetId';
/** Setting key holding the id of the scorecard the app shows. */
export const ACTIVE_SCORECARD_KEY = 'activeScorecardId';

function toRecord(datasetId: string, scorecard: Scorecard): ScorecardRecord {
	// A scorecard is JSON-safe plain data. Copying through JSON also unwraps Svelte $state proxies,
	// which IndexedDB's structured clone refuses.
	const { id, name, metrics, bands }: Scorecard = JSON.parse(JSON.stringify(scorecard));
	return { id, name, metrics, bands, datasetId, updatedAt: new Date().toISOString(), schemaVersion: 1 };
}

function checkRecord(record: ScorecardRecord): ScorecardRecord {
	if (record.schemaVersion !== 1) {
		throw new Error(`scorecard ${record.id} has schema version ${String(record.schemaVersion)}, expected 1`);
	}
	return record;
}

/**
 * Stores a scorecard for the workspace (`WORKSPACE_ID`) or for a stored dataset, replacing one with the
 * same id; returns the stored record.
 */
export async function saveScorecard(db: CheckupDatabase, datasetId: string, scorecard: Scorecard): Promise<ScorecardRecord> {
	return guard(`save scorecard "${scorecard.name}" (id ${scorecard.id})`, () =>
		db.transaction('rw', db.datasets, db.scorecards, async () => {
			if (datasetId !== WORKSPACE_ID && !(await db.datasets.get(datasetId))) throw new Error(`there is no dataset ${datasetId}`);
			const record = toRecord(datasetId, scorecard);
			await db.scorecards.put(record);
			return record;
		})
	);
}

/** The scorecards of the workspace (`WORKSPACE_ID`) or of one dataset, by name. */
export async function listScorecards(db: CheckupDatabase, datasetId: string): Promise<ScorecardRecord[]> {
	const records = await guard(`list the scorecards of dataset ${datasetId}`, () =>
		db.scorecards.where('datasetId').equals(datasetId).toArray()
	);
	return records.map(checkRecord).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** The scorecard with this id, or undefined. */
export async function loadScorecard(db: CheckupDatabase, id: string): Promise<ScorecardRecord | undefined> {
	const record = await guard(`load scorecard ${id}`, () => db.scorecards.get(id));
	return record && checkRecord(record);
}

/** Deletes a scorecard and forgets it as the active one. */
export async function deleteScorecard(db: CheckupDatabase, id: string): Promise<void> {
	await guard(`delete scorecard ${id}`, () =>
		db.transaction('rw', db.scorecards, db.settings, async () => {
			await db.scorecards.delete(id);
			await forgetActive(db, [], [id]);
		})
	);
}

/** The stored value of a setting, or undefined. The caller vouches for its type. */
export async function getSetting<T>(db: CheckupDatabase, key: string): Promise<T | undefined> {
	const record = await guard(`read setting "${key}"`, () => db.settings.get(key));
	return record?.value as T | undefined;
}

/** Stores a setting; `undefined` removes it. */
export async function setSetting(db: CheckupDatabase, key: string, value: unknown): Promise<void> {
	await guard(`save setting "${key}"`, async () => {
		if (value === undefined) await db.settings.delete(key);
		else await db.settings.put({ key, value });
	});
}

/**
 * Clears the active dataset / scorecard settings when they name a deleted id. Call it inside a
 * transaction that includes `settings`.
 */
export async function forgetActive(db: CheckupDatabase, datasetIds: readonly string[], scorecardIds: readonly string[]): Promise<void> {
	const forget = async (key: string, ids: readonly string[]) => {
		const record = await db.settings.get(key);
		if (record && typeof record.value === 'string' && ids.includes(record.value)) await db.settings.delete(key);
	};
	await forget(ACTIVE_DATASET_KEY, datasetIds);
	await forget(ACTIVE_SCORECARD_KEY, scorecardIds);
}

/**
 * Deletes every dataset, scorecard and setting in one transaction; but the blocks staged for the import
 * `keepStaged` (the one replacing the workspace) when named.
 */
export async function resetWorkspace(db: CheckupDatabase, keepStaged?: string): Promise<void> {
	await guard('reset the workspace', () =>
		db.transaction('rw', db.tables, async () => {
			await Promise.all(db.tables.map((table) => (table.name === db.blocks.name && keepStaged !== undefined ? deleteBlocksOutside(db, [keepStaged]) : table.clear())));
		})
	);
}

/** True when there is no dataset and no scorecard (settings alone do not count as work). */
export async function isWorkspaceEmpty(db: CheckupDatabase): Promise<boolean> {
	const [datasets, scorecards] = await guard('check whether the workspace is empty', () =>
		Promise.all([db.datasets.count(), db.scorecards.count()])
	);
	return datasets === 0 && scorecards === 0;
}
