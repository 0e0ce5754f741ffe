/** Layout of the portfolio trend: per snapshot a bar of band shares stacked to 100 %, and the average score as a line. */
import { line, scaleBand, scaleLinear } from 'd3';
import type { TrendPoint } from '../core/trend';
import { labelEvery, labelHalf, placeLabels } from './fit';
import type { TextWidth } from './measure';

export interface TrendBand {
	label: string;
	color: string;
}

export interface TrendLayout {
	width: number;
	height: number;
	margin: { top: number; right: number; bottom: number; left: number };
	columns: { x: number; width: number; asOf: string; segments: { y: number; height: number; color: string; label: string; share: number }[] }[];
	/** The average score on the same 0–100 axis (shares and scores are both 0–100). */
	averagePath: string;
	averageDots: { x: number; y: number; value: number; asOf: string }[];
	/** Date labels; `anchor` keeps the first and last inside the chart. */
	xTicks: { x: number; label: string; anchor: 'start' | 'middle' | 'end' }[];
	yTicks: { y: number; label: string }[];
}

/**
 * The widest a bar is drawn, in px (the demo's 12 snapshots on a wide screen are about 74): one or two snapshots
 * would otherwise stretch a bar over half the chart or all of it.
 */
export const MAX_BAR_WIDTH = 80;
const PADDING_INNER = 0.2;
const PADDING_OUTER = 0.1;

/** The span the bars take: the whole plot, or, where its bars would be wider than MAX_BAR_WIDTH, a narrower span centred in it. */
function barsRange(count: number, left: number, right: number): [number, number] {
	// scaleBand's step is span / (n − inner + 2 · outer), and a bar is (1 − inner) of a step.
	const span = (MAX_BAR_WIDTH / (1 - PADDING_INNER)) * (count - PADDING_INNER + 2 * PADDING_OUTER);
	if (count === 0 || span >= right - left) return [left, right];
	const centre = (left + right) / 2;
	return [centre - span / 2, centre + span / 2];
}

/** `measure` picks the shares stacked: of customers or of ARR; `textWidth`, how wide the date labels are drawn (measure.ts). */
export function trendLayout(
	points: readonly TrendPoint[], bands: readonly TrendBand[], measure: 'customers' | 'arr', width: number, height: number, textWidth: TextWidth | null = null
): TrendLayout {
	if (!(width > 0 && height > 0)) throw new Error(`invalid size; not positive: ${width}×${height}`);
	const margin = { top: 10, right: 12, bottom: 26, left: 40 };
	const x = scaleBand<string>().domain(points.map((p) => p.asOf)).range(barsRange(points.length, margin.left, width - margin.right)).paddingInner(PADDING_INNER).paddingOuter(PADDING_OUTER);
	const y = scaleLinear().domain([0, 100]).range([height - margin.bottom, margin.top]);
	const columns = points.map((p) => {
		let base = 0;
		const segments = bands.map((band, b) => {
			const share = measure === 'customers' ? p.bands[b].share : p.bands[b].arrShare;
			const top = base + share;
			const segment = { y: y(top), height: y(base) - y(top), color: band.color, label: band.label, share };
			base = top;
			return segment;
		});
		return { x: x(p.asOf) ?? 0, width: x.bandwidth(), asOf: p.asOf, segments };
	});
	const centre = (asOf: string) => (x(asOf) ?? 0) + x.bandwidth() / 2;
	const averageDots = points.filter((p) => p.averageScore === p.averageScore).map((p) => ({ x: centre(p.asOf), y: y(p.averageScore), value: p.averageScore, asOf: p.asOf }));
	const path = line<TrendPoint>()
		.defined((p) => p.averageScore === p.averageScore)
		.x((p) => centre(p.asOf))
		.y((p) => y(p.averageScore))(points as TrendPoint[]);
	// At most 8 date labels, each with 80 px, always the last one, none running into the next.
	const every = labelEvery(points.length, width - margin.left - margin.right, 8, 80);
	const xTicks = placeLabels(points.map((p) => ({ x: centre(p.asOf), label: p.asOf })), every, labelHalf(points.map((p) => p.asOf), textWidth), width);
	return {
		width, height, margin, columns,
		averagePath: path ?? '',
		averageDots,
		xTicks,
		yTicks: [0, 25, 50, 75, 100].map((v) => ({ y: y(v), label: String(v) }))
	};
}
