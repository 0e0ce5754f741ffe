/**
 * The training set of the Learn page, without leakage: one row per customer with a known outcome, its
 * metrics as of a horizon before that outcome (so the model never sees what happened after the decision),
 * and the scorecard's sub-scores of those rows as the features of "suggest weights". Pure: no tfjs.
 */
import type { Notice } from '../core/csv/types';
import { isIsoDate } from '../core/dates';
import type { Dataset } from '../core/dataset';
import { scoreTable, type ScoreResult } from '../core/score';
import type { Scorecard } from '../core/scorecard';
import { textAt } from '../core/stack';
import { selectRows, type Table } from '../core/table';

/** Fewer churned or fewer retained customers than this and Learn refuses: the intervals would say nothing. */
export const MIN_PER_CLASS = 30;
export const DEFAULT_HORIZON_DAYS = 90;

/** Options of buildTrainingSet. */
export interface TrainingOptions {
	/** Days between the snapshot used and the outcome (churn date, or the end of observation for the retained). */
	horizonDays?: number;
}

/** Customers with an outcome that could not be used, by reason. */
export interface Excluded {
	/** Outcome missing or neither Yes nor No. */
	noOutcome: number;
	/** No snapshot at least the horizon before the outcome. */
	noSnapshotBefore: number;
	/** Churned without a churn date: their last snapshot stands for it. */
	churnDateMissing: number;
	/** Nothing to score under the scorecard. */
	noScore: number;
}

/** One row per customer: the snapshot the model learns from, its outcome and the scorecard's sub-scores. */
export interface TrainingSet {
	horizonDays: number;
	/** 'horizon': metrics taken the horizon before the outcome; 'single': the one snapshot there is. */
	mode: 'horizon' | 'single';
	/** The latest as-of date: the end of observation for retained customers (null without snapshots). */
	endOfObservation: string | null;
	/** Row numbers in the dataset, one per customer, in customer order. */
	rows: Int32Array;
	/** Those rows as their own table (the population of percentile ranks and medians). */
	table: Table;
	/** 1 = churned, 0 = retained. */
	y: Uint8Array;
	churned: number;
	retained: number;
	excluded: Excluded;
	/** With snapshots, the longest horizon that leaves enough of each class to learn from, and their counts; null without one. */
	longestHorizon: LongestHorizon | null;
	/** The scorecard's score of each row (the manual score). */
	manualScore: Float64Array;
	/** Sub-scores (0–100, higher = healthier), one column per metric with weight > 0 or not, after each metric's policy. */
	features: SubScoreFeatures;
	notices: Notice[];
}

/** The sub-score features, complete: values the policy leaves missing ('skip') are filled with the metric's mean. */
export interface SubScoreFeatures {
	metricIds: string[];
	labels: string[];
	columns: Float64Array[];
	/** The same sub-scores as the scorecard has them: NaN where its policy skips the metric. */
	subScores: Float64Array[];
	/** Per metric: rows with no usable value (before the policy), and how many of those were filled with the mean. */
	missing: number[];
	filledWithMean: number[];
	/** The mean each filled value got. */
	fillMeans: number[];
}

/** The longest horizon at which at least MIN_PER_CLASS churned and retained customers have a snapshot before their outcome. */
export interface LongestHorizon {
	days: number;
	/** Customers of each class with a snapshot that many days before their outcome (some may still have nothing to score). */
	churned: number;
	retained: number;
}

/**
 * The longest horizon that leaves MIN_PER_CLASS customers of each class, from each customer's reach (days from its
 * earliest snapshot to its outcome: it has a snapshot the horizon before the outcome exactly when the horizon is at
 * most that); null when even a horizon of 0 leaves too few.
 */
export function longestHorizon(churnedReach: readonly number[], retainedReach: readonly number[]): LongestHorizon | null {
	const kth = (reach: readonly number[]) => [...reach].filter((d) => d >= 0).sort((a, b) => b - a)[MIN_PER_CLASS - 1];
	const c = kth(churnedReach), r = kth(retainedReach);
	if (c === undefined || r === undefined) return null;
	const days = Math.min(c, r);
	return { days, churned: churnedReach.filter((d) => d >= days).length, retained: retainedReach.filter((d) => d >= days).length };
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/** Why Learn cannot train on this data, in words for the user. */
export class TrainingRefusal extends Error {}

const DAY = 86_400_000;
const isoMinusDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) - days * DAY).toISOString().slice(0, 10);

