import { describe, expect, it } from 'vitest';
import { groupedBarsLayout } from '../../src/lib/charts/grouped-bars';
import { linesLayout } from '../../src/lib/charts/lines';

const series = [
	{ key: 'manual', label: 'Manual', color: '#555', hatched: false },
	{ key: 'suggested', label: 'Suggested', color: '#147', hatched: true }
];

describe('grouped bars layout', () => {
	const groups = [
		{ label: 'Usage', values: [{ value: 20 }, { value: 40, lo: 30, hi: 50 }] },
		{ label: 'NPS', values: [{ value: 10 }, { value: NaN }] }
	];
	const l = groupedBarsLayout(groups, series, 500, { labelWidth: 100, format: (v) => `${v} %` });
	it('makes bar lengths proportional to values from a common zero, one row group per category', () => {
		const [usageManual, usageSuggested, npsManual] = l.bars;
		expect(l.bars).toHaveLength(3);
		expect(usageSuggested.width / usageManual.width).toBeCloseTo(2, 9);
		expect(npsManual.width / usageManual.width).toBeCloseTo(0.5, 9);
		expect(usageManual.x).toBe(100);
		expect(npsManual.y).toBeGreaterThan(usageSuggested.y);
	});
	it('draws the interval as a whisker through the middle of its bar, and says it in the title', () => {
		expect(l.whiskers).toHaveLength(1);
		const w = l.whiskers[0];
		const perUnit = l.bars[0].width / 20;
		expect(w.x1 - 100).toBeCloseTo(30 * perUnit, 6);
		expect(w.x2 - 100).toBeCloseTo(50 * perUnit, 6);
		expect(l.bars[1].title).toBe('Usage, Suggested: 40 % (95\u00a0% interval 30 % to 50 %)');
	});
	it('writes about 5 value ticks, fewer on a narrow chart, never closer than 40 px', () => {
		expect(l.xTicks.map((t) => t.label)).toEqual(['0 %', '10 %', '20 %', '30 %', '40 %', '50 %']);
		// 240 wide with 160 px of labels leaves 64 px of plot: ticks 10 or 20 apart would stand 13 or 26 px apart, so only the ends.
		const narrow = groupedBarsLayout(groups, series, 240, { labelWidth: 160, format: (v) => `${v} %` });
		expect(narrow.xTicks.map((t) => t.label)).toEqual(['0 %', '50 %']);
		for (const width of [240, 280, 400, 640]) {
			const ticks = groupedBarsLayout(groups, series, width, { labelWidth: 160 }).xTicks;
			for (let i = 1; i < ticks.length; i++) expect(ticks[i].x - ticks[i - 1].x, `${width}`).toBeGreaterThanOrEqual(40);
		}
	});
	it('shortens a label longer than the room left of the bars, with "…", keeping the whole one', () => {
		const long = 'Feature_adoption_of_the_core_workflow_modules';
		const labels = groupedBarsLayout([{ label: long, values: [{ value: 1 }] }, { label: 'Decile 1 (least healthy)', values: [{ value: 2 }] }], [series[0]], 500, { labelWidth: 160 }).groupLabels;
		// 160 px hold 24 characters at 6.4 px each (6 px kept clear of the bars).
		expect(labels.map((l) => l.text)).toEqual(['Feature_adoption_of_the…', 'Decile 1 (least healthy)']);
		expect(labels.map((l) => l.label)).toEqual([long, 'Decile 1 (least healthy)']);
	});

	it('rejects groups that do not match the series, with the group', () => {
		expect(() => groupedBarsLayout([{ label: 'X', values: [{ value: 1 }] }], series, 300)).toThrow('“X”; 1 values for 2 series');
		expect(() => groupedBarsLayout(groups, series, 0)).toThrow('0');
	});
});

describe('lines layout', () => {
	const l = linesLayout([{ key: 'roc', label: 'ROC', color: '#000', dash: '', points: [[0, 0], [0.5, 1], [1, 1]], markers: true }], 300, 200);
	it('maps the unit square to the plot and draws the diagonal corner to corner', () => {
		expect(l.diagonal).toEqual({ x1: 44, y1: 200 - 34, x2: 300 - 12, y2: 8 });
		expect(l.paths[0].d).toBe(`M44,166L166,8L288,8`);
		expect(l.markers.map((m) => [m.x, m.y])).toEqual([[44, 166], [166, 8], [288, 8]]);
	});
});
