/** Two tabs on one database: a version number is never given twice. */
import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { listVersions } from '../../src/lib/db/versions';
import { indexedDbStore } from '../../src/lib/state/store';
import { Workspace } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from '../db/helpers';

const demo = () => ({ dataset: generateDemo(), scorecard: demoScorecard() });

describe('two tabs saving versions', { timeout: 60_000 }, () => {
	it('a tab that has not seen another tab’s version cannot save a second version with its number', async () => {
		const { db, reopen } = testDatabase('rv-two-tabs');
		const a = new Workspace({ store: indexedDbStore(db), demo, saveDelay: 0 });
		await a.init();
		await a.settled();
		a.scorecard!.metrics[0].weight += 5;
		await a.flush();
		// Tab B opens with tab A's draft (so storing its own draft is no conflict), before tab A saves it as a version.
		const dbB = reopen();
		const b = new Workspace({ store: indexedDbStore(dbB), demo, saveDelay: 0 });
		await b.init();
		await b.settled();
		await a.saveVersion('tab A: more weight on usage');
		b.scorecard!.bands[1].min += 1;
		// Tab B has not seen tab A's version 2: its save is refused, saying why, and its edit stays its draft.
		await expect(b.saveVersion('tab B: moved a band')).rejects.toThrow(
			'Version 2 (“tab A: more weight on usage”) was saved in another tab meanwhile and is now the current version, so nothing was saved here: reload this page to see it (your changes are kept as the draft), then save again.'
		);
		expect(b.versions.map((v) => v.number)).toEqual([1]);
		const numbers = (await listVersions(db, a.scorecard!.id)).map((v) => v.number);
		expect(numbers).toEqual([1, 2]);
		a.dispose();
		b.dispose();
	});
});
