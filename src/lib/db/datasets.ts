/** The dataset repository: a meta record plus column blocks, written and deleted atomically. */
import { compareImports } from '../core/assemble';
import type { Dataset, DatasetMeta } from '../core/dataset';
import { assertTable, type Column } from '../core/table';
import { blocksOf } from './block-ranges';
import { blockCount, blockRowsOf, joinColumn, splitColumn } from './blocks';
import { guard } from './errors';
import { BLOCK_ROWS, WORKSPACE_ID, type BlockRecord, type CheckupDatabase, type StoredDatasetMeta } from './schema';
import { checkStaged } from './staging';
import { forgetActive } from './workspace';

function label(meta: Pick<DatasetMeta, 'id' | 'name'>): string {
	return `dataset "${meta.name}" (id ${meta.id})`;
}

function sameLevels(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
	if (a === undefined || b === undefined) return a === b;
	return a.length === b.length && a.every((level, i) => level === b[i]);
}

function sameColumns(a: DatasetMeta['columns'], b: DatasetMeta['columns']): boolean {
	return a.length === b.length && a.every((c, i) => c.name === b[i].name && c.kind === b[i].kind && sameLevels(c.levels, b[i].levels));
}

/**
 * A plain copy of the meta, to store, with the rows per block its stored blocks have: JSON-safe data, and
 * copying unwraps Svelte $state proxies that IndexedDB cannot clone.
 */
function plainMeta(meta: DatasetMeta, blockRows: number | undefined): StoredDatasetMeta {
	const copy: StoredDatasetMeta = JSON.parse(JSON.stringify(meta));
	delete copy.blockRows;
	return blockRows === undefined ? copy : { ...copy, blockRows };
}

/** The meta of a stored dataset as the app knows it: without the rows per block of its storage. */
function withoutStorage(stored: StoredDatasetMeta): DatasetMeta {
	const { blockRows: _, ...meta } = stored;
	return meta;
}

function checkColumn(meta: DatasetMeta['columns'][number], column: Column | undefined): void {
	if (!column) throw new Error(`column "${meta.name}" is described but not in the table`);
	if (column.kind !== meta.kind) {
		throw new Error(`column "${meta.name}" is described as ${meta.kind} but holds ${column.kind} values`);
	}
	if (column.kind === 'category' && !sameLevels(meta.levels, column.levels)) {
		throw new Error(`column "${meta.name}" has levels that differ from its description`);
	}
}

/** Checks that the meta describes the table exactly (rows, names, kinds, levels); throws naming what differs. */
function checkDataset({ meta, table }: Dataset): void {
	if (typeof meta.id !== 'string' || meta.id === '' || meta.id === WORKSPACE_ID) throw new Error(`invalid dataset id: ${JSON.stringify(meta.id)}`);
	if (meta.rowCount !== table.rowCount) {
		throw new Error(`meta says ${meta.rowCount} rows, the table has ${table.rowCount}`);
	}
	assertTable(table);
	const described = new Set(meta.columns.map((c) => c.name));
	const unlisted = Object.keys(table.columns).find((name) => !described.has(name));
	if (unlisted !== undefined) throw new Error(`column "${unlisted}" is in the table but not described`);
	if (described.size !== meta.columns.length) throw new Error('a column is described twice');
	for (const columnMeta of meta.columns) checkColumn(columnMeta, table.columns[columnMeta.name]);
}

/**
 * Rows written per IndexedDB request (at least one block): each request's blocks are cut and cloned in a task
 * on the main thread, kept well under 50 ms.
 */
const WRITE_ROWS = { number: 100_000, category: 100_000, text: 20_000 } as const;

/** Options of {@link saveDataset}. */
export interface SaveOptions {
	/**
	 * Every column's blocks were written already, under the dataset's id, while its file was read
	 * (db/staging.ts): only the meta record is written, once the blocks are checked to be all there.
	 */
	staged?: boolean;
}

/**
 * Stores a dataset, replacing any dataset with the same id. Meta, blocks and the removal of the old
 * blocks happen in one transaction: on failure nothing is changed.
 */
