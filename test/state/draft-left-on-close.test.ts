/**
 * A page closed while an edit waits for its save: the draft it leaves (one write begun at once, the only kind that
 * lands once the page is gone) becomes the draft on the next open, unless another tab stored a draft since.
 * "The page is gone" is a store whose usual save never answers (its transaction dies with the page).
 */
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { getSetting } from '../../src/lib/db';
import { DRAFT_LEFT_KEY, indexedDbStore, type WorkspaceStore } from '../../src/lib/state/store';
import { Workspace } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from '../db/helpers';

const demo = () => ({ dataset: generateDemo(), scorecard: demoScorecard() });

/** A workspace on `store` whose debounce outlasts the test: only a flush, or the page leaving, stores an edit. */
async function opened(store: WorkspaceStore): Promise<Workspace> {
	const ws = new Workspace({ store, demo, saveDelay: 60_000 });
	await ws.init();
	if (ws.status !== 'ready') throw new Error(`the workspace did not open: ${ws.error}`);
	return ws;
}

/** The store of a page being closed: its usual saves never complete. */
function closing(store: WorkspaceStore): WorkspaceStore {
	return { ...store, saveDraft: () => new Promise<string>(() => {}) };
}

describe('an edit left by a page closed within the save delay', () => {
	it('is the draft when the workspace opens again', async () => {
		const { db, reopen } = testDatabase('left-on-close');
		const first = await opened(indexedDbStore(db));
		first.dispose();
		const ws = await opened(closing(indexedDbStore(db)));
		const weight = ws.scorecard!.metrics[0].weight * 3;
		ws.scorecard!.metrics[0].weight = weight;
		await tick();
		expect(ws.saveState).toBe('pending');
		ws.leaveEditsOnClose();
		ws.dispose();

		const again = await opened(indexedDbStore(reopen()));
		expect(again.scorecard!.metrics[0].weight).toBe(weight);
		expect(again.unsaved).toBe(true);
		expect(await getSetting(reopen(), DRAFT_LEFT_KEY)).toBeUndefined();
		// Stored as the draft, with a new revision: a further edit saves without a conflict.
		again.scorecard!.metrics[0].weight = weight + 1;
		await tick();
		await again.flush();
		expect(again.saveState).toBe('saved');
		expect((await reopen().scorecards.toArray())[0].metrics[0].weight).toBe(weight + 1);
		again.dispose();
	});

	it('is dropped when another tab stored a draft since: that one stands', async () => {
		const { db, reopen } = testDatabase('left-on-close-elsewhere');
		const other = await opened(indexedDbStore(db));
		const ws = await opened(closing(indexedDbStore(db)));
		const original = ws.scorecard!.metrics[0].weight;
		ws.scorecard!.metrics[0].weight = original * 3;
		await tick();
		ws.leaveEditsOnClose();
		ws.dispose();
		// The other tab stores its own edit (over the revision both read).
		other.scorecard!.metrics[1].weight = 7;
		await tick();
		await other.flush();
		expect(other.saveState).toBe('saved');
		other.dispose();

		const again = await opened(indexedDbStore(reopen()));
		expect(again.scorecard!.metrics[0].weight).toBe(original);
		expect(again.scorecard!.metrics[1].weight).toBe(7);
		expect(await getSetting(reopen(), DRAFT_LEFT_KEY)).toBeUndefined();
		again.dispose();
	});

	it('leaves nothing when every edit is stored', async () => {
		const { db, reopen } = testDatabase('left-on-close-nothing');
		const ws = await opened(indexedDbStore(db));
		ws.scorecard!.metrics[0].weight = 3;
		await tick();
		await ws.flush();
		ws.leaveEditsOnClose();
		ws.dispose();
		expect(await getSetting(reopen(), DRAFT_LEFT_KEY)).toBeUndefined();
	});
});
