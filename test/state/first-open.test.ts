/** Two tabs opening an empty storage at once write the first workspace once, and both open that one. */
import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { indexedDbStore, type WorkspaceStore } from '../../src/lib/state/store';
import { Workspace } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from '../db/helpers';

const demo = () => ({ dataset: generateDemo(), scorecard: demoScorecard() });

/** A tab's store that counts the whole workspaces it stored. */
function counted(store: WorkspaceStore, written: { count: number }): WorkspaceStore {
	return {
		...store,
		async replaceWith(...args) {
			await store.replaceWith(...args);
			written.count++;
		}
	};
}

describe('the first open of two tabs at once', () => {
	it('without a lock between tabs: the demo is written by one, and the other opens it', async () => {
		const { db, reopen } = testDatabase('first-open-race');
		const written = { count: 0 };
		const tabs = [new Workspace({ store: counted(indexedDbStore(db), written), demo }), new Workspace({ store: counted(indexedDbStore(reopen()), written), demo })];
		await Promise.all(tabs.map((tab) => tab.init()));
		expect(tabs.map((tab) => [tab.status, tab.error])).toEqual([['ready', null], ['ready', null]]);
		expect(written.count).toBe(1);
		expect(tabs[1].versions.map((v) => v.id)).toEqual(tabs[0].versions.map((v) => v.id));
		expect(await reopen().versions.count()).toBe(1);
		for (const tab of tabs) tab.dispose();
	});

	it('with a lock between tabs: the second waits, finds the first workspace and generates no demo', async () => {
		const { db, reopen } = testDatabase('first-open-lock');
		let held: Promise<void> = Promise.resolve();
		const oneTabAtATime = (work: () => Promise<void>) => (held = held.then(work, work));
		let demos = 0;
		const counting = () => (demos++, demo());
		const tabs = [new Workspace({ store: indexedDbStore(db), demo: counting, oneTabAtATime }), new Workspace({ store: indexedDbStore(reopen()), demo: counting, oneTabAtATime })];
		await Promise.all(tabs.map((tab) => tab.init()));
		expect(tabs.map((tab) => tab.status)).toEqual(['ready', 'ready']);
		expect(demos).toBe(1);
		for (const tab of tabs) tab.dispose();
	});
});
