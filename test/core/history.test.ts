/** Scoring every snapshot: checked against scoreTable on each snapshot's rows copied out on their own. */
import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { scoreHistory, type ScoringPlan } from '../../src/lib/core/history';
import { layoutOf, rowsOfSnapshot } from '../../src/lib/core/history-layout';
import { HistoryScorer } from '../../src/lib/core/history-scorer';
import type { Override } from '../../src/lib/core/overrides';
import { bandIndex, scoreTable } from '../../src/lib/core/score';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { singleSet, versionInForce, type ScorecardSet, type ScorecardVersion } from '../../src/lib/core/scorecard-set';
import { cell, selectRows } from '../../src/lib/core/table';

const dataset = generateDemo({ accounts: 300 });
const { table, meta } = dataset;
const layout = layoutOf(table, meta.roles);

function version(number: number, appliesFrom: string | null, set: ScorecardSet): ScorecardVersion {
	return { id: `v${number}`, number, createdAt: `2026-11-0${number}T00:00:00Z`, note: `v${number}`, appliesFrom, set };
}

function plan(versions: ScorecardVersion[], overrides: Override[] = []): ScoringPlan {
	return { versions, overrides, today: '2026-11-22' };
}

/** Rows of one snapshot date, found from the as-of column itself. */
function rowsDated(date: string): number[] {
	const asOf = table.columns[meta.roles.asOf!];
	return Array.from({ length: table.rowCount }, (_, i) => i).filter((i) => cell(asOf, i) === date);
}

function reweighted(weights: Record<string, number>, id = 'demo'): Scorecard {
	const card = demoScorecard();
	return { ...card, id, metrics: card.metrics.map((m) => ({ ...m, weight: weights[m.id] ?? m.weight })) };
}

describe('history layout', () => {
	it('finds the demo’s 12 snapshots, every customer’s rows in date order and its latest row', () => {
		expect(layout.snapshots).toHaveLength(12);
		expect(layout.snapshots).toEqual([...meta.snapshots].sort());
		const ids = table.columns[meta.roles.id];
		const customers = layout.customerStart.length - 1;
		expect(customers).toBe(new Set(Array.from({ length: table.rowCount }, (_, i) => cell(ids, i))).size);
		for (let c = 0; c < customers; c++) {
			const rows = Array.from(layout.customerRows.subarray(layout.customerStart[c], layout.customerStart[c + 1]));
			const dates = rows.map((r) => cell(table.columns[meta.roles.asOf!], r) as string);
			expect(dates).toEqual([...dates].sort());
			expect(new Set(rows.map((r) => cell(ids, r))).size).toBe(1);
			expect(layout.latest[c]).toBe(rows.at(-1));
		}
		expect(Array.from(layout.viewRows)).toEqual(rowsDated(layout.snapshots[11]));
	});
});

