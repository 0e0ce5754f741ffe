/** The workspace's history, versions, segment scorecards and overrides on fake-indexeddb, with Svelte's runes running. */
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { scoreTable } from '../../src/lib/core/score';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { cell, selectRows, type Table } from '../../src/lib/core/table';
import { indexedDbStore, type WorkspaceStore } from '../../src/lib/state/store';
import { Workspace } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from '../db/helpers';
import { imported, num, text } from '../helpers/imported';

const demo = () => ({ dataset: generateDemo({ accounts: 200 }), scorecard: demoScorecard() });

async function opened(store: WorkspaceStore) {
	const ws = new Workspace({ store, demo, saveDelay: 0, today: () => '2026-11-22' });
	await ws.init();
	await ws.settled();
	return ws;
}

/** Rows of a snapshot date, read from the as-of column. */
function rowsDated(table: Table, date: string): number[] {
	return Array.from({ length: table.rowCount }, (_, i) => i).filter((i) => cell(table.columns.as_of, i) === date);
}

/** The engine's scores of one snapshot's rows on their own. */
function direct(table: Table, date: string, scorecard: Scorecard): number[] {
	return Array.from(scoreTable(selectRows(table, rowsDated(table, date)), scorecard).score);
}

function shown(ws: Workspace, date: string): number[] {
	const h = ws.history!;
	return rowsDated(h.table, date).map((r) => h.scores.score[r]);
}

const heavier = (card: Scorecard): Scorecard => ({ ...card, metrics: card.metrics.map((m, k) => (k === 0 ? { ...m, weight: m.weight * 4 } : m)) });

describe('workspace history and versions', () => {
	it('scores all 12 snapshots; a saved version applies from the latest snapshot, earlier ones keep version 1', async () => {
		const { db, reopen } = testDatabase('hist-versions');
		const ws = await opened(indexedDbStore(db));
		const dates = ws.history!.layout.snapshots;
		expect(dates).toHaveLength(12);
		for (const d of [dates[0], dates[11]]) expect(shown(ws, d)).toEqual(direct(ws.dataset!.table, d, demoScorecard()));
		expect(ws.versions.map((v) => v.number)).toEqual([1]);
		expect(ws.unsaved).toBe(false);

		ws.scorecard!.metrics[0].weight *= 4;
		flushSync();
		await ws.settled();
		expect(ws.unsaved).toBe(true);
		// The draft is previewed from the latest snapshot on.
		expect(shown(ws, dates[11])).toEqual(direct(ws.dataset!.table, dates[11], heavier(demoScorecard())));
		expect(shown(ws, dates[10])).toEqual(direct(ws.dataset!.table, dates[10], demoScorecard()));
		await expect(ws.saveVersion('  ')).rejects.toThrow(/needs a note/);
		expect(ws.versions).toHaveLength(1);
		const v2 = await ws.saveVersion('Usage counts four times');
		flushSync();
		await ws.settled();
		expect(v2).toMatchObject({ number: 2, note: 'Usage counts four times', appliesFrom: dates[11] });
		expect(ws.unsaved).toBe(false);
		expect(ws.history!.scores.changes).toEqual([11]);
		expect(ws.history!.scores.versions.map((v) => v.id)).toEqual([ws.versions[0].id, v2.id]);
		ws.dispose();

		const again = await opened(indexedDbStore(reopen()));
		expect(again.versions.map((v) => v.note)).toEqual(['First version', 'Usage counts four times']);
		expect(shown(again, dates[11])).toEqual(direct(again.dataset!.table, dates[11], heavier(demoScorecard())));
		expect(shown(again, dates[3])).toEqual(direct(again.dataset!.table, dates[3], demoScorecard()));
		again.dispose();
	});

	it('“all history” re-scores every snapshot; a revert is a new version that restores the earlier scores', async () => {
		const { db } = testDatabase('hist-revert');
		const ws = await opened(indexedDbStore(db));
		const dates = ws.history!.layout.snapshots;
		const before = dates.map((d) => shown(ws, d));
		ws.scorecard!.metrics[0].weight *= 4;
		await ws.saveVersion('Everywhere', null);
		flushSync();
		await ws.settled();
		expect(shown(ws, dates[0])).toEqual(direct(ws.dataset!.table, dates[0], heavier(demoScorecard())));
		expect(ws.history!.scores.changes).toEqual([]);
		await ws.revertTo(ws.versions[0].id, '');
		flushSync();
		await ws.settled();
		expect(ws.versions.map((v) => v.note)).toEqual(['First version', 'Everywhere', 'Revert to version 1']);
		// The revert applies from the latest snapshot: it is back to version 1's scores there.
		expect(shown(ws, dates[11])).toEqual(before[11]);
		expect(ws.scorecard!.metrics[0].weight).toBe(demoScorecard().metrics[0].weight);
		ws.dispose();
	});

	it('applyScorecard saves a version and keeps the workspace scorecard’s id; a failed save changes nothing', async () => {
		const t = testDatabase('hist-apply');
		const store = indexedDbStore(t.db);
		const ws = await opened(store);
		await ws.applyScorecard({ ...heavier(demoScorecard()), id: 'suggested' }, 'Suggested weights');
		expect(ws.scorecard!.id).toBe('demo');
		expect(ws.versions.at(-1)!.set.default.metrics[0].weight).toBe(demoScorecard().metrics[0].weight * 4);
		const failing = new Workspace({ store: { ...store, addVersion: () => Promise.reject(new Error('disk full')) }, demo, saveDelay: 0 });
		await failing.init();
		await failing.settled();
		const weight = failing.scorecard!.metrics[0].weight;
		await expect(failing.applyScorecard(demoScorecard(), 'Back')).rejects.toThrow(/disk full/);
		expect(failing.scorecard!.metrics[0].weight).toBe(weight);
		expect(failing.versions).toHaveLength(2);
		await expect(ws.applyScorecard(demoScorecard(), '')).rejects.toThrow(/needs a note/);
		ws.dispose();
		failing.dispose();
	});
});

