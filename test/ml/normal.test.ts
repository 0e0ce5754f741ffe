/** The normal tail against Python's math.erfc (C library, correctly rounded to ~1 ulp), far into the tail. */
import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, twoSidedP, Z975 } from '../../src/lib/ml/normal';

// z → math.erfc(z / sqrt(2)) from Python 3.11.
const reference: [number, number][] = [
	[0.5, 0.6170750774519738],
	[1.0, 0.31731050786291415],
	[3.0, 0.0026997960632601913],
	[5.0, 5.733031437583892e-7],
	[7.988425, 1.3667357350721279e-15],
	[10.0, 1.5239706048321186e-23],
	[12.238618, 1.9329586501736888e-34],
	[16.400323, 1.9022397459528126e-60],
	[20.0, 5.507248237212663e-89],
	[30.0, 9.813427854297528e-198],
	[34.606206, 2.0378388310182014e-262],
	[37.0, 1.1451142445050278e-299]
];

describe('normal distribution', () => {
	it.each(reference)('two-sided p of z = %f within 1e-13 relative', (z, p) => {
		expect(Math.abs(twoSidedP(z) / p - 1)).toBeLessThan(1e-13);
		expect(twoSidedP(-z)).toBe(twoSidedP(z));
	});

	it('erfc near 0 and below 0, the CDF and the 97.5 % quantile', () => {
		expect(erfc(0)).toBe(1);
		expect(erfc(0.3)).toBeCloseTo(0.6713732405408726, 15);
		expect(erfc(-0.3)).toBeCloseTo(2 - 0.6713732405408726, 15);
		expect(erfc(-30)).toBe(2);
		expect(erfc(40)).toBe(0);
		expect(erfc(NaN)).toBeNaN();
		expect(normalCdf(Z975)).toBeCloseTo(0.975, 15);
		expect(normalCdf(0)).toBe(0.5);
	});
});
