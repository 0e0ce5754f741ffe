/**
 * The Cholesky passes the Newton solver and the design check run on, against factors worked by hand: the 3 × 3
 * example of Golub & Van Loan / Wikipedia's "Cholesky decomposition" (A = L Lᵀ with L = [[2,0,0],[6,1,0],[−8,5,3]]),
 * and Gram matrices of columns built to depend on one another.
 */
import { describe, expect, it } from 'vitest';
import { cholesky, choleskyInverse, choleskySolve, dependentColumns, type SymMatrix } from '../../src/lib/ml/linalg';

const A: SymMatrix = { size: 3, data: Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]) };
const L = [2, 0, 0, 6, 1, 0, -8, 5, 3];

/** XᵀX of the columns given (each a list of values over the same rows). */
function gram(columns: number[][]): SymMatrix {
	const d = columns.length;
	const data = new Float64Array(d * d);
	for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) data[i * d + j] = columns[i].reduce((s, v, r) => s + v * columns[j][r], 0);
	return { size: d, data };
}

describe('cholesky', () => {
	it('factors the textbook matrix into its known L', () => {
		const result = cholesky(A);
		if (!('factor' in result)) throw new Error(`failed at column ${result.failedAt}`);
		[...result.factor].forEach((v, i) => expect(v).toBeCloseTo(L[i], 12));
	});

	it('names the first column that is a combination of the earlier ones', () => {
		// Column 2 = column 0 + column 1.
		expect(cholesky(gram([[1, 0, 2, 1], [0, 1, 1, 3], [1, 1, 3, 4]]))).toEqual({ failedAt: 2 });
		expect(cholesky({ size: 2, data: Float64Array.from([1, 2, 2, 4]) })).toEqual({ failedAt: 1 });
	});

	it('solves and inverts with the factor: A x = b for x = (1, −2, 0.5), and A A⁻¹ = I', () => {
		const factor = Float64Array.from(L);
		// b = A (1, −2, 0.5) worked by hand: (4 − 24 − 8, 12 − 74 − 21.5, −16 + 86 + 49).
		const x = choleskySolve(factor, 3, Float64Array.from([-28, -83.5, 119]));
		[1, -2, 0.5].forEach((v, i) => expect(x[i]).toBeCloseTo(v, 10));
		const inv = choleskyInverse(factor, 3);
		for (let i = 0; i < 3; i++) {
			for (let j = 0; j < 3; j++) {
				const aInv = [0, 1, 2].reduce((s, k) => s + A.data[i * 3 + k] * inv[k * 3 + j], 0);
				expect(aInv).toBeCloseTo(i === j ? 1 : 0, 10);
			}
		}
	});
});

describe('dependentColumns', () => {
	it('skips a column that repeats another, and tests later columns against the kept ones only', () => {
		const x = [1, 2, 3, 4, 5];
		const y = [2, -1, 0, 3, 1];
		// Columns: x, 2x (depends on x), y, x + y (depends on x and y), and one of its own.
		expect(dependentColumns(gram([x, x.map((v) => 2 * v), y, x.map((v, r) => v + y[r]), [0, 0, 1, 0, 0]]), 1e-8)).toEqual([1, 3]);
	});

	it('finds none among independent columns', () => {
		expect(dependentColumns(A, 1e-8)).toEqual([]);
	});
});
