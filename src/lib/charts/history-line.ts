/** Layout of one customer's history: a line over snapshots, optionally over band zones and with version markers. */
import { line, scaleLinear, scalePoint } from 'd3';
import { withMinus } from '../format';
import { labelEvery, labelHalf, placeLabels } from './fit';
import type { TextWidth } from './measure';

export interface HistoryPoint {
	asOf: string;
	/** NaN where there is no value: the line breaks there. */
	value: number;
}

export interface HistoryLineOptions {
	width: number;
	height: number;
	/** The value axis; default: the data's extent, niced. */
	yDomain?: [number, number];
	/** Horizontal zones (bands) from `from` to `to` on the value axis. */
	zones?: readonly { from: number; to: number; color: string; label: string }[];
	/** Snapshot indexes where something changed (a new scorecard version), with a label. */
	markers?: readonly { index: number; label: string }[];
	/** How wide the date labels are drawn (measure.ts); default: an estimate. */
	textWidth?: TextWidth | null;
}

export interface HistoryLineLayout {
	width: number;
	height: number;
	margin: { top: number; right: number; bottom: number; left: number };
	path: string;
	dots: { x: number; y: number; point: HistoryPoint }[];
	zones: { y: number; height: number; color: string; label: string }[];
	markers: { x: number; label: string }[];
	/** Date labels; `anchor` keeps the first and last inside the chart. */
	xTicks: { x: number; label: string; anchor: 'start' | 'middle' | 'end' }[];
	yTicks: { y: number; label: string }[];
}

export function historyLineLayout(points: readonly HistoryPoint[], options: HistoryLineOptions): HistoryLineLayout {
	const { width, height } = options;
	if (!(width > 0 && height > 0)) throw new Error(`invalid size; not positive: ${width}×${height}`);
	const margin = { top: 10, right: 14, bottom: 26, left: 44 };
	const x = scalePoint<string>().domain(points.map((p) => p.asOf)).range([margin.left, width - margin.right]).padding(0.3);
	const present = points.map((p) => p.value).filter((v) => v === v);
	let domain = options.yDomain;
	if (!domain) {
		const lo = present.length ? Math.min(...present) : 0;
		const hi = present.length ? Math.max(...present) : 1;
		domain = lo === hi ? [lo - 1, hi + 1] : [lo, hi];
	}
	const y = scaleLinear().domain(domain).range([height - margin.bottom, margin.top]);
	if (!options.yDomain) y.nice(4);
	const at = (p: HistoryPoint) => x(p.asOf) ?? 0;
	const path = line<HistoryPoint>().defined((p) => p.value === p.value).x(at).y((p) => y(p.value))(points as HistoryPoint[]) ?? '';
	const zones = (options.zones ?? []).map((z) => ({ y: y(z.to), height: y(z.from) - y(z.to), color: z.color, label: z.label }));
	const markers = (options.markers ?? []).filter((m) => m.index >= 0 && m.index < points.length).map((m) => ({ x: at(points[m.index]), label: m.label }));
	// At most 7 date labels, each with 80 px, always the last one, none running into the next.
	const every = labelEvery(points.length, width - margin.left - margin.right, 7, 80);
	return {
		width, height, margin, path, zones, markers,
		dots: points.filter((p) => p.value === p.value).map((p) => ({ x: at(p), y: y(p.value), point: p })),
		xTicks: placeLabels(points.map((p) => ({ x: at(p), label: p.asOf })), every, labelHalf(points.map((p) => p.asOf), options.textWidth ?? null), width),
		yTicks: y.ticks(4).map((v) => ({ y: y(v), label: withMinus(String(v)) }))
	};
}
