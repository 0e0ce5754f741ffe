/** The workspace state on a real (fake-indexeddb) IndexedDB, with Svelte's runes really running. */
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { scoreTable } from '../../src/lib/core/score';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { cell, encodeCategories } from '../../src/lib/core/table';
import { indexedDbStore, type WorkspaceStore } from '../../src/lib/state/store';
import { StoredNotOpenedError, Workspace } from '../../src/lib/state/workspace.svelte';
import { datasetDifferences, testDatabase } from '../db/helpers';
import { imported, num, text } from '../helpers/imported';

const demo = () => ({ dataset: generateDemo(), scorecard: demoScorecard() });

function open(store: WorkspaceStore) {
	const ws = new Workspace({ store, demo, saveDelay: 0 });
	return ws;
}

describe('Workspace', () => {
	it('on open removes the blocks of imports left unfinished, but not those of an import under way or of a dataset', async () => {
		const { db } = testDatabase('ws-leftovers');
		const store = indexedDbStore(db);
		const first = new Workspace({ store, demo, saveDelay: 0 });
		await first.init();
		await first.settled();
		first.dispose();
		const demoBlocks = await db.blocks.count();
		const block = (datasetId: string, b: number) => ({ datasetId, column: 'arr', block: b, data: new Float64Array(3) });
		await db.blocks.bulkPut([block('file-closed-tab', 0), block('file-closed-tab', 1), block('file-other-tab', 0)]);
		const ws = new Workspace({ store, demo, saveDelay: 0, importsInProgress: async () => new Set(['file-other-tab']) });
		await ws.init();
		await expect.poll(() => db.blocks.where('datasetId').equals('file-closed-tab').count()).toBe(0);
		expect(await db.blocks.where('datasetId').equals('file-other-tab').count()).toBe(1);
		expect(await db.blocks.count()).toBe(demoBlocks + 1);
		await ws.settled();
		ws.dispose();
	});

	it('creates and scores the demo on first open', async () => {
		const { db } = testDatabase('ws-first');
		const ws = open(indexedDbStore(db));
		await ws.init();
		await ws.settled();
		expect(ws.status).toBe('ready');
		const view = ws.view!;
		expect(view.asOf).toBe(ws.dataset!.meta.snapshots.at(-1));
		// Independent of the state layer: score the same rows directly with the engine.
		const direct = scoreTable(view.table, demoScorecard());
		expect(Array.from(ws.scoring.result!.score)).toEqual(Array.from(direct.score));
		expect(ws.summary!.customers).toBe(view.table.rowCount);
		expect(ws.summary!.customers).toBeGreaterThan(1500);
		ws.dispose();
	});

	it('re-scores on an edit, persists it, and a reload restores it exactly', async () => {
		const { db, reopen } = testDatabase('ws-edit');
		const ws = open(indexedDbStore(db));
		await ws.init();
		await ws.settled();
		const before = ws.summary!.averageScore;
		const metric = ws.scorecard!.metrics[0];
		metric.weight = metric.weight * 5;
		flushSync();
		await ws.settled();
		expect(ws.summary!.averageScore).not.toBe(before);
		await ws.flush();
		expect(ws.saveState).toBe('saved');
		const edited = $stateSnapshot(ws);
		ws.dispose();
		db.close();

		const again = open(indexedDbStore(reopen()));
		await again.init();
		await again.settled();
		expect($stateSnapshot(again)).toEqual(edited);
		expect(again.summary!.averageScore).toBe(ws.summary!.averageScore);
		again.dispose();
	});

	it('keeps the last valid scores, marked stale, while the scorecard has errors', async () => {
		const { db } = testDatabase('ws-invalid');
		const ws = open(indexedDbStore(db));
		await ws.init();
		await ws.settled();
		const good = ws.scoring.result;
		ws.scorecard!.metrics[0].weight = -1;
		flushSync();
		await ws.settled();
		expect(ws.scoring.stale).toBe(true);
		expect(ws.scoring.result).toBe(good);
		expect(ws.scoring.problems[0].message).toMatch(/weight must be a non-negative number, got -1/);
		ws.dispose();
	});

	it('reset demo throws edits away; a failed reset changes nothing', async () => {
		const { db } = testDatabase('ws-reset');
		const store = indexedDbStore(db);
		const ws = open(store);
		await ws.init();
		await ws.settled();
		ws.scorecard!.metrics[0].weight = 77;
		flushSync();
		await ws.settled();
		await ws.flush();

		const failing: WorkspaceStore = { ...store, replaceWith: () => Promise.reject(new Error('disk full')) };
		const broken = open(failing);
		await broken.init();
		await broken.settled();
		await broken.resetDemo();
		await broken.settled();
		expect(broken.error).toBe('Reset failed; your workspace is unchanged. disk full');
		expect(broken.scorecard!.metrics[0].weight).toBe(77);
		broken.dispose();

		await ws.resetDemo();
		await ws.settled();
		expect(ws.error).toBeNull();
		expect(ws.scorecard!.metrics[0].weight).toBe(demoScorecard().metrics[0].weight);
		ws.dispose();
	});

	it('reset demo keeps remembered column mappings', async () => {
		const { db } = testDatabase('ws-reset-memory');
		const store = indexedDbStore(db);
		const ws = open(store);
		await ws.init();
		await ws.settled();
		await store.setSetting('mapping:3-abc', { version: 1, names: ['a'], mapping: [] });
		await store.setSetting('something-else', 1);
		await ws.resetDemo();
		await ws.settled();
		expect(await store.getSetting('mapping:3-abc')).toEqual({ version: 1, names: ['a'], mapping: [] });
		expect(await store.getSetting('something-else')).toBeUndefined();
		ws.dispose();
	});

	it('in a deployment with a preset, a reset starts again from the preset, not from the demo', async () => {
		const { db } = testDatabase('ws-reset-preset');
		const team = { dataset: generateDemo({ accounts: 40 }), scorecard: { ...demoScorecard(), name: 'Team health' } };
		const ws = new Workspace({ store: indexedDbStore(db), demo, preset: async () => team, saveDelay: 0 });
		expect(ws.hasPreset).toBe(true);
		expect(open(indexedDbStore(testDatabase('ws-reset-no-preset').db)).hasPreset).toBe(false);
		await ws.init();
		await ws.settled();
		const rows = ws.dataset!.table.rowCount;
		expect(rows).toBe(team.dataset.table.rowCount);
		ws.scorecard!.name = 'Edited';
		flushSync();
		await ws.resetDemo();
		await ws.settled();
		expect(ws.error).toBeNull();
		expect(ws.scorecard!.name).toBe('Team health');
		expect(ws.dataset!.table.rowCount).toBe(rows);
		expect(ws.dataset!.table.rowCount).toBeLessThan(generateDemo().table.rowCount);
		ws.dispose();
	});

	it('a restore stored but not openable says so, and the workspace can start again from the demo', async () => {
		const { db } = testDatabase('ws-written-not-opened');
		const store = indexedDbStore(db);
		const ws = open(store);
		await ws.init();
		await ws.settled();
		// A write that stores a workspace with no dataset in it: it lands, and cannot be opened.
		const written = ws.replaceStored(() => db.transaction('rw', db.datasets, db.blocks, async () => void (await Promise.all([db.datasets.clear(), db.blocks.clear()]))));
		await expect(written).rejects.toBeInstanceOf(StoredNotOpenedError);
		expect(ws.status).toBe('failed');
		expect(ws.failedAfterWrite).toBe(true);
		expect(ws.error).toBe('The new workspace was stored, but it could not be opened: The workspace has no dataset. Restore a backup or use “Start again from the demo” below.');
		expect(await db.datasets.count()).toBe(0);

		await store.setSetting('mapping:3-abc', { version: 1, names: ['a'], mapping: [] });
		await ws.resetDemo();
		await ws.settled();
		expect([ws.status, ws.error, ws.failedAfterWrite, ws.onlyDemo]).toEqual(['ready', null, false, true]);
		expect(await store.getSetting('mapping:3-abc')).toEqual({ version: 1, names: ['a'], mapping: [] });
		ws.dispose();
	});

	it('reports a workspace that cannot be opened instead of crashing', async () => {
		const store = { ...indexedDbStore(testDatabase('ws-fail').db), isEmpty: () => Promise.reject(new Error('IndexedDB is disabled')) };
		const ws = open(store);
		await ws.init();
		await ws.settled();
		expect(ws.status).toBe('failed');
		expect(ws.error).toBe('IndexedDB is disabled');
		expect(ws.failedAfterWrite).toBe(false);
	});
});

