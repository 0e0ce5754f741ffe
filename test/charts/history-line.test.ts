import { describe, expect, it } from 'vitest';
import { historyLineLayout } from '../../src/lib/charts/history-line';
import { labelExtent } from '../../src/lib/charts/fit';
import { bandZones, waterfallLayout } from '../../src/lib/charts/waterfall';
import { waterfallOf } from '../../src/lib/core/waterfall';

const bands = [{ label: 'At risk', min: 0, color: '#c00' }, { label: 'Needs attention', min: 40, color: '#d80' }, { label: 'Healthy', min: 70, color: '#080' }];
const points = [{ asOf: 'a', value: 50 }, { asOf: 'b', value: NaN }, { asOf: 'c', value: 75 }];

describe('history line layout', () => {
	const l = historyLineLayout(points, { width: 300, height: 160, yDomain: [0, 100], zones: bandZones(bands), markers: [{ index: 2, label: 'Version 2' }, { index: 9, label: 'gone' }] });
	const bottom = 160 - l.margin.bottom, plot = bottom - l.margin.top;
	it('draws band zones from each band’s start to the next', () => {
		expect(l.zones.map((z) => z.label)).toEqual(['At risk', 'Needs attention', 'Healthy']);
		expect(l.zones[0].height).toBeCloseTo(plot * 0.4, 9);
		expect(l.zones[2].y).toBeCloseTo(l.margin.top, 9);
	});
	it('breaks the line where there is no value and puts dots on the values only', () => {
		expect(l.dots.map((d) => d.point.asOf)).toEqual(['a', 'c']);
		expect(l.dots[0].y).toBeCloseTo(bottom - plot / 2, 9);
		// Two separate pieces: two moves, no line segment joining them.
		expect(l.path.match(/M/g)).toHaveLength(2);
	});
	it('puts markers at their snapshot and drops those outside', () => {
		expect(l.markers).toEqual([{ x: l.dots[1].x, label: 'Version 2' }]);
	});
	it('fits the axis to the data when no domain is given', () => {
		const free = historyLineLayout([{ asOf: 'a', value: 3 }, { asOf: 'b', value: 3 }], { width: 300, height: 160 });
		expect(free.yTicks.map((t) => Number(t.label))).toContain(3);
	});
	it('labels at most 7 snapshots, at least 80 px apart, always the last', () => {
		const twelve = Array.from({ length: 12 }, (_, i) => ({ asOf: `2026-${String(i + 1).padStart(2, '0')}-01`, value: i }));
		const labels = (width: number) => historyLineLayout(twelve, { width, height: 160 }).xTicks.map((t) => t.label.slice(5, 7));
		// 1,102 px of plot fits 13, 7 at most: every 2nd. 242 px fits 3: every 4th, but the last label ends at its
		// point (centred it would leave the drawing), so August's would run into it: every 5th then, evenly spaced
		// (moving only August's back to July read March, July, December: 4 months, then 5).
		expect(labels(1160)).toEqual(['02', '04', '06', '08', '10', '12']);
		expect(labels(300)).toEqual(['02', '07', '12']);
		for (const width of [280, 360, 500, 900, 1160, ...Array.from({ length: 60 }, (_, k) => 240 + 10 * k)]) {
			const ticks = historyLineLayout(twelve, { width, height: 160 }).xTicks;
			expect(ticks.length).toBeLessThanOrEqual(7);
			for (let i = 1; i < ticks.length; i++) expect(ticks[i].x - ticks[i - 1].x).toBeGreaterThanOrEqual(80);
			for (let i = 1; i < ticks.length; i++) expect(labelExtent(ticks[i].x, ticks[i].anchor, 32)[0] - labelExtent(ticks[i - 1].x, ticks[i - 1].anchor, 32)[1], `${width} px`).toBeGreaterThanOrEqual(8);
		}
		// Centred, the last label would run 13 px past a 240-wide chart (point at 221.3, half a label 32): it ends at its point instead.
		expect(historyLineLayout(twelve, { width: 240, height: 160 }).xTicks.map((t) => [t.label.slice(5, 7), t.anchor])).toEqual([['05', 'middle'], ['12', 'end']]);
		expect(historyLineLayout(twelve, { width: 1160, height: 160 }).xTicks.every((t) => t.anchor === 'middle')).toBe(true);
	});
});

