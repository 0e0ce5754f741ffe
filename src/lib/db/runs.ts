/** Training runs of the Learn page: stored whole, listed newest first, deleted one at a time. */
import { churnModelProblem } from '../core/worklist';
import { guard } from './errors';
import type { AppliedCutoff, AppliedWeights, CheckupDatabase, TrainingRunRecord } from './schema';

/** A run as handed in: everything but the schema version. */
export type TrainingRunInput = Omit<TrainingRunRecord, 'schemaVersion'>;

/** Throws, naming the run and field, when a stored record is not a run of this schema. */
export function checkRun(record: TrainingRunRecord): TrainingRunRecord {
	if (record.schemaVersion !== 1) throw new Error(`training run ${record.id} has schema version ${String(record.schemaVersion)}, expected 1`);
	for (const field of ['createdAt', 'data', 'scorecard', 'settings', 'results'] as const) {
		if (record[field] === undefined || record[field] === null) throw new Error(`training run ${record.id} has no ${field}`);
	}
	checkTie(record);
	checkModel(record);
	return record;
}

/** Throws, naming the run, when its tie (core/run-names.ts) is there but not a whole number from 2. */
function checkTie(run: Pick<TrainingRunRecord, 'id' | 'tie'>): void {
	if (run.tie !== undefined && !(Number.isInteger(run.tie) && run.tie >= 2)) throw new Error(`training run ${run.id} has a tie that is not a whole number from 2: ${String(run.tie)}`);
}

/** Throws, naming the run, when its results hold a churn model (results.model) that is not one. */
function checkModel(run: Pick<TrainingRunRecord, 'id' | 'results'>): void {
	const model = (run.results as { model?: unknown } | null | undefined)?.model;
	const problem = model === undefined ? null : churnModelProblem(model);
	if (problem) throw new Error(`training run ${run.id} has a churn model (results.model) that cannot be used: ${problem}`);
}

/** Stores a run (replacing one with the same id); returns the stored record. */
export async function saveRun(db: CheckupDatabase, run: TrainingRunInput): Promise<TrainingRunRecord> {
	if (!run.id) throw new Error('invalid run; it has no id');
	if (Number.isNaN(Date.parse(run.createdAt))) throw new Error(`invalid run ${run.id}; createdAt is not a date: ${run.createdAt}`);
	checkTie(run);
	// Through JSON: the record is plain data, and Svelte $state proxies cannot be cloned into IndexedDB.
	const record: TrainingRunRecord = { ...JSON.parse(JSON.stringify(run)), schemaVersion: 1 };
	// Checked after JSON, as it will be read: a NaN coefficient would come back as null and hide every run.
	checkModel(record);
	return guard(`save training run ${run.id}`, async () => {
		await db.runs.put(record);
		return record;
	});
}

/** Every stored run, newest first. */
export async function listRuns(db: CheckupDatabase): Promise<TrainingRunRecord[]> {
	const runs = await guard('list training runs', () => db.runs.orderBy('createdAt').reverse().toArray());
	return runs.map(checkRun);
}

/** One run, or undefined. */
export async function loadRun(db: CheckupDatabase, id: string): Promise<TrainingRunRecord | undefined> {
	const run = await guard(`load training run ${id}`, () => db.runs.get(id));
	return run && checkRun(run);
}

/**
 * Notes on a stored run that its weights or its cut-off were saved as a scorecard version, so the run still
 * says so after a reload; returns the run as stored now, or undefined when there is no run with this id
 * (deleted meanwhile).
 */
export async function recordApplied(db: CheckupDatabase, id: string, applied: AppliedWeights | AppliedCutoff): Promise<TrainingRunRecord | undefined> {
	const cutoff = 'cutoff' in applied;
	const what = cutoff ? 'applied cut-off' : 'applied weights';
	if (!(Number.isInteger(applied.version) && applied.version >= 1)) throw new Error(`invalid ${what} of run ${id}; version is not a whole number ≥ 1: ${applied.version}`);
	if (cutoff && !(applied.cutoff > 0 && applied.cutoff < 100)) throw new Error(`invalid ${what} of run ${id}; the cut-off is not between 0 and 100: ${applied.cutoff}`);
	return guard(`note ${what} on training run ${id}`, () =>
		db.transaction('rw', db.runs, async () => {
			const run = await db.runs.get(id);
			if (!run) return undefined;
			const record: TrainingRunRecord = cutoff
				? { ...run, appliedCutoffs: [...(run.appliedCutoffs ?? []), { ...applied }] }
				: { ...run, applied: [...(run.applied ?? []), { ...applied }] };
			await db.runs.put(record);
			return checkRun(record);
		})
	);
}

/** Deletes a run; false when there was none with this id. */
export async function deleteRun(db: CheckupDatabase, id: string): Promise<boolean> {
	return guard(`delete training run ${id}`, () =>
		db.transaction('rw', db.runs, async () => {
			if (!(await db.runs.get(id))) return false;
			await db.runs.delete(id);
			return true;
		})
	);
}
