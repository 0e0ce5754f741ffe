/** What the workspace needs from storage, and the IndexedDB implementation of it. */
import type { Dataset, DatasetMeta } from '../core/dataset';
import type { Scorecard } from '../core/scorecard';
import * as db from '../db';

export interface WorkspaceStore {
	isEmpty(): Promise<boolean>;
	/** Replaces the whole workspace with one dataset and its scorecard, atomically. */
	replaceWith(dataset: Dataset, scorecard: Scorecard): Promise<void>;
	loadDataset(id: string): Promise<Dataset | undefined>;
	listDatasets(): Promise<DatasetMeta[]>;
	listScorecards(datasetId: string): Promise<Scorecard[]>;
	saveScorecard(datasetId: string, scorecard: Scorecard): Promise<void>;
	getSetting<T>(key: string): Promise<T | undefined>;
	setSetting(key: string, value: unknown): Promise<void>;
	storageStatus(): Promise<db.StorageStatus>;
	requestPersistence(): Promise<boolean | null>;
}

export const ACTIVE_DATASET = db.ACTIVE_DATASET_KEY;
export const ACTIVE_SCORECARD = db.ACTIVE_SCORECARD_KEY;

export function indexedDbStore(database: db.CheckupDatabase = db.openDatabase()): WorkspaceStore {
	return {
		isEmpty: () => db.isWorkspaceEmpty(database),
		async replaceWith(dataset, scorecard) {
			// One transaction over every table: a failure leaves the old workspace as it was.
			await database.transaction('rw', [database.datasets, database.blocks, database.scorecards, database.settings], async () => {
				await db.resetWorkspace(database);
				await db.saveDataset(database, dataset);
				await db.saveScorecard(database, dataset.meta.id, scorecard);
				await db.setSetting(database, ACTIVE_DATASET, dataset.meta.id);
				await db.setSetting(database, ACTIVE_SCORECARD, scorecard.id);
			});
		},
		loadDataset: (id) => db.loadDataset(database, id),
		listDatasets: () => db.listDatasets(database),
		listScorecards: (datasetId) => db.listScorecards(database, datasetId),
		saveScorecard: async (datasetId, scorecard) => void (await db.saveScorecard(database, datasetId, scorecard)),
		getSetting: (key) => db.getSetting(database, key),
		setSetting: (key, value) => db.setSetting(database, key, value),
		storageStatus: () => db.storageStatus(),
		requestPersistence: () => db.requestPersistence()
	};
}
