/** The workspace state on a real (fake-indexeddb) IndexedDB, with Svelte's runes really running. */
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { scoreTable } from '../../src/lib/core/score';
import { indexedDbStore, type WorkspaceStore } from '../../src/lib/state/store';
import { Workspace } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from '../db/helpers';

const demo = () => ({ dataset: generateDemo(), scorecard: demoScorecard() });

function open(store: WorkspaceStore) {
	const ws = new Workspace({ store, demo, saveDelay: 0 });
	return ws;
}

describe('Workspace', () => {
	it('creates and scores the demo on first open', async () => {
		const { db } = testDatabase('ws-first');
		const ws = open(indexedDbStore(db));
		await ws.init();
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
		const before = ws.summary!.averageScore;
		const metric = ws.scorecard!.metrics[0];
		metric.weight = metric.weight * 5;
		flushSync();
		expect(ws.summary!.averageScore).not.toBe(before);
		await ws.flush();
		expect(ws.saveState).toBe('saved');
		const edited = $stateSnapshot(ws);
		ws.dispose();
		db.close();

		const again = open(indexedDbStore(reopen()));
		await again.init();
		expect($stateSnapshot(again)).toEqual(edited);
		expect(again.summary!.averageScore).toBe(ws.summary!.averageScore);
		again.dispose();
	});

	it('keeps the last valid scores, marked stale, while the scorecard has errors', async () => {
		const { db } = testDatabase('ws-invalid');
		const ws = open(indexedDbStore(db));
		await ws.init();
		const good = ws.scoring.result;
		ws.scorecard!.metrics[0].weight = -1;
		flushSync();
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
		ws.scorecard!.metrics[0].weight = 77;
		flushSync();
		await ws.flush();

		const failing: WorkspaceStore = { ...store, replaceWith: () => Promise.reject(new Error('disk full')) };
		const broken = open(failing);
		await broken.init();
		await broken.resetDemo();
		expect(broken.error).toBe('Reset failed; your workspace is unchanged. disk full');
		expect(broken.scorecard!.metrics[0].weight).toBe(77);
		broken.dispose();

		await ws.resetDemo();
		expect(ws.error).toBeNull();
		expect(ws.scorecard!.metrics[0].weight).toBe(demoScorecard().metrics[0].weight);
		ws.dispose();
	});

	it('reports a workspace that cannot be opened instead of crashing', async () => {
		const store = { ...indexedDbStore(testDatabase('ws-fail').db), isEmpty: () => Promise.reject(new Error('IndexedDB is disabled')) };
		const ws = open(store);
		await ws.init();
		expect(ws.status).toBe('failed');
		expect(ws.error).toBe('IndexedDB is disabled');
	});
});

function $stateSnapshot(ws: Workspace) {
	return JSON.parse(JSON.stringify(ws.scorecard));
}
