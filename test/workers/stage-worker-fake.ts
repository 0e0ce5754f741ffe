/**
 * A storage worker (stage.worker.ts) run in-process for node tests: serveStaging on the given database, with
 * every message structured-cloned and its transfer list transferred, delivered in a later task, as between a
 * worker and its parent.
 */
import type { CheckupDatabase } from '../../src/lib/db';
import { serveStaging, type FromStageWorker, type StageScope, type StageWorker, type ToStageWorker } from '../../src/lib/workers/stage-remote';

export interface FakeStageWorker extends StageWorker {
	/** The worker's own scope: tests may replace its onmessage or post as it would. */
	readonly scope: StageScope;
	terminated: boolean;
	/** Messages posted to the worker, as received. */
	readonly received: ToStageWorker[];
}

export function inProcessStageWorker(db: CheckupDatabase, serve = true): FakeStageWorker {
	const worker: FakeStageWorker = {
		onmessage: null,
		onerror: null,
		terminated: false,
		received: [],
		postMessage(message: ToStageWorker, transfer: Transferable[] = []) {
			const copy = structuredClone(message, { transfer });
			setTimeout(() => {
				if (worker.terminated) return;
				worker.received.push(copy);
				scope.onmessage?.({ data: copy } as MessageEvent<ToStageWorker>);
			});
		},
		terminate() {
			worker.terminated = true;
		},
		scope: {
			onmessage: null,
			postMessage(message: FromStageWorker) {
				const copy = structuredClone(message);
				setTimeout(() => {
					if (!worker.terminated) worker.onmessage?.({ data: copy } as MessageEvent<FromStageWorker>);
				});
			}
		}
	};
	const scope = worker.scope;
	if (serve) serveStaging(scope, () => db);
	return worker;
}
