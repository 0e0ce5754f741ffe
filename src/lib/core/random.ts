/**
 * A small seeded pseudo-random number generator and the draws the demo generator needs.
 *
 * Math.random cannot be seeded, and the demo portfolio must come out byte-identical on every machine and in
 * every run, so everything random in core goes through here. The generator is sfc32 (Chris Doty-Humphrey's
 * "small fast chaotic" generator, 128-bit state, passes PractRand), seeded through splitmix32 so that
 * neighbouring seeds (1, 2, 3…) give unrelated streams. Only 32-bit integer arithmetic (`| 0`, `>>> 0`,
 * `Math.imul`) is used, which JavaScript defines exactly on every engine.
 */

/** Checks a seed: an integer in [0, 2³²). */
export function assertSeed(seed: number): number {
	if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
		throw new Error(`invalid seed; not an integer in [0, 2^32): ${seed}`);
	}
	return seed;
}

/** A new 32-bit seed derived from a seed and a label, so separate streams (names, account 17…) never overlap. */
export function deriveSeed(seed: number, label: string | number): number {
	// FNV-1a over the label, then a splitmix-style finaliser mixed with the parent seed.
	let h = 0x811c9dc5;
	const text = String(label);
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return mix32((h ^ Math.imul(assertSeed(seed), 0x9e3779b1)) >>> 0);
}

function mix32(x: number): number {
	x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
	x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
	return (x ^ (x >>> 16)) >>> 0;
}

/** A seeded stream of random draws. The same seed always gives the same sequence. */
export class Random {
	#a: number;
	#b: number;
	#c: number;
	#d: number;
	// Box–Muller makes normals in pairs; the second one waits here for the next call.
	#spareNormal = NaN;

	constructor(seed: number) {
		let s = assertSeed(seed);
		const next = () => {
			s = (s + 0x9e3779b9) | 0;
			return mix32(s);
		};
		this.#a = next();
		this.#b = next();
		this.#c = next();
		this.#d = next();
		// The first outputs of sfc32 still echo the seed; PractRand's own seeding discards 12 of them too.
		for (let i = 0; i < 12; i++) this.#next32();
	}

	#next32(): number {
		const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
		this.#d = (this.#d + 1) | 0;
		this.#a = this.#b ^ (this.#b >>> 9);
		this.#b = (this.#c + (this.#c << 3)) | 0;
		this.#c = (this.#c << 21) | (this.#c >>> 11);
		this.#c = (this.#c + t) | 0;
		return t >>> 0;
	}

	/** Uniform in [0, 1). */
	uniform(): number {
		return this.#next32() / 4294967296;
	}

	/** An integer uniform in [lo, hi], both included. */
	int(lo: number, hi: number): number {
		if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo <= hi)) {
			throw new Error(`invalid integer range: [${lo}, ${hi}]`);
		}
		return lo + Math.floor(this.uniform() * (hi - lo + 1));
	}

	/** True with probability p. */
	bernoulli(p: number): boolean {
		return this.uniform() < p;
	}

	/** A normal draw (Box–Muller). */
	normal(mean = 0, sd = 1): number {
		if (!Number.isNaN(this.#spareNormal)) {
			const z = this.#spareNormal;
			this.#spareNormal = NaN;
			return mean + sd * z;
		}
		// 1 − uniform() lies in (0, 1], so the logarithm is finite.
		const r = Math.sqrt(-2 * Math.log(1 - this.uniform()));
		const theta = 2 * Math.PI * this.uniform();
		this.#spareNormal = r * Math.sin(theta);
		return mean + sd * r * Math.cos(theta);
	}

	/** exp(normal(mu, sigma)): positive and right-skewed, like revenue. */
	logNormal(mu: number, sigma: number): number {
		return Math.exp(this.normal(mu, sigma));
	}

	/**
	 * A Poisson count, by inversion: one uniform and about `mean` multiplications, where Knuth's product method
	 * needs `mean` uniforms. Past 30 the normal approximation is close enough and avoids underflow of e^−mean.
	 */
	poisson(mean: number): number {
		if (!(mean >= 0)) throw new Error(`invalid Poisson mean: ${mean}`);
		if (mean > 30) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
		const u = this.uniform();
		let k = 0;
		let p = Math.exp(-mean);
		let cdf = p;
		// The k < 200 bound only guards against rounding leaving cdf a hair below u.
		while (u >= cdf && k < 200) {
			k++;
			p *= mean / k;
			cdf += p;
		}
		return k;
	}

	/** The number of successes in n trials of probability p, by inversion (one uniform). */
	binomial(n: number, p: number): number {
		if (!(Number.isInteger(n) && n >= 0 && p >= 0 && p <= 1)) throw new Error(`invalid binomial: n = ${n}, p = ${p}`);
		if (p === 1) return n;
		const u = this.uniform();
		const odds = p / (1 - p);
		let k = 0;
		let pk = Math.pow(1 - p, n);
		let cdf = pk;
		while (u >= cdf && k < n) {
			pk *= (odds * (n - k)) / (k + 1);
			k++;
			cdf += pk;
		}
		return k;
	}

	/** One item, each equally likely. */
	pick<T>(items: readonly T[]): T {
		if (items.length === 0) throw new Error('cannot pick from an empty list');
		return items[Math.floor(this.uniform() * items.length)];
	}

	/** One item, chosen with probability proportional to its weight. */
	weighted<T>(items: readonly T[], weights: readonly number[]): T {
		if (items.length === 0 || items.length !== weights.length) {
			throw new Error(`need one weight per item: ${items.length} items, ${weights.length} weights`);
		}
		let total = 0;
		for (const w of weights) total += w;
		let u = this.uniform() * total;
		for (let i = 0; i < items.length; i++) {
			u -= weights[i];
			if (u < 0) return items[i];
		}
		return items[items.length - 1];
	}
}
