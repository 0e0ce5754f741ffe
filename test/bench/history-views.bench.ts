/**
 * The history views' own work in node at 100,000 customers × 12 snapshots (1.2 million rows), per re-scoring:
 * the trend (band of every row by the default bands, then one pass), the worklist (inputs, filter and sort) and
 * the alert rules with nothing left to evaluate. Scoring itself is history.bench.ts.
 */
import { bench, describe } from 'vitest';
import { evaluateAlerts, defaultRules } from '../../src/lib/core/alerts';
import { rowsOfSnapshot } from '../../src/lib/core/history-layout';
import { bandMapsToDefault, bandsAsDefault, previousRows, scorecardsOfScorers, type ScoredHistory } from '../../src/lib/core/history-views';
import { HistoryScorer } from '../../src/lib/core/history-scorer';
import { portfolioTrend, snapshotTrend } from '../../src/lib/core/trend';
import { worklistOf } from '../../src/lib/core/worklist';
import { alertSourceOf } from '../../src/lib/state/alerts.svelte';
import { historyFixture, firstVersionOf, planOf } from '../helpers/history-fixture';

const { dataset, scorecard, layout, scores } = historyFixture(100_000);
const h: ScoredHistory = { table: dataset.table, layout, scores, versions: [firstVersionOf(scorecard)] };
const arr = dataset.table.columns.arr;
const view = new HistoryScorer();
view.setTable(dataset.table, dataset.meta.roles);
const scored = view.score(planOf(scorecard))!;
const rules = defaultRules('At risk').map((r) => ({ ...r, evaluated: [...layout.snapshots] }));

describe('history views at 100,000 customers × 12 snapshots', () => {
	bench('trend: bands by the default scorecard, then shares and averages per snapshot', () => {
		portfolioTrend({
			snapshots: layout.snapshots, snapshotOf: layout.snapshotOf, score: scores.score,
			band: bandsAsDefault(h, scorecardsOfScorers(h), scorecard.bands), bandCount: scorecard.bands.length,
			arr: arr.kind === 'number' ? arr.values : null
		});
	}, { iterations: 20 });
	bench('trend: the latest snapshot aggregated again (what the scorer does for a draft from the latest snapshot)', () => {
		const last = layout.snapshots.length - 1;
		snapshotTrend({
			asOf: layout.snapshots[last], rows: rowsOfSnapshot(layout, last), score: scores.score, band: scores.band,
			maps: bandMapsToDefault(scorecardsOfScorers(h), scorecard.bands), scorerOf: scores.scorerOf, bandCount: scorecard.bands.length,
			arr: arr.kind === 'number' ? arr.values : null
		});
	}, { iterations: 20 });
	bench('worklist: change since the previous snapshot, At risk filter, ranked by score', () => {
		const previous = previousRows(h);
		const band = Int8Array.from(layout.viewRows, (r) => scores.band[r]);
		void Float64Array.from(layout.viewRows, (r, j) => (previous[j] >= 0 ? scores.score[r] - scores.score[previous[j]] : NaN));
		worklistOf({ score: scored.view.score, band, arr: null, probability: null }, { band: 0, segment: null, owner: null });
	}, { iterations: 20 });
	bench('worklist: every band, ranked by revenue at risk (100,000 sorted)', () => {
		const p = Float64Array.from(scored.view.score, (s) => 1 / (1 + Math.exp((s - 50) / 10)));
		const a = Float64Array.from(layout.viewRows, (r) => (arr.kind === 'number' ? arr.values[r] : NaN));
		worklistOf({ score: scored.view.score, band: scored.view.band, arr: a, probability: p }, { band: null, segment: null, owner: null });
	}, { iterations: 20 });
	bench('alerts: a re-scoring with every snapshot evaluated already', () => void evaluateAlerts(rules, alertSourceOf(h, dataset.meta.roles.id, scorecard).history), { iterations: 20 });
});
