/** Two tabs editing one scorecard draft: neither stores its draft over the other's unseen; the user chooses. */
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { cell } from '../../src/lib/core/table';
import { listVersions } from '../../src/lib/db/versions';
import { BackupSession, indexedDbBackup } from '../../src/lib/state/backup.svelte';
import { DRAFT_KEY, indexedDbStore } from '../../src/lib/state/store';
import { Workspace, type TabChannel } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from '../db/helpers';
import { channel } from './fake-tab-channel';

const demo = () => ({ dataset: generateDemo({ accounts: 200 }), scorecard: demoScorecard() });
const CONFLICT = 'The scorecard was changed in another tab since this tab last saved it, so your latest changes here are not saved.';

/** Two tabs open on one fresh workspace (telling each other of changes with `connect`), and what storage holds of the draft. */
async function twoTabs(name: string, connect?: () => TabChannel) {
	const { db, reopen } = testDatabase(name);
	const a = new Workspace({ store: indexedDbStore(db), demo, saveDelay: 0, tabs: connect?.() });
	await a.init();
	await a.settled();
	const b = new Workspace({ store: indexedDbStore(reopen()), demo, saveDelay: 0, tabs: connect?.() });
	await b.init();
	await b.settled();
	const stored = async () => {
		const fresh = reopen();
		const scorecard = (await fresh.scorecards.toArray()).find((s) => s.id === 'demo')!;
		return { weights: scorecard.metrics.map((m) => m.weight), bands: scorecard.bands.map((band) => band.min), draft: (await fresh.settings.get(DRAFT_KEY))?.value };
	};
	return { db, a, b, stored };
}

/** Lets the tab's persisting effect see the edit, then waits for every save it started. */
async function saved(tab: Workspace): Promise<void> {
	await tick();
	await tab.flush();
}