/** Churned (1), retained (0) or unknown (−1) per row, from the outcome column's Yes / No. */
function outcomes(dataset: Dataset): Int8Array {
	const { meta, table } = dataset;
	const name = meta.roles.outcome;
	const column = name ? table.columns[name] : undefined;
	if (!column) throw new TrainingRefusal('The data has no churn outcome column: import a file with a “churned” (yes/no) column, or an outcomes file, to learn from outcomes.');
	const out = new Int8Array(table.rowCount);
	for (let i = 0; i < out.length; i++) {
		const v = textAt(column, i)?.trim().toLowerCase();
		out[i] = v === 'yes' ? 1 : v === 'no' ? 0 : -1;
	}
	return out;
}

/** The picked row of every customer with a known outcome, and what was left out. */
function pickRows(dataset: Dataset, outcome: Int8Array, horizonDays: number, excluded: Excluded): { rows: number[]; mode: TrainingSet['mode']; end: string | null; longest: LongestHorizon | null } {
	const { meta, table } = dataset;
	const idColumn = table.columns[meta.roles.id];
	const asOf = meta.roles.asOf ? table.columns[meta.roles.asOf] : undefined;
	const churnDate = meta.roles.churnDate ? table.columns[meta.roles.churnDate] : undefined;
	// As-of dates are a category column in a stored portfolio, text in a single import: read both as text.
	const dateOf = (r: number) => (asOf ? textAt(asOf, r) : null);
	const distinct = new Set<string>();
	for (let i = 0; i < table.rowCount && distinct.size < 2; i++) {
		const d = dateOf(i);
		if (d !== null) distinct.add(d);
	}
	const many = distinct.size > 1;
	// Customers in first-seen order; each keeps its rows.
	const byCustomer = new Map<string, number[]>();
	for (let i = 0; i < table.rowCount; i++) {
		const id = idColumn ? textAt(idColumn, i) : null;
		const key = id ?? `\u0000row${i}`;
		let list = byCustomer.get(key);
		if (!list) byCustomer.set(key, (list = []));
		list.push(i);
	}
	const rows: number[] = [];
	if (!many) {
		for (const list of byCustomer.values()) {
			const r = list[list.length - 1];
			if (outcome[r] < 0) excluded.noOutcome++;
			else rows.push(r);
		}
		return { rows, mode: 'single', end: [...distinct][0] ?? null, longest: null };
	}
	let end = '';
	for (let i = 0; i < table.rowCount; i++) {
		const d = dateOf(i);
		if (d !== null && d > end) end = d;
	}
	const retainedCutoff = isoMinusDays(end, horizonDays);
	const reach: [number[], number[]] = [[], []];
	for (const list of byCustomer.values()) {
		const last = list[list.length - 1];
		const y = outcome[last];
		if (y < 0) {
			excluded.noOutcome++;
			continue;
		}
		let cutoff = retainedCutoff;
		let outcomeDate = end;
		if (y === 1) {
			const when = churnDate ? textAt(churnDate, last) : null;
			if (when && isIsoDate(when)) outcomeDate = when;
			else {
				excluded.churnDateMissing++;
				outcomeDate = list.map(dateOf).reduce<string>((a, b) => (b !== null && b > a ? b : a), '');
			}
			cutoff = isoMinusDays(outcomeDate, horizonDays);
		}
		const first = list.map(dateOf).reduce<string | null>((a, b) => (b !== null && (a === null || b < a) ? b : a), null);
		if (first !== null && isIsoDate(first) && isIsoDate(outcomeDate)) reach[y === 1 ? 0 : 1].push(daysBetween(first, outcomeDate));
		let best = -1;
		let bestDate = '';
		for (const r of list) {
			const d = dateOf(r);
			if (d !== null && d <= cutoff && d > bestDate) [best, bestDate] = [r, d];
		}
		if (best < 0) excluded.noSnapshotBefore++;
		else rows.push(best);
	}
	rows.sort((a, b) => a - b);
	return { rows, mode: 'horizon', end, longest: longestHorizon(reach[0], reach[1]) };
}

