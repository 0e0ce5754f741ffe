/** The database layer: the only code that imports Dexie. */
export {
	BLOCK_ROWS,
	DEFAULT_DATABASE_NAME,
	WORKSPACE_ID,
	CheckupDatabase,
	openDatabase,
	type BlockData,
	type BlockKey,
	type BlockRecord,
	type PackedText,
	type IndexedDBDeps,
	type ScorecardRecord,
	type SettingRecord,
	type TrainingRunRecord,
	type AppliedWeights,
	type AppliedCutoff
} from './schema';
export { saveRun, listRuns, loadRun, deleteRun, recordApplied, type TrainingRunInput } from './runs';
export { saveDataset, updateDatasetMeta, loadDataset, listDatasets, deleteDataset, type SaveOptions } from './datasets';
export { BlockStager, discardStaged, removeOrphanBlocks } from './staging';
export {
	ACTIVE_DATASET_KEY,
	ACTIVE_SCORECARD_KEY,
	saveScorecard,
	listScorecards,
	loadScorecard,
	deleteScorecard,
	getSetting,
	setSetting,
	resetWorkspace,
	isWorkspaceEmpty
} from './workspace';
export { QUOTA_MESSAGE, StorageQuotaError, describeFailure, guardQuota, isQuotaError } from './errors';
export { putSettingAtOnce } from './at-once';
export { storageStatus, requestPersistence, type StorageStatus, type StorageLike } from './storage';
