/**
 * Layout of line charts on the unit square (ROC curves, calibration): series of points → SVG paths, with
 * the diagonal of "no skill" / "perfect calibration". Pure; drawn by LineChart.svelte.
 */
import { line, scaleLinear } from 'd3';

export interface LineSeries {
	key: string;
	label: string;
	color: string;
	/** SVG stroke-dasharray, so series differ by more than colour ('' = solid). */
	dash: string;
	points: readonly [number, number][];
	/** Draw a marker at each point (calibration bins). */
	markers?: boolean;
}

export interface LinesLayout {
	width: number;
	height: number;
	margin: { top: number; right: number; bottom: number; left: number };
	paths: { key: string; d: string; color: string; dash: string }[];
	markers: { key: string; x: number; y: number; color: string }[];
	diagonal: { x1: number; y1: number; x2: number; y2: number };
	ticks: { at: number; x: number; y: number; label: string }[];
}

/** Both axes from 0 to 1; points outside are clamped to the frame. */
export function linesLayout(series: readonly LineSeries[], width: number, height: number): LinesLayout {
	if (!(width > 0 && height > 0)) throw new Error(`invalid size; not positive: ${width}×${height}`);
	const margin = { top: 8, right: 12, bottom: 34, left: 44 };
	const x = scaleLinear().domain([0, 1]).range([margin.left, width - margin.right]).clamp(true);
	const y = scaleLinear().domain([0, 1]).range([height - margin.bottom, margin.top]).clamp(true);
	const path = line<readonly [number, number]>().x((p) => x(p[0])).y((p) => y(p[1]));
	return {
		width, height, margin,
		paths: series.filter((s) => s.points.length > 1).map((s) => ({ key: s.key, d: path(s.points) ?? '', color: s.color, dash: s.dash })),
		markers: series.filter((s) => s.markers).flatMap((s) => s.points.map(([px, py]) => ({ key: s.key, x: x(px), y: y(py), color: s.color }))),
		diagonal: { x1: x(0), y1: y(0), x2: x(1), y2: y(1) },
		ticks: [0, 0.2, 0.4, 0.6, 0.8, 1].map((t) => ({ at: t, x: x(t), y: y(t), label: String(t) }))
	};
}
