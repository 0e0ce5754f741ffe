/**
 * History scoring in node: 100,000 customers × 12 snapshots (1.2 million rows), from a weight change to new
 * scores of every snapshot (what the scoring worker does per edit), and the layout worked out once per table.
 */
import { bench, describe } from 'vitest';
import { HistoryScorer } from '../../src/lib/core/history-scorer';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { historyFixture, planOf, firstVersionOf } from '../helpers/history-fixture';

const { dataset, scorecard, scorer } = historyFixture(100_000);
let weight = 1;
const reweighted = (): Scorecard => ({ ...scorecard, metrics: scorecard.metrics.map((m, k) => (k === 0 ? { ...m, weight: (weight = (weight % 40) + 1) } : m)) });
const segmented = (): Scorecard => reweighted();

describe('history of 100,000 customers × 12 snapshots', () => {
	bench('layout (snapshots, customers’ rows in date order) once per table', () => void new HistoryScorer().setTable(dataset.table, dataset.meta.roles), { iterations: 5 });
	bench('weight change → every snapshot re-scored (one version)', () => void scorer.score(planOf(reweighted())), { iterations: 10 });
	bench('weight change as a new version from the latest snapshot (two versions)', () => {
		const v1 = firstVersionOf(scorecard);
		const v2 = { ...firstVersionOf(reweighted()), id: 'v2', number: 2, appliesFrom: dataset.meta.snapshots.at(-1)! };
		void scorer.score(planOf(scorecard, [v1, v2]));
	}, { iterations: 10 });
	bench('weight change with an Enterprise segment scorecard', () => {
		const v = firstVersionOf(reweighted());
		v.set.segments = [{ segment: 'Enterprise', scorecard: { ...segmented(), id: 'demo-enterprise' } }];
		void scorer.score(planOf(scorecard, [v]));
	}, { iterations: 10 });
});
