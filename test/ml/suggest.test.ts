import { describe, expect, it } from 'vitest';
import { scoreTable } from '../../src/lib/core/score';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import { blend, heldAtZero, outOfFoldScore, shares, suggestWeights, weightedScore, withAtRiskCutoff, withWeights } from '../../src/lib/ml/suggest';
import { groupedBarsLayout } from '../../src/lib/charts/grouped-bars';
import { tableOf } from '../helpers/tables';

const card: Scorecard = {
	id: 'c', name: 'Card', bands: defaultBands(),
	metrics: [
		{ id: 'a', column: 'a', label: 'A', weight: 30, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } },
		{ id: 'b', column: 'b', label: 'B', weight: 10, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } },
		{ id: 'c', column: 'c', label: 'C', weight: 60, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } }
	]
};

describe('suggestWeights', () => {
	it('reads coefficients as shares of their sum, with the interval of each coefficient over the same sum', () => {
		// β = 0.03, 0.01 (b dropped: 0), se 0.005 and 0.01: sum 0.04.
		const w = suggestWeights(card, { metricIds: ['a', 'c'], coefRaw: [0.03, 0.01], stdErrRaw: [0.005, 0.01], pValue: [1e-6, 0.3] });
		expect(w.map((x) => x.metricId)).toEqual(['a', 'b', 'c']);
		expect(w.map((x) => x.manual)).toEqual([30, 10, 60]);
		expect(w[0].suggested).toBeCloseTo(75, 12);
		expect(w[1].suggested).toBe(0);
		expect(w[2].suggested).toBeCloseTo(25, 12);
		expect(w[0].interval[0]).toBeCloseTo(((0.03 - 1.959963984540054 * 0.005) / 0.04) * 100, 10);
		expect(w[0].interval[1]).toBeCloseTo(((0.03 + 1.959963984540054 * 0.005) / 0.04) * 100, 10);
		// The lower end of a coefficient that may be 0 stops at 0 %.
		expect(w[2].interval[0]).toBe(0);
		expect(w[0].per10Points).toBeCloseTo(0.3, 12);
		expect(Number.isNaN(w[1].pValue)).toBe(true);
	});

	it('stops the interval at 100 %, in the weights table and the chart’s whiskers and axis alike', () => {
		// β = 0.05, 0.001 (sum 0.051), se 0.02: 0.05 ± 1.96 × 0.02 over 0.051 is 21.2 % to 174.9 %, and no share is over 100 %.
		const w = suggestWeights(card, { metricIds: ['a', 'c'], coefRaw: [0.05, 0.001], stdErrRaw: [0.02, 0.01], pValue: [0.01, 0.9] });
		expect(w[0].interval[0]).toBeCloseTo(((0.05 - 1.959963984540054 * 0.02) / 0.051) * 100, 10);
		expect(w[0].interval[1]).toBe(100);
		expect(w[2].interval).toEqual([0, expect.closeTo(((0.001 + 1.959963984540054 * 0.01) / 0.051) * 100, 10)]);
		// WeightsPanel's chart: manual and suggested bars with the interval as whiskers.
		const groups = w.map((x) => ({ label: x.label, values: [{ value: x.manual }, { value: x.suggested, lo: x.interval[0], hi: x.interval[1] }] }));
		const layout = groupedBarsLayout(groups, [{ key: 'm', label: 'Manual', color: '#000', hatched: false }, { key: 's', label: 'Suggested', color: '#000', hatched: true }], 640);
		expect(layout.xTicks.at(-1)!.label).toBe('100');
		expect(layout.bars[1].title).toBe(`A, Suggested: ${w[0].suggested} (95\u00a0% interval ${w[0].interval[0]} to 100)`);
	});

	it('says which fitted weights the ≥ 0 constraint holds at 0, not those the fit left out', () => {
		// a fitted at 0.02; c fitted, held at 0 (its p of 1 is that of a coefficient of exactly 0); b not fitted.
		const w = suggestWeights(card, { metricIds: ['a', 'c'], coefRaw: [0.02, 0], stdErrRaw: [0.005, 0.004], pValue: [1e-4, 1] });
		expect(w.map((x) => x.suggested)).toEqual([100, 0, 0]);
		expect(w.map(heldAtZero)).toEqual([false, false, true]);
		// A negative coefficient, as a fit without the constraint gives, is held at 0 too.
		expect(heldAtZero(suggestWeights(card, { metricIds: ['a', 'c'], coefRaw: [0.02, -0.01], stdErrRaw: [0.005, 0.004], pValue: [1e-4, 0.01] })[2])).toBe(true);
	});

	it('gives 0 % everywhere when every coefficient is 0', () => {
		const w = suggestWeights(card, { metricIds: ['a', 'b', 'c'], coefRaw: [0, 0, 0], stdErrRaw: [1, 1, 1], pValue: [1, 1, 1] });
		expect(w.map((x) => x.suggested)).toEqual([0, 0, 0]);
	});
});

