/** The Learn session, driven through a fake worker that runs the real training in process (tfjs for node). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/lib/core/dataset';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { deleteRun, listRuns, recordApplied, saveRun, type TrainingRunRecord } from '../../src/lib/db';
import { withWeights } from '../../src/lib/ml/suggest';
import { buildTrainingSet } from '../../src/lib/ml/training';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { runName, runNames } from '../../src/lib/core/run-names';
import { LearnSession, NO_STORED_RESULTS } from '../../src/lib/state/learn.svelte';
import { testDatabase } from '../db/helpers';
import { InProcessWorker } from '../helpers/in-process-learn-worker';

const lt = await loadTfNode();

/** A session on the demo; `from`: the workspace's scorecard and its newest version's number (a reload keeps them). */
function setup(dataset: Dataset = generateDemo(), db = testDatabase(`learn-${Math.random()}`).db, from = { scorecard: demoScorecard(), version: 1 }, step = 60_000) {
	let scorecard: Scorecard = structuredClone(from.scorecard);
	const applied: { scorecard: Scorecard; note: string }[] = [];
	const workers: InProcessWorker[] = [];
	let clock = Date.parse('2026-11-30T12:00:00Z');
	const session = new LearnSession({
		worker: () => { const w = new InProcessWorker(lt); workers.push(w); return w; },
		dataset: () => dataset,
		scorecard: () => structuredClone(scorecard),
		imports: () => [dataset.meta],
		currentTable: () => dataset.table,
		applyScorecard: async (next, note, alsoWrite) => { applied.push({ scorecard: next, note }); scorecard = next; await alsoWrite?.(from.version + applied.length); return from.version + applied.length; },
		runs: { save: (r) => saveRun(db, r), list: () => listRuns(db), delete: (id) => deleteRun(db, id), recordApplied: (id, a) => recordApplied(db, id, a) },
		// A minute a call (`step`): runs trained one after the other list in that order.
		now: () => new Date((clock += step))
	});
	session.settings.resamples = 200;
	return { session, applied, db, workers, current: () => scorecard };
}

async function finished(session: LearnSession): Promise<void> {
	while (session.phase === 'running') await new Promise((r) => setTimeout(r, 10));
	// The run is stored after it is shown.
	while (session.runs.length === 0 && session.phase === 'done') await new Promise((r) => setTimeout(r, 10));
}

