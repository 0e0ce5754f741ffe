import { describe, expect, it } from 'vitest';
import { CHURNED, LEAVING, STAYING } from '../../src/lib/core/churned';
import { churnModelProblem, churnProbabilities, describeRanking, modelDataNote, readChurnModel, sortDescending, worklistCsv, worklistOf, type WorklistInput } from '../../src/lib/core/worklist';

// Five customers: ARR, churn probability, score, band, segment, owner.
const arr = [10_000, 50_000, 20_000, NaN, 5_000];
const probability = [0.5, 0.1, 0.3, 0.9, 0.8];
const score = [30, 65, 35, 20, NaN];
const band = [0, 1, 0, 0, -1];
const segment = ['SMB', 'Enterprise', 'SMB', 'SMB', 'Enterprise'];
const owner = ['Ann', 'Bo', 'Bo', 'Ann', 'Ann'];
const base: WorklistInput = { score, band, arr, probability, segment: (i) => segment[i], owner: (i) => owner[i] };
const all = { band: null, segment: null, owner: null };

describe('worklist', () => {
	it('ranks by ARR × churn probability, highest first, unknown last', () => {
		// Revenue at risk: 5,000, 5,000, 6,000, NaN, 4,000 → 2, 0, 1 (tie with 0 keeps order), 4, 3.
		const w = worklistOf(base, all);
		expect(w.rankedBy).toBe('revenue');
		expect([...w.rows]).toEqual([2, 0, 1, 4, 3]);
		expect([...w.revenueAtRisk!].slice(0, 3)).toEqual([5000, 5000, 6000]);
	});
	it('ranks by score, lowest first, without a model; by probability without ARR', () => {
		const byScore = worklistOf({ ...base, probability: null }, all);
		expect(byScore.rankedBy).toBe('score');
		expect(byScore.revenueAtRisk).toBeNull();
		expect([...byScore.rows]).toEqual([3, 0, 2, 1, 4]);
		const byProbability = worklistOf({ ...base, arr: null }, all);
		expect(byProbability.rankedBy).toBe('probability');
		expect([...byProbability.rows]).toEqual([3, 4, 0, 2, 1]);
	});
	it('filters by band, segment and owner together', () => {
		expect([...worklistOf(base, { band: 0, segment: null, owner: null }).rows]).toEqual([2, 0, 3]);
		expect([...worklistOf(base, { band: 0, segment: 'SMB', owner: 'Ann' }).rows]).toEqual([0, 3]);
		expect([...worklistOf(base, { band: -1, segment: null, owner: null }).rows]).toEqual([4]);
		expect([...worklistOf(base, { band: null, segment: 'Enterprise', owner: 'Bo' }).rows]).toEqual([1]);
	});
	it('rejects inputs of different lengths with the counts', () => {
		expect(() => worklistOf({ ...base, arr: [1] }, all)).toThrow('ARR has 1 values for 5 customers');
	});
	it('says which ranking is used', () => {
		expect(describeRanking('revenue', 'Run 3')).toBe('Ranked by revenue at risk: ARR × churn probability from the churn model “Run 3”.');
		expect(describeRanking('score')).toMatch(/^Ranked by health score, lowest first: there is no trained churn model yet/);
		// Without ARR a model ranks by probability alone (rankedByOf), so that is what training is said to bring.
		expect(describeRanking('score', undefined, false)).toBe('Ranked by health score, lowest first: there is no trained churn model yet (train one on the Learn page to rank by churn probability).');
		expect(describeRanking('score')).toMatch(/to rank by revenue at risk\)\.$/);
	});
});

describe('churn model', () => {
	const model = { kind: 'churn-logistic-subscores', metricIds: ['usage', 'nps'], intercept: 1, coef: [-0.02, -0.01], fill: [50, 40] };
	it('reads a stored model and refuses anything else', () => {
		expect(readChurnModel({ model })).toEqual(model);
		expect(readChurnModel({})).toBeNull();
		expect(readChurnModel(null)).toBeNull();
		expect(readChurnModel({ model: { ...model, coef: [1] } })).toBeNull();
		expect(readChurnModel({ model: { ...model, intercept: 'x' } })).toBeNull();
		expect(readChurnModel({ model: { ...model, kind: 'other' } })).toBeNull();
	});
	it('names what is wrong with a model that is not one', () => {
		expect(churnModelProblem(model)).toBeNull();
		expect(churnModelProblem([1])).toBe('it is not an object: [1]');
		expect(churnModelProblem({ ...model, kind: 'other' })).toBe('its kind is "other", not "churn-logistic-subscores"');
		expect(churnModelProblem({ ...model, metricIds: ['usage', 3] })).toBe('its metricIds are not a list of metric ids');
		expect(churnModelProblem({ ...model, coef: [1] })).toBe('its coef has 1 values for 2 metrics');
		expect(churnModelProblem({ ...model, fill: undefined })).toBe('its fill has no values for 2 metrics');
		expect(churnModelProblem({ ...model, fill: [50, null] })).toBe('its fill for nps is not a finite number: null');
		expect(churnModelProblem({ ...model, intercept: 'x' })).toBe('its intercept is not a finite number: "x"');
	});
	it('gives P(churn) = 1 / (1 + e^−logit), a skipped sub-score taking the fill', () => {
		// Customer 0: 1 − 0.02 × 50 − 0.01 × 100 = −1 → 0.268941…; customer 1: usage skipped → 50; 1 − 1 − 0.4 = −0.4.
		const p = churnProbabilities(readChurnModel({ model })!, (id) => (id === 'usage' ? [50, NaN] : [100, 40]), 2) as Float64Array;
		expect(p[0]).toBeCloseTo(0.2689414213699951, 15);
		expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(0.4)), 15);
	});
	it('names a metric of the model the scorecard no longer has', () => {
		expect(churnProbabilities(readChurnModel({ model })!, (id) => (id === 'usage' ? [1] : null), 1)).toBe('nps');
	});
});

