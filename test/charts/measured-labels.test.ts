/**
 * Chart labels laid out with an injected text measure (measure.ts): with text as wide as a user's letter spacing
 * makes it, no label runs past its chart, long ones are shortened with "…". The fake measures are simple per-character
 * widths, so each expected value is worked by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { labelExtent } from '../../src/lib/charts/fit';
import { shortened } from '../../src/lib/charts/grouped-bars';
import type { TextWidth } from '../../src/lib/charts/measure';
import { distributionOf, previewLayout } from '../../src/lib/charts/preview';
import { trendLayout } from '../../src/lib/charts/trend';
import { waterfallLayout } from '../../src/lib/charts/waterfall';
import { portfolioTrend } from '../../src/lib/core/trend';
import { encodeCategories, type Column } from '../../src/lib/core/table';

/** `perChar` px a character whatever the size; bold twice as wide, so a test can tell the weight was passed. */
const fake = (perChar: number): TextWidth => (text, _px, weight = 400) => [...text].length * perChar * (weight >= 700 ? 2 : 1);

describe('shortened', () => {
	it('keeps a label that fits and cuts one that does not to the longest start that fits with "…"', () => {
		// 94 px free (100 − 6) at 10 px a character: 9 characters, "…" included.
		expect(shortened('Webinar', 100, fake(10))).toBe('Webinar');
		expect(shortened('Community engagement', 100, fake(10))).toBe('Communit…');
		// Bold at 20 px a character: 4 characters, "Comm" would need 5 with "…", so "Com…".
		expect(shortened('Community engagement', 100, fake(10), 11, 700)).toBe('Com…');
	});
	it('without a measure keeps the per-character estimate (94 / 6.4 = 14 characters)', () => {
		expect(shortened('Community engagement', 100)).toBe('Community eng…');
	});
});

describe('waterfall with measured text', () => {
	const steps = [
		{ id: 'a', label: 'Webinar engagement', start: 0, end: 60, points: 60 },
		{ id: 'b', label: 'Community engagement', start: 60, end: 88, points: 28 }
	];
	const zones = [{ from: 0, to: 75, color: '#c00', label: 'At risk' }, { from: 75, to: 100, color: '#080', label: 'Healthy' }];
	// 400 wide: the axis runs from 150 to 384, 2.34 px a point.
	const measured = waterfallLayout({ steps, total: 88 }, zones, 400, 22, fake(8));
	const estimated = waterfallLayout({ steps, total: 88 }, zones, 400, 22);
	it('shortens a name wider than the 142 px left of the bars', () => {
		// 142 / 8 = 17.75: "Webinar engagement" (18 × 8 = 144) becomes 16 characters and "…"; the estimate (6.4 a character) kept both whole.
		// The total's bold "Health score" at 16 a character: 8 characters fit, "Health s…" would be 9, so "Health…".
		expect(measured.bars.map((b) => b.text)).toEqual(['Webinar engageme…', 'Community engage…', 'Health…']);
		expect(estimated.bars.map((b) => b.text)).toEqual(['Webinar engagement', 'Community engagement', 'Health score']);
	});
	it('writes the points before a bar when their measured width would run past the right edge', () => {
		// The second bar ends at 150 + 88 × 2.34 = 355.92; "+100.0" measures 48: 355.92 + 4 + 48 > 400, but + 36 fits.
		expect(measured.bars[1].value).toBe('before');
		expect(estimated.bars[1].value).toBe('after');
	});
	it('names a zone only where its measured name fits', () => {
		// Healthy is 25 × 2.34 = 58.5 px wide; its name measures 7 × 8 = 56, plus 2 × 4 padding = 64: too wide.
		expect(measured.zones.map((z) => z.named)).toEqual([true, false]);
		expect(estimated.zones.map((z) => z.named)).toEqual([true, true]);
	});
});

describe('trend dates with measured text', () => {
	const dates = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}-01`);
	const points = portfolioTrend({ snapshots: dates, snapshotOf: dates.map((_, i) => i), score: dates.map(() => 50), band: dates.map(() => 0), bandCount: 1, arr: dates.map(() => 1) });
	const bands = [{ label: 'At risk', color: '#c00' }];
	it('keeps every date label, measured 10 × 9 = 90 px wide, inside the chart at each width', () => {
		for (const width of [1160, 640, 366, 240]) {
			const l = trendLayout(points, bands, 'customers', width, 200, fake(9));
			expect(l.xTicks.at(-1)!.label).toBe('2026-12-01');
			for (const t of l.xTicks) {
				const [from, to] = labelExtent(t.x, t.anchor, 46);
				expect(from).toBeGreaterThanOrEqual(0);
				expect(to).toBeLessThanOrEqual(width);
			}
		}
	});
	it('the estimate (32 px a half) let the last date of a 640 px chart run past its edge', () => {
		const l = trendLayout(points, bands, 'customers', 640, 200);
		const last = l.xTicks.at(-1)!;
		expect(labelExtent(last.x, last.anchor, 46)[1]).toBeGreaterThan(640);
	});
});

describe('normalization preview with measured text', () => {
	const numbers = (values: number[]): Column => ({ kind: 'number', values: Float64Array.from(values) });
	it('makes room for "100" left of the plot and keeps the value labels inside the chart', () => {
		const l = previewLayout(distributionOf(numbers([0, 5, 10, 12])), { kind: 'linear', worst: 0, best: 12 }, { width: 260, height: 90 }, fake(10));
		if (l.kind !== 'curve') throw new Error(l.kind);
		// "100" measures 30: the plot starts 30 + 4 px in, not at 26.
		expect(l.plot.left).toBe(34);
		for (const t of l.ticks) {
			const [from, to] = labelExtent(t.x, t.anchor, (t.label.length * 10) / 2);
			expect(from).toBeGreaterThanOrEqual(0);
			expect(to).toBeLessThanOrEqual(260);
		}
		expect(l.ticks.at(-1)!.anchor).toBe('end');
	});
	it('shortens a level name to its bar’s step', () => {
		const l = previewLayout(distributionOf(encodeCategories(['Enterprise', 'SMB'])), { kind: 'category', points: { SMB: 50 }, otherPoints: null }, { width: 260, height: 90 }, fake(10));
		if (l.kind !== 'levels') throw new Error(l.kind);
		// Two levels over 26…254: step 228 / (2 + 0.25) ≈ 101.3, 95.3 px free: 9 characters, "…" included.
		expect(l.bars.map((b) => b.text)).toEqual(['Enterpri…', 'SMB']);
	});
});