describe('waterfall layout', () => {
	const w = waterfallOf([{ id: 'u', label: 'Usage', points: 24 }, { id: 'n', label: 'NPS', points: 16 }]);
	const l = waterfallLayout(w, bandZones(bands), 400);

	it('shortens a metric name too long for the room left of the bars with "…", and keeps the others whole', () => {
		const long = 'Average number of days invoices were paid late';
		const bars = waterfallLayout(waterfallOf([{ id: 'd', label: long, points: 10 }, { id: 'n', label: 'Community engagement', points: 5 }]), bandZones(bands), 640).bars;
		// 148 px at 6.4 px a character (the widest usual font's average at 11 px) hold 22 characters, "…" included.
		expect(bars.map((b) => b.text)).toEqual(['Average number of day…', 'Community engagement', 'Health score']);
		expect(bars[0].label).toBe(long);
	});
	const unit = (400 - l.margin.right - l.margin.left) / 100;
	it('starts each bar where the previous ended and ends with the total', () => {
		expect(l.bars.map((b) => b.label)).toEqual(['Usage', 'NPS', 'Health score']);
		expect(l.bars[1].x).toBeCloseTo(l.margin.left + 24 * unit, 9);
		expect(l.bars[1].width).toBeCloseTo(16 * unit, 9);
		expect(l.bars[2].x).toBeCloseTo(l.margin.left, 9);
		expect(l.bars[2].width).toBeCloseTo(40 * unit, 9);
		expect(l.bars[2].total).toBe(true);
	});
	it('is as tall as its rows', () => expect(l.height).toBe(l.margin.top + 3 * l.rowHeight + l.margin.bottom));
	it('lays band zones across 0–100', () => {
		expect(l.zones[1].x).toBeCloseTo(l.margin.left + 40 * unit, 9);
		expect(l.zones[2].width).toBeCloseTo(30 * unit, 9);
	});
	it('names each band in its zone where the name fits, and marks every band’s start on the axis', () => {
		// 400 wide: 234 px of plot, 70.2 px for 30 points; "Needs attention" takes 15 × 6.2 + 8 = 101 px, "Healthy" 51.4.
		expect(l.zones.map((z) => [z.label, z.named])).toEqual([['At risk', true], ['Needs attention', false], ['Healthy', true]]);
		expect(waterfallLayout(w, bandZones(bands), 640).zones.every((z) => z.named)).toBe(true);
		expect(l.xTicks.map((t) => t.label)).toEqual(['0', '40', '70', '100']);
		expect(l.xTicks[2].x).toBeCloseTo(l.margin.left + 70 * unit, 9);
		// Starts 11.7 px from 0 and from 100 (5 points) would run into their labels: 0 and 100 stay.
		const crowded = [{ label: 'A', min: 0, color: '#c00' }, { label: 'B', min: 5, color: '#d80' }, { label: 'C', min: 50, color: '#080' }, { label: 'D', min: 95, color: '#080' }];
		expect(waterfallLayout(w, bandZones(crowded), 400).xTicks.map((t) => t.label)).toEqual(['0', '50', '100']);
	});	it('writes points after each bar, or before it or inside it when they would run past the right edge', () => {
		expect(l.bars.map((b) => b.value)).toEqual(['after', 'after', 'after']);
		// 400 wide: the plot runs 150–384, so a bar ending past 400 − 4 − 36 = 360 (a score of 89.74) has no room after it.
		const high = waterfallLayout(waterfallOf([{ id: 'u', label: 'Usage', points: 60 }, { id: 'n', label: 'NPS', points: 36 }]), bandZones(bands), 400);
		expect(high.bars.map((b) => b.value)).toEqual(['after', 'before', 'inside']);
		const oneMetric = waterfallLayout(waterfallOf([{ id: 'u', label: 'Usage', points: 96 }]), bandZones(bands), 400);
		expect(oneMetric.bars.map((b) => b.value)).toEqual(['inside', 'inside']);
		const edge = (points: number) => waterfallLayout(waterfallOf([{ id: 'u', label: 'Usage', points }]), bandZones(bands), 400).bars[1].value;
		expect(edge(89.7)).toBe('after');
		expect(edge(89.8)).toBe('inside');
	});
});
