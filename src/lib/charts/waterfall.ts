/** Layout of a waterfall of contributions: one row per metric, each bar starting where the previous one ended. */
import { scaleLinear } from 'd3';
import type { Waterfall } from '../core/waterfall';

export interface WaterfallLayout {
	width: number;
	height: number;
	margin: { top: number; right: number; bottom: number; left: number };
	rowHeight: number;
	/** One per step, then the total (the score) as the last row. */
	/**
	 * `value` says where the bar's points are written: after its end; before its start when that would run past
	 * the chart's right edge; inside its end (light on dark) when there is no room before it either.
	 */
	bars: { x: number; y: number; width: number; height: number; label: string; points: number; total: boolean; value: 'after' | 'before' | 'inside' }[];
	/** Band zones behind the bars, across the 0–100 axis. */
	zones: { x: number; width: number; color: string; label: string }[];
	xTicks: { x: number; label: string }[];
}

/** Room for a bar's points in 11 px text ("+100.0", "100.0"), and the gap between bar and text. */
const VALUE_LABEL_WIDTH = 36;
const VALUE_GAP = 4;

export function waterfallLayout(waterfall: Waterfall, zones: readonly { from: number; to: number; color: string; label: string }[], width: number, rowHeight = 22): WaterfallLayout {
	if (!(width > 0 && rowHeight > 0)) throw new Error(`invalid size; not positive: ${width} wide, rows ${rowHeight}`);
	const margin = { top: 6, right: 16, bottom: 24, left: 150 };
	const rows = waterfall.steps.length + 1;
	const height = margin.top + rows * rowHeight + margin.bottom;
	const x = scaleLinear().domain([0, 100]).range([margin.left, width - margin.right]);
	const bar = (row: number, start: number, end: number, label: string, points: number, total: boolean) => {
		const at = x(start), length = Math.max(0, x(end) - x(start));
		const value: 'after' | 'before' | 'inside' =
			at + length + VALUE_GAP + VALUE_LABEL_WIDTH <= width ? 'after' : !total && at - margin.left >= VALUE_GAP + VALUE_LABEL_WIDTH ? 'before' : 'inside';
		return { x: at, y: margin.top + row * rowHeight + 3, width: length, height: rowHeight - 6, label, points, total, value };
	};
	const bars = waterfall.steps.map((s, i) => bar(i, s.start, s.end, s.label, s.points, false));
	bars.push(bar(waterfall.steps.length, 0, waterfall.total, 'Health score', waterfall.total, true));
	return {
		width, height, margin, rowHeight, bars,
		zones: zones.map((z) => ({ x: x(z.from), width: x(z.to) - x(z.from), color: z.color, label: z.label })),
		xTicks: [0, 20, 40, 60, 80, 100].map((v) => ({ x: x(v), label: String(v) }))
	};
}

/** Band zones over 0–100 from band starts: each runs to the next band's start, the last to 100. */
export function bandZones(bands: readonly { label: string; min: number; color: string }[]): { from: number; to: number; color: string; label: string }[] {
	return bands.map((b, i) => ({ from: b.min, to: i + 1 < bands.length ? bands[i + 1].min : 100, color: b.color, label: b.label }));
}
