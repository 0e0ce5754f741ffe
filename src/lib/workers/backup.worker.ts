/** The backup worker: makes, reads and checks, and restores backups off the main thread (see backup-protocol.ts). */
import { BackupWork, type ToBackupWorker } from './backup-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const work = new BackupWork();
scope.onmessage = async (event: MessageEvent<ToBackupWorker>) => scope.postMessage(await work.answer(event.data));
