/** The worklist state with runes running: the ranking it says it uses, the model read from storage, the CSV. */
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { ScoredHistory } from '../../src/lib/core/history-views';
import { scoreTable } from '../../src/lib/core/score';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import { encodeCategories, type Table } from '../../src/lib/core/table';
import type { ChurnModel } from '../../src/lib/core/worklist';
import { NO_SCORE_BAND, WorklistState, type StoredModel } from '../../src/lib/state/worklist.svelte';
import { Box } from '../helpers/box.svelte';

const scorecard: Scorecard = { id: 'card', name: 'Card', bands: defaultBands(), metrics: [{ id: 'usage', column: 'usage', label: 'Usage', weight: 1, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } }] };

/** Four customers over two snapshots; the latest snapshot is rows 4–7. Usage (= score): Jan 50 60 20 35, Feb 30 65 10 38. */
function setup() {
	const jan = [50, 60, 20, 35], feb = [30, 65, 10, 38];
	const ids = ['A', 'B', 'C', 'D'];
	const table: Table = { rowCount: 8, columns: { id: encodeCategories([...ids, ...ids]), usage: { kind: 'number', values: Float64Array.from([...jan, ...feb]) } } };
	const latest: Table = {
		rowCount: 4,
		columns: { id: encodeCategories(ids), name: encodeCategories(['Alpha', '=cmd()', 'Gamma', 'Delta']), owner: encodeCategories(['Ann', 'Bo', 'Ann', 'Bo']), arr: { kind: 'number', values: Float64Array.of(1000, 9000, 500, 4000) }, usage: { kind: 'number', values: Float64Array.from(feb) } }
	};
	const result = scoreTable(latest, scorecard);
	const score = Float64Array.from([...jan, ...feb]);
	const history: ScoredHistory = {
		table,
		layout: {
			snapshots: ['2026-01-01', '2026-02-01'], snapshotOf: [0, 0, 0, 0, 1, 1, 1, 1], customerOf: [0, 1, 2, 3, 0, 1, 2, 3],
			customerStart: [0, 2, 4, 6, 8], customerRows: [0, 4, 1, 5, 2, 6, 3, 7], latest: [4, 5, 6, 7], viewRows: [4, 5, 6, 7]
		},
		scores: { score, band: Int8Array.from(score, (s) => (s >= 70 ? 2 : s >= 40 ? 1 : 0)), scorerOf: new Uint16Array(8), scorers: [{ version: 0, versionId: 'v1', scorecardId: 'card', scorecardName: 'Card', segment: null }] },
		versions: [{ id: 'v1', number: 1, note: '', set: { default: scorecard, segments: [] } }]
	};
	return { history, latest, result };
}