/**
 * The sub-score a skipped value counts as in the model (training set and stored churn model alike): the mean of
 * the present values; NaN when there are none.
 */
export function skippedFill(values: Float64Array): number {
	let s = 0, n = 0;
	for (const v of values) if (v === v) [s, n] = [s + v, n + 1];
	return n ? s / n : NaN;
}

/** The features, a metric at a time (a step each: trainingSetSteps). */
function* subScoreFeatures(scorecard: Scorecard, result: ScoreResult, keep: number[]): Generator<void, SubScoreFeatures> {
	const f: SubScoreFeatures = { metricIds: [], labels: [], columns: [], subScores: [], missing: [], filledWithMean: [], fillMeans: [] };
	for (const [k, metric] of scorecard.metrics.entries()) {
		if (k > 0) yield;
		const all = result.subScores(k);
		const column = new Float64Array(keep.length);
		for (let i = 0; i < keep.length; i++) column[i] = all[keep[i]];
		f.subScores.push(column.slice());
		const mean = skippedFill(column);
		let filled = 0;
		for (let i = 0; i < column.length; i++) if (column[i] !== column[i]) [column[i], filled] = [mean, filled + 1];
		f.metricIds.push(metric.id);
		f.labels.push(metric.label);
		f.columns.push(column);
		f.missing.push(result.missingCounts[k]);
		f.filledWithMean.push(filled);
		f.fillMeans.push(mean);
	}
	return f;
}

/**
 * The training set of a dataset under a scorecard. Throws a TrainingRefusal, saying why, when there is no
 * outcome column or fewer than MIN_PER_CLASS churned or retained customers; the scorecard must be valid.
 */
export function buildTrainingSet(dataset: Dataset, scorecard: Scorecard, options: TrainingOptions = {}): TrainingSet {
	const steps = trainingSetSteps(dataset, scorecard, options);
	for (;;) {
		const next = steps.next();
		if (next.done) return next.value;
	}
}

/**
 * buildTrainingSet in steps: the caller may run other work at each `yield` (the Learn page lets the browser draw
 * and answer between tasks; the whole took ~100 ms on Telco). Throws as buildTrainingSet does.
 */
export function* trainingSetSteps(dataset: Dataset, scorecard: Scorecard, options: TrainingOptions = {}): Generator<void, TrainingSet> {
	const horizonDays = options.horizonDays ?? DEFAULT_HORIZON_DAYS;
	if (!(Number.isInteger(horizonDays) && horizonDays >= 0 && horizonDays <= 3650)) throw new Error(`invalid horizonDays; not a whole number of days in [0, 3650]: ${horizonDays}`);
	const excluded: Excluded = { noOutcome: 0, noSnapshotBefore: 0, churnDateMissing: 0, noScore: 0 };
	const outcome = outcomes(dataset);
	const { rows: picked, mode, end, longest } = pickRows(dataset, outcome, horizonDays, excluded);
	yield;
	const candidate = selectRows(dataset.table, picked);
	yield;
	const scored = scoreTable(candidate, scorecard);
	const keep: number[] = [];
	for (let i = 0; i < picked.length; i++) if (scored.score[i] === scored.score[i]) keep.push(i);
	excluded.noScore = picked.length - keep.length;
	const rows = new Int32Array(keep.length);
	for (let i = 0; i < keep.length; i++) rows[i] = picked[keep[i]];
	// Scored again on the kept rows only, so percentile ranks and medians are those of the training population.
	if (keep.length !== picked.length) yield;
	const table = keep.length === picked.length ? candidate : selectRows(dataset.table, rows);
	const result = keep.length === picked.length ? scored : scoreTable(table, scorecard);
	const all = Array.from({ length: rows.length }, (_, i) => i);
	const y = new Uint8Array(rows.length);
	for (let i = 0; i < rows.length; i++) y[i] = outcome[rows[i]];
	const churned = y.reduce((n, v) => n + v, 0);
	yield;
	const features = yield* subScoreFeatures(scorecard, result, all);
	const set: TrainingSet = {
		horizonDays, mode, endOfObservation: end, rows, table, y, churned, retained: y.length - churned, excluded, longestHorizon: longest,
		manualScore: result.score, features, notices: []
	};
	set.notices = describe(set);
	return set;
}

