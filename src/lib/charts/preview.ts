/**
 * Layout of a normalization preview: the column's own distribution (histogram, or one bar per level) under the
 * value → sub-score curve. Pure; drawn by NormalizationPreview.svelte.
 */
import { bisectLeft, line, scaleBand, scaleLinear, type ScaleLinear } from 'd3';
import { formatCount, formatValue, UNIT_SPACE } from '../format';
import { subScoreOfValue } from '../core/normalize';
import type { CategoryNormalization, Normalization, ThresholdRange } from '../core/scorecard';
import { quantileSorted, sortedPresent } from '../core/stats';
import type { Column } from '../core/table';
import { anchorWithin, labelExtent } from './fit';
import { shortened } from './grouped-bars';
import type { TextWidth } from './measure';

/** What a preview needs from a column, computed once per column (the layout is recomputed on every edit). */
export type Distribution =
	| { kind: 'number'; rows: number; missing: number; /** finite values, ascending */ sorted: Float64Array }
	| { kind: 'levels'; rows: number; missing: number; levels: string[]; counts: number[] }
	| { kind: 'none'; rows: number; missing: number; reason: string };

export function distributionOf(column: Column | undefined): Distribution {
	if (!column) return { kind: 'none', rows: 0, missing: 0, reason: 'the column is not in the data' };
	if (column.kind === 'text') return { kind: 'none', rows: column.values.length, missing: 0, reason: 'the column holds text' };
	if (column.kind === 'category') {
		const counts = new Array<number>(column.levels.length).fill(0);
		let missing = 0;
		for (const code of column.codes) code < 0 ? missing++ : counts[code]++;
		return { kind: 'levels', rows: column.codes.length, missing, levels: column.levels, counts };
	}
	// ±Infinity is no measurement: scoring gives it no sub-score, so it counts as missing here too.
	// Sorted, −Infinity comes first and +Infinity last: the finite values are the run between them.
	const present = sortedPresent(column.values);
	let lo = 0;
	let hi = present.length;
	while (lo < hi && present[lo] === -Infinity) lo++;
	while (hi > lo && present[hi - 1] === Infinity) hi--;
	const sorted = present.subarray(lo, hi);
	return { kind: 'number', rows: column.values.length, missing: column.values.length - sorted.length, sorted };
}

export interface PreviewSize {
	width: number;
	height: number;
}

/** One bar of the histogram: customers with values in [x0, x1) (the last bar includes x1). */
export interface ValueBar { x: number; y: number; width: number; height: number; x0: number; x1: number; count: number }

/** One bar per level: its customers, and the level's points (null: counts as missing). */
export interface LevelBar { level: string; /** the level as written under its bar, shortened with "…" */ text: string; x: number; width: number; y: number; height: number; count: number; points: number | null; pointsY: number | null }

interface Frame {
	width: number;
	height: number;
	plot: { left: number; right: number; top: number; bottom: number };
	/** Text for screen readers: what the normalization does, how many customers, how many missing. */
	label: string;
}

export type PreviewLayout =
	| (Frame & { kind: 'curve'; domain: [number, number]; bars: ValueBar[]; points: [value: number, subScore: number][]; curve: string; ticks: { x: number; label: string; anchor: 'start' | 'middle' | 'end' }[] })
	| (Frame & { kind: 'levels'; bars: LevelBar[] })
	| (Frame & { kind: 'none' });

const MARGIN = { top: 6, right: 6, bottom: 16, left: 26 };
const BINS = 24;
const MAX_LEVELS = 24;

/** `textWidth`: how wide the 10 px tick text is drawn (measure.ts); without it, estimates. */
export function previewLayout(dist: Distribution, n: Normalization, size: PreviewSize, textWidth: TextWidth | null = null): PreviewLayout {
	const { width, height } = size;
	if (!(width >= 60 && height >= 40)) throw new Error(`invalid preview size; below 60×40: ${width}×${height}`);
	// Room for the "100" written 4 px left of the plot: with wide letter spacing it outgrew the 26 px.
	const left = Math.max(MARGIN.left, textWidth ? Math.ceil(textWidth('100', 10)) + 4 : 0);
	const plot = { left, right: width - MARGIN.right, top: MARGIN.top, bottom: height - MARGIN.bottom };
	const frame = (text: string): Frame => ({ width, height, plot, label: `${text}; ${population(dist)}` });
	if (dist.kind === 'none') return { ...frame(`No preview: ${dist.reason}`), kind: 'none' };
	if (n.kind === 'category') return { ...frame(describeCategory(n)), kind: 'levels', bars: levelBars(levelsOf(dist), n, plot, textWidth) };
	if (dist.kind === 'levels') return { ...frame(`No preview: the column holds categories, which need category points`), kind: 'none' };
	const domain = domainOf(dist.sorted, knots(n));
	if (!domain) return { ...frame(`${describe(n)}; no values to show`), kind: 'none' };
	const x = scaleLinear().domain(domain).range([plot.left, plot.right]);
	const y = scaleLinear().domain([0, 100]).range([plot.bottom, plot.top]);
	const points = curvePoints(n, dist.sorted, domain);
	const path = line<[number, number]>()
		.defined((p) => !Number.isNaN(p[1]))
		.x((p) => x(p[0]))
		.y((p) => y(p[1]))(points) ?? '';
	const ticks = curveTicks(x, width, textWidth);
	return { ...frame(describe(n)), kind: 'curve', domain, bars: valueBars(dist.sorted, domain, x, plot), points, curve: path, ticks };
}

