/**
 * How well a health score predicts churn, out of fold: the run's headline validation (bootstrap intervals,
 * DeLong's test, calibration) and the live evaluation the blend slider recomputes (AUC, bands, deciles,
 * correlations, cut-offs). Pure: no tfjs. Health scores point the other way from churn, so they enter the
 * AUC negated.
 */
import { bandIndex } from '../core/score';
import type { Band } from '../core/scorecard';
import { roundScore } from '../core/shown-score';
import { negated as negate } from '../ml/arrays';
import { outOfFoldScore } from '../ml/suggest';
import { brier, calibrationBins, decileChurn as riskDeciles, delong, logLoss, pairedBootstrap, pointBiserial, rocCurve, spearman } from '../ml/metrics';
import type { AucEstimate, BootstrapShareRequest, BootstrapShareResult, CalibrationBin, LearnSettings, Validation } from './learn-protocol';


/** How validate reports and is stopped: `onStep` gets the share of resamples drawn; awaiting it lets a worker read a cancel. */
export interface ValidateHooks {
	signal?: AbortSignal;
	onStep?: (share: number) => Promise<void> | void;
	/**
	 * Draws the second half of the bootstrap's resamples elsewhere (a second worker: bootstrapAucRange) while this
	 * one draws the first; the result is the same as drawing them all here. Must reject when `signal` aborts.
	 */
	bootstrapShare?: (request: BootstrapShareRequest) => Promise<BootstrapShareResult>;
}

/**
 * The run's headline: both scores' out-of-fold AUCs with stratified bootstrap 95 % intervals from the same
 * resamples (ml/bootstrap, as pROC), DeLong's paired test, and the calibration of the churn probability.
 */
export async function validate(
	input: { manualScore: Float64Array; learnedScore: Float64Array; oofChurn: Float64Array; y: Uint8Array; settings: LearnSettings },
	hooks: ValidateHooks = {}
): Promise<Validation> {
	const { y, settings } = input;
	const rows = presentRows(input.manualScore, input.learnedScore);
	const yy = pick(y, rows);
	const manual = negate(pick(input.manualScore, rows)), learned = negate(pick(input.learnedScore, rows));
	const test = delong(learned, manual, yy);
	const { resamples, seed } = settings;
	const boot = pairedBootstrap(learned, manual, yy, { resamples, seed, signal: hooks.signal });
	const split = hooks.bootstrapShare ? Math.ceil(resamples / 2) : resamples;
	const share = hooks.bootstrapShare?.({ scoreA: learned, scoreB: manual, y: yy, resamples, seed, from: split, to: resamples });
	// Rejections are read at the await below; until then a failed share must not count as unhandled.
	share?.catch(() => undefined);
	// The other half runs at the same pace: this one's progress stands for both.
	while (boot.step(Math.max(10, Math.ceil(resamples / 20)), split)) await hooks.onStep?.(boot.done / split);
	if (share) boot.adopt(await share);
	const b = boot.result();
	return {
		manual: { auc: b.aucB, lo: b.ciB[0], hi: b.ciB[1] },
		learned: { auc: b.aucA, lo: b.ciA[0], hi: b.ciA[1] },
		delongP: test.pValue,
		calibration: calibrationBins(input.oofChurn, y).map((c): CalibrationBin => ({ predicted: c.meanPredicted, observed: c.fractionChurned, count: c.count })),
		brier: brier(input.oofChurn, y),
		logLoss: logLoss(input.oofChurn, y)
	};
}

function presentRows(...scores: Float64Array[]): Int32Array {
	const rows: number[] = [];
	for (let i = 0; i < scores[0].length; i++) if (scores.every((s) => s[i] === s[i])) rows.push(i);
	return Int32Array.from(rows);
}

function pick<T extends Float64Array | Uint8Array>(values: T, rows: Int32Array): T {
	if (rows.length === values.length) return values;
	const out = new (values.constructor as { new (n: number): T })(rows.length);
	for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]];
	return out;
}

/** Customers and churners of one band. */
export interface BandChurn {
	label: string;
	customers: number;
	churned: number;
	rate: number;
}