describe('segment scorecards', () => {
	it('a segment scorecard scores only its segment, names itself, and is restored after a reload', async () => {
		const { db, reopen } = testDatabase('hist-segments');
		const ws = await opened(indexedDbStore(db));
		const table = ws.dataset!.table;
		const latest = ws.history!.layout.snapshots[11];
		ws.addSegmentScorecard('Enterprise');
		expect(ws.editing).toBe(1);
		ws.editingScorecard!.metrics[0].weight = 0;
		flushSync();
		await ws.settled();
		const rows = rowsDated(table, latest);
		const ent = rows.filter((r) => cell(table.columns.segment, r) === 'Enterprise');
		const rest = rows.filter((r) => cell(table.columns.segment, r) !== 'Enterprise');
		const entCard = { ...demoScorecard(), metrics: demoScorecard().metrics.map((m, k) => (k === 0 ? { ...m, weight: 0 } : m)) };
		const h = ws.history!;
		expect(ent.map((r) => h.scores.score[r])).toEqual(Array.from(scoreTable(selectRows(table, ent), entCard).score));
		expect(rest.map((r) => h.scores.score[r])).toEqual(Array.from(scoreTable(selectRows(table, rest), demoScorecard()).score));
		expect(new Set(ent.map((r) => h.scores.scorers[h.scores.scorerOf[r]].scorecardName))).toEqual(new Set(['Enterprise scorecard']));
		expect(() => ws.addSegmentScorecard('Enterprise')).toThrow(/has a scorecard already/);
		await ws.saveVersion('Enterprise without usage');
		ws.dispose();
		const again = await opened(indexedDbStore(reopen()));
		expect(again.segments.map((s) => s.segment)).toEqual(['Enterprise']);
		expect(again.unsaved).toBe(false);
		again.deleteSegmentScorecard(1);
		flushSync();
		await again.settled();
		expect(again.editing).toBe(0);
		expect(shown(again, latest)).toEqual(direct(table, latest, demoScorecard()));
		again.dispose();
	});
});