function $stateSnapshot(ws: Workspace) {
	return JSON.parse(JSON.stringify(ws.scorecard));
}


/** January: six customers as of 2026-01-01 (chosen at import), with ARR in "revenue". */
const jan = () =>
	imported('jan.csv', '2026-01-10T10:00:00.000Z', { id: text('C1', 'C2', 'C3', 'C4', 'C5', 'C6'), revenue: num(10, 20, 30, 40, 50, 60), logins: num(1, 2, 3, 4, 5, 6) }, { id: 'id', revenue: 'arr' });
/** February: C1–C4 (C5 and C6 left), with an as-of column and a new metric. */
const feb = () =>
	imported('feb.csv', '2026-02-10T10:00:00.000Z', {
		customer: text('C1', 'C2', 'C3', 'C4'),
		as_of: text('2026-02-01', '2026-02-01', '2026-02-01', '2026-02-01'),
		revenue: num(11, 21, 31, 41),
		logins: num(2, 3, 4, 5),
		tickets: num(0, 1, 0, 3)
	}, { customer: 'id', as_of: 'asOf', revenue: 'arr' });
/** Outcomes: C5 and C6 churned in January, C1 did not. */
const outcomes = () =>
	imported('outcomes.csv', '2026-03-10T10:00:00.000Z', {
		customer_id: text('C5', 'C6', 'C1'),
		churned: encodeCategories(['Yes', 'Yes', 'No'], ['No', 'Yes']),
		churn_date: text('2026-01-20', '2026-01-25', null)
	}, { customer_id: 'id', churned: 'outcome', churn_date: 'churnDate' });

