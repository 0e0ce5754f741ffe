import { describe, expect, it } from 'vitest';
import { DEMO_SNAPSHOTS, demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { describeColumns, type Dataset } from '../../src/lib/core/dataset';
import { scoreTable } from '../../src/lib/core/score';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { defaultBands } from '../../src/lib/core/scorecard';
import { selectRows, type CategoryColumn, type NumberColumn, type TextColumn } from '../../src/lib/core/table';
import { MIN_PER_CLASS, TrainingRefusal, buildTrainingSet, refusal } from '../../src/lib/ml/training';
import { tableOf } from '../helpers/tables';
import { textArray } from '../../src/lib/core/text-values';

const demo = generateDemo();
const card = demoScorecard();
const ids = textArray((demo.table.columns.account_id as TextColumn).values);
const asOf = demo.table.columns.as_of as CategoryColumn;
const churned = demo.table.columns.churned as CategoryColumn;
const churnDates = textArray((demo.table.columns.churn_date as TextColumn).values);
const dateOf = (r: number) => asOf.levels[asOf.codes[r]];
const minusDays = (iso: string, d: number) => new Date(Date.parse(`${iso}T00:00:00Z`) - d * 86_400_000).toISOString().slice(0, 10);

/** Independent reference: per account, by a plain loop over rows, the latest snapshot on or before the cut-off. */
function expectedRows(horizon: number): Map<string, number> {
	const retainedCut = minusDays(DEMO_SNAPSHOTS[DEMO_SNAPSHOTS.length - 1], horizon);
	const out = new Map<string, number>();
	for (let r = 0; r < demo.table.rowCount; r++) {
		const cut = churnDates[r] === null ? retainedCut : minusDays(churnDates[r]!, horizon);
		if (dateOf(r) > cut) continue;
		const prev = out.get(ids[r]!);
		if (prev === undefined || dateOf(prev) < dateOf(r)) out.set(ids[r]!, r);
	}
	return out;
}

describe('buildTrainingSet on the demo', () => {
	const set = buildTrainingSet(demo, card);

	it('takes every account once, 90 days before its churn date or before the end of observation', () => {
		const expected = expectedRows(90);
		expect(set.mode).toBe('horizon');
		expect(set.endOfObservation).toBe('2026-11-01');
		expect(set.rows.length).toBe(expected.size);
		expect(new Set([...set.rows].map((r) => ids[r])).size).toBe(set.rows.length);
		for (const r of set.rows) expect(r).toBe(expected.get(ids[r]!));
		// Retained accounts at 2026-08-01 (the last snapshot ≤ 2026-11-01 − 90 days); churners before their date.
		for (let i = 0; i < set.rows.length; i++) {
			const r = set.rows[i];
			expect(set.y[i]).toBe(churned.levels[churned.codes[r]] === 'Yes' ? 1 : 0);
			if (set.y[i] === 0) expect(dateOf(r)).toBe('2026-08-01');
			else expect(dateOf(r) <= minusDays(churnDates[r]!, 90)).toBe(true);
		}
		expect(set.churned + set.retained).toBe(set.rows.length);
		expect(set.churned).toBeGreaterThan(200);
		expect(set.excluded.noOutcome).toBe(0);
	});

	it('scores the training rows with the scorecard, and fills skipped sub-scores with their mean (counted)', () => {
		const table = selectRows(demo.table, set.rows);
		const reference = scoreTable(table, card);
		expect([...set.manualScore]).toEqual([...reference.score]);
		const nps = card.metrics.findIndex((m) => m.column === 'nps');
		const raw = (table.columns.nps as NumberColumn).values;
		const missing = raw.filter((v) => Number.isNaN(v)).length;
		expect(missing).toBeGreaterThan(300);
		expect(set.features.missing[nps]).toBe(missing);
		expect(set.features.filledWithMean[nps]).toBe(missing);
		const present = set.features.subScores[nps].filter((v) => !Number.isNaN(v));
		const mean = present.reduce((a, b) => a + b, 0) / present.length;
		expect(set.features.fillMeans[nps]).toBeCloseTo(mean, 10);
		expect(set.features.columns[nps].every((v) => Number.isFinite(v))).toBe(true);
		expect(set.notices.some((n) => n.message.startsWith(`NPS: ${missing.toLocaleString('en-US')} missing values`))).toBe(true);
	});

	it('moves with the horizon: 0 days takes retained accounts at the last snapshot', () => {
		const now = buildTrainingSet(demo, card, { horizonDays: 0 });
		const expected = expectedRows(0);
		expect(now.rows.length).toBe(expected.size);
		for (const r of now.rows) expect(r).toBe(expected.get(ids[r]!));
		expect([...now.rows].filter((r, i) => now.y[i] === 0).every((r) => dateOf(r) === '2026-11-01')).toBe(true);
		expect(() => buildTrainingSet(demo, card, { horizonDays: -1 })).toThrow(/-1/);
	});

	it('leaves out customers with no snapshot far enough back, and says so', () => {
		const long = buildTrainingSet(demo, card, { horizonDays: 400 });
		expect(long.rows.length).toBe(0);
		expect(long.excluded.noSnapshotBefore).toBe(2000);
		expect(refusal(long)).toMatch(/at least 30 churned and 30 retained customers with a snapshot 400 days before the outcome; this data has 0 churned customers and 0 retained customers\. Your snapshots reach back far enough for a horizon of at most \d+ days: /);
		expect(refusal(set)).toBeNull();
	});

	it('names the longest horizon that works: at it Learn trains, a day longer it refuses', () => {
		const long = buildTrainingSet(demo, card, { horizonDays: 400 });
		const days = long.longestHorizon!.days;
		const at = buildTrainingSet(demo, card, { horizonDays: days });
		const beyond = buildTrainingSet(demo, card, { horizonDays: days + 1 });
		expect(refusal(at)).toBeNull();
		expect(refusal(beyond)).not.toBeNull();
		// The counts it names are the customers with a snapshot that far back (the demo scores every one of them).
		expect([long.longestHorizon!.churned, long.longestHorizon!.retained]).toEqual([at.churned, at.retained]);
		expect(refusal(long)).toContain(`with ${days}, ${at.churned} churned customers and ${at.retained.toLocaleString('en-US')} retained customers have a snapshot before the outcome.`);
	});
});

/** A one-snapshot dataset of n customers, the first `churners` churned. */
function single(n: number, churners: number, withOutcome = true): Dataset {
	const table = tableOf({
		id: Array.from({ length: n }, (_, i) => `C${i}`),
		usage: Array.from({ length: n }, (_, i) => (i % 10 === 0 ? null : (i * 37) % 100)),
		...(withOutcome ? { churned: Array.from({ length: n }, (_, i) => (i < churners ? 'Yes' : i === n - 1 ? null : 'No')) } : {})
	});
	return {
		meta: { id: 'f', name: 'f.csv', source: 'file', createdAt: '2026-01-01T00:00:00.000Z', rowCount: n, columns: describeColumns(table), roles: { id: 'id', ...(withOutcome ? { outcome: 'churned' } : {}) }, snapshots: [] },
		table
	};
}
const usageCard: Scorecard = {
	id: 's', name: 's', bands: defaultBands(),
	metrics: [{ id: 'u', column: 'usage', label: 'Usage', weight: 1, normalization: { kind: 'linear', worst: 0, best: 100 }, missing: { kind: 'skip' } }]
};

describe('buildTrainingSet on a single snapshot', () => {
	it('uses the one snapshot and warns that it may look better than it is', () => {
		const set = buildTrainingSet(single(100, 40), usageCard);
		expect(set.mode).toBe('single');
		expect(set.excluded.noOutcome).toBe(1);
		// Every tenth customer has no usage: nothing to score under this scorecard.
		expect(set.excluded.noScore).toBe(10);
		expect(set.churned).toBe(36);
		expect(set.retained).toBe(53);
		expect(set.notices[0]).toMatchObject({ level: 'warning' });
		expect(set.notices[0].message).toMatch(/single snapshot/);
	});

	it(`refuses fewer than ${MIN_PER_CLASS} churned customers, with the counts`, () => {
		const set = buildTrainingSet(single(100, 20), usageCard);
		expect(refusal(set)).toMatch(/this data has 18 churned customers and 71 retained customers/);
		// A single snapshot uses no horizon: shortening it would change nothing.
		expect(refusal(set)).toMatch(/Add outcomes \(an outcomes file or more snapshots\)\.$/);
	});

	it('refuses data without an outcome column', () => {
		expect(() => buildTrainingSet(single(50, 10, false), usageCard)).toThrow(TrainingRefusal);
		expect(() => buildTrainingSet(single(50, 10, false), usageCard)).toThrow(/no churn outcome column/);
	});
});

describe('buildTrainingSet on snapshots with text dates', () => {
	// Two snapshots; A churned 2026-04-15, B retained, C churned without a date, D has no outcome.
	const ids = ['A', 'B', 'C', 'D', 'A', 'B', 'C', 'D'];
	const table = tableOf({
		id: ids,
		usage: [10, 20, 30, 40, 11, 21, 31, 41],
		churned: ['Yes', 'No', 'Yes', null, 'Yes', 'No', 'Yes', null]
	});
	table.columns.as_of = { kind: 'text', values: ['2026-01-01', '2026-01-01', '2026-01-01', '2026-01-01', '2026-03-01', '2026-03-01', '2026-03-01', '2026-03-01'] };
	table.columns.churn_date = { kind: 'text', values: ['2026-04-15', null, null, null, '2026-04-15', null, null, null] };
	const dataset: Dataset = {
		meta: { id: 'f', name: 'f.csv', source: 'file', createdAt: '2026-03-02T00:00:00.000Z', rowCount: 8, columns: describeColumns(table), roles: { id: 'id', asOf: 'as_of', outcome: 'churned', churnDate: 'churn_date' }, snapshots: [] },
		table
	};

	it('takes each customer the horizon before its outcome, the last snapshot standing in for a missing churn date', () => {
		const set = buildTrainingSet(dataset, usageCard, { horizonDays: 30 });
		expect(set.mode).toBe('horizon');
		expect(set.endOfObservation).toBe('2026-03-01');
		// A: 2026-04-15 − 30 = 2026-03-16 → March; B: 2026-03-01 − 30 → January; C: last snapshot March − 30 → January.
		expect([...set.rows]).toEqual([1, 2, 4]);
		expect([...set.y]).toEqual([0, 1, 1]);
		expect(set.excluded).toEqual({ noOutcome: 1, noSnapshotBefore: 0, churnDateMissing: 1, noScore: 0 });
		expect(set.notices.map((n) => n.message)).toContain('1 churned customer has no churn date: the last snapshot stands for it.');
	});

	it('leaves out customers without a snapshot far enough back', () => {
		const set = buildTrainingSet(dataset, usageCard, { horizonDays: 90 });
		// A: 2026-01-15 → January; B: 2025-12-01 → none; C: 2025-12-01 → none.
		expect([...set.rows]).toEqual([0]);
		expect(set.excluded.noSnapshotBefore).toBe(2);
	});
});

describe('buildTrainingSet on three monthly exports, shorter than the horizon', () => {
	// 2026-08-31, 2026-09-30 and 2026-10-31: 40 customers who churned on 2026-11-15 and 40 retained, in every month.
	const months = ['2026-08-31', '2026-09-30', '2026-10-31'];
	const who = Array.from({ length: 80 }, (_, i) => `C${i}`);
	const table = tableOf({
		id: months.flatMap(() => who),
		usage: months.flatMap((_, m) => who.map((_, i) => (i * 7 + m) % 100)),
		churned: months.flatMap(() => who.map((_, i) => (i < 40 ? 'Yes' : 'No')))
	});
	table.columns.as_of = { kind: 'text', values: months.flatMap((d) => who.map(() => d)) };
	table.columns.churn_date = { kind: 'text', values: months.flatMap(() => who.map((_, i) => (i < 40 ? '2026-11-15' : null))) };
	const dataset: Dataset = {
		meta: { id: 'f', name: 'f.csv', source: 'file', createdAt: '2026-11-01T00:00:00.000Z', rowCount: 240, columns: describeColumns(table), roles: { id: 'id', asOf: 'as_of', outcome: 'churned', churnDate: 'churn_date' }, snapshots: [] },
		table
	};

	it('refuses the default 90 days and says the longest that works: 61, from 2026-08-31 to the end of observation 2026-10-31', () => {
		// Retained: 2026-10-31 − 2026-08-31 = 30 + 31 = 61 days; churned: 2026-11-15 − 2026-08-31 = 76 days. The shorter wins.
		const set = buildTrainingSet(dataset, usageCard);
		expect([set.churned, set.retained]).toEqual([0, 0]);
		expect(set.longestHorizon).toEqual({ days: 61, churned: 40, retained: 40 });
		expect(refusal(set)).toBe('Learning needs at least 30 churned and 30 retained customers with a snapshot 90 days before the outcome; this data has 0 churned customers and 0 retained customers. Your snapshots reach back far enough for a horizon of at most 61 days: with 61, 40 churned customers and 40 retained customers have a snapshot before the outcome. Shorten the horizon, or add outcomes (an outcomes file or earlier snapshots).');
		expect(refusal(buildTrainingSet(dataset, usageCard, { horizonDays: 61 }))).toBeNull();
		expect(refusal(buildTrainingSet(dataset, usageCard, { horizonDays: 62 }))).not.toBeNull();
	});

	it('says when no horizon would do: 20 churned customers are too few even at 0 days', () => {
		const few: Dataset = { ...dataset, table: { ...table, columns: { ...table.columns, churned: tableOf({ c: months.flatMap(() => who.map((_, i) => (i < 20 ? 'Yes' : i < 40 ? null : 'No'))) }).columns.c } } };
		const set = buildTrainingSet(few, usageCard, { horizonDays: 0 });
		expect(set.longestHorizon).toBeNull();
		expect(refusal(set)).toMatch(/this data has 20 churned customers and 40 retained customers\. Even a horizon of 0 days would not leave enough: add outcomes/);
	});
});
