import { describe, expect, it } from 'vitest';
import { FILL_STEP, fillSteps, inRowSteps, runSteps, whileWanted } from '../../src/lib/core/steps';

/** Runs steps to the end and counts the yields. */
function countSteps<T>(steps: Generator<void, T, void>): { value: T; yields: number } {
	let yields = 0;
	for (;;) {
		const next = steps.next();
		if (next.done) return { value: next.value, yields };
		yields++;
	}
}

describe('steps', () => {
	it('fillSteps fills only start … end − 1, FILL_STEP elements a step, and returns the array', () => {
		const array = new Float64Array(2 * FILL_STEP + 5).fill(7);
		const { value, yields } = countSteps(fillSteps(array, NaN, 3, 2 * FILL_STEP + 4));
		expect(value).toBe(array);
		expect(yields).toBe(3);
		expect([array[0], array[2], array[2 * FILL_STEP + 4]]).toEqual([7, 7, 7]);
		expect(array.subarray(3, 2 * FILL_STEP + 4).every(Number.isNaN)).toBe(true);
	});

	it('fillSteps fills a whole array by default, and an empty range in no step', () => {
		expect(Array.from(runSteps(fillSteps(new Int32Array(5), -1)))).toEqual([-1, -1, -1, -1, -1]);
		expect(countSteps(fillSteps(new Int32Array(5), -1, 2, 2)).yields).toBe(0);
	});

	it('inRowSteps covers 0 … n − 1 once, in ranges of at most the given rows', () => {
		const seen: [number, number][] = [];
		const { yields } = countSteps(inRowSteps(10, (start, end) => void seen.push([start, end]), 4));
		expect(seen).toEqual([[0, 4], [4, 8], [8, 10]]);
		expect(yields).toBe(3);
	});

	it('whileWanted runs the steps to their value while wanted, and stops at the first step after it is not', () => {
		const seen: [number, number][] = [];
		const rows = () => inRowSteps(10, (start, end) => void seen.push([start, end]), 4);
		expect(countSteps(whileWanted(rows(), () => true, 'stopped'))).toEqual({ value: undefined, yields: 3 });
		expect(seen).toHaveLength(3);
		seen.length = 0;
		// Wanted for the first two steps only: the third loop never runs.
		expect(countSteps(whileWanted(rows(), () => seen.length < 2, 'stopped'))).toEqual({ value: 'stopped', yields: 2 });
		expect(seen).toEqual([[0, 4], [4, 8]]);
	});
});
