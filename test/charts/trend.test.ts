import { describe, expect, it } from 'vitest';
import { trendLayout } from '../../src/lib/charts/trend';
import { labelExtent } from '../../src/lib/charts/fit';
import { portfolioTrend } from '../../src/lib/core/trend';

const bands = [{ label: 'At risk', color: '#c00' }, { label: 'Needs attention', color: '#d80' }, { label: 'Healthy', color: '#080' }];
// Snapshot 0: one At risk (ARR 100), one Healthy (ARR 300): shares 50/0/50, ARR 25/0/75, average (20 + 80) / 2 = 50.
// Snapshot 1: one Needs attention (ARR 100): 0/100/0, average 60.
const points = portfolioTrend({ snapshots: ['2026-01-01', '2026-02-01'], snapshotOf: [0, 0, 1], score: [20, 80, 60], band: [0, 2, 1], bandCount: 3, arr: [100, 300, 100] });

describe('trend layout', () => {
	const l = trendLayout(points, bands, 'customers', 400, 200);
	const plotBottom = 200 - l.margin.bottom, plotTop = l.margin.top, plot = plotBottom - plotTop;
	it('stacks each snapshot’s shares from the bottom, band by band, to the top', () => {
		const [a, , c] = l.columns[0].segments;
		expect(a.y + a.height).toBeCloseTo(plotBottom, 9);
		expect(a.height).toBeCloseTo(plot / 2, 9);
		expect(c.y).toBeCloseTo(plotTop, 9);
		expect(l.columns[1].segments[1].height).toBeCloseTo(plot, 9);
		expect(l.columns[1].segments[0].height).toBe(0);
	});
	it('stacks shares of ARR when asked', () => {
		const arr = trendLayout(points, bands, 'arr', 400, 200);
		expect(arr.columns[0].segments.map((s) => s.share)).toEqual([25, 0, 75]);
		expect(arr.columns[0].segments[2].height).toBeCloseTo(plot * 0.75, 9);
	});
	it('draws the average on the same 0–100 axis, through the middle of each bar', () => {
		expect(l.averageDots.map((d) => d.value)).toEqual([50, 60]);
		expect(l.averageDots[0].y).toBeCloseTo(plotBottom - plot / 2, 9);
		expect(l.averageDots[0].x).toBeCloseTo(l.columns[0].x + l.columns[0].width / 2, 9);
		expect(l.averagePath.startsWith('M')).toBe(true);
	});
	it('labels at most 8 dates, at least 80 px apart, always the last', () => {
		const month = (i: number) => `2026-${String(i + 1).padStart(2, '0')}-01`;
		const many = portfolioTrend({ snapshots: Array.from({ length: 12 }, (_, i) => month(i)), snapshotOf: [0], score: [1], band: [0], bandCount: 3 });
		const labels = (width: number) => trendLayout(many, bands, 'customers', width, 200).xTicks.map((t) => t.label);
		// 1,108 px of plot fits 13 labels, 8 at most: every 2nd. 548 px fits 6: every 2nd. 248 px fits 3: every 4th,
		// but the last label ends at its point (centred it would leave the drawing), so August's would run into it:
		// every 5th would put July's within 8 px of it too, so every 6th, evenly spaced (moving only August's back to
		// July read February, June, December: 4 months, then 6).
		expect(labels(1160)).toEqual([1, 3, 5, 7, 9, 11].map(month));
		expect(labels(600)).toEqual([1, 3, 5, 7, 9, 11].map(month));
		expect(labels(300)).toEqual([5, 11].map(month));
		const sixteen = portfolioTrend({ snapshots: Array.from({ length: 16 }, (_, i) => `20${10 + i}-01-01`), snapshotOf: [0], score: [1], band: [0], bandCount: 3 });
		for (const width of [280, 320, 400, 640, 1160, 2000, ...Array.from({ length: 60 }, (_, k) => 240 + 10 * k)]) {
			const ticks = trendLayout(sixteen, bands, 'customers', width, 200).xTicks;
			expect(ticks.length).toBeLessThanOrEqual(8);
			expect(ticks.at(-1)?.label).toBe('2025-01-01');
			// Evenly spaced: the same number of years between every two labels.
			const years = ticks.map((t) => Number(t.label.slice(0, 4)));
			for (let i = 2; i < years.length; i++) expect(years[i] - years[i - 1], `${width} px`).toBe(years[1] - years[0]);
			for (let i = 1; i < ticks.length; i++) expect(ticks[i].x - ticks[i - 1].x).toBeGreaterThanOrEqual(80);
			// No label runs out of the drawing: a centred one has 32 px each side, an end-anchored one ends at its point.
			for (const t of ticks) {
				const [from, to] = t.anchor === 'middle' ? [t.x - 32, t.x + 32] : t.anchor === 'end' ? [t.x - 64, t.x] : [t.x, t.x + 64];
				expect(from).toBeGreaterThanOrEqual(0);
				expect(to).toBeLessThanOrEqual(width);
			}
			// Nor into its neighbour: at least 8 px between one label's end and the next one's start.
			for (let i = 1; i < ticks.length; i++) expect(labelExtent(ticks[i].x, ticks[i].anchor, 32)[0] - labelExtent(ticks[i - 1].x, ticks[i - 1].anchor, 32)[1], `${width} px`).toBeGreaterThanOrEqual(8);
		}
		expect(trendLayout(sixteen, bands, 'customers', 280, 200).xTicks.at(-1)?.anchor).toBe('end');
		expect(trendLayout(sixteen, bands, 'customers', 1160, 200).xTicks.at(-1)?.anchor).toBe('middle');
	});
	it('draws one snapshot as one bar of 80 px, centred in the plot, not stretched across it', () => {
		const one = portfolioTrend({ snapshots: ['2026-01-01'], snapshotOf: [0, 0], score: [20, 80], band: [0, 2], bandCount: 3 });
		for (const width of [1160, 600, 330]) {
			const [column] = trendLayout(one, bands, 'customers', width, 200).columns;
			// The plot runs from 40 to width − 12: its middle is at (40 + width − 12) / 2.
			expect(column.width, `${width} px`).toBeCloseTo(80, 9);
			expect(column.x, `${width} px`).toBeCloseTo((28 + width) / 2 - 40, 9);
		}
		const l1 = trendLayout(one, bands, 'customers', 1160, 200);
		expect(l1.averageDots).toEqual([{ x: 594, y: l1.averageDots[0].y, value: 50, asOf: '2026-01-01' }]);
		expect(l1.xTicks).toEqual([{ x: 594, label: '2026-01-01', anchor: 'middle' }]);
	});
	it('draws two snapshots as bars of 80 px, 20 apart, centred; twelve on a wide chart fill it as before', () => {
		const [a, b] = trendLayout(points, bands, 'customers', 1160, 200).columns;
		// Step 100 (a bar of 80 and a gap of 20), 2.0 steps with the outer padding: 200 px centred on 594.
		expect([a.x, a.width, b.x, b.width]).toEqual([504, 80, 604, 80].map((v) => expect.closeTo(v, 9)));
		const month = (i: number) => `2026-${String(i + 1).padStart(2, '0')}-01`;
		const twelve = portfolioTrend({ snapshots: Array.from({ length: 12 }, (_, i) => month(i)), snapshotOf: [0], score: [1], band: [0], bandCount: 3 });
		const columns = trendLayout(twelve, bands, 'customers', 1160, 200).columns;
		// 1,108 px of plot over 12 − 0.2 + 0.2 = 12 steps: a step of 92.33, a bar of 73.87, the first at 40 + 0.1 step.
		expect(columns[0].width).toBeCloseTo((1108 / 12) * 0.8, 9);
		expect(columns[0].x).toBeCloseTo(40 + 1108 / 12 / 10, 9);
	});
	it('rejects a non-positive size with the value', () => expect(() => trendLayout(points, bands, 'customers', 0, 5)).toThrow('0×5'));
});
