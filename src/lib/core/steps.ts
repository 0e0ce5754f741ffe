/**
 * Long work on the page in steps: a generator that yields between pieces of bounded work (8,192 to 32,768
 * rows of a loop each), so that a caller can let the page run between them (workers/next-task.ts
 * runInSteps) or run it straight through (runSteps: tests and benches).
 */
export type Steps<T> = Generator<void, T, void>;

/** Rows a step handles at most in a loop over rows (a few milliseconds in most loops; see SLOW_STEP_ROWS). */
export const STEP_ROWS = 1 << 15;

/** Runs the steps to the end, without stopping. */
export function runSteps<T>(steps: Steps<T>): T {
	for (;;) {
		const next = steps.next();
		if (next.done) return next.value;
	}
}

/**
 * Rows a step handles in the slowest loops: a string made per row and looked up in a Map (a million customer
 * names stacked as categories: ~40 ms per STEP_ROWS rows in Chromium), or coded into a new hash table (its
 * pages first touched).
 */
export const SLOW_STEP_ROWS = STEP_ROWS / 4;

/**
 * Elements a step fills at most: filling writes memory at its fastest, but the first write to fresh memory takes
 * a page fault per 4 KB (a new 2,000,000-row Float64Array filled at once: 43 ms of one task in Chromium).
 */
export const FILL_STEP = 1 << 17;

/** array.fill(value, start, end) in steps of FILL_STEP elements (any typed array). */
export function* fillSteps<A extends { fill(value: number, start?: number, end?: number): unknown; length: number }>(
	array: A,
	value: number,
	start = 0,
	end = array.length
): Steps<A> {
	for (let from = start; from < end; from += FILL_STEP) {
		array.fill(value, from, Math.min(end, from + FILL_STEP));
		yield;
	}
	return array;
}

/** Calls body(start, end) over 0 … n − 1 in ranges of `rows` rows, yielding after each. */
export function* inRowSteps(n: number, body: (start: number, end: number) => void, rows = STEP_ROWS): Steps<void> {
	for (let start = 0; start < n; start += rows) {
		body(start, Math.min(n, start + rows));
		yield;
	}
}

/** The steps, stopped (returning `stopped`) at the first step after `go` turns false: work no one waits for any more. */
export function* whileWanted<T, S>(steps: Steps<T>, go: () => boolean, stopped: S): Steps<T | S> {
	for (;;) {
		if (!go()) return stopped;
		const next = steps.next();
		if (next.done) return next.value;
		yield;
	}
}