describe('overrides', () => {
	it('an override changes the customer’s score from the latest snapshot to its expiry, survives a reload, and is removed', async () => {
		const { db, reopen } = testDatabase('hist-overrides');
		const ws = await opened(indexedDbStore(db));
		const h = ws.history!;
		const c = 7;
		const rows = Array.from(h.layout.customerRows.subarray(h.layout.customerStart[c], h.layout.customerStart[c + 1]));
		const id = String(cell(h.table.columns.account_id, rows[0]));
		const plain = rows.map((r) => h.scores.score[r]);
		await expect(ws.saveOverride({ customerId: id, metricId: 'nps', subScore: 0, comment: '', expires: '2027-01-01' })).rejects.toThrow(/comment/);
		const o = await ws.saveOverride({ customerId: id, metricId: 'nps', subScore: 0, comment: 'Angry escalation', expires: '2027-01-01' });
		expect(o.from).toBe(h.layout.snapshots[11]);
		flushSync();
		await ws.settled();
		const after = rows.map((r) => ws.history!.scores.score[r]);
		expect(after.slice(0, 11)).toEqual(plain.slice(0, 11));
		const [explained] = await ws.explain([rows[11]]);
		const weights = demoScorecard().metrics.map((m) => m.weight);
		let weighted = 0, total = 0;
		explained.metrics.forEach((m, k) => {
			if (m.subScore !== m.subScore) return;
			weighted += weights[k] * m.subScore;
			total += weights[k];
		});
		expect(explained.metrics.find((m) => m.id === 'nps')!.subScore).toBe(0);
		expect(after[11]).toBeCloseTo(weighted / total, 12);
		expect(ws.scoring.result!.score[Array.from(ws.history!.layout.viewRows).indexOf(rows[11])]).toBe(after[11]);
		ws.dispose();
		const again = await opened(indexedDbStore(reopen()));
		expect(again.overrides).toHaveLength(1);
		expect(rows.map((r) => again.history!.scores.score[r])).toEqual(after);
		await again.removeOverride(o.id);
		flushSync();
		await again.settled();
		expect(rows.map((r) => again.history!.scores.score[r])).toEqual(plain);
		again.dispose();
	});
});


describe('versions across imports', () => {
	it('a saved version on a role column (ARR) still scores after a second import renames the column', async () => {
		const { db } = testDatabase('hist-renames');
		const ws = await opened(indexedDbStore(db));
		const jan = imported('jan.csv', '2026-01-10T10:00:00.000Z', { id: text('C1', 'C2', 'C3'), revenue: num(10, 20, 30), logins: num(1, 5, 9) }, { id: 'id', revenue: 'arr' });
		await ws.addImport(jan.dataset, jan.scorecard);
		ws.scorecard!.metrics.push({ id: 'arr', column: 'revenue', label: 'ARR', weight: 1, normalization: { kind: 'linear', worst: 0, best: 40 }, missing: { kind: 'skip' } });
		await ws.saveVersion('ARR counts', null);
		const card = $stateSnapshotOf(ws.scorecard!);
		const feb = imported('feb.csv', '2026-02-10T10:00:00.000Z', { customer: text('C1', 'C2'), as_of: text('2026-02-01', '2026-02-01'), revenue: num(11, 21), logins: num(2, 6) }, { customer: 'id', as_of: 'asOf', revenue: 'arr' });
		await ws.addImport(feb.dataset, null);
		flushSync();
		await ws.settled();
		const h = ws.history!;
		expect(h.layout.snapshots).toEqual(['2026-01-01', '2026-02-01']);
		expect(h.scores.problems).toEqual([]);
		const moved = { ...card, metrics: card.metrics.map((m) => (m.column === 'revenue' ? { ...m, column: 'arr' } : m)) };
		for (const date of h.layout.snapshots) expect(shown(ws, date)).toEqual(direct(h.table, date, moved));
		ws.dispose();
	});
});

function $stateSnapshotOf(card: Scorecard): Scorecard {
	return JSON.parse(JSON.stringify(card));
}
