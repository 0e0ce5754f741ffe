/** What the workspace needs from storage, and the IndexedDB implementation of it. */
import type { Dataset, DatasetMeta } from '../core/dataset';
import type { Override } from '../core/overrides';
import type { Scorecard } from '../core/scorecard';
import { singleSet, type ScorecardVersion } from '../core/scorecard-set';
import type { GoneRows } from '../core/rows-gone';
import { forgetRows, recheckFollowing } from '../db/alerts';
import { deleteOverride, listOverrides, putOverride } from '../db/overrides';
import { addVersion, listVersions } from '../db/versions';
import * as db from '../db';

export interface WorkspaceStore {
	isEmpty(): Promise<boolean>;
	/**
	 * Replaces the whole workspace with one dataset and its scorecard, atomically. `staged`: the dataset's
	 * blocks were written while its file was read (db/staging.ts); only its meta is written now. `replacing`: the
	 * imports this tab shows; when storage holds others (another tab imported since), nothing is written and
	 * ChangedElsewhereError is thrown.
	 */
	replaceWith(dataset: Dataset, scorecard: Scorecard, options?: db.SaveOptions, replacing?: readonly string[]): Promise<void>;
	/**
	 * Stores one more import, and the workspace's scorecard when given, atomically; `options` as for replaceWith.
	 * `gone`: the rows its rows replace, whose alerts go in the same transaction (db/alerts.ts forgetRows);
	 * `following`: the rows after its rows (those it replaces or adds), compared with another row until now, whose
	 * alerts are checked again (recheckFollowing).
	 */
	addDataset(dataset: Dataset, scorecard?: Scorecard, options?: db.SaveOptions, gone?: readonly GoneRows[], following?: readonly GoneRows[]): Promise<void>;
	/** Removes the blocks an import staged and never committed (it was cancelled or failed). */
	discardStaged(datasetId: string): Promise<void>;
	/**
	 * Removes blocks no stored dataset owns (an import staged in a tab closed before Import), but for the
	 * imports still being read, by id. Returns how many blocks were removed.
	 */
	removeOrphanBlocks(inProgress?: ReadonlySet<string>): Promise<number>;
	/**
	 * Deletes a stored import, stores the workspace's scorecard when given, removes the alerts of `gone` (the
	 * rows that leave the portfolio) and has those of `following` (the rows compared with them) checked again
	 * (db/alerts.ts recheckFollowing), atomically.
	 */
	deleteDataset(id: string, scorecard?: Scorecard, gone?: readonly GoneRows[], following?: readonly GoneRows[]): Promise<void>;
	loadDataset(id: string): Promise<Dataset | undefined>;
	/** The stored imports' meta, in import order. */
	listDatasets(): Promise<DatasetMeta[]>;
	/** The workspace's scorecards. */
	listScorecards(): Promise<Scorecard[]>;
	saveScorecard(scorecard: Scorecard): Promise<void>;
	/** The saved versions of the scorecard set whose default scorecard is `scorecardId`, in save order. */
	listVersions(scorecardId: string): Promise<ScorecardVersion[]>;
	addVersion(scorecardId: string, version: ScorecardVersion): Promise<void>;
	listOverrides(): Promise<Override[]>;
	putOverride(override: Override): Promise<void>;
	deleteOverride(id: string): Promise<boolean>;
	getSetting<T>(key: string): Promise<T | undefined>;
	setSetting(key: string, value: unknown): Promise<void>;
	storageStatus(): Promise<db.StorageStatus>;
	requestPersistence(): Promise<boolean | null>;
}

export const ACTIVE_SCORECARD = db.ACTIVE_SCORECARD_KEY;

/** Storage holds other imports than this tab shows: another tab changed the workspace since this one read it. */
export class ChangedElsewhereError extends Error {
	constructor() {
		super('The workspace was changed in another tab since this one opened it, so nothing was imported here: reload this page to see it, then import again.');
		this.name = 'ChangedElsewhereError';
	}
}

