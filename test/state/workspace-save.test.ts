/** The debounced save stores the draft as it is when the delay ends: an edit undone, or an Apply refused, within the delay is not stored. */
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { indexedDbStore } from '../../src/lib/state/store';
import { Workspace } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from '../db/helpers';

const demo = () => ({ dataset: generateDemo(), scorecard: demoScorecard() });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('debounced save of the draft', () => {
	it('an edit undone before the save delay is not stored', async () => {
		const { db, reopen } = testDatabase('rv-debounce');
		const ws = new Workspace({ store: indexedDbStore(db), demo, saveDelay: 50 });
		await ws.init();
		await ws.settled();
		const metric = ws.scorecard!.metrics[0];
		const original = metric.weight;
		metric.weight = original * 5; // one input event
		await sleep(5); // the next event, within the save delay
		metric.weight = original; // undo
		await sleep(5);
		await sleep(150);
		expect(ws.scorecard!.metrics[0].weight).toBe(original);
		expect(ws.saveState).toBe('saved');
		const stored = (await reopen().scorecards.toArray())[0];
		// What a reload shows:
		expect(stored.metrics[0].weight).toBe(original);
		ws.dispose();
	});

	it('a Learn Apply refused because a segment scorecard has errors does not store the refused weights', async () => {
		const { db, reopen } = testDatabase('rv-apply-refused-seg');
		const ws = new Workspace({ store: indexedDbStore(db), demo, saveDelay: 50 });
		await ws.init();
		await ws.settled();
		ws.addSegmentScorecard('Enterprise');
		ws.segments[0].scorecard.metrics[0].weight = -1; // the draft has an error elsewhere
		flushSync();
		await ws.flush();
		const before = ws.scorecard!.metrics.map((m) => m.weight);
		const learned = JSON.parse(JSON.stringify(ws.scorecard));
		learned.metrics.forEach((m: { weight: number }, k: number) => (m.weight = k + 1));
		await expect(ws.applyScorecard(learned, 'Weights learned from churn outcomes (Learn)')).rejects.toThrow(/errors/);
		expect(ws.scorecard!.metrics.map((m) => m.weight)).toEqual(before); // the page says nothing changed
		await sleep(150);
		const stored = (await reopen().scorecards.toArray())[0];
		expect(stored.metrics.map((m) => m.weight)).toEqual(before); // what a reload shows
		ws.dispose();
	});

	it('applyScorecard refused (errors) does not leave the refused scorecard stored', async () => {
		const { db, reopen } = testDatabase('rv-apply-refused');
		const ws = new Workspace({ store: indexedDbStore(db), demo, saveDelay: 50 });
		await ws.init();
		await ws.settled();
		const before = JSON.parse(JSON.stringify(ws.scorecard));
		const bad = JSON.parse(JSON.stringify(ws.scorecard));
		bad.metrics[0].weight = -1; // an error: saveVersion refuses
		await expect(ws.applyScorecard(bad, 'learned')).rejects.toThrow(/errors/);
		expect(ws.scorecard!.metrics[0].weight).toBe(before.metrics[0].weight);
		await sleep(150);
		const stored = (await reopen().scorecards.toArray())[0];
		expect(stored.metrics[0].weight).toBe(before.metrics[0].weight);
		ws.dispose();
	});
});