describe('blend', () => {
	it('goes in a straight line from the manual shares (t = 0) to the learned ones (t = 1)', () => {
		expect(shares([30, 10, 60, -5, NaN])).toEqual([30, 10, 60, 0, 0]);
		expect(blend([3, 1, 6], [50, 50, 0], 0)).toEqual([30, 10, 60]);
		expect(blend([3, 1, 6], [50, 50, 0], 1)).toEqual([50, 50, 0]);
		expect(blend([3, 1, 6], [50, 50, 0], 0.5)).toEqual([40, 30, 30]);
	});
	it('rejects a blend outside [0, 1] and lists of other lengths', () => {
		expect(() => blend([1], [1], 1.5)).toThrow('1.5');
		expect(() => blend([1, 2], [1], 0)).toThrow('2 manual and 1 learned');
	});
});

describe('weightedScore', () => {
	const table = tableOf({ a: [80, null, 10, null], b: [20, 40, null, null], c: [50, 100, 70, null] });
	const sub = ['a', 'b', 'c'].map((k) => (table.columns[k] as { values: Float64Array }).values);

	it('is the scorecard score: the weighted mean of the sub-scores present, no score when none is', () => {
		const reference = scoreTable(table, card).score;
		const mine = weightedScore(sub, card.metrics.map((m) => m.weight));
		expect([...mine]).toEqual([...reference]);
		// Hand-computed row 1: (10·40 + 60·100) / 70.
		expect(mine[1]).toBeCloseTo(6400 / 70, 12);
		expect(Number.isNaN(mine[3])).toBe(true);
	});

	it('scores each fold with its own learned weights, blended with the manual ones', () => {
		const fold = Int32Array.from([0, 1, 0, 1]);
		const folds = [[100, 0, 0], [0, 0, 100]];
		expect([...outOfFoldScore(sub, fold, [30, 10, 60], folds, 1)].slice(0, 3)).toEqual([80, 100, 10]);
		const half = outOfFoldScore(sub, fold, [30, 10, 60], folds, 0.5);
		// Row 0, fold 0: weights (65, 5, 30) → (65·80 + 5·20 + 30·50) / 100.
		expect(half[0]).toBeCloseTo((65 * 80 + 5 * 20 + 30 * 50) / 100, 12);
		expect([...outOfFoldScore(sub, fold, [30, 10, 60], folds, 0)]).toEqual([...weightedScore(sub, [30, 10, 60])]);
	});
});

describe('applying', () => {
	it('writes weights rounded to 0.1 % and keeps everything else', () => {
		const next = withWeights(card, [33.333333, 0, 66.666667]);
		expect(next.metrics.map((m) => m.weight)).toEqual([33.3, 0, 66.7]);
		expect(next.metrics[0].normalization).toEqual(card.metrics[0].normalization);
		expect(card.metrics[0].weight).toBe(30);
		expect(() => withWeights(card, [1])).toThrow('1 for 3 metrics');
	});

	it('writes weights in tenths that add up to the percents’ 100, as the page shows them (each rounded on its own: 99.9 or 100.1)', () => {
		const sum = (card: Scorecard) => card.metrics.reduce((t, m) => t + Math.round(m.weight * 10), 0) / 10;
		// Each rounded: 33.3 × 3 = 99.9. The largest remainder (the third's .3334) takes the tenth left.
		const thirds = withWeights(card, [33.33333, 33.33333, 33.33334]);
		expect(thirds.metrics.map((m) => m.weight)).toEqual([33.3, 33.3, 33.4]);
		// Each rounded: 5.5 + 94.5 + 0.1 = 100.1. Floors 5.4 + 94.4 + 0.0, then a tenth each to the two largest remainders (.8, then the first .6).
		const over = withWeights(card, [5.46, 94.46, 0.08]);
		expect(over.metrics.map((m) => m.weight)).toEqual([5.5, 94.4, 0.1]);
		// Four weights like Learn's, each rounded 12.5 × 3 + 62.4 = 99.9 (the Scorecard page said "Total weight 99.9").
		const learned = [12.54, 12.54, 12.54, 62.38];
		expect(learned.reduce((t, w) => t + Math.round(w * 10), 0) / 10).toBe(99.9);
		const four = { ...card, metrics: learned.map((_, k) => ({ ...card.metrics[0], id: `m${k}` })) };
		const applied = withWeights(four, learned);
		expect(applied.metrics.map((m) => m.weight)).toEqual([12.6, 12.5, 12.5, 62.4]);
		expect(sum(applied)).toBe(100);
		for (const [a, b, c] of [[33.33333, 33.33333, 33.33334], [5.46, 94.46, 0.08], [0.04, 0.04, 99.92], [12.5, 37.5, 50]]) expect(sum(withWeights(card, [a, b, c]))).toBe(100);
	});

	it('moves the start of the band after "At risk", refusing a cut-off past the next band', () => {
		const next = withAtRiskCutoff(card, 52);
		expect(next.bands.map((b) => b.min)).toEqual([0, 52, 70]);
		expect(card.bands[1].min).toBe(40);
		expect(() => withAtRiskCutoff(card, 75)).toThrow('next band’s start (70)');
		expect(() => withAtRiskCutoff({ ...card, bands: [card.bands[0]] }, 30)).toThrow(/single band/);
	});
});