export function indexedDbStore(database: db.CheckupDatabase = db.openDatabase()): WorkspaceStore {
	// Each write below is one transaction over every table it touches: a failure leaves the stored workspace as it was.
	// Every table: a reset clears the history stores (runs, versions, alerts …) too, and Dexie refuses a table outside the transaction.
	const everything = database.tables;
	return {
		isEmpty: () => db.isWorkspaceEmpty(database),
		async replaceWith(dataset, scorecard, options = {}, replacing) {
			await database.transaction('rw', everything, async () => {
				if (replacing) {
					const stored = (await database.datasets.toCollection().primaryKeys()).map(String).sort();
					const shown = [...replacing].sort();
					if (stored.length !== shown.length || stored.some((id, i) => id !== shown[i])) throw new ChangedElsewhereError();
				}
				// Remembered column mappings are the user's, not the portfolio's: they outlive a reset.
				const remembered = await database.settings.filter((s) => s.key.startsWith('mapping:')).toArray();
				await db.resetWorkspace(database, options.staged ? dataset.meta.id : undefined);
				await database.settings.bulkPut(remembered);
				await db.saveDataset(database, dataset, options);
				await db.saveScorecard(database, db.WORKSPACE_ID, scorecard);
				await db.setSetting(database, ACTIVE_SCORECARD, scorecard.id);
				// A new workspace starts its history of scorecard versions with this one, for every snapshot.
				await addVersion(database, scorecard.id, firstVersion(scorecard));
			});
		},
		async addDataset(dataset, scorecard, options = {}, gone = [], following = []) {
			await database.transaction('rw', everything, async () => {
				if (await database.datasets.get(dataset.meta.id)) throw new Error(`Could not add “${dataset.meta.name}”: an import with id ${dataset.meta.id} is stored already.`);
				await db.saveDataset(database, dataset, options);
				if (scorecard) await db.saveScorecard(database, db.WORKSPACE_ID, scorecard);
				await forgetRows(database, gone);
				await recheckFollowing(database, following);
			});
		},
		async deleteDataset(id, scorecard, gone = [], following = []) {
			await database.transaction('rw', everything, async () => {
				if (!(await db.deleteDataset(database, id))) throw new Error(`Could not delete import ${id}: it is not stored.`);
				if (scorecard) await db.saveScorecard(database, db.WORKSPACE_ID, scorecard);
				await forgetRows(database, gone);
				await recheckFollowing(database, following);
			});
		},
		discardStaged: (id) => db.discardStaged(database, id),
		removeOrphanBlocks: (inProgress) => db.removeOrphanBlocks(database, inProgress),
		loadDataset: (id) => db.loadDataset(database, id),
		listDatasets: () => db.listDatasets(database),
		listScorecards: () => db.listScorecards(database, db.WORKSPACE_ID),
		saveScorecard: async (scorecard) => void (await db.saveScorecard(database, db.WORKSPACE_ID, scorecard)),
		listVersions: (scorecardId) => listVersions(database, scorecardId),
		addVersion: (scorecardId, version) => addVersion(database, scorecardId, version),
		listOverrides: () => listOverrides(database),
		putOverride: (override) => putOverride(database, override),
		deleteOverride: (id) => deleteOverride(database, id),
		getSetting: (key) => db.getSetting(database, key),
		setSetting: (key, value) => db.setSetting(database, key, value),
		storageStatus: () => db.storageStatus(),
		requestPersistence: () => db.requestPersistence()
	};
}

/** Version 1 of a new workspace's scorecard: in force for every snapshot. */
export function firstVersion(scorecard: Scorecard, createdAt = new Date().toISOString()): ScorecardVersion {
	const copy: Scorecard = JSON.parse(JSON.stringify(scorecard));
	return { id: `${scorecard.id}-v1-${Date.parse(createdAt).toString(36)}`, number: 1, createdAt, note: 'First version', appliesFrom: null, set: singleSet(copy) };
}
