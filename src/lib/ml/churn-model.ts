/**
 * The churn model a Learn run stores for the worklist: the suggest-weights fit (label = retained, coefficients
 * ≥ 0 on the sub-scores) read the other way round, as log-odds of churn per sub-score point. Pure arithmetic.
 */
import type { ChurnModel } from '../core/worklist';
import type { FitResult } from './logistic';

/**
 * The model of a fit on sub-scores with label = retained: churn log-odds = −(retention log-odds), so the
 * intercept and coefficients (per sub-score point: the fit's raw scale) change sign. `fill` is the sub-score a
 * skipped value got in training (the training mean), one per fitted column in `fit.names` order. Columns the fit
 * dropped (constant) are left out: they moved nothing, and the model should not need a metric it never used.
 */
export function churnModelOf(fit: Pick<FitResult, 'names' | 'interceptRaw' | 'coefRaw' | 'dropped'>, fill: readonly number[]): ChurnModel {
	const { names, coefRaw, interceptRaw } = fit;
	if (fill.length !== names.length) throw new Error(`invalid fill; ${fill.length} values for ${names.length} columns`);
	if (!Number.isFinite(interceptRaw)) throw new Error(`invalid fit; the intercept is not finite: ${interceptRaw}`);
	const dropped = new Set(fit.dropped);
	const model: ChurnModel = { kind: 'churn-logistic-subscores', metricIds: [], intercept: -interceptRaw, coef: [], fill: [] };
	names.forEach((id, j) => {
		if (dropped.has(id)) return;
		if (!Number.isFinite(coefRaw[j])) throw new Error(`invalid fit; the coefficient of ${id} is not finite: ${coefRaw[j]}`);
		if (!Number.isFinite(fill[j])) throw new Error(`invalid fill; the value of ${id} is not finite: ${fill[j]}`);
		model.metricIds.push(id);
		// 0 - b, not -b: a coefficient held at 0 by the constraint stays +0 (JSON keeps no −0 anyway).
		model.coef.push(0 - coefRaw[j]);
		model.fill.push(fill[j]);
	});
	return model;
}
