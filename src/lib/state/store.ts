/** What the workspace needs from storage, and the IndexedDB implementation of it. */
import type { Dataset, DatasetMeta } from '../core/dataset';
import type { Scorecard } from '../core/scorecard';
import * as db from '../db';

export interface WorkspaceStore {
	isEmpty(): Promise<boolean>;
	/** Replaces the whole workspace with one dataset and its scorecard, atomically. */
	replaceWith(dataset: Dataset, scorecard: Scorecard): Promise<void>;
	/** Stores one more import, and the workspace's scorecard when given, atomically. */
	addDataset(dataset: Dataset, scorecard?: Scorecard): Promise<void>;
	/** Deletes a stored import, and stores the workspace's scorecard when given, atomically. */
	deleteDataset(id: string, scorecard?: Scorecard): Promise<void>;
	loadDataset(id: string): Promise<Dataset | undefined>;
	/** The stored imports' meta, in import order. */
	listDatasets(): Promise<DatasetMeta[]>;
	/** The workspace's scorecards. */
	listScorecards(): Promise<Scorecard[]>;
	saveScorecard(scorecard: Scorecard): Promise<void>;
	getSetting<T>(key: string): Promise<T | undefined>;
	setSetting(key: string, value: unknown): Promise<void>;
	storageStatus(): Promise<db.StorageStatus>;
	requestPersistence(): Promise<boolean | null>;
}

export const ACTIVE_SCORECARD = db.ACTIVE_SCORECARD_KEY;

export function indexedDbStore(database: db.CheckupDatabase = db.openDatabase()): WorkspaceStore {
	// Each write below is one transaction over every table it touches: a failure leaves the stored workspace as it was.
	// Every table: a reset clears the history stores (runs, versions, alerts …) too, and Dexie refuses a table outside the transaction.
	const everything = database.tables;
	return {
		isEmpty: () => db.isWorkspaceEmpty(database),
		async replaceWith(dataset, scorecard) {
			await database.transaction('rw', everything, async () => {
				// Remembered column mappings are the user's, not the portfolio's: they outlive a reset.
				const remembered = await database.settings.filter((s) => s.key.startsWith('mapping:')).toArray();
				await db.resetWorkspace(database);
				await database.settings.bulkPut(remembered);
				await db.saveDataset(database, dataset);
				await db.saveScorecard(database, db.WORKSPACE_ID, scorecard);
				await db.setSetting(database, ACTIVE_SCORECARD, scorecard.id);
			});
		},
		async addDataset(dataset, scorecard) {
			await database.transaction('rw', everything, async () => {
				if (await database.datasets.get(dataset.meta.id)) throw new Error(`Could not add “${dataset.meta.name}”: an import with id ${dataset.meta.id} is stored already.`);
				await db.saveDataset(database, dataset);
				if (scorecard) await db.saveScorecard(database, db.WORKSPACE_ID, scorecard);
			});
		},
		async deleteDataset(id, scorecard) {
			await database.transaction('rw', everything, async () => {
				if (!(await db.deleteDataset(database, id))) throw new Error(`Could not delete import ${id}: it is not stored.`);
				if (scorecard) await db.saveScorecard(database, db.WORKSPACE_ID, scorecard);
			});
		},
		loadDataset: (id) => db.loadDataset(database, id),
		listDatasets: () => db.listDatasets(database),
		listScorecards: () => db.listScorecards(database, db.WORKSPACE_ID),
		saveScorecard: async (scorecard) => void (await db.saveScorecard(database, db.WORKSPACE_ID, scorecard)),
		getSetting: (key) => db.getSetting(database, key),
		setSetting: (key, value) => db.setSetting(database, key, value),
		storageStatus: () => db.storageStatus(),
		requestPersistence: () => db.requestPersistence()
	};
}
