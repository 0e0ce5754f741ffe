/**
 * The standard normal distribution to full double precision, far into the tail: a p-value of 2e-262 (a z of
 * 34.6, the Telco intercept) must come out right, not as 0. erfc is W. J. Cody's rational Chebyshev
 * approximation (CALERF, netlib specfun), accurate to about 1e-16 relative; exp(−x²) is split as
 * exp(−z²)·exp(−(x−z)(x+z)) with z = x rounded to 1/16 so that squaring x loses no digits.
 */

const A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
const B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
const C = [
	0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
	1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8
];
const D = [
	15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
	4362.61909014324716, 3439.36767414372164, 1230.33935480374942
];
const P = [0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978];
const Q = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 2.33520497626869185e-3];
const ONE_OVER_SQRT_PI = 0.56418958354775628695;

/** exp(−x²) without the rounding error of squaring x. */
function expMinusSquare(x: number): number {
	const z = Math.trunc(x * 16) / 16;
	return Math.exp(-z * z) * Math.exp(-(x - z) * (x + z));
}

/** The complementary error function erfc(x) = 1 − erf(x). */
export function erfc(x: number): number {
	if (Number.isNaN(x)) return NaN;
	const y = Math.abs(x);
	if (y <= 0.46875) {
		const z = y * y;
		let num = A[4] * z, den = z;
		for (let i = 0; i < 3; i++) {
			num = (num + A[i]) * z;
			den = (den + B[i]) * z;
		}
		return 1 - (x * (num + A[3])) / (den + B[3]);
	}
	let r: number;
	if (y <= 4) {
		let num = C[8] * y, den = y;
		for (let i = 0; i < 7; i++) {
			num = (num + C[i]) * y;
			den = (den + D[i]) * y;
		}
		r = ((num + C[7]) / (den + D[7])) * expMinusSquare(y);
	} else if (y >= 27.3) {
		r = 0; // below the smallest double
	} else {
		const z = 1 / (y * y);
		let num = P[5] * z, den = z;
		for (let i = 0; i < 4; i++) {
			num = (num + P[i]) * z;
			den = (den + Q[i]) * z;
		}
		const s = (z * (num + P[4])) / (den + Q[4]);
		r = ((ONE_OVER_SQRT_PI - s) / y) * expMinusSquare(y);
	}
	return x < 0 ? 2 - r : r;
}

/** The standard normal upper tail P(Z > z). */
export function normalUpperTail(z: number): number {
	return 0.5 * erfc(z / Math.SQRT2);
}

/** The standard normal distribution function P(Z ≤ z). */
export function normalCdf(z: number): number {
	return 0.5 * erfc(-z / Math.SQRT2);
}

/** Two-sided p-value of a z statistic: P(|Z| ≥ |z|). */
export function twoSidedP(z: number): number {
	return erfc(Math.abs(z) / Math.SQRT2);
}

/** The 97.5 % quantile of the standard normal (R's qnorm(0.975)), for 95 % Wald intervals. */
export const Z975 = 1.959963984540054;
