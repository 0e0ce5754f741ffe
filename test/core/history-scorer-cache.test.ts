/**
 * What HistoryScorer keeps between scorings (groups of unchanged snapshots, each row's group, snapshot rows, view
 * positions, trend points) gives what a fresh scorer gives, after each kind of change in turn.
 */
import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import type { ScoringPlan } from '../../src/lib/core/history';
import { HistoryScorer } from '../../src/lib/core/history-scorer';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { singleSet, type ScorecardVersion } from '../../src/lib/core/scorecard-set';
import { cell } from '../../src/lib/core/table';

const dataset = generateDemo({ accounts: 150 });
const base = demoScorecard();
const latest = dataset.meta.snapshots.at(-1)!;
const weighted = (w: number): Scorecard => ({ ...base, metrics: base.metrics.map((m, k) => (k === 0 ? { ...m, weight: w } : m)) });
const version = (id: string, number: number, card: Scorecard, appliesFrom: string | null, segments: ScorecardVersion['set']['segments'] = []): ScorecardVersion =>
	({ id, number, createdAt: '2026-11-30T00:00:00.000Z', note: id, appliesFrom, set: { ...singleSet(card), segments } });
const v1 = version('v1', 1, base, null);
const first = dataset.meta.snapshots[0];
const gone: Scorecard = { ...base, metrics: [...base.metrics, { ...base.metrics[0], id: 'gone', column: 'no_such_column' }] };
const firstId = String(cell(dataset.table.columns.account_id, 0));

/** Plans in the order a user might make them: each one differs from the one before in one way. */
const plans: [string, ScoringPlan][] = [
	['version 1', { versions: [v1], overrides: [], today: '2026-11-30' }],
	['weight change from the latest snapshot', { versions: [v1, version('draft', 2, weighted(9), latest)], overrides: [], today: '2026-11-30' }],
	['another weight from the latest snapshot', { versions: [v1, version('draft', 2, weighted(2), latest)], overrides: [], today: '2026-11-30' }],
	['the draft for all history', { versions: [v1, version('draft', 2, weighted(2), null)], overrides: [], today: '2026-11-30' }],
	['a segment scorecard with bands of its own', { versions: [v1, version('draft', 2, weighted(2), null, [{ segment: 'Enterprise', scorecard: { ...weighted(0), id: 'ent', name: 'Enterprise', bands: [base.bands[0], base.bands[2]] } }])], overrides: [], today: '2026-11-30' }],
	['an override', { versions: [v1, version('draft', 2, weighted(2), null)], overrides: [{ id: 'o1', customerId: firstId, metricId: 'nps', subScore: 0, comment: 'c', from: latest, expires: '2027-01-01', createdAt: '' }], today: '2026-11-30' }],
	// Its rows belong to no group: a row must not keep pointing at the group it had (now another snapshot's).
	['a version that cannot score the first snapshot (a column gone)', { versions: [v1, version('gone', 2, gone, first), version('v3', 3, weighted(2), dataset.meta.snapshots[1])], overrides: [], today: '2026-11-30' }],
	['back to version 1 (a revert)', { versions: [v1], overrides: [], today: '2026-11-30' }]
];

// Its first test scores the demo's history over and over: 5.0 s in a whole unit run on a loaded 2-core machine,
// at vitest's 5 s default.
describe('HistoryScorer across scorings', { timeout: 60_000 }, () => {
	it('gives a fresh scorer’s scores, view, trend and explanations after each change', () => {
		const kept = new HistoryScorer();
		kept.setTable(dataset.table, dataset.meta.roles);
		const rows = Array.from({ length: dataset.table.rowCount }, (_, i) => i);
		for (const [what, plan] of plans) {
			const got = kept.score(plan);
			const fresh = new HistoryScorer();
			fresh.setTable(dataset.table, dataset.meta.roles);
			const want = fresh.score(plan);
			expect(got.scores, what).toStrictEqual(want.scores);
			expect(got.view, what).toStrictEqual(want.view);
			expect(got.trend, what).toStrictEqual(want.trend);
			expect(kept.explain(rows), what).toStrictEqual(fresh.explain(rows));
			if (what.startsWith('a version that cannot')) expect(got.scores.problems).toHaveLength(1);
		}
	});
});