/**
 * About 4 value labels, each kept inside the chart (the last one, centred on the plot's right end, ran 6 px and
 * more past it) and none within 4 px of the one before, measured when `textWidth` is given.
 */
function curveTicks(x: ScaleLinear<number, number>, width: number, textWidth: TextWidth | null): { x: number; label: string; anchor: 'start' | 'middle' | 'end' }[] {
	const format = x.tickFormat(4);
	const kept: { x: number; label: string; anchor: 'start' | 'middle' | 'end' }[] = [];
	let right = -Infinity;
	for (const v of x.ticks(4)) {
		const label = format(v), at = x(v);
		if (!textWidth) { kept.push({ x: at, label, anchor: 'middle' }); continue; }
		const half = textWidth(label, 10) / 2;
		const anchor = anchorWithin(at, half, width);
		const [from, to] = labelExtent(at, anchor, half);
		if (from < right + 4) continue;
		kept.push({ x: at, label, anchor });
		right = to;
	}
	return kept;
}

function population(dist: Distribution): string {
	const share = dist.rows ? (dist.missing / dist.rows) * 100 : 0;
	const shown = share === 0 ? '0' : share < 1 ? 'under 1' : share > 99 && share < 100 ? 'over 99' : String(Math.round(share));
	return `${formatCount(dist.rows)} customers, ${shown}${UNIT_SPACE}% missing`;
}

/** The values where the sub-score curve bends or jumps. */
function knots(n: Normalization): number[] {
	switch (n.kind) {
		case 'linear': return [n.worst, n.best];
		case 'target': return [n.zeroBelow, n.lo, n.hi, n.zeroAbove];
		case 'thresholds': return n.ranges.flatMap((r) => [r.from, r.to]).filter((v): v is number => v !== null);
		case 'asIs': return [0, 100];
		default: return [];
	}
}

/**
 * The x range: the 1st to 99th percentile of the values (so one outlier does not squash the rest), widened
 * to take in every knot of the curve. Null when there is nothing to place.
 */
export function domainOf(sorted: Float64Array, knotValues: number[]): [number, number] | null {
	const finite = knotValues.filter(Number.isFinite);
	const ends = sorted.length ? [quantileSorted(sorted, 0.01), quantileSorted(sorted, 0.99)] : [];
	const all = [...ends, ...finite];
	if (all.length === 0) return null;
	const lo = Math.min(...all), hi = Math.max(...all);
	return lo < hi ? [lo, hi] : [lo - 0.5, hi + 0.5];
}

/**
 * The curve as (value, sub-score) points across the domain. Piecewise-linear kinds are exact at their knots;
 * a grading table is flat between knots, so each interval gets two points at its sub-score (NaN: not scored).
 */
function curvePoints(n: Normalization, sorted: Float64Array, [lo, hi]: [number, number]): [number, number][] {
	if (n.kind === 'percentile') return percentileCurve(sorted, n.higherIsBetter, lo, hi);
	const xs = [...new Set([lo, hi, ...knots(n).filter((k) => k > lo && k < hi)])].sort((a, b) => a - b);
	const f = (v: number) => subScoreOfValue(n, v);
	if (n.kind !== 'thresholds') return xs.map((v) => [v, f(v)]);
	const out: [number, number][] = [];
	for (let i = 0; i + 1 < xs.length; i++) {
		const s = f((xs[i] + xs[i + 1]) / 2);
		out.push([xs[i], s], [xs[i + 1], s]);
	}
	return out;
}

/** Percentile rank at each distinct value (ties share their mean rank, as in scoring), thinned to about 200 points. */
function percentileCurve(sorted: Float64Array, higher: boolean, lo: number, hi: number): [number, number][] {
	const m = sorted.length;
	const out: [number, number][] = [];
	for (let first = 0; first < m; ) {
		let last = first;
		while (last + 1 < m && sorted[last + 1] === sorted[first]) last++;
		const rank = m === 1 ? 50 : ((first + last) / 2) * (100 / (m - 1));
		const v = Math.min(hi, Math.max(lo, sorted[first]));
		out.push([v, higher ? rank : 100 - rank]);
		first = last + 1;
	}
	const step = Math.ceil(out.length / 200);
	return step <= 1 ? out : out.filter((_, i) => i % step === 0 || i === out.length - 1);
}

