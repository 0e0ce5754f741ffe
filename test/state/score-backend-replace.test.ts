/** workerBackend's failures: a table replaced while being sent, and a worker that crashes, end every wait with a reason. */
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/lib/core/demo';
import { workerBackend, type ScoreWorker } from '../../src/lib/state/history-backend';

describe('workerBackend.setTable twice', () => {
	it('a second table while the first is being sent rejects the first without an unhandled rejection', async () => {
		const unhandled: unknown[] = [];
		const onUnhandled = (reason: unknown) => unhandled.push(reason);
		process.on('unhandledRejection', onUnhandled);
		try {
			// A worker that never answers: only the page's side matters here.
			const worker: ScoreWorker = { onmessage: null, postMessage() {}, terminate() {} };
			const backend = workerBackend(() => worker);
			const { table, meta } = generateDemo({ accounts: 300 });
			const first = backend.setTable(table, meta.roles);
			// The effect in Workspace.#sendTable only awaits `first` (try/catch): model that.
			const firstSettled = first.then(() => 'resolved', (e: Error) => e.message);
			await new Promise((r) => setTimeout(r, 0));
			void backend.setTable(table, meta.roles).catch(() => {});
			expect(await firstSettled).toBe('a newer table replaced this one');
			await new Promise((r) => setTimeout(r, 20));
			expect(unhandled).toEqual([]);
		} finally {
			process.off('unhandledRejection', onUnhandled);
		}
	});

	it('a worker that crashes ends the table being sent and every later request with a message, instead of waiting forever', async () => {
		const worker: ScoreWorker = { onmessage: null, onerror: null, postMessage() {}, terminate() {} };
		const backend = workerBackend(() => worker);
		const { table, meta } = generateDemo({ accounts: 300 });
		const sent = backend.setTable(table, meta.roles);
		let prevented = false;
		worker.onerror!({ message: 'Out of memory', preventDefault: () => void (prevented = true) } as ErrorEvent);
		const reason = 'The scoring worker stopped (Out of memory): reload the page to score again.';
		await expect(sent).rejects.toThrow(reason);
		expect(prevented).toBe(true);
		await expect(backend.setTable(table, meta.roles)).rejects.toThrow(reason);
		await expect(backend.score({} as never)).rejects.toThrow(reason);
	});
});
