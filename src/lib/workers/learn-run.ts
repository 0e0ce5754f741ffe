/**
 * One Learn run, as the worker does it (and node tests, with tfjs for node): the suggest-weights fit on every
 * customer, the same fit on each fold for out-of-fold scores, the validation, and the drivers fit.
 */
import { churnModelOf } from '../ml/churn-model';
import { fitLogistic, type FitResult } from '../ml/logistic';
import { stratifiedFolds } from '../ml/metrics';
import type { LoadedTf } from '../ml/tf';
import type { DriverFit } from '../ml/drivers';
import { outOfFoldScore, shares, type SubScoreFit } from '../ml/suggest';
import { skippedFill } from '../ml/training';
import type { FoldFitRequest, FoldFitResult, LearnProgress, LearnRequest, LearnResult } from './learn-protocol';
import { evaluateScore, validate, type ScoreEvaluation, type ValidateHooks } from './learn-validate';

/** What a run reports while it works, and how it is stopped; a worker can hand half the bootstrap to another. */
export interface RunHooks {
	signal?: AbortSignal;
	onProgress?: (p: LearnProgress) => void;
	bootstrapShare?: ValidateHooks['bootstrapShare'];
	/** Fits a fold elsewhere (a second worker, with fitFold) while this one fits others. */
	foldFit?: (request: FoldFitRequest) => Promise<FoldFitResult>;
}

/**
 * One fold's fit: the suggest fit (retention, coefficients ≥ 0) on the other folds' rows, without standard
 * errors (the float64 Hessian pass): the run keeps only its coefficients.
 */
export async function fitFold(lt: LoadedTf, r: FoldFitRequest, signal?: AbortSignal): Promise<FoldFitResult> {
	const fit = await fitLogistic(lt, { n: r.retained.length, names: r.metricIds, columns: r.columns }, r.retained, { C: r.C, nonNegative: true, standardErrors: false, signal });
	return { backend: lt.backend, interceptRaw: fit.interceptRaw, coefRaw: fit.coefRaw };
}

function checkRequest(r: LearnRequest): void {
	const { C, k, resamples, targetRecall } = r.settings;
	if (!(C > 0)) throw new Error(`invalid C; not positive: ${C}`);
	if (!(Number.isInteger(k) && k >= 2 && k <= 20)) throw new Error(`invalid number of folds; not a whole number in [2, 20]: ${k}`);
	if (!(Number.isInteger(resamples) && resamples >= 100 && resamples <= 100_000)) throw new Error(`invalid resamples; not a whole number in [100, 100000]: ${resamples}`);
	if (!(targetRecall > 0 && targetRecall <= 1)) throw new Error(`invalid target recall; not in (0, 1]: ${targetRecall}`);
	if (r.features.length !== r.metricIds.length || r.subScores.length !== r.metricIds.length) throw new Error(`invalid request; ${r.metricIds.length} metrics but ${r.features.length} feature columns`);
}

/** Lets the worker read its messages (a cancel) between steps: awaiting a resolved promise would not. */
const yieldToEvents = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The rows of a column at the given row numbers (a loop: TypedArray.from with a function is ~40x slower in node 20). */
function pick<T extends Float64Array | Uint8Array>(column: T, rows: Int32Array): T {
	const out = new (column.constructor as { new (n: number): T })(rows.length);
	for (let k = 0; k < rows.length; k++) out[k] = column[rows[k]];
	return out;
}

/** The fit read as suggest needs it: only the metrics it kept. */
function subScoreFit(fit: FitResult, metricIds: readonly string[]): SubScoreFit {
	const dropped = new Set(fit.dropped);
	const kept = metricIds.map((id, j) => j).filter((j) => !dropped.has(metricIds[j]));
	return {
		metricIds: kept.map((j) => metricIds[j]),
		coefRaw: kept.map((j) => fit.coefRaw[j]),
		stdErrRaw: kept.map((j) => fit.stdErrRaw[j]),
		pValue: kept.map((j) => fit.pValue[j])
	};
}

/** Learned weights (% of the total) in metric order; a dropped metric gets 0. */
function weightsOf(fit: Pick<FitResult, 'coefRaw'>): number[] {
	return shares(Array.from(fit.coefRaw, (b) => Math.max(0, b)));
}