const column = (ws: Workspace, name: string) => {
	const c = ws.view!.table.columns[name];
	return Array.from({ length: ws.view!.table.rowCount }, (_, i) => cell(c, i));
};

async function withImports(name: string) {
	const t = testDatabase(name);
	const store = indexedDbStore(t.db);
	const ws = open(store);
	await ws.init();
	await ws.settled();
	const j = jan();
	await ws.addImport(j.dataset, j.scorecard);
	await ws.settled();
	// The user scores ARR too, before the second file arrives.
	ws.scorecard!.metrics.push({ ...ws.scorecard!.metrics[0], id: 'arr', column: 'revenue', label: 'ARR' });
	flushSync();
	await ws.settled();
	await ws.flush();
	await ws.addImport(feb().dataset, feb().scorecard);
	await ws.settled();
	await ws.addImport(outcomes().dataset, null);
	await ws.settled();
	return { ...t, store, ws, janScorecard: j.scorecard! };
}

describe('Workspace imports', () => {
	it('the first import replaces the demo; later ones add snapshots and outcomes; the scorecard stays', async () => {
		const { ws, janScorecard } = await withImports('ws-imports');
		expect(ws.onlyDemo).toBe(false);
		expect(ws.imports.map((m) => [m.name, m.snapshots])).toEqual([['jan.csv', ['2026-01-01']], ['feb.csv', ['2026-02-01']], ['outcomes.csv', []]]);
		// The current view is February's snapshot.
		expect(ws.view!.asOf).toBe('2026-02-01');
		expect(column(ws, 'customer_id')).toEqual(['C1', 'C2', 'C3', 'C4']);
		expect(column(ws, 'tickets')).toEqual([0, 1, 0, 3]);
		// The outcomes join every row of their customer, January's included.
		const all = ws.dataset!.table;
		const churnedOf = (id: string) => {
			const rows = Array.from({ length: all.rowCount }, (_, i) => i).filter((i) => cell(all.columns.customer_id, i) === id);
			return rows.map((i) => [cell(all.columns.as_of, i), cell(all.columns.churned, i), cell(all.columns.churn_date, i)]);
		};
		expect(churnedOf('C5')).toEqual([['2026-01-01', 'Yes', '2026-01-20']]);
		expect(churnedOf('C1')).toEqual([['2026-01-01', 'No', null], ['2026-02-01', 'No', null]]);
		expect(churnedOf('C2')).toEqual([['2026-01-01', null, null], ['2026-02-01', null, null]]);
		// January's scorecard, with the ARR metric moved to the portfolio's "arr" column.
		expect(ws.scorecard!.id).toBe(janScorecard.id);
		expect(ws.scorecard!.metrics.map((m) => m.column)).toEqual(['logins', 'arr']);
		const direct = scoreTable(ws.view!.table, $stateSnapshot(ws) as Scorecard);
		expect(Array.from(ws.scoring.result!.score)).toEqual(Array.from(direct.score));
		expect(ws.summary!.customers).toBe(4);
		expect(ws.notices.map((n) => n.message)).toContain('outcomes.csv adds outcomes only: they join 3 customers by customer ID.');
		// The portfolio's ARR, for the current view; hasArr says so without copying it.
		expect(ws.hasArr).toBe(true);
		expect(Array.from(ws.arr!)).toEqual([11, 21, 31, 41]);
		ws.dispose();
	});

	it('a portfolio without an ARR column has none to show', async () => {
		const { db } = testDatabase('ws-no-arr');
		const ws = open(indexedDbStore(db));
		await ws.init();
		await ws.settled();
		const file = imported('no-arr.csv', '2026-01-10T10:00:00.000Z', { id: text('C1', 'C2'), logins: num(1, 2) }, { id: 'id' });
		await ws.addImport(file.dataset, file.scorecard);
		await ws.settled();
		expect(ws.view!.table.rowCount).toBe(2);
		expect(ws.hasArr).toBe(false);
		expect(ws.arr).toBeNull();
		ws.dispose();
	});

	it('a reload restores the assembled portfolio, its notices and the scorecard exactly', async () => {
		const { ws, db, reopen } = await withImports('ws-imports-reload');
		const shown = { dataset: ws.dataset!, notices: ws.notices, imports: ws.imports, scorecard: $stateSnapshot(ws), score: Array.from(ws.scoring.result!.score) };
		ws.dispose();
		db.close();
		const again = open(indexedDbStore(reopen()));
		await again.init();
		await again.settled();
		expect(datasetDifferences(shown.dataset, again.dataset!)).toEqual([]);
		expect(again.notices).toEqual(shown.notices);
		expect(again.imports).toEqual(shown.imports);
		expect($stateSnapshot(again)).toEqual(shown.scorecard);
		expect(Array.from(again.scoring.result!.score)).toEqual(shown.score);
		again.dispose();
	});

	it('deleting an import assembles and scores the rest; the last import and the last snapshots are refused', async () => {
		const { ws, db, reopen } = await withImports('ws-imports-delete');
		const febId = ws.imports[1].id;
		await ws.deleteImport(febId);
		await ws.settled();
		expect(ws.error).toBeNull();
		expect(ws.imports.map((m) => m.name)).toEqual(['jan.csv', 'outcomes.csv']);
		expect(ws.view!.asOf).toBe('2026-01-01');
		expect(column(ws, 'customer_id')).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6']);
		expect(column(ws, 'churned')).toEqual(['No', null, null, null, 'Yes', 'Yes']);
		expect(ws.summary!.customers).toBe(6);
		expect(Array.from(ws.scoring.result!.score)).toEqual(Array.from(scoreTable(ws.view!.table, $stateSnapshot(ws) as Scorecard).score));

		await ws.deleteImport(ws.imports[0].id);
		await ws.settled();
		expect(ws.error).toBe('“jan.csv” holds the last customer snapshots: only outcomes would be left. Import another snapshot file first, or use Reset demo to start over.');
		expect(ws.imports).toHaveLength(2);
		await ws.deleteImport(ws.imports[1].id);
		await ws.settled();
		expect(ws.error).toBeNull();
		// Back to one import, shown as it is: its own column names, and the scorecard follows ARR back to "revenue".
		expect(ws.dataset!.meta.name).toBe('jan.csv');
		expect(ws.scorecard!.metrics.map((m) => m.column)).toEqual(['logins', 'revenue']);
		expect(ws.scoring.problems.filter((p) => p.severity === 'error')).toEqual([]);
		await ws.deleteImport(ws.imports[0].id);
		await ws.settled();
		expect(ws.error).toBe('“jan.csv” is the only import, and the portfolio cannot be empty. Use Reset demo to start over.');
		ws.dispose();
		db.close();

		const again = open(indexedDbStore(reopen()));
		await again.init();
		await again.settled();
		expect(again.imports.map((m) => m.name)).toEqual(['jan.csv']);
		expect(again.scorecard!.metrics.map((m) => m.column)).toEqual(['logins', 'revenue']);
		again.dispose();
	});

	it('a failing store leaves the stored and the shown workspace as they were', async () => {
		const { ws, store, db, reopen } = await withImports('ws-imports-fail');
		const before = { dataset: ws.dataset, imports: ws.imports, scorecard: $stateSnapshot(ws) };
		const failing: WorkspaceStore = {
			...store,
			addDataset: () => Promise.reject(new Error('disk full')),
			deleteDataset: () => Promise.reject(new Error('disk full'))
		};
		const broken = open(failing);
		await broken.init();
		await broken.settled();
		const shown = broken.dataset;
		const march = imported('mar.csv', '2026-03-20T10:00:00.000Z', { id: text('C1'), logins: num(9) }, { id: 'id' }, '2026-03-01');
		await expect(broken.addImport(march.dataset, null)).rejects.toThrow('disk full');
		expect(broken.dataset).toBe(shown);
		expect(broken.imports).toHaveLength(3);
		await broken.deleteImport(broken.imports[1].id);
		await broken.settled();
		expect(broken.error).toBe('Could not delete feb.csv; your workspace is unchanged. disk full');
		expect(broken.dataset).toBe(shown);
		expect(broken.imports).toHaveLength(3);
		broken.dispose();
		ws.dispose();
		db.close();

		const again = open(indexedDbStore(reopen()));
		await again.init();
		await again.settled();
		expect(again.imports).toEqual(before.imports);
		expect(datasetDifferences(before.dataset!, again.dataset!)).toEqual([]);
		expect($stateSnapshot(again)).toEqual(before.scorecard);
		again.dispose();
	});

	it('refuses an outcomes file as the first import: the demo stays', async () => {
		const { db } = testDatabase('ws-imports-outcomes-first');
		const ws = open(indexedDbStore(db));
		await ws.init();
		await ws.settled();
		expect(ws.onlyDemo).toBe(true);
		const demoShown = ws.dataset;
		await expect(ws.addImport(outcomes().dataset, null)).rejects.toThrow('outcomes.csv holds outcomes only, which join the customers of your snapshot files by ID: import a file with metrics first.');
		expect(ws.dataset).toBe(demoShown);
		expect(ws.imports.map((m) => m.source)).toEqual(['demo']);
		ws.dispose();
	});
});
