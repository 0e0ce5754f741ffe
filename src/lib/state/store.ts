/** What the workspace needs from storage, and the IndexedDB implementation of it. */
import type { Dataset, DatasetMeta } from '../core/dataset';
import type { Override } from '../core/overrides';
import type { Scorecard } from '../core/scorecard';
import { singleSet, type ScorecardVersion, type SegmentScorecard } from '../core/scorecard-set';
import type { GoneRows } from '../core/rows-gone';
import { forgetRows, recheckFollowing } from '../db/alerts';
import { deleteOverride, listOverrides, putOverride } from '../db/overrides';
import { addVersion, listVersions, VersionTakenError } from '../db/versions';
import * as db from '../db';
import { newId } from './ids';

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
	 * alerts are checked again (recheckFollowing). Returns the draft's new revision (see saveDraft) when `scorecard` was stored.
	 */
	addDataset(dataset: Dataset, scorecard?: Scorecard, options?: db.SaveOptions, gone?: readonly GoneRows[], following?: readonly GoneRows[]): Promise<string | undefined>;
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
	 * (db/alerts.ts recheckFollowing), atomically. Returns the draft's new revision when `scorecard` was stored.
	 */
	deleteDataset(id: string, scorecard?: Scorecard, gone?: readonly GoneRows[], following?: readonly GoneRows[]): Promise<string | undefined>;
	loadDataset(id: string): Promise<Dataset | undefined>;
	/** The stored imports' meta, in import order. */
	listDatasets(): Promise<DatasetMeta[]>;
	/** The workspace's scorecards. */
	listScorecards(): Promise<Scorecard[]>;
	saveScorecard(scorecard: Scorecard): Promise<void>;
	/**
	 * Stores the draft (its default scorecard and the rest) atomically, when the stored draft is still revision
	 * `expected` (the one this tab last read or wrote); returns its new revision. Throws DraftChangedElsewhereError,
	 * storing nothing, when another tab stored a draft since.
	 */
	saveDraft(record: DraftRecord, expected: string | undefined): Promise<string>;
	/** The stored draft's revision (see saveDraft); undefined before any draft was stored. */
	draftRevision(): Promise<string | undefined>;
	/**
	 * A page being closed leaves its draft, edited from revision `expected`, aside in one write begun at once (the
	 * only kind that still lands); false when it cannot be begun. Not the draft until takeDraftLeftOnClose.
	 */
	leaveDraftOnClose?(record: DraftRecord, expected: string | undefined): boolean;
	/**
	 * Makes the draft a closed page left the stored draft, when the stored one is still the revision it was edited
	 * from (else another tab's stands), atomically; the draft left goes either way. True when it became the draft.
	 */
	takeDraftLeftOnClose?(): Promise<boolean>;
	/** The saved versions of the scorecard set whose default scorecard is `scorecardId`, in save order. */
	listVersions(scorecardId: string): Promise<ScorecardVersion[]>;
	/**
	 * Stores one more version, and with `draft` the draft it leaves (the version's set), atomically. Throws
	 * VersionSavedElsewhereError, storing nothing, when another tab saved a version since this one read them; with
	 * `draft`, DraftChangedElsewhereError when the stored draft is no longer revision `expected`. Returns the
	 * draft's new revision when `draft` was stored. `alsoWrite` writes more in the same transaction, last (Learn's
	 * note on the run whose suggestion the version is): a failure of it stores nothing.
	 */
	addVersion(scorecardId: string, version: ScorecardVersion, draft?: DraftRecord, expected?: string, alsoWrite?: () => Promise<unknown>): Promise<string | undefined>;
	listOverrides(): Promise<Override[]>;
	putOverride(override: Override): Promise<void>;
	deleteOverride(id: string): Promise<boolean>;
	getSetting<T>(key: string): Promise<T | undefined>;
	setSetting(key: string, value: unknown): Promise<void>;
	storageStatus(): Promise<db.StorageStatus>;
	requestPersistence(): Promise<boolean | null>;
}

export const ACTIVE_SCORECARD = db.ACTIVE_SCORECARD_KEY;

