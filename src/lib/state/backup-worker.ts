/**
 * The backup steps in a module worker (backup.worker.ts): the page posts the chosen file and gets back the Blob or
 * what the file holds, so neither packing nor checking a big workspace freezes it. One worker per backup made or
 * read; a read one keeps the checked records until they are restored or forgotten, then it is ended.
 */
import type { FromBackupWorker, ToBackupWorker } from '../workers/backup-protocol';
import type { BackupDeps } from './backup.svelte';
import { draftRevisionSetting } from './store';

export function workerBackup(worker: () => Worker, database: string): Omit<BackupDeps, 'workspace'> {
	return {
		async create() {
			const w = worker();
			try {
				return (await ask(w, { type: 'create', database }, 'created')).blob;
			} finally {
				w.terminate();
			}
		},
		async read(file) {
			const w = worker();
			let summary;
			try {
				({ summary } = await ask(w, { type: 'read', database, file }, 'read'));
			} catch (err) {
				w.terminate();
				throw err;
			}
			return {
				summary,
				// The restored draft gets a revision of its own, as in indexedDbBackup.
				restore: async () => void (await ask(w, { type: 'restore', alsoSet: [draftRevisionSetting()] }, 'restored')),
				forget: () => w.terminate()
			};
		}
	};
}

/** Posts one message and waits for its answer; an error answer, or the worker failing, rejects with its message. */
function ask<T extends FromBackupWorker['type']>(worker: Worker, message: ToBackupWorker, expected: T): Promise<Extract<FromBackupWorker, { type: T }>> {
	return new Promise((resolve, reject) => {
		worker.onmessage = (event: MessageEvent<FromBackupWorker>) => {
			const answer = event.data;
			if (answer.type === expected) resolve(answer as Extract<FromBackupWorker, { type: T }>);
			else reject(new Error(answer.type === 'error' ? answer.message : `The backup worker answered ${answer.type}, not ${expected}.`));
		};
		worker.onerror = (event) => {
			event.preventDefault();
			reject(new Error(`The backup worker stopped${event.message ? ` (${event.message})` : ''}.`));
		};
		worker.postMessage(message);
	});
}
