/**
 * Newton / IRLS for L2-penalized logistic regression: minimise Σ logloss + ½ Σ λⱼwⱼ² (intercept free).
 * The n × d² work, XᵀWX, runs in tfjs (float32 on the wasm backend); the rest — the linear predictor, the
 * gradient and the loss, O(n·d) — runs in float64 JS, so the optimum is exact to double precision (Newton with
 * a float32 Hessian still stops where the float64 gradient vanishes). The d × d solve is a float64 Cholesky.
 */
import { cholesky, choleskySolve, subMatrix, type SymMatrix } from './linalg';
import type { LoadedTf } from './tf';

/** A standardized problem: `z` are the feature columns, θ = [intercept, w₁ … w_d]. */
export interface NewtonProblem {
	z: Float64Array[];
	n: number;
	y: Uint8Array;
	/** λⱼ of each coefficient (1/C on standardized features; 1/(C·stdⱼ²) when the penalty is on raw units). */
	penalty: Float64Array;
	nonNegative: boolean;
	maxIter: number;
	tol: number;
	/** Compute the float64 Hessian at the optimum (for standard errors); cross-validation folds skip it. */
	exactHessian: boolean;
	signal?: AbortSignal;
}

/** Where Newton stopped, with the penalized Hessian there and what went wrong on the way. */
export interface NewtonResult {
	theta: Float64Array;
	iterations: number;
	converged: boolean;
	/** Σ logloss at θ (without the penalty). */
	loss: number;
	eta: Float64Array;
	/** The penalized Hessian at θ (float64), or null when not asked for. */
	hessian: SymMatrix | null;
	/**
	 * XᵀX of the standardized features (float32 products): the first Newton step starts with every weight equal,
	 * so its Hessian is this Gram matrix times a constant, which the collinearity check reads for free.
	 */
	gram: SymMatrix;
	/** The Hessian was singular and a small ridge was added to take a step (only without a penalty). */
	singular: boolean;
	/** Complete separation: every churned row's linear predictor is above every other row's. */
	separated: boolean;
	/** An unpenalized coefficient grew past ±100 standard units: the likelihood has no maximum. */
	diverged: boolean;
}

