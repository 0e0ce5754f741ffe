import { describe, expect, it } from 'vitest';
import { deleteRun, listRuns, loadRun, recordApplied, saveRun, type TrainingRunInput } from '../../src/lib/db';
import { testDatabase } from './helpers';

function run(id: string, createdAt: string, auc = 0.8): TrainingRunInput {
	return {
		id,
		createdAt,
		data: { imports: [{ id: 'demo', name: 'Demo portfolio', rowCount: 21_000 }], customers: 1_990, churned: 340, retained: 1_650, mode: 'horizon' },
		scorecard: { id: 'demo', name: 'Demo health score' },
		settings: { horizonDays: 90, C: 1, k: 5, seed: 1, resamples: 1000, targetRecall: 0.7 },
		results: { auc: { manual: auc, learned: 0.85 }, weights: [{ metricId: 'usage', suggested: 31.5 }] }
	};
}

describe('training runs', () => {
	it('stores runs, lists them newest first and reads them back after a reopen', async () => {
		const { db, reopen } = testDatabase('runs-1');
		await saveRun(db, run('a', '2026-11-01T10:00:00.000Z', 0.71));
		await saveRun(db, run('b', '2026-11-02T10:00:00.000Z', 0.72));
		await saveRun(db, run('c', '2026-10-30T10:00:00.000Z', 0.73));
		db.close();
		const again = reopen();
		const runs = await listRuns(again);
		expect(runs.map((r) => r.id)).toEqual(['b', 'a', 'c']);
		expect(runs[1]).toEqual({ ...run('a', '2026-11-01T10:00:00.000Z', 0.71), schemaVersion: 1 });
		expect((await loadRun(again, 'c'))?.results).toEqual({ auc: { manual: 0.73, learned: 0.85 }, weights: [{ metricId: 'usage', suggested: 31.5 }] });
		expect(await loadRun(again, 'zzz')).toBeUndefined();
	});

	it('deletes one run and says when there was none', async () => {
		const { db } = testDatabase('runs-2');
		await saveRun(db, run('a', '2026-11-01T10:00:00.000Z'));
		await saveRun(db, run('b', '2026-11-02T10:00:00.000Z'));
		expect(await deleteRun(db, 'a')).toBe(true);
		expect(await deleteRun(db, 'a')).toBe(false);
		expect((await listRuns(db)).map((r) => r.id)).toEqual(['b']);
	});

	it('refuses a run without an id or date, and a stored record of another schema', async () => {
		const { db } = testDatabase('runs-3');
		await expect(saveRun(db, run('', '2026-11-01T10:00:00.000Z'))).rejects.toThrow(/no id/);
		await expect(saveRun(db, run('x', 'yesterday'))).rejects.toThrow(/yesterday/);
		await db.runs.put({ ...run('old', '2026-01-01T00:00:00.000Z'), schemaVersion: 2 as unknown as 1 });
		await expect(listRuns(db)).rejects.toThrow(/run old has schema version 2/);
		expect(await listRuns(db).catch(() => 'refused')).toBe('refused');
	});

	it('keeps a run’s tie among runs of its second, and refuses one that is not a whole number from 2, naming the run', async () => {
		const { db, reopen } = testDatabase('runs-tie');
		await saveRun(db, run('a', '2026-11-01T10:00:00.000Z'));
		await saveRun(db, { ...run('b', '2026-11-01T10:00:00.400Z'), tie: 2 });
		await expect(saveRun(db, { ...run('c', '2026-11-01T10:00:00.500Z'), tie: 1 })).rejects.toThrow('training run c has a tie that is not a whole number from 2: 1');
		await expect(saveRun(db, { ...run('d', '2026-11-01T10:00:00.500Z'), tie: 2.5 })).rejects.toThrow(/run d has a tie/);
		db.close();
		const again = reopen();
		expect((await listRuns(again)).map((r) => [r.id, r.tie])).toEqual([['b', 2], ['a', undefined]]);
		await again.runs.put({ ...run('e', '2026-11-01T10:00:01.000Z'), tie: 'two' as unknown as number, schemaVersion: 1 });
		await expect(listRuns(again)).rejects.toThrow('training run e has a tie that is not a whole number from 2: two');
	});

	it('keeps a churn model with the run, and refuses to store or read one that is not a model, naming the run', async () => {
		const { db, reopen } = testDatabase('runs-4');
		const model = { kind: 'churn-logistic-subscores', metricIds: ['usage', 'nps'], intercept: 1.5, coef: [-0.03, 0], fill: [48.25, 61] };
		await saveRun(db, { ...run('m', '2026-11-01T10:00:00.000Z'), results: { model } });
		db.close();
		const again = reopen();
		expect((await loadRun(again, 'm'))?.results.model).toEqual(model);

		// NaN becomes null through JSON: refused before it is stored, and the stored runs stay as they were.
		await expect(saveRun(again, { ...run('nan', '2026-11-02T10:00:00.000Z'), results: { model: { ...model, coef: [NaN, 0] } } }))
			.rejects.toThrow('training run nan has a churn model (results.model) that cannot be used: its coef for usage is not a finite number: null');
		expect((await listRuns(again)).map((r) => r.id)).toEqual(['m']);

		await again.runs.put({ ...run('bad', '2026-11-03T10:00:00.000Z'), results: { model: { ...model, fill: [1] } }, schemaVersion: 1 });
		await expect(listRuns(again)).rejects.toThrow('training run bad has a churn model (results.model) that cannot be used: its fill has 1 values for 2 metrics');
		await expect(loadRun(again, 'bad')).rejects.toThrow(/run bad has a churn model/);
	});

	it('notes on a run each time its weights became a scorecard version, kept after a reopen', async () => {
		const { db, reopen } = testDatabase('runs-5');
		await saveRun(db, run('a', '2026-11-01T10:00:00.000Z'));
		const first = await recordApplied(db, 'a', { version: 4, blendPct: 100, at: '2026-11-01T11:00:00.000Z' });
		expect(first?.applied).toEqual([{ version: 4, blendPct: 100, at: '2026-11-01T11:00:00.000Z' }]);
		await recordApplied(db, 'a', { version: 6, blendPct: 50, at: '2026-11-01T12:00:00.000Z' });
		db.close();
		const again = reopen();
		const stored = await loadRun(again, 'a');
		expect(stored?.applied?.map((a) => a.version)).toEqual([4, 6]);
		expect(stored?.results).toEqual(run('a', '2026-11-01T10:00:00.000Z').results);
		expect(await recordApplied(again, 'gone', { version: 7, blendPct: 100, at: '2026-11-01T13:00:00.000Z' })).toBeUndefined();
		await expect(recordApplied(again, 'a', { version: 0, blendPct: 100, at: '2026-11-01T13:00:00.000Z' })).rejects.toThrow('invalid applied weights of run a; version is not a whole number ≥ 1: 0');
		expect((await loadRun(again, 'a'))?.applied).toHaveLength(2);
	});

	it('notes a run’s applied cut-offs apart from its weights, and refuses a cut-off outside the scale', async () => {
		const { db, reopen } = testDatabase('runs-6');
		await saveRun(db, run('a', '2026-11-01T10:00:00.000Z'));
		await recordApplied(db, 'a', { version: 2, blendPct: 100, at: '2026-11-01T11:00:00.000Z' });
		const noted = await recordApplied(db, 'a', { version: 3, cutoff: 42, at: '2026-11-01T12:00:00.000Z' });
		expect(noted?.appliedCutoffs).toEqual([{ version: 3, cutoff: 42, at: '2026-11-01T12:00:00.000Z' }]);
		db.close();
		const stored = await loadRun(reopen(), 'a');
		expect(stored?.applied?.map((a) => a.version)).toEqual([2]);
		expect(stored?.appliedCutoffs?.map((a) => [a.version, a.cutoff])).toEqual([[3, 42]]);
		await expect(recordApplied(db, 'a', { version: 4, cutoff: 100, at: '2026-11-01T13:00:00.000Z' })).rejects.toThrow('invalid applied cut-off of run a; the cut-off is not between 0 and 100: 100');
		await expect(recordApplied(db, 'a', { version: 0.5, cutoff: 40, at: '2026-11-01T13:00:00.000Z' })).rejects.toThrow('invalid applied cut-off of run a; version is not a whole number ≥ 1: 0.5');
	});
});
