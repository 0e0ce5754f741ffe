/**
 * The training worker: tfjs is imported when the first job arrives (never with the page), each job runs
 * runLearning, progress goes back as it works, and `cancel` aborts the job between steps of the fits.
 */
import type { LoadedTf } from '../ml/tf';
import type { FromLearnWorker, LearnRequest, ToLearnWorker } from './learn-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let loaded: Promise<LoadedTf> | null = null;
let running: AbortController | null = null;

function post(message: FromLearnWorker, transfer: Transferable[] = []): void {
	scope.postMessage(message, transfer);
}

scope.onmessage = (event: MessageEvent<ToLearnWorker>) => {
	const message = event.data;
	if (message.type === 'cancel') {
		running?.abort();
		return;
	}
	void train(message.request);
};

async function train(request: LearnRequest): Promise<void> {
	running?.abort();
	const controller = new AbortController();
	running = controller;
	try {
		post({ type: 'progress', stage: 'loading', share: 0, message: 'Loading TensorFlow.js' });
		loaded ??= import('../ml/tf-browser').then((m) => m.loadTfBrowser());
		const lt = await loaded;
		const { runLearning } = await import('./learn-run');
		controller.signal.throwIfAborted();
		const result = await runLearning(lt, request, {
			signal: controller.signal,
			onProgress: (p) => post({ type: 'progress', ...p })
		});
		post({ type: 'done', result }, [result.fold.buffer, result.oofChurn.buffer]);
	} catch (err) {
		if (controller.signal.aborted) post({ type: 'cancelled' });
		else post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
	} finally {
		if (running === controller) running = null;
	}
}
