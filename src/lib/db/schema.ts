/** The IndexedDB schema: record types, every version() of the stores, and how to open the database. */
import { Dexie, type Table } from 'dexie';
import type { AlertHit, AlertRule } from '../core/alerts';
import type { DatasetMeta } from '../core/dataset';
import type { PackedText } from '../core/text-values';
import type { Override } from '../core/overrides';
import type { Scorecard } from '../core/scorecard';
import type { ScorecardVersion } from '../core/scorecard-set';

export const DEFAULT_DATABASE_NAME = 'checkup';

/**
 * Rows per stored block of every dataset stored from now on (its meta records it as `blockRows`). IndexedDB's
 * cost is mostly per record: a million-row, 20-column import is 320 records at this size where it was 2,000 at
 * 10,000 rows (Chromium's own CPU for storing it fell from 2.0–2.2 s to 0.8–1.0 s). A block of numbers is at
 * most 512 KB (Float64), most are 64–256 KB (compact, db/blocks.ts).
 */
export const BLOCK_ROWS = 65_536;

/** Rows per block of a dataset whose meta has no `blockRows`: every dataset stored before it was recorded. */
export const LEGACY_BLOCK_ROWS = 10_000;

/**
 * A dataset's meta as stored: with the rows per block its blocks have (BLOCK_ROWS when it was stored; absent
 * before that was recorded: LEGACY_BLOCK_ROWS). A storage detail: loading and listing give DatasetMeta without it.
 */
export interface StoredDatasetMeta extends DatasetMeta {
	blockRows?: number;
}

/**
 * A block of text cells as one string and where each cell ends in it (core/text-values.ts): one string and one
 * Int32Array store and clone as two copies, where an array of ten thousand strings clones string by string.
 */
export type { PackedText };

/**
 * A block of numbers stored as integers (db/blocks.ts compactNumbers): value i is `ints[i] / 10 ** scale`, or
 * missing where `ints[i]` is its type's least value.
 */
export interface ScaledInts {
	scale: number;
	ints: Int8Array | Int16Array | Int32Array;
}

/**
 * The values of one block. Numbers: ScaledInts when every value reads back exactly from one, else Float64Array.
 * Category codes: Uint8Array or Uint16Array holding code + 1 (0 for missing) when the codes fit, else Int32Array
 * (every block before compact blocks). Text: PackedText (an array of strings in workspaces stored before text
 * was packed). Every form is read.
 */
export type BlockData = Float64Array | ScaledInts | Int32Array | Uint16Array | Uint8Array | PackedText | (string | null)[];

/** Rows [block × BLOCK_ROWS, (block + 1) × BLOCK_ROWS) of one column of one dataset. */
export interface BlockRecord {
	datasetId: string;
	column: string;
	block: number;
	data: BlockData;
}

/** The compound primary key of a block: [datasetId, column, block]. */
export type BlockKey = [string, string, number];

/**
 * The `datasetId` of a scorecard that belongs to the workspace (every import assembled) rather than to one
 * stored dataset. No dataset may have this id.
 */
export const WORKSPACE_ID = 'workspace';

/** A scorecard as stored: the workspace's (WORKSPACE_ID) or one dataset's, with the time it was last saved. */
export interface ScorecardRecord extends Scorecard {
	datasetId: string;
	/** ISO date-time of the last save. */
	updatedAt: string;
	schemaVersion: 1;
}

/** One app setting (active dataset id, active scorecard id, ...). */
export interface SettingRecord {
	key: string;
	value: unknown;
}

/** One training run of the Learn page (issue #4): when, on which data, with which settings, and its results. */
export interface TrainingRunRecord {
	id: string;
	/** ISO date-time the run finished. */
	createdAt: string;
	/** Its number (2, 3, …) among runs that finished in the same second, given when stored (core/run-names.ts); absent on the first, and on runs stored before. */
	tie?: number;
	schemaVersion: 1;
	/** Which data: the imports it was assembled from and the training set's counts. */
	data: {
		imports: { id: string; name: string; rowCount: number }[];
		customers: number;
		churned: number;
		retained: number;
		mode: 'horizon' | 'single';
	};
	/** The scorecard whose weights were compared. */
	scorecard: { id: string; name: string };
	settings: { horizonDays: number; C: number; k: number; seed: number; resamples: number; targetRecall: number };
	/** What the run found, as plain JSON-safe data: its own format and version (state/learn-stored.ts); results.model is the Worklist's churn model. */
	results: Record<string, unknown>;
	/** Each time the run's weights were saved as a scorecard version (absent on runs never applied, and on older runs). */
	applied?: AppliedWeights[];
	/** Each time the run's "At risk" cut-off was saved as a scorecard version (absent on runs never applied, and on older runs). */
	appliedCutoffs?: AppliedCutoff[];
}

/** A run's weights saved as a scorecard version: which version, at which blend, when. */
export interface AppliedWeights {
	/** The scorecard version's number (1, 2, 3…). */
	version: number;
	/** The blend applied, % learned (100 = the learned weights as they are). */
	blendPct: number;
	/** ISO date-time. */
	at: string;
}

