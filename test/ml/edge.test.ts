/** fitLogistic on the hard cases: separation, collinearity, constant columns, bad input, the constraint, Cancel. */
import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/lib/core/random';
import { fitLogistic, logOdds, predictProba, type Design } from '../../src/lib/ml/logistic';
import type { LoadedTf } from '../../src/lib/ml/tf';
import { loadTfNode } from '../../src/lib/ml/tf-node';

/** n rows of d standard-normal features and outcomes drawn from a known logistic model. */
function synthetic(n: number, coef: number[], intercept: number, seed: number): { design: Design; y: Uint8Array } {
	const random = new Random(seed);
	const columns = coef.map(() => new Float64Array(n));
	const y = new Uint8Array(n);
	for (let i = 0; i < n; i++) {
		let eta = intercept;
		coef.forEach((b, j) => {
			columns[j][i] = random.normal();
			eta += b * columns[j][i];
		});
		y[i] = random.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
	}
	return { design: { n, names: coef.map((_, j) => `x${j + 1}`), columns }, y };
}

let lt: LoadedTf;
beforeAll(async () => {
	lt = await loadTfNode();
});

describe('separation', () => {
	// x1 > 0 exactly when churned: complete separation.
	const { design } = synthetic(400, [0.5, -0.5], 0, 11);
	const y = Uint8Array.from(design.columns[0], (v) => (v > 0 ? 1 : 0));

	it('with L2 it converges, with a notice', async () => {
		const fit = await fitLogistic(lt, design, y, { C: 1 });
		expect(fit.converged).toBe(true);
		expect(Number.isFinite(fit.coef[0])).toBe(true);
		expect(fit.coef[0]).toBeGreaterThan(3);
		expect(fit.notices.join(' ')).toContain('"x1" on its own separates churned from retained customers');
	});

	it('unpenalized it stops at once with a clear notice instead of looping', async () => {
		const fit = await fitLogistic(lt, design, y, { C: Infinity });
		expect(fit.converged).toBe(false);
		expect(fit.iterations).toBeLessThan(20);
		expect(fit.notices.join(' ')).toContain('without regularization the coefficients are infinite. Use a finite C.');
		expect(fit.stdErr[0]).toBeNaN();
	});

	it('quasi-complete separation unpenalized: reported as unbounded', async () => {
		// x1 ≥ 0 for every churned row; at x1 = 0 both outcomes occur.
		const x = Float64Array.from({ length: 200 }, (_, i) => (i < 40 ? 0 : i < 120 ? -1 - (i % 7) : 1 + (i % 5)));
		const yq = Uint8Array.from(x, (v, i) => (v > 0 ? 1 : v < 0 ? 0 : i % 2));
		const fit = await fitLogistic(lt, { n: 200, names: ['x'], columns: [x] }, yq, { C: Infinity });
		expect(fit.converged).toBe(false);
		expect(fit.notices.join(' ')).toMatch(/grow without bound|did not converge|perfectly/);
		expect(fit.iterations).toBeLessThanOrEqual(100);
	});
});

describe('collinear columns', () => {
	const base = synthetic(2000, [1, -0.7], -0.5, 12);
	const twice = base.design.columns[0].map((v) => 3 * v + 2); // an exact linear function of x1
	const design: Design = { n: base.design.n, names: ['x1', 'x2', 'x1 again'], columns: [...base.design.columns, twice] };

	it('with L2 the weight is split evenly between standardized copies, with a notice', async () => {
		const fit = await fitLogistic(lt, design, base.y);
		const single = await fitLogistic(lt, { ...base.design, columns: [base.design.columns[0].map((v) => v), base.design.columns[1]] }, base.y);
		expect(fit.converged).toBe(true);
		expect(fit.coef[0]).toBeCloseTo(fit.coef[2], 6);
		// Same predictions as one column with the summed coefficient (the penalty differs, so not identical).
		expect(fit.coef[0] + fit.coef[2]).toBeGreaterThan(single.coef[0]);
		expect(fit.notices.join(' ')).toContain('"x1 again" is almost exactly determined by other columns (collinear');
	});

	it('unpenalized: a notice that the problem is singular, no standard errors, no endless loop', async () => {
		const fit = await fitLogistic(lt, design, base.y, { C: Infinity });
		expect(fit.notices.join(' ')).toContain('singular');
		expect(fit.stdErr[0]).toBeNaN();
		expect(fit.iterations).toBeLessThanOrEqual(100);
		// The predictions are still the maximum-likelihood ones.
		const single = await fitLogistic(lt, base.design, base.y, { C: Infinity });
		const a = predictProba(fit, design), b = predictProba(single, base.design);
		let maxDiff = 0;
		for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
		expect(maxDiff).toBeLessThan(1e-6);
	});
});

