/**
 * fitLogistic against scikit-learn run to full precision (fixtures/sklearn-tight.json: newton-cholesky,
 * tol 1e-12, the shared reference's own preprocessing), on the wasm and the cpu backend.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitLogistic, predictProba } from '../../src/lib/ml/logistic';
import { auc, brier, logLoss } from '../../src/lib/ml/metrics';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { loadBigml, loadTelco } from './churn-data';

interface Tight {
	variants: Record<string, { features: string[]; coef_standardized: number[]; intercept_standardized: number; in_sample: { auc: number; brier: number; log_loss: number } }>;
}
const tight = JSON.parse(readFileSync(new URL('./fixtures/sklearn-tight.json', import.meta.url), 'utf8')) as Tight;

describe.each(['wasm', 'cpu'] as const)('fitLogistic on the %s backend against tight scikit-learn', (backend) => {
	it.each(Object.keys(tight.variants))('%s: coefficients within 1e-6, in-sample metrics within 1e-9', async (key) => {
		const lt = await loadTfNode(backend);
		expect(lt.backend).toBe(backend);
		const [dataset, variant] = key.split('/');
		const table = dataset === 'telco' ? loadTelco() : loadBigml();
		const ref = tight.variants[key];
		const fit = await fitLogistic(lt, table.variants[variant], table.y);
		expect(fit.names).toEqual(ref.features);
		expect(Math.abs(fit.intercept - ref.intercept_standardized)).toBeLessThan(1e-6);
		fit.names.forEach((name, j) => expect(Math.abs(fit.coef[j] - ref.coef_standardized[j]), name).toBeLessThan(1e-6));
		const p = predictProba(fit, table.variants[variant]);
		expect(Math.abs(auc(p, table.y) - ref.in_sample.auc)).toBeLessThan(1e-9);
		expect(Math.abs(brier(p, table.y) - ref.in_sample.brier)).toBeLessThan(1e-9);
		expect(Math.abs(logLoss(p, table.y) - ref.in_sample.log_loss)).toBeLessThan(1e-9);
	});
});
