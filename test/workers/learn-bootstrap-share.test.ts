/**
 * The training worker hands half the validation's bootstrap to a helper worker: the resamples it draws there
 * (bootstrapAucRange from the middle, its random stream advanced) must be exactly those one pairedBootstrap
 * draws alone, so the split run's intervals equal the single run's to the last bit.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/lib/core/random';
import { bootstrapAucDiff, bootstrapAucRange, pairedBootstrap } from '../../src/lib/ml/bootstrap';
import { DEFAULT_SETTINGS, type BootstrapShareRequest } from '../../src/lib/workers/learn-protocol';
import { validate } from '../../src/lib/workers/learn-validate';

function data(n: number, seed: number) {
	const random = new Random(seed);
	const y = new Uint8Array(n), a = new Float64Array(n), b = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		y[i] = random.uniform() < 0.25 ? 1 : 0;
		// Whole numbers: many tied scores, as sub-score blends have.
		a[i] = Math.round(50 + 20 * (random.uniform() - 0.5) + (y[i] ? -8 : 0));
		b[i] = Math.round(100 * random.uniform() + (y[i] ? -5 : 0));
	}
	return { y, a, b };
}

describe('bootstrap drawn in two shares', () => {
	const { y, a, b } = data(3000, 7);

	it('draws, from any resample on, exactly the resamples a single run draws there', () => {
		const single = pairedBootstrap(a, b, y, { resamples: 101, seed: 5 });
		const all = bootstrapAucRange(a, b, y, { resamples: 101, seed: 5, from: 0, to: 101 });
		for (const from of [1, 37, 51, 100]) {
			const part = bootstrapAucRange(a, b, y, { resamples: 101, seed: 5, from, to: 101 });
			expect(part.from).toBe(from);
			expect(part.aucA).toEqual(all.aucA.slice(from));
			expect(part.aucB).toEqual(all.aucB.slice(from));
		}
		// The first share drawn by pairedBootstrap, the rest adopted: the same result as drawing all of them.
		const split = pairedBootstrap(a, b, y, { resamples: 101, seed: 5 });
		expect(split.step(1000, 51)).toBe(false);
		expect(split.done).toBe(51);
		split.adopt(bootstrapAucRange(a, b, y, { resamples: 101, seed: 5, from: 51, to: 101 }));
		single.step(101);
		expect(split.result()).toEqual(single.result());
		expect(split.result()).toEqual(bootstrapAucDiff(a, b, y, { resamples: 101, seed: 5 }));
		// And the AUCs drawn by the range function are the single run's (the intervals are their percentiles).
		expect(all.aucA.length).toBe(101);
		expect(split.result().ciA).toEqual(single.result().ciA);
	});

	it('is the same unstratified', () => {
		const o = { resamples: 40, seed: 3, stratified: false };
		const split = pairedBootstrap(a, b, y, o);
		split.step(7, 20);
		split.step(100, 20);
		split.adopt(bootstrapAucRange(a, b, y, { ...o, from: 20, to: 40 }));
		expect(split.result()).toEqual(bootstrapAucDiff(a, b, y, o));
	});

	it('refuses a share that does not continue where the run is, or a bad range', () => {
		const run = pairedBootstrap(a, b, y, { resamples: 20, seed: 1 });
		run.step(5);
		expect(() => run.adopt(bootstrapAucRange(a, b, y, { resamples: 20, seed: 1, from: 10, to: 20 }))).toThrow(/invalid resamples to adopt; 10 from 10, with 5 of 20 drawn/);
		expect(() => bootstrapAucRange(a, b, y, { resamples: 20, seed: 1, from: 15, to: 10 })).toThrow(/invalid resample range/);
		expect(() => bootstrapAucRange(a, b, y, { resamples: 20, seed: 1, from: 0, to: 21 })).toThrow(/invalid resample range/);
		expect(() => run.result()).toThrow(/drawn 5 of 20/);
	});

	it("validate with half the resamples drawn elsewhere equals validate alone, and progress stays monotone", async () => {
		const settings = { ...DEFAULT_SETTINGS, resamples: 300, seed: 9 };
		const oofChurn = Float64Array.from(a, (v) => 1 / (1 + Math.exp((v - 50) / 10)));
		const input = { manualScore: b, learnedScore: a, oofChurn, y, settings };
		const alone = await validate(input);
		const requests: BootstrapShareRequest[] = [];
		const steps: number[] = [];
		const split = await validate(input, {
			onStep: (share) => void steps.push(share),
			bootstrapShare: async (request) => {
				requests.push(request);
				await new Promise((resolve) => setTimeout(resolve, 5));
				return bootstrapAucRange(request.scoreA, request.scoreB, request.y, request);
			}
		});
		expect(split).toEqual(alone);
		expect(requests.map((r) => [r.from, r.to, r.resamples, r.seed])).toEqual([[150, 300, 300, 9]]);
		expect(steps.length).toBeGreaterThan(3);
		for (let k = 1; k < steps.length; k++) expect(steps[k]).toBeGreaterThan(steps[k - 1]);
		expect(steps.at(-1)).toBeLessThanOrEqual(1);
	});

	it('a failed share fails the validation; an aborted one stops it', async () => {
		const settings = { ...DEFAULT_SETTINGS, resamples: 200 };
		const input = { manualScore: b, learnedScore: a, oofChurn: new Float64Array(y.length).fill(0.25), y, settings };
		await expect(validate(input, { bootstrapShare: () => Promise.reject(new Error('helper broke')) })).rejects.toThrow('helper broke');
		const controller = new AbortController();
		const run = validate(input, {
			signal: controller.signal,
			onStep: () => controller.abort(),
			bootstrapShare: () => new Promise((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason)))
		});
		await expect(run).rejects.toThrow(/cancelled|abort/i);
	});
});