export async function saveDataset(db: CheckupDatabase, dataset: Dataset, options: SaveOptions = {}): Promise<void> {
	const { meta, table } = dataset;
	await guard(`save ${label(meta)}`, () => {
		checkDataset(dataset);
		if (options.staged) {
			return db.transaction('rw', db.datasets, db.blocks, async () => {
				if (await db.datasets.get(meta.id)) throw new Error('a dataset with this id is stored already');
				// The import worker stages blocks of BLOCK_ROWS rows.
				await checkStaged(db, meta.id, meta.columns.map((c) => c.name), meta.rowCount);
				await db.datasets.put(plainMeta(meta, BLOCK_ROWS));
			});
		}
		return db.transaction('rw', db.datasets, db.blocks, async () => {
			await blocksOf(db, meta.id).delete();
			await db.datasets.put(plainMeta(meta, BLOCK_ROWS));
			// One column at a time, a few blocks per request.
			for (const { name } of meta.columns) {
				const column = table.columns[name];
				const batch = Math.max(1, Math.floor(WRITE_ROWS[column.kind] / BLOCK_ROWS));
				// Each request's blocks are cut just before it, so no task copies a whole column.
				for (let b = 0; b < blockCount(meta.rowCount); b += batch) await db.blocks.bulkPut(splitColumn(meta.id, name, column, meta.rowCount, BLOCK_ROWS, b, b + batch));
			}
		});
	});
}

/**
 * Stores changed meta (name, roles, snapshots) without rewriting the blocks. The columns and row count
 * must be the stored ones; to change values, save the whole dataset.
 */
export async function updateDatasetMeta(db: CheckupDatabase, meta: DatasetMeta): Promise<void> {
	await guard(`update ${label(meta)}`, () =>
		db.transaction('rw', db.datasets, async () => {
			const stored = await db.datasets.get(meta.id);
			if (!stored) throw new Error('it is not stored');
			if (stored.rowCount !== meta.rowCount || !sameColumns(stored.columns, meta.columns)) {
				throw new Error('its columns or row count differ from the stored ones; save the whole dataset instead');
			}
			// The blocks are not rewritten: their size stays the stored one, whatever the meta given says.
			await db.datasets.put(plainMeta(meta, stored.blockRows));
		})
	);
}

/**
 * Rows read per request when loading (at least one block): 250,000 numbers are 2 MB to take in, where a whole
 * column of a million rows in one request was a 54–71 ms task on the page.
 */
const READ_ROWS = 250_000;

async function columnBlocks(db: CheckupDatabase, datasetId: string, column: string, rowCount: number, blockRows: number): Promise<BlockRecord[]> {
	// Primary-key ranges of one column; primary-key order is block order.
	const blocks: BlockRecord[] = [];
	const n = blockCount(rowCount, blockRows);
	const batch = Math.max(1, Math.floor(READ_ROWS / blockRows));
	for (let from = 0; from === 0 || from < n; from += batch) {
		// The last request reaches past n, so blocks a damaged dataset has beyond it are read too (and refused).
		const to = from + batch >= n ? Infinity : from + batch;
		const part = await db.blocks.where('[datasetId+column+block]').between([datasetId, column, from], [datasetId, column, to], true, false).toArray();
		for (const block of part) blocks.push(block);
	}
	return blocks;
}

/** The dataset with this id, exactly as saved (column order, kinds, levels, NaN and null), or undefined. */
export async function loadDataset(db: CheckupDatabase, id: string): Promise<Dataset | undefined> {
	return guard(`load dataset ${id}`, () =>
		db.transaction('r', db.datasets, db.blocks, async () => {
			const stored = await db.datasets.get(id);
			if (!stored) return undefined;
			const meta = withoutStorage(stored);
			const columns: Record<string, Column> = {};
			const blockRows = blockRowsOf(stored);
			for (const columnMeta of meta.columns) {
				columns[columnMeta.name] = joinColumn(columnMeta, await columnBlocks(db, id, columnMeta.name, meta.rowCount, blockRows), meta.rowCount, blockRows);
			}
			return { meta, table: { rowCount: meta.rowCount, columns } };
		})
	);
}

/** Every stored dataset's meta (no values), in import order: oldest first. */
export async function listDatasets(db: CheckupDatabase): Promise<DatasetMeta[]> {
	const metas = await guard('list datasets', () => db.datasets.toArray());
	return metas.map(withoutStorage).sort(compareImports);
}

/**
 * Deletes a dataset with its blocks and scorecards in one transaction, and forgets it (and them) as the
 * active dataset / scorecard. Returns false when there was no such dataset.
 */
export async function deleteDataset(db: CheckupDatabase, id: string): Promise<boolean> {
	return guard(`delete dataset ${id}`, () =>
		db.transaction('rw', [db.datasets, db.blocks, db.scorecards, db.settings], async () => {
			const existed = (await db.datasets.get(id)) !== undefined;
			const scorecardIds = await db.scorecards.where('datasetId').equals(id).primaryKeys();
			await db.datasets.delete(id);
			await blocksOf(db, id).delete();
			await db.scorecards.bulkDelete(scorecardIds);
			await forgetActive(db, [id], scorecardIds);
			return existed;
		})
	);
}