/** Logistic log-loss of one row from its linear predictor, without overflow: log(1 + e^(∓η)). */
function rowLoss(eta: number, y: number): number {
	const t = y === 1 ? -eta : eta;
	return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

export function sigmoid(eta: number): number {
	if (eta >= 0) return 1 / (1 + Math.exp(-eta));
	const e = Math.exp(eta);
	return e / (1 + e);
}

function linearPredictor(p: NewtonProblem, theta: Float64Array): Float64Array {
	const eta = new Float64Array(p.n).fill(theta[0]);
	p.z.forEach((col, j) => {
		const w = theta[j + 1];
		if (w !== 0) for (let i = 0; i < p.n; i++) eta[i] += w * col[i];
	});
	return eta;
}

function evaluate(p: NewtonProblem, theta: Float64Array): { eta: Float64Array; loss: number; objective: number } {
	const eta = linearPredictor(p, theta);
	let loss = 0;
	for (let i = 0; i < p.n; i++) loss += rowLoss(eta[i], p.y[i]);
	let penalty = 0;
	for (let j = 1; j < theta.length; j++) if (p.penalty[j - 1] > 0) penalty += p.penalty[j - 1] * theta[j] * theta[j];
	return { eta, loss, objective: loss + 0.5 * penalty };
}

function gradientAndWeights(p: NewtonProblem, theta: Float64Array, eta: Float64Array): { g: Float64Array; w: Float64Array } {
	const r = new Float64Array(p.n);
	const w = new Float64Array(p.n);
	const g = new Float64Array(theta.length);
	for (let i = 0; i < p.n; i++) {
		const pi = sigmoid(eta[i]);
		r[i] = pi - p.y[i];
		w[i] = pi * (1 - pi);
		g[0] += r[i];
	}
	p.z.forEach((col, j) => {
		let s = 0;
		for (let i = 0; i < p.n; i++) s += r[i] * col[i];
		g[j + 1] = s + p.penalty[j] * theta[j + 1];
	});
	return { g, w };
}

/** XᵀWX + λI' in tfjs, read back as a symmetric float64 matrix. */
async function hessian(lt: LoadedTf, x: import('@tensorflow/tfjs-core').Tensor2D, w: Float64Array, penalty: Float64Array): Promise<SymMatrix> {
	const { tf } = lt;
	const product = tf.tidy(() => tf.matMul(x, tf.mul(x, tf.tensor2d(Float32Array.from(w), [w.length, 1])), true, false));
	const raw = await product.data();
	product.dispose();
	const size = x.shape[1];
	const data = new Float64Array(size * size);
	for (let a = 0; a < size; a++) {
		for (let b = 0; b < size; b++) data[a * size + b] = (raw[a * size + b] + raw[b * size + a]) / 2;
		if (a > 0) data[a * size + a] += penalty[a - 1];
	}
	return { size, data };
}

/**
 * XᵀWX + λI' in float64 JS, O(n·d²) once: the Hessian whose inverse gives the standard errors. Rows are taken in
 * blocks that fit in cache, so each column is read from memory once instead of once per pair.
 */
function exactHessian(p: NewtonProblem, w: Float64Array): SymMatrix {
	const d = p.z.length, size = d + 1, block = 2048;
	const sums = new Float64Array(size * size);
	const wx = new Float64Array(block * size); // w·x for the block, column after column (column 0: the intercept)
	for (let start = 0; start < p.n; start += block) {
		const len = Math.min(block, p.n - start);
		for (let r = 0; r < len; r++) wx[r] = w[start + r];
		for (let j = 0; j < d; j++) {
			const col = p.z[j], off = (j + 1) * block;
			for (let r = 0; r < len; r++) wx[off + r] = w[start + r] * col[start + r];
		}
		for (let a = 0; a < size; a++) {
			const xa = a === 0 ? null : p.z[a - 1], off = a * block;
			let b = 0;
			// Four products per pass over x_a (each sum still adds its terms in row order, so the same bits).
			if (xa) {
				for (; b + 3 <= a; b += 4) {
					const b0 = b * block, b1 = b0 + block, b2 = b1 + block, b3 = b2 + block;
					let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
					for (let r = 0; r < len; r++) {
						const v = xa[start + r];
						s0 += wx[b0 + r] * v;
						s1 += wx[b1 + r] * v;
						s2 += wx[b2 + r] * v;
						s3 += wx[b3 + r] * v;
					}
					sums[a * size + b] += s0;
					sums[a * size + b + 1] += s1;
					sums[a * size + b + 2] += s2;
					sums[a * size + b + 3] += s3;
				}
			}
			for (; b <= a; b++) {
				let s = 0;
				const boff = b * block;
				// Σ w·x_a·x_b = Σ (w·x_b)·x_a; with x_0 = 1 the intercept row is a plain sum.
				if (xa) for (let r = 0; r < len; r++) s += wx[boff + r] * xa[start + r];
				else for (let r = 0; r < len; r++) s += wx[off + r];
				sums[a * size + b] += s;
			}
		}
	}
	for (let a = 0; a < size; a++) {
		for (let b = 0; b < a; b++) sums[b * size + a] = sums[a * size + b];
		if (a > 0) sums[a * size + a] += p.penalty[a - 1];
	}
	return { size, data: sums };
}

/** The feature block of a Hessian without its penalty. */
function featureGram(h: SymMatrix, penalty: Float64Array): SymMatrix {
	const d = h.size - 1;
	const data = new Float64Array(d * d);
	for (let a = 0; a < d; a++) {
		for (let b = 0; b < d; b++) data[a * d + b] = h.data[(a + 1) * h.size + b + 1];
		data[a * d + a] -= penalty[a];
	}
	return { size: d, data };
}

/** Solves H_FF Δ = −g_F on the free coordinates; adds a growing ridge when H_FF is singular. */
function newtonStep(h: SymMatrix, g: Float64Array, free: number[]): { step: Float64Array; singular: boolean } {
	const hf = subMatrix(h, free);
	let maxDiag = 0;
	for (let k = 0; k < hf.size; k++) maxDiag = Math.max(maxDiag, hf.data[k * hf.size + k]);
	let singular = false;
	for (let ridge = 0; ; ridge = ridge === 0 ? 1e-10 * maxDiag : ridge * 10) {
		const m: SymMatrix = { size: hf.size, data: Float64Array.from(hf.data) };
		for (let k = 0; k < m.size; k++) m.data[k * m.size + k] += ridge;
		const chol = cholesky(m, 1e-11);
		if ('factor' in chol) {
			const sol = choleskySolve(chol.factor, m.size, Float64Array.from(free, (j) => -g[j]));
			const step = new Float64Array(g.length);
			free.forEach((j, k) => (step[j] = sol[k]));
			return { step, singular };
		}
		singular = true;
		if (ridge > maxDiag) throw new Error('the Newton system stayed singular even with a ridge; the design has no usable columns');
	}
}

function isSeparated(eta: Float64Array, y: Uint8Array): boolean {
	let min1 = Infinity, max0 = -Infinity;
	for (let i = 0; i < eta.length; i++) {
		if (y[i] === 1) min1 = Math.min(min1, eta[i]);
		else max0 = Math.max(max0, eta[i]);
	}
	return min1 > max0;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
	if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('The fit was cancelled', 'AbortError');
}

/** A projected step: θ + tΔ with coefficients clipped at 0 when they must stay non-negative. */
function moveTo(p: NewtonProblem, theta: Float64Array, step: Float64Array, t: number): Float64Array {
	const next = new Float64Array(theta.length);
	for (let j = 0; j < theta.length; j++) {
		const v = theta[j] + t * step[j];
		next[j] = p.nonNegative && j > 0 && v < 0 ? 0 : v;
	}
	return next;
}

/** Halves the step until the objective drops enough (Armijo, with room for float64 rounding at the optimum). */
function lineSearch(p: NewtonProblem, theta: Float64Array, g: Float64Array, step: Float64Array, objective: number) {
	for (let t = 1, k = 0; k < 60; k++, t /= 2) {
		const next = moveTo(p, theta, step, t);
		let slope = 0;
		for (let j = 0; j < theta.length; j++) slope += g[j] * (next[j] - theta[j]);
		const value = evaluate(p, next);
		if (value.objective <= objective + 1e-4 * slope + 1e-12 * Math.abs(objective)) return { next, value };
	}
	return null;
}

/** Runs Newton from the intercept-only model (intercept = logit of the churn rate, coefficients 0). */
export async function newton(lt: LoadedTf, p: NewtonProblem): Promise<NewtonResult> {
	const d = p.z.length;
	const unpenalized = p.penalty.every((l) => l === 0);
	const buffer = new Float32Array(p.n * (d + 1));
	for (let i = 0; i < p.n; i++) buffer[i * (d + 1)] = 1;
	p.z.forEach((col, j) => {
		for (let i = 0; i < p.n; i++) buffer[i * (d + 1) + j + 1] = col[i];
	});
	const x = lt.tf.tensor2d(buffer, [p.n, d + 1]);
	try {
		let ones = 0;
		for (let i = 0; i < p.n; i++) ones += p.y[i];
		let theta: Float64Array = new Float64Array(d + 1);
		theta[0] = Math.log(ones / (p.n - ones));
		let current = evaluate(p, theta);
		let converged = false, singular = false, separated = false, diverged = false, iterations = 0;
		let gram: SymMatrix | null = null;
		while (iterations < p.maxIter) {
			throwIfAborted(p.signal);
			iterations++;
			const { g, w } = gradientAndWeights(p, theta, current.eta);
			const h = await hessian(lt, x, w, p.penalty);
			gram ??= featureGram(h, p.penalty);
			// A coefficient held at 0 whose gradient pushes it further down stays out of this step.
			const free = [0];
			for (let j = 1; j <= d; j++) if (!(p.nonNegative && theta[j] <= 0 && g[j] > 0)) free.push(j);
			const solved = newtonStep(h, g, free);
			singular ||= solved.singular;
			const moved = lineSearch(p, theta, g, solved.step, current.objective);
			if (!moved) {
				// No step lowers the objective: θ is optimal to rounding when the Newton decrement is negligible.
				let decrement = 0;
				for (let j = 0; j <= d; j++) decrement -= g[j] * solved.step[j];
				converged = decrement <= 1e-10 * Math.max(1, current.objective);
				break;
			}
			let change = 0, size = 0;
			for (let j = 0; j <= d; j++) {
				change = Math.max(change, Math.abs(moved.next[j] - theta[j]));
				size = Math.max(size, Math.abs(moved.next[j]));
			}
			theta = moved.next;
			current = moved.value;
			if (unpenalized && isSeparated(current.eta, p.y)) {
				separated = true;
				break;
			}
			if (unpenalized && size > 100) {
				diverged = true;
				break;
			}
			if (change <= p.tol * (1 + size)) {
				converged = true;
				break;
			}
			if (p.signal) await new Promise((resolve) => setTimeout(resolve, 0)); // let a Cancel message arrive
		}
		// The float32 Hessian steers Newton; standard errors need the float64 one (z = 34.6 moves p by 1e-3 per 3e-5).
		const h = p.exactHessian ? exactHessian(p, gradientAndWeights(p, theta, current.eta).w) : null;
		if (!unpenalized && isSeparated(current.eta, p.y)) separated = true;
		if (!gram) throw new Error('Newton took no step'); // maxIter ≥ 1 is checked by the caller
		return { theta, iterations, converged, loss: current.loss, eta: current.eta, hessian: h, gram, singular, separated, diverged };
	} finally {
		x.dispose();
	}
}
