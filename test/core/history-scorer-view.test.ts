import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { HistoryScorer } from '../../src/lib/core/history-scorer';
import type { Override } from '../../src/lib/core/overrides';
import { singleSet, type ScorecardVersion } from '../../src/lib/core/scorecard-set';
import { planOf } from '../helpers/history-fixture';
import { textArray } from '../../src/lib/core/text-values';
import type { TextColumn } from '../../src/lib/core/table';

/** The latest snapshot scored ahead (scoreView), then the rest (score), must equal one score() of everything. */
describe('scoring the latest snapshot first', () => {
	const dataset = generateDemo({ accounts: 600 });
	const card = demoScorecard();
	const snapshots = dataset.meta.snapshots;
	const customer = textArray((dataset.table.columns[dataset.meta.roles.id] as TextColumn).values).at(-1)!;
	const override: Override = { id: 'o1', customerId: customer, metricId: card.metrics[0].id, subScore: 3, comment: 'c', from: snapshots[0], expires: '2099-01-01', createdAt: '' };
	const heavier = { ...card, metrics: card.metrics.map((m, k) => (k === 0 ? { ...m, weight: m.weight + 5 } : m)) };
	const v2: ScorecardVersion = { id: 'v2', number: 2, createdAt: '', note: 'heavier', appliesFrom: snapshots.at(-1)!, set: singleSet(heavier) };
	const plans = [planOf(card), { ...planOf(card), overrides: [override] }, planOf(card, [...planOf(card).versions, v2])];

	it.each(plans.map((plan, k) => [k, plan] as const))('gives the same view, scores, trend and explanations (plan %i)', (_, plan) => {
		const reference = new HistoryScorer();
		reference.setTable(dataset.table, dataset.meta.roles);
		const want = reference.score(plan);
		const ahead = new HistoryScorer();
		const layout = ahead.setTable(dataset.table, dataset.meta.roles);
		const view = ahead.scoreView(plan);
		expect(view).toEqual(want.view);
		const got = ahead.score(plan);
		expect(got.view).toBe(view);
		expect(got).toEqual(want);
		const rows = [0, layout.viewRows[0], layout.viewRows.at(-1)!];
		expect(ahead.explain(rows)).toEqual(reference.explain(rows));
	});

	it('goes on from a view of another plan as from nothing, and re-scores after a first scoring', () => {
		const scorer = new HistoryScorer();
		scorer.setTable(dataset.table, dataset.meta.roles);
		scorer.scoreView(plans[0]);
		const reference = new HistoryScorer();
		reference.setTable(dataset.table, dataset.meta.roles);
		expect(scorer.score(plans[2])).toEqual(reference.score(plans[2]));
		// And a second round, on top of kept groups.
		expect(scorer.scoreView(plans[1])).toEqual(reference.score(plans[1]).view);
		expect(scorer.score(plans[1])).toEqual(reference.score(plans[1]));
	});
});