describe('constant column', () => {
	it('is dropped with a notice; the rest of the fit is unchanged', async () => {
		const { design, y } = synthetic(1000, [0.8, 0.3], 0.2, 13);
		const withConstant: Design = { n: design.n, names: ['x1', 'plan', 'x2'], columns: [design.columns[0], new Float64Array(design.n).fill(7), design.columns[1]] };
		const fit = await fitLogistic(lt, withConstant, y);
		const plain = await fitLogistic(lt, design, y);
		expect(fit.dropped).toEqual(['plan']);
		expect(fit.notices[0]).toBe('"plan" has the same value in every row and was left out.');
		expect(fit.names).toEqual(['x1', 'plan', 'x2']);
		expect(fit.coef[1]).toBe(0);
		expect(fit.stdErr[1]).toBeNaN();
		expect(fit.coef[0]).toBeCloseTo(plain.coef[0], 10);
		expect(fit.coef[2]).toBeCloseTo(plain.coef[1], 10);
		expect(fit.intercept).toBeCloseTo(plain.intercept, 10);
	});
});

describe('bad input is refused with a clear message', () => {
	const { design, y } = synthetic(100, [1], 0, 14);

	it('all one class', async () => {
		await expect(fitLogistic(lt, design, new Uint8Array(100))).rejects.toThrow('every one of the 100 rows has outcome 0; a model needs both outcomes');
		await expect(fitLogistic(lt, design, new Uint8Array(100).fill(1))).rejects.toThrow('has outcome 1');
	});

	it('NaN in a column, naming the column and row', async () => {
		const col = Float64Array.from(design.columns[0]);
		col[41] = NaN;
		await expect(fitLogistic(lt, { ...design, columns: [col] }, y)).rejects.toThrow('column "x1", row 42: NaN is not a number');
	});

	it('outcome that is not 0/1, mismatched lengths, bad options', async () => {
		const bad = Uint8Array.from(y);
		bad[3] = 2;
		await expect(fitLogistic(lt, design, bad)).rejects.toThrow('outcome, row 4: 2 is neither 0 nor 1');
		await expect(fitLogistic(lt, design, y.subarray(1))).rejects.toThrow('99 values for 100 rows');
		await expect(fitLogistic(lt, design, y, { C: 0 })).rejects.toThrow('invalid C; not a positive number or Infinity: 0');
		await expect(fitLogistic(lt, design, y, { maxIter: 1.5 })).rejects.toThrow('invalid maxIter');
		expect(() => logOdds(fitDummy(), { n: 1, names: ['other'], columns: [new Float64Array(1)] })).toThrow('the design has no column "x1"');
	});

	function fitDummy() {
		return { names: ['x1'], coefRaw: Float64Array.of(1), interceptRaw: 0 } as Parameters<typeof logOdds>[0];
	}
});

describe('non-negative coefficients', () => {
	it('a harmful feature is held at exactly 0 and the others equal the fit without it (KKT)', async () => {
		const { design, y } = synthetic(3000, [1.2, -0.8, 0.5], 0, 16);
		const fit = await fitLogistic(lt, design, y, { nonNegative: true });
		expect(fit.converged).toBe(true);
		expect(fit.coef[1]).toBe(0);
		const without = await fitLogistic(lt, { n: design.n, names: ['x1', 'x3'], columns: [design.columns[0], design.columns[2]] }, y);
		expect(fit.coef[0]).toBeCloseTo(without.coef[0], 7);
		expect(fit.coef[2]).toBeCloseTo(without.coef[1], 7);
		expect(fit.intercept).toBeCloseTo(without.intercept, 7);
	});

	it('when nothing binds, the constrained fit is the unconstrained one', async () => {
		const { design, y } = synthetic(3000, [1, 0.6], 0.3, 17);
		const a = await fitLogistic(lt, design, y, { nonNegative: true });
		const b = await fitLogistic(lt, design, y);
		expect(a.coef[0]).toBeCloseTo(b.coef[0], 9);
		expect(a.coef[1]).toBeCloseTo(b.coef[1], 9);
	});
});

describe('raw scale and recovery of a known model', () => {
	it('unpenalized, standardizing or not gives the same raw-unit model', async () => {
		const { design, y } = synthetic(5000, [0.9, -0.4], -1, 18);
		const scaled: Design = { ...design, columns: [design.columns[0].map((v) => 50 + 20 * v), design.columns[1].map((v) => v / 1000)] };
		const a = await fitLogistic(lt, scaled, y, { C: Infinity });
		const b = await fitLogistic(lt, scaled, y, { C: Infinity, standardize: false });
		expect(a.coefRaw[0]).toBeCloseTo(b.coefRaw[0], 8);
		expect(a.coefRaw[1] / b.coefRaw[1]).toBeCloseTo(1, 8);
		expect(a.interceptRaw).toBeCloseTo(b.interceptRaw, 6);
		expect(a.stdErrRaw[1] / b.stdErrRaw[1]).toBeCloseTo(1, 6);
		expect(a.interceptStdErrRaw / b.interceptStdErr).toBeCloseTo(1, 6);
		// The true model is recovered within 3 standard errors.
		expect(Math.abs(a.coefRaw[0] - 0.9 / 20) / a.stdErrRaw[0]).toBeLessThan(3);
		expect(Math.abs(a.coefRaw[1] - -0.4 * 1000) / a.stdErrRaw[1]).toBeLessThan(3);
	});
});

describe('Cancel', () => {
	const { design, y } = synthetic(3000, [1, -1, 0.5], 0, 19);

	it('an aborted signal stops a fit with an AbortError', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(fitLogistic(lt, design, y, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
	});

});
