/** A Learn worker for node tests: it runs the real training in process (tfjs for node) and answers as the worker does. */
import { flushSync } from 'svelte';
import type { LoadedTf } from '../../src/lib/ml/tf';
import type { LearnWorker } from '../../src/lib/state/learn.svelte';
import type { FromLearnWorker, ToLearnWorker } from '../../src/lib/workers/learn-protocol';
import { runLearning } from '../../src/lib/workers/learn-run';
import { sendBlendSteps } from '../../src/lib/workers/learn-steps';

export class InProcessWorker implements LearnWorker {
	onmessage: ((event: MessageEvent<FromLearnWorker>) => void) | null = null;
	onerror: ((event: ErrorEvent) => void) | null = null;
	terminated = false;
	/** The `blend` messages the page sent (the slider's steps, %), in order. */
	asked: number[] = [];
	/** The steps sent, in order (%). */
	sent: number[] = [];
	#slider = 100;
	#abort = new AbortController();
	#lt: LoadedTf;
	constructor(lt: LoadedTf) {
		this.#lt = lt;
	}
	postMessage(message: ToLearnWorker): void {
		if (message.type === 'cancel') return this.#abort.abort();
		if (message.type === 'blend') return void this.asked.push((this.#slider = message.pct));
		const request = structuredClone(message.request);
		runLearning(this.#lt, request, { signal: this.#abort.signal, onProgress: (p) => this.#reply({ type: 'progress', ...p }) }).then(
			async (result) => {
				// As the worker: the result, then the blend slider's steps, the slider's first.
				this.#reply({ type: 'done', result });
				await sendBlendSteps(request, result, { wanted: () => this.#slider, post: (m) => this.#reply(m), signal: this.#abort.signal }).catch(() => undefined);
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
		if (data.type === 'blend') this.sent.push(data.pct);
		this.onmessage?.(new MessageEvent('message', { data }));
		flushSync();
	}
}
