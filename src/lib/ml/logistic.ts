/**
 * L2-regularized logistic regression with scikit-learn's objective, ½‖w‖² + C·Σ logloss (intercept free), on
 * features standardized with the population standard deviation; statsmodels' standard errors, z, p-values and
 * Wald intervals from the inverse Hessian. Optionally every coefficient is constrained to be ≥ 0.
 */
import { checkDesign, collinearColumns, standardize, type Design } from './design';
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
	/** Standardize features with their mean and population std (default true). */
	standardize?: boolean;
	/** At most this many Newton iterations (default 100). */
	maxIter?: number;
	/** Stop when no parameter moves more than tol·(1 + max |θ|) in standard units (default 1e-9). */
	tol?: number;
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
	const tol = options.tol ?? 1e-9;
	if (!(C > 0)) throw new Error(`invalid C; not a positive number or Infinity: ${C}`);
	if (!(Number.isInteger(maxIter) && maxIter > 0)) throw new Error(`invalid maxIter; not a positive integer: ${maxIter}`);
	if (!(tol > 0)) throw new Error(`invalid tol; not positive: ${tol}`);
	return { C, maxIter, tol, nonNegative: options.nonNegative ?? false, standardize: options.standardize ?? true };
}

/** Fits the model on the design (complete cases) and a 0/1 outcome (1 = churned). */
export async function fitLogistic(lt: LoadedTf, design: Design, y: Uint8Array, options: FitOptions = {}): Promise<FitResult> {
	const opts = checkOptions(options);
	checkDesign(design, y);
	if (lt.tf.getBackend() !== lt.backend) await lt.tf.setBackend(lt.backend);
	const st = standardize(design, opts.standardize);
	const notices: string[] = [];
	const dropped = st.dropped.map((j) => design.names[j]);
	if (dropped.length) notices.push(`${listNames(dropped)} ${dropped.length === 1 ? 'has' : 'have'} the same value in every row and ${dropped.length === 1 ? 'was' : 'were'} left out.`);
	const collinear = collinearColumns(st.z, design.n).map((k) => design.names[st.kept[k]]);
	if (collinear.length) {
		notices.push(
			`${listNames(collinear)} ${collinear.length === 1 ? 'is' : 'are'} (almost) exactly determined by other columns (collinear). ` +
				(opts.C === Infinity ? 'Without regularization their coefficients are not identifiable.' : 'Regularization splits the weight between them.')
		);
	}
	const result = await newton(lt, {
		z: st.z, n: design.n, y, lambda: 1 / opts.C, nonNegative: opts.nonNegative,
		maxIter: opts.maxIter, tol: opts.tol, signal: options.signal
	});
	notices.push(...fitNotices(result, opts.C, opts.maxIter));
	if (opts.nonNegative) notices.push('Coefficients were constrained to be ≥ 0; intervals and p-values ignore the constraint.');
	return assemble(design, st, result, opts, dropped, notices);
}

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
	if (r.singular || r.separated || r.diverged) return null;
	const chol = cholesky(r.hessian, 1e-11);
	return 'factor' in chol ? choleskyInverse(chol.factor, r.hessian.size) : null;
}

function assemble(
	design: Design,
	st: ReturnType<typeof standardize>,
	r: NewtonResult,
	opts: ReturnType<typeof checkOptions>,
	dropped: string[],
	notices: string[]
): FitResult {
	const d = design.names.length;
	const size = r.hessian.size;
	const cov = covariance(r);
	const coef = new Float64Array(d), coefRaw = new Float64Array(d);
	const stdErr = new Float64Array(d).fill(NaN), stdErrRaw = new Float64Array(d).fill(NaN);
	const z = new Float64Array(d).fill(NaN), pValue = new Float64Array(d).fill(NaN);
	const lo = new Float64Array(d).fill(NaN), hi = new Float64Array(d).fill(NaN);
	// The intercept in raw units, and its gradient with respect to θ (for its standard error).
	let interceptRaw = r.theta[0];
	const a = new Float64Array(size);
	a[0] = 1;
	st.kept.forEach((j, k) => {
		const b = r.theta[k + 1];
		coef[j] = b;
		coefRaw[j] = b / st.std[j];
		interceptRaw -= (b * st.mean[j]) / st.std[j];
		a[k + 1] = -st.mean[j] / st.std[j];
		if (!cov) return;
		const se = Math.sqrt(cov[(k + 1) * size + k + 1]);
		stdErr[j] = se;
		stdErrRaw[j] = se / st.std[j];
		z[j] = b / se;
		pValue[j] = twoSidedP(z[j]);
		lo[j] = b - Z975 * se;
		hi[j] = b + Z975 * se;
	});
	const interceptStdErr = cov ? Math.sqrt(cov[0]) : NaN;
	let rawVar = NaN;
	if (cov) {
		rawVar = 0;
		for (let s = 0; s < size; s++) for (let t = 0; t < size; t++) rawVar += a[s] * cov[s * size + t] * a[t];
	}
	const interceptZ = r.theta[0] / interceptStdErr;
	return {
		names: [...design.names], intercept: r.theta[0], coef, coefRaw, interceptRaw,
		mean: st.mean, std: st.std, stdErr, z, pValue, ci95: [lo, hi], stdErrRaw,
		interceptStdErr, interceptZ, interceptPValue: twoSidedP(interceptZ),
		interceptCi95: [r.theta[0] - Z975 * interceptStdErr, r.theta[0] + Z975 * interceptStdErr],
		interceptStdErrRaw: Math.sqrt(rawVar),
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
	return logOdds(fit, design).map(sigmoid);
}
