/** Small dense symmetric algebra in float64 for the d × d Newton systems (d is tens, never thousands). */

/** A symmetric positive-definite matrix in row-major order, size × size. */
export interface SymMatrix {
	size: number;
	data: Float64Array;
}

/**
 * Cholesky factor L (lower, row-major) of a symmetric matrix, or the index of the first column whose pivot is
 * not positive relative to its diagonal (`relTol`): that column is (nearly) a combination of the earlier ones.
 */
export function cholesky(a: SymMatrix, relTol = 1e-12): { factor: Float64Array } | { failedAt: number } {
	const n = a.size;
	const l = new Float64Array(n * n);
	for (let j = 0; j < n; j++) {
		const diag = pivot(a, l, j);
		if (!(diag > relTol * Math.abs(a.data[j * n + j])) || !(diag > 0)) return { failedAt: j };
		fillColumn(a, l, j, diag);
	}
	return { factor: l };
}

/** Column j's pivot in a Cholesky pass: its diagonal less what the columns of L before it account for. */
function pivot(a: SymMatrix, l: Float64Array, j: number): number {
	const n = a.size;
	let diag = a.data[j * n + j];
	for (let k = 0; k < j; k++) diag -= l[j * n + k] * l[j * n + k];
	return diag;
}

/** Fills column j of L (lower, row-major) from its pivot down. */
function fillColumn(a: SymMatrix, l: Float64Array, j: number, diag: number): void {
	const n = a.size;
	const ljj = Math.sqrt(diag);
	l[j * n + j] = ljj;
	for (let i = j + 1; i < n; i++) {
		let s = a.data[i * n + j];
		for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
		l[i * n + j] = s / ljj;
	}
}

/** Solves L Lᵀ x = b for x, given the Cholesky factor L of size n. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
	const x = Float64Array.from(b);
	for (let i = 0; i < n; i++) {
		let s = x[i];
		for (let k = 0; k < i; k++) s -= l[i * n + k] * x[k];
		x[i] = s / l[i * n + i];
	}
	for (let i = n - 1; i >= 0; i--) {
		let s = x[i];
		for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
		x[i] = s / l[i * n + i];
	}
	return x;
}

/** The inverse of L Lᵀ (row-major), column by column. */
export function choleskyInverse(l: Float64Array, n: number): Float64Array {
	const inv = new Float64Array(n * n);
	const e = new Float64Array(n);
	for (let j = 0; j < n; j++) {
		e.fill(0);
		e[j] = 1;
		const col = choleskySolve(l, n, e);
		for (let i = 0; i < n; i++) inv[i * n + j] = col[i];
	}
	return inv;
}

/** The sub-matrix of rows and columns `keep`. */
export function subMatrix(a: SymMatrix, keep: readonly number[]): SymMatrix {
	const m = keep.length;
	const data = new Float64Array(m * m);
	for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) data[i * m + j] = a.data[keep[i] * a.size + keep[j]];
	return { size: m, data };
}

/**
 * Columns of a symmetric positive-semidefinite Gram matrix that are (nearly) linear combinations of earlier
 * columns: a Cholesky pass that skips a column whose remaining pivot is below `relTol` of its diagonal (for a
 * correlation matrix, 1 − R² of that column on the kept ones).
 */
export function dependentColumns(a: SymMatrix, relTol: number): number[] {
	const n = a.size;
	const l = new Float64Array(n * n);
	const dependent: number[] = [];
	for (let j = 0; j < n; j++) {
		const diag = pivot(a, l, j);
		// A dependent column's row of L stays zero, so later columns are tested against the kept ones only.
		if (!(diag > relTol * a.data[j * n + j])) dependent.push(j);
		else fillColumn(a, l, j, diag);
	}
	return dependent;
}
