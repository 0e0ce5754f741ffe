/** The Learn session of the running app: training in its own worker, runs stored in the browser's IndexedDB. */
import type { Scorecard } from '../core/scorecard';
import { deleteRun, listRuns, openDatabase, recordApplied, saveRun } from '../db';
import { afterNextFrame } from '../unfold.svelte';
import { workspace } from './app';
import { LearnSession } from './learn.svelte';

const database = openDatabase();

/** A plain copy: the session keeps what it learned against, untouched by later edits of the live scorecard. */
const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

export const learnSession = new LearnSession({
	worker: () => new Worker(new URL('../workers/learn.worker.ts', import.meta.url), { type: 'module' }),
	dataset: () => workspace.dataset,
	scorecard: () => (workspace.scorecard ? copy<Scorecard>(workspace.scorecard) : null),
	imports: () => workspace.imports,
	currentTable: () => workspace.view?.table ?? null,
	later: afterNextFrame,
	applyScorecard: async (scorecard, note) => (await workspace.applyScorecard(scorecard, note)).number,
	runs: {
		save: (run) => saveRun(database, run),
		list: () => listRuns(database),
		delete: (id) => deleteRun(database, id),
		recordApplied: (id, applied) => recordApplied(database, id, applied)
	}
});