function valueBars(sorted: Float64Array, [lo, hi]: [number, number], x: (v: number) => number, plot: Frame['plot']): ValueBar[] {
	const edges = Array.from({ length: BINS - 1 }, (_, i) => lo + ((i + 1) * (hi - lo)) / BINS);
	const bins = binSorted(sorted, lo, hi, edges);
	const max = Math.max(1, ...bins.map((b) => b.count));
	const y = scaleLinear().domain([0, max]).range([plot.bottom, plot.top]);
	return bins.map(({ x0, x1, count }) => ({ x: x(x0) + 0.5, y: y(count), width: Math.max(0, x(x1) - x(x0) - 1), height: plot.bottom - y(count), x0, x1, count }));
}

/**
 * d3's bin() with these thresholds over [lo, hi], values beyond the domain joining the end bins (so every customer is
 * counted), worked out on the ascending values by binary search: the page draws a preview per metric and again on
 * every edit, and binning every value of a large column each time held the main thread for tens of ms.
 */
export function binSorted(sorted: ArrayLike<number>, lo: number, hi: number, thresholds: readonly number[]): { x0: number; x1: number; count: number }[] {
	// As d3: thresholds at or below the domain's start, or past its end, are dropped; a value on a threshold is above it.
	const inside = thresholds.filter((t) => t > lo && t <= hi);
	const starts = [0, ...inside.map((t) => bisectLeft(sorted, t)), sorted.length];
	return [lo, ...inside].map((x0, i) => ({ x0, x1: i < inside.length ? inside[i] : hi, count: starts[i + 1] - starts[i] }));
}

/** Levels and counts; a number column scored by category points has its distinct values as levels, written as in scoring. */
function levelsOf(dist: Exclude<Distribution, { kind: 'none' }>): { levels: string[]; counts: number[] } {
	if (dist.kind === 'levels') return dist;
	const levels: string[] = [], counts: number[] = [];
	for (let i = 0; i < dist.sorted.length; ) {
		let j = i;
		while (j < dist.sorted.length && dist.sorted[j] === dist.sorted[i]) j++;
		levels.push(String(dist.sorted[i]));
		counts.push(j - i);
		i = j;
	}
	return { levels, counts };
}

function levelBars({ levels, counts }: { levels: string[]; counts: number[] }, n: CategoryNormalization, plot: Frame['plot'], textWidth: TextWidth | null): LevelBar[] {
	const shown = levels.slice(0, MAX_LEVELS);
	const x = scaleBand<string>().domain(shown).range([plot.left, plot.right]).padding(0.25);
	const max = Math.max(1, ...counts.slice(0, MAX_LEVELS));
	const count = scaleLinear().domain([0, max]).range([plot.bottom, plot.top]);
	const sub = scaleLinear().domain([0, 100]).range([plot.bottom, plot.top]);
	return shown.map((level, i) => {
		const points = (Object.hasOwn(n.points, level) ? n.points[level] : null) ?? n.otherPoints ?? null;
		const c = counts[i];
		// Each name within its bar's step, so it neither meets the next nor leaves the chart; 9 characters unmeasured.
		const text = textWidth ? shortened(level, x.step(), textWidth, 10) : level.length > 9 ? `${level.slice(0, 8)}…` : level;
		return { level, text, x: x(level) ?? 0, width: x.bandwidth(), y: count(c), height: plot.bottom - count(c), count: c, points, pointsY: points === null ? null : sub(points) };
	});
}

const num = (v: number) => (Number.isFinite(v) ? formatValue(v) : String(v));

function describe(n: Exclude<Normalization, CategoryNormalization>): string {
	switch (n.kind) {
		case 'linear': return `Sub-score from 0 at ${num(n.worst)} to 100 at ${num(n.best)}`;
		case 'target': return `Sub-score 100 from ${num(n.lo)} to ${num(n.hi)}, falling to 0 at ${num(n.zeroBelow)} and at ${num(n.zeroAbove)}`;
		case 'percentile': return `Sub-score is the percentile rank: ${n.higherIsBetter ? 'higher' : 'lower'} values score higher`;
		case 'asIs': return 'The value is the sub-score, kept within 0 to 100';
		case 'thresholds': {
			const rows = [...n.ranges].sort((a, b) => (a.from ?? -Infinity) - (b.from ?? -Infinity)).map(describeRange);
			return `Grading table, points: ${rows.join(', ') || 'no ranges'}`;
		}
	}
}

function describeRange({ from, to, points }: ThresholdRange): string {
	if (from === null) return to === null ? `any value ${points}` : `below ${num(to)} ${points}`;
	return to === null ? `${num(from)} and above ${points}` : `${num(from)} to ${num(to)} ${points}`;
}

function describeCategory(n: CategoryNormalization): string {
	const entries = Object.entries(n.points);
	const listed = entries.slice(0, 6).map(([level, p]) => `${level} ${p}`).join(', ');
	const more = entries.length > 6 ? ` and ${entries.length - 6} more` : '';
	const other = n.otherPoints === null ? 'other values count as missing' : `other values ${n.otherPoints}`;
	return `Points by value: ${listed || 'none'}${more}; ${other}`;
}
