/** Checking and standardizing a design matrix before a fit. */
import { dependentColumns, type SymMatrix } from './linalg';

/** Feature columns, complete cases only (no NaN), column-major: `columns[j][i]` is row i of feature j. */
export interface Design {
	n: number;
	names: string[];
	columns: Float64Array[];
}

/** Throws, naming the column, row and value, when the design or the outcome cannot be fitted. */
export function checkDesign(design: Design, y: Uint8Array): void {
	const { n, names, columns } = design;
	if (!(Number.isInteger(n) && n > 0)) throw new Error(`invalid design; the row count is not a positive integer: ${n}`);
	if (names.length !== columns.length) {
		throw new Error(`invalid design; ${names.length} names for ${columns.length} columns`);
	}
	if (y.length !== n) throw new Error(`invalid outcome; ${y.length} values for ${n} rows`);
	columns.forEach((col, j) => {
		if (col.length !== n) throw new Error(`invalid design; column "${names[j]}" has ${col.length} values for ${n} rows`);
		for (let i = 0; i < n; i++) {
			if (!Number.isFinite(col[i])) {
				throw new Error(`column "${names[j]}", row ${i + 1}: ${col[i]} is not a number; the design must hold complete cases only`);
			}
		}
	});
	let ones = 0;
	for (let i = 0; i < n; i++) {
		if (y[i] !== 0 && y[i] !== 1) throw new Error(`outcome, row ${i + 1}: ${y[i]} is neither 0 nor 1`);
		ones += y[i];
	}
	if (ones === 0 || ones === n) {
		throw new Error(`every one of the ${n} rows has outcome ${ones === 0 ? 0 : 1}; a model needs both outcomes to learn from`);
	}
}

/** Standardized columns with their mean and (population) standard deviation; constant columns are left out. */
export interface Standardized {
	kept: number[];
	dropped: number[];
	mean: Float64Array;
	std: Float64Array;
	z: Float64Array[];
}

/**
 * Centres and scales each column (population std, as scikit-learn's StandardScaler). The fit always works on
 * these z-scores, which keeps the float32 Hessian well conditioned; a penalty on raw units is expressed on them.
 */
export function standardize(design: Design): Standardized {
	const d = design.columns.length;
	const mean = new Float64Array(d);
	const std = new Float64Array(d);
	const kept: number[] = [];
	const dropped: number[] = [];
	const z: Float64Array[] = [];
	design.columns.forEach((col, j) => {
		let s = 0;
		for (let i = 0; i < design.n; i++) s += col[i];
		const m = s / design.n;
		let ss = 0;
		for (let i = 0; i < design.n; i++) ss += (col[i] - m) * (col[i] - m);
		const sd = Math.sqrt(ss / design.n);
		// A spread below rounding noise of the mean is a constant column: it only duplicates the intercept.
		if (!(sd > 1e-12 * Math.max(1, Math.abs(m)))) {
			mean[j] = m;
			dropped.push(j);
			return;
		}
		mean[j] = m;
		std[j] = sd;
		const out = new Float64Array(design.n);
		for (let i = 0; i < design.n; i++) out[i] = (col[i] - mean[j]) / std[j];
		kept.push(j);
		z.push(out);
	});
	return { kept, dropped, mean, std, z };
}

/**
 * Kept columns that are (nearly) linear combinations of the others: R² above 0.9999 on the columns before them,
 * from the Gram matrix of the standardized (so centred) columns. bigml's charges are minutes times a rate,
 * rounded to the cent (R² ≈ 1 − 1e-5 … 1e-7). float32 products are accurate enough for this threshold.
 */
export function collinearFromGram(gram: SymMatrix): number[] {
	return dependentColumns(gram, 1e-4);
}

/**
 * Kept columns that on their own separate the outcomes: every churned row at or above every retained row, or
 * at or below (a leaking column, such as a cancellation flag). The unpenalized likelihood then has no maximum.
 */
export function separatingColumns(z: Float64Array[], y: Uint8Array): number[] {
	const out: number[] = [];
	z.forEach((col, k) => {
		let min1 = Infinity, max1 = -Infinity, min0 = Infinity, max0 = -Infinity;
		for (let i = 0; i < col.length; i++) {
			const v = col[i];
			if (y[i]) (min1 = Math.min(min1, v)), (max1 = Math.max(max1, v));
			else (min0 = Math.min(min0, v)), (max0 = Math.max(max0, v));
		}
		if (max0 <= min1 || max1 <= min0) out.push(k);
	});
	return out;
}
