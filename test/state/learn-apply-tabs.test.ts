/** Two tabs applying the same Learn suggestion: one version is saved, the other tab says which version is current. */
import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import type { Scorecard } from '../../src/lib/core/scorecard';
import type { AppliedCutoff, AppliedWeights, TrainingRunInput } from '../../src/lib/db';
import { listVersions } from '../../src/lib/db/versions';
import { LearnApplier, type ApplySource } from '../../src/lib/state/learn-apply.svelte';
import { QUOTA_MESSAGE, loadRun, recordApplied, saveRun } from '../../src/lib/db';
import { DRAFT_KEY, indexedDbStore } from '../../src/lib/state/store';
import { failEachWrite } from '../helpers/failing-writes';
import { Workspace } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from '../db/helpers';

const demo = () => ({ dataset: generateDemo({ accounts: 200 }), scorecard: demoScorecard() });
const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** A run trained on the demo scorecard whose learned weights (blend 100 %) are 40, 5, 5, … percent. */
function source(): ApplySource {
	const shownRun: TrainingRunInput = {
		id: 'run-1',
		createdAt: '2026-11-30T12:00:00.000Z',
		data: { imports: [{ id: 'demo', name: 'Demo portfolio', rowCount: 2_400 }], customers: 200, churned: 40, retained: 160, mode: 'horizon' },
		scorecard: { id: 'demo', name: 'Demo health score' },
		settings: { horizonDays: 90, C: 1, k: 5, seed: 1, resamples: 200, targetRecall: 0.7 },
		results: {}
	};
	const scorecard = demoScorecard();
	return { shownRun, shown: { scorecard }, blendT: 1, shownBlendT: 1, blended: scorecard.metrics.map((_, k) => (k === 0 ? 40 : 5)), blendEval: null, manualEval: null, scorecardWeights: null };
}

/** A tab: its workspace, and Learn's Apply on it, wired as src/lib/state/learn-app.ts wires them. */
async function tab(store: ReturnType<typeof indexedDbStore>) {
	const workspace = new Workspace({ store, demo, saveDelay: 0 });
	await workspace.init();
	await workspace.settled();
	const noted: (AppliedWeights | AppliedCutoff)[] = [];
	const applier = new LearnApplier(
		{
			scorecard: () => (workspace.scorecard ? copy<Scorecard>(workspace.scorecard) : null),
			currentTable: () => workspace.view?.table ?? null,
			applyScorecard: async (scorecard, note, alsoWrite) => (await workspace.applyScorecard(scorecard, note, undefined, alsoWrite && ((v) => alsoWrite(v.number)))).number
		},
		source(),
		{ store: async (_run, applied) => void noted.push(applied), shown: async () => {} }
	);
	return { workspace, applier, noted };
}

