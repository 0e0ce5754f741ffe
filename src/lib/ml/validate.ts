/**
 * Does the score predict churn, and would learned weights do better? Seeded stratified k-fold cross-validation:
 * in each fold a logistic regression with non-negative coefficients is trained on the other folds' sub-scores
 * (0–100, higher = healthier) to predict retention, its coefficients become weights, and the held-out rows get
 * a learned health score and a churn probability. The manual and the learned score are then compared on the
 * same out-of-fold rows: AUCs with bootstrap intervals, DeLong's paired test, calibration, deciles, correlations.
 */
import { fitLogistic, logOdds, type Design, type FitResult } from './logistic';
import { sigmoid } from './newton';
import {
	auc, brier, calibrationBins, decileChurn, delong, logLoss, pairedBootstrap, pointBiserial, spearman, stratifiedFolds,
	type CalibrationBin, type DeLong, type PairedBootstrap
} from './metrics';
import { negated, pick, rowsWhere } from './arrays';
import type { LoadedTf } from './tf';

/** Fewer churned (or retained) customers than this and there is nothing trustworthy to learn. */
export const MIN_PER_OUTCOME = 30;

export interface CrossValidateOptions {
	/** The scorecard's sub-scores, 0–100, higher = healthier; complete cases only. */
	features: Design;
	/** 1 = churned. */
	y: Uint8Array;
	/** The manual health score of the same rows (higher = healthier). */
	manualScore: Float64Array;
	k?: number;
	seed?: number;
	C?: number;
	resamples?: number;
	signal?: AbortSignal;
	/** Called with the fraction done (0 … 1) and what is running. */
	onProgress?: (fraction: number, stage: string) => void;
}

/** A score's out-of-fold agreement with churn. */
export interface ScoreValidation {
	auc: number;
	/** Bootstrap 95 % percentile interval of the AUC. */
	ci: [number, number];
	/** Correlations of the health score with churn (negative when healthier customers churn less). */
	spearman: number;
	pointBiserial: number;
	/** Churn rate by decile, decile 1 = lowest health. */
	decileRates: Float64Array;
	decileLift: Float64Array;
}

export interface CrossValidation {
	k: number;
	seed: number;
	C: number;
	n: number;
	fold: Int32Array;
	/** Out-of-fold churn probability and learned health score of each row. */
	oofProbability: Float64Array;
	oofLearnedScore: Float64Array;
	/** Each fold's learned weights (sum 1, in the order of `features.names`). */
	foldWeights: Float64Array[];
	manual: ScoreValidation;
	learned: ScoreValidation;
	/** AUC of the out-of-fold probability (the learned score pooled across folds ranks almost the same). */
	probabilityAuc: number;
	/** DeLong's paired test, A = manual, B = learned (diff = manual − learned). */
	delong: DeLong;
	/** The paired bootstrap of the same difference. */
	bootstrap: PairedBootstrap;
	calibration: CalibrationBin[];
	brier: number;
	logLoss: number;
	/** The model on all rows — of retention (1 − churned), coefficients ≥ 0 — whose weights are the suggestion. */
	fit: FitResult;
	weights: Float64Array;
	notices: string[];
}

function checkInput(o: CrossValidateOptions): void {
	const n = o.features.n;
	if (o.manualScore.length !== n) throw new Error(`the manual score has ${o.manualScore.length} values for ${n} rows`);
	for (let i = 0; i < n; i++) if (!Number.isFinite(o.manualScore[i])) throw new Error(`manual score, row ${i + 1}: ${o.manualScore[i]} is not a number`);
	if (o.y.length !== n) throw new Error(`invalid outcome; ${o.y.length} values for ${n} rows`);
	let churned = 0;
	for (let i = 0; i < n; i++) churned += o.y[i] === 1 ? 1 : 0;
	if (churned < MIN_PER_OUTCOME || n - churned < MIN_PER_OUTCOME) {
		throw new Error(
			`${churned} churned and ${n - churned} retained customers have a known outcome; learning and checking weights needs at least ${MIN_PER_OUTCOME} of each`
		);
	}
}

function designRows(design: Design, rows: Int32Array): Design {
	return { n: rows.length, names: design.names, columns: design.columns.map((col) => pick(col, rows)) };
}

/** Weights (sum 1) from a retention model's non-negative raw coefficients; equal weights when all are 0. */
export function weightsFromFit(fit: FitResult): { weights: Float64Array; allZero: boolean } {
	const total = fit.coefRaw.reduce((s, b) => s + Math.max(0, b), 0);
	if (!(total > 0)) return { weights: new Float64Array(fit.coefRaw.length).fill(1 / fit.coefRaw.length), allZero: true };
	return { weights: fit.coefRaw.map((b) => Math.max(0, b) / total), allZero: false };
}

