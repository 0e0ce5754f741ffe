import type { Steps } from '../core/steps';

/**
 * Lets the thread's other tasks run (the page's, or a worker's messages): resolves in a new task, from a
 * message to ourselves rather than setTimeout(0), which browsers stretch to 4 ms once nested (40 steps would
 * wait 160 ms for nothing).
 */
export function nextTask(): Promise<void> {
	if (typeof MessageChannel === 'undefined') return new Promise<void>((resolve) => setTimeout(resolve, 0));
	return new Promise<void>((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = () => {
			channel.port1.close();
			resolve();
		};
		channel.port2.postMessage(null);
	});
}

/**
 * Runs the steps, letting the thread's other tasks run whenever `budgetMs` has passed since it last did (so
 * that no task of the page's lasts much longer than the budget plus one step).
 */
export async function runInSteps<T>(steps: Steps<T>, budgetMs = 8): Promise<T> {
	// The first step in a task of its own, not after whatever work led to the call.
	await nextTask();
	let since = performance.now();
	for (;;) {
		const next = steps.next();
		if (next.done) return next.value;
		if (performance.now() - since >= budgetMs) {
			await nextTask();
			since = performance.now();
		}
	}
}
