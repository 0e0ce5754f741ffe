/**
 * The backup steps through the worker's messages (BackupWork run in a stand-in for Worker): the same file, summary
 * and restored records as on the page, the draft's new revision written with them, the same messages for a bad
 * file, and every worker ended once its backup is made, restored or let go.
 */
import { describe, expect, it } from 'vitest';
import { demoScorecard } from '../../src/lib/core/demo';
import type { CheckupDatabase } from '../../src/lib/db';
import { readBackup } from '../../src/lib/db/backup';
import { BackupSession } from '../../src/lib/state/backup.svelte';
import { workerBackup } from '../../src/lib/state/backup-worker';
import { DRAFT_REVISION_KEY, indexedDbStore } from '../../src/lib/state/store';
import { BackupWork, type FromBackupWorker, type ToBackupWorker } from '../../src/lib/workers/backup-protocol';
import { sampleDataset, testDatabase } from '../db/helpers';

/** What Worker does here: the messages in order, nothing after terminate(), and onerror when the worker dies. */
class StandInWorker {
	onmessage: ((event: MessageEvent<FromBackupWorker>) => void) | null = null;
	onerror: ((event: ErrorEvent) => void) | null = null;
	terminated = false;
	#work: BackupWork;
	#dies: boolean;

	constructor(db: CheckupDatabase, dies = false) {
		this.#work = new BackupWork((name) => {
			if (name !== db.name) throw new Error(`opened ${name}, not ${db.name}`);
			return db;
		});
		this.#dies = dies;
	}

	postMessage(message: ToBackupWorker): void {
		if (this.terminated) throw new Error('posted to an ended worker');
		if (this.#dies) {
			queueMicrotask(() => this.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent));
			return;
		}
		void this.#work.answer(message).then((data) => {
			if (!this.terminated) this.onmessage?.({ data } as MessageEvent<FromBackupWorker>);
		});
	}

	terminate(): void {
		this.terminated = true;
	}
}

async function dump(db: CheckupDatabase): Promise<Record<string, unknown[]>> {
	const out: Record<string, unknown[]> = {};
	for (const table of db.tables) out[table.name] = await table.toArray();
	return out;
}

async function setup(name: string, dies = false) {
	const { db } = testDatabase(name);
	await indexedDbStore(db).replaceWith(sampleDataset(12_000), demoScorecard());
	const workers: StandInWorker[] = [];
	const session = new BackupSession({
		...workerBackup(() => (workers.push(new StandInWorker(db, dies)), workers.at(-1) as unknown as Worker), db.name),
		workspace: { replaceStored: async (write) => write() }
	});
	return { db, workers, session };
}

describe('backups through the backup worker', { timeout: 60_000 }, () => {
	it('makes the same backup, reads the same summary, and restores every record with a new draft revision', async () => {
		const { db, workers, session } = await setup('backup-worker-roundtrip');
		const before = await dump(db);
		const made = await session.backup();
		expect(session.error).toBeNull();
		expect(workers.map((w) => w.terminated)).toEqual([true]);
		// The page's own reading of the worker's file: what the worker's summary must say.
		const expected = (await readBackup(db, made!.blob)).summary;
		expect(expected).toMatchObject({ imports: 1, rows: 12_000, scorecards: 1 });

		await db.transaction('rw', db.tables, () => Promise.all(db.tables.map((t) => t.clear())));
		await session.choose(new File([made!.blob], made!.fileName));
		expect(session.pending?.summary).toEqual(expected);
		expect(workers[1].terminated).toBe(false);
		await session.confirm();
		expect(session.error).toBeNull();
		expect(session.done).toMatch(/^Restored checkup-.*: the workspace is now as it was on /);
		expect(workers[1].terminated).toBe(true);

		const after = await dump(db);
		const revision = (records: unknown[]) => records.find((s) => (s as { key: string }).key === DRAFT_REVISION_KEY);
		const without = (records: unknown[]) => records.filter((s) => (s as { key: string }).key !== DRAFT_REVISION_KEY);
		expect({ ...after, settings: without(after.settings) }).toEqual({ ...before, settings: without(before.settings) });
		expect(revision(after.settings)).toMatchObject({ value: expect.stringMatching(/^d-/) });
		expect(revision(after.settings)).not.toEqual(revision(before.settings));
	});

	it('refuses a damaged file with the page’s message, changes nothing, and ends its worker; Cancel ends one too', async () => {
		const { db, workers, session } = await setup('backup-worker-damaged');
		const before = await dump(db);
		const made = await session.backup();
		const bytes = new Uint8Array(await made!.blob.arrayBuffer());
		await session.choose(new File([bytes.subarray(0, bytes.length >> 1)], 'cut.checkup-backup'));
		expect(session.error).toBe('cut.checkup-backup was not restored, and your workspace is unchanged. The backup file is damaged or incomplete (it could not be unpacked); perhaps the download did not finish.');
		expect(session.pending).toBeNull();
		expect(workers[1].terminated).toBe(true);

		await session.choose(new File([made!.blob], 'whole.checkup-backup'));
		expect(session.pending).not.toBeNull();
		session.cancel();
		expect(session.pending).toBeNull();
		expect(workers[2].terminated).toBe(true);
		expect(await dump(db)).toEqual(before);
	});

	it('says so when the worker stops, and nothing was changed', async () => {
		const { db, session } = await setup('backup-worker-dies', true);
		const before = await dump(db);
		expect(await session.backup()).toBeNull();
		expect(session.error).toBe('The backup could not be made; nothing was changed. The backup worker stopped (out of memory).');
		expect(await dump(db)).toEqual(before);
	});
});
