/** later(): each job in a task of its own, in the order asked, each kept for its key. */
import { describe, expect, it } from 'vitest';
import { later } from '../../src/lib/later.svelte';

const task = () => new Promise((resolve) => setTimeout(resolve));

describe('later', () => {
	it('does one job per task, in order, and keeps each result for its key', async () => {
		const results = new WeakMap<object, string>();
		const [a, b] = [{}, {}];
		const ran: string[] = [];
		const work = (name: string) => () => (ran.push(name), name.toUpperCase());
		expect(later(results, a, work('a'))).toBeUndefined();
		expect(later(results, b, work('b'))).toBeUndefined();
		expect(later(results, a, work('a again'))).toBeUndefined(); // asked twice, done once
		expect(ran).toEqual([]); // nothing where it was asked
		await task();
		expect(ran).toEqual(['a']);
		expect(later(results, a, work('a again'))).toBe('A');
		expect(later(results, b, work('b'))).toBeUndefined();
		await task();
		expect(ran).toEqual(['a', 'b']);
		expect(later(results, b, work('b'))).toBe('B');
	});

});
