/**
 * The at-risk worklist: customers ranked by revenue at risk (ARR × churn probability) when a churn model exists,
 * else by health score (lowest first), filtered by band, segment and owner; customers who already churned are left
 * out unless asked for.
 */
import { CHURNED, LEAVING, STAYING } from './churned';
import { keptCells, toCsv, type CsvValue } from './export-csv';

/** What the worklist is ranked by: revenue at risk, churn probability alone (no ARR column), or the score. */
export type RankedBy = 'revenue' | 'probability' | 'score';

/** One customer per index (the latest snapshot's rows). */
export interface WorklistInput {
	score: ArrayLike<number>;
	/** Band index, −1 for no score. */
	band: ArrayLike<number>;
	arr: ArrayLike<number> | null;
	/** Churn probability from the trained model, per customer (NaN where it cannot say); null without a model. */
	probability: ArrayLike<number> | null;
	segment?: (i: number) => string;
	owner?: (i: number) => string;
	/** Per customer, its ChurnState (core/churned.ts); absent when the data records no churn. */
	churn?: ArrayLike<number> | null;
}

export interface WorklistFilter {
	/** Band index, null for every band. */
	band: number | null;
	segment: string | null;
	owner: string | null;
	/** List the customers who already churned too (hidden by default: a CSM cannot save them). */
	churned?: boolean;
}

export interface Worklist {
	rankedBy: RankedBy;
	/** Customer indexes, in rank order. */
	rows: Uint32Array;
	/** ARR × probability per customer (NaN where either is missing); null when there is no model. */
	revenueAtRisk: Float64Array | null;
	/** Customers who already churned among those the filter's band, segment and owner pick: left out unless asked for. */
	churned: number;
}

export function rankedByOf(input: Pick<WorklistInput, 'arr' | 'probability'>): RankedBy {
	return input.probability ? (input.arr ? 'revenue' : 'probability') : 'score';
}

/**
 * Ranked customers that pass the filter. Revenue (or probability) runs highest first, the score lowest first;
 * customers without the ranking value come last; ties keep customer order.
 */
export function worklistOf(input: WorklistInput, filter: WorklistFilter): Worklist {
	const n = input.score.length;
	const { arr, probability } = input;
	for (const [name, values] of [['band', input.band], ['ARR', arr], ['probability', probability], ['churn', input.churn]] as const) {
		if (values && values.length !== n) throw new Error(`invalid worklist input; ${name} has ${values.length} values for ${n} customers`);
	}
	const rankedBy = rankedByOf(input);
	let revenueAtRisk: Float64Array | null = null;
	if (probability) {
		revenueAtRisk = new Float64Array(n);
		for (let i = 0; i < n; i++) {
			const p = probability[i];
			revenueAtRisk[i] = arr ? arr[i] * p : NaN;
		}
	}
	// Sort keys: larger comes first; no value (NaN) as −Infinity, so it sorts last (in customer order).
	const key = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const k = rankedBy === 'revenue' ? revenueAtRisk![i] : rankedBy === 'probability' ? probability![i] : -input.score[i];
		key[i] = k === k ? k : -Infinity;
	}
	let count = 0, churned = 0;
	const kept = new Uint32Array(n);
	const churn = input.churn;
	for (let i = 0; i < n; i++) {
		if (filter.band !== null && input.band[i] !== filter.band) continue;
		if (filter.segment !== null && input.segment?.(i) !== filter.segment) continue;
		if (filter.owner !== null && input.owner?.(i) !== filter.owner) continue;
		if (churn && churn[i] === CHURNED) {
			churned++;
			if (!filter.churned) continue;
		}
		kept[count++] = i;
	}
	const rows = sortDescending(kept.slice(0, count), key);
	return { rankedBy, rows, revenueAtRisk, churned };
}

/**
 * The rows ordered by key, largest first, equal keys in row order: a stable bottom-up merge sort on typed arrays.
 * 10–20× faster here than Array.prototype.sort with a comparator on 100,000 rows (no call per comparison).
 */
export function sortDescending(rows: Uint32Array, key: Float64Array): Uint32Array {
	let from: Uint32Array = rows, to: Uint32Array = new Uint32Array(rows.length);
	const n = rows.length;
	for (let width = 1; width < n; width *= 2) {
		for (let lo = 0; lo < n; lo += 2 * width) {
			const mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n);
			let i = lo, j = mid, k = lo;
			while (i < mid && j < hi) to[k++] = key[from[j]] > key[from[i]] ? from[j++] : from[i++];
			while (i < mid) to[k++] = from[i++];
			while (j < hi) to[k++] = from[j++];
		}
		[from, to] = [to, from];
	}
	return from;
}

