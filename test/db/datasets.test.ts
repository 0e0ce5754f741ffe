import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Dataset } from '../../src/lib/core/dataset';
import {
	ACTIVE_DATASET_KEY,
	ACTIVE_SCORECARD_KEY,
	BLOCK_ROWS,
	deleteDataset,
	getSetting,
	listDatasets,
	listScorecards,
	loadDataset,
	saveDataset,
	saveScorecard,
	setSetting,
	updateDatasetMeta,
	type CheckupDatabase
} from '../../src/lib/db';
import { LEGACY_BLOCK_ROWS, type ScaledInts } from '../../src/lib/db/schema';
import { splitColumn } from '../../src/lib/db/blocks';
import { datasetDifferences, sampleDataset, testDatabase } from './helpers';

const ROWS = 2 * BLOCK_ROWS + 5_001; // three blocks per column, the last one partial (5,001 rows)
const scorecard = (id: string) => ({ id, name: `Card ${id}`, metrics: [], bands: [] });

const open: CheckupDatabase[] = [];
function fresh() {
	const t = testDatabase();
	open.push(t.db);
	return t;
}
afterEach(() => {
	for (const db of open.splice(0)) db.close();
	vi.restoreAllMocks();
});

async function blockCount(db: CheckupDatabase, datasetId?: string): Promise<number> {
	return datasetId === undefined ? db.blocks.count() : db.blocks.where('datasetId').equals(datasetId).count();
}

/** A copy of a dataset whose last column holds a value IndexedDB cannot clone. */
function uncloneable(dataset: Dataset): Dataset {
	const values: unknown[] = Array.from({ length: dataset.meta.rowCount }, (_, i) => `x${i}`);
	values[values.length - 1] = () => 'a function cannot be stored';
	const bad = { kind: 'text' as const, values: values as (string | null)[] };
	return {
		meta: { ...dataset.meta, columns: [...dataset.meta.columns, { name: 'broken', kind: 'text' }] },
		table: { ...dataset.table, columns: { ...dataset.table.columns, broken: bad } }
	};
}