/** Churn in one tenth of the customers by score (decile 1 = the lowest scores), and its rate over the overall rate. */
export interface DecileChurn {
	decile: number;
	customers: number;
	churned: number;
	rate: number;
	lift: number;
}

/** Flagging every score below `cutoff`: the share of customers flagged, churners among them, churners caught. */
export interface Cutoff {
	cutoff: number;
	flagged: number;
	precision: number;
	recall: number;
}

/** What the page shows for one score (manual, or the blend). */
export interface ScoreEvaluation {
	/** AUC with its DeLong 95 % interval. */
	auc: AucEstimate;
	/** DeLong's paired test against the reference score (NaN without one). */
	delongP: number;
	roc: [number, number][];
	bands: BandChurn[];
	deciles: DecileChurn[];
	spearman: number;
	pointBiserial: number;
	cutoffs: Cutoff[];
	/** The smallest cut-off that flags at least the target share of churners; null when none below 100 does. */
	suggestion: Cutoff | null;
	/** Customers without a score under these weights (left out of everything above). */
	unscored: number;
}

/** Churn by band: each customer's band as the app gives it (bandIndex: by the score as shown). */
export function churnByBand(score: ArrayLike<number>, y: ArrayLike<number>, bands: readonly Band[]): BandChurn[] {
	const customers = new Array<number>(bands.length).fill(0), churned = new Array<number>(bands.length).fill(0);
	for (let i = 0; i < score.length; i++) {
		const b = Math.max(0, bandIndex(bands, score[i]));
		customers[b]++;
		churned[b] += y[i];
	}
	return bands.map((band, k) => ({ label: band.label, customers: customers[k], churned: churned[k], rate: customers[k] ? churned[k] / customers[k] : NaN }));
}

/** Churn by decile of a health score, decile 1 the lowest scores (ties in row order, cut as pandas' qcut). */
export function decileChurn(score: ArrayLike<number>, y: ArrayLike<number>): DecileChurn[] {
	const d = riskDeciles(negate(score), y);
	return Array.from(d.rates, (rate, k) => ({ decile: k + 1, customers: d.counts[k], churned: d.churned[k], rate, lift: d.lift[k] }));
}

/**
 * For each whole cut-off 1…100: flag scores below it. Whole points, not every distinct score (ml/metrics'
 * cutoffTable): the cut-off becomes a band's start, which people read and type as a whole number. Scores
 * count as shown (one decimal), as the band will take them: 39.96, shown as 40.0, is not below 40.
 */
export function cutoffTable(score: ArrayLike<number>, y: ArrayLike<number>): Cutoff[] {
	const n = score.length;
	let churners = 0;
	for (let i = 0; i < n; i++) churners += y[i];
	// Bucket c holds the scores in [c − 1, c): exactly those a cut-off of c flags that c − 1 does not.
	const count = new Float64Array(102), hit = new Float64Array(102);
	for (let i = 0; i < n; i++) {
		const b = Math.min(101, Math.max(1, Math.floor(roundScore(score[i])) + 1));
		count[b]++;
		hit[b] += y[i];
	}
	const out: Cutoff[] = [];
	let flagged = 0, caught = 0;
	for (let c = 1; c <= 100; c++) {
		flagged += count[c];
		caught += hit[c];
		out.push({ cutoff: c, flagged: flagged / n, precision: flagged ? caught / flagged : NaN, recall: churners ? caught / churners : NaN });
	}
	return out;
}

/** At most about 500 ROC points (both ends kept): a curve of 100,000 customers draws the same and stays light. */
function thinned(fpr: Float64Array, tpr: Float64Array): [number, number][] {
	const step = Math.max(1, Math.ceil(fpr.length / 500));
	const out: [number, number][] = [];
	for (let k = 0; k < fpr.length; k += step) out.push([fpr[k], tpr[k]]);
	if ((fpr.length - 1) % step !== 0) out.push([fpr[fpr.length - 1], tpr[tpr.length - 1]]);
	return out;
}

