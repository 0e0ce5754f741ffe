/** A run records the imports it was trained on (those when it started), not those when it finished. */
import { describe, expect, it } from 'vitest';
import type { DatasetMeta } from '../../src/lib/core/dataset';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { deleteRun, listRuns, recordApplied, saveRun } from '../../src/lib/db';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { LearnSession } from '../../src/lib/state/learn.svelte';
import { testDatabase } from '../db/helpers';
import { InProcessWorker } from '../helpers/in-process-learn-worker';

const lt = await loadTfNode();

describe('a Learn run’s imports', () => {
	it('stores the imports the run was trained on, even when an import is added while it trains', async () => {
		const dataset = generateDemo();
		const { db } = testDatabase('rv-learn-imports');
		let imports: DatasetMeta[] = [dataset.meta];
		const session = new LearnSession({
			worker: () => new InProcessWorker(lt),
			dataset: () => dataset,
			scorecard: () => demoScorecard(),
			imports: () => imports,
			currentTable: () => dataset.table,
			applyScorecard: async () => 2,
			runs: { save: (r) => saveRun(db, r), list: () => listRuns(db), delete: (id) => deleteRun(db, id), recordApplied: (id, a) => recordApplied(db, id, a) }
		});
		session.settings.resamples = 200;
		session.start();
		expect(session.phase).toBe('running');
		// While it trains, the user imports another file on the Data page.
		imports = [dataset.meta, { ...dataset.meta, id: 'file-2', name: 'March.csv', rowCount: 123 }];
		while (session.phase === 'running') await new Promise((r) => setTimeout(r, 10));
		expect(session.phase).toBe('done');
		// The page warns that the data changed since the run.
		expect(session.changes).not.toEqual([]);
		const runs = await listRuns(db);
		expect(runs[0].data.imports.map((d) => d.id)).toEqual(['demo']);
	}, 60_000);
});
