/** Unfolding: the first items at once, then `step` more per frame up to the list's length, never going back. */
import { describe, expect, it } from 'vitest';
import { afterNextFrame, Unfolding, type Later } from '../../src/lib/unfold.svelte';

/** Frames by hand: `frame()` runs what was waiting for the next one. */
function frames() {
	let waiting: (() => void)[] = [];
	const later: Later = (run) => {
		waiting.push(run);
		return () => (waiting = waiting.filter((r) => r !== run));
	};
	return {
		later,
		pending: () => waiting.length,
		frame() {
			const now = waiting;
			waiting = [];
			for (const run of now) run();
		}
	};
}

describe('Unfolding', () => {
	it('draws the first at once, then a step per frame up to the total, and waits for nothing more', () => {
		const f = frames();
		const drawn = new Unfolding(2, 3, f.later);
		expect(drawn.count).toBe(2);
		drawn.toward(9);
		expect(drawn.count).toBe(2); // nothing more in the task that asked
		const seen: number[] = [];
		while (f.pending()) {
			f.frame();
			seen.push(drawn.count);
		}
		expect(seen).toEqual([5, 8, 9]);
		f.frame();
		expect(drawn.count).toBe(9);
	});

	it('asked again (the list changed) keeps one frame waiting, and goes on to the new length', () => {
		const f = frames();
		const drawn = new Unfolding(1, 2, f.later);
		drawn.toward(4);
		drawn.toward(6);
		expect(f.pending()).toBe(1);
		f.frame();
		f.frame();
		expect(drawn.count).toBe(5);
		drawn.toward(3); // shorter: the count does not go back, and nothing waits
		f.frame();
		expect(drawn.count).toBe(5);
		expect(f.pending()).toBe(0);
		drawn.toward(8); // longer again (a metric added): on from where it is
		f.frame();
		expect(drawn.count).toBe(7);
		f.frame();
		expect(drawn.count).toBe(8);
	});

	it('show(n) draws at least n at once, and stop() leaves the rest undrawn', () => {
		const f = frames();
		const drawn = new Unfolding(2, 2, f.later);
		drawn.toward(10);
		drawn.show(7);
		expect(drawn.count).toBe(7);
		drawn.show(3);
		expect(drawn.count).toBe(7);
		drawn.stop();
		expect(f.pending()).toBe(0);
		f.frame();
		expect(drawn.count).toBe(7);
	});

	it('a list shorter than the first is drawn whole and waits for nothing', () => {
		const f = frames();
		const drawn = new Unfolding(4, 2, f.later);
		drawn.toward(3);
		expect(drawn.count).toBe(4);
		expect(f.pending()).toBe(0);
	});

	it('refuses a first or step that cannot count', () => {
		expect(() => new Unfolding(-1, 2)).toThrow('invalid first; not a whole number ≥ 0: -1');
		expect(() => new Unfolding(2, 0)).toThrow('invalid step; not a whole number ≥ 1: 0');
		expect(() => new Unfolding(2, 1.5)).toThrow('invalid step; not a whole number ≥ 1: 1.5');
	});
});

describe('afterNextFrame', () => {
	it('without frames (node) runs in a later task, once, unless cancelled', async () => {
		const ran: string[] = [];
		afterNextFrame(() => ran.push('a'));
		const cancel = afterNextFrame(() => ran.push('b'));
		cancel();
		expect(ran).toEqual([]);
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(ran).toEqual(['a']);
	});

	it('with frames runs in a task after the next frame, once', async () => {
		const ran: string[] = [];
		const frame: (() => void)[] = [];
		const globals = globalThis as unknown as { requestAnimationFrame?: (f: () => void) => number; cancelAnimationFrame?: (id: number) => void };
		globals.requestAnimationFrame = (f) => frame.push(f);
		globals.cancelAnimationFrame = () => {};
		try {
			afterNextFrame(() => ran.push('drawn'));
			await new Promise((resolve) => setTimeout(resolve, 10));
			expect(ran).toEqual([]); // waits for the frame (up to 100 ms)
			frame.shift()!();
			expect(ran).toEqual([]); // not in the frame itself: in a task after it
			await new Promise((resolve) => setTimeout(resolve, 0));
			expect(ran).toEqual(['drawn']);
			await new Promise((resolve) => setTimeout(resolve, 120));
			expect(ran).toEqual(['drawn']); // the fallback was cancelled
		} finally {
			delete globals.requestAnimationFrame;
			delete globals.cancelAnimationFrame;
		}
	});

	it('with frames that never come (a hidden tab) runs after 100 ms anyway', async () => {
		const ran: string[] = [];
		const globals = globalThis as unknown as { requestAnimationFrame?: (f: () => void) => number; cancelAnimationFrame?: (id: number) => void };
		globals.requestAnimationFrame = () => 1;
		globals.cancelAnimationFrame = () => {};
		try {
			afterNextFrame(() => ran.push('late'));
			await new Promise((resolve) => setTimeout(resolve, 150));
			expect(ran).toEqual(['late']);
		} finally {
			delete globals.requestAnimationFrame;
			delete globals.cancelAnimationFrame;
		}
	});
});
