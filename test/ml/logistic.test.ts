/**
 * fitLogistic on the wasm backend in node against scikit-learn (reference/telco.json, reference/bigml.json:
 * lbfgs, C = 1) and statsmodels (reference/telco_stats.json: unpenalized Logit).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fitLogistic, predictProba, type Design, type FitResult } from '../../src/lib/ml/logistic';
import { auc, brier, logLoss, stratifiedFolds } from '../../src/lib/ml/metrics';
import type { LoadedTf } from '../../src/lib/ml/tf';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { readReference } from '../helpers/shared-data';
import { loadBigml, loadTelco, type ChurnTable } from './churn-data';

interface Variant {
	features: string[];
	scaler_mean: Record<string, number>;
	scaler_scale: Record<string, number>;
	coef_standardized: Record<string, number>;
	intercept_standardized: number;
	coef_raw_units: Record<string, number>;
	intercept_raw_units: number;
	in_sample: { auc: number; brier: number; log_loss: number };
	cv: { mean_auc: number; pooled_oof_auc: number };
}
interface Reference {
	variants: Record<string, Variant>;
}
interface Stats {
	statsmodels_logit_numeric_only_standardized: {
		params: Record<string, number>;
		std_err: Record<string, number>;
		z: Record<string, number>;
		p_value: Record<string, number>;
		ci95: Record<string, [number, number]>;
		log_likelihood: number;
	};
}

/** scikit-learn's objective ½‖w‖² + C·Σ logloss at standardized coefficients, in float64. */
function objective(design: Design, y: Uint8Array, mean: Float64Array, std: Float64Array, intercept: number, coef: ArrayLike<number>): number {
	let loss = 0;
	for (let i = 0; i < design.n; i++) {
		let eta = intercept;
		for (let j = 0; j < coef.length; j++) eta += (coef[j] * (design.columns[j][i] - mean[j])) / std[j];
		const t = y[i] ? -eta : eta;
		loss += t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
	}
	let penalty = 0;
	for (let j = 0; j < coef.length; j++) penalty += coef[j] ** 2;
	return loss + penalty / 2;
}

let lt: LoadedTf;
beforeAll(async () => {
	lt = await loadTfNode();
});

const cases: [string, () => ChurnTable, string, string][] = [
	['telco', loadTelco, 'telco.json', 'numeric_only'],
	['telco', loadTelco, 'telco.json', 'numeric_plus_onehot'],
	['bigml', loadBigml, 'bigml.json', 'numeric_plus_plans']
];

