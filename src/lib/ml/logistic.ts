/**
 * L2-regularized logistic regression with scikit-learn's objective, ½‖w‖² + C·Σ logloss (intercept free), on
 * features standardized with the population standard deviation; statsmodels' standard errors, z, p-values and
 * Wald intervals from the inverse Hessian. Optionally every coefficient is constrained to be ≥ 0.
 */
import { checkDesign, collinearFromGram, separatingColumns, standardize, type Design, type Standardized } from './design';
import { choleskyInverse, cholesky } from './linalg';
import { newton, sigmoid, type NewtonResult } from './newton';
import { twoSidedP, Z975 } from './normal';
import type { LoadedTf } from './tf';

export type { Design } from './design';

/** How to fit. */
export interface FitOptions {
	/** Inverse penalty strength (default 1); Infinity fits the unpenalized maximum likelihood. */
	C?: number;
	/** Constrain every coefficient to be ≥ 0 (the intercept stays free). */
	nonNegative?: boolean;
	/**
	 * Penalize coefficients on standardized features (default true, scikit-learn with StandardScaler); false
	 * penalizes raw-unit coefficients and reports `coef` in raw units (then `mean` 0, `std` 1).
	 */
	standardize?: boolean;
	/** At most this many Newton iterations (default 100). */
	maxIter?: number;
	/** Stop when no parameter moves more than tol·(1 + max |θ|) in standard units (default 1e-6). */
	tol?: number;
	/** Compute standard errors, z, p-values and intervals (default true; cross-validation folds skip them). */
	standardErrors?: boolean;
	signal?: AbortSignal;
}

/**
 * A fitted model, plain data. Arrays follow `names` (the design's columns, in order); a dropped constant
 * column has coefficient 0 and NaN statistics. `coef`, `stdErr`, `z`, `pValue`, `ci95` are on the
 * standardized scale (z and p are the same on the raw scale); `*Raw` are per original unit.
 */
export interface FitResult {
	names: string[];
	intercept: number;
	coef: Float64Array;
	coefRaw: Float64Array;
	interceptRaw: number;
	mean: Float64Array;
	std: Float64Array;
	stdErr: Float64Array;
	z: Float64Array;
	pValue: Float64Array;
	ci95: [Float64Array, Float64Array];
	stdErrRaw: Float64Array;
	interceptStdErr: number;
	interceptZ: number;
	interceptPValue: number;
	interceptCi95: [number, number];
	interceptStdErrRaw: number;
	iterations: number;
	converged: boolean;
	/** Log-likelihood at the fit (without the penalty). */
	logLik: number;
	C: number;
	nonNegative: boolean;
	n: number;
	/** Constant columns left out of the fit. */
	dropped: string[];
	/** Separation, collinearity, non-convergence … in plain words. */
	notices: string[];
}

function checkOptions(options: FitOptions): Required<Omit<FitOptions, 'signal'>> {
	const C = options.C ?? 1;
	const maxIter = options.maxIter ?? 100;
	const tol = options.tol ?? 1e-6;
	if (!(C > 0)) throw new Error(`invalid C; not a positive number or Infinity: ${C}`);
	if (!(Number.isInteger(maxIter) && maxIter > 0)) throw new Error(`invalid maxIter; not a positive integer: ${maxIter}`);
	if (!(tol > 0)) throw new Error(`invalid tol; not positive: ${tol}`);
	return {
		C, maxIter, tol, nonNegative: options.nonNegative ?? false, standardize: options.standardize ?? true,
		standardErrors: options.standardErrors ?? true
	};
}