describe('WorklistState', () => {
	it('ranks At risk customers by score without a model, then by revenue at risk with one', async () => {
		const { history, latest, result } = setup();
		const model = new Box<StoredModel | null>(null);
		const state = new WorklistState({
			source: () => ({ history, table: latest, roles: { id: 'id', name: 'name', owner: 'owner', arr: 'arr' }, result, scorecard }),
			latestModel: async () => model.value
		});
		// At risk (< 40): A 30, C 10, D 38 → by score C, A, D.
		expect(state.list?.rankedBy).toBe('score');
		expect(state.has).toEqual({ segment: false, owner: true, arr: true });
		expect([...state.list!.rows]).toEqual([2, 0, 3]);
		expect(state.row(0).change).toBe(-20);
		expect(state.row(0).band?.label).toBe('At risk');

		// P(churn) = 1 / (1 + e^−(0 − 0.1 × usage)): A 0.0474…, C 0.2689…, D 0.0219…; × ARR 1000, 500, 4000 → 47.4, 134.5, 87.5.
		const churn: ChurnModel = { kind: 'churn-logistic-subscores', metricIds: ['usage'], intercept: 0, coef: [-0.1], fill: [0] };
		model.value = { model: churn, runId: 'r', createdAt: '2026-02-02T00:00:00.000Z' };
		await state.refreshModel();
		flushSync();
		expect(state.list?.rankedBy).toBe('revenue');
		expect([...state.list!.rows]).toEqual([2, 3, 0]);
		expect(state.row(2).revenueAtRisk).toBeCloseTo(500 / (1 + Math.exp(1)), 12);

		state.filter.owner = 'Bo';
		state.filter.band = null;
		flushSync();
		// Bo's customers, every band: B 9000 × σ(−6.5) = 13.4, D 87.5 → D, B.
		expect([...state.list!.rows]).toEqual([3, 1]);
		const csv = state.csv().split('\r\n');
		// The page's columns: rank, customer, score, band and action, change (38 − 35, 65 − 60) since January, owner, ARR,
		// churn probability and revenue at risk; no segment column (the data has none, so the page shows none).
		expect(csv[0]).toBe('rank,customer_id,name,score,band,recommended_action,change,change_since,owner,arr,churn_probability,revenue_at_risk');
		const [d, b] = [csv[1].split(','), csv[2].split(',')];
		expect(d.slice(0, 5)).toEqual(['1', 'D', 'Delta', '38', 'At risk']);
		expect(d.slice(6, 10)).toEqual(['3', '2026-01-01', 'Bo', '4000']);
		expect(b.slice(0, 5)).toEqual(['2', 'B', "'=cmd()", '65', 'Needs attention']);
		expect(b.slice(6, 10)).toEqual(['5', '2026-01-01', 'Bo', '9000']);
		expect(Number(d[10])).toBeCloseTo(1 / (1 + Math.exp(3.8)), 12);
		expect(Number(d[11])).toBeCloseTo(4000 / (1 + Math.exp(3.8)), 9);
	});

	it('measures each change from the customer’s own previous snapshot, and names it when it is not the portfolio’s', () => {
		// Three snapshots; A is in each, D skips February. Usage (= score): A 50, 45, 30; D 20, –, 25.
		const table: Table = { rowCount: 5, columns: { id: encodeCategories(['A', 'D', 'A', 'A', 'D']), usage: { kind: 'number', values: Float64Array.of(50, 20, 45, 30, 25) } } };
		const latest: Table = { rowCount: 2, columns: { id: encodeCategories(['A', 'D']), usage: { kind: 'number', values: Float64Array.of(30, 25) } } };
		const score = Float64Array.of(50, 20, 45, 30, 25);
		const history: ScoredHistory = {
			table,
			layout: {
				snapshots: ['2026-01-01', '2026-02-01', '2026-03-01'], snapshotOf: [0, 0, 1, 2, 2], customerOf: [0, 1, 0, 0, 1],
				customerStart: [0, 3, 5], customerRows: [0, 2, 3, 1, 4], latest: [3, 4], viewRows: [3, 4]
			},
			scores: { score, band: Int8Array.from(score, (s) => (s >= 70 ? 2 : s >= 40 ? 1 : 0)), scorerOf: new Uint16Array(5), scorers: [{ version: 0, versionId: 'v1', scorecardId: 'card', scorecardName: 'Card', segment: null }] },
			versions: [{ id: 'v1', number: 1, note: '', set: { default: scorecard, segments: [] } }]
		};
		const state = new WorklistState({
			source: () => ({ history, table: latest, roles: { id: 'id' }, result: scoreTable(latest, scorecard), scorecard }),
			latestModel: async () => null
		});
		expect(state.previousSnapshot).toBe('2026-02-01');
		// A: 30 − 45 = −15 since February, the portfolio's previous snapshot; D: 25 − 20 = +5 since January, its own.
		expect([state.row(0).change, state.row(0).since]).toEqual([-15, '2026-02-01']);
		expect([state.row(1).change, state.row(1).since]).toEqual([5, '2026-01-01']);
		// The CSV says the same, ASCII minus (every band listed: A 30, D 25 → D first, by score); no name column in the data,
		// so the change and its date are the sixth and seventh columns.
		state.filter.band = null;
		flushSync();
		expect(state.csv().split('\r\n').slice(1, 3).map((l) => l.split(',').slice(1, 2).concat(l.split(',').slice(5, 7)))).toEqual([['D', '5', '2026-01-01'], ['A', '-15', '2026-02-01']]);
	});

	it('keeps the band chosen by its label when the scorecard\'s bands change; a band removed matches no one', () => {
		const { history, latest, result } = setup();
		const card = new Box<Scorecard>(scorecard);
		const state = new WorklistState({ source: () => ({ history, table: latest, roles: { id: 'id' }, result, scorecard: card.value }), latestModel: async () => null });
		// Feb scores A 30, B 65, C 10, D 38: At risk (< 40) C, A, D by score; Needs attention (40–70) B.
		expect([...state.list!.rows]).toEqual([2, 0, 3]);
		state.filter.band = 'Needs attention';
		flushSync();
		expect([...state.list!.rows]).toEqual([1]);
		state.filter.band = NO_SCORE_BAND;
		flushSync();
		expect([...state.list!.rows]).toEqual([]);
		state.filter.band = null;
		flushSync();
		expect([...state.list!.rows]).toEqual([2, 0, 3, 1]);

		// The Scorecard page adds a band below At risk: Needs attention is now the third (index 2; index 1, which it
		// was, is At risk), and stays chosen by its name, the scores' bands read as the new ones by label.
		state.filter.band = 'Needs attention';
		card.value = { ...scorecard, bands: [{ label: 'Critical', min: 0, color: '#000000', action: 'Call today' }, ...scorecard.bands.map((b) => ({ ...b, min: Math.max(b.min, 20) }))] };
		flushSync();
		expect([...state.list!.rows]).toEqual([1]);
		// Then removes it and At risk: a choice of At risk matches no one rather than another band.
		state.filter.band = 'At risk';
		card.value = { ...scorecard, bands: scorecard.bands.slice(1) };
		flushSync();
		expect([...state.list!.rows]).toEqual([]);
	});

	it('has no previous snapshot, and no change, with one snapshot', () => {
		const table: Table = { rowCount: 1, columns: { id: encodeCategories(['A']), usage: { kind: 'number', values: Float64Array.of(30) } } };
		const history: ScoredHistory = {
			table,
			layout: { snapshots: ['2026-03-01'], snapshotOf: [0], customerOf: [0], customerStart: [0, 1], customerRows: [0], latest: [0], viewRows: [0] },
			scores: { score: Float64Array.of(30), band: Int8Array.of(0), scorerOf: new Uint16Array(1), scorers: [{ version: 0, versionId: 'v1', scorecardId: 'card', scorecardName: 'Card', segment: null }] },
			versions: [{ id: 'v1', number: 1, note: '', set: { default: scorecard, segments: [] } }]
		};
		const state = new WorklistState({ source: () => ({ history, table, roles: { id: 'id' }, result: scoreTable(table, scorecard), scorecard }), latestModel: async () => null });
		expect(state.previousSnapshot).toBe(null);
		// No segment, owner or ARR column: the page shows none of them.
		expect(state.has).toEqual({ segment: false, owner: false, arr: false });
		expect(state.row(0).since).toBe(null);
		expect(state.row(0).change).toBeNaN();
		// One snapshot: no change to write, so, as on the page, no change column and no date; no name, segment, owner or
		// ARR column in the data and no model: none of theirs either.
		expect(state.csv().split('\r\n').slice(0, 2)).toEqual(['rank,customer_id,score,band,recommended_action', '1,A,30,At risk,Reach out this week']);
	});

	it('says why a model that needs a metric the scorecard lacks is not used', async () => {
		const { history, latest, result } = setup();
		const state = new WorklistState({
			source: () => ({ history, table: latest, roles: { id: 'id' }, result, scorecard }),
			latestModel: async () => ({ model: { kind: 'churn-logistic-subscores', metricIds: ['nps'], intercept: 0, coef: [1], fill: [0] }, runId: 'r', createdAt: '' })
		});
		await state.refreshModel();
		flushSync();
		expect(state.list?.rankedBy).toBe('score');
		expect(state.modelProblem).toBe('The churn model uses the metric “nps”, which the scorecard no longer has, so the list is ranked by score.');
	});
	it('leaves out the customers who already churned, counts them per band, and lists them marked when asked', () => {
		const { history, latest, result } = setup();
		// Latest snapshot 2026-02-01. A (30, At risk) churned, no date; C (10, At risk) churned on 2026-01-20; D (38, At risk)
		// leaves on 2026-03-15, after the snapshot; B (65, Needs attention) says No beside a past date: staying.
		const table: Table = {
			...latest,
			columns: {
				...latest.columns,
				churned: encodeCategories(['Yes', 'No', 'Yes', null]),
				churn_date: { kind: 'text', values: [null, '2026-01-10', '2026-01-20', '2026-03-15'] }
			}
		};
		const filter = { band: null, segment: null, owner: null, churned: false };
		const roles = { id: 'id', name: 'name', owner: 'owner', arr: 'arr', outcome: 'churned', churnDate: 'churn_date' };
		const state = new WorklistState({ source: () => ({ history, table, roles, result, scorecard }), latestModel: async () => null });
		expect(state.filter).toEqual({ band: undefined, segment: null, owner: null, churned: false });
		expect(state.hasChurned).toBe(true);
		// At risk C 10, A 30, D 38: only D, the one leaving, is listed.
		expect([...state.list!.rows]).toEqual([3]);
		expect(state.list!.churned).toBe(2);
		expect(state.row(3).mark).toBe('Leaving on 2026-03-15');
		expect(state.churnedPerBand).toEqual([2, 0, 0]);

		state.filter.churned = true;
		flushSync();
		expect([...state.list!.rows]).toEqual([2, 0, 3]);
		expect([2, 0, 3].map((i) => state.row(i).mark)).toEqual(['Churned on 2026-01-20', 'Churned', 'Leaving on 2026-03-15']);
		const csv = state.csv().split('\r\n');
		// No model: no churn probability or revenue at risk, as on the page; the outcome columns follow ARR.
		expect(csv[0]).toBe('rank,customer_id,name,score,band,recommended_action,change,change_since,owner,arr,outcome,churn_date');
		expect(csv.slice(1, 4).map((line) => line.split(',').slice(-2).join(','))).toEqual(['Churned,2026-01-20', 'Churned,', 'Leaving,2026-03-15']);

		// Every band, churned hidden again: B (staying) and D.
		Object.assign(state.filter, { ...filter, churned: false });
		flushSync();
		expect([...state.list!.rows]).toEqual([3, 1]);
		expect(state.list!.churned).toBe(2);
	});

	it('hides and says nothing when the data records no churn', () => {
		const { history, latest, result } = setup();
		const state = new WorklistState({ source: () => ({ history, table: latest, roles: { id: 'id', name: 'name' }, result, scorecard }), latestModel: async () => null });
		expect(state.hasChurned).toBe(false);
		expect(state.churnedPerBand).toBeNull();
		expect([...state.list!.rows]).toEqual([2, 0, 3]);
		expect(state.list!.churned).toBe(0);
		expect(state.row(2).mark).toBe('');
		expect(state.csv().split('\r\n')[0]).toBe('rank,customer_id,name,score,band,recommended_action,change,change_since');
	});
});
