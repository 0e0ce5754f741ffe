/** Layout of a waterfall of contributions: one row per metric, each bar starting where the previous one ended. */
import { scaleLinear } from 'd3';
import type { Waterfall } from '../core/waterfall';
import { shortened } from './grouped-bars';
import type { TextWidth } from './measure';

export interface WaterfallLayout {
	width: number;
	height: number;
	margin: { top: number; right: number; bottom: number; left: number };
	rowHeight: number;
	/** One per step, then the total (the score) as the last row. */
	/**
	 * `value` says where the bar's points are written: after its end; before its start when that would run past
	 * the chart's right edge; inside its end (light on dark) when there is no room before it either. `text` is the
	 * label as drawn left of the bars, shortened with "…" when it would run past the chart's left edge.
	 */
	bars: { x: number; y: number; width: number; height: number; label: string; text: string; points: number; total: boolean; value: 'after' | 'before' | 'inside' }[];
	/** Band zones behind the bars, across the 0–100 axis; `named` when the band's name fits in its top strip. */
	zones: { x: number; width: number; color: string; label: string; named: boolean }[];
	/** 0, every band's start and 100, so a zone reads by its numbers where its name does not fit. */
	xTicks: { x: number; label: string }[];
}

/** Room for a bar's points in 11 px text ("+100.0", "100.0"), and the gap between bar and text. */
const VALUE_LABEL_WIDTH = 36;
const VALUE_GAP = 4;
/** A band's name in 10 px text: about 6.2 px a character (DejaVu Sans, the widest of the usual fonts), 4 px in from each edge. */
const ZONE_CHAR = 6.2;
const ZONE_PAD = 4;
/** Axis labels closer than this to the one before are left out ("0", "5" for a band starting at 5). */
const TICK_GAP = 22;

/** `measure`: how wide the chart's text is drawn (measure.ts); without it, per-character estimates. */
export function waterfallLayout(
	waterfall: Waterfall, zones: readonly { from: number; to: number; color: string; label: string }[], width: number, rowHeight = 22, measure: TextWidth | null = null
): WaterfallLayout {
	if (!(width > 0 && rowHeight > 0)) throw new Error(`invalid size; not positive: ${width} wide, rows ${rowHeight}`);
	// The top strip holds the bands' names, so a zone is not told by its colour alone.
	const margin = { top: 18, right: 16, bottom: 24, left: 150 };
	const rows = waterfall.steps.length + 1;
	const height = margin.top + rows * rowHeight + margin.bottom;
	const x = scaleLinear().domain([0, 100]).range([margin.left, width - margin.right]);
	// The widest points written ("+100.0", the total's "100.0" in bold inside its bar).
	const valueWidth = measure ? Math.max(measure('+100.0', 11), measure('100.0', 11, 700)) : VALUE_LABEL_WIDTH;
	const zoneText = (label: string) => (measure ? measure(label, 10) : label.length * ZONE_CHAR);
	const bar = (row: number, start: number, end: number, label: string, points: number, total: boolean) => {
		const at = x(start), length = Math.max(0, x(end) - x(start));
		const value: 'after' | 'before' | 'inside' =
			at + length + VALUE_GAP + valueWidth <= width ? 'after' : !total && at - margin.left >= VALUE_GAP + valueWidth ? 'before' : 'inside';
		// The label ends 8 px left of the bars, as the grouped bars' 6 px: 2 px less room.
		return { x: at, y: margin.top + row * rowHeight + 3, width: length, height: rowHeight - 6, label, text: shortened(label, margin.left - 2, measure, 11, total ? 700 : 400), points, total, value };
	};
	const bars = waterfall.steps.map((s, i) => bar(i, s.start, s.end, s.label, s.points, false));
	bars.push(bar(waterfall.steps.length, 0, waterfall.total, 'Health score', waterfall.total, true));
	return {
		width, height, margin, rowHeight, bars,
		zones: zones.map((z) => {
			const zoneWidth = x(z.to) - x(z.from);
			return { x: x(z.from), width: zoneWidth, color: z.color, label: z.label, named: zoneText(z.label) + 2 * ZONE_PAD <= zoneWidth };
		}),
		xTicks: ticks([0, ...zones.map((z) => z.from).filter((v) => v > 0 && v < 100), 100], x)
	};
}

/** Axis labels at these values, in order, without one closer than TICK_GAP px to the one before (100 is always kept). */
function ticks(values: number[], x: (v: number) => number): { x: number; label: string }[] {
	const kept: number[] = [];
	const room = (v: number) => x(v) - x(kept[kept.length - 1]) >= TICK_GAP;
	for (const v of [...new Set(values)].sort((a, b) => a - b)) {
		if (v === 100) while (kept.length > 1 && !room(v)) kept.pop();
		if (!kept.length || v === 100 || room(v)) kept.push(v);
	}
	return kept.map((v) => ({ x: x(v), label: String(v) }));
}

/** Band zones over 0–100 from band starts: each runs to the next band's start, the last to 100. */
export function bandZones(bands: readonly { label: string; min: number; color: string }[]): { from: number; to: number; color: string; label: string }[] {
	return bands.map((b, i) => ({ from: b.min, to: i + 1 < bands.length ? bands[i + 1].min : 100, color: b.color, label: b.label }));
}