// Trainings of the demo in process: 4.3–4.8 s each in a whole unit run on a loaded 2-core machine, near vitest's 5 s default.
describe('LearnSession', { timeout: 60_000 }, () => {
	it('trains on the demo, shows weights and validation, stores the run, and applies the weights', async () => {
		const { session, applied, db } = setup();
		session.start();
		expect(session.phase).toBe('running');
		await finished(session);
		expect(session.phase).toBe('done');
		expect(session.training?.customers).toBe(session.training!.churned + session.training!.retained);
		expect(session.weights.map((w) => w.metricId)).toEqual(demoScorecard().metrics.map((m) => m.id));
		expect(session.blendEval!.auc.auc).toBeGreaterThan(session.manualEval!.auc.auc);
		expect(session.drivers.length).toBeGreaterThan(10);
		const runs = await listRuns(db);
		expect(runs).toHaveLength(1);
		expect(runs[0].data).toMatchObject({ imports: [{ id: 'demo', name: 'Demo portfolio' }], customers: session.training!.customers, churned: session.training!.churned });
		expect(session.runs.map((r) => r.id)).toEqual([runs[0].id]);
		// The run keeps the churn model the worklist ranks by (test/state/worklist-learned.test.ts checks its numbers).
		expect(runs[0].results.model).toEqual(session.result!.model);
		expect(session.result!.model.metricIds).toEqual(session.result!.suggestFit.metricIds);

		// The slider at 0 gives the manual score's evaluation; at 1 the learned one.
		session.blendT = 0;
		expect(session.blendEval!.auc.auc).toBeCloseTo(session.manualEval!.auc.auc, 12);
		expect(session.blended).toEqual(session.weights.map((w) => w.manual));
		session.blendT = 1;
		await session.applyWeights();
		expect(applied).toHaveLength(1);
		expect(applied[0].note).toBe('Weights learned from churn outcomes (Learn)');
		// In tenths adding up to 100 (largest remainder), so each within a tenth of its suggestion.
		applied[0].scorecard.metrics.forEach((m, k) => expect(Math.abs(m.weight - session.weights[k].suggested)).toBeLessThan(0.1));
		expect(applied[0].scorecard.metrics.reduce((t, m) => t + Math.round(m.weight * 10), 0)).toBe(1000);
		expect(session.applyMessage).toEqual({ place: 'weights', text: 'The weights were applied as scorecard version 2.', saved: 2 });
	}, 60_000);

	it('leaves the results and the scorecard as they were when a second run is cancelled', async () => {
		const { session, applied, workers } = setup();
		session.start();
		await finished(session);
		const before = session.result;
		session.settings.k = 10;
		session.settings.resamples = 300;
		session.start();
		session.cancel();
		expect(session.phase).toBe('done');
		expect(session.result).toBe(before);
		// The results shown still say how they were made (5 folds, 200 resamples), not what the form says now.
		expect(session.trainedWith).toMatchObject({ k: 5, resamples: 200 });
		expect(session.message).toBe('Training was cancelled; nothing changed.');
		await new Promise((r) => setTimeout(r, 600));
		expect(workers[1].terminated).toBe(true);
		expect(session.result).toBe(before);
		expect(applied).toEqual([]);
	}, 60_000);

	it('refuses too few churners, saying how many there are, without starting a worker', () => {
		const demo = generateDemo({ accounts: 100 });
		const { session, workers } = setup(demo);
		session.start();
		expect(session.phase).toBe('failed');
		expect(session.error).toMatch(/at least 30 churned and 30 retained customers .*; this data has \d+ churned customers/);
		expect(workers).toEqual([]);
	});

	it('refuses to apply weights once the scorecard has other metrics, and adds a driver as a metric', async () => {
		const { session, applied, current } = setup();
		session.start();
		await finished(session);
		const arr = session.drivers.find((d) => d.name === 'arr')!;
		await session.addAsMetric(arr);
		expect(applied).toHaveLength(1);
		expect(current().metrics.at(-1)).toMatchObject({ column: 'arr', label: 'ARR' });
		// A second Add (the driver row of the same run) adds nothing: the scorecard scores the column now.
		expect(session.scorecardScores('arr')).toBe(true);
		await session.addAsMetric(arr);
		expect(applied).toHaveLength(1);
		expect(current().metrics.filter((m) => m.column === 'arr')).toHaveLength(1);
		expect(session.applyMessage).toEqual({ place: 'drivers', text: '“arr” is already in the scorecard.' });
		await session.applyWeights();
		expect(applied).toHaveLength(1);
		expect(session.applyMessage).toEqual({ place: 'weights', text: 'The scorecard’s metrics changed since this run: train again before applying.' });
	}, 60_000);

	it('numbers a driver added as a metric whose name another metric has, and says which', async () => {
		const scorecard = demoScorecard();
		scorecard.metrics[0].label = 'Arr ';
		const { session, applied, current } = setup(generateDemo(), undefined, { scorecard, version: 1 });
		session.start();
		await finished(session);
		await session.addAsMetric(session.drivers.find((d) => d.name === 'arr')!);
		expect(applied).toHaveLength(1);
		expect(current().metrics.map((m) => m.label.trim())).toEqual([...scorecard.metrics.map((m) => m.label.trim()), 'ARR (2)']);
		expect(session.applyMessage?.text).toBe('“ARR (2)” was added to the scorecard with weight 10 (another metric, on “seat_utilization”, is named “Arr”); adjust it on the Scorecard page.');
	}, 60_000);

	it('does not offer applied weights again once the scorecard has other metrics: applying could save nothing', async () => {
		const { session, applied } = setup();
		session.start();
		await finished(session);
		await session.applyWeights();
		await session.addAsMetric(session.drivers.find((d) => d.name === 'arr')!);
		expect(applied).toHaveLength(2);
		expect(session.weightsApplied).toEqual({ version: 2, again: false });
		await session.applyWeights();
		expect(applied).toHaveLength(2);
		expect(session.applyMessage?.text).toBe('These weights were already applied as scorecard version 2.');
	}, 60_000);

	it('numbers a run that finishes in the second of a stored one when it stores it, and the number stays when that one is deleted', async () => {
		const { session, db } = setup(generateDemo(), undefined, undefined, 0);
		session.start();
		await finished(session);
		session.start();
		await finished(session);
		while (session.runs.length < 2) await new Promise((r) => setTimeout(r, 10));
		const [second, first] = session.runs;
		expect(second.createdAt).toBe(first.createdAt);
		expect([first.tie, second.tie]).toEqual([undefined, 2]);
		const name = runName(second, session.runs);
		expect(name).toBe(`${runName(first, session.runs)} (2)`);
		// Shown before it was stored under the name it is stored with.
		expect(runName(session.shownRun!, [first])).toBe(name);
		await session.deleteRun(first.id);
		expect(session.runs.map((r) => r.id)).toEqual([second.id]);
		expect(runNames(session.runs).get(second.id)).toBe(name);
		expect((await listRuns(db))[0].tie).toBe(2);
	}, 60_000);

	it('applies the suggested cut-off to the "At risk" band', async () => {
		const { session, applied } = setup();
		session.start();
		await finished(session);
		const cut = session.blendEval!.suggestion!;
		expect(cut.recall).toBeGreaterThanOrEqual(0.7);
		expect(cut.cutoff).toBeLessThan(70);
		// The scorecard still has the manual weights: the note gives the share the cut-off flags with them, by hand
		// from the scorecard's own scores banded as shown, and the share it flags with the learned weights.
		const { manualScore, y, churned } = buildTrainingSet(generateDemo(), demoScorecard());
		const onManual = manualScore.reduce((n, s, i) => n + (y[i] === 1 && Math.floor(s * 10 + 0.5) / 10 < cut.cutoff ? 1 : 0), 0) / churned;
		expect(Math.round(onManual * 100)).not.toBe(Math.round(cut.recall * 100));
		expect(session.scorecardWeights).toBe('manual');
		await session.applyCutoff();
		expect(applied.at(-1)!.scorecard.bands.map((b) => b.min)).toEqual([0, cut.cutoff, 70]);
		// The shares with the no-break space every number shown has before its unit.
		expect(applied.at(-1)!.note).toBe(`“At risk” below ${cut.cutoff} (Learn: ${Math.round(onManual * 100)}\u00a0% of churners flagged with the scorecard’s weights, ${Math.round(cut.recall * 100)}\u00a0% with the learned ones)`);
	}, 60_000);

	it('notes the share the cut-off flags plainly once the scorecard has the weights it was suggested for', async () => {
		const { session, applied } = setup();
		session.start();
		await finished(session);
		const cut = session.blendEval!.suggestion!;
		await session.applyWeights();
		expect(session.scorecardWeights).toBe('blend');
		await session.applyCutoff();
		expect(applied.at(-1)!.note).toBe(`“At risk” below ${cut.cutoff} (Learn: ${Math.round(cut.recall * 100)}\u00a0% of churners flagged)`);
	}, 60_000);
});


