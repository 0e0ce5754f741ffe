/** Messages between the Learn page and the training worker, and the plain results a run returns. */
import type { Band } from '../core/scorecard';
import type { ChurnModel } from '../core/worklist';
import type { DriverDesign, DriverFit } from '../ml/drivers';
import type { SubScoreFit } from '../ml/suggest';
import type { TrainingSet } from '../ml/training';
import type { ScoreEvaluation } from './learn-validate';

/** What the user sets before training. */
export interface LearnSettings {
	/** Days between the snapshot learned from and the outcome. */
	horizonDays: number;
	/** Inverse regularization strength (scikit-learn's C). */
	C: number;
	/** Folds of the cross-validation. */
	k: number;
	seed: number;
	/** Bootstrap resamples of the AUC intervals. */
	resamples: number;
	/** Share of churners the suggested "At risk" cut-off should flag (0–1). */
	targetRecall: number;
}

export const DEFAULT_SETTINGS: LearnSettings = Object.freeze({ horizonDays: 90, C: 1, k: 5, seed: 1, resamples: 1000, targetRecall: 0.7 });

/** One training job: the training set's numbers, ready to fit (every array is transferred). */
export interface LearnRequest {
	settings: LearnSettings;
	/** 1 = churned. */
	y: Uint8Array;
	/** The scorecard's metrics, in order, with the manual weights. */
	metricIds: string[];
	manualWeights: number[];
	/** Sub-scores with skipped values filled by the mean (the model's inputs). */
	features: Float64Array[];
	/** Sub-scores as the scorecard has them (NaN = skipped): scores are computed from these. */
	subScores: Float64Array[];
	/** The drivers' inputs, standardized by the fit. */
	driverNames: string[];
	driverColumns: Float64Array[];
	/**
	 * The scorecard's bands: given, the run also evaluates the manual and learned scores as the Learn page shows
	 * them (LearnResult.evaluations), here rather than on the page, whose main thread it held ~60 ms on Telco.
	 */
	bands?: Band[];
}

/**
 * The request of a training set (the Learn page's and `checkup train`'s). The set's arrays are copied, so posting
 * the request with its buffers transferred leaves the set whole; the design's columns are handed over as they are.
 */
export function learnRequest(set: TrainingSet, manualWeights: readonly number[], design: Pick<DriverDesign, 'inputs' | 'columns'>, settings: LearnSettings, bands?: readonly Band[]): LearnRequest {
	return {
		...(bands ? { bands: bands.map((b) => ({ ...b })) } : {}),
		settings: { ...settings },
		y: set.y.slice(),
		metricIds: [...set.features.metricIds],
		manualWeights: [...manualWeights],
		features: set.features.columns.map((c) => c.slice()),
		subScores: set.features.subScores.map((c) => c.slice()),
		driverNames: design.inputs.map((d) => d.name),
		driverColumns: design.columns
	};
}

/** An AUC with its 95 % interval. */
export interface AucEstimate {
	auc: number;
	lo: number;
	hi: number;
}

/** One calibration bin: mean predicted churn probability against the observed churn rate. */
export interface CalibrationBin {
	predicted: number;
	observed: number;
	count: number;
}

/** The headline validation of a run: out-of-fold, on seeded stratified folds. */
export interface Validation {
	/** Bootstrap 95 % intervals. */
	manual: AucEstimate;
	learned: AucEstimate;
	/** DeLong's paired test of the two AUCs. */
	delongP: number;
	/** Calibration of the learned model's out-of-fold churn probability. */
	calibration: CalibrationBin[];
	brier: number;
	logLoss: number;
}

/** What a finished run returns. */
export interface LearnResult {
	backend: 'wasm' | 'cpu';
	backendNote?: string;
	/** Wall-clock of the whole job in the worker, ms. */
	elapsedMs: number;
	/** The fit on every customer's sub-scores (label = retained), read as weights on the page. */
	suggestFit: SubScoreFit;
	/** The same fit as a churn model (log-odds of churn per sub-score point): stored with the run, read by the worklist. */
	model: ChurnModel;
	/** What the fits had to say (dropped constant sub-scores, separation, collinearity). */
	notices: string[];
	/** Fold of each customer, 0…k−1. */
	fold: Int32Array;
	/** Learned weights (% of total) of each fold's fit, in scorecard order. */
	foldWeights: number[][];
	/** Out-of-fold churn probability of the learned model. */
	oofChurn: Float64Array;
	validation: Validation;
	/** The drivers fit (label = churned), read against the scorecard on the page. */
	driverFit: DriverFit;
	/** The out-of-fold evaluations of the manual score (blend 0) and the learned one (blend 1), when the request gave the bands. */
	evaluations?: { manual: ScoreEvaluation; learned: ScoreEvaluation };
}

/** Where a run is. */
export interface LearnProgress {
	stage: 'loading' | 'suggest' | 'folds' | 'bootstrap' | 'drivers';
	/** 0–1 over the whole run. */
	share: number;
	message: string;
}

export type ToLearnWorker =
	| { type: 'train'; request: LearnRequest }
	/** The blend slider moved to this step (%): the worker evaluates it next (learn-steps.ts). */
	| { type: 'blend'; pct: number }
	| { type: 'cancel' };

export type FromLearnWorker =
	| ({ type: 'progress' } & LearnProgress)
	| { type: 'done'; result: LearnResult }
	/** After `done`, one per step of the blend slider between 0 and 100 %, the slider's first (learn-steps.ts). */
	| { type: 'blend'; pct: number; evaluation: ScoreEvaluation }
	/** Every step was sent; complete: false when they could not be evaluated (the page evaluates the rest itself). */
	| { type: 'blends-done'; complete: boolean }
	| { type: 'cancelled' }
	| { type: 'error'; message: string };

/** A share of the validation's bootstrap for a second worker: resamples `from` … `to` − 1 of pairedBootstrap(scoreA, scoreB, y). */
export interface BootstrapShareRequest {
	scoreA: Float64Array;
	scoreB: Float64Array;
	y: Uint8Array;
	resamples: number;
	seed: number;
	from: number;
	to: number;
}

/** Each resample's two AUCs, in order from `from`. */
export interface BootstrapShareResult {
	from: number;
	aucA: Float64Array;
	aucB: Float64Array;
}

/** A cross-validation fold's fit for a second worker: the other folds' rows of the sub-scores, and retained. */
export interface FoldFitRequest {
	C: number;
	metricIds: string[];
	columns: Float64Array[];
	retained: Uint8Array;
}

/** What the run keeps of a fold's fit, and the backend that made it. */
export interface FoldFitResult {
	backend: 'wasm' | 'cpu';
	interceptRaw: number;
	coefRaw: Float64Array;
}

export type ToLearnHelper =
	| { type: 'load' }
	| { type: 'bootstrap'; id: number; request: BootstrapShareRequest }
	| { type: 'fold'; id: number; request: FoldFitRequest };

export type FromLearnHelper =
	| { type: 'bootstrap'; id: number; result: BootstrapShareResult }
	| { type: 'fold'; id: number; result: FoldFitResult }
	| { type: 'error'; id: number; message: string };