/** Σ weightⱼ · sub-scoreⱼ: on the sub-scores' 0–100 scale, and a monotone function of the model's log-odds. */
export function weightedScore(design: Design, weights: Float64Array): Float64Array {
	const out = new Float64Array(design.n);
	design.columns.forEach((col, j) => {
		const w = weights[j];
		if (w !== 0) for (let i = 0; i < design.n; i++) out[i] += w * col[i];
	});
	return out;
}

function validateScore(health: Float64Array, y: Uint8Array, ci: [number, number]): ScoreValidation {
	const risk = negated(health);
	const deciles = decileChurn(risk, y);
	return {
		auc: auc(risk, y), ci, spearman: spearman(health, y), pointBiserial: pointBiserial(health, y),
		decileRates: deciles.rates, decileLift: deciles.lift
	};
}

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function throwIfAborted(signal?: AbortSignal): void {
	if (signal?.aborted) throw new DOMException('The validation was cancelled', 'AbortError');
}

/** Fits the retention model (non-negative coefficients) on some rows; returns it with its weights. */
async function fitWeights(lt: LoadedTf, design: Design, y: Uint8Array, C: number, standardErrors: boolean, signal?: AbortSignal) {
	const retained = new Uint8Array(y.length);
	for (let i = 0; i < y.length; i++) retained[i] = 1 - y[i];
	const fit = await fitLogistic(lt, design, retained, { C, nonNegative: true, standardErrors, signal });
	return { fit, ...weightsFromFit(fit) };
}

/** Runs the whole validation; honours `signal` between folds, Newton iterations and bootstrap steps. */
export async function crossValidate(lt: LoadedTf, o: CrossValidateOptions): Promise<CrossValidation> {
	checkInput(o);
	const k = o.k ?? 5, seed = o.seed ?? 0, C = o.C ?? 1, resamples = o.resamples ?? 1000;
	const { features, y, signal } = o;
	const n = features.n;
	const fold = stratifiedFolds(y, k, seed);
	const units = k + 3; // k fold fits, the fit on all rows, the bootstrap (counted as two)
	const progress = (done: number, stage: string) => o.onProgress?.(Math.min(1, done / units), stage);
	const oofProbability = new Float64Array(n), oofLearnedScore = new Float64Array(n);
	const foldWeights: Float64Array[] = [];
	const notices = new Set<string>();
	for (let f = 0; f < k; f++) {
		throwIfAborted(signal);
		progress(f, `fold ${f + 1} of ${k}`);
		const train = rowsWhere(n, (i) => fold[i] !== f);
		const trained = await fitWeights(lt, designRows(features, train), Uint8Array.from(pick(y, train)), C, false, signal);
		if (trained.allZero) notices.add('In some folds no sub-score predicted retention; those folds used equal weights.');
		const held = designRows(features, rowsWhere(n, (i) => fold[i] === f));
		const eta = logOdds(trained.fit, held), score = weightedScore(held, trained.weights);
		for (let i = 0, r = 0; i < n; i++) {
			if (fold[i] !== f) continue;
			oofProbability[i] = sigmoid(-eta[r]); // churn = not retained
			oofLearnedScore[i] = score[r++];
		}
		foldWeights.push(trained.weights);
		await pause();
	}
	throwIfAborted(signal);
	progress(k, 'all rows');
	const all = await fitWeights(lt, features, y, C, true, signal);
	for (const notice of all.fit.notices) notices.add(notice);
	if (all.allZero) notices.add('No sub-score predicts retention on its own terms: the suggested weights are equal.');
	progress(k + 1, 'bootstrap');
	const riskManual = negated(o.manualScore), riskLearned = negated(oofLearnedScore);
	const boot = pairedBootstrap(riskManual, riskLearned, y, { resamples, seed, signal });
	while (boot.step(50)) {
		progress(k + 1 + (2 * boot.done) / resamples, 'bootstrap');
		await pause();
	}
	const bootstrap = boot.result();
	progress(units, 'done');
	return {
		k, seed, C, n, fold, oofProbability, oofLearnedScore, foldWeights,
		manual: validateScore(o.manualScore, y, bootstrap.ciA),
		learned: validateScore(oofLearnedScore, y, bootstrap.ciB),
		probabilityAuc: auc(oofProbability, y),
		delong: delong(riskManual, riskLearned, y), bootstrap,
		calibration: calibrationBins(oofProbability, y, 10), brier: brier(oofProbability, y), logLoss: logLoss(oofProbability, y),
		fit: all.fit, weights: all.weights, notices: [...notices]
	};
}
