/**
 * The training worker's helper, on the second core: fits some of the cross-validation's folds (tfjs, loaded
 * when the training worker starts a job) and draws half the validation's bootstrap resamples
 * (ml/bootstrap's bootstrapAucRange) while the training worker does the rest. The training worker terminates
 * it on Cancel.
 */
import { bootstrapAucRange } from '../ml/bootstrap';
import type { LoadedTf } from '../ml/tf';
import type { FromLearnHelper, ToLearnHelper } from './learn-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let loaded: Promise<LoadedTf> | null = null;
const loadTf = () => (loaded ??= import('../ml/tf-browser').then((m) => m.loadTfBrowser()));

async function answer(message: Exclude<ToLearnHelper, { type: 'load' }>): Promise<void> {
	const { id } = message;
	try {
		if (message.type === 'bootstrap') {
			const { scoreA, scoreB, y, resamples, seed, from, to } = message.request;
			const result = bootstrapAucRange(scoreA, scoreB, y, { resamples, seed, from, to });
			const reply: FromLearnHelper = { type: 'bootstrap', id, result };
			scope.postMessage(reply, [result.aucA.buffer, result.aucB.buffer]);
		} else {
			const [lt, { fitFold }] = await Promise.all([loadTf(), import('./learn-run')]);
			const result = await fitFold(lt, message.request);
			const reply: FromLearnHelper = { type: 'fold', id, result };
			scope.postMessage(reply);
		}
	} catch (err) {
		const reply: FromLearnHelper = { type: 'error', id, message: err instanceof Error ? err.message : String(err) };
		scope.postMessage(reply);
	}
}

scope.onmessage = (event: MessageEvent<ToLearnHelper>) => {
	const message = event.data;
	if (message.type === 'load') void loadTf().catch(() => undefined); // a failure is reported with the first fold
	else void answer(message);
};
