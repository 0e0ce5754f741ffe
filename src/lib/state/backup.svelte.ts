/** Backing up the workspace to one file and restoring it: the steps, what they found, and their messages. */
import { BACKUP_EXTENSION } from '../core/backup-format';
import * as db from '../db';
import { formatBytes } from '../format';
import { createBackup, readBackup, restoreBackup, type BackupSummary } from '../db/backup';
import { newDraftRevision } from './store';
import { StoredNotOpenedError, type Workspace } from './workspace.svelte';

/** A backup read and checked in full: what it holds, and how to restore it or let it go. */
export interface CheckedBackup {
	summary: BackupSummary;
	/** Replaces every table with the backup's in one transaction, the draft getting a new revision in it. */
	restore(): Promise<void>;
	/** Lets go of what the check kept (the records, or the worker holding them). Safe to call twice. */
	forget(): void;
}

/** What the session needs: making and reading a backup, and the workspace to show the result in. */
export interface BackupDeps {
	create(): Promise<Blob>;
	read(file: Blob): Promise<CheckedBackup>;
	/** flush: stores an edit still waiting for its save delay, so that a backup made right after it holds it. */
	workspace: Pick<Workspace, 'replaceStored'> & Partial<Pick<Workspace, 'flush'>>;
	now?: () => Date;
}

/** A checked backup waiting for the user's go-ahead. */
export interface PendingRestore {
	fileName: string;
	summary: BackupSummary;
	backup: CheckedBackup;
}

export class BackupSession {
	/** What is being done, for a status line; null when idle. */
	busy = $state<string | null>(null);
	/** Why the last step failed; the workspace is then unchanged. */
	error = $state<string | null>(null);
	/** What the last step did. */
	done = $state<string | null>(null);
	pending = $state.raw<PendingRestore | null>(null);
	/** Which step `busy`, `error` and `done` are about, so each is shown beside the button that started it. */
	step = $state<'backup' | 'restore' | null>(null);
	#deps: BackupDeps;

	constructor(deps: BackupDeps) {
		this.#deps = deps;
	}

	/** The whole workspace as one file, or null when it could not be made (see `error`). */
	async backup(): Promise<{ blob: Blob; fileName: string } | null> {
		this.#start('Packing the workspace…', 'backup');
		try {
			// An edit made within the save delay (250 ms) is stored first: "Download backup" right after it missed it.
			await this.#deps.workspace.flush?.();
			const blob = await this.#deps.create();
			const stamp = (this.#deps.now?.() ?? new Date()).toISOString().slice(0, 16).replace(':', '-');
			const fileName = `checkup-${stamp}${BACKUP_EXTENSION}`;
			this.done = `Backup ready: ${fileName} (${formatBytes(blob.size)}).`;
			return { blob, fileName };
		} catch (err) {
			this.error = `The backup could not be made; nothing was changed. ${message(err)}`;
			return null;
		} finally {
			this.busy = null;
		}
	}

	/** Reads and checks a backup file; nothing is restored until `confirm`. */
	async choose(file: File): Promise<void> {
		this.#forget();
		this.#start(`Checking ${file.name}…`, 'restore');
		try {
			const backup = await this.#deps.read(file);
			this.pending = { fileName: file.name, summary: backup.summary, backup };
		} catch (err) {
			this.error = `${file.name} was not restored, and your workspace is unchanged. ${message(err)}`;
		} finally {
			this.busy = null;
		}
	}

	cancel(): void {
		this.#forget();
		this.done = null;
	}

	/** Replaces the whole workspace with the pending backup, in one transaction, and shows it. */
	async confirm(): Promise<void> {
		const pending = this.pending;
		if (!pending) return;
		this.#start(`Restoring ${pending.fileName}…`, 'restore');
		try {
			await this.#deps.workspace.replaceStored(() => pending.backup.restore());
			this.#forget();
			this.done = `Restored ${pending.fileName}: the workspace is now as it was on ${pending.summary.createdAt.slice(0, 16).replace('T', ' ')} UTC.`;
		} catch (err) {
			if (err instanceof StoredNotOpenedError) {
				this.#forget();
				this.error = `${pending.fileName} was restored, but the workspace could not be opened from it: ${message(err)}`;
			} else this.error = `The restore failed, and your workspace is unchanged. ${message(err)}`;
		} finally {
			this.busy = null;
		}
	}

	#forget(): void {
		this.pending?.backup.forget();
		this.pending = null;
	}

	#start(what: string, step: 'backup' | 'restore'): void {
		this.step = step;
		this.busy = what;
		this.error = null;
		this.done = null;
	}
}

/** The backup steps on an IndexedDB database (the app's by default), on this thread: where there is no Worker (node). */
export function indexedDbBackup(database: db.CheckupDatabase = db.openDatabase()): Omit<BackupDeps, 'workspace'> {
	return {
		create: () => createBackup(database),
		async read(file) {
			const plan = await readBackup(database, file);
			return {
				summary: plan.summary,
				// The restored draft gets a revision of its own: a tab that read the backup's revision before (the same
				// draft on both sides) must not store its draft over the restored one without being asked.
				restore: () => restoreBackup(database, plan, () => newDraftRevision(database)),
				forget: () => {}
			};
		}
	};
}

function message(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}
