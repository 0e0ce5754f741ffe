/** The Learn session, driven through a fake worker that runs the real training in process (tfjs for node). */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/lib/core/dataset';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { deleteRun, listRuns, saveRun } from '../../src/lib/db';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { LearnSession } from '../../src/lib/state/learn.svelte';
import { testDatabase } from '../db/helpers';
import { InProcessWorker } from '../helpers/in-process-learn-worker';

const lt = await loadTfNode();

function setup(dataset: Dataset = generateDemo()) {
	let scorecard: Scorecard = demoScorecard();
	const applied: { scorecard: Scorecard; note: string }[] = [];
	const { db } = testDatabase(`learn-${Math.random()}`);
	const workers: InProcessWorker[] = [];
	const session = new LearnSession({
		worker: () => { const w = new InProcessWorker(lt); workers.push(w); return w; },
		dataset: () => dataset,
		scorecard: () => structuredClone(scorecard),
		imports: () => [dataset.meta],
		currentTable: () => dataset.table,
		applyScorecard: async (next, note) => { applied.push({ scorecard: next, note }); scorecard = next; },
		runs: { save: (r) => saveRun(db, r), list: () => listRuns(db), delete: (id) => deleteRun(db, id) },
		now: () => new Date('2026-11-30T12:00:00Z')
	});
	session.settings.resamples = 200;
	return { session, applied, db, workers, current: () => scorecard };
}

async function finished(session: LearnSession): Promise<void> {
	for (let i = 0; i < 600 && session.phase === 'running'; i++) await new Promise((r) => setTimeout(r, 10));
	// The run is stored after it is shown.
	for (let i = 0; i < 100 && session.runs.length === 0 && session.phase === 'done'; i++) await new Promise((r) => setTimeout(r, 10));
}

describe('LearnSession', () => {
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
		applied[0].scorecard.metrics.forEach((m, k) => expect(m.weight).toBeCloseTo(session.weights[k].suggested, 1));
		expect(session.message).toMatch(/new scorecard version/);
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
		await session.applyWeights();
		expect(applied).toHaveLength(1);
		expect(session.message).toMatch(/metrics changed since this run/);
	}, 60_000);

	it('applies the suggested cut-off to the "At risk" band', async () => {
		const { session, applied } = setup();
		session.start();
		await finished(session);
		const cut = session.blendEval!.suggestion!;
		expect(cut.recall).toBeGreaterThanOrEqual(0.7);
		expect(cut.cutoff).toBeLessThan(70);
		await session.applyCutoff();
		expect(applied.at(-1)!.scorecard.bands.map((b) => b.min)).toEqual([0, cut.cutoff, 70]);
		expect(applied.at(-1)!.note).toMatch(new RegExp(`“At risk” below ${cut.cutoff} \\(Learn: \\d+ % of churners flagged\\)`));
	}, 60_000);
});


describe('LearnSession settings', () => {
	it('refuses settings that cannot be used, naming the field and value, without starting a worker', () => {
		const { session, workers } = setup(generateDemo({ accounts: 300 }));
		session.settings.C = 0;
		session.start();
		expect(session.error).toBe('Regularization C: “0” is not a positive number.');
		session.settings.C = 1;
		session.settings.horizonDays = null as unknown as number;
		session.start();
		expect(session.error).toBe('Horizon: “null” is not a whole number of days from 0 to 3,650.');
		session.settings.horizonDays = 90;
		session.settings.k = 1;
		session.start();
		expect(session.error).toBe('Folds: “1” is not a whole number from 2 to 20.');
		session.settings.k = 5;
		session.settings.seed = -1; // core/random refuses it: the run would fail in the worker after the first fit
		session.start();
		expect(session.error).toBe('Seed: “-1” is not a whole number from 0 to 4,294,967,295.');
		expect(workers).toEqual([]);
		expect(session.phase).toBe('failed');
	});
});
