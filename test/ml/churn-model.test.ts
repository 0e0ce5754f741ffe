import { describe, expect, it } from 'vitest';
import { churnProbabilities } from '../../src/lib/core/worklist';
import { churnModelOf } from '../../src/lib/ml/churn-model';

/** A retention fit by hand: log-odds of staying = −1 + 0.04 usage + 0 nps (held at 0), "flat" dropped as constant. */
const fit = { names: ['usage', 'flat', 'nps'], interceptRaw: -1, coefRaw: Float64Array.of(0.04, 0, 0), dropped: ['flat'] };

describe('churnModelOf', () => {
	it('turns the retention fit into churn log-odds per sub-score point, leaving out dropped columns', () => {
		const model = churnModelOf(fit, [55, 70, 40]);
		expect(model).toEqual({ kind: 'churn-logistic-subscores', metricIds: ['usage', 'nps'], intercept: 1, coef: [-0.04, 0], fill: [55, 40] });
		expect(Object.is(model.coef[1], 0)).toBe(true);
		// Usage 80: P(stay) = σ(−1 + 3.2) = σ(2.2), so P(churn) = σ(−2.2); usage skipped counts as 55: σ(1 − 2.2).
		const p = churnProbabilities(model, (id) => (id === 'usage' ? [80, NaN] : [10, 90]), 2) as Float64Array;
		expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(2.2)), 15);
		expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(1.2)), 15);
	});

	it('refuses a fill of another length and values that are not finite, naming them', () => {
		expect(() => churnModelOf(fit, [1, 2])).toThrow('invalid fill; 2 values for 3 columns');
		expect(() => churnModelOf(fit, [NaN, 1, 2])).toThrow('invalid fill; the value of usage is not finite: NaN');
		expect(() => churnModelOf({ ...fit, coefRaw: Float64Array.of(Infinity, 0, 0) }, [1, 2, 3])).toThrow('the coefficient of usage is not finite: Infinity');
		expect(() => churnModelOf({ ...fit, interceptRaw: NaN }, [1, 2, 3])).toThrow('the intercept is not finite: NaN');
		// A dropped column's fill is never used: NaN there is fine (a constant column skipped everywhere).
		expect(churnModelOf(fit, [1, NaN, 3]).fill).toEqual([1, 3]);
	});
});