/** Setting key of the draft's segment scorecards and the snapshot date it would apply from. */
export const DRAFT_KEY = 'scorecardDraft';
/** What is stored of the draft besides its default scorecard (which the scorecards store holds). */
export interface StoredDraft {
	segments: SegmentScorecard[];
	appliesFrom: string | null;
}
/**
 * Setting key of the stored draft's revision: a new random id with every write of the draft, so that a tab can tell
 * whether the stored draft is still the one it last read or wrote, or another tab's.
 */
export const DRAFT_REVISION_KEY = 'scorecardDraftRevision';
/** Setting key of the draft a closed page left (leaveDraftOnClose): `{ record, expected }`, expected null for none. */
export const DRAFT_LEFT_KEY = 'scorecardDraftLeftOnClose';
interface DraftLeft {
	record: DraftRecord;
	expected: string | null;
}
/** The draft as written: its default scorecard, and the rest under DRAFT_KEY. */
export interface DraftRecord {
	scorecard: Scorecard;
	draft: StoredDraft;
}

/** Storage holds other than this tab shows: another tab changed the workspace since this one read it. */
export class ChangedElsewhereError extends Error {
	constructor(message = 'The workspace was changed in another tab since this one opened it, so nothing was imported here: reload this page to see it, then import again.') {
		super(message);
		this.name = 'ChangedElsewhereError';
	}
}

/** Another tab saved a scorecard version since this tab read them: nothing was saved here; `current` is the newest stored. */
export class VersionSavedElsewhereError extends ChangedElsewhereError {
	readonly current: ScorecardVersion;

	constructor(current: ScorecardVersion, message = `Version ${current.number} (“${current.note}”) was saved in another tab meanwhile and is now the current version, so nothing was saved here: reload this page to see it (your changes are kept as the draft), then save again.`) {
		super(message);
		this.name = 'VersionSavedElsewhereError';
		this.current = current;
	}
}

/** Another tab stored the scorecard draft since this tab last read or wrote it: nothing was stored here. */
export class DraftChangedElsewhereError extends ChangedElsewhereError {
	constructor(message = 'The scorecard was changed in another tab since this tab last saved it, so your latest changes here are not saved.') {
		super(message);
		this.name = 'DraftChangedElsewhereError';
	}
}

/** The setting a new revision of the draft is, for a writer that cannot call newDraftRevision (the backup worker). */
export function draftRevisionSetting(): { key: string; value: string } {
	return { key: DRAFT_REVISION_KEY, value: newId('d') };
}

/** Writes a new revision of the draft (inside the caller's transaction) and returns it. */
export async function newDraftRevision(database: db.CheckupDatabase): Promise<string> {
	const { key, value } = draftRevisionSetting();
	await db.setSetting(database, key, value);
	return value;
}

/** Writes the draft, its default scorecard and the rest, with a new revision (inside the caller's transaction); returns the revision. */
async function writeDraft(database: db.CheckupDatabase, record: DraftRecord): Promise<string> {
	await db.saveScorecard(database, db.WORKSPACE_ID, record.scorecard);
	await db.setSetting(database, DRAFT_KEY, JSON.parse(JSON.stringify(record.draft)));
	return newDraftRevision(database);
}

/** Throws DraftChangedElsewhereError (inside the caller's transaction) when the stored draft is not revision `expected`. */
async function checkDraftRevision(database: db.CheckupDatabase, expected: string | undefined): Promise<void> {
	if ((await db.getSetting<string>(database, DRAFT_REVISION_KEY)) !== expected) throw new DraftChangedElsewhereError();
}