function count(n: number, noun: string): string {
	return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** What the page says about how the training set was made. */
function describe(set: TrainingSet): Notice[] {
	const notices: Notice[] = [];
	const { excluded: x } = set;
	if (set.mode === 'single') {
		notices.push({ level: 'warning', message: `The data has a single snapshot, so each customer's metrics are as of ${set.endOfObservation ?? 'the import'}, not ${set.horizonDays} days before the outcome: the model may see signs of churn that were already visible when it happened, and can look better than it will be.` });
	} else {
		notices.push({ level: 'info', message: `Each customer's metrics are taken from the latest snapshot at least ${set.horizonDays} days before its churn date, or before the end of observation (${set.endOfObservation}) for retained customers.` });
	}
	if (x.noOutcome) notices.push({ level: 'info', message: `${count(x.noOutcome, 'customer')} without a Yes / No outcome ${x.noOutcome === 1 ? 'is' : 'are'} left out.` });
	if (x.noSnapshotBefore) notices.push({ level: 'info', message: `${count(x.noSnapshotBefore, 'customer')} ${x.noSnapshotBefore === 1 ? 'has' : 'have'} no snapshot ${set.horizonDays} days before the outcome and ${x.noSnapshotBefore === 1 ? 'is' : 'are'} left out.` });
	if (x.churnDateMissing) notices.push({ level: 'warning', message: `${count(x.churnDateMissing, 'churned customer')} ${x.churnDateMissing === 1 ? 'has' : 'have'} no churn date: the last snapshot stands for it.` });
	if (x.noScore) notices.push({ level: 'info', message: `${count(x.noScore, 'customer')} with nothing to score ${x.noScore === 1 ? 'is' : 'are'} left out.` });
	const f = set.features;
	f.metricIds.forEach((_, k) => {
		if (f.filledWithMean[k]) notices.push({ level: 'info', message: `${f.labels[k]}: ${count(f.filledWithMean[k], 'missing value')} skipped by the scorecard count as the average sub-score (${f.fillMeans[k].toFixed(1)}) in the model.` });
	});
	return notices;
}

/**
 * Null when the set can be trained on, else why not (fewer than MIN_PER_CLASS churned or retained); with snapshots,
 * the horizon that would leave enough of each when a shorter one would, or that no horizon would.
 */
export function refusal(set: Pick<TrainingSet, 'churned' | 'retained' | 'horizonDays' | 'mode'> & { longestHorizon?: LongestHorizon | null }): string | null {
	if (set.churned >= MIN_PER_CLASS && set.retained >= MIN_PER_CLASS) return null;
	const where = set.mode === 'horizon' ? ` with a snapshot ${set.horizonDays} days before the outcome` : '';
	const needs = `Learning needs at least ${MIN_PER_CLASS} churned and ${MIN_PER_CLASS} retained customers${where}; this data has ${count(set.churned, 'churned customer')} and ${count(set.retained, 'retained customer')}.`;
	if (set.mode !== 'horizon') return `${needs} Add outcomes (an outcomes file or more snapshots).`;
	const longest = set.longestHorizon;
	// Three monthly exports span 61 days: "shorten the horizon" left the user to guess how far.
	if (longest && longest.days < set.horizonDays)
		return `${needs} Your snapshots reach back far enough for a horizon of at most ${count(longest.days, 'day')}: with ${longest.days}, ${count(longest.churned, 'churned customer')} and ${count(longest.retained, 'retained customer')} have a snapshot before the outcome. Shorten the horizon, or add outcomes (an outcomes file or earlier snapshots).`;
	if (longest === null) return `${needs} Even a horizon of 0 days would not leave enough: add outcomes (an outcomes file or more snapshots).`;
	return `${needs} Add outcomes (an outcomes file or more snapshots) or shorten the horizon.`;
}
