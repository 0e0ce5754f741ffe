/**
 * Learn → worklist in node, as the app wires them: the Learn session trains on the demo (the real run, in
 * process), stores the run in IndexedDB (fake-indexeddb), and the worklist ranks the latest snapshot by revenue
 * at risk with the model it reads back. The model is checked against the suggest fit made here (predictProba),
 * and the ranking against ARR × churn probability worked out here.
 */
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { formatStamp } from '../../src/lib/core/format';
import { HistoryScorer } from '../../src/lib/core/history-scorer';
import { currentView } from '../../src/lib/core/portfolio';
import { scoreTable } from '../../src/lib/core/score';
import { churnProbabilities, readChurnModel, type ChurnModel } from '../../src/lib/core/worklist';
import { deleteRun, listRuns, recordApplied, saveRun } from '../../src/lib/db';
import { fitLogistic, predictProba } from '../../src/lib/ml/logistic';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { buildTrainingSet } from '../../src/lib/ml/training';
import { LearnSession } from '../../src/lib/state/learn.svelte';
import { WorklistState, indexedDbModels } from '../../src/lib/state/worklist.svelte';
import { testDatabase } from '../db/helpers';
import { firstVersionOf, planOf } from '../helpers/history-fixture';
import { InProcessWorker } from '../helpers/in-process-learn-worker';

const lt = await loadTfNode();
const dataset = generateDemo();
const scorecard = demoScorecard();

/** Trains through the Learn session and returns the database the run was stored in. */
async function trainAndStore() {
	const { db } = testDatabase(`worklist-learned-${Math.random()}`);
	const session = new LearnSession({
		worker: () => new InProcessWorker(lt),
		dataset: () => dataset,
		scorecard: () => structuredClone(scorecard),
		imports: () => [dataset.meta],
		currentTable: () => dataset.table,
		applyScorecard: async () => { throw new Error('nothing is applied here'); },
		runs: { save: (r) => saveRun(db, r), list: () => listRuns(db), delete: (id) => deleteRun(db, id), recordApplied: (id, a) => recordApplied(db, id, a) },
		now: () => new Date('2026-11-30T12:00:00Z')
	});
	// The model is the fit on every customer: the folds and resamples only validate it.
	Object.assign(session.settings, { k: 2, resamples: 100 });
	session.start();
	for (let i = 0; i < 1000 && (session.phase === 'running' || session.runs.length === 0); i++) await new Promise((r) => setTimeout(r, 10));
	if (session.phase !== 'done') throw new Error(`training ended ${session.phase}: ${session.error}`);
	return { db, session };
}

describe('the churn model a Learn run stores, read by the worklist', async () => {
	const { db, session } = await trainAndStore();
	const runs = await listRuns(db);
	const model = readChurnModel(runs[0]?.results) as ChurnModel;

	it('is stored with the run, in the shape the worklist reads', () => {
		expect(runs).toHaveLength(1);
		expect(model).not.toBeNull();
		expect(model).toEqual(session.result!.model);
		expect(model.metricIds).toEqual(scorecard.metrics.map((m) => m.id));
	});

	it('gives on the training rows the churn probability of the suggest fit (1 − P(retained)), within 1e-9', async () => {
		const set = buildTrainingSet(dataset, scorecard, { horizonDays: session.settings.horizonDays });
		const { metricIds, columns, subScores, fillMeans, filledWithMean } = set.features;
		// Some sub-scores are skipped by the scorecard (NPS not answered): the fill is exercised.
		expect(filledWithMean.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
		expect(model.fill).toEqual(model.metricIds.map((id) => fillMeans[metricIds.indexOf(id)]));
		const design = { n: set.y.length, names: metricIds, columns };
		const fit = await fitLogistic(lt, design, Uint8Array.from(set.y, (v) => 1 - v), { C: session.settings.C, nonNegative: true });
		const retained = predictProba(fit, design);
		const churn = churnProbabilities(model, (id) => subScores[metricIds.indexOf(id)], set.y.length) as Float64Array;
		let worst = 0;
		for (let i = 0; i < churn.length; i++) worst = Math.max(worst, Math.abs(churn[i] - (1 - retained[i])));
		expect(worst).toBeLessThan(1e-9);
	});

	it('ranks the demo’s latest snapshot by ARR × that probability', async () => {
		const scorer = new HistoryScorer();
		const layout = scorer.setTable(dataset.table, dataset.meta.roles);
		const { scores } = scorer.score(planOf(scorecard));
		const history = { table: dataset.table, layout, scores, versions: [firstVersionOf(scorecard)] };
		const view = currentView(dataset);
		const result = scoreTable(view.table, scorecard);
		const worklist = new WorklistState({
			source: () => ({ history, table: view.table, roles: dataset.meta.roles, result, scorecard }),
			latestModel: indexedDbModels(db)
		});
		await worklist.refreshModel();
		flushSync();
		expect(worklist.stored?.runId).toBe(runs[0].id);
		expect(worklist.list?.rankedBy).toBe('revenue');

		// Here: logit = intercept + Σ coef × sub-score (the fill where skipped), P = 1 / (1 + e^−logit), × ARR.
		const arrColumn = view.table.columns[dataset.meta.roles.arr!];
		if (arrColumn.kind !== 'number') throw new Error('the demo has no ARR numbers');
		const at = model.metricIds.map((id) => scorecard.metrics.findIndex((m) => m.id === id));
		const revenue = Array.from({ length: view.table.rowCount }, (_, j) => {
			let logit = model.intercept;
			at.forEach((k, n) => {
				const s = result.subScores(k)[j];
				logit += model.coef[n] * (Number.isNaN(s) ? model.fill[n] : s);
			});
			return arrColumn.values[j] / (1 + Math.exp(-logit));
		});
		const order = revenue.map((_, j) => j).sort((a, b) => revenue[b] - revenue[a] || a - b);

		worklist.filter.band = null;
		flushSync();
		expect(worklist.list!.rows.length).toBe(view.table.rowCount);
		expect([...worklist.list!.rows]).toEqual(order);
		for (const j of order.slice(0, 50)) expect(Math.abs(worklist.row(j).revenueAtRisk - revenue[j])).toBeLessThan(1e-9 * Math.max(1, revenue[j]));

		// The default filter, "At risk" only: the same order restricted to that band.
		worklist.filter.band = undefined;
		flushSync();
		const atRisk = order.filter((j) => scores.band[layout.viewRows[j]] === 0);
		expect(atRisk.length).toBeGreaterThan(10);
		expect([...worklist.list!.rows]).toEqual(atRisk);
	});

	it('names the model’s run as the Learn page does: by its second, alone in its minute or not', async () => {
		const read = indexedDbModels(db);
		// The one run, 12:00:00 UTC: its second too.
		expect((await read())?.name).toBe(`${formatStamp('2026-11-30T12:00:00Z')}:00`);
		await saveRun(db, { ...runs[0], id: 'run-later', createdAt: '2026-11-30T12:00:25.000Z' });
		const later = await read();
		expect(later?.runId).toBe('run-later');
		expect(later?.name).toBe(`${formatStamp('2026-11-30T12:00:25Z')}:25`);
	});
});
