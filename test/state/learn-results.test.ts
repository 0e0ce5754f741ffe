/** A run's shown results through storage (non-finite numbers kept), and the workspace changes said about a run. */
import { describe, expect, it } from 'vitest';
import type { DatasetMeta } from '../../src/lib/core/dataset';
import { demoScorecard } from '../../src/lib/core/demo';
import { decodeResults, encodeResults, workspaceChanges, type RunResults } from '../../src/lib/state/learn-results';

/** Only the fields the helpers read are real; the rest is shaped enough to pass the checks. */
function results(): RunResults {
	const evaluation = { auc: { auc: 0.7, lo: 0.6, hi: 0.8 }, delongP: NaN, roc: [[0, 0], [1, 1]] as [number, number][], bands: [{ label: 'At risk', customers: 0, churned: 0, rate: NaN }], deciles: [], spearman: -Infinity, pointBiserial: Infinity, cutoffs: [], suggestion: null, unscored: 0 };
	return {
		version: 1,
		training: { mode: 'single', horizonDays: 0, endOfObservation: null, customers: 10, churned: 4, retained: 6, excluded: [] as never, notices: [], missing: [] },
		settings: { horizonDays: 90, C: 1, k: 5, seed: 1, resamples: 1000, targetRecall: 0.7 },
		backend: 'wasm',
		validation: { manual: { auc: 0.7, lo: 0.6, hi: 0.8 }, learned: { auc: 0.75, lo: 0.65, hi: 0.85 }, delongP: 0.01, calibration: [{ predicted: NaN, observed: NaN, count: 0 }], brier: 0.2, logLoss: 0.6 },
		scorecard: demoScorecard(),
		weights: [{ metricId: 'usage', label: 'NaN', manual: 20, suggested: 30, interval: [10, 50], per10Points: NaN, pValue: NaN }],
		drivers: [],
		fitNotices: [],
		driverNotices: [],
		manual: evaluation as RunResults['manual'],
		learned: { ...evaluation, delongP: 0.01 } as RunResults['learned']
	};
}

describe('stored run results', () => {
	it('come back as they went in, NaN and infinities included, nulls and strings as they were', () => {
		const shown = results();
		const stored = JSON.parse(JSON.stringify({ shown: encodeResults(shown) }));
		const back = decodeResults({ id: 'r', results: stored })!;
		expect(back).toEqual(shown);
		expect(Number.isNaN(back.manual.bands[0].rate)).toBe(true);
		expect(back.manual.spearman).toBe(-Infinity);
		expect(back.manual.suggestion).toBeNull();
		expect(back.weights[0].label).toBe('NaN');
	});

	it('are null for a run stored without them, and refused, naming the run, when of another version or incomplete', () => {
		expect(decodeResults({ id: 'old', results: { weights: [] } })).toBeNull();
		expect(() => decodeResults({ id: 'r2', results: { shown: { ...results(), version: 2 } } })).toThrow('training run r2 has results of version 2, expected 1');
		const { learned: _, ...partial } = results();
		expect(() => decodeResults({ id: 'r3', results: { shown: partial } })).toThrow('training run r3 has no results.shown.learned');
	});
});

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
