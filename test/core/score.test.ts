import { describe, expect, it } from 'vitest';
import { bandIndex, contributionsOf, scoreTable, weightShares } from '../../src/lib/core/score';
import { defaultBands, type Metric, type MissingPolicy, type Scorecard } from '../../src/lib/core/scorecard';
import { formatScore } from '../../src/lib/format';
import { tableOf } from '../helpers/tables';

const asIs = (id: string, weight: number, missing: MissingPolicy = { kind: 'skip' }): Metric => ({
	id, column: id, label: id, weight, normalization: { kind: 'asIs' }, missing
});
const card = (metrics: Metric[]): Scorecard => ({ id: 't', name: 't', metrics, bands: defaultBands() });

/** The doubles next to x (x > 0), by its bits. */
const bits = new Float64Array(1), word = new BigInt64Array(bits.buffer);
const nextTo = (x: number, by: bigint) => ((bits[0] = x), (word[0] += by), bits[0]);
const nextDown = (x: number) => nextTo(x, -1n);
const nextUp = (x: number) => nextTo(x, 1n);

describe('the seed example', () => {
	// Product usage 30 % scored 80, Support tickets 20 % → 70, Payment history 25 % → 90,
	// Engagement 15 % → 60, NPS 10 % → 75 ⇒ 77 = 24 + 14 + 22.5 + 9 + 7.5.
	const table = tableOf({ usage: [80], tickets: [70], payment: [90], engagement: [60], nps: [75] });
	const sc = card([asIs('usage', 30), asIs('tickets', 20), asIs('payment', 25), asIs('engagement', 15), asIs('nps', 10)]);
	const result = scoreTable(table, sc);

	it('scores 77', () => expect(result.score[0]).toBeCloseTo(77, 12));
	it('has contributions 24 + 14 + 22.5 + 9 + 7.5', () => {
		const c = contributionsOf(result, 0);
		[24, 14, 22.5, 9, 7.5].forEach((e, k) => expect(c[k]).toBeCloseTo(e, 12));
	});
	it('is Healthy with its action', () => {
		expect(sc.bands[result.band[0]].label).toBe('Healthy');
		expect(sc.bands[result.band[0]].action).toBe('Upsell candidate');
	});
	it('gives the same score with weights as fractions, since weights are relative', () => {
		const scaled = card(sc.metrics.map((m) => ({ ...m, weight: m.weight / 100 })));
		expect(scoreTable(table, scaled).score[0]).toBeCloseTo(77, 12);
		expect(weightShares(scaled)).toEqual(weightShares(sc));
		weightShares(sc).forEach((w, k) => expect(w).toBeCloseTo([30, 20, 25, 15, 10][k], 12));
	});
});

describe('missing-value policies', () => {
	// Row 0 has both values; row 1 lacks b; row 2 lacks both; row 3 has b only.
	const table = tableOf({ a: [80, 60, null, null], b: [40, null, null, 20] });
	const score = (missing: MissingPolicy) => scoreTable(table, card([asIs('a', 3), asIs('b', 1, missing)]));

	it('skip re-shares the weight among the present metrics', () => {
		const r = score({ kind: 'skip' });
		expect(r.score[0]).toBeCloseTo((3 * 80 + 40) / 4, 12);
		expect(r.score[1]).toBeCloseTo(60, 12);
		expect(r.score[3]).toBeCloseTo(20, 12);
		expect(r.missingCounts[1]).toBe(2);
	});
	it('a customer with nothing to score has no score, not 0', () => {
		const r = score({ kind: 'skip' });
		expect(r.score[2]).toBeNaN();
		expect(r.band[2]).toBe(-1);
		expect(contributionsOf(r, 2)).toEqual([0, 0]);
	});
	it('zero scores the missing value 0', () => {
		const r = score({ kind: 'zero' });
		expect(r.score[1]).toBeCloseTo((3 * 60 + 0) / 4, 12);
		expect(r.score[2]).toBeCloseTo(0, 12); // b counts as 0, a is skipped
	});
	it('fixed scores the missing value with the given sub-score', () => {
		const r = score({ kind: 'fixed', value: 50 });
		expect(r.score[1]).toBeCloseTo((3 * 60 + 50) / 4, 12);
	});
	it('median uses the median sub-score of the customers that have a value', () => {
		const r = score({ kind: 'median' });
		expect(r.subScores(1)[1]).toBeCloseTo(30, 12); // median of 40 and 20
		expect(r.score[1]).toBeCloseTo((3 * 60 + 30) / 4, 12);
	});
	it('median of a metric nobody has leaves it skipped', () => {
		const t = tableOf({ a: [10, 20], b: [null, null] });
		const r = scoreTable(t, card([asIs('a', 1), asIs('b', 1, { kind: 'median' })]));
		expect(Array.from(r.score)).toEqual([10, 20]);
	});
});

