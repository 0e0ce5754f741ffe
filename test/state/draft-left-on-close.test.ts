/**
 * A page closed while an edit waits for its save: the draft it leaves (one write begun at once, the only kind that
 * lands once the page is gone) becomes the draft on the next open, unless another tab stored a draft since.
 * "The page is gone" is a store whose usual save never answers (its transaction dies with the page).
 */
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { getSetting } from '../../src/lib/db';
import { DRAFT_LEFT_KEY, indexedDbStore, type WorkspaceStore } from '../../src/lib/state/store';
import { Workspace, type TabChannel } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from '../db/helpers';
import { channel } from './fake-tab-channel';

const demo = () => ({ dataset: generateDemo(), scorecard: demoScorecard() });

/** A workspace on `store` whose debounce outlasts the test: only a flush, or the page leaving, stores an edit. */
async function opened(store: WorkspaceStore, tabs?: TabChannel): Promise<Workspace> {
	const ws = new Workspace({ store, demo, saveDelay: 60_000, tabs });
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

	it('is the draft in a tab still open at once, without reopening: that tab shows it', async () => {
		const { db, reopen } = testDatabase('left-on-close-open-tab');
		const connect = channel();
		const other = await opened(indexedDbStore(db), connect());
		const ws = await opened(closing(indexedDbStore(reopen())), connect());
		const weight = ws.scorecard!.metrics[0].weight * 3;
		ws.scorecard!.metrics[0].weight = weight;
		await tick();
		ws.leaveEditsOnClose();
		ws.dispose();

		await vi.waitFor(() => expect(other.scorecard!.metrics[0].weight).toBe(weight), { timeout: 10_000 });
		expect(await getSetting(reopen(), DRAFT_LEFT_KEY)).toBeUndefined();
		expect((await reopen().scorecards.toArray())[0].metrics[0].weight).toBe(weight);
		// The open tab holds the stored revision: its next edit saves without a conflict.
		other.scorecard!.metrics[1].weight = 7;
		await tick();
		await other.flush();
		expect(other.saveState).toBe('saved');
		const stored = (await reopen().scorecards.toArray())[0].metrics;
		expect([stored[0].weight, stored[1].weight]).toEqual([weight, 7]);
		other.dispose();
	});

	it('in a tab still open with an unsaved edit of its own, that edit is not stored over it unseen', async () => {
		const { db, reopen } = testDatabase('left-on-close-busy-tab');
		const connect = channel();
		const other = await opened(indexedDbStore(db), connect());
		const ws = await opened(closing(indexedDbStore(reopen())), connect());
		const weight = ws.scorecard!.metrics[0].weight * 3;
		ws.scorecard!.metrics[0].weight = weight;
		other.scorecard!.metrics[1].weight = 7; // waits for its save delay
		await tick();
		ws.leaveEditsOnClose();
		ws.dispose();

		await vi.waitFor(async () => expect((await reopen().scorecards.toArray())[0].metrics[0].weight).toBe(weight), { timeout: 10_000 });
		expect(other.scorecard!.metrics[1].weight).toBe(7); // still shown, not thrown away
		await other.flush();
		expect(other.draftConflict).toBe(true);
		expect((await reopen().scorecards.toArray())[0].metrics[1].weight).not.toBe(7);
		other.dispose();
	});
});
