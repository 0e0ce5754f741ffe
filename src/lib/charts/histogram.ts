/** Layout of a vertical bar histogram: bins + size → bars and ticks. Pure; drawn by Histogram.svelte. */
import { scaleLinear } from 'd3';
import { labelEvery } from './fit';

export interface Bin {
	from: number;
	to: number;
	count: number;
	color: string;
	/** Text for the bar's tooltip and the chart's description. */
	label: string;
}

export interface HistogramLayout {
	width: number;
	height: number;
	margin: { top: number; right: number; bottom: number; left: number };
	bars: { x: number; y: number; width: number; height: number; bin: Bin }[];
	xTicks: { x: number; label: string }[];
	yTicks: { y: number; label: string }[];
	/** Where the axis titles go: the x title centred under the tick labels, the y title turned up beside them. */
	xTitle: { x: number; y: number };
	yTitle: { x: number; y: number };
}

export function histogramLayout(bins: Bin[], width: number, height: number): HistogramLayout {
	if (!(width > 0 && height > 0)) throw new Error(`invalid size; not positive: ${width}×${height}`);
	// Room for the tick labels and, outside them, each axis's title.
	const margin = { top: 8, right: 16, bottom: 38, left: 54 };
	const lo = bins.length ? bins[0].from : 0;
	const hi = bins.length ? bins[bins.length - 1].to : 1;
	const max = Math.max(1, ...bins.map((b) => b.count));
	const x = scaleLinear().domain([lo, hi]).range([margin.left, width - margin.right]);
	const y = scaleLinear().domain([0, max]).nice(4).range([height - margin.bottom, margin.top]);
	const bars = bins.map((bin) => ({
		x: x(bin.from) + 1,
		y: y(bin.count),
		width: Math.max(0, x(bin.to) - x(bin.from) - 2),
		height: y(0) - y(bin.count),
		bin
	}));
	const edges = [...new Set(bins.flatMap((b) => [b.from, b.to]))];
	// At most 11 edge labels, each with 24 px.
	const step = labelEvery(edges.length, width - margin.left - margin.right, 11, 24);
	return {
		width,
		height,
		margin,
		bars,
		xTicks: edges.filter((_, i) => i % step === 0).map((v) => ({ x: x(v), label: String(v) })),
		yTicks: y.ticks(4).filter(Number.isInteger).map((v) => ({ y: y(v), label: String(v) })),
		xTitle: { x: (margin.left + width - margin.right) / 2, y: height - 6 },
		yTitle: { x: 12, y: (margin.top + height - margin.bottom) / 2 }
	};
}