/** Fits the model on the design (complete cases) and a 0/1 outcome (1 = churned). */
export async function fitLogistic(lt: LoadedTf, design: Design, y: Uint8Array, options: FitOptions = {}): Promise<FitResult> {
	const opts = checkOptions(options);
	checkDesign(design, y);
	if (lt.tf.getBackend() !== lt.backend) await lt.tf.setBackend(lt.backend);
	const st = standardize(design);
	const notices: string[] = [];
	const dropped = st.dropped.map((j) => design.names[j]);
	if (dropped.length) notices.push(`${listNames(dropped)} ${dropped.length === 1 ? 'has' : 'have'} the same value in every row and ${dropped.length === 1 ? 'was' : 'were'} left out.`);
	const separating = separatingColumns(st.z, y).map((k) => design.names[st.kept[k]]);
	const result = await newton(lt, {
		z: st.z, n: design.n, y, nonNegative: opts.nonNegative,
		penalty: Float64Array.from(st.kept, (j) => (opts.C === Infinity ? 0 : opts.standardize ? 1 / opts.C : 1 / (opts.C * st.std[j] ** 2))),
		maxIter: opts.maxIter, tol: opts.tol, exactHessian: opts.standardErrors, signal: options.signal
	});
	const collinear = collinearFromGram(result.gram).map((k) => design.names[st.kept[k]]);
	if (collinear.length) {
		notices.push(
			`${listNames(collinear)} ${collinear.length === 1 ? 'is' : 'are'} almost exactly determined by other columns (collinear: R² above 0.9999). ` +
				(opts.C === Infinity ? 'Without regularization their coefficients are not identifiable.' : 'Regularization splits the weight between them.')
		);
	}
	if (separating.length) {
		notices.push(
			`${listNames(separating)} on ${separating.length === 1 ? 'its' : 'their'} own ${separating.length === 1 ? 'separates' : 'separate'} churned from retained customers ` +
				'(every churned customer on one side of a value, every retained one on the other): check that it does not record the outcome itself.'
		);
	}
	notices.push(...fitNotices(result, opts.C, opts.maxIter));
	if (opts.nonNegative) notices.push(NON_NEGATIVE_NOTICE);
	return assemble(design, st, result, opts, dropped, notices);
}

/** What a fit with every coefficient kept ≥ 0 says of it (the Learn page says it in its own words, once). */
export const NON_NEGATIVE_NOTICE = 'Coefficients were constrained to be ≥ 0; intervals and p-values ignore the constraint.';

function fitNotices(r: NewtonResult, C: number, maxIter: number): string[] {
	const out: string[] = [];
	if (r.separated) {
		out.push(
			C === Infinity
				? 'The columns separate churned from retained customers perfectly, so without regularization the coefficients are infinite. Use a finite C.'
				: 'The columns separate churned from retained customers perfectly; the coefficients are finite only because of regularization.'
		);
	} else if (r.diverged) {
		out.push('The coefficients grow without bound (the outcome is almost perfectly separated); without regularization there is no fit. Use a finite C.');
	} else if (!r.converged) {
		out.push(`The fit did not converge in ${maxIter} iterations.`);
	}
	if (r.singular) out.push('The unpenalized problem is singular (collinear columns): standard errors are not available. Use a finite C.');
	return out;
}

