/** The Learn session of the running app: training in its own worker, runs stored in the browser's IndexedDB. */
import type { Scorecard } from '../core/scorecard';
import { deleteRun, listRuns, recordApplied, saveRun } from '../db';
import { afterNextFrame } from '../unfold.svelte';
import { database, workspace } from './app';
import { LearnSession } from './learn.svelte';

/** A plain copy: the session keeps what it learned against, untouched by later edits of the live scorecard. */
const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

export const learnSession = new LearnSession({
	worker: () => new Worker(new URL('../workers/learn.worker.ts', import.meta.url), { type: 'module' }),
	dataset: () => workspace.dataset,
	scorecard: () => (workspace.scorecard ? copy<Scorecard>(workspace.scorecard) : null),
	imports: () => workspace.imports,
	currentTable: () => workspace.view?.table ?? null,
	later: afterNextFrame,
	// The run's note is written in the version's transaction: on the workspace's own database, which the runs share.
	applyScorecard: async (scorecard, note, alsoWrite) => (await workspace.applyScorecard(scorecard, note, undefined, alsoWrite && ((v) => alsoWrite(v.number)))).number,
	runs: {
		save: (run) => saveRun(database, run),
		list: () => listRuns(database),
		delete: (id) => deleteRun(database, id),
		recordApplied: (id, applied) => recordApplied(database, id, applied)
	}
});