describe('worklist CSV', () => {
	it('writes the ranked rows in the page’s column order, the change with an ASCII minus, and neutralises a formula in a name', async () => {
		const names = ['=HYPERLINK("http://x","y")', 'Bo & Co', 'Plain', 'Q', '+1 Corp'];
		// Customer 2 fell 2.5 points since the previous snapshot, 0 rose 4 since an older one, 3 has nothing to compare.
		const change = [4, 0, -2.5, NaN, NaN];
		const since = ['2026-09-01', '2026-11-01', '2026-11-01', '', '2026-11-01'];
		const list = worklistOf(base, { band: 0, segment: null, owner: null });
		const text = {
			id: (i: number) => `C${i}`, name: (i: number) => names[i], segment: (i: number) => segment[i], owner: (i: number) => owner[i],
			band: (i: number) => (band[i] === 0 ? 'At risk' : ''), action: (i: number) => (band[i] === 0 ? 'Reach out this week' : ''),
			change: (i: number) => change[i], since: (i: number) => since[i]
		};
		const lines = worklistCsv(list, base, text).split('\r\n');
		expect(lines[0]).toBe('rank,customer_id,name,score,band,recommended_action,change,change_since,segment,owner,arr,churn_probability,revenue_at_risk');
		// Rows 2, 0, 3 (revenue 6,000, 5,000, unknown).
		expect(lines[1]).toBe('1,C2,Plain,35,At risk,Reach out this week,-2.5,2026-11-01,SMB,Bo,20000,0.3,6000');
		expect(lines[2]).toBe(`2,C0,"'=HYPERLINK(""http://x"",""y"")",30,At risk,Reach out this week,4,2026-09-01,SMB,Ann,10000,0.5,5000`);
		expect(lines[3]).toBe('3,C3,Q,20,At risk,Reach out this week,,,SMB,Ann,,0.9,');
		expect(lines).toHaveLength(5);
	});
	it('leaves the change’s date empty where there is no change, and writes a formula-like segment as text', () => {
		const list = worklistOf({ ...base, probability: null, arr: null, segment: () => '-1+1' }, all);
		const text = {
			id: (i: number) => `C${i}`, name: () => 'N', segment: () => '-1+1', owner: () => '@me', band: () => '', action: () => '',
			change: () => NaN, since: () => '2026-11-01'
		};
		const lines = worklistCsv(list, { ...base, probability: null, arr: null }, text).split('\r\n');
		// Ranked by score, lowest first, no score last: 3 (20), 0, 2, 1, then 4. No ARR and no model: no ARR, churn
		// probability or revenue at risk column, as on the page.
		expect(lines[0]).toBe('rank,customer_id,name,score,band,recommended_action,change,change_since,segment,owner');
		expect(lines[1]).toBe("1,C3,N,20,,,,,'-1+1,'@me");
		expect(lines[5]).toBe("5,C4,N,,,,,,'-1+1,'@me");
	});
	it('leaves out the columns the page does not show: no name, segment or owner in the data, one snapshot', () => {
		const list = worklistOf(base, { band: 0, segment: null, owner: null });
		const text = {
			id: (i: number) => `C${i}`, name: () => '', segment: () => '', owner: () => '', band: () => 'At risk', action: () => 'Call',
			change: () => NaN, since: () => ''
		};
		const lines = worklistCsv(list, base, text, { name: false, change: false, segment: false, owner: false }).split('\r\n');
		expect(lines[0]).toBe('rank,customer_id,score,band,recommended_action,arr,churn_probability,revenue_at_risk');
		expect(lines[1]).toBe('1,C2,35,At risk,Call,20000,0.3,6000');
		// A model but no ARR: the churn probability stays, the revenue at risk goes (the page shows it only with ARR).
		const noArr = { ...base, arr: null };
		expect(worklistCsv(worklistOf(noArr, all), noArr, text, { name: false, change: false, segment: false, owner: false }).split('\r\n')[0]).toBe(
			'rank,customer_id,score,band,recommended_action,churn_probability'
		);
	});
});

