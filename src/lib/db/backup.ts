/**
 * Workspace backup and restore: every table of the database, whatever later issues add to it, to one file
 * and back. A restore checks the whole file first, then replaces everything in one transaction.
 */
import type { Table } from 'dexie';
import { BackupFileError, decodeBackup, encodeBackup, type BackupContents, type BackupTable } from '../core/backup-format';
import { guard } from './errors';
import { WORKSPACE_ID, type CheckupDatabase } from './schema';
import { checkBackupDatasets, checkBackupScorecards } from './backup-checks';
import { checkAlert, checkRule } from './alerts';
import { fromRecord as checkOverride } from './overrides';
import { checkRun } from './runs';
import { fromRecord as checkVersion } from './versions';
import { hasSnapshotRows } from '../core/assemble';
import type { DatasetMeta } from '../core/dataset';

/** The history tables' record checks, as their listing reads them: a record one refuses would stop the workspace opening. */
const RECORD_CHECKS: Record<string, (record: never) => unknown> = {
	versions: checkVersion,
	overrides: checkOverride,
	alertRules: checkRule,
	alerts: checkAlert,
	runs: checkRun
};

/** Every record of the history tables reads as its table's listing reads it; else a BackupFileError naming it. */
function checkHistoryRecords(tables: BackupContents['tables']): void {
	for (const [name, check] of Object.entries(RECORD_CHECKS)) {
		(tables[name]?.records ?? []).forEach((record, i) => {
			try {
				check(record as never);
			} catch (err) {
				throw new BackupFileError(`The backup file is damaged: record ${i + 1} of table "${name}" cannot be read (${err instanceof Error ? err.message : String(err)}).`);
			}
		});
	}
}

/** What a backup holds, in numbers a user recognises. */
export interface BackupSummary {
	/** ISO date-time the backup was made. */
	createdAt: string;
	/** Stored imports (datasets), outcomes files among them. */
	imports: number;
	/** Rows over the imports that hold customers' snapshots, as the Data page lists them; outcomes files' rows are not among them. */
	rows: number;
	/** Imports that only give outcomes (a customer ID and whether it churned), and their rows: one a customer. */
	outcomeImports: number;
	outcomeRows: number;
	scorecards: number;
	/** Record count of every table in the file, by table name. */
	records: Record<string, number>;
}

/** A backup that was read and checked in full, ready to restore. */
export interface RestorePlan {
	contents: BackupContents;
	summary: BackupSummary;
}

/** Blocks are big (typed arrays): a few per request keeps each structured clone short. */
const WRITE_BATCH = 10;

/** Every record of every table, read in one transaction so the backup is one consistent moment. */
export async function createBackup(db: CheckupDatabase, now = new Date()): Promise<Blob> {
	const tables = await guard('read the workspace for a backup', () =>
		db.transaction('r', db.tables, async () => {
			const out: Record<string, BackupTable> = {};
			for (const table of db.tables) out[table.name] = await readTable(table);
			// Blocks of an import still being read (staged, no dataset yet) are not part of the workspace.
			const stored = new Set(out.datasets.records.map((d) => (d as { id: string }).id));
			out.blocks = { records: out.blocks.records.filter((b) => stored.has((b as { datasetId: string }).datasetId)) };
			return out;
		})
	);
	return encodeBackup({ app: 'checkup', createdAt: now.toISOString(), databaseVersion: db.verno, tables });
}

async function readTable(table: Table): Promise<BackupTable> {
	const records = await table.toArray();
	if (table.schema.primKey.keyPath) return { records };
	return { records, keys: await table.toCollection().primaryKeys() };
}

/**
 * Reads and checks a backup file against this database: format, database version, every table known,
 * every key valid and unique, every dataset complete, every scorecard well formed. Throws a
 * BackupFileError saying what is wrong; reading changes nothing.
 */
