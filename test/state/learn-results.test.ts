/** The workspace changes said about a run (its stored results: learn-stored.test.ts). */
import { describe, expect, it } from 'vitest';
import type { DatasetMeta } from '../../src/lib/core/dataset';
import { demoScorecard } from '../../src/lib/core/demo';
import { suggestWeights, withWeights } from '../../src/lib/ml/suggest';
import { scorecardWeights, workspaceChanges } from '../../src/lib/state/learn-results';

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

describe('scorecardWeights', () => {
	const card = demoScorecard();
	const ids = card.metrics.map((m) => m.id);
	// Learned: everything on the first two metrics, 3 : 1.
	const weights = suggestWeights(card, { metricIds: ids, coefRaw: ids.map((_, k) => (k === 0 ? 0.03 : k === 1 ? 0.01 : 0)), stdErrRaw: ids.map(() => 0.01), pValue: ids.map(() => 0.5) });
	const learned = weights.map((w) => w.suggested);
	const manual = weights.map((w) => w.manual);

	it('tells the weights at the blend from the manual ones and from others, as shares of the total', () => {
		expect(learned.slice(0, 3)).toEqual([75, 25, 0]);
		// The demo's own weights are the manual ones (20, 15, 5, … of 100): at blend 100 % they are not the blend.
		expect(scorecardWeights(card, weights, learned)).toBe('manual');
		// At blend 0 % the blend is the manual weights.
		expect(scorecardWeights(card, weights, manual)).toBe('blend');
		// Applied (rounded to 0.1 %) the learned weights are the blend; twice the weights are the same shares.
		expect(scorecardWeights(withWeights(card, learned), weights, learned)).toBe('blend');
		expect(scorecardWeights({ ...card, metrics: card.metrics.map((m) => ({ ...m, weight: m.weight * 2 })) }, weights, learned)).toBe('manual');
		// One weight edited by a point, or a metric more: other weights.
		expect(scorecardWeights({ ...card, metrics: card.metrics.map((m, k) => (k === 2 ? { ...m, weight: m.weight + 1 } : m)) }, weights, learned)).toBe('other');
		expect(scorecardWeights({ ...card, metrics: card.metrics.slice(1) }, weights, learned)).toBe('other');
		expect(scorecardWeights(null, weights, learned)).toBeNull();
	});
});
