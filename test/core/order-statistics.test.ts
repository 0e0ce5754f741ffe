// Selection against the sort it replaces: every order statistic and quantile equals the sorted array's.
import { describe, expect, it } from 'vitest';
import { OrderStatistics } from '../../src/lib/core/order-statistics';
import { Random } from '../../src/lib/core/random';
import { quantileSorted } from '../../src/lib/core/stats';

const P = [0.05, 0.25, 0.5, 0.75, 0.95, 0, 1, 0.333];

describe('OrderStatistics', () => {
	it('gives sorted[k] and quantileSorted for random values with ties, in any order of asking', () => {
		const rng = new Random(11);
		for (let t = 0; t < 300; t++) {
			const n = 1 + Math.floor(rng.uniform() * (t < 100 ? 12 : 3000));
			// Few distinct values in some arrays (many ties), continuous ones in others, negatives in both.
			const distinct = t % 3 === 0 ? 1 + Math.floor(rng.uniform() * 5) : 0;
			const values = Float64Array.from({ length: n }, () => (distinct ? Math.floor(rng.uniform() * distinct) - 2 : (rng.uniform() - 0.3) * 1000));
			const sorted = values.slice().sort();
			const order = new OrderStatistics(values.slice());
			for (const p of P.slice().sort(() => rng.uniform() - 0.5)) expect(order.quantile(p), `t=${t} p=${p}`).toBe(quantileSorted(sorted, p));
			for (let q = 0; q < 10; q++) {
				const k = Math.floor(rng.uniform() * n);
				expect(order.at(k), `t=${t} k=${k}`).toBe(sorted[k]);
			}
			expect([order.at(0), order.at(n - 1)]).toEqual([sorted[0], sorted[n - 1]]);
		}
	});

	it('reads sorted and reversed input, and no values as NaN', () => {
		const up = Float64Array.from({ length: 100_001 }, (_, i) => i);
		expect(new OrderStatistics(up.slice()).quantile(0.05)).toBe(5000);
		expect(new OrderStatistics(up.slice().reverse()).quantile(0.95)).toBe(95000);
		expect(new OrderStatistics(new Float64Array(0)).quantile(0.5)).toBeNaN();
		expect(() => new OrderStatistics(new Float64Array(3)).at(3)).toThrow(/invalid k/);
		expect(() => new OrderStatistics(new Float64Array(3)).quantile(1.5)).toThrow(/invalid quantile/);
	});
});