describe('worklist: customers who already churned', () => {
	// Customers 0 and 3 (At risk) churned, 2 (At risk) is leaving, 1 (Needs attention) churned; 4 stays.
	const churn = Uint8Array.of(CHURNED, CHURNED, LEAVING, CHURNED, STAYING);
	const input: WorklistInput = { ...base, probability: null, churn };
	it('leaves them out by default and counts them under the band, segment and owner chosen', () => {
		const atRisk = worklistOf(input, { band: 0, segment: null, owner: null });
		// At risk by score: 3 (20), 0 (30), 2 (35); 3 and 0 churned, 2 is leaving, so listed.
		expect([...atRisk.rows]).toEqual([2]);
		expect(atRisk.churned).toBe(2);
		expect(worklistOf(input, { band: 0, segment: null, owner: 'Bo' }).churned).toBe(0);
		expect(worklistOf(input, all).churned).toBe(3);
	});
	it('lists them again when asked, in rank order, with the same count', () => {
		const w = worklistOf(input, { band: 0, segment: null, owner: null, churned: true });
		expect([...w.rows]).toEqual([3, 0, 2]);
		expect(w.churned).toBe(2);
	});
	it('hides no one when the data records no churn', () => {
		const w = worklistOf({ ...input, churn: null }, { band: 0, segment: null, owner: null });
		expect([...w.rows]).toEqual([3, 0, 2]);
		expect(w.churned).toBe(0);
		expect(() => worklistOf({ ...input, churn: [1] }, all)).toThrow('churn has 1 values for 5 customers');
	});
	const text = {
		id: (i: number) => `C${i}`, name: () => '=1+1', segment: () => 'S', owner: () => 'O', band: () => 'At risk', action: () => 'Call',
		change: () => NaN, since: () => '', churn: (i: number) => churn[i], churnDate: (i: number) => (i === 2 ? '2026-12-20' : i === 0 ? '2026-10-02' : '')
	};
	it('exports an outcome and churn date column when a listed customer is marked, the name still neutralised', () => {
		const shown = worklistOf(input, { band: 0, segment: null, owner: null, churned: true });
		const lines = worklistCsv(shown, input, text).split('\r\n');
		// No model: no churn probability or revenue at risk column.
		expect(lines[0]).toBe('rank,customer_id,name,score,band,recommended_action,change,change_since,segment,owner,arr,outcome,churn_date');
		expect(lines.slice(1, 4)).toEqual([
			"1,C3,'=1+1,20,At risk,Call,,,S,O,,Churned,",
			"2,C0,'=1+1,30,At risk,Call,,,S,O,10000,Churned,2026-10-02",
			"3,C2,'=1+1,35,At risk,Call,,,S,O,20000,Leaving,2026-12-20"
		]);
		expect(lines).toHaveLength(5);
	});
	it('exports no outcome columns when no listed customer is marked', () => {
		const stays = worklistOf(input, { band: -1, segment: null, owner: null });
		const lines = worklistCsv(stays, input, text).split('\r\n');
		expect(lines[0]).toBe('rank,customer_id,name,score,band,recommended_action,change,change_since,segment,owner,arr');
		expect(lines[1]).toBe("1,C4,'=1+1,,At risk,Call,,,S,O,5000");
	});
});

describe('sortDescending', () => {
	it('orders by key, largest first, ties and −Infinity in row order, as a comparator sort does', () => {
		const key = Float64Array.from({ length: 1000 }, (_, i) => (i % 7 === 0 ? -Infinity : Math.round(Math.sin(i) * 50)));
		const rows = Uint32Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 3 !== 1);
		const expected = Array.from(rows).sort((a, b) => (key[b] > key[a] ? 1 : key[b] < key[a] ? -1 : a - b));
		expect(Array.from(sortDescending(rows, key))).toEqual(expected);
		expect(Array.from(sortDescending(new Uint32Array(0), key))).toEqual([]);
		expect(Array.from(sortDescending(Uint32Array.of(5), key))).toEqual([5]);
	});
});

describe('modelDataNote', () => {
	const aug = { id: 'file-1', name: 'telco_2026-08.csv', rowCount: 7043 };
	const sep = { id: 'file-2', name: 'telco_2026-09.csv', rowCount: 6463 };
	const oct = { id: 'file-3', name: 'telco_2026-10.csv', rowCount: 5925 };
	it('says nothing when the imports are those the model was trained on, in any order, or the run did not record them', () => {
		expect(modelDataNote([aug, sep], [sep, aug])).toBeNull();
		expect(modelDataNote(undefined, [aug])).toBeNull();
	});
	it('names a month deleted, and months imported, since the training', () => {
		expect(modelDataNote([aug, sep, oct], [aug, sep])).toBe('That model was trained before telco_2026-10.csv was deleted or replaced: train again on the Learn page to rank by the data as it is now.');
		expect(modelDataNote([aug], [aug, sep, oct])).toBe('That model was trained before telco_2026-09.csv and telco_2026-10.csv were imported: train again on the Learn page to rank by the data as it is now.');
		// The same id with other rows (a stored import cannot change, but a run's record is only data): a change too.
		expect(modelDataNote([aug, sep], [aug, { ...sep, rowCount: 10 }])).toBe('That model was trained before telco_2026-09.csv was deleted or replaced and telco_2026-09.csv was imported: train again on the Learn page to rank by the data as it is now.');
	});
});
