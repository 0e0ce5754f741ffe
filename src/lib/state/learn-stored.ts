/**
 * How a finished run is stored (db/runs.ts keeps it as plain JSON), and its results read back: from this
 * version's format, or from an earlier one's, which is read as it is and never rewritten.
 *
 * Each fact is stored once. The record's `data` (imports, counts) and `settings` are what Past runs lists;
 * `results` (version 2) holds the rest of what the page shows, the churn model the Worklist ranks by
 * (`results.model`) and the training time. Earlier formats:
 * - version 1 (no `results.version`): the page's results under `results.shown` (their own `version: 1`),
 *   beside copies of their headline numbers (`results.validation`, `weights`, `drivers`, `manual`, ...);
 * - before that: only those copies, which cannot show the panels (NO_STORED_RESULTS).
 */
import type { ChurnModel } from '../core/worklist';
import type { TrainingRunInput } from '../db';
import type { LearnResult } from '../workers/learn-protocol';
import type { RunResults, TrainingSummary } from './learn-results';

/** The version of `run.results` this Checkup writes. */
export const RESULTS_VERSION = 2;

/** Said for a run stored before runs kept their results. */
export const NO_STORED_RESULTS = 'This run was stored by an earlier version of Checkup, which kept only the numbers listed under Past runs, not the full results: train again to see them.';

/** The training counts the record's `data` holds, and only it. */
type Counted = 'customers' | 'churned' | 'retained' | 'mode';

/** `run.results` from version 2 on; numbers JSON cannot hold are tagged (encodeNumbers). */
export interface StoredResults extends Omit<RunResults, 'settings' | 'training'> {
	version: typeof RESULTS_VERSION;
	training: Omit<TrainingSummary, Counted>;
	/** The churn model (core/worklist.ts), untagged: db/runs.ts refuses one that is not a model. */
	model: ChurnModel;
	elapsedMs: number;
}

/** Who a run is: its id, when it finished (and its tie among runs of that second, core/run-names.ts), and the imports it was trained on. */
export interface RunOrigin {
	id: string;
	createdAt: string;
	tie?: number;
	imports: TrainingRunInput['data']['imports'];
}

/** The record of a finished run, each of its results in one place. */
export function storedRun(origin: RunOrigin, shown: RunResults, result: LearnResult): TrainingRunInput {
	const { settings, training, ...rest } = shown;
	const { customers, churned, retained, mode, ...trained } = training;
	const tagged = encodeNumbers({ ...rest, training: trained, elapsedMs: result.elapsedMs }) as Record<string, unknown>;
	const results: StoredResults = { ...(tagged as Omit<StoredResults, 'version' | 'model'>), version: RESULTS_VERSION, model: result.model };
	return {
		id: origin.id,
		createdAt: origin.createdAt,
		...(origin.tie === undefined ? {} : { tie: origin.tie }),
		data: { imports: origin.imports, customers, churned, retained, mode },
		scorecard: { id: shown.scorecard.id, name: shown.scorecard.name },
		settings,
		results: { ...results }
	};
}

/**
 * The results a stored run shows, from either format; null when it has none (runs stored before runs kept
 * them). Throws, naming the run, when they are there but not results this version reads.
 */
export function readResults(run: Pick<TrainingRunInput, 'id' | 'data' | 'settings' | 'results'>): RunResults | null {
	const { results } = run;
	let stored: unknown;
	if (results.version === RESULTS_VERSION) stored = results;
	else if (results.version !== undefined) throw new Error(`training run ${run.id} has results of version ${String(results.version)}; this version of Checkup reads 1 and ${RESULTS_VERSION}`);
	else if (results.shown === undefined) return null;
	else if ((results.shown as { version?: unknown } | null)?.version !== 1) throw new Error(`training run ${run.id} has results of version ${String((results.shown as { version?: unknown } | null)?.version)}, expected 1`);
	else stored = results.shown;
	const r = decodeNumbers(stored) as RunResults;
	const where = results.version === RESULTS_VERSION ? 'results' : 'results.shown';
	for (const field of ['training', 'validation', 'scorecard', 'weights', 'drivers', 'manual', 'learned'] as const) {
		if (typeof r[field] !== 'object' || r[field] === null) throw new Error(`training run ${run.id} has no ${where}.${field}`);
	}
	const { customers, churned, retained, mode } = run.data;
	return {
		training: { ...r.training, customers, churned, retained, mode },
		settings: { ...run.settings },
		backend: r.backend, validation: r.validation, scorecard: r.scorecard, weights: r.weights, drivers: r.drivers,
		fitNotices: r.fitNotices ?? [], driverNotices: r.driverNotices ?? [], manual: r.manual, learned: r.learned
	};
}

/** The manual and learned AUCs Past runs lists, from any format; NaN where the run has none. */
export function listedAucs(run: Pick<TrainingRunInput, 'results'>): { manual: number; learned: number } {
	const { results } = run;
	// Version 1 kept an untagged copy beside the shown results, with NaN turned to null: the shown ones are read.
	const holder = results.version === undefined && typeof results.shown === 'object' && results.shown !== null ? (results.shown as Record<string, unknown>) : results;
	const v = holder.validation === undefined ? undefined : (decodeNumbers(holder.validation) as { manual?: { auc?: unknown }; learned?: { auc?: unknown } } | null);
	const auc = (x: unknown) => (typeof x === 'number' ? x : NaN);
	return { manual: auc(v?.manual?.auc), learned: auc(v?.learned?.auc) };
}

/** Stands for a NaN or infinity in stored results: JSON would turn them into null, which reads as 0 in a chart. */
interface NonFinite {
	$number: 'NaN' | 'Infinity' | '-Infinity';
}

function isNonFinite(x: unknown): x is NonFinite {
	return typeof x === 'object' && x !== null && Object.keys(x).length === 1 && ['NaN', 'Infinity', '-Infinity'].includes((x as NonFinite).$number);
}

/** A JSON-safe copy with non-finite numbers kept as tags. */
export function encodeNumbers(value: unknown): unknown {
	return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $number: String(v) } : v)));
}

/** A copy with the tags of encodeNumbers turned back into numbers. */
export function decodeNumbers(value: unknown): unknown {
	return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (isNonFinite(v) ? Number(v.$number) : v));
}