describe('saveDataset / loadDataset', () => {
	it('round-trips numbers (NaN, -0, ±Infinity), categories (missing -1) and texts (null) across blocks', async () => {
		const { db } = fresh();
		const dataset = sampleDataset(ROWS);
		await saveDataset(db, dataset);
		expect(datasetDifferences(dataset, await loadDataset(db, 'd1'))).toEqual([]);
		expect(await blockCount(db, 'd1')).toBe(4 * 3);
	});

	it('keeps column order, kinds and levels', async () => {
		const { db } = fresh();
		await saveDataset(db, sampleDataset(ROWS));
		const loaded = await loadDataset(db, 'd1');
		expect(Object.keys(loaded?.table.columns ?? {})).toEqual(['zeta_arr', 'plan', 'account_id', 'health']);
		const kinds = loaded?.meta.columns.map((c) => `${c.name}:${c.kind}`);
		expect(kinds).toEqual(['zeta_arr:number', 'plan:category', 'account_id:text', 'health:number']);
		const plan = loaded?.table.columns.plan;
		expect(plan?.kind === 'category' && plan.levels).toEqual(['Gold', 'Silver', 'Bronze']);
		expect(plan?.kind === 'category' && plan.codes[3]).toBe(-1);
	});

	it('stores each block as its own copy of BLOCK_ROWS rows, not a view on the whole column', async () => {
		const { db } = fresh();
		await saveDataset(db, sampleDataset(ROWS));
		const blocks = await db.blocks.where('datasetId').equals('d1').toArray();
		const numeric = blocks.filter((b) => b.column === 'zeta_arr').map((b) => b.data);
		// Blocks 0 and 1 hold -0 and ±Infinity, which no integer gives back: Float64. Block 2 holds thousandths.
		const arrays = numeric.map((d) => (d instanceof Float64Array ? d : (d as ScaledInts).ints));
		expect(arrays.map((a) => a.length)).toEqual([BLOCK_ROWS, BLOCK_ROWS, 5_001]);
		expect(arrays.map((a) => a.constructor)).toEqual([Float64Array, Float64Array, Int32Array]);
		expect((numeric[2] as ScaledInts).scale).toBe(3);
		for (const a of arrays) expect(a.buffer.byteLength).toBe(a.byteLength);
	});

	it('restores everything exactly after the database is closed and reopened (a reload)', async () => {
		const { db, reopen } = fresh();
		const dataset = sampleDataset(ROWS);
		await saveDataset(db, dataset);
		db.close();
		const again = reopen();
		open.push(again);
		expect(datasetDifferences(dataset, await loadDataset(again, 'd1'))).toEqual([]);
		expect((await listDatasets(again)).map((m) => m.id)).toEqual(['d1']);
	});

	it('round-trips an empty dataset', async () => {
		const { db } = fresh();
		const dataset = sampleDataset(0);
		await saveDataset(db, dataset);
		expect(datasetDifferences(dataset, await loadDataset(db, 'd1'))).toEqual([]);
	});

	it('accepts a meta wrapped in a proxy (as Svelte $state hands it over)', async () => {
		const { db } = fresh();
		const dataset = sampleDataset(10);
		await saveDataset(db, { meta: new Proxy(dataset.meta, {}), table: dataset.table });
		expect(datasetDifferences(dataset, await loadDataset(db, 'd1'))).toEqual([]);
	});

	it('returns undefined for an unknown id', async () => {
		const { db } = fresh();
		expect(await loadDataset(db, 'nope')).toBeUndefined();
	});

	it('replacing a dataset removes its old blocks', async () => {
		const { db } = fresh();
		await saveDataset(db, sampleDataset(ROWS));
		const smaller = sampleDataset(5);
		await saveDataset(db, smaller);
		expect(await blockCount(db, 'd1')).toBe(4);
		expect(datasetDifferences(smaller, await loadDataset(db, 'd1'))).toEqual([]);
	});

	it('refuses a meta that does not describe the table, storing nothing', async () => {
		const { db } = fresh();
		const dataset = sampleDataset(10);
		const columns = dataset.meta.columns.map((c) => (c.name === 'health' ? { ...c, kind: 'text' as const } : c));
		await expect(saveDataset(db, { ...dataset, meta: { ...dataset.meta, columns } })).rejects.toThrow(
			'Could not save dataset "Accounts" (id d1): column "health" is described as text but holds number values'
		);
		const missing = { ...dataset, meta: { ...dataset.meta, columns: dataset.meta.columns.slice(1) } };
		await expect(saveDataset(db, missing)).rejects.toThrow('column "zeta_arr" is in the table but not described');
		expect(await listDatasets(db)).toEqual([]);
	});

	it('reports a damaged dataset instead of returning wrong data', async () => {
		const { db } = fresh();
		await saveDataset(db, sampleDataset(ROWS));
		await db.blocks.delete(['d1', 'plan', 1]);
		await expect(loadDataset(db, 'd1')).rejects.toThrow('Could not load dataset d1: column "plan" is damaged: 2 blocks stored, expected 3');
	});

	it('loads a column of more blocks than one read takes (250,000 rows) whole, and refuses a block stored past its last', async () => {
		const { db } = fresh();
		const rows = 5 * BLOCK_ROWS + 3;
		const values = Float64Array.from({ length: rows }, (_, i) => (i % 7 === 0 ? NaN : i * 0.5));
		const dataset: Dataset = {
			meta: { ...sampleDataset(1).meta, rowCount: rows, columns: [{ name: 'x', kind: 'number' }], roles: { id: 'x' } },
			table: { rowCount: rows, columns: { x: { kind: 'number', values } } }
		};
		await saveDataset(db, dataset);
		const loaded = await loadDataset(db, dataset.meta.id);
		const x = loaded?.table.columns.x;
		expect(x?.kind === 'number' && Array.from(x.values)).toEqual(Array.from(values));
		await db.blocks.put({ datasetId: dataset.meta.id, column: 'x', block: 6, data: new Float64Array(1) });
		await expect(loadDataset(db, dataset.meta.id)).rejects.toThrow(/column "x" is damaged: 7 blocks stored, expected 6/);
	});

	it('records the rows per block it stores, keeps them on a meta update, and loads datasets stored before they were recorded', async () => {
		const { db } = fresh();
		const dataset = sampleDataset(ROWS);
		await saveDataset(db, dataset);
		expect((await db.datasets.get('d1'))?.blockRows).toBe(BLOCK_ROWS);
		// Loading and listing give the meta as saved, without the storage's block size.
		expect((await loadDataset(db, 'd1'))?.meta).toEqual(dataset.meta);
		expect(await listDatasets(db)).toEqual([dataset.meta]);
		await updateDatasetMeta(db, { ...dataset.meta, name: 'Renamed' });
		expect((await db.datasets.get('d1'))?.blockRows).toBe(BLOCK_ROWS);

		// Stored before block sizes were recorded: blocks of 10,000 rows and a meta without blockRows.
		const old = sampleDataset(2 * LEGACY_BLOCK_ROWS + 17, 'old', 'Old');
		await db.datasets.put(JSON.parse(JSON.stringify(old.meta)));
		for (const { name } of old.meta.columns) await db.blocks.bulkPut(splitColumn('old', name, old.table.columns[name], old.meta.rowCount, LEGACY_BLOCK_ROWS));
		expect(datasetDifferences(old, await loadDataset(db, 'old'))).toEqual([]);
		await updateDatasetMeta(db, { ...old.meta, name: 'Old, renamed' });
		expect((await db.datasets.get('old'))?.blockRows).toBeUndefined();
		expect((await loadDataset(db, 'old'))?.meta.name).toBe('Old, renamed');
		// Saved again, it is stored in blocks of today's size.
		await saveDataset(db, old);
		expect((await db.datasets.get('old'))?.blockRows).toBe(BLOCK_ROWS);
		expect(await db.blocks.where('datasetId').equals('old').count()).toBe(old.meta.columns.length);
		expect(datasetDifferences(old, await loadDataset(db, 'old'))).toEqual([]);
	});
});