describe('scoreHistory', () => {
	it('scores every snapshot as scoreTable scores that snapshot alone', () => {
		const { scores } = scoreHistory(table, layout, meta.roles, plan([version(1, null, singleSet(demoScorecard()))]));
		for (const date of layout.snapshots) {
			const rows = rowsDated(date);
			const direct = scoreTable(selectRows(table, rows), demoScorecard());
			expect(rows.map((r) => scores.score[r])).toEqual(Array.from(direct.score));
			expect(rows.map((r) => scores.band[r])).toEqual(Array.from(direct.band));
		}
		expect(scores.changes).toEqual([]);
		expect(scores.problems).toEqual([]);
	});

	it('scores each snapshot with the version in force for its date, and marks where it changed', () => {
		const heavyNps = reweighted({ nps: 60 });
		const from = layout.snapshots[9];
		const { scores } = scoreHistory(table, layout, meta.roles, plan([version(1, null, singleSet(demoScorecard())), version(2, from, singleSet(heavyNps))]));
		expect(scores.changes).toEqual([9]);
		expect(Array.from(scores.snapshotVersion)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
		for (const [s, card] of [[8, demoScorecard()], [9, heavyNps], [11, heavyNps]] as const) {
			const rows = rowsDated(layout.snapshots[s]);
			expect(rows.map((r) => scores.score[r])).toEqual(Array.from(scoreTable(selectRows(table, rows), card).score));
			expect(new Set(rows.map((r) => scores.scorers[scores.scorerOf[r]].versionId))).toEqual(new Set([`v${s < 9 ? 1 : 2}`]));
		}
	});

	it('re-scores only the snapshots whose scorecard changed, to the same scores as from scratch', () => {
		const v1 = version(1, null, singleSet(demoScorecard()));
		const first = scoreHistory(table, layout, meta.roles, plan([v1]));
		const draft = version(2, layout.snapshots[11], singleSet(reweighted({ usage: 60 })));
		const again = scoreHistory(table, layout, meta.roles, plan([v1, draft]), first.groups);
		expect(again.groups.filter((g) => first.groups.some((f) => f.result === g.result)).map((g) => g.snapshot)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		const fresh = scoreHistory(table, layout, meta.roles, plan([v1, draft]));
		expect(Array.from(again.scores.score)).toEqual(Array.from(fresh.scores.score));
		expect(Array.from(again.scores.scorerOf)).toEqual(Array.from(fresh.scores.scorerOf));
		// An override changes what every snapshot's group is made of: none is reused.
		const o: Override = { id: 'o', customerId: 'x', metricId: 'nps', subScore: 1, comment: 'c', from: '2000-01-01', expires: '2100-01-01', createdAt: '' };
		const withOverride = scoreHistory(table, layout, meta.roles, plan([v1, draft], [o]), again.groups);
		expect(withOverride.groups.some((g) => again.groups.some((f) => f.result === g.result))).toBe(false);
	});

	it('routes a segment’s rows to its scorecard and everyone else to the default', () => {
		const enterprise = reweighted({ usage: 0, growth: 50 }, 'demo-enterprise');
		const set: ScorecardSet = { default: demoScorecard(), segments: [{ segment: 'Enterprise', scorecard: enterprise }] };
		const { scores } = scoreHistory(table, layout, meta.roles, plan([version(1, null, set)]));
		const rows = rowsDated(layout.snapshots[11]);
		const seg = table.columns[meta.roles.segment!];
		const ent = rows.filter((r) => cell(seg, r) === 'Enterprise');
		const rest = rows.filter((r) => cell(seg, r) !== 'Enterprise');
		expect(ent.length).toBeGreaterThan(10);
		expect(ent.map((r) => scores.score[r])).toEqual(Array.from(scoreTable(selectRows(table, ent), enterprise).score));
		expect(rest.map((r) => scores.score[r])).toEqual(Array.from(scoreTable(selectRows(table, rest), demoScorecard()).score));
		expect(new Set(ent.map((r) => scores.scorers[scores.scorerOf[r]].segment))).toEqual(new Set(['Enterprise']));
		expect(new Set(rest.map((r) => scores.scorers[scores.scorerOf[r]].scorecardId))).toEqual(new Set(['demo']));
	});

	it('applies an override from its start to its expiry, and recomputes the score by hand', () => {
		const c = 5;
		const rows = Array.from(layout.customerRows.subarray(layout.customerStart[c], layout.customerStart[c + 1]));
		const id = cell(table.columns[meta.roles.id], rows[0]) as string;
		const o: Override = { id: 'o1', customerId: id, metricId: 'nps', subScore: 100, comment: 'Renewal call went well', from: layout.snapshots[9], expires: layout.snapshots[10], createdAt: '2026-11-22T00:00:00Z' };
		const scorer = new HistoryScorer();
		scorer.setTable(table, meta.roles);
		const plain = scorer.score(plan([version(1, null, singleSet(demoScorecard()))])).scores;
		const [before] = scorer.explain([rows[9]]);
		const { scores } = scorer.score(plan([version(1, null, singleSet(demoScorecard()))], [o]));
		expect(rows.map((r) => scores.overridden[r])).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0]);
		for (const r of [rows[8], rows[11]]) expect(scores.score[r]).toBe(plain.score[r]);
		// By hand: the weighted mean of the sub-scores that count, NPS's replaced by 100.
		const card = demoScorecard();
		let weighted = 0, total = 0;
		before.metrics.forEach((m, k) => {
			const sub = m.id === 'nps' ? 100 : m.subScore;
			if (sub !== sub) return;
			weighted += card.metrics[k].weight * sub;
			total += card.metrics[k].weight;
		});
		expect(scores.score[rows[9]]).toBeCloseTo(weighted / total, 12);
		expect(scores.band[rows[9]]).toBe(bandIndex(card.bands, weighted / total));
		const [after] = scorer.explain([rows[9]]);
		const nps = after.metrics.find((m) => m.id === 'nps')!;
		expect(nps.override?.comment).toBe('Renewal call went well');
		expect(nps.subScore).toBe(100);
		expect(after.metrics.reduce((t, m) => t + m.contribution, 0)).toBeCloseTo(after.score, 10);
	});
});

