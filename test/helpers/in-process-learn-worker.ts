/** A Learn worker for node tests: it runs the real training in process (tfjs for node) and answers as the worker does. */
import { flushSync } from 'svelte';
import type { LoadedTf } from '../../src/lib/ml/tf';
import type { LearnWorker } from '../../src/lib/state/learn.svelte';
import type { FromLearnWorker, ToLearnWorker } from '../../src/lib/workers/learn-protocol';
import { blendSteps, runLearning } from '../../src/lib/workers/learn-run';

export class InProcessWorker implements LearnWorker {
	onmessage: ((event: MessageEvent<FromLearnWorker>) => void) | null = null;
	onerror: ((event: ErrorEvent) => void) | null = null;
	terminated = false;
	#abort = new AbortController();
	#lt: LoadedTf;
	constructor(lt: LoadedTf) {
		this.#lt = lt;
	}
	postMessage(message: ToLearnWorker): void {
		if (message.type === 'cancel') return this.#abort.abort();
		const request = structuredClone(message.request);
		runLearning(this.#lt, request, { signal: this.#abort.signal, onProgress: (p) => this.#reply({ type: 'progress', ...p }) }).then(
			(result) => {
				// As the worker: the result, then the blend slider's steps.
				this.#reply({ type: 'done', result });
				if (request.bands) this.#reply({ type: 'blends', blends: blendSteps(request, result) });
			},
			(err: Error) => this.#reply(this.#abort.signal.aborted ? { type: 'cancelled' } : { type: 'error', message: err.message })
		);
	}
	terminate(): void {
		this.terminated = true;
		this.#abort.abort();
	}
	#reply(data: FromLearnWorker): void {
		if (this.terminated) return;
		this.onmessage?.(new MessageEvent('message', { data }));
		flushSync();
	}
}