async function stored(session: LearnSession, runs: number): Promise<void> {
	await finished(session);
	while (session.runs.length < runs) await new Promise((r) => setTimeout(r, 10));
}

describe('LearnSession: stored runs shown again', { timeout: 60_000 }, () => {
	it('after a reload shows the newest run as it was shown after training, and opens an older one', async () => {
		const { db, reopen } = testDatabase(`learn-reload-${Math.random()}`);
		const first = setup(generateDemo(), db).session;
		first.settings.k = 3;
		first.start();
		await stored(first, 1);
		first.settings.k = 5;
		first.start();
		await stored(first, 2);
		const before = { shown: first.shown, manual: first.manualEval, learned: first.blendEval, weights: first.weights, drivers: first.drivers, id: first.shownRun!.id };
		expect(first.blendable).toBe(true);
		db.close();

		// A new session on the same database: a reload of the page.
		const again = setup(generateDemo(), reopen()).session;
		expect(again.shown).toBeNull();
		await again.loadRuns();
		expect(again.shownRun!.id).toBe(before.id);
		expect(again.shown).toEqual(before.shown);
		expect(again.manualEval).toEqual(before.manual);
		expect(again.blendEval).toEqual(before.learned);
		expect(again.weights).toEqual(before.weights);
		expect(again.drivers).toEqual(before.drivers);
		expect(again.trainedWith).toMatchObject({ k: 5, resamples: 200 });
		// NaN survives storage (an empty band's churn rate would otherwise come back as null, drawn as 0).
		expect(again.blendEval!.delongP).toBeLessThan(0.05);
		expect(Number.isNaN(again.manualEval!.delongP)).toBe(true);
		expect(again.blendable).toBe(false);
		expect(again.changes).toEqual([]);
		expect(again.result).toBeNull();

		const older = again.runs[1];
		again.open(older);
		expect(again.shownRun!.id).toBe(older.id);
		expect(again.trainedWith).toMatchObject({ k: 3 });
		expect(again.shown!.validation).toEqual(older.results.validation);
		expect(again.blendEval!.auc.auc).toBeCloseTo((older.results.learned as { auc: { auc: number } }).auc.auc, 12);
		// Listing the runs again (the page shown again) keeps the run the user opened.
		await again.loadRuns();
		expect(again.shownRun!.id).toBe(older.id);
	}, 60_000);

	it('applies a run’s weights once: a second click says which version has them, also after a reload, until the scorecard changes', async () => {
		const { db, reopen } = testDatabase(`learn-apply-${Math.random()}`);
		const { session, applied, current } = setup(generateDemo(), db);
		session.start();
		await stored(session, 1);
		await session.applyWeights();
		expect(applied).toHaveLength(1);
		expect(session.weightsApplied).toEqual({ version: 2, again: false });
		expect(session.applyMessage).toEqual({ place: 'weights', text: 'The weights were applied as scorecard version 2.', saved: 2 });
		await session.applyWeights();
		expect(applied).toHaveLength(1);
		expect(session.applyMessage).toEqual({ place: 'weights', text: 'These weights were already applied as scorecard version 2.' });

		// A reload: the scorecard has the weights, so the run says which version they are and saves nothing.
		const reloaded = setup(generateDemo(), reopen(), { scorecard: current(), version: 2 });
		await reloaded.session.loadRuns();
		expect(reloaded.session.weightsApplied).toEqual({ version: 2, again: false });
		await reloaded.session.applyWeights();
		expect(reloaded.applied).toEqual([]);
		expect(reloaded.session.applyMessage?.text).toBe('These weights were already applied as scorecard version 2.');

		// Two clicks before the first is saved still save one version.
		session.blendT = 0.5;
		await Promise.all([session.applyWeights(), session.applyWeights()]);
		expect(applied).toHaveLength(2);
		expect(session.weightsApplied).toEqual({ version: 3, again: false });
		expect((await listRuns(db))[0].applied?.map((a) => [a.version, a.blendPct])).toEqual([[2, 100], [3, 50]]);
		expect(applied[1].note).toBe('Weights blended 50\u00a0% manual / 50\u00a0% learned (Learn)');
		db.close();

		// After a reload the run is shown at 100 %, whose weights (version 2) the scorecard no longer has (version 3 is
		// the 50 % blend): applying them again saves a new version, once.
		const again = setup(generateDemo(), reopen(), { scorecard: current(), version: 3 });
		await again.session.loadRuns();
		expect(again.session.weightsApplied).toEqual({ version: 2, again: true });
		await Promise.all([again.session.applyWeights(), again.session.applyWeights()]);
		expect(again.applied).toHaveLength(1);
		expect(again.applied[0].scorecard.metrics.map((m) => m.weight)).toEqual(applied[0].scorecard.metrics.map((m) => m.weight));
		expect(again.session.weightsApplied).toEqual({ version: 4, again: false });
		await again.session.applyWeights();
		expect(again.applied).toHaveLength(1);
		expect((await listRuns(again.db))[0].applied?.map((a) => [a.version, a.blendPct])).toEqual([[2, 100], [3, 50], [4, 100]]);
	}, 60_000);

	it('applies a run’s cut-off once: two clicks at once, a second click and a reload save no second version, until the scorecard changes', async () => {
		const { db, reopen } = testDatabase(`learn-cutoff-${Math.random()}`);
		const { session, applied, current } = setup(generateDemo(), db);
		session.start();
		await stored(session, 1);
		const cut = session.blendEval!.suggestion!.cutoff;
		expect(session.cutoffApplied).toBeNull();
		await Promise.all([session.applyCutoff(), session.applyCutoff()]);
		expect(applied).toHaveLength(1);
		expect(current().bands.map((b) => b.min)).toEqual([0, cut, 70]);
		expect(session.applyMessage).toEqual({ place: 'cutoff', text: `“At risk” now ends at ${cut} (scorecard version 2).`, saved: 2 });
		expect(session.cutoffApplied).toEqual({ version: 2, again: false });
		await session.applyCutoff();
		expect(applied).toHaveLength(1);
		expect(session.applyMessage).toEqual({ place: 'cutoff', text: `The cut-off ${cut} was already applied as scorecard version 2.` });
		expect((await listRuns(db))[0].appliedCutoffs?.map((a) => [a.version, a.cutoff])).toEqual([[2, cut]]);
		// The weights are another change: still to apply.
		expect(session.weightsApplied).toBeNull();

		// A reload (the run shown again from storage) says the same and saves nothing.
		const reloaded = setup(generateDemo(), reopen(), { scorecard: current(), version: 2 });
		await reloaded.session.loadRuns();
		expect(reloaded.session.cutoffApplied).toEqual({ version: 2, again: false });
		await reloaded.session.applyCutoff();
		expect(reloaded.applied).toEqual([]);

		// The band moved on the Scorecard page (version 3): applying the cut-off again saves version 4, once.
		const moved = structuredClone(current());
		moved.bands[1].min = cut + 5;
		const again = setup(generateDemo(), reopen(), { scorecard: moved, version: 3 });
		await again.session.loadRuns();
		expect(again.session.cutoffApplied).toEqual({ version: 2, again: true });
		await again.session.applyCutoff();
		await again.session.applyCutoff();
		expect(again.applied).toHaveLength(1);
		expect(again.current().bands.map((b) => b.min)).toEqual([0, cut, 70]);
		expect(again.session.cutoffApplied).toEqual({ version: 4, again: false });
		expect((await listRuns(again.db))[0].appliedCutoffs?.map((a) => [a.version, a.cutoff])).toEqual([[2, cut], [4, cut]]);

		// A run whose suggested cut-off the scorecard already has saves nothing either.
		const fresh = setup(generateDemo(), undefined, { scorecard: current(), version: 2 });
		fresh.session.start();
		await stored(fresh.session, 1);
		// The bands are not learned from: the same weights suggest the same cut-off.
		expect(fresh.session.blendEval!.suggestion!.cutoff).toBe(cut);
		await fresh.session.applyCutoff();
		expect(fresh.applied).toEqual([]);
		expect(fresh.session.applyMessage?.text).toBe(`“At risk” already ends at ${cut}: nothing to apply.`);
	}, 60_000);

	it('says when the workspace changed since the run, and when its weights are already the scorecard’s', async () => {
		const { session, applied } = setup();
		session.start();
		await stored(session, 1);
		expect(session.changes).toEqual([]);
		await session.applyWeights();
		// The run's own suggested weights, now the scorecard's, are no change to warn of: said as applied instead.
		expect(session.changes).toEqual([]);
		expect(session.weightsApplied).toEqual({ version: expect.any(Number), again: false });
		expect(session.appliedWeightsVersion).toBe(session.weightsApplied!.version);

		// A new run on the applied weights learns the same weights: nothing new to apply.
		session.start();
		await stored(session, 2);
		await session.applyWeights();
		expect(applied).toHaveLength(1);
		expect(session.applyMessage?.text).toBe('The scorecard already has these weights: nothing to apply.');

		const { session: other } = setup(generateDemo({ accounts: 500 }), undefined);
		await other.loadRuns();
		other.open(session.runs[0]);
		expect(other.changes[0]).toMatch(/^the data is now Demo portfolio \([\d,]+ rows\)$/);
	}, 60_000);

	it('opens a run the previous version stored (its results beside their summary), with its applied weights, and notes a cut-off on it', async () => {
		const { db } = testDatabase(`learn-v1-${Math.random()}`);
		const old: TrainingRunRecord = JSON.parse(readFileSync(new URL('../fixtures/learn/run-v1.json', import.meta.url), 'utf8'));
		await db.runs.put(old);
		// The workspace as that run left it: its learned weights applied as version 2.
		const learned = (old.results.weights as { suggested: number }[]).map((w) => w.suggested);
		const { session, applied } = setup(generateDemo({ accounts: 400 }), db, { scorecard: withWeights(demoScorecard(), learned), version: 2 });
		await session.loadRuns();
		expect(session.shownRun?.id).toBe(old.id);
		expect(session.shownProblem).toBeNull();
		expect(session.trainedWith).toEqual(old.settings);
		expect(session.training?.customers).toBe(old.data.customers);
		expect(session.blendEval!.auc.auc).toBe((old.results.learned as { auc: { auc: number } }).auc.auc);
		expect(session.weightsApplied).toEqual({ version: 2, again: false });
		expect(session.cutoffApplied).toBeNull();
		const cut = session.blendEval!.suggestion!.cutoff;
		await session.applyCutoff();
		expect(applied).toHaveLength(1);
		expect(session.cutoffApplied).toEqual({ version: 3, again: false });
		const [again] = await listRuns(db);
		expect(again.appliedCutoffs?.map((a) => [a.version, a.cutoff])).toEqual([[3, cut]]);
		expect(again.results).toEqual(old.results);
	});

	it('says plainly that a run stored before runs kept their results cannot be shown', async () => {
		const { db } = testDatabase(`learn-old-${Math.random()}`);
		await saveRun(db, {
			id: 'old', createdAt: '2026-01-01T00:00:00.000Z',
			data: { imports: [{ id: 'demo', name: 'Demo portfolio', rowCount: 21_000 }], customers: 1_990, churned: 340, retained: 1_650, mode: 'horizon' },
			scorecard: { id: 'demo', name: 'Demo health score' },
			settings: { horizonDays: 90, C: 1, k: 5, seed: 1, resamples: 1000, targetRecall: 0.7 },
			results: { validation: { manual: { auc: 0.7 }, learned: { auc: 0.8 } }, weights: [] }
		});
		const { session } = setup(generateDemo(), db);
		await session.loadRuns();
		expect(session.shownRun?.id).toBe('old');
		expect(session.shown).toBeNull();
		expect(session.shownProblem).toBe(NO_STORED_RESULTS);
		await session.applyWeights();
		expect(session.applyMessage).toBeNull();
	});
});

