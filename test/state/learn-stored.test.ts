/**
 * A run as stored: each result once, read back whole (non-finite numbers kept); runs stored by the previous
 * version (test/fixtures/learn/run-v1.json, written by that version's code) and the oldest ones still read;
 * both through a workspace backup.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoScorecard } from '../../src/lib/core/demo';
import type { ChurnModel } from '../../src/lib/core/worklist';
import { listRuns, loadRun, saveRun, type TrainingRunRecord } from '../../src/lib/db';
import { createBackup, readBackup, restoreBackup } from '../../src/lib/db/backup';
import type { RunResults } from '../../src/lib/state/learn-results';
import { listedAucs, readResults, storedRun } from '../../src/lib/state/learn-stored';
import type { LearnResult } from '../../src/lib/workers/learn-protocol';
import { indexedDbStore } from '../../src/lib/state/store';
import { sampleDataset, testDatabase } from '../db/helpers';

const v1 = (): TrainingRunRecord => JSON.parse(readFileSync(new URL('../fixtures/learn/run-v1.json', import.meta.url), 'utf8'));

/** Only the fields the helpers read are real; the rest is shaped enough to pass the checks. */
function results(): RunResults {
	const evaluation = { auc: { auc: 0.7, lo: 0.6, hi: 0.8 }, delongP: NaN, roc: [[0, 0], [1, 1]] as [number, number][], bands: [{ label: 'At risk', customers: 0, churned: 0, rate: NaN }], deciles: [], spearman: -Infinity, pointBiserial: Infinity, cutoffs: [], suggestion: null, unscored: 0 };
	return {
		training: { mode: 'single', horizonDays: 0, endOfObservation: null, customers: 10, churned: 4, retained: 6, excluded: [] as never, notices: [], missing: [] },
		settings: { horizonDays: 90, C: 1, k: 5, seed: 1, resamples: 1000, targetRecall: 0.7 },
		backend: 'wasm',
		validation: { manual: { auc: 0.7, lo: 0.6, hi: 0.8 }, learned: { auc: 0.75, lo: 0.65, hi: 0.85 }, delongP: 0.01, calibration: [{ predicted: NaN, observed: NaN, count: 0 }], brier: 0.2, logLoss: 0.6 },
		scorecard: demoScorecard(),
		weights: [{ metricId: 'usage', label: 'NaN', manual: 20, suggested: 30, interval: [10, 50], per10Points: NaN, pValue: NaN }],
		drivers: [],
		fitNotices: ['a fit notice'],
		driverNotices: [],
		manual: evaluation as RunResults['manual'],
		learned: { ...evaluation, delongP: 0.01 } as RunResults['learned']
	};
}

const model: ChurnModel = { kind: 'churn-logistic-subscores', metricIds: ['usage', 'nps'], intercept: 1.5, coef: [-0.03, 0], fill: [48.25, 61] };
const origin = { id: 'r1', createdAt: '2026-11-30T12:00:00.000Z', imports: [{ id: 'demo', name: 'Demo portfolio', rowCount: 21_000 }] };
/** The record as IndexedDB gives it back: through JSON, as saveRun stores it. */
const throughJson = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('a run as stored', () => {
	it('keeps each result once and comes back as it went in, NaN and infinities included', () => {
		const shown = results();
		const run = throughJson(storedRun(origin, shown, { model, elapsedMs: 1234 } as LearnResult));
		expect(run.data).toEqual({ imports: origin.imports, customers: 10, churned: 4, retained: 6, mode: 'single' });
		expect(run.settings).toEqual(shown.settings);
		// The page's results, the model and the time: no second copy of anything, and not the settings or counts above.
		expect(Object.keys(run.results).sort()).toEqual(['backend', 'driverNotices', 'drivers', 'elapsedMs', 'fitNotices', 'learned', 'manual', 'model', 'scorecard', 'training', 'validation', 'version', 'weights']);
		expect(run.results.version).toBe(2);
		expect(Object.keys(run.results.training as object).sort()).toEqual(['endOfObservation', 'excluded', 'horizonDays', 'missing', 'notices']);
		expect(run.results.model).toEqual(model);
		const back = readResults(run)!;
		expect(back).toEqual(shown);
		expect(Number.isNaN(back.manual.bands[0].rate)).toBe(true);
		expect(back.manual.spearman).toBe(-Infinity);
		expect(back.manual.suggestion).toBeNull();
		expect(back.weights[0].label).toBe('NaN');
		expect(listedAucs(run)).toEqual({ manual: 0.7, learned: 0.75 });
	});

	it('refuses results it cannot read, naming the run and what is wrong', () => {
		const run = throughJson(storedRun(origin, results(), { model, elapsedMs: 1 } as LearnResult));
		expect(() => readResults({ ...run, id: 'r2', results: { ...run.results, version: 3 } })).toThrow('training run r2 has results of version 3; this version of Checkup reads 1 and 2');
		const { learned: _, ...partial } = run.results;
		expect(() => readResults({ ...run, id: 'r3', results: partial })).toThrow('training run r3 has no results.learned');
		expect(listedAucs({ results: { version: 3 } })).toEqual({ manual: NaN, learned: NaN });
	});
});

