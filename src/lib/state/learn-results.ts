/**
 * A run's results as the Learn page shows them (stored with the run, learn-stored.ts, so that a reload or a
 * past run shows the same panels again), and what has changed in the workspace since the run was trained.
 */
import type { DatasetMeta } from '../core/dataset';
import { diffScorecards } from '../core/scorecard-diff';
import type { Scorecard } from '../core/scorecard';
import { readDrivers, type Driver, type DriverInput } from '../ml/drivers';
import { NON_NEGATIVE_NOTICE } from '../ml/logistic';
import { shares, suggestWeights, tenthsSummingTo, type SuggestedWeight } from '../ml/suggest';
import type { TrainingSet } from '../ml/training';
import type { LearnResult, LearnSettings, Validation } from '../workers/learn-protocol';
import { evaluateAtBlend, type BlendInput, type ScoreEvaluation } from '../workers/learn-validate';
import type { TrainingRunInput } from '../db';

/** What a finished run was trained on, for the page. */
export interface TrainingSummary {
	mode: TrainingSet['mode'];
	horizonDays: number;
	endOfObservation: string | null;
	customers: number;
	churned: number;
	retained: number;
	excluded: TrainingSet['excluded'];
	notices: TrainingSet['notices'];
	missing: { label: string; missing: number; filled: number }[];
}

/**
 * Everything the result panels read, as plain data. The evaluations are those of the manual weights and of the
 * learned ones (blend 100 %, what a run shows when it finishes): the blends in between need every customer's
 * out-of-fold sub-scores, which a stored run does not keep.
 */
export interface RunResults {
	training: TrainingSummary;
	settings: LearnSettings;
	backend: string;
	validation: Validation;
	/** The scorecard the run compared against, as it was: weights and drivers are read against its metrics. */
	scorecard: Scorecard;
	weights: SuggestedWeight[];
	drivers: Driver[];
	/** What the weights' fit and the drivers' fit had to say. */
	fitNotices: string[];
	driverNotices: string[];
	manual: ScoreEvaluation;
	learned: ScoreEvaluation;
}

/** Everything the page shows of a finished run, read against the scorecard it was trained with. */
export function runResults(set: TrainingSet, result: LearnResult, scorecard: Scorecard, inputs: DriverInput[], settings: LearnSettings): RunResults {
	return {
		training: summarize(set), settings, backend: result.backend, validation: result.validation, scorecard,
		weights: suggestWeights(scorecard, result.suggestFit), drivers: readDrivers(inputs, result.driverFit, scorecard),
		fitNotices: result.notices, driverNotices: result.driverFit.notices,
		// The worker evaluated both (the request gave the bands); a result without them is evaluated here.
		manual: result.evaluations?.manual ?? evaluateBlend(set, result, scorecard, 0, settings.targetRecall),
		learned: result.evaluations?.learned ?? evaluateBlend(set, result, scorecard, 1, settings.targetRecall)
	};
}

/** Out-of-fold validation of the score at blend t (0 = manual weights); against the manual score when t > 0. */
export function evaluateBlend(set: TrainingSet, result: LearnResult, scorecard: Scorecard, t: number, targetRecall: number): ScoreEvaluation {
	return evaluateAtBlend(blendInput(set, result, scorecard), t, targetRecall);
}

/** What a run's blends are evaluated from, on the page. */
export function blendInput(set: TrainingSet, result: Pick<LearnResult, 'fold' | 'foldWeights'>, scorecard: Scorecard): BlendInput {
	return { subScores: set.features.subScores, fold: result.fold, manualWeights: scorecard.metrics.map((m) => m.weight), foldWeights: result.foldWeights, y: set.y, bands: scorecard.bands };
}

function summarize(set: TrainingSet): TrainingSummary {
	const f = set.features;
	return {
		mode: set.mode, horizonDays: set.horizonDays, endOfObservation: set.endOfObservation,
		customers: set.rows.length, churned: set.churned, retained: set.retained, excluded: set.excluded, notices: set.notices,
		missing: f.labels.map((label, k) => ({ label, missing: f.missing[k], filled: f.filledWithMean[k] }))
	};
}

/**
 * What differs between the workspace now and the one a run was trained on, in words; empty when nothing the
 * results depend on changed. Imports are compared by id and row count, scorecards by what scores depend on.
 */
export function workspaceChanges(run: { data: TrainingRunInput['data'] }, trained: Scorecard, now: { imports: readonly DatasetMeta[]; scorecard: Scorecard | null }): string[] {
	const out: string[] = [];
	const then = run.data.imports.map((d) => `${d.id}\u0000${d.rowCount}`).sort().join('\u0001');
	const current = now.imports.map((d) => `${d.id}\u0000${d.rowCount}`).sort().join('\u0001');
	if (then !== current) out.push(`the data is now ${now.imports.length ? now.imports.map((d) => `${d.name} (${d.rowCount.toLocaleString('en-US')} ${d.rowCount === 1 ? 'row' : 'rows'})`).join(', ') : 'empty'}`);
	if (now.scorecard) {
		const diff = diffScorecards(trained, now.scorecard);
		const parts: string[] = [];
		if (diff.added.length) parts.push(`${diff.added.length} ${diff.added.length === 1 ? 'metric' : 'metrics'} added`);
		if (diff.removed.length) parts.push(`${diff.removed.length} removed`);
		// Whether a CSM can act on a metric is no part of what a run learns from.
		const changed = diff.changed.filter((c) => !c.actionableOnly).length;
		if (changed) parts.push(`${changed} ${changed === 1 ? 'metric' : 'metrics'} changed (weights or scoring)`);
		if (diff.bands.length) parts.push('the bands changed');
		if (parts.length) out.push(`the scorecard has changed: ${parts.join(', ')}`);
	}
	return out;
}

/** Weights (% of the total) as Apply saves them, to one decimal adding up to their total: what the page shows of them. */
export function asApplied(percent: readonly number[]): number[] {
	return tenthsSummingTo(percent).map((t) => t / 10);
}

/** The fit's notices listed under the weights: all but its line on the ≥ 0 constraint, which the page says once in its own words. */
export function besideWeights(notices: readonly string[]): string[] {
	return notices.filter((n) => n !== NON_NEGATIVE_NOTICE);
}

/** Which weights a scorecard scores with, against a run's: those at the blend shown, the run's manual ones, or others. */
export type ScorecardWeights = 'blend' | 'manual' | 'other';

/**
 * Which weights the scorecard scores with now, read as shares of their total (Apply saves them rounded to 0.1,
 * so a share within 0.15 points counts as the same): the cut-off suggested for one score flags another share of
 * churners on another. Null without a scorecard or a run.
 */
export function scorecardWeights(current: Scorecard | null, weights: readonly SuggestedWeight[], blended: readonly number[]): ScorecardWeights | null {
	if (!current || !weights.length) return null;
	if (current.metrics.length !== weights.length || current.metrics.some((m, k) => m.id !== weights[k].metricId)) return 'other';
	const now = shares(current.metrics.map((m) => m.weight));
	const same = (want: readonly number[]) => now.every((w, k) => Math.abs(w - want[k]) <= 0.15);
	if (same(blended)) return 'blend';
	return same(weights.map((w) => w.manual)) ? 'manual' : 'other';
}
