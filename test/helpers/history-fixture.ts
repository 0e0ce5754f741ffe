/**
 * A large history for benchmarks and view tests: the demo generator at up to 100,000 accounts × 12 monthly
 * snapshots (1.2 million rows), its scorecard, and that history scored — as the workspace's `history` holds it.
 */
import type { Dataset } from '../../src/lib/core/dataset';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import type { HistoryScores, ScoringPlan } from '../../src/lib/core/history';
import type { HistoryLayout } from '../../src/lib/core/history-layout';
import { HistoryScorer } from '../../src/lib/core/history-scorer';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { singleSet, type ScorecardVersion } from '../../src/lib/core/scorecard-set';

/** Version 1 of a scorecard, in force for every snapshot. */
export function firstVersionOf(scorecard: Scorecard): ScorecardVersion {
	return { id: 'v1', number: 1, createdAt: '2026-11-30T00:00:00.000Z', note: 'First version', appliesFrom: null, set: singleSet(scorecard) };
}

/** The plan of a single version (no overrides). */
export function planOf(scorecard: Scorecard, versions: ScorecardVersion[] = [firstVersionOf(scorecard)]): ScoringPlan {
	return { versions, overrides: [], today: '2026-11-30' };
}

/** A demo portfolio of `accounts` × 12 snapshots, scored: `scorer` re-scores it for another plan. */
export function historyFixture(accounts = 100_000): { dataset: Dataset; scorecard: Scorecard; scorer: HistoryScorer; layout: HistoryLayout; scores: HistoryScores } {
	const dataset = generateDemo({ accounts });
	const scorecard = demoScorecard();
	const scorer = new HistoryScorer();
	const layout = scorer.setTable(dataset.table, dataset.meta.roles);
	const { scores } = scorer.score(planOf(scorecard));
	return { dataset, scorecard, scorer, layout, scores };
}