describe('versionInForce', () => {
	const set = singleSet(demoScorecard());
	const versions = [version(1, null, set), version(2, '2026-06-01', set), version(3, '2026-03-01', set), version(4, '2026-09-01', set)];
	it('takes the newest saved version whose start is on or before the date', () => {
		expect(versionInForce(versions, '2026-01-01')).toBe(0);
		expect(versionInForce(versions, '2026-03-01')).toBe(2);
		// Version 3 was saved after version 2 and applies from March: it covers June too.
		expect(versionInForce(versions, '2026-06-15')).toBe(2);
		expect(versionInForce(versions, '2026-09-01')).toBe(3);
		expect(versionInForce([version(1, '2026-05-01', set)], '2026-01-01')).toBe(0);
		expect(versionInForce(versions, '')).toBe(3);
		expect(() => versionInForce([], '2026-01-01')).toThrow(/none given/);
	});
	it('“apply to all history” (null) replaces every earlier version everywhere', () => {
		expect(versionInForce([...versions, version(5, null, set)], '2026-01-01')).toBe(4);
	});
});

describe('layoutOf with snapshots spread through the table', () => {
	it('finds each snapshot’s rows wherever they are, and customers without an ID have no history', () => {
		const t = {
			rowCount: 6,
			columns: {
				id: { kind: 'text' as const, values: ['A', 'B', 'A', null, 'B', 'A'] },
				as_of: { kind: 'category' as const, codes: Int32Array.from([1, 1, 0, 0, 0, 2]), levels: ['2026-02-01', '2026-03-01', '2026-01-01'] }
			}
		};
		const l = layoutOf(t, { id: 'id', asOf: 'as_of' });
		expect(l.snapshots).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
		expect(Array.from(l.snapshotOf)).toEqual([2, 2, 1, 1, 1, 0]);
		expect(Array.from(l.customerOf)).toEqual([0, 1, 0, -1, 1, 0]);
		expect(Array.from(l.customerRows.subarray(l.customerStart[0], l.customerStart[1]))).toEqual([5, 2, 0]);
		expect(Array.from(l.latest)).toEqual([0, 1]);
		expect(Array.from(l.viewRows)).toEqual([0, 1]);
		expect(Array.from(l.snapshotRange)).toEqual([5, 6, 2, 5, 0, 2]);
		const spread = layoutOf({ ...t, columns: { ...t.columns, as_of: { ...t.columns.as_of, codes: Int32Array.from([1, 0, 1, 0, 0, 2]) } } }, { id: 'id', asOf: 'as_of' });
		expect(Array.from(spread.snapshotRange.subarray(2, 6))).toEqual([-1, -1, -1, -1]);
		expect(Array.from(rowsOfSnapshot(spread, 1))).toEqual([1, 3, 4]);
	});
});