export async function runLearning(lt: LoadedTf, request: LearnRequest, hooks: RunHooks = {}): Promise<LearnResult> {
	checkRequest(request);
	const started = performance.now();
	const { settings, y, metricIds, features } = request;
	const { C, k } = settings;
	const report = (stage: LearnProgress['stage'], share: number, message: string) => hooks.onProgress?.({ stage, share, message });
	const retained = new Uint8Array(y.length);
	for (let i = 0; i < y.length; i++) retained[i] = 1 - y[i];
	const n = y.length;
	const fitOptions = { C, nonNegative: true, signal: hooks.signal };

	report('suggest', 0.05, 'Fitting weights on every customer');
	const full = await fitLogistic(lt, { n, names: metricIds, columns: features }, retained, fitOptions);
	const fold = stratifiedFolds(y, k, settings.seed);
	const fits: FoldFitResult[] = [];
	const foldRequest = (f: number): FoldFitRequest => {
		const train: number[] = [];
		for (let i = 0; i < n; i++) if (fold[i] !== f) train.push(i);
		const rows = Int32Array.from(train);
		return { C, metricIds, columns: features.map((c) => pick(c, rows)), retained: pick(retained, rows) };
	};
	// Folds are taken in order here and, when a second worker helps, from the last one down there.
	const todo = Array.from({ length: k }, (_, f) => f);
	let fitted = 0;
	const fitted1 = () => report('folds', 0.1 + (0.5 * ++fitted) / k, `Cross-validation: ${fitted} of ${k} folds fitted`);
	report('folds', 0.1, `Cross-validation: ${k} folds`);
	const here = async () => {
		for (let f = todo.shift(); f !== undefined; f = todo.shift()) {
			await yieldToEvents();
			hooks.signal?.throwIfAborted();
			fits[f] = await fitFold(lt, foldRequest(f), hooks.signal);
			fitted1();
		}
	};
	const there = async (fitElsewhere: NonNullable<RunHooks['foldFit']>) => {
		for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
			const fit = await fitElsewhere(foldRequest(f));
			// Another backend (wasm failed there, or here) would round differently: then this worker fits it.
			fits[f] = fit.backend === lt.backend ? fit : await fitFold(lt, foldRequest(f), hooks.signal);
			fitted1();
		}
	};
	await Promise.all([here(), hooks.foldFit ? there(hooks.foldFit) : undefined].map((p) => p?.catch((err: unknown) => {
		todo.length = 0; // the other side stops after its fold
		throw err;
	})));
	const foldWeights = fits.map(weightsOf);
	const oofChurn = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const fit = fits[fold[i]];
		let eta = fit.interceptRaw;
		for (let j = 0; j < features.length; j++) eta += fit.coefRaw[j] * features[j][i];
		oofChurn[i] = 1 / (1 + Math.exp(eta));
	}
	await yieldToEvents();
	hooks.signal?.throwIfAborted();
	report('bootstrap', 0.6, `Validating: ${settings.resamples.toLocaleString('en-US')} bootstrap resamples`);
	const manualScore = outOfFoldScore(request.subScores, fold, request.manualWeights, foldWeights, 0);
	const learnedScore = outOfFoldScore(request.subScores, fold, request.manualWeights, foldWeights, 1);
	const validation = await validate({ manualScore, learnedScore, oofChurn, y, settings }, {
		signal: hooks.signal,
		bootstrapShare: hooks.bootstrapShare,
		onStep: async (share) => {
			report('bootstrap', 0.6 + 0.25 * share, `Validating: ${Math.round(share * settings.resamples).toLocaleString('en-US')} of ${settings.resamples.toLocaleString('en-US')} bootstrap resamples`);
			await yieldToEvents();
		}
	});

	await yieldToEvents();
	hooks.signal?.throwIfAborted();
	// What the page shows at blend 0 and 1: evaluateBlend's figures, from the same out-of-fold scores.
	const { bands } = request, targetRecall = settings.targetRecall;
	const evaluations = bands && {
		manual: evaluateScore({ score: manualScore, y, bands, targetRecall }),
		learned: evaluateScore({ score: learnedScore, y, bands, targetRecall, reference: manualScore })
	};
	await yieldToEvents();
	hooks.signal?.throwIfAborted();
	report('drivers', 0.85, 'Finding drivers among every column');
	const driverFit = await fitDrivers(lt, request, hooks.signal);
	report('drivers', 1, 'Done');
	return {
		backend: lt.backend,
		...(lt.fallback ? { backendNote: lt.fallback } : {}),
		elapsedMs: performance.now() - started,
		suggestFit: subScoreFit(full, metricIds),
		model: churnModelOf(full, request.subScores.map(skippedFill)),
		notices: full.notices,
		fold,
		foldWeights,
		oofChurn,
		validation,
		driverFit,
		...(evaluations ? { evaluations } : {})
	};
}

async function fitDrivers(lt: LoadedTf, request: LearnRequest, signal?: AbortSignal): Promise<DriverFit> {
	const { y, driverNames, driverColumns, settings } = request;
	if (driverColumns.length === 0) return { intercept: NaN, coef: [], stdErr: [], pValue: [], dropped: [], notices: [] };
	const fit = await fitLogistic(lt, { n: y.length, names: driverNames, columns: driverColumns }, y, { C: settings.C, signal });
	const dropped = new Set(fit.dropped);
	const kept = driverNames.map((_, j) => j).filter((j) => !dropped.has(driverNames[j]));
	return {
		intercept: fit.intercept,
		coef: kept.map((j) => fit.coef[j]),
		stdErr: kept.map((j) => fit.stdErr[j]),
		pValue: kept.map((j) => fit.pValue[j]),
		dropped: fit.dropped,
		notices: fit.notices
	};
}
