/** The workspace changes said about a run (its stored results: learn-stored.test.ts). */
import { describe, expect, it } from 'vitest';
import type { DatasetMeta } from '../../src/lib/core/dataset';
import { demoScorecard } from '../../src/lib/core/demo';
import { workspaceChanges } from '../../src/lib/state/learn-results';

describe('workspaceChanges', () => {
	const run = { data: { imports: [{ id: 'a', name: 'Jan', rowCount: 100 }], customers: 90, churned: 30, retained: 60, mode: 'single' as const } };
	const meta = (id: string, name: string, rowCount: number) => ({ id, name, rowCount }) as DatasetMeta;

	it('is empty when the imports and what the scorecard scores are as they were (the name aside)', () => {
		expect(workspaceChanges(run, demoScorecard(), { imports: [meta('a', 'Jan', 100)], scorecard: { ...demoScorecard(), name: 'Renamed' } })).toEqual([]);
	});

	it('names the data now and what changed in the scorecard', () => {
		const card = demoScorecard();
		const now = { ...card, metrics: card.metrics.slice(1).map((m, k) => (k === 0 ? { ...m, weight: m.weight + 5 } : m)), bands: card.bands.map((b, k) => (k === 1 ? { ...b, min: b.min + 1 } : b)) };
		expect(workspaceChanges(run, card, { imports: [meta('a', 'Jan', 100), meta('b', 'Feb', 1_200)], scorecard: now })).toEqual([
			'the data is now Jan (100 rows), Feb (1,200 rows)',
			'the scorecard has changed: 1 removed, 1 metric changed (weights or scoring), the bands changed'
		]);
		expect(workspaceChanges(run, card, { imports: [meta('a', 'Jan', 101)], scorecard: null })).toEqual(['the data is now Jan (101 rows)']);
		expect(workspaceChanges(run, card, { imports: [], scorecard: null })).toEqual(['the data is now empty']);
	});
});
