/**
 * The training worker: tfjs is imported when the first job arrives (never with the page), each job runs
 * runLearning, progress goes back as it works, and `cancel` aborts the job between steps of the fits. After the
 * result come the blend slider's steps (learn-steps.ts), the one a `blend` message names next.
 */
import type { LoadedTf } from '../ml/tf';
import type { FromLearnHelper, FromLearnWorker, LearnRequest, LearnResult, ToLearnHelper, ToLearnWorker } from './learn-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let loaded: Promise<LoadedTf> | null = null;
let running: AbortController | null = null;
/** The helper on the second core (learn-helper.worker): some folds and half the bootstrap. Terminated on Cancel, made again when needed. */
let helper: Worker | null = null;
let helperJobs = 0;
/** The blend slider's step (%), as the page last said: evaluated next after a run (learn-steps.ts). */
let sliderPct = 100;

function startHelper(): Worker | null {
	try {
		helper ??= new Worker(new URL('./learn-helper.worker.ts', import.meta.url), { type: 'module' });
	} catch {
		helper = null; // no nested workers here: the run draws every resample itself
	}
	return helper;
}

function stopHelper(worker: Worker): void {
	worker.terminate();
	if (helper === worker) helper = null;
}

type HelperJob = Exclude<ToLearnHelper, { type: 'load' }>;

/**
 * Runs a job in the helper and resolves with its answer; if the helper cannot run (no nested workers, or it
 * failed to load), `here` does the job in this worker instead. Cancel terminates the helper.
 */
function inHelper<T>(signal: AbortSignal, job: Omit<HelperJob, 'id'>, here: () => Promise<T>): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		signal.throwIfAborted();
		const worker = startHelper();
		if (!worker) return void here().then(resolve, reject);
		const id = ++helperJobs;
		const finish = () => {
			worker.removeEventListener('message', onMessage);
			worker.removeEventListener('error', onError);
			signal.removeEventListener('abort', onAbort);
		};
		const onMessage = (event: MessageEvent<FromLearnHelper>) => {
			const reply = event.data;
			if (reply.id !== id) return;
			finish();
			if (reply.type === job.type) return resolve(reply.result as T);
			// An error there (tfjs did not load in the helper, say): the job runs here, which gives the same numbers or
			// the same error.
			stopHelper(worker);
			here().then(resolve, reject);
		};
		const onError = (event: Event) => {
			event.preventDefault();
			finish();
			stopHelper(worker);
			here().then(resolve, reject);
		};
		const onAbort = () => {
			finish();
			stopHelper(worker);
			reject(signal.reason);
		};
		worker.addEventListener('message', onMessage);
		worker.addEventListener('error', onError);
		signal.addEventListener('abort', onAbort);
		worker.postMessage({ ...job, id } as HelperJob);
	});
}

function post(message: FromLearnWorker, transfer: Transferable[] = []): void {
	scope.postMessage(message, transfer);
}

scope.onmessage = (event: MessageEvent<ToLearnWorker>) => {
	const message = event.data;
	if (message.type === 'cancel') {
		running?.abort();
		return;
	}
	if (message.type === 'blend') return void (sliderPct = message.pct);
	void train(message.request);
};

async function train(request: LearnRequest): Promise<void> {
	running?.abort();
	const controller = new AbortController();
	running = controller;
	sliderPct = 100;
	try {
		post({ type: 'progress', stage: 'loading', share: 0, message: 'Loading TensorFlow.js' });
		startHelper()?.postMessage({ type: 'load' } satisfies ToLearnHelper); // tfjs loads there while the first fit runs here
		loaded ??= import('../ml/tf-browser').then((m) => m.loadTfBrowser());
		const lt = await loaded;
		const [{ runLearning }, { sendBlendSteps }] = await Promise.all([import('./learn-run'), import('./learn-steps')]);
		controller.signal.throwIfAborted();
		const result = await runLearning(lt, request, {
			signal: controller.signal,
			bootstrapShare: (request) =>
				inHelper(controller.signal, { type: 'bootstrap', request }, () =>
					import('../ml/bootstrap').then((m) => m.bootstrapAucRange(request.scoreA, request.scoreB, request.y, { ...request, signal: controller.signal }))
				),
			foldFit: (request) => inHelper(controller.signal, { type: 'fold', request }, async () => (await import('./learn-run')).fitFold(lt, request, controller.signal)),
			onProgress: (p) => post({ type: 'progress', ...p })
		});
		const fold = result.fold.slice();
		post({ type: 'done', result }, [result.fold.buffer, result.oofChurn.buffer]);
		await sendBlendSteps(request, { fold, foldWeights: result.foldWeights }, { wanted: () => sliderPct, post, signal: controller.signal });
	} catch (err) {
		if (controller.signal.aborted) post({ type: 'cancelled' });
		else post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
	} finally {
		if (running === controller) running = null;
	}
}
