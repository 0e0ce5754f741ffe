/**
 * Makes one write request of a database fail with a quota error, as a full disk would: every write of every table
 * in turn, so that a write path is seen failing at each step of its transaction (first write, last write, and
 * each between).
 */
import { Dexie, type Table } from 'dexie';
import { vi } from 'vitest';
import type { CheckupDatabase } from '../../src/lib/db';

/** What the browser throws when the origin's storage is full. */
export const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

/** Every Table method that writes. Collection writes (`where(…).delete()`) are left alone: each path has table writes too. */
const WRITES = ['put', 'bulkPut', 'add', 'bulkAdd', 'update', 'delete', 'bulkDelete', 'clear'] as const;

/** Every record and key of every table: what "the workspace is exactly as it was" compares (typed arrays by value). */
export async function dumpAll(db: CheckupDatabase): Promise<Record<string, { records: unknown[]; keys: unknown[] }>> {
	return db.transaction('r', db.tables, async () => {
		const out: Record<string, { records: unknown[]; keys: unknown[] }> = {};
		for (const table of db.tables) out[table.name] = { records: await table.toArray(), keys: await table.toCollection().primaryKeys() };
		return out;
	});
}

/** Fails write `at` (counting from 1) with `error`; `calls()` says how many writes were asked for. */
export function failWrite(db: CheckupDatabase, at: number, error: () => unknown = quota): { calls: () => number; restore: () => void } {
	let calls = 0;
	// `db.runs` and `db.tables`' runs are two Table objects of one store (Dexie 4): both are watched.
	const named = (db as unknown as Record<string, Table>);
	const tables = [...new Set(db.tables.flatMap((t) => [t, named[t.name]]))];
	const spies = tables.flatMap((table: Table) =>
		WRITES.map((method) => {
			const original = (table[method] as (...args: unknown[]) => unknown).bind(table);
			return vi.spyOn(table, method).mockImplementation(((...args: unknown[]) => (++calls === at ? Dexie.Promise.reject(error()) : original(...args))) as never);
		})
	);
	return { calls: () => calls, restore: () => spies.forEach((s) => s.mockRestore()) };
}

/**
 * Runs `write` with its first write failing, then its second, …, until it makes fewer writes than the one set to
 * fail (it then ran whole, last). After each failure the database must be exactly as before (checked here) and
 * `failed` checks the rest (the message, what is shown). Returns how many writes the whole run made.
 */
export async function failEachWrite(
	db: CheckupDatabase,
	write: (attempt: number) => Promise<unknown>,
	failed: (error: unknown, at: number) => void | Promise<void>,
	expectUnchanged: (before: unknown, after: unknown, at: number) => void
): Promise<number> {
	for (let at = 1; at < 500; at++) {
		const before = await dumpAll(db);
		const failing = failWrite(db, at);
		let error: unknown = null;
		try {
			await write(at);
		} catch (err) {
			error = err;
		} finally {
			failing.restore();
		}
		if (failing.calls() < at) {
			if (error) throw error;
			return failing.calls();
		}
		expectUnchanged(before, await dumpAll(db), at);
		await failed(error, at);
	}
	throw new Error('the write made 500 writes or more: is it looping?');
}