describe('two tabs applying the same suggestion', { timeout: 60_000 }, () => {
	it('saves one version; the other tab saves none, says which version is current, and leaves the workspace as it was', async () => {
		const { db, reopen } = testDatabase('learn-apply-two-tabs');
		const a = await tab(indexedDbStore(db));
		const b = await tab(indexedDbStore(reopen()));
		const weightsBefore = b.workspace.scorecard!.metrics.map((m) => m.weight);

		// Both tabs press Apply at once.
		await Promise.all([a.applier.applyWeights(), b.applier.applyWeights()]);

		const stored = await listVersions(db, 'demo');
		expect(stored.map((v) => [v.number, v.note])).toEqual([
			[1, 'First version'],
			[2, 'Weights learned from churn outcomes (Learn)']
		]);
		expect(stored[1].set.default.metrics.map((m) => m.weight)).toEqual(demoScorecard().metrics.map((_, k) => (k === 0 ? 40 : 5)));
		expect(a.applier.message).toEqual({ place: 'weights', text: 'The weights were applied as scorecard version 2.', saved: 2 });
		expect(a.noted).toEqual([{ version: 2, blendPct: 100, at: expect.any(String) }]);
		expect(b.applier.message).toEqual({
			place: 'weights',
			text: 'Another tab saved this already: scorecard version 2 (“Weights learned from churn outcomes (Learn)”) is now current and has it. Nothing was saved here; reload this page to see it.'
		});
		// Tab B shows what it showed, notes nothing on the run, and wrote nothing over tab A's draft.
		expect(b.noted).toEqual([]);
		expect(b.workspace.versions.map((v) => v.number)).toEqual([1]);
		expect(b.workspace.scorecard!.metrics.map((m) => m.weight)).toEqual(weightsBefore);
		await b.workspace.flush();
		const draft = (await reopen().scorecards.toArray()).find((s) => s.id === 'demo');
		expect(draft?.metrics.map((m) => m.weight)).toEqual(stored[1].set.default.metrics.map((m) => m.weight));
		expect((await reopen().settings.get(DRAFT_KEY))?.value).toEqual({ segments: [], appliesFrom: null });

		// Reopened, tab B has version 2 as its scorecard with no unsaved changes, and Apply says it is already there.
		b.workspace.dispose();
		const again = await tab(indexedDbStore(reopen()));
		expect(again.workspace.versions.map((v) => v.number)).toEqual([1, 2]);
		expect(again.workspace.unsaved).toBe(false);
		await again.applier.applyWeights();
		expect(again.applier.message?.text).toBe('The scorecard already has these weights: nothing to apply.');
		expect((await listVersions(db, 'demo')).map((v) => v.number)).toEqual([1, 2]);
		a.workspace.dispose();
		again.workspace.dispose();
	});

	it('a different change saved in another tab meanwhile is named, and Apply saves nothing over it', async () => {
		const { db, reopen } = testDatabase('learn-apply-two-tabs-other');
		const a = await tab(indexedDbStore(db));
		const b = await tab(indexedDbStore(reopen()));
		a.workspace.scorecard!.bands[1].min = 45;
		await a.workspace.saveVersion('Needs attention from 45');
		await b.applier.applyWeights();
		expect(b.applier.message?.text).toBe(
			'The scorecard was changed in another tab: version 2 (“Needs attention from 45”) is now current, so nothing was saved here. Reload this page to see it, then try again if you still want to.'
		);
		expect((await listVersions(db, 'demo')).map((v) => v.note)).toEqual(['First version', 'Needs attention from 45']);
		expect(b.workspace.versions).toHaveLength(1);
		expect(b.workspace.unsaved).toBe(false);
		a.workspace.dispose();
		b.workspace.dispose();
	});
});

describe('Apply writes the version and the run’s note of it together', { timeout: 60_000 }, () => {
	it('failing at any of its writes (the note the last) stores neither and shows nothing new; whole, it stores both', async () => {
		const { db } = testDatabase('learn-apply-together');
		const store = indexedDbStore(db);
		const workspace = new Workspace({ store, demo, saveDelay: 0 });
		await workspace.init();
		await workspace.settled();
		const from = source();
		await saveRun(db, from.shownRun!);
		const shown: number[] = [];
		const applier = new LearnApplier(
			{
				scorecard: () => (workspace.scorecard ? copy<Scorecard>(workspace.scorecard) : null),
				currentTable: () => workspace.view?.table ?? null,
				applyScorecard: async (scorecard, note, alsoWrite) => (await workspace.applyScorecard(scorecard, note, undefined, alsoWrite && ((v) => alsoWrite(v.number)))).number
			},
			from,
			{ store: (run, applied) => recordApplied(db, run.id, applied), shown: async (_run, applied) => void shown.push(applied.version) }
		);
		const weights = workspace.scorecard!.metrics.map((m) => m.weight);
		const writes = await failEachWrite(db, () => applier.applyWeights(), (_, at) => {
			expect(applier.message, `write ${at}`).toEqual({ place: 'weights', text: `Nothing was changed: ${QUOTA_MESSAGE}` });
			expect(workspace.versions.map((v) => v.number)).toEqual([1]);
			expect(workspace.scorecard!.metrics.map((m) => m.weight)).toEqual(weights);
			expect(shown).toEqual([]);
		}, (before, after, at) => expect(after, `the database after write ${at} failed`).toEqual(before));
		// The version, the draft it leaves, its revision, and the run's note: the note is the last write.
		expect(writes).toBe(5);
		expect(applier.message).toEqual({ place: 'weights', text: 'The weights were applied as scorecard version 2.', saved: 2 });
		expect((await loadRun(db, 'run-1'))?.applied?.map((a) => [a.version, a.blendPct])).toEqual([[2, 100]]);
		expect((await listVersions(db, 'demo')).map((v) => v.number)).toEqual([1, 2]);
		expect(shown).toEqual([2]);
		workspace.dispose();
	});
});