/** Evaluates a health score against churn; `reference` (the manual score) adds DeLong's paired test. */
export function evaluateScore(input: { score: Float64Array; y: Uint8Array; bands: readonly Band[]; targetRecall: number; reference?: Float64Array }): ScoreEvaluation {
	const rows = input.reference ? presentRows(input.score, input.reference) : presentRows(input.score);
	const score = pick(input.score, rows), y = pick(input.y, rows);
	const risk = negate(score);
	const d = input.reference ? delong(risk, negate(pick(input.reference, rows)), y) : delong(risk, risk, y);
	const roc = rocCurve(risk, y);
	const cutoffs = cutoffTable(score, y);
	const suggestion = suggestedCutoff(cutoffs, input.targetRecall);
	return {
		auc: { auc: d.aucA, lo: d.ciA[0], hi: d.ciA[1] },
		delongP: input.reference ? d.pValue : NaN,
		roc: thinned(roc.fpr, roc.tpr),
		bands: churnByBand(score, y, input.bands),
		deciles: decileChurn(score, y),
		spearman: spearman(score, y),
		pointBiserial: pointBiserial(score, y),
		cutoffs,
		suggestion,
		unscored: input.score.length - rows.length
	};
}

/** The cut-off suggested for a target: the lowest below 100 that flags at least that share of churners. */
export function suggestedCutoff(cutoffs: readonly Cutoff[], targetRecall: number): Cutoff | null {
	return cutoffs.find((c) => c.cutoff < 100 && c.recall >= targetRecall - 1e-12) ?? null;
}

/**
 * An evaluation read for another target share: only the suggestion depends on it (the cut-off table, the AUC and
 * the rest do not), so it is read off the table already made, not evaluated again. The same object when the
 * suggestion is the same.
 */
export function atTarget(evaluation: ScoreEvaluation, targetRecall: number): ScoreEvaluation {
	const suggestion = suggestedCutoff(evaluation.cutoffs, targetRecall);
	return suggestion === evaluation.suggestion ? evaluation : { ...evaluation, suggestion };
}

/** What a score at a blend is evaluated from: the run's sub-scores (NaN = skipped), folds and weights, and outcomes. */
export interface BlendInput {
	subScores: readonly Float64Array[];
	fold: Int32Array;
	manualWeights: readonly number[];
	foldWeights: readonly number[][];
	y: Uint8Array;
	bands: readonly Band[];
}

/** Out-of-fold evaluation of the score at blend t (0 = manual weights); against the manual score when t > 0. */
export function evaluateAtBlend(input: BlendInput, t: number, targetRecall: number, manualScore?: Float64Array): ScoreEvaluation {
	const at = (b: number) => outOfFoldScore(input.subScores, input.fold, input.manualWeights, input.foldWeights, b);
	const score = at(t);
	const reference = t === 0 ? undefined : manualScore ?? at(0);
	return evaluateScore({ score, y: input.y, bands: input.bands, targetRecall, reference });
}

/** The blend slider's steps, in %: 0, 5, …, 100 (its input's min, max and step). */
export const BLEND_STEP_PCT = 5;

/** The steps the worker evaluates after a run: 5 … 95 %. Blend 0 and 100 come with the result (LearnResult.evaluations). */
export const BETWEEN_STEPS: readonly number[] = Array.from({ length: 100 / BLEND_STEP_PCT - 1 }, (_, k) => (k + 1) * BLEND_STEP_PCT);

/**
 * The step to evaluate next: of those not done, the nearest to where the slider is (`wanted`, %), the higher on
 * a tie; null once every one is done. The slider's own step comes first, then those a move away from it.
 */
export function nextBlendStep(done: ReadonlySet<number>, wanted: number): number | null {
	let best: number | null = null;
	for (const pct of BETWEEN_STEPS) {
		if (done.has(pct)) continue;
		if (best === null || Math.abs(pct - wanted) <= Math.abs(best - wanted)) best = pct;
	}
	return best;
}

/**
 * The evaluation at a step of the blend slider (t = pct / 100, as the slider gives it), against the manual score:
 * made once, for every step.
 */
export function blendStepper(input: BlendInput, targetRecall: number): (pct: number) => ScoreEvaluation {
	const manualScore = outOfFoldScore(input.subScores, input.fold, input.manualWeights, input.foldWeights, 0);
	return (pct) => evaluateAtBlend(input, pct / 100, targetRecall, manualScore);
}