describe('contributions', () => {
	it('add up to the score for every customer, with missing values and mixed normalizations', () => {
		const table = tableOf({
			a: [1, 5, null, 9, 3], b: [10, null, 30, 40, 50], c: ['x', 'y', 'x', null, 'z']
		});
		const sc = card([
			{ id: 'a', column: 'a', label: 'A', weight: 2, normalization: { kind: 'linear', worst: 0, best: 10 }, missing: { kind: 'skip' } },
			{ id: 'b', column: 'b', label: 'B', weight: 1.5, normalization: { kind: 'percentile', higherIsBetter: false }, missing: { kind: 'zero' } },
			{ id: 'c', column: 'c', label: 'C', weight: 0.5, normalization: { kind: 'category', points: { x: 0, y: 100 }, otherPoints: 40 }, missing: { kind: 'median' } }
		]);
		const r = scoreTable(table, sc);
		for (let i = 0; i < r.rowCount; i++) {
			const sum = contributionsOf(r, i).reduce((t, c) => t + c, 0);
			expect(sum).toBeCloseTo(r.score[i], 12);
		}
		// Row 0 by hand: a → 10, b (rank 0 of 4, reversed) → 100, c "x" → 0.
		expect(r.score[0]).toBeCloseTo((2 * 10 + 1.5 * 100 + 0.5 * 0) / 4, 12);
	});
	it('a zero-weight metric contributes nothing and does not change the score', () => {
		const t = tableOf({ a: [50], b: [100] });
		const r = scoreTable(t, card([asIs('a', 1), asIs('b', 0)]));
		expect(r.score[0]).toBe(50);
		expect(contributionsOf(r, 0)).toEqual([50, 0]);
	});
});

describe('bands', () => {
	const bands = defaultBands();
	it('place scores at the cut-offs 0–39 / 40–69 / 70–100', () => {
		expect([0, 39.94, 40, 69.94, 70, 100].map((s) => bands[bandIndex(bands, s)].label)).toEqual([
			'At risk', 'At risk', 'Needs attention', 'Needs attention', 'Healthy', 'Healthy'
		]);
	});
	it('band a score as it is shown, to one decimal: 69.95 and 69.96 show as 70.0 and are Healthy', () => {
		// By hand: 69.94 → 69.9 (Needs attention); 69.95 → 70.0, half-way goes up; 69.96 → 70.0; 39.95 → 40.0.
		const cases = [69.94, 69.95, 69.96, 70, 39.94, 39.95, 39.96, 0, 100];
		expect(cases.map((s) => formatScore(s))).toEqual(['69.9', '70.0', '70.0', '70.0', '39.9', '40.0', '40.0', '0.0', '100.0']);
		expect(cases.map((s) => bands[bandIndex(bands, s)].label)).toEqual([
			'Needs attention', 'Healthy', 'Healthy', 'Healthy', 'At risk', 'Needs attention', 'Needs attention', 'At risk', 'Healthy'
		]);
	});
	it('and scoreTable bands every row as bandIndex does', () => {
		const values = [69.94, 69.95, 69.96, 70, 39.94, 39.95, 39.96, 0, 100, NaN];
		const r = scoreTable(tableOf({ x: values }), card([asIs('x', 1)]));
		expect(Array.from(r.score)).toEqual(values);
		expect(Array.from(r.band)).toEqual([1, 2, 2, 2, 0, 1, 1, 0, 2, -1]);
		expect(Array.from(r.band)).toEqual(values.map((s) => bandIndex(bands, s)));
	});
	it('never disagree with the shown text, on every hundredth and the doubles beside every half-way case', () => {
		// A band with a start on every tenth: the shown text, read back, must reach the band's start and not the next.
		const tenths = Array.from({ length: 1000 }, (_, k) => ({ label: String(k), min: k / 10, color: '#000', action: '' }));
		const scores: number[] = [];
		for (let k = 0; k <= 10000; k++) scores.push(k / 100);
		for (let k = 0; k < 1000; k++) {
			const half = (k + 0.5) / 10;
			scores.push(half, nextDown(half), nextDown(nextDown(half)), nextUp(half));
		}
		let checked = 0;
		for (const s of scores) {
			const shown = Number(formatScore(s));
			const b = bandIndex(tenths, s);
			if (!(shown >= tenths[b].min && (b + 1 === tenths.length || shown < tenths[b + 1].min))) throw new Error(`${s} shows as ${formatScore(s)} but is in band ${tenths[b].label}`);
			checked++;
		}
		expect(checked).toBe(14001);
		// Intl alone would show the double just below 6.95 as 6.9 (its exact decimal), its tenths as 7.0: the text follows the band.
		expect(formatScore(6.949999999999999)).toBe('7.0');
		expect(tenths[bandIndex(tenths, 6.949999999999999)].min).toBe(7);
	});
	it('give no band to no score', () => expect(bandIndex(bands, NaN)).toBe(-1));
	it('carry the recommended actions', () => {
		expect(bands[0].action).toBe('Reach out this week');
		expect(bands[2].action).toBe('Upsell candidate');
	});
});