describe('runs stored by earlier versions', () => {
	it('reads a run the previous version stored as that version showed it: the summary it kept beside the results agrees', () => {
		const old = v1();
		const summary = old.results as { validation: unknown; weights: unknown; drivers: unknown[]; backend: string; manual: { auc: unknown; churnByBand: unknown }; learned: { auc: unknown; churnByBand: unknown; delongP: number } };
		const shown = readResults(old)!;
		expect(shown.validation).toEqual(summary.validation);
		expect(throughJson(shown.weights)).toEqual(summary.weights);
		expect(throughJson(shown.drivers.slice(0, 30))).toEqual(summary.drivers);
		expect(shown.backend).toBe(summary.backend);
		expect(shown.manual.auc).toEqual(summary.manual.auc);
		expect(shown.manual.bands).toEqual(summary.manual.churnByBand);
		expect(shown.learned.bands).toEqual(summary.learned.churnByBand);
		expect(shown.learned.delongP).toBe(summary.learned.delongP);
		// NaN kept there only as a tag: the manual score has no DeLong test against itself.
		expect(Number.isNaN(shown.manual.delongP)).toBe(true);
		expect(shown.settings).toEqual(old.settings);
		expect(shown.training).toMatchObject({ customers: old.data.customers, churned: old.data.churned, retained: old.data.retained, mode: old.data.mode });
		expect(shown.scorecard.metrics.map((m) => m.id)).toEqual(demoScorecard().metrics.map((m) => m.id));
		expect(listedAucs(old)).toEqual({ manual: (summary.validation as { manual: { auc: number } }).manual.auc, learned: (summary.validation as { learned: { auc: number } }).learned.auc });
		// The same results stored the way this version stores them read back the same.
		const again = throughJson(storedRun({ id: old.id, createdAt: old.createdAt, imports: old.data.imports }, shown, { model: old.results.model, elapsedMs: old.results.elapsedMs } as LearnResult));
		expect(readResults(again)).toEqual(shown);
		expect(JSON.stringify(again).length).toBeLessThan(JSON.stringify(old).length);
	});

	it('says the oldest runs (the summary only) have no results to show, and lists their AUCs', () => {
		const oldest = { id: 'old', data: v1().data, settings: v1().settings, results: { validation: { manual: { auc: 0.7 }, learned: { auc: null } }, weights: [] } };
		expect(readResults(oldest)).toBeNull();
		expect(listedAucs(oldest)).toEqual({ manual: 0.7, learned: NaN });
		expect(() => readResults({ ...oldest, id: 'r4', results: { shown: { ...v1().results.shown as object, version: 2 } } })).toThrow('training run r4 has results of version 2, expected 1');
		const { learned: _, ...partial } = v1().results.shown as Record<string, unknown>;
		expect(() => readResults({ ...oldest, id: 'r5', results: { shown: partial } })).toThrow('training run r5 has no results.shown.learned');
	});

	it('keeps runs of both formats through a backup and a restore, and reads them as before', async () => {
		const { db } = testDatabase(`learn-stored-backup-${Math.random()}`);
		await indexedDbStore(db).replaceWith(sampleDataset(300), demoScorecard());
		// The previous version's record as it is on disk, and one stored by this version.
		await db.runs.put(v1());
		const old = v1();
		await saveRun(db, storedRun({ id: 'new', createdAt: '2026-12-01T00:00:00.000Z', imports: old.data.imports }, readResults(old)!, { model: old.results.model, elapsedMs: 5 } as LearnResult));
		const before = await listRuns(db);
		expect(before.map((r) => r.id)).toEqual(['new', old.id]);
		const plan = await readBackup(db, await createBackup(db));
		expect(plan.summary.records.runs).toBe(2);
		await db.transaction('rw', db.tables, () => Promise.all(db.tables.map((t) => t.clear())));
		await restoreBackup(db, plan);
		const after = await listRuns(db);
		expect(after).toEqual(before);
		expect(readResults(after[0])).toEqual(readResults(old));
		expect(readResults(after[1])).toEqual(readResults(old));
		expect((await loadRun(db, old.id))?.applied).toEqual(old.applied);
	});
});
