/**
 * `checkup train`: what the Learn page does, from node. The training set (training.ts), the run (the worker's
 * runLearning: suggest fit, folds, validation, drivers) on the tfjs wasm backend, read as the page reads it.
 */
import { basename } from 'node:path';
import { ScorecardError, assertScorecard } from '../lib/core/check';
import { defaultScorecardFor } from '../lib/core/csv/dataset';
import type { Scorecard } from '../lib/core/scorecard';
import { driverDesign, readDrivers } from '../lib/ml/drivers';
import { heldAtZero, suggestWeights, type SuggestedWeight } from '../lib/ml/suggest';
import { formatCount, formatPercent, UNIT_SPACE } from '../lib/core/format';
import { formatP, formatStat, pInWords } from '../lib/core/stat-format';
import { loadTfNode } from '../lib/ml/tf-node';
import { TrainingRefusal, buildTrainingSet, refusal } from '../lib/ml/training';
import { DEFAULT_SETTINGS, learnRequest, type LearnSettings } from '../lib/workers/learn-protocol';
import { runLearning } from '../lib/workers/learn-run';
import { CliError } from './errors';
import { readData, type ReadOptions } from './read-data';
import { problemLines, readScorecard } from './score';

/** The options of a run. */
export interface TrainOptions {
	read: ReadOptions;
	outcome: string;
	scorecardPath?: string;
	settings: LearnSettings;
}

/** Trains as the Learn page does; returns the report (JSON-safe) and lines for stderr. */
export async function train(dataPath: string, options: TrainOptions): Promise<{ report: Record<string, unknown>; messages: string[] }> {
	const read = { ...options.read, roles: { ...options.read.roles, [options.outcome]: 'outcome' as const } };
	const messages: string[] = [];
	let scorecard: Scorecard | null = null;
	if (options.scorecardPath) {
		const r = readScorecard(options.scorecardPath);
		messages.push(...r.messages);
		scorecard = r.scorecard;
	}
	const data = readData(dataPath, read);
	messages.push(...problemLines(data, basename(dataPath)));
	const { dataset } = data;
	// Without a scorecard file, the scorecard the app makes when this file is imported.
	if (!scorecard) {
		scorecard = defaultScorecardFor(dataset, data.mapping);
		messages.push(`No --scorecard: training on the scorecard Checkup makes on import (${scorecard.metrics.length} metrics: ${scorecard.metrics.map((m) => m.label).join(', ')}).`);
	}
	try {
		assertScorecard(scorecard, dataset.table);
	} catch (err) {
		if (err instanceof ScorecardError) throw new CliError(`the scorecard cannot score ${basename(dataPath)}:\n  ${err.problems.map((p) => p.message).join('\n  ')}`);
		throw err;
	}
	let set;
	try {
		set = buildTrainingSet(dataset, scorecard, { horizonDays: options.settings.horizonDays });
	} catch (err) {
		if (err instanceof TrainingRefusal) throw new CliError(err.message);
		throw err;
	}
	const refused = refusal(set);
	if (refused) throw new CliError(refused);
	const design = driverDesign(set.table, dataset.meta.roles);
	const request = learnRequest(set, scorecard.metrics.map((m) => m.weight), design, options.settings);
	const result = await runLearning(await loadTfNode('wasm'), request);
	const drivers = readDrivers(design.inputs, result.driverFit, scorecard);
	const report = {
		file: basename(dataPath),
		outcome: options.outcome,
		settings: options.settings,
		backend: result.backend,
		...(result.backendNote ? { backendNote: result.backendNote } : {}),
		training: { mode: set.mode, horizonDays: set.horizonDays, endOfObservation: set.endOfObservation, customers: set.y.length, churned: set.churned, retained: set.retained, excluded: set.excluded },
		scorecard: { id: scorecard.id, name: scorecard.name },
		suggestedWeights: suggestWeights(scorecard, result.suggestFit),
		suggestFit: result.suggestFit,
		model: result.model,
		validation: result.validation,
		foldWeights: result.foldWeights,
		drivers: drivers.map(({ name, coef, stdErr, ci95, pValue, effect, effectCi, sign, metrics, contradicts, missingFromScorecard }) => ({ name, coef, stdErr, ci95, pValue, effect, effectCi, sign, metrics, contradicts, missingFromScorecard })),
		notices: [...set.notices.map((n) => n.message), ...design.notices.map((n) => n.message), ...result.notices, ...result.driverFit.notices],
		elapsedMs: result.elapsedMs
	};
	return { report, messages };
}

/** The report as JSON: NaN and ±Infinity (no estimate) become null. */
export function reportJson(report: Record<string, unknown>): string {
	return JSON.stringify(report, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), '\t') + '\n';
}

/**
 * The report for people: weights and validation in a few lines, its figures written as the Learn page writes them
 * (core/format's no-break space before "%", true minus sign, p-values to four decimals, "held at 0").
 */
export function reportText(report: Record<string, unknown>): string {
	const r = report as { file: string; training: { customers: number; churned: number; mode: string }; backend: string; suggestedWeights: SuggestedWeight[]; validation: { manual: { auc: number; lo: number; hi: number }; learned: { auc: number; lo: number; hi: number }; delongP: number } };
	const pct = (x: number) => formatPercent(x).padStart(9);
	const p = (w: SuggestedWeight) => (heldAtZero(w) ? 'held at 0' : formatP(w.pValue)).padStart(9);
	const lines = [
		`${r.file}: ${formatCount(r.training.customers)} customers, ${formatCount(r.training.churned)} churned (${r.training.mode === 'single' ? 'one snapshot' : 'metrics before the outcome'}); backend ${r.backend}`,
		'',
		'Weights',
		`${'now'.padStart(9)} ${'suggested'.padStart(9)}  ${'p-value'.padStart(9)}  metric`,
		...r.suggestedWeights.map((w) => `${pct(w.manual)} ${pct(w.suggested)}  ${p(w)}  ${w.label}`),
		'',
		`Out-of-fold AUC: your scorecard ${auc(r.validation.manual)}, suggested weights ${auc(r.validation.learned)}; DeLong ${pInWords(r.validation.delongP)}`,
		'Use --json for everything (intervals, calibration, drivers, notices).'
	];
	return lines.join('\n') + '\n';
}

function auc(a: { auc: number; lo: number; hi: number }): string {
	return `${formatStat(a.auc)} (95${UNIT_SPACE}% CI ${formatStat(a.lo)}–${formatStat(a.hi)})`;
}

export { DEFAULT_SETTINGS };
