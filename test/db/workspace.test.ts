import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import {
	ACTIVE_DATASET_KEY,
	ACTIVE_SCORECARD_KEY,
	deleteDataset,
	deleteScorecard,
	getSetting,
	isWorkspaceEmpty,
	listDatasets,
	listScorecards,
	loadScorecard,
	openDatabase,
	resetWorkspace,
	saveDataset,
	saveScorecard,
	setSetting,
	WORKSPACE_ID,
	type CheckupDatabase
} from '../../src/lib/db';
import { sampleDataset, testDatabase } from './helpers';

const open: CheckupDatabase[] = [];
function fresh() {
	const t = testDatabase();
	open.push(t.db);
	return t;
}
afterEach(() => {
	for (const db of open.splice(0)) db.close();
});

function card(id: string, name = `Card ${id}`): Scorecard {
	return {
		id,
		name,
		metrics: [
			{
				id: 'm1',
				column: 'health',
				label: 'Health',
				weight: 2,
				normalization: { kind: 'linear', worst: 0, best: 100 },
				missing: { kind: 'skip' }
			},
			{
				id: 'm2',
				column: 'zeta_arr',
				label: 'ARR',
				weight: 1,
				normalization: { kind: 'thresholds', ranges: [{ from: null, to: 0, points: 0 }, { from: 0, to: null, points: 100 }] },
				missing: { kind: 'fixed', value: 50 }
			}
		],
		bands: defaultBands()
	};
}

async function withDataset(id = 'd1') {
	const t = fresh();
	await saveDataset(t.db, sampleDataset(5, id));
	return t;
}

describe('scorecards', () => {
	it('round-trip with their dataset id, save time and schema version', async () => {
		const { db } = await withDataset();
		const saved = await saveScorecard(db, 'd1', card('s1'));
		const loaded = await loadScorecard(db, 's1');
		expect(loaded).toEqual({ ...card('s1'), datasetId: 'd1', updatedAt: saved.updatedAt, schemaVersion: 1 });
		expect(new Date(saved.updatedAt).toISOString()).toBe(saved.updatedAt);
	});

	it('survive a reopen', async () => {
		const { db, reopen } = await withDataset();
		await saveScorecard(db, 'd1', card('s1'));
		db.close();
		const again = reopen();
		open.push(again);
		expect((await loadScorecard(again, 's1'))?.metrics).toEqual(card('s1').metrics);
	});

	it('are listed per dataset, by name, and replaced by id', async () => {
		const { db } = await withDataset('d1');
		await saveDataset(db, sampleDataset(5, 'd2'));
		await saveScorecard(db, 'd1', card('s1', 'Zebra'));
		await saveScorecard(db, 'd1', card('s2', 'Alpha'));
		await saveScorecard(db, 'd2', card('s3'));
		await saveScorecard(db, 'd1', { ...card('s1'), name: 'Beta' });
		expect((await listScorecards(db, 'd1')).map((s) => s.name)).toEqual(['Alpha', 'Beta']);
		expect((await listScorecards(db, 'd2')).map((s) => s.id)).toEqual(['s3']);
	});

	it('can be saved from a proxy (as Svelte $state hands them over)', async () => {
		const { db } = await withDataset();
		const proxied = new Proxy(card('s1'), {});
		await saveScorecard(db, 'd1', proxied);
		expect((await loadScorecard(db, 's1'))?.bands).toEqual(defaultBands());
	});

	it('need a stored dataset', async () => {
		const { db } = fresh();
		await expect(saveScorecard(db, 'ghost', card('s1'))).rejects.toThrow(
			'Could not save scorecard "Card s1" (id s1): there is no dataset ghost'
		);
		expect(await loadScorecard(db, 's1')).toBeUndefined();
	});

	it('of the workspace need no stored dataset, and outlive the deletion of any dataset', async () => {
		const { db } = await withDataset('d1');
		const saved = await saveScorecard(db, WORKSPACE_ID, card('s1'));
		await saveScorecard(db, 'd1', card('s2'));
		expect(saved.datasetId).toBe(WORKSPACE_ID);
		expect(await deleteDataset(db, 'd1')).toBe(true);
		// The dataset's own scorecard goes with it; the workspace's stays.
		expect((await listScorecards(db, WORKSPACE_ID)).map((s) => s.id)).toEqual(['s1']);
		expect(await loadScorecard(db, 's2')).toBeUndefined();
	});

	it('refuse a record of an unknown schema version', async () => {
		const { db } = await withDataset();
		const saved = await saveScorecard(db, 'd1', card('s1'));
		await db.scorecards.put({ ...saved, schemaVersion: 2 as 1 });
		await expect(loadScorecard(db, 's1')).rejects.toThrow('scorecard s1 has schema version 2, expected 1');
	});

	it('deleteScorecard removes it and forgets it as active', async () => {
		const { db } = await withDataset();
		await saveScorecard(db, 'd1', card('s1'));
		await setSetting(db, ACTIVE_SCORECARD_KEY, 's1');
		await deleteScorecard(db, 's1');
		expect(await loadScorecard(db, 's1')).toBeUndefined();
		expect(await getSetting(db, ACTIVE_SCORECARD_KEY)).toBeUndefined();
	});
});

