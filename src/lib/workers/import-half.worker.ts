/**
 * The import worker's helper for big files: reads a file from a record boundary past its middle to its end
 * (see split-read.ts) and posts back what it read, its buffers transferred. Started and ended by the import
 * worker, which appends the part to what it read of the first half.
 */
import { partTransfer, readRest, type FromHalfWorker, type ToHalfWorker } from './split-read';

/** At most ten progress messages a second. */
const PROGRESS_MS = 100;

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(message: FromHalfWorker, transfer: Transferable[] = []): void {
	scope.postMessage(message, transfer);
}

scope.onmessage = (event: MessageEvent<ToHalfWorker>) => {
	let lastProgress = 0;
	readRest(event.data.request, (rows, bytes) => {
		const now = performance.now();
		if (now - lastProgress < PROGRESS_MS) return;
		lastProgress = now;
		post({ type: 'progress', rows, bytes });
	}).then(
		(part) => post({ type: 'done', part }, partTransfer(part)),
		(err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) })
	);
};
