/**
 * The messages between the page and the backup worker, and the worker's work as a plain class (so node tests run
 * it too). On the page, making a backup of the demo blocked it for up to 114 ms and reading one for 81 ms, growing
 * with the rows. The checked records stay here until restored, so their typed arrays are never copied to the page.
 */
import { createBackup, readBackup, restoreBackup, type BackupSummary, type RestorePlan } from '../db/backup';
import { openDatabase, setSetting, type CheckupDatabase } from '../db';

/** A setting written with the restored records, in their transaction (the draft's new revision). */
export interface AlsoSet {
	key: string;
	value: unknown;
}

/** Page → worker, one at a time; each is answered once. */
export type ToBackupWorker =
	| { type: 'create'; database: string }
	| { type: 'read'; database: string; file: Blob }
	/** Replaces the workspace with the backup read last, then writes `alsoSet` in the same transaction. */
	| { type: 'restore'; alsoSet: AlsoSet[] };

/** Worker → page. */
export type FromBackupWorker =
	| { type: 'created'; blob: Blob }
	| { type: 'read'; summary: BackupSummary }
	| { type: 'restored' }
	| { type: 'error'; message: string };

export class BackupWork {
	#open: (name: string) => CheckupDatabase;
	#database: CheckupDatabase | null = null;
	#plan: RestorePlan | null = null;

	constructor(open: (name: string) => CheckupDatabase = openDatabase) {
		this.#open = open;
	}

	/** The answer to one message; a failure is an answer too, with the message the page shows. */
	async answer(message: ToBackupWorker): Promise<FromBackupWorker> {
		try {
			switch (message.type) {
				case 'create':
					return { type: 'created', blob: await createBackup(this.#databaseNamed(message.database)) };
				case 'read':
					this.#plan = null;
					this.#plan = await readBackup(this.#databaseNamed(message.database), message.file);
					return { type: 'read', summary: this.#plan.summary };
				case 'restore':
					await this.#restore(message.alsoSet);
					return { type: 'restored' };
			}
		} catch (err) {
			return { type: 'error', message: err instanceof Error ? err.message : String(err) };
		}
	}

	async #restore(alsoSet: AlsoSet[]): Promise<void> {
		const database = this.#database;
		if (!this.#plan || !database) throw new Error('No backup was read to restore.');
		await restoreBackup(database, this.#plan, async () => {
			for (const { key, value } of alsoSet) await setSetting(database, key, value);
		});
	}

	#databaseNamed(name: string): CheckupDatabase {
		if (this.#database?.name !== name) this.#database = this.#open(name);
		return this.#database;
	}
}