describe('LearnSession settings', () => {
	it('refuses settings that cannot be used, naming the field and value, without starting a worker', () => {
		const { session, workers } = setup(generateDemo({ accounts: 300 }));
		session.settings.C = 0;
		session.start();
		expect(session.error).toBe('Regularization C: “0” is not a positive number.');
		expect(session.errorField).toBe('C');
		session.settings.C = 1;
		// An emptied number field binds as null.
		session.settings.horizonDays = null as unknown as number;
		session.start();
		expect(session.error).toBe('Horizon: nothing entered; it takes a whole number of days from 0 to 3,650.');
		expect(session.errorField).toBe('horizonDays');
		session.settings.horizonDays = 90;
		session.settings.k = 1;
		session.start();
		expect(session.error).toBe('Folds: “1” is not a whole number from 2 to 20.');
		expect(session.errorField).toBe('k');
		session.settings.k = 5;
		session.settings.seed = -1; // core/random refuses it: the run would fail in the worker after the first fit
		session.start();
		expect(session.error).toBe('Seed: “-1” is not a whole number from 0 to 4,294,967,295.');
		expect(session.errorField).toBe('seed');
		session.settings.seed = 1;
		session.settings.resamples = 50;
		session.start();
		expect(session.error).toBe('Bootstrap resamples: “50” is not a whole number from 100 to 100,000.');
		expect(session.errorField).toBe('resamples');
		expect(workers).toEqual([]);
		expect(session.phase).toBe('failed');
	});
});
