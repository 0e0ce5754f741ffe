/**
 * Work the Scorecard page needs per metric over every customer (sorting a column for its preview, reading its
 * association with churn) takes tens of ms on hundreds of thousands of rows, and the page has one per metric.
 * `later` does each in a task of its own, one after another, so that opening the page never holds the main thread
 * for all of them at once; what asked for it reads again once it is done. Each result is kept for its key (a column
 * or a table: they are replaced, never changed), so a page opened again finds them done.
 */

import type { Steps } from './core/steps';
import { runInSteps } from './workers/next-task';

/** Up to this many rows the work is done at once, where it is asked for (a millisecond or so). */
export const AT_ONCE = 20_000;

/**
 * Up to this many rows the work for what the page shows first (the churn outcomes and the first row of metric
 * editors' directions) is done at once too: drawn a task later, the direction line grew its editor and moved
 * everything under it. Outcomes and two directions, measured in node: 2–8 ms on the demo's 22,220 rows, 8–19 ms on
 * 200,793 (the demo at 18,000 accounts); opening the page on the demo, its longest task stayed 55–75 ms (noise ±40 %).
 */
export const FIRST_AT_ONCE = 200_000;

interface Job {
	results: WeakMap<object, unknown>;
	key: object;
	work: () => unknown;
}

const waiting: Job[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;
/** Bumped whenever a job is done, so that the $derived values that asked for one read again. */
let finished = $state(0);

/**
 * `work()`'s result for `key`: kept in `results` once done; until then undefined, and the work waits its turn. Read
 * it in a $derived (or an effect), which reads again when it is done. Work over at most `atOnce` `rows` (AT_ONCE unless
 * told; FIRST_AT_ONCE for what the page shows first) is done at once.
 */
export function later<K extends object, T>(results: WeakMap<K, T>, key: K, work: () => T, rows: number, atOnce = AT_ONCE): T | undefined {
	void finished;
	if (results.has(key)) return results.get(key);
	const map = results as unknown as WeakMap<object, unknown>;
	if (rows <= atOnce) {
		const result = work();
		results.set(key, result);
		// Asked for before with a lower limit, it may be waiting: done now, not twice.
		const waits = waiting.findIndex((job) => job.results === map && job.key === key);
		if (waits !== -1) waiting.splice(waits, 1);
		return result;
	}
	if (!waiting.some((job) => job.results === map && job.key === key)) waiting.push({ results: map, key, work });
	timer ??= setTimeout(next);
	return undefined;
}

/** Does the next waiting job, then lets the page run before the one after. */
function next(): void {
	timer = null;
	const job = waiting.shift();
	if (!job) return;
	try {
		job.results.set(job.key, job.work());
	} finally {
		finished++;
		if (waiting.length > 0) timer = setTimeout(next);
	}
}

/** The keys of each results map whose steps are running (laterInSteps). */
const running = new WeakMap<WeakMap<object, unknown>, WeakSet<object>>();

/**
 * Like `later`, for work that is itself in steps (core/steps.ts): undefined until done, the steps run with the
 * page running between them (runInSteps), and what asked for it reads again once it is done. Work that fails
 * gives `failed`, kept as its result (it is not tried again for that key).
 */
export function laterInSteps<K extends object, T>(results: WeakMap<K, T>, key: K, steps: () => Steps<T>, failed: T): T | undefined {
	void finished;
	if (results.has(key)) return results.get(key);
	const map = results as unknown as WeakMap<object, unknown>;
	let keys = running.get(map);
	if (!keys) running.set(map, (keys = new WeakSet()));
	if (keys.has(key)) return undefined;
	keys.add(key);
	const done = (result: T) => {
		results.set(key, result);
		keys.delete(key);
		finished++;
	};
	// Once the page is idle: what asked for it is drawn first (the Overview after an import showed its count 0.1 s
	// later when the steps began at once), and the steps then run with the page running between them.
	whenIdle()
		.then(() => runInSteps(steps()))
		.then(done, () => done(failed));
	return undefined;
}

/** Resolves when the browser is next idle (within a second even when busy); in a task of its own where there is no idle callback (node). */
function whenIdle(): Promise<void> {
	return new Promise((resolve) => {
		if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 1_000 });
		else setTimeout(resolve);
	});
}