describe('settings', () => {
	it('round-trip strings and objects, survive a reopen, and undefined removes them', async () => {
		const { db, reopen } = fresh();
		await setSetting(db, ACTIVE_DATASET_KEY, 'd1');
		await setSetting(db, 'view', { tab: 'bands', zoom: 1.5 });
		db.close();
		const again = reopen();
		open.push(again);
		expect(await getSetting<string>(again, ACTIVE_DATASET_KEY)).toBe('d1');
		expect(await getSetting(again, 'view')).toEqual({ tab: 'bands', zoom: 1.5 });
		await setSetting(again, 'view', undefined);
		expect(await getSetting(again, 'view')).toBeUndefined();
		expect(await again.settings.count()).toBe(1);
	});
});

describe('resetWorkspace / isWorkspaceEmpty', () => {
	it('a new database is empty; settings alone do not count', async () => {
		const { db } = fresh();
		expect(await isWorkspaceEmpty(db)).toBe(true);
		await setSetting(db, 'theme', 'dark');
		expect(await isWorkspaceEmpty(db)).toBe(true);
	});

	it('reset clears datasets, blocks, scorecards and settings', async () => {
		const { db } = await withDataset();
		await saveScorecard(db, 'd1', card('s1'));
		await setSetting(db, ACTIVE_DATASET_KEY, 'd1');
		expect(await isWorkspaceEmpty(db)).toBe(false);
		await resetWorkspace(db);
		expect(await isWorkspaceEmpty(db)).toBe(true);
		expect(await listDatasets(db)).toEqual([]);
		expect(await db.blocks.count()).toBe(0);
		expect(await db.scorecards.count()).toBe(0);
		expect(await db.settings.count()).toBe(0);
	});

	it('reset keeping a staged import deletes every other block, of ids sorting before and after it alike', async () => {
		const { db } = fresh();
		const ids = ['file-1', 'file-10', 'file-2', 'file-20', 'file', 'a', 'z', '\u{1F600}'];
		for (const id of ids) await db.blocks.bulkPut([0, 1].map((block) => ({ datasetId: id, column: 'c', block, data: new Float64Array(2) })));
		await db.blocks.put({ datasetId: 'file-2', column: '\uffff', block: 9, data: new Float64Array(1) });
		await resetWorkspace(db, 'file-2');
		const left = (await db.blocks.toArray()).map((b) => [b.datasetId, b.column, b.block]);
		expect(left).toEqual([
			['file-2', 'c', 0],
			['file-2', 'c', 1],
			['file-2', '\uffff', 9]
		]);
	});
});

describe('version 2', () => {
	it('makes every scorecard of a version-1 database the workspace\'s, and leaves everything else as it was', async () => {
		const factory = new IDBFactory();
		const v1 = new Dexie('checkup-v1', { indexedDB: factory, IDBKeyRange });
		v1.version(1).stores({ datasets: 'id', blocks: '[datasetId+column+block], datasetId', scorecards: 'id, datasetId', settings: 'key' });
		const dataset = sampleDataset(5, 'file-1');
		await v1.table('datasets').put(dataset.meta);
		await v1.table('scorecards').put({ ...card('s1'), datasetId: 'file-1', updatedAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 });
		await v1.table('settings').put({ key: ACTIVE_SCORECARD_KEY, value: 's1' });
		v1.close();

		const db = openDatabase('checkup-v1', { indexedDB: factory, IDBKeyRange });
		open.push(db);
		expect((await listScorecards(db, WORKSPACE_ID)).map((s) => [s.id, s.updatedAt])).toEqual([['s1', '2026-01-01T00:00:00.000Z']]);
		expect(await listScorecards(db, 'file-1')).toEqual([]);
		expect(await listDatasets(db)).toEqual([dataset.meta]);
		expect(await getSetting(db, ACTIVE_SCORECARD_KEY)).toBe('s1');
		expect(db.verno).toBe(3);
	});

	it('no dataset may take the workspace\'s id', async () => {
		const { db } = fresh();
		await expect(saveDataset(db, sampleDataset(3, WORKSPACE_ID))).rejects.toThrow('invalid dataset id: "workspace"');
	});
});