export function indexedDbStore(database: db.CheckupDatabase = db.openDatabase()): WorkspaceStore {
	// Each write below is one transaction over every table it touches: a failure leaves the stored workspace as it was.
	// A full disk, met by a write no repository guards or as the transaction commits, is said as such (guardQuota).
	// Every table: a reset clears the history stores (runs, versions, alerts …) too, and Dexie refuses a table outside the transaction.
	const everything = database.tables;
	return {
		isEmpty: () => db.isWorkspaceEmpty(database),
		async replaceWith(dataset, scorecard, options = {}, replacing) {
			await db.guardQuota(`replace the workspace with ${dataset.meta.name}`, () => database.transaction('rw', everything, async () => {
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
				// A new draft: a tab still showing the old workspace cannot store its draft over this one.
				await newDraftRevision(database);
			}));
		},
		addDataset(dataset, scorecard, options = {}, gone = [], following = []) {
			return db.guardQuota(`add ${dataset.meta.name}`, () => database.transaction('rw', everything, async () => {
				if (await database.datasets.get(dataset.meta.id)) throw new Error(`Could not add “${dataset.meta.name}”: an import with id ${dataset.meta.id} is stored already.`);
				await db.saveDataset(database, dataset, options);
				await forgetRows(database, gone);
				await recheckFollowing(database, following);
				// The scorecard's columns followed the import: another tab's draft must not be stored over it unseen.
				if (!scorecard) return undefined;
				await db.saveScorecard(database, db.WORKSPACE_ID, scorecard);
				return newDraftRevision(database);
			}));
		},
		deleteDataset(id, scorecard, gone = [], following = []) {
			return db.guardQuota(`delete import ${id}`, () => database.transaction('rw', everything, async () => {
				if (!(await db.deleteDataset(database, id))) throw new Error(`Could not delete import ${id}: it is not stored.`);
				await forgetRows(database, gone);
				await recheckFollowing(database, following);
				if (!scorecard) return undefined;
				await db.saveScorecard(database, db.WORKSPACE_ID, scorecard);
				return newDraftRevision(database);
			}));
		},
		discardStaged: (id) => db.discardStaged(database, id),
		removeOrphanBlocks: (inProgress) => db.removeOrphanBlocks(database, inProgress),
		loadDataset: (id) => db.loadDataset(database, id),
		listDatasets: () => db.listDatasets(database),
		listScorecards: () => db.listScorecards(database, db.WORKSPACE_ID),
		saveScorecard: async (scorecard) => void (await db.saveScorecard(database, db.WORKSPACE_ID, scorecard)),
		saveDraft(record, expected) {
			return db.guardQuota('save the scorecard', () => database.transaction('rw', everything, async () => {
				await checkDraftRevision(database, expected);
				return writeDraft(database, record);
			}));
		},
		draftRevision: () => db.getSetting<string>(database, DRAFT_REVISION_KEY),
		leaveDraftOnClose(record, expected) {
			const left: DraftLeft = { record: JSON.parse(JSON.stringify(record)), expected: expected ?? null };
			return db.putSettingAtOnce(database, DRAFT_LEFT_KEY, left);
		},
		takeDraftLeftOnClose() {
			return db.guardQuota('save the scorecard a closed page left', () => database.transaction('rw', everything, async () => {
				const left = await db.getSetting<DraftLeft>(database, DRAFT_LEFT_KEY);
				if (!left) return false;
				await db.setSetting(database, DRAFT_LEFT_KEY, undefined);
				if ((await db.getSetting<string>(database, DRAFT_REVISION_KEY)) !== (left.expected ?? undefined)) return false;
				await writeDraft(database, left.record);
				return true;
			}));
		},
		listVersions: (scorecardId) => listVersions(database, scorecardId),
		async addVersion(scorecardId, version, draft, expected, alsoWrite) {
			try {
				return await db.guardQuota(`save version ${version.number}`, () => database.transaction('rw', everything, async () => {
					await addVersion(database, scorecardId, version);
					let revision: string | undefined;
					if (draft) {
						await checkDraftRevision(database, expected);
						await db.saveScorecard(database, db.WORKSPACE_ID, draft.scorecard);
						await db.setSetting(database, DRAFT_KEY, JSON.parse(JSON.stringify(draft.draft)));
						revision = await newDraftRevision(database);
					}
					await alsoWrite?.();
					return revision;
				}));
			} catch (err) {
				if (err instanceof VersionTakenError) throw new VersionSavedElsewhereError(err.newest);
				throw err;
			}
		},
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
