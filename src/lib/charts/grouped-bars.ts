/**
 * Layout of horizontal grouped bars with optional 95 % interval whiskers: one row group per category (a
 * metric, a band, a decile), one bar per series (manual, suggested). Pure; drawn by GroupedBars.svelte.
 */
import type { TextWidth } from './measure';
import { scaleBand, scaleLinear } from 'd3';
import { formatPercentAsIs } from '../format';

/** One series: its name and how its bars are told apart without colour (fill pattern). */
export interface BarSeries {
	key: string;
	label: string;
	color: string;
	/** Hatched bars for the second series, so colour is never the only signal. */
	hatched: boolean;
}

/** One bar's value and optional interval, in the chart's units. */
export interface BarValue {
	value: number;
	lo?: number;
	hi?: number;
}

export interface BarGroup {
	label: string;
	/** One per series, in series order (NaN = no bar). */
	values: BarValue[];
}

export interface GroupedBarsLayout {
	width: number;
	height: number;
	margin: { top: number; right: number; bottom: number; left: number };
	bars: { x: number; y: number; width: number; height: number; series: number; group: number; title: string }[];
	whiskers: { x1: number; x2: number; y: number; series: number; group: number }[];
	/** Each group's label as drawn (`text`: shortened with "…" to fit left of the bars) and whole (`label`, its title). */
	groupLabels: { y: number; label: string; text: string }[];
	xTicks: { x: number; label: string }[];
}

/** Rows of `rowHeight` px per group; x from 0 to the largest value or interval end (or `max`). */
export function groupedBarsLayout(
	groups: readonly BarGroup[], series: readonly BarSeries[], width: number,
	options: { rowHeight?: number; max?: number; format?: (v: number) => string; labelWidth?: number; measure?: TextWidth | null } = {}
): GroupedBarsLayout {
	if (!(width > 0)) throw new Error(`invalid width; not positive: ${width}`);
	if (series.length === 0) throw new Error('invalid series; none given');
	for (const g of groups) if (g.values.length !== series.length) throw new Error(`invalid group “${g.label}”; ${g.values.length} values for ${series.length} series`);
	const rowHeight = options.rowHeight ?? 14 * series.length + 10;
	const format = options.format ?? ((v: number) => String(v));
	const margin = { top: 4, right: 16, bottom: 22, left: options.labelWidth ?? 150 };
	const height = margin.top + margin.bottom + rowHeight * Math.max(1, groups.length);
	const ends = groups.flatMap((g) => g.values.flatMap((v) => [v.value, v.hi ?? NaN])).filter(Number.isFinite);
	const max = options.max ?? Math.max(1e-9, ...ends);
	const x = scaleLinear().domain([0, max]).nice(5).range([margin.left, width - margin.right]);
	const y = scaleBand<number>().domain(groups.map((_, i) => i)).range([margin.top, height - margin.bottom]).paddingInner(0.2).paddingOuter(0.1);
	const inner = scaleBand<number>().domain(series.map((_, i) => i)).range([0, y.bandwidth()]).padding(0.1);
	const bars: GroupedBarsLayout['bars'] = [];
	const whiskers: GroupedBarsLayout['whiskers'] = [];
	groups.forEach((g, gi) => {
		g.values.forEach((v, si) => {
			if (!Number.isFinite(v.value)) return;
			const top = y(gi)! + inner(si)!;
			const interval = v.lo !== undefined && v.hi !== undefined && Number.isFinite(v.lo) && Number.isFinite(v.hi) ? ` (${formatPercentAsIs(95)} interval ${format(v.lo)} to ${format(v.hi)})` : '';
			bars.push({ x: x(0), y: top, width: Math.max(0, x(Math.max(0, v.value)) - x(0)), height: inner.bandwidth(), series: si, group: gi, title: `${g.label}, ${series[si].label}: ${format(v.value)}${interval}` });
			if (interval) whiskers.push({ x1: x(Math.max(0, v.lo!)), x2: x(Math.min(x.domain()[1], v.hi!)), y: top + inner.bandwidth() / 2, series: si, group: gi });
		});
	});
	// About 5 ticks; fewer while they would stand closer than 40 px (a narrow chart), down to the two ends.
	let ticks = x.ticks(5);
	for (let count = 4; count >= 1 && ticks.length > 1 && x(ticks[1]) - x(ticks[0]) < 40; count--) ticks = x.ticks(count);
	return {
		width, height, margin, bars, whiskers,
		groupLabels: groups.map((g, i) => ({ y: y(i)! + y.bandwidth() / 2, label: g.label, text: shortened(g.label, margin.left, options.measure) })),
		xTicks: ticks.map((v) => ({ x: x(v), label: format(v) }))
	};
}

/**
 * A label cut to what `room` px hold, ending in "…": a long metric name was cut at the chart's left edge, its start
 * out of sight. Measured with `measure` at `px` and `weight` when given (6 px kept free), else estimated at the
 * labels' 11 px (about 6.4 px a character, wide ones included). Never under 3 characters and "…".
 */
export function shortened(label: string, room: number, measure?: TextWidth | null, px = 11, weight = 400): string {
	if (!measure) {
		const fits = Math.max(4, Math.floor((room - 6) / 6.4));
		return label.length <= fits ? label : `${label.slice(0, fits - 1).trimEnd()}…`;
	}
	const fits = (text: string) => measure(text, px, weight) <= room - 6;
	if (fits(label)) return label;
	const chars = [...label];
	for (let n = chars.length - 1; n > 3; n--) {
		const text = `${chars.slice(0, n).join('').trimEnd()}…`;
		if (fits(text)) return text;
	}
	return `${chars.slice(0, 3).join('').trimEnd()}…`;
}