/** How the worklist is ranked, in words for the page; `arr`: whether the data has ARR, which a model would multiply. */
export function describeRanking(rankedBy: RankedBy, modelName?: string, arr = true): string {
	const model = modelName ? `the churn model “${modelName}”` : 'the latest trained churn model';
	if (rankedBy === 'revenue') return `Ranked by revenue at risk: ARR × churn probability from ${model}.`;
	if (rankedBy === 'probability') return `Ranked by churn probability from ${model} (the data has no ARR column, so there is no revenue at risk).`;
	return `Ranked by health score, lowest first: there is no trained churn model yet (train one on the Learn page to rank by ${arr ? 'revenue at risk' : 'churn probability'}).`;
}

/** An import as a training run records it, and as the workspace lists it. */
export interface ImportOfRun {
	id: string;
	name: string;
	rowCount: number;
}

/**
 * What changed in the imports since the model's run was trained, in words, when anything did: a month deleted or
 * added after training went on ranking by the old model with nothing said. Null when the imports are the same (by
 * id and rows) or the run did not record them.
 */
export function modelDataNote(trainedOn: readonly ImportOfRun[] | undefined, now: readonly ImportOfRun[]): string | null {
	if (!trainedOn) return null;
	const key = (d: ImportOfRun) => `${d.id}\u0000${d.rowCount}`;
	const then = new Set(trainedOn.map(key)), current = new Set(now.map(key));
	const gone = trainedOn.filter((d) => !current.has(key(d))).map((d) => d.name);
	const added = now.filter((d) => !then.has(key(d))).map((d) => d.name);
	if (!gone.length && !added.length) return null;
	const names = (list: string[]) => (list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`);
	const parts = [
		...(gone.length ? [`${names(gone)} ${gone.length === 1 ? 'was' : 'were'} deleted or replaced`] : []),
		...(added.length ? [`${names(added)} ${added.length === 1 ? 'was' : 'were'} imported`] : [])
	];
	return `That model was trained before ${parts.join(' and ')}: train again on the Learn page to rank by the data as it is now.`;
}

/**
 * A churn model as a training run stores it (results.model): logistic regression of churned on the scorecard's
 * sub-scores, P(churn) = 1 / (1 + e^−(intercept + Σ coef × sub-score)), a skipped sub-score taking `fill`.
 */
export interface ChurnModel {
	kind: 'churn-logistic-subscores';
	metricIds: string[];
	intercept: number;
	/** Log-odds of churn per sub-score point, per metric. */
	coef: number[];
	/** The sub-score a skipped metric gets (the training mean). */
	fill: number[];
}

/** What is wrong with a stored churn model, naming the field (and value); null when it is one of this shape. */
export function churnModelProblem(model: unknown): string | null {
	if (typeof model !== 'object' || model === null || Array.isArray(model)) return `it is not an object: ${JSON.stringify(model)}`;
	const m = model as Partial<Record<keyof ChurnModel, unknown>>;
	if (m.kind !== 'churn-logistic-subscores') return `its kind is ${JSON.stringify(m.kind)}, not "churn-logistic-subscores"`;
	if (!Array.isArray(m.metricIds) || !m.metricIds.every((id) => typeof id === 'string')) return 'its metricIds are not a list of metric ids';
	const d = m.metricIds.length;
	for (const field of ['coef', 'fill'] as const) {
		const xs = m[field];
		if (!Array.isArray(xs) || xs.length !== d) return `its ${field} has ${Array.isArray(xs) ? xs.length : 'no'} values for ${d} metrics`;
		const bad = xs.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
		if (bad >= 0) return `its ${field} for ${m.metricIds[bad]} is not a finite number: ${JSON.stringify(xs[bad])}`;
	}
	if (typeof m.intercept !== 'number' || !Number.isFinite(m.intercept)) return `its intercept is not a finite number: ${JSON.stringify(m.intercept)}`;
	return null;
}

/** The model in a run's results, or null when the run holds none (or not one of this shape). */
export function readChurnModel(results: unknown): ChurnModel | null {
	const model = (results as { model?: unknown } | null)?.model;
	return model !== undefined && churnModelProblem(model) === null ? (model as ChurnModel) : null;
}

/**
 * Each customer's churn probability under the model, from its sub-scores by metric id; a string naming the first
 * metric of the model the scorecard no longer has when it cannot be applied.
 */
export function churnProbabilities(model: ChurnModel, subScores: (metricId: string) => ArrayLike<number> | null, n: number): Float64Array | string {
	const logit = new Float64Array(n).fill(model.intercept);
	for (let k = 0; k < model.metricIds.length; k++) {
		const values = subScores(model.metricIds[k]);
		if (!values) return model.metricIds[k];
		const b = model.coef[k], fill = model.fill[k];
		for (let i = 0; i < n; i++) {
			const s = values[i];
			logit[i] += b * (s === s ? s : fill);
		}
	}
	for (let i = 0; i < n; i++) logit[i] = 1 / (1 + Math.exp(-logit[i]));
	return logit;
}

/** What the CSV writes of one customer besides the ranking's inputs: its text, and its change as the page shows it. */
export interface WorklistText {
	id(i: number): string;
	name(i: number): string;
	segment(i: number): string;
	owner(i: number): string;
	band(i: number): string;
	action(i: number): string;
	/** Score points since the customer's previous snapshot (NaN: no score to compare). */
	change(i: number): number;
	/** The as-of date of that snapshot ('' where there is no change). */
	since(i: number): string;
	/** Its ChurnState (core/churned.ts); absent when the data records no churn. */
	churn?(i: number): number;
	/** Its churn date ('' where there is none). */
	churnDate?(i: number): string;
}

/**
 * The columns in the page's order (Rank, Customer, Score, Band and action, Change, Segment, Owner, ARR, Churn
 * probability, Revenue at risk), the customer as its ID (the key a spreadsheet joins on) and its name.
 */
export const WORKLIST_COLUMNS = [
	'rank', 'customer_id', 'name', 'score', 'band', 'recommended_action', 'change', 'change_since',
	'segment', 'owner', 'arr', 'churn_probability', 'revenue_at_risk'
] as const;
type WorklistColumn = (typeof WORKLIST_COLUMNS)[number];

/** When a listed customer is marked (churned, or leaving): its outcome in words and its churn date. */
export const OUTCOME_COLUMNS = ['outcome', 'churn_date'] as const;
const OUTCOME_WORDS: Record<number, string> = { [CHURNED]: 'Churned', [LEAVING]: 'Leaving' };

/** Which of the columns that depend on the data the page shows: the CSV leaves out the others (empty on every line). */
export interface WorklistShown {
	/** The data has a name column. */
	name: boolean;
	/** There is a snapshot before the latest to measure a change from. */
	change: boolean;
	segment: boolean;
	owner: boolean;
}

const EVERY_COLUMN: WorklistShown = { name: true, change: true, segment: true, owner: true };

/**
 * The worklist as CSV, in rank order, with the page's columns: a column the data has nothing for (no name, segment,
 * owner or ARR column; one snapshot, so no change; no trained model, so no churn probability or revenue at risk)
 * is left out rather than written empty on every line. Text cells that a spreadsheet would run as a formula are
 * neutralised. When a listed customer is marked (churned, or leaving), it follows the page with OUTCOME_COLUMNS:
 * "Churned" or "Leaving", and the churn date.
 */
export function worklistCsv(list: Worklist, input: WorklistInput, text: WorklistText, shown: WorklistShown = EVERY_COLUMN): string {
	const churn = text.churn;
	const marked = churn ? list.rows.some((i) => churn(i) !== STAYING) : false;
	const model = list.revenueAtRisk !== null;
	const dropped: Partial<Record<WorklistColumn, boolean>> = {
		name: !shown.name, change: !shown.change, change_since: !shown.change, segment: !shown.segment, owner: !shown.owner,
		arr: !input.arr, churn_probability: !model, revenue_at_risk: !model || !input.arr
	};
	const kept = WORKLIST_COLUMNS.map((c) => !dropped[c]);
	const lines: CsvValue[][] = [[...keptCells<CsvValue>(WORKLIST_COLUMNS, kept), ...(marked ? OUTCOME_COLUMNS : [])]];
	list.rows.forEach((i, r) => {
		const change = text.change(i);
		const line = keptCells<CsvValue>([
			r + 1, text.id(i), text.name(i), input.score[i], text.band(i) || null, text.action(i) || null,
			change, change === change ? text.since(i) || null : null,
			text.segment(i), text.owner(i), input.arr ? input.arr[i] : null,
			input.probability ? input.probability[i] : null, list.revenueAtRisk ? list.revenueAtRisk[i] : null
		], kept);
		if (marked) line.push(OUTCOME_WORDS[churn!(i)] ?? null, text.churnDate?.(i) || null);
		lines.push(line);
	});
	return toCsv(lines);
}