describe('two tabs editing the scorecard draft', { timeout: 60_000 }, () => {
	it('a tab that has not seen another tab’s stored draft stores nothing over it, and says so', async () => {
		const { a, b, stored } = await twoTabs('draft-tabs-refused');
		const bands = (await stored()).bands;
		a.scorecard!.metrics[0].weight += 5;
		await saved(a);
		const weights = (await stored()).weights;
		b.scorecard!.bands[1].min += 1;
		await saved(b);
		expect(b.saveState).toBe('failed');
		expect(b.draftConflict).toBe(true);
		expect(b.saveError).toBe(CONFLICT);
		// Tab A's edit is what storage holds; tab B's is only in tab B.
		expect(await stored()).toMatchObject({ weights, bands });
		expect(b.scorecard!.bands[1].min).toBe(bands[1] + 1);
		// A further edit in tab B is refused the same way.
		b.scorecard!.bands[1].min += 1;
		await saved(b);
		expect(b.draftConflict).toBe(true);
		expect((await stored()).bands).toEqual(bands);
		a.dispose();
		b.dispose();
	});

	it('“Show the other tab’s changes” shows what is stored, and the tab then stores its edits again', async () => {
		const { a, b, stored } = await twoTabs('draft-tabs-load');
		a.scorecard!.metrics[0].weight += 5;
		await saved(a);
		const weights = (await stored()).weights;
		b.scorecard!.bands[1].min += 1;
		await saved(b);
		await b.loadStoredDraft();
		expect(b.draftConflict).toBe(false);
		expect(b.saveState).toBe('saved');
		expect(b.saveError).toBeNull();
		expect(b.scorecard!.metrics.map((m) => m.weight)).toEqual(weights);
		expect(b.scorecard!.bands[1].min).toBe(demoScorecard().bands[1].min);
		expect(b.unsaved).toBe(true); // tab A's edit is not a version yet, in either tab
		b.scorecard!.metrics[1].weight += 2;
		await saved(b);
		expect(b.draftConflict).toBe(false);
		expect((await stored()).weights[1]).toBe(weights[1] + 2);
		// Now tab A has not seen tab B's draft.
		a.scorecard!.metrics[2].weight += 1;
		await saved(a);
		expect(a.draftConflict).toBe(true);
		expect((await stored()).weights[2]).toBe(weights[2]);
		a.dispose();
		b.dispose();
	});

	it('“Keep this tab’s changes” stores this tab’s draft over the other’s, and the other tab is then refused', async () => {
		const { a, b, stored } = await twoTabs('draft-tabs-keep');
		a.scorecard!.metrics[0].weight += 5;
		a.segments = [];
		await saved(a);
		b.scorecard!.bands[1].min += 1;
		b.draftFrom = null;
		await saved(b);
		await b.keepThisDraft();
		expect(b.draftConflict).toBe(false);
		expect(b.saveState).toBe('saved');
		const now = await stored();
		expect(now.weights).toEqual(demoScorecard().metrics.map((m) => m.weight));
		expect(now.bands[1]).toBe(demoScorecard().bands[1].min + 1);
		expect(now.draft).toEqual({ segments: [], appliesFrom: null });
		a.scorecard!.metrics[0].weight += 1;
		await saved(a);
		expect(a.draftConflict).toBe(true);
		expect((await stored()).weights).toEqual(now.weights);
		a.dispose();
		b.dispose();
	});

	it('saving a version or applying a scorecard is refused while the draft conflicts, storing nothing', async () => {
		const { db, a, b } = await twoTabs('draft-tabs-version');
		a.scorecard!.metrics[0].weight += 5;
		await saved(a);
		// Tab B has no edit of its own yet: only storing its draft with the version finds the conflict.
		const learned = JSON.parse(JSON.stringify(b.scorecard));
		learned.metrics[0].weight = 40;
		const refused = 'The scorecard was changed in another tab since this tab last saved it, so nothing was changed here: choose in the notice at the bottom of the page whose changes to keep, then try again.';
		await expect(b.applyScorecard(learned, 'Learned weights')).rejects.toThrow(refused);
		expect(b.draftConflict).toBe(true);
		expect(b.versions.map((v) => v.number)).toEqual([1]);
		expect((await listVersions(db, 'demo')).map((v) => v.number)).toEqual([1]);
		expect(b.scorecard!.metrics[0].weight).toBe(demoScorecard().metrics[0].weight);
		b.scorecard!.bands[1].min += 1;
		await expect(b.saveVersion('tab B: moved a band')).rejects.toThrow(
			'The scorecard was changed in another tab since this tab last saved it, so no version was saved: choose in the notice at the bottom of the page whose changes to keep, then try again.'
		);
		expect((await listVersions(db, 'demo')).map((v) => v.number)).toEqual([1]);
		// Once tab B keeps its changes, its version is saved.
		await b.keepThisDraft();
		await b.saveVersion('tab B: moved a band');
		expect((await listVersions(db, 'demo')).map((v) => v.note)).toEqual(['First version', 'tab B: moved a band']);
		a.dispose();
		b.dispose();
	});

	it('a tab opened after another tab’s edit stores its own edits without a conflict', async () => {
		const { db, a, b } = await twoTabs('draft-tabs-later');
		a.scorecard!.metrics[0].weight += 5;
		await saved(a);
		b.dispose();
		const c = new Workspace({ store: indexedDbStore(db), demo, saveDelay: 0 });
		await c.init();
		await c.settled();
		expect(c.scorecard!.metrics[0].weight).toBe(a.scorecard!.metrics[0].weight);
		c.scorecard!.bands[1].min += 1;
		await saved(c);
		expect(c.draftConflict).toBe(false);
		expect(c.saveState).toBe('saved');
		a.dispose();
		c.dispose();
	});

	it('told by the other tab, a tab with nothing unsaved shows its draft and versions at once', async () => {
		const { a, b, stored } = await twoTabs('draft-tabs-told', channel());
		a.scorecard!.metrics[0].weight += 5;
		await saved(a);
		await vi.waitFor(() => expect(b.scorecard!.metrics[0].weight).toBe(a.scorecard!.metrics[0].weight));
		expect(b.saveState).toBe('saved');
		b.scorecard!.bands[1].min += 1;
		await saved(b);
		expect(b.draftConflict).toBe(false);
		expect((await stored()).bands[1]).toBe(demoScorecard().bands[1].min + 1);
		await vi.waitFor(() => expect(a.scorecard!.bands[1].min).toBe(demoScorecard().bands[1].min + 1));
		await a.saveVersion('tab A: both edits');
		await vi.waitFor(() => expect(b.versions.map((v) => v.note)).toEqual(['First version', 'tab A: both edits']));
		expect(b.unsaved).toBe(false);
		a.dispose();
		b.dispose();
	});

	it('told by the other tab, a tab with an edit not stored yet keeps it, and its save then asks', async () => {
		const { a, b } = await twoTabs('draft-tabs-told-busy', channel());
		b.scorecard!.bands[1].min += 1; // not stored yet
		a.scorecard!.metrics[0].weight += 5;
		await saved(a);
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(b.scorecard!.bands[1].min).toBe(demoScorecard().bands[1].min + 1);
		expect(b.scorecard!.metrics[0].weight).toBe(demoScorecard().metrics[0].weight);
		await saved(b);
		expect(b.draftConflict).toBe(true);
		a.dispose();
		b.dispose();
	});

	it('a workspace started again in one tab is not overwritten by the other tab’s draft', async () => {
		// Neither tab has stored a draft yet: the new workspace's own revision is what tells them apart.
		const { a, b, stored } = await twoTabs('draft-tabs-reset');
		await a.resetDemo();
		b.scorecard!.metrics[1].weight += 3;
		await saved(b);
		expect(b.draftConflict).toBe(true);
		expect((await stored()).weights).toEqual(demoScorecard().metrics.map((m) => m.weight));
		a.dispose();
		b.dispose();
	});

	it('a backup restored in one tab is not overwritten by the other tab’s draft, though both read the same revision', async () => {
		const { db, a, b, stored } = await twoTabs('draft-tabs-restore');
		const session = new BackupSession({ ...indexedDbBackup(db), workspace: a });
		const backup = await session.backup();
		// The draft as backed up: what the restore puts back, under the revision both tabs have read.
		const weights = (await stored()).weights;
		await session.choose(new File([backup!.blob], backup!.fileName));
		await session.confirm();
		expect(session.error).toBeNull();
		b.scorecard!.metrics[1].weight += 3;
		await saved(b);
		expect(b.draftConflict).toBe(true);
		expect((await stored()).weights).toEqual(weights);
		a.dispose();
		b.dispose();
	});

	it('told that another tab changed the portfolio, a tab says so; an override in one tab shows in the other', async () => {
		const { a, b } = await twoTabs('draft-tabs-workspace', channel());
		const customerId = String(cell(a.view!.table.columns[a.dataset!.meta.roles.id!], 0));
		await a.saveOverride({ customerId, metricId: a.scorecard!.metrics[0].id, subScore: 100, comment: 'Renewal signed', expires: '2099-01-01' });
		await vi.waitFor(() => expect(b.overrides.map((o) => o.comment)).toEqual(['Renewal signed']));
		expect(b.changedElsewhere).toBe(false);
		await a.resetDemo();
		await vi.waitFor(() => expect(b.changedElsewhere).toBe(true));
		expect(a.changedElsewhere).toBe(false);
		a.dispose();
		b.dispose();
	});
});