function listNames(names: string[]): string {
	const quoted = names.map((n) => `"${n}"`);
	return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** The inverse Hessian, or null when it is singular (then no standard errors). */
function covariance(r: NewtonResult): Float64Array | null {
	if (!r.hessian || r.singular || r.separated || r.diverged) return null;
	const chol = cholesky(r.hessian, 1e-11);
	return 'factor' in chol ? choleskyInverse(chol.factor, r.hessian.size) : null;
}

/** Parameters [intercept, coefficients of kept columns] and their covariance, on some scale. */
interface Scaled {
	theta: Float64Array;
	cov: Float64Array | null;
}

/** From z-scores to raw units: b₀ = θ₀ − Σ θⱼ·mⱼ/sⱼ, bⱼ = θⱼ/sⱼ, covariance J·Σ·Jᵀ. */
function toRaw(z: Scaled, st: Standardized): Scaled {
	const size = z.theta.length;
	const jac = new Float64Array(size * size); // row-major ∂raw/∂θ
	jac[0] = 1;
	st.kept.forEach((j, k) => {
		jac[k + 1] = -st.mean[j] / st.std[j];
		jac[(k + 1) * size + k + 1] = 1 / st.std[j];
	});
	const theta = new Float64Array(size);
	for (let a = 0; a < size; a++) for (let b = 0; b < size; b++) theta[a] += jac[a * size + b] * z.theta[b];
	if (!z.cov) return { theta, cov: null };
	const cov = new Float64Array(size * size);
	for (let a = 0; a < size; a++)
		for (let b = 0; b < size; b++) {
			let s = 0;
			for (let c = 0; c < size; c++) for (let e = 0; e < size; e++) s += jac[a * size + c] * z.cov[c * size + e] * jac[b * size + e];
			cov[a * size + b] = s;
		}
	return { theta, cov };
}

/** Per-column arrays in design order from kept-column parameters (dropped columns 0 or NaN). */
function spread(st: Standardized, d: number, values: (k: number) => number, fill: number): Float64Array {
	const out = new Float64Array(d).fill(fill);
	st.kept.forEach((j, k) => (out[j] = values(k)));
	return out;
}

function assemble(design: Design, st: Standardized, r: NewtonResult, opts: ReturnType<typeof checkOptions>, dropped: string[], notices: string[]): FitResult {
	const d = design.names.length;
	const size = r.theta.length;
	const z: Scaled = { theta: r.theta, cov: covariance(r) };
	const raw = toRaw(z, st);
	const shown = opts.standardize ? z : raw;
	const se = (s: Scaled, k: number) => (s.cov ? Math.sqrt(s.cov[k * size + k]) : NaN);
	const coef = spread(st, d, (k) => shown.theta[k + 1], 0);
	const stdErr = spread(st, d, (k) => se(shown, k + 1), NaN);
	const zValue = coef.map((b, j) => b / stdErr[j]);
	const interceptStdErr = se(shown, 0);
	const interceptZ = shown.theta[0] / interceptStdErr;
	return {
		names: [...design.names], intercept: shown.theta[0], coef,
		coefRaw: spread(st, d, (k) => raw.theta[k + 1], 0), interceptRaw: raw.theta[0],
		mean: opts.standardize ? st.mean : new Float64Array(d), std: opts.standardize ? st.std : new Float64Array(d).fill(1),
		stdErr, z: zValue, pValue: zValue.map(twoSidedP),
		ci95: [coef.map((b, j) => b - Z975 * stdErr[j]), coef.map((b, j) => b + Z975 * stdErr[j])],
		stdErrRaw: spread(st, d, (k) => se(raw, k + 1), NaN),
		interceptStdErr, interceptZ, interceptPValue: twoSidedP(interceptZ),
		interceptCi95: [shown.theta[0] - Z975 * interceptStdErr, shown.theta[0] + Z975 * interceptStdErr],
		interceptStdErrRaw: se(raw, 0),
		iterations: r.iterations, converged: r.converged, logLik: -r.loss, C: opts.C, nonNegative: opts.nonNegative,
		n: design.n, dropped, notices
	};
}

/** The linear predictor (log-odds of churn) of each row; NaN where a used column is NaN. */
export function logOdds(fit: FitResult, design: Design): Float64Array {
	const out = new Float64Array(design.n).fill(fit.interceptRaw);
	fit.names.forEach((name, j) => {
		if (fit.coefRaw[j] === 0) return;
		const k = design.names.indexOf(name);
		if (k < 0) throw new Error(`the design has no column "${name}", which the model uses`);
		const col = design.columns[k];
		if (col.length !== design.n) throw new Error(`invalid design; column "${name}" has ${col.length} values for ${design.n} rows`);
		const b = fit.coefRaw[j];
		for (let i = 0; i < design.n; i++) out[i] += b * col[i];
	});
	return out;
}

/** The predicted probability of churn of each row. */
export function predictProba(fit: FitResult, design: Design): Float64Array {
	const eta = logOdds(fit, design);
	for (let i = 0; i < eta.length; i++) eta[i] = sigmoid(eta[i]);
	return eta;
}
