/**
 * The workspace's phase (data-workspace on <main>): what browser tests wait for, so 'ready' must come only once the
 * scores the pages show exist. Scoring is held back by a gate here, so that each phase can be seen while it lasts.
 */
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { inProcessBackend, type HistoryBackend } from '../../src/lib/state/history-backend';
import { indexedDbStore } from '../../src/lib/state/store';
import { Workspace } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from '../db/helpers';
import { imported, num, text } from '../helpers/imported';

const demo = () => ({ dataset: generateDemo(), scorecard: demoScorecard() });

/** The in-process scorer, whose scorings wait until `release()` (each later scoring waits for the next release). */
function gatedBackend() {
	const inner = inProcessBackend();
	let release = () => {};
	let gate = Promise.resolve();
	const close = () => (gate = new Promise<void>((resolve) => (release = resolve)));
	const backend: HistoryBackend = { ...inner, score: async (plan, onView) => (await gate, inner.score(plan, onView)) };
	return { backend, close, release: () => release() };
}

/** Lets every promise and effect queued so far run (fake-indexeddb answers in later tasks). */
const idle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('Workspace phase', () => {
	it('is opening while storage is read, scoring until every snapshot is scored, then ready', async () => {
		const gated = gatedBackend();
		gated.close();
		const ws = new Workspace({ store: indexedDbStore(testDatabase('phase-open').db), demo, saveDelay: 0, history: () => gated.backend });
		const opened = ws.init();
		expect(ws.phase).toBe('opening');
		await opened;
		await idle();
		flushSync();
		expect(ws.status).toBe('ready');
		// Open, its table handed to the scorer, but not scored: the pages have no scores to show yet.
		expect(ws.layout).not.toBeNull();
		expect(ws.history).toBeNull();
		expect(ws.phase).toBe('scoring');
		gated.release();
		await ws.settled();
		expect(ws.history).not.toBeNull();
		expect(ws.phase).toBe('ready');
		ws.dispose();
	});

	it('is scoring again after an import until the new portfolio is scored', async () => {
		const gated = gatedBackend();
		const ws = new Workspace({ store: indexedDbStore(testDatabase('phase-import').db), demo, saveDelay: 0, history: () => gated.backend });
		await ws.init();
		await ws.settled();
		expect(ws.phase).toBe('ready');
		gated.close();
		const file = imported('jan.csv', '2026-01-10T10:00:00.000Z', { id: text('C1', 'C2', 'C3'), revenue: num(10, 20, 30), logins: num(1, 2, 3) }, { id: 'id', revenue: 'arr' });
		await ws.addImport(file.dataset, file.scorecard);
		await idle();
		flushSync();
		expect(ws.dataset!.meta.name).toBe('jan.csv');
		expect(ws.history).toBeNull();
		expect(ws.phase).toBe('scoring');
		gated.release();
		await ws.settled();
		expect(ws.history!.table).toBe(ws.dataset!.table);
		expect(ws.phase).toBe('ready');
		ws.dispose();
	});

	it('an edit’s re-scoring keeps it ready (the last scores are shown)', async () => {
		const gated = gatedBackend();
		const ws = new Workspace({ store: indexedDbStore(testDatabase('phase-edit').db), demo, saveDelay: 0, history: () => gated.backend });
		await ws.init();
		await ws.settled();
		const shown = ws.history;
		gated.close();
		ws.scorecard!.metrics[0].weight *= 3;
		flushSync();
		await idle();
		expect(ws.history).toBe(shown);
		expect(ws.phase).toBe('ready');
		gated.release();
		await ws.settled();
		expect(ws.history).not.toBe(shown);
		expect(ws.phase).toBe('ready');
		ws.dispose();
	});

	it('a workspace opened with a scorecard that has errors is ready with nothing scored (there is nothing to wait for)', async () => {
		const { db, reopen } = testDatabase('phase-errors');
		const first = new Workspace({ store: indexedDbStore(db), demo, saveDelay: 0 });
		await first.init();
		await first.settled();
		first.scorecard!.metrics[0].weight = -1;
		flushSync();
		await first.flush();
		first.dispose();
		db.close();
		const ws = new Workspace({ store: indexedDbStore(reopen()), demo, saveDelay: 0 });
		await ws.init();
		await ws.settled();
		flushSync();
		expect(ws.hasErrors).toBe(true);
		expect(ws.history).toBeNull();
		expect(ws.phase).toBe('ready');
		ws.dispose();
	});

	it('is failed when the workspace cannot be opened', async () => {
		const store = { ...indexedDbStore(testDatabase('phase-fail').db), isEmpty: () => Promise.reject(new Error('IndexedDB is disabled')) };
		const ws = new Workspace({ store, demo, saveDelay: 0 });
		await ws.init();
		expect(ws.phase).toBe('failed');
		ws.dispose();
	});
});
