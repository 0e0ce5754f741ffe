/**
 * Apply pressed in the moment between a run finishing (shown at once) and its being stored (a frame later): the
 * version's note still lands on the stored run ("Applied as version N" after a reload). The frame is a queue the
 * test empties itself, at the worst moment (while the version's transaction writes the note), not hoped for.
 */
import { describe, expect, it } from 'vitest';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { deleteRun, listRuns, recordApplied, saveRun, type CheckupDatabase } from '../../src/lib/db';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { LearnSession } from '../../src/lib/state/learn.svelte';
import { indexedDbStore } from '../../src/lib/state/store';
import { Workspace } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from '../db/helpers';
import { InProcessWorker } from '../helpers/in-process-learn-worker';

const lt = await loadTfNode();
const demo = () => ({ dataset: generateDemo(), scorecard: demoScorecard() });
const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** The workspace and Learn on one database, wired as src/lib/state/learn-app.ts wires them; `frame` holds what waits for the next frame. */
async function learnPage(db: CheckupDatabase) {
	const workspace = new Workspace({ store: indexedDbStore(db), demo, saveDelay: 0 });
	await workspace.init();
	const frame: (() => void)[] = [];
	const nextFrame = () => frame.splice(0).forEach((step) => step());
	let holding = false;
	let versionWritten = false;
	const session = new LearnSession({
		worker: () => new InProcessWorker(lt),
		dataset: () => workspace.dataset,
		scorecard: () => (workspace.scorecard ? copy<Scorecard>(workspace.scorecard) : null),
		imports: () => workspace.imports,
		currentTable: () => workspace.view?.table ?? null,
		// Preparing the data runs at once; from `hold()` on, what waits for a frame waits for `nextFrame()`.
		later: (step) => {
			if (holding) frame.push(step);
			else step();
			return () => {};
		},
		// The next frame comes at the worst moment: as the version's transaction writes the run's note (a task of its
		// own, as a frame is: outside that transaction, whose writes IndexedDB then finishes first).
		applyScorecard: async (scorecard, note, alsoWrite) => {
			versionWritten = true;
			const noting = alsoWrite && ((v: { number: number }) => (setTimeout(nextFrame), alsoWrite(v.number)));
			return (await workspace.applyScorecard(scorecard, note, undefined, noting)).number;
		},
		runs: { save: (r) => saveRun(db, r), list: () => listRuns(db), delete: (id) => deleteRun(db, id), recordApplied: (id, a) => recordApplied(db, id, a) }
	});
	session.settings.resamples = 200;
	return {
		workspace,
		session,
		hold: () => void (holding = true),
		nextFrame,
		/** Apply has begun writing its version (else it is waiting for something first). */
		versionWritten: () => versionWritten
	};
}

/** Waits for the run under way to finish (shown; not stored while frames are held). */
async function trained(session: LearnSession): Promise<void> {
	for (let i = 0; i < 3000 && session.phase === 'running'; i++) await new Promise((r) => setTimeout(r, 10));
	expect(session.phase).toBe('done');
}

describe('Apply within a frame of a run finishing', { timeout: 120_000 }, () => {
	it('notes the version on the run although the run was not stored yet when Apply was pressed', async () => {
		const { db, reopen } = testDatabase(`learn-apply-race-${Math.random()}`);
		const page = await learnPage(db);
		page.session.start();
		page.hold();
		await trained(page.session);
		expect(await listRuns(db)).toEqual([]); // shown, not stored yet

		const applying = page.session.applyWeights();
		// Apply writes its version at once, the frame storing the run coming in the middle of it; or it waits for the
		// run to be stored first, and the frame comes now.
		if (!page.versionWritten()) page.nextFrame();
		await applying;
		expect(page.session.applyMessage).toEqual({ place: 'weights', text: 'The weights were applied as scorecard version 2.', saved: 2 });
		const runs = await listRuns(db);
		expect(runs).toHaveLength(1);
		expect(runs[0].applied?.map((a) => [a.version, a.blendPct])).toEqual([[2, 100]]);

		// A reload shows the run as applied: a second Apply saves nothing.
		page.workspace.dispose();
		const again = await learnPage(reopen());
		await again.session.loadRuns();
		expect(again.session.weightsApplied).toEqual({ version: 2, again: false });
		again.workspace.dispose();
	});

	it('notes it too when the run is stored first (the usual order)', async () => {
		const { db } = testDatabase(`learn-apply-order-${Math.random()}`);
		const page = await learnPage(db);
		page.session.start();
		page.hold();
		await trained(page.session);
		page.nextFrame();
		await page.session.applyWeights();
		expect((await listRuns(db))[0].applied?.map((a) => a.version)).toEqual([2]);
		page.workspace.dispose();
	});
});
