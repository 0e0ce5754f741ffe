/**
 * Long work on the page in steps: a generator that yields between pieces of bounded work (a few tens of
 * thousands of rows each), so that a caller can let the page run between them (workers/next-task.ts
 * runInSteps) or run it straight through (runSteps: tests, benches, workers).
 */
export type Steps<T> = Generator<void, T, void>;

/** Rows a step handles at most in a loop over rows (a few milliseconds of the slowest such loop). */
export const STEP_ROWS = 1 << 15;

/** Runs the steps to the end, without stopping. */
export function runSteps<T>(steps: Steps<T>): T {
	for (;;) {
		const next = steps.next();
		if (next.done) return next.value;
	}
}

/** Calls body(start, end) over 0 … n − 1 in ranges of STEP_ROWS rows, yielding after each. */
export function* inRowSteps(n: number, body: (start: number, end: number) => void): Steps<void> {
	for (let start = 0; start < n; start += STEP_ROWS) {
		body(start, Math.min(n, start + STEP_ROWS));
		yield;
	}
}
