/** The checks a backup's datasets, blocks and scorecards pass before anything is restored. Pure: no Dexie here. */
import { BackupFileError } from '../core/backup-format';
import { checkScorecard } from '../core/check';
import { isCurrencyCode } from '../core/currency';
import type { Scorecard } from '../core/scorecard';
import type { ColumnMeta, DatasetMeta } from '../core/dataset';
import type { Column } from '../core/table';
import type { PackedTexts } from '../core/text-values';
import { blockRowsOf, joinColumn } from './blocks';
import { WORKSPACE_ID, type BlockRecord, type ScorecardRecord } from './schema';

function fail(message: string): never {
	throw new BackupFileError(`The backup file is damaged: ${message}.`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';

function checkColumnMeta(dataset: string, column: unknown): ColumnMeta {
	if (!isObject(column) || !isText(column.name)) fail(`dataset ${dataset} describes a column without a name`);
	const where = `column "${column.name}" of dataset ${dataset}`;
	if (column.kind !== 'number' && column.kind !== 'category' && column.kind !== 'text') fail(`${where} has the unknown kind ${JSON.stringify(column.kind)}`);
	if (column.kind === 'category' && (!Array.isArray(column.levels) || !column.levels.every((l) => typeof l === 'string'))) fail(`${where} has no list of categories`);
	return column as unknown as ColumnMeta;
}

function checkMeta(record: unknown, i: number): DatasetMeta {
	if (!isObject(record) || !isText(record.id) || record.id === WORKSPACE_ID) fail(`dataset ${i + 1} has no valid id`);
	const name = JSON.stringify(record.name);
	if (typeof record.name !== 'string' || typeof record.createdAt !== 'string') fail(`dataset ${name} has no name or creation date`);
	if (!Number.isSafeInteger(record.rowCount) || (record.rowCount as number) < 0) fail(`dataset ${name} has the row count ${JSON.stringify(record.rowCount)}`);
	if (!Array.isArray(record.columns)) fail(`dataset ${name} has no column list`);
	record.columns.forEach((c) => checkColumnMeta(name, c));
	if (new Set(record.columns.map((c: ColumnMeta) => c.name)).size !== record.columns.length) fail(`dataset ${name} describes a column twice`);
	if (!isObject(record.roles) || !isText(record.roles.id)) fail(`dataset ${name} names no customer ID column`);
	if (!Array.isArray(record.snapshots) || !record.snapshots.every((s) => typeof s === 'string')) fail(`dataset ${name} has no list of snapshot dates`);
	if (record.currency !== undefined && !isCurrencyCode(record.currency)) fail(`dataset ${name} has the currency ${JSON.stringify(record.currency)}, which is not a currency code Checkup knows (such as EUR or USD)`);
	return record as unknown as DatasetMeta;
}

function checkValues(where: string, column: Column): void {
	if (column.kind === 'category') {
		const n = column.levels.length;
		const bad = column.codes.findIndex((code) => code < -1 || code >= n);
		if (bad !== -1) fail(`${where} row ${bad + 1} has category code ${column.codes[bad]}, but there are ${n} categories`);
	}
	if (column.kind === 'text') {
		const values: readonly unknown[] = Array.isArray(column.values) ? column.values : (column.values as PackedTexts).toArray();
		const bad = values.findIndex((v) => v !== null && typeof v !== 'string');
		if (bad !== -1) fail(`${where} row ${bad + 1} is not text`);
	}
}

/**
 * Checks every dataset's meta and that its blocks rebuild every column exactly (no block missing, extra,
 * of the wrong type or length, no category code out of range). Returns the rows over all datasets.
 */
export function checkBackupDatasets(datasets: unknown[], blocks: unknown[]): number {
	const byColumn = new Map<string, BlockRecord[]>();
	blocks.forEach((b, i) => {
		if (!isObject(b) || typeof b.datasetId !== 'string' || typeof b.column !== 'string' || !Number.isSafeInteger(b.block)) fail(`block ${i + 1} does not say which column it belongs to`);
		const key = JSON.stringify([b.datasetId, b.column]);
		const list = byColumn.get(key) ?? [];
		list.push(b as unknown as BlockRecord);
		byColumn.set(key, list);
	});
	let rows = 0;
	datasets.forEach((record, i) => {
		const meta = checkMeta(record, i);
		rows += meta.rowCount;
		for (const columnMeta of meta.columns) {
			const key = JSON.stringify([meta.id, columnMeta.name]);
			const where = `column "${columnMeta.name}" of dataset "${meta.name}"`;
			const own = (byColumn.get(key) ?? []).sort((a, b) => a.block - b.block);
			byColumn.delete(key);
			let column: Column;
			try {
				column = joinColumn(columnMeta, own, meta.rowCount, blockRowsOf(meta));
			} catch (err) {
				fail(`dataset "${meta.name}": ${err instanceof Error ? err.message : String(err)}`);
			}
			checkValues(where, column);
		}
	});
	const orphan = byColumn.keys().next();
	if (!orphan.done) fail(`it holds blocks of ${orphan.value}, a column of no dataset in the file`);
	return rows;
}

/** Checks that every scorecard is one this version reads and belongs to the workspace or to a dataset in the file. */
export function checkBackupScorecards(scorecards: unknown[], datasets: unknown[]): ScorecardRecord[] {
	const ids = new Set(datasets.map((d) => (d as DatasetMeta).id));
	return scorecards.map((s, i) => {
		if (!isObject(s) || !isText(s.id) || typeof s.name !== 'string') fail(`scorecard ${i + 1} has no id or name`);
		const name = JSON.stringify(s.name);
		if (s.schemaVersion !== 1) fail(`scorecard ${name} has schema version ${JSON.stringify(s.schemaVersion)}, and this version reads 1`);
		if (!Array.isArray(s.metrics) || !s.metrics.every(isObject)) fail(`scorecard ${name} has no list of metrics`);
		if (!Array.isArray(s.bands) || !s.bands.every(isObject)) fail(`scorecard ${name} has no list of bands`);
		try {
			checkScorecard(s as unknown as Scorecard);
		} catch {
			fail(`scorecard ${name} has metrics or bands that cannot be read`);
		}
		if (s.datasetId !== WORKSPACE_ID && !ids.has(s.datasetId as string)) fail(`scorecard ${name} belongs to dataset ${JSON.stringify(s.datasetId)}, which is not in the file`);
		return s as unknown as ScorecardRecord;
	});
}
