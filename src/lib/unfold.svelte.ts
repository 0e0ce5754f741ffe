/**
 * Drawing a list of heavy items (the Scorecard page's metric editors: fields, selects and a chart each) all at once
 * held the main thread 100–270 ms on a large portfolio (1.2 million rows, 9 editors: the history bench). An
 * `Unfolding` says how many of the list's first items to draw: `first` at once, then `step` more after each frame
 * the page has shown, until the whole list is drawn, so that no task draws more than a few. The page keeps room for
 * the ones not drawn yet.
 */

import { untrack } from 'svelte';

/** Runs `run` once, later; returns what cancels it. */
export type Later = (run: () => void) => () => void;

/**
 * After the next frame has been shown (a task of its own after the browser drew it), or after 100 ms in a tab that
 * draws no frames (hidden), or in the next task where there are no frames at all (node).
 */
export const afterNextFrame: Later = (run) => {
	const frames = typeof requestAnimationFrame === 'function';
	let task: ReturnType<typeof setTimeout> | undefined;
	const cancel = () => {
		clearTimeout(fallback);
		if (frames) cancelAnimationFrame(frame);
		clearTimeout(task);
	};
	const once = () => {
		cancel();
		run();
	};
	const fallback = setTimeout(once, frames ? 100 : 0);
	const frame = frames ? requestAnimationFrame(() => (task = setTimeout(once))) : 0;
	return cancel;
};

export class Unfolding {
	#count = $state(0);
	#step: number;
	#later: Later;
	#total = 0;
	#cancel: (() => void) | null = null;

	constructor(first: number, step: number, later: Later = afterNextFrame) {
		if (!(Number.isInteger(first) && first >= 0)) throw new Error(`invalid first; not a whole number ≥ 0: ${first}`);
		if (!(Number.isInteger(step) && step >= 1)) throw new Error(`invalid step; not a whole number ≥ 1: ${step}`);
		this.#count = first;
		this.#step = step;
		this.#later = later;
	}

	/** How many of the list's first items to draw. */
	get count(): number {
		return this.#count;
	}

	/**
	 * Draws on toward a list of `total` items: call it again when the list's length changes (from an $effect, which
	 * this does not make depend on the count); the count never goes back.
	 */
	toward(total: number): void {
		this.#total = total;
		untrack(() => this.#next());
	}

	/** Draws at least the first `n` at once: an item about to take focus must be in the page. */
	show(n: number): void {
		if (n > untrack(() => this.#count)) this.#count = n;
	}

	/** Stops drawing more (the list left the page). */
	stop(): void {
		this.#cancel?.();
		this.#cancel = null;
	}

	#next(): void {
		if (this.#cancel || this.#count >= this.#total) return;
		this.#cancel = this.#later(() => {
			this.#cancel = null;
			// The list may have become shorter meanwhile: the count never goes back.
			if (this.#count < this.#total) this.#count = Math.min(this.#count + this.#step, this.#total);
			this.#next();
		});
	}
}