export async function readBackup(db: CheckupDatabase, file: Blob): Promise<RestorePlan> {
	const contents = upgrade(await decodeBackup(file), db.verno);
	const known = new Map(db.tables.map((t) => [t.name, t]));
	for (const [name, table] of Object.entries(contents.tables)) {
		const target = known.get(name);
		if (!target) throw new BackupFileError(`The backup holds a table "${name}" that this version of Checkup does not know.`);
		checkKeys(target, table);
	}
	const datasets = contents.tables.datasets?.records ?? [];
	checkBackupDatasets(datasets, contents.tables.blocks?.records ?? []);
	const outcomeFiles = (datasets as DatasetMeta[]).filter((d) => !hasSnapshotRows(d));
	const rowsOf = (list: DatasetMeta[]) => list.reduce((n, d) => n + d.rowCount, 0);
	const scorecards = checkBackupScorecards(contents.tables.scorecards?.records ?? [], datasets);
	checkHistoryRecords(contents.tables);
	if (!scorecards.some((s) => s.datasetId === WORKSPACE_ID)) throw new BackupFileError('The backup holds no scorecard for the workspace, so it cannot be opened.');
	const records = Object.fromEntries(Object.entries(contents.tables).map(([name, t]) => [name, t.records.length]));
	const summary: BackupSummary = {
		createdAt: contents.createdAt,
		imports: datasets.length,
		rows: rowsOf(datasets as DatasetMeta[]) - rowsOf(outcomeFiles),
		outcomeImports: outcomeFiles.length,
		outcomeRows: rowsOf(outcomeFiles),
		scorecards: scorecards.length,
		records
	};
	return { contents, summary };
}

/** Brings a backup of an earlier database version up to this one, as the schema's upgrade()s do on open. */
function upgrade(contents: BackupContents, current: number): BackupContents {
	const from = contents.databaseVersion;
	if (from > current) {
		throw new BackupFileError(`This backup was made by a newer version of Checkup (database version ${from}; this version has ${current}). Open it with the newer version.`);
	}
	// Version 2: every scorecard belongs to the workspace. Version 3 only added tables, which start empty.
	if (from < 2) for (const s of contents.tables.scorecards?.records ?? []) if (isObject(s)) s.datasetId = WORKSPACE_ID;
	return { ...contents, databaseVersion: current };
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keyOf(record: unknown, keyPath: string | string[]): unknown {
	if (!isObject(record)) return undefined;
	return Array.isArray(keyPath) ? keyPath.map((p) => record[p]) : record[keyPath];
}

function validKey(key: unknown): boolean {
	if (typeof key === 'string') return true;
	if (typeof key === 'number') return !Number.isNaN(key);
	if (key instanceof Date) return !Number.isNaN(key.getTime());
	return Array.isArray(key) && key.length > 0 && key.every(validKey);
}

/** Every record has a valid key and no two share one; IndexedDB would otherwise refuse the restore half way. */
function checkKeys(target: Table, table: BackupTable): void {
	const keyPath = target.schema.primKey.keyPath;
	const seen = new Set<string>();
	table.records.forEach((record, i) => {
		const where = `record ${i + 1} of table "${target.name}"`;
		if (keyPath && !isObject(record)) throw new BackupFileError(`The backup file is damaged: ${where} is not a record.`);
		const key = keyPath ? keyOf(record, keyPath) : table.keys?.[i];
		if (!validKey(key)) throw new BackupFileError(`The backup file is damaged: ${where} has no valid key.`);
		const text = JSON.stringify(key instanceof Date ? key.getTime() : key);
		if (seen.has(text)) throw new BackupFileError(`The backup file is damaged: ${where} repeats the key ${text}.`);
		seen.add(text);
	});
}

/**
 * Replaces every table with the backup's records in one transaction: on any failure (quota, a closed tab)
 * the database is exactly as it was. `alsoWrite` writes more in that same transaction, after the records.
 */
export async function restoreBackup(db: CheckupDatabase, plan: RestorePlan, alsoWrite?: () => Promise<unknown>): Promise<void> {
	await guard('restore the backup', () =>
		db.transaction('rw', db.tables, async () => {
			for (const table of db.tables) await table.clear();
			for (const [name, { records, keys }] of Object.entries(plan.contents.tables)) {
				const table = db.table(name);
				for (let i = 0; i < records.length; i += WRITE_BATCH) {
					const batch = records.slice(i, i + WRITE_BATCH);
					if (keys) await table.bulkAdd(batch, keys.slice(i, i + WRITE_BATCH) as never);
					else await table.bulkAdd(batch);
				}
			}
			await alsoWrite?.();
		})
	);
}
