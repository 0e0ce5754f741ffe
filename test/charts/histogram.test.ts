import { describe, expect, it } from 'vitest';
import { histogramLayout } from '../../src/lib/charts/histogram';

const bins = [0, 1, 2, 3].map((k) => ({ from: k * 25, to: (k + 1) * 25, count: [5, 10, 0, 20][k], color: '#000000', label: '' }));

describe('histogram layout', () => {
	const l = histogramLayout(bins, 400, 200);
	it('spreads bins across the plot width with a 1 px gap each side', () => {
		const inner = 400 - l.margin.left - l.margin.right;
		expect(l.bars[0].x).toBeCloseTo(l.margin.left + 1, 9);
		expect(l.bars[1].x).toBeCloseTo(l.margin.left + inner / 4 + 1, 9);
		expect(l.bars[0].width).toBeCloseTo(inner / 4 - 2, 9);
	});
	it('makes bar heights proportional to counts', () => {
		expect(l.bars[1].height / l.bars[0].height).toBeCloseTo(2, 9);
		expect(l.bars[2].height).toBe(0);
		expect(l.bars[3].y + l.bars[3].height).toBeCloseTo(200 - l.margin.bottom, 9);
	});
	it('labels the bin edges and whole-number counts', () => {
		expect(l.xTicks.map((t) => t.label)).toEqual(['0', '25', '50', '75', '100']);
		expect(l.yTicks.every((t) => Number.isInteger(Number(t.label)))).toBe(true);
	});
	it('writes every edge of ten bins on a wide chart and every other one on a narrow chart', () => {
		const ten = Array.from({ length: 10 }, (_, k) => ({ from: k * 10, to: (k + 1) * 10, count: k, color: '#000000', label: '' }));
		expect(histogramLayout(ten, 560, 200).xTicks.map((t) => t.label)).toEqual(['0', '10', '20', '30', '40', '50', '60', '70', '80', '90', '100']);
		// 240 wide leaves 184 px of plot: room for 7 labels of 24 px, so every 2nd edge.
		expect(histogramLayout(ten, 240, 200).xTicks.map((t) => t.label)).toEqual(['0', '20', '40', '60', '80', '100']);
	});
	it('puts the x title centred under the tick labels and the y title left of the count labels, inside the chart', () => {
		// 400 × 200 with margins 54 / 16 and 8 / 38: the plot spans x 54…384 and y 8…162.
		expect(l.xTitle).toEqual({ x: (54 + 384) / 2, y: 194 });
		expect(l.yTitle).toEqual({ x: 12, y: (8 + 162) / 2 });
		// Below the tick labels (drawn 15 px under the axis) and left of the count labels (drawn 6 px left of it, right-aligned).
		expect(l.xTitle.y).toBeGreaterThan(200 - l.margin.bottom + 15);
		expect(l.yTitle.x).toBeLessThan(l.margin.left - 6 - 24);
	});
	it('rejects a non-positive size with the value', () => expect(() => histogramLayout(bins, 0, 10)).toThrow('0×10'));
});