describe('fitLogistic against scikit-learn (C = 1)', () => {
	it('runs on the wasm backend', () => {
		expect(lt.backend).toBe('wasm');
		expect(lt.tf.getBackend()).toBe('wasm');
	});

	for (const [dataset, load, file, variant] of cases) {
		describe(`${dataset} ${variant}`, () => {
			let fit: FitResult;
			let ref: Variant;
			let table: ChurnTable;
			beforeAll(async () => {
				table = load();
				ref = readReference<Reference>(file).variants[variant];
				fit = await fitLogistic(lt, table.variants[variant], table.y);
			});

			it('converges, with the reference scaler', () => {
				expect(fit.converged).toBe(true);
				expect(fit.names).toEqual(ref.features);
				fit.names.forEach((name, j) => {
					expect(fit.mean[j]).toBeCloseTo(ref.scaler_mean[name], 6);
					expect(fit.std[j]).toBeCloseTo(ref.scaler_scale[name], 7);
				});
			});

			// The collinear one-hot variant is the exception: lbfgs stopped short of the optimum there (its objective
			// is 3.5e-6 above ours), and along the nearly flat collinear direction that leaves coefficients up to
			// 2.8e-4 away. Our fit is checked to be the better optimum, and within 1e-6 of scikit-learn's
			// newton-cholesky with a tight tolerance in sklearn-tight.test.ts.
			const tolerance = variant === 'numeric_plus_onehot' ? 3e-4 : 1e-4;
			it(`standardized coefficients and intercept within ${tolerance} of scikit-learn's`, () => {
				expect(Math.abs(fit.intercept - ref.intercept_standardized)).toBeLessThan(tolerance);
				fit.names.forEach((name, j) => expect(Math.abs(fit.coef[j] - ref.coef_standardized[name]), name).toBeLessThan(tolerance));
			});

			it('reaches an objective no higher than scikit-learn\'s coefficients do', () => {
				const d = table.variants[variant];
				const ours = objective(d, table.y, fit.mean, fit.std, fit.intercept, fit.coef);
				const theirs = objective(d, table.y, fit.mean, fit.std, ref.intercept_standardized, fit.names.map((n) => ref.coef_standardized[n]));
				// The reference is rounded to 6 decimals, which costs up to ~1e-9 in the objective.
				expect(ours).toBeLessThanOrEqual(theirs + 1e-8);
			});

			it('5-fold cross-validated AUC within 0.01 of scikit-learn\'s (different folds)', async () => {
				const d = table.variants[variant];
				const fold = stratifiedFolds(table.y, 5, 0);
				const oof = new Float64Array(d.n);
				let meanAuc = 0;
				for (let f = 0; f < 5; f++) {
					const train: number[] = [], test: number[] = [];
					for (let i = 0; i < d.n; i++) (fold[i] === f ? test : train).push(i);
					const rows = (idx: number[]): Design => ({ n: idx.length, names: d.names, columns: d.columns.map((c) => Float64Array.from(idx.map((i) => c[i]))) });
					const model = await fitLogistic(lt, rows(train), Uint8Array.from(train.map((i) => table.y[i])), { standardErrors: false });
					const p = predictProba(model, rows(test));
					test.forEach((i, k) => (oof[i] = p[k]));
					meanAuc += auc(p, test.map((i) => table.y[i])) / 5;
				}
				expect(Math.abs(meanAuc - ref.cv.mean_auc)).toBeLessThan(0.01);
				expect(Math.abs(auc(oof, table.y) - ref.cv.pooled_oof_auc)).toBeLessThan(0.01);
			});

			it('raw-unit coefficients agree with the reference', () => {
				fit.names.forEach((name, j) => {
					expect(Math.abs(fit.coefRaw[j] * fit.std[j] - ref.coef_raw_units[name] * ref.scaler_scale[name]), name).toBeLessThan(tolerance);
				});
				expect(Math.abs(fit.interceptRaw - ref.intercept_raw_units)).toBeLessThan(variant === 'numeric_plus_onehot' ? 3e-3 : 1e-3);
			});

			// bigml: lbfgs's coefficients order 2 of the 1,376,550 churned/retained pairs differently from the optimum's
			// (AUC 0.8228826 with the reference's coefficients, 0.8228840 at the optimum, scikit-learn's newton-cholesky
			// agreeing with ours to 1e-9 in sklearn-tight.test.ts), so its AUC is 1.02e-6 away.
			const aucTolerance = dataset === 'bigml' ? 1.5e-6 : 1e-6;
			it(`in-sample AUC within ${aucTolerance}, Brier and log-loss within 1e-6`, () => {
				const p = predictProba(fit, table.variants[variant]);
				expect(Math.abs(auc(p, table.y) - ref.in_sample.auc)).toBeLessThan(aucTolerance);
				expect(Math.abs(brier(p, table.y) - ref.in_sample.brier)).toBeLessThan(1e-6);
				expect(Math.abs(logLoss(p, table.y) - ref.in_sample.log_loss)).toBeLessThan(1e-6);
			});
		});
	}

	it('says which bigml charges are collinear with their minutes', async () => {
		const t = loadBigml();
		const fit = await fitLogistic(lt, t.variants.numeric_plus_plans, t.y);
		const notice = fit.notices.find((n) => n.includes('collinear'));
		expect(notice).toBeDefined();
		for (const period of ['day', 'eve', 'night', 'intl']) expect(notice).toContain(`"total ${period} charge"`);
	});
});

describe('fitLogistic unpenalized (C = Infinity) against statsmodels Logit', () => {
	const s = () => readReference<Stats>('telco_stats.json').statsmodels_logit_numeric_only_standardized;
	let fit: FitResult;
	beforeAll(async () => {
		const t = loadTelco();
		fit = await fitLogistic(lt, t.variants.numeric_only, t.y, { C: Infinity });
	});

	it('params, standard errors, z and 95 % intervals within 1e-3 (and much closer)', () => {
		const ref = s();
		const check = (name: string, param: number, se: number, z: number, ci: [number, number]) => {
			expect(Math.abs(param - ref.params[name]), name).toBeLessThan(1e-5);
			expect(Math.abs(se - ref.std_err[name]), name).toBeLessThan(1e-5);
			expect(Math.abs(z - ref.z[name]), name).toBeLessThan(1e-4);
			expect(Math.abs(ci[0] - ref.ci95[name][0]), name).toBeLessThan(1e-5);
			expect(Math.abs(ci[1] - ref.ci95[name][1]), name).toBeLessThan(1e-5);
		};
		check('intercept', fit.intercept, fit.interceptStdErr, fit.interceptZ, fit.interceptCi95);
		fit.names.forEach((name, j) => check(name, fit.coef[j], fit.stdErr[j], fit.z[j], [fit.ci95[0][j], fit.ci95[1][j]]));
		expect(fit.logLik).toBeCloseTo(ref.log_likelihood, 5);
	});

	it('p-values within 1e-3 relative, down to the intercept\'s 2e-262', () => {
		const ref = s();
		expect(Math.abs(fit.interceptPValue / ref.p_value.intercept - 1)).toBeLessThan(1e-3);
		fit.names.forEach((name, j) => expect(Math.abs(fit.pValue[j] / ref.p_value[name] - 1), name).toBeLessThan(1e-3));
	});
});
