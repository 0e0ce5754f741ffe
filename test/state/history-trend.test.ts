/**
 * The trend the scorer aggregates (only the snapshots it scored again) against a full pass of portfolioTrend over
 * every row, after each kind of change: a weight change from the latest snapshot, for all history, a segment
 * scorecard with bands of its own, an override, a revert and imports. Runes running, fake-indexeddb.
 */
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { historyTrend } from '../../src/lib/core/history-views';
import { cell } from '../../src/lib/core/table';
import type { TrendPoint } from '../../src/lib/core/trend';
import { indexedDbStore } from '../../src/lib/state/store';
import { Workspace } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from '../db/helpers';
import { imported, num, text } from '../helpers/imported';

const demo = () => ({ dataset: generateDemo({ accounts: 300 }), scorecard: demoScorecard() });

async function opened(name: string) {
	const { db } = testDatabase(name);
	const ws = new Workspace({ store: indexedDbStore(db), demo, saveDelay: 0, today: () => '2026-11-22' });
	await ws.init();
	await ws.settled();
	return ws;
}

/** The trend as the Overview computed it before the scorer did: every row of the history in one pass. */
const fullTrend = (ws: Workspace): TrendPoint[] => historyTrend(ws.history!, ws.scorecard!.bands, ws.dataset!.meta.roles.arr);

/** Re-scores after an edit; checks the scorer's trend equals the full pass exactly; returns its points. */
async function checked(ws: Workspace): Promise<TrendPoint[]> {
	flushSync();
	await ws.settled();
	const trend = ws.history!.trend!;
	expect(trend.bands).toEqual(ws.scorecard!.bands.map((b) => b.label));
	const full = fullTrend(ws);
	expect(trend.points).toHaveLength(full.length);
	// Equal to the last bit (sums in the same order), NaN averages included.
	expect(trend.points).toStrictEqual(full);
	return trend.points;
}

/** How many snapshots' points are the very objects of the previous scoring (kept, not aggregated again). */
const kept = (before: TrendPoint[], after: TrendPoint[]) => after.filter((p, s) => p === before[s]).length;

describe('the scorer’s trend equals a full recomputation', () => {
	it('after a weight change from the latest snapshot (only it aggregated again), for all history, and a revert', async () => {
		const ws = await opened('trend-weights');
		const first = await checked(ws);
		expect(first).toHaveLength(12);
		expect(first.some((p) => p.scoredArr > 0)).toBe(true);

		ws.scorecard!.metrics[0].weight *= 4;
		const latest = await checked(ws);
		expect(kept(first, latest)).toBe(11);
		expect(latest[11]).not.toBe(first[11]);
		expect(latest[11].averageScore).not.toBe(first[11].averageScore);

		ws.draftFrom = null;
		const all = await checked(ws);
		expect(kept(latest, all)).toBe(1);

		const v2 = await ws.saveVersion('Usage counts four times, all history');
		const saved = await checked(ws);
		ws.scorecard!.metrics[1].weight = 0;
		await checked(ws);
		await ws.revertTo(ws.versions[0].id);
		const reverted = await checked(ws);
		expect(ws.versions.at(-1)!.note).toBe('Revert to version 1');
		// Version 1's scores again: from the latest snapshot on (the revert applies from there), over v2's history.
		expect(reverted[11]).toStrictEqual(first[11]);
		expect(reverted[0]).toStrictEqual(saved[0]);
		expect(v2.appliesFrom).toBeNull();
		ws.dispose();
	});

	it('after a segment scorecard with bands of its own, and an override', async () => {
		const ws = await opened('trend-segments');
		const first = await checked(ws);
		ws.draftFrom = null;
		ws.addSegmentScorecard('Enterprise');
		const ent = ws.editingScorecard!;
		ent.metrics[0].weight = 0;
		// Bands of its own: without the middle band, its "Healthy" (index 1) stacks as the default's index 2.
		ent.bands.splice(1, 1);
		const segmented = await checked(ws);
		expect(ws.hasErrors).toBe(false);
		expect(kept(first, segmented)).toBe(0);
		const h = ws.history!;
		expect(h.scores.scorers.some((s) => s.scorecardName === 'Enterprise scorecard')).toBe(true);

		const c = 5;
		const row = h.layout.latest[c];
		const id = String(cell(h.table.columns[ws.dataset!.meta.roles.id], row));
		const o = await ws.saveOverride({ customerId: id, metricId: 'nps', subScore: 0, comment: 'Escalation', expires: '2027-01-01' });
		await checked(ws);
		await ws.removeOverride(o.id);
		const removed = await checked(ws);
		expect(removed).toStrictEqual(segmented);
		ws.dispose();
	});

	it('after imports (a new table: nothing kept from the last one)', async () => {
		const ws = await opened('trend-imports');
		await checked(ws);
		const jan = imported('jan.csv', '2026-01-10T10:00:00.000Z', { id: text('C1', 'C2', 'C3', 'C4'), revenue: num(10, 20, 30, NaN), logins: num(1, 5, 9, 4) }, { id: 'id', revenue: 'arr' });
		await ws.addImport(jan.dataset, jan.scorecard);
		const one = await checked(ws);
		expect(one).toHaveLength(1);
		const feb = imported('feb.csv', '2026-02-10T10:00:00.000Z', { id: text('C1', 'C2', 'C5'), as_of: text('2026-02-01', '2026-02-01', '2026-02-01'), revenue: num(11, 21, 5), logins: num(2, NaN, 7) }, { id: 'id', as_of: 'asOf', revenue: 'arr' });
		await ws.addImport(feb.dataset, null);
		const two = await checked(ws);
		expect(two.map((p) => p.asOf)).toEqual(['2026-01-01', '2026-02-01']);
		expect(two.map((p) => p.customers)).toEqual([4, 3]);
		ws.scorecard!.metrics[0].weight += 2;
		await checked(ws);
		ws.dispose();
	});
});

