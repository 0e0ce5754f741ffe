import { describe, expect, it } from 'vitest';
import { anchorWithin, fitWidth, labelEvery, placeLabels } from '../../src/lib/charts/fit';

describe('fitWidth', () => {
	it('keeps the nominal width until it is measured', () => {
		expect(fitWidth(1160, 0)).toBe(1160);
		expect(fitWidth(1160, NaN)).toBe(1160);
	});
	it('never draws wider than nominal, so wide screens see the chart as designed', () => expect(fitWidth(560, 1206)).toBe(560));
	it('takes the available whole pixels when narrower', () => {
		expect(fitWidth(1160, 355.7)).toBe(355);
		expect(fitWidth(560, 559)).toBe(559);
	});
	it('stops at the minimum, below which the drawing shrinks instead', () => {
		expect(fitWidth(1160, 200)).toBe(240);
		expect(fitWidth(1160, 200, 280)).toBe(280);
	});
	it('keeps a chart nominally narrower than the minimum at its own width', () => expect(fitWidth(120, 100)).toBe(120));
});

describe('labelEvery', () => {
	it('labels every point when all fit', () => expect(labelEvery(6, 1000, 8, 80)).toBe(1));
	it('caps the number of labels', () => expect(labelEvery(24, 10_000, 8, 80)).toBe(3));
	it('thins by the span when the span is the limit', () => {
		expect(labelEvery(12, 248, 8, 80)).toBe(4);
		expect(labelEvery(12, 239, 8, 80)).toBe(6);
	});
	it('still labels one point when none fits', () => expect(labelEvery(12, 10, 8, 80)).toBe(12));
	it('handles no points', () => expect(labelEvery(0, 500, 8, 80)).toBe(1));
});

describe('anchorWithin', () => {
	it('centres a label with room on both sides', () => expect(anchorWithin(100, 32, 300)).toBe('middle'));
	it('ends a label that would run past the right edge at its point', () => expect(anchorWithin(270, 32, 300)).toBe('end'));
	it('starts a label that would run past the left edge at its point', () => expect(anchorWithin(20, 32, 300)).toBe('start'));
	it('centres a label that just fits', () => {
		expect(anchorWithin(268, 32, 300)).toBe('middle');
		expect(anchorWithin(32, 32, 300)).toBe('middle');
	});

	it('places labels back from the last, evenly, with a longer step until each clears the next by 8 px', () => {
		// Points every 20 px on a 240-wide drawing, every 4th. The last (220) ends at its point: 156…220. The 4th
		// before it (140, centred 108…172) and the 5th (120, 88…152) would come within 8 px; every 6th fits (100,
		// 68…132), and the next would be before the first point.
		const points = Array.from({ length: 12 }, (_, i) => ({ x: 20 * i, i }));
		expect(placeLabels(points, 4, 32, 240).map((p) => [p.i, p.anchor])).toEqual([[5, 'middle'], [11, 'end']]);
		// Wide apart, the plain count: every 4th back from the last, centred.
		const wide = Array.from({ length: 12 }, (_, i) => ({ x: 100 + 100 * i, i }));
		expect(placeLabels(wide, 4, 32, 1300).map((p) => [p.i, p.anchor])).toEqual([[3, 'middle'], [7, 'middle'], [11, 'middle']]);
		// Points every 30 px on 390: every 3rd back from the last (330, ending there: 266…330) would put the 8th
		// (240, 208…272) within 8 px; moving only that one back a point kept the 3rd after it, 4 then 3 apart.
		// Every 4th is even: 7 (210, 178…242), 3 (90, 58…122).
		const phone = Array.from({ length: 12 }, (_, i) => ({ x: 30 * i, i }));
		expect(placeLabels(phone, 3, 32, 340).map((p) => p.i)).toEqual([3, 7, 11]);
	});
});