describe('edge cases', () => {
	it('scores an empty table to empty arrays', () => {
		const r = scoreTable({ rowCount: 0, columns: { a: { kind: 'number', values: new Float64Array(0) } } }, card([asIs('a', 1)]));
		expect(r.score.length).toBe(0);
	});
	it('treats Infinity as missing, not as a perfect value', () => {
		const t = tableOf({ a: [Infinity, -Infinity, 50], b: [10, 10, 10] });
		const r = scoreTable(t, card([asIs('a', 1), asIs('b', 1)]));
		expect(Array.from(r.score)).toEqual([10, 10, 30]);
		expect(r.missingCounts[0]).toBe(2);
	});
	it('refuses a scorecard whose weights are all zero, naming the problem', () => {
		const t = tableOf({ a: [1] });
		expect(() => scoreTable(t, card([asIs('a', 0)]))).toThrow(/All weights are 0/);
	});
});

describe('the block kernel', () => {
	it('gives the score the sub-scores imply, for every kind, across block edges and with missing values', () => {
		let seed = 3;
		const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
		const n = 10_000; // more than two 4,096-row blocks
		const num = () => Array.from({ length: n }, () => (rand() < 0.1 ? null : rand() * 120 - 10));
		const table = tableOf({ a: num(), b: num(), c: num(), d: num(), e: num(), f: Array.from({ length: n }, () => (rand() < 0.1 ? null : ['x', 'y', 'z'][Math.floor(rand() * 3)])) });
		const metric = (id: string, weight: number, normalization: Metric['normalization'], missing: MissingPolicy = { kind: 'skip' }): Metric =>
			({ id, column: id, label: id, weight, normalization, missing });
		const sc = card([
			metric('a', 3, { kind: 'linear', worst: 90, best: 10 }),
			metric('b', 2, { kind: 'asIs' }, { kind: 'zero' }),
			metric('c', 1.5, { kind: 'thresholds', ranges: [{ from: null, to: 30, points: 10 }, { from: 30, to: null, points: 90 }] }, { kind: 'median' }),
			metric('d', 1, { kind: 'target', zeroBelow: 0, lo: 40, hi: 60, zeroAbove: 100 }, { kind: 'fixed', value: 42 }),
			metric('e', 0.5, { kind: 'percentile', higherIsBetter: false }),
			metric('f', 1, { kind: 'category', points: { x: 0, y: 50, z: 100 }, otherPoints: null })
		]);
		const r = scoreTable(table, sc);
		for (let i = 0; i < n; i++) {
			let num = 0, den = 0;
			sc.metrics.forEach((m, k) => {
				const s = r.subScores(k)[i];
				if (s === s) { num += m.weight * s; den += m.weight; }
			});
			const expected = den > 0 ? num / den : NaN;
			if (Number.isNaN(expected)) expect(r.score[i]).toBeNaN();
			else expect(Math.abs(r.score[i] - expected)).toBeLessThan(1e-9);
		}
	});
});
