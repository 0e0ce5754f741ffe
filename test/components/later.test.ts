/** later(): each job in a task of its own, in the order asked, each kept for its key. */
import { describe, expect, it } from 'vitest';
import { AT_ONCE, FIRST_AT_ONCE, later, laterInSteps } from '../../src/lib/later.svelte';
import type { Steps } from '../../src/lib/core/steps';
import { vi } from 'vitest';

const task = () => new Promise((resolve) => setTimeout(resolve));

describe('later', () => {
	it('does one job per task, in order, and keeps each result for its key', async () => {
		const results = new WeakMap<object, string>();
		const [a, b] = [{}, {}];
		const ran: string[] = [];
		const work = (name: string) => () => (ran.push(name), name.toUpperCase());
		const rows = AT_ONCE + 1;
		expect(later(results, a, work('a'), rows)).toBeUndefined();
		expect(later(results, b, work('b'), rows)).toBeUndefined();
		expect(later(results, a, work('a again'), rows)).toBeUndefined(); // asked twice, done once
		expect(ran).toEqual([]); // nothing where it was asked
		await task();
		expect(ran).toEqual(['a']);
		expect(later(results, a, work('a again'), rows)).toBe('A');
		expect(later(results, b, work('b'), rows)).toBeUndefined();
		await task();
		expect(ran).toEqual(['a', 'b']);
		expect(later(results, b, work('b'), rows)).toBe('B');
	});

});

describe('later on few rows', () => {
	it('does the work where it is asked, once, and keeps it', () => {
		const results = new WeakMap<object, number>();
		const key = {};
		let runs = 0;
		expect(later(results, key, () => ++runs, AT_ONCE)).toBe(1);
		expect(later(results, key, () => ++runs, AT_ONCE)).toBe(1);
		expect(runs).toBe(1);
	});
});

describe('later for what the page shows first', () => {
	it('does work over up to FIRST_AT_ONCE rows where it is asked, when told that limit', () => {
		const results = new WeakMap<object, string>();
		expect(FIRST_AT_ONCE).toBeGreaterThan(AT_ONCE);
		expect(later(results, {}, () => 'now', FIRST_AT_ONCE, FIRST_AT_ONCE)).toBe('now');
		expect(later(results, {}, () => 'now', FIRST_AT_ONCE + 1, FIRST_AT_ONCE)).toBeUndefined();
	});

	it('a job already waiting, then asked for at once, is done once', async () => {
		const results = new WeakMap<object, number>();
		const key = {};
		let runs = 0;
		expect(later(results, key, () => ++runs, AT_ONCE + 1)).toBeUndefined();
		expect(later(results, key, () => ++runs, AT_ONCE + 1, FIRST_AT_ONCE)).toBe(1);
		await task();
		await task();
		expect(runs).toBe(1);
		expect(later(results, key, () => ++runs, AT_ONCE + 1)).toBe(1);
	});
});

describe('laterInSteps', () => {
	it('gives undefined where asked, runs the steps once in tasks of their own, then keeps the result', async () => {
		const results = new WeakMap<object, number>();
		const key = {};
		let started = 0;
		let stepsRun = 0;
		function* count(): Steps<number> {
			started++;
			for (let i = 0; i < 3; i++) {
				stepsRun++;
				yield;
			}
			return 42;
		}
		expect(laterInSteps(results, key, count, -1)).toBeUndefined();
		expect(laterInSteps(results, key, count, -1)).toBeUndefined(); // asked twice, run once
		expect(stepsRun).toBe(0); // nothing where it was asked
		await vi.waitFor(() => expect(laterInSteps(results, key, count, -1)).toBe(42));
		expect([started, stepsRun]).toEqual([1, 3]);
	});

	it('keeps `failed` for work that throws, and does not try it again', async () => {
		const results = new WeakMap<object, string | null>();
		const key = {};
		let runs = 0;
		function* broken(): Steps<string | null> {
			runs++;
			throw new Error('broken');
		}
		expect(laterInSteps(results, key, broken, null)).toBeUndefined();
		await vi.waitFor(() => expect(results.has(key)).toBe(true));
		expect(laterInSteps(results, key, broken, null)).toBeNull();
		expect(runs).toBe(1);
	});
});
