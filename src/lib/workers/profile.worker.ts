/** The profiling worker: profiles the columns the Data page shows, and counts accounts, off the main thread. */
import { answer, type ToProfileWorker } from './profile-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<ToProfileWorker>) => scope.postMessage(answer(event.data));