/** A run's suggested "At risk" cut-off saved as a scorecard version: which version, which cut-off, when. */
export interface AppliedCutoff {
	/** The scorecard version's number (1, 2, 3…). */
	version: number;
	/** Where "At risk" ends: scores below it are at risk. */
	cutoff: number;
	/** ISO date-time. */
	at: string;
}

/** One saved version of the workspace's scorecard set (issue #5), with its note; the set as it was is kept whole. */
export interface ScorecardVersionRecord extends ScorecardVersion {
	/** The default scorecard's id: the set the version belongs to. */
	scorecardId: string;
	schemaVersion: 1;
}

/** A manual override of one customer's sub-score for one metric (issue #5), with comment and expiry. */
export interface OverrideRecord extends Override {
	schemaVersion: 1;
}

/** An alert rule (issue #5): score drop, band entered, metric crossing; see core/alerts.ts. */
export type AlertRuleRecord = AlertRule & {
	/** ISO date-time the rule was made. */
	createdAt: string;
	schemaVersion: 1;
};

/**
 * A fired alert (issue #5): what fired it (core/alerts.ts AlertHit), with its acknowledgement and note. `past` is
 * absent from alerts stored before it existed, which read as fired at the newest snapshot (open), as they were shown.
 */
export interface AlertRecord extends AlertHit {
	/** ISO date-time the alert fired. */
	createdAt: string;
	/** ISO date-time it was acknowledged; null while it is open. */
	acknowledgedAt: string | null;
	note: string;
	/**
	 * The row it was compared with is no longer the one before it (an acknowledged alert is kept for what was done
	 * about it): 'deleted' with its snapshot, or 'replaced' (by a row of a snapshot imported between them, or the same
	 * snapshot's row imported again). Cleared when the rules fire it again against the row now before it. Absent: it holds.
	 */
	previousChanged?: 'deleted' | 'replaced';
	schemaVersion: 1;
}

/** An IndexedDB implementation to use instead of the global one (fake-indexeddb in node tests). */
export interface IndexedDBDeps {
	indexedDB: IDBFactory;
	IDBKeyRange: typeof IDBKeyRange;
}

/** The Checkup database. */
export class CheckupDatabase extends Dexie {
	declare datasets: Table<StoredDatasetMeta, string>;
	declare blocks: Table<BlockRecord, BlockKey>;
	declare scorecards: Table<ScorecardRecord, string>;
	declare settings: Table<SettingRecord, string>;
	declare runs: Table<TrainingRunRecord, string>;
	declare versions: Table<ScorecardVersionRecord, string>;
	declare overrides: Table<OverrideRecord, string>;
	declare alertRules: Table<AlertRuleRecord, string>;
	declare alerts: Table<AlertRecord, string>;

	constructor(name: string, deps?: IndexedDBDeps) {
		super(name, deps ? { indexedDB: deps.indexedDB, IDBKeyRange: deps.IDBKeyRange } : undefined);
		// Only indexed fields are listed; the rest of each record is stored as it is.
		this.version(1).stores({
			datasets: 'id',
			blocks: '[datasetId+column+block], datasetId',
			scorecards: 'id, datasetId',
			settings: 'key'
		});
		// Version 2: scorecards belong to the workspace, which assembles every import, not to one dataset.
		// Version 1 only ever held one dataset, so each of its scorecards was the workspace's.
		this.version(2)
			.stores({})
			.upgrade((tx) =>
				tx
					.table<ScorecardRecord, string>('scorecards')
					.toCollection()
					.modify((s) => {
						s.datasetId = WORKSPACE_ID;
					})
			);
		// Version 3: training runs (Learn), scorecard versions, overrides, alert rules and alerts (history).
		this.version(3).stores({
			runs: 'id, createdAt',
			versions: 'id, scorecardId, createdAt',
			overrides: 'id, customerId',
			alertRules: 'id',
			alerts: 'id, customerId, createdAt'
		});
		// A later schema never edits an earlier version: it adds a version below it, and users who still have
		// an earlier one on disk are migrated on their next open. For example:
		//
		//   this.version(3)
		//     .stores({ scorecards: 'id, datasetId, updatedAt' }) // only the stores that change
		//     .upgrade((tx) =>
		//       tx.table('scorecards').toCollection().modify((s) => {
		//         s.schemaVersion = 2;
		//         s.notes ??= '';
		//       })
		//     );
		//
		// and ScorecardRecord's schemaVersion becomes 2, with readers refusing anything else. (Version 2 kept
		// the record's shape and only changed what datasetId holds, so schemaVersion stayed 1.)
	}
}

/**
 * The database, opened on first use. Pass `deps` to use another IndexedDB implementation, e.g.
 * `{ indexedDB: new IDBFactory(), IDBKeyRange }` from 'fake-indexeddb' for an isolated test database.
 */
export function openDatabase(name = DEFAULT_DATABASE_NAME, deps?: IndexedDBDeps): CheckupDatabase {
	return new CheckupDatabase(name, deps);
}