describe('updateDatasetMeta', () => {
	it('changes name and roles without rewriting blocks', async () => {
		const { db } = fresh();
		const dataset = sampleDataset(ROWS);
		await saveDataset(db, dataset);
		const meta = { ...dataset.meta, name: 'Renamed', roles: { id: 'account_id', outcome: 'plan' } };
		await updateDatasetMeta(db, meta);
		expect(datasetDifferences({ meta, table: dataset.table }, await loadDataset(db, 'd1'))).toEqual([]);
		expect(await blockCount(db, 'd1')).toBe(12);
	});

	it('refuses different columns or an unknown dataset', async () => {
		const { db } = fresh();
		const dataset = sampleDataset(10);
		await saveDataset(db, dataset);
		const reordered = { ...dataset.meta, columns: [...dataset.meta.columns].reverse() };
		await expect(updateDatasetMeta(db, reordered)).rejects.toThrow(
			'Could not update dataset "Accounts" (id d1): its columns or row count differ'
		);
		await expect(updateDatasetMeta(db, { ...dataset.meta, id: 'other' })).rejects.toThrow('(id other): it is not stored');
		expect(datasetDifferences(dataset, await loadDataset(db, 'd1'))).toEqual([]);
	});
});

describe('atomic writes', () => {
	it('a block that cannot be cloned leaves the previous version untouched', async () => {
		const { db } = fresh();
		const original = sampleDataset(ROWS);
		await saveDataset(db, original);
		await expect(saveDataset(db, uncloneable(sampleDataset(ROWS)))).rejects.toThrow(
			new RegExp(`^Could not save dataset "Accounts" \\(id d1\\): .*text cell ${ROWS - 1} is a function, not text`)
		);
		expect(await blockCount(db)).toBe(12);
		expect(datasetDifferences(original, await loadDataset(db, 'd1'))).toEqual([]);
	});

	it('an error injected after some blocks were written stores nothing of a new dataset', async () => {
		const { db } = fresh();
		await saveDataset(db, sampleDataset(10, 'keep'));
		const bulkPut = db.blocks.bulkPut.bind(db.blocks);
		let calls = 0;
		vi.spyOn(db.blocks, 'bulkPut').mockImplementation((...args: Parameters<typeof bulkPut>) => {
			if (++calls === 3) throw new Error('disk on fire');
			return bulkPut(...args);
		});
		await expect(saveDataset(db, sampleDataset(ROWS, 'new', 'New'))).rejects.toThrow('Could not save dataset "New" (id new): disk on fire');
		expect(calls).toBe(3);
		expect((await listDatasets(db)).map((m) => m.id)).toEqual(['keep']);
		expect(await blockCount(db)).toBe(4);
	});
});

describe('listDatasets / deleteDataset', () => {
	it('lists metas oldest first', async () => {
		const { db } = fresh();
		await saveDataset(db, sampleDataset(3, 'b', 'Later', '2026-03-01T00:00:00.000Z'));
		await saveDataset(db, sampleDataset(3, 'a', 'Earlier', '2026-02-01T00:00:00.000Z'));
		expect((await listDatasets(db)).map((m) => m.name)).toEqual(['Earlier', 'Later']);
	});

	it('deletes meta, blocks and scorecards of one dataset only, and forgets it as active', async () => {
		const { db } = fresh();
		await saveDataset(db, sampleDataset(ROWS, 'gone'));
		await saveDataset(db, sampleDataset(ROWS, 'kept'));
		await saveScorecard(db, 'gone', scorecard('s1'));
		await saveScorecard(db, 'kept', scorecard('s2'));
		await setSetting(db, ACTIVE_DATASET_KEY, 'gone');
		await setSetting(db, ACTIVE_SCORECARD_KEY, 's1');

		expect(await deleteDataset(db, 'gone')).toBe(true);
		expect(await loadDataset(db, 'gone')).toBeUndefined();
		expect(await blockCount(db, 'gone')).toBe(0);
		expect(await blockCount(db)).toBe(12);
		expect(await listScorecards(db, 'gone')).toEqual([]);
		expect((await listScorecards(db, 'kept')).map((s) => s.id)).toEqual(['s2']);
		expect(await getSetting(db, ACTIVE_DATASET_KEY)).toBeUndefined();
		expect(await getSetting(db, ACTIVE_SCORECARD_KEY)).toBeUndefined();
		expect(await deleteDataset(db, 'gone')).toBe(false);
	});

	it('a failed delete changes nothing', async () => {
		const { db } = fresh();
		await saveDataset(db, sampleDataset(ROWS));
		await saveScorecard(db, 'd1', scorecard('s1'));
		vi.spyOn(db.scorecards, 'bulkDelete').mockImplementation(() => {
			throw new Error('injected');
		});
		await expect(deleteDataset(db, 'd1')).rejects.toThrow('Could not delete dataset d1: injected');
		expect(await blockCount(db, 'd1')).toBe(12);
		expect((await listDatasets(db)).map((m) => m.id)).toEqual(['d1']);
		expect((await listScorecards(db, 'd1')).map((s) => s.id)).toEqual(['s1']);
	});
});
