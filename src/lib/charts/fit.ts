/**
 * Charts drawn at the width they are shown at: text stays at its size on a narrow screen instead of the whole
 * drawing shrinking with it (a 1,160-wide chart in a 300-pixel phone column would write 3-pixel labels).
 */
import type { TextWidth } from './measure';

/** The width to lay a chart out at: its nominal width, or less when less is available, never under `min`. Before the first measurement (0), the nominal width. */
export function fitWidth(nominal: number, available: number, min = 240): number {
	if (!(available > 0)) return nominal;
	return Math.max(Math.min(nominal, min), Math.min(nominal, Math.floor(available)));
}

/**
 * Every how many points an axis writes a label, so that at most `most` labels are written and each has `slot`
 * pixels of `span`. The caller keeps the last point's label and every `every`-th before it.
 */
export function labelEvery(points: number, span: number, most: number, slot: number): number {
	const fit = Math.max(1, Math.min(most, Math.floor(span / slot)));
	return Math.max(1, Math.ceil(points / fit));
}

/** Half the width of a yyyy-mm-dd label in the charts' 11 px text, with a little room. */
export const DATE_LABEL_HALF = 32;

/** Half the width of the widest of `labels` measured at 11 px, 1 px of room; DATE_LABEL_HALF without a measure. */
export function labelHalf(labels: readonly string[], measure: TextWidth | null): number {
	return measure ? Math.max(0, ...labels.map((label) => measure(label, 11))) / 2 + 1 : DATE_LABEL_HALF;
}

/** How to anchor a label centred on `x` so it stays inside 0…`width`: at its start or end when centring would cut it. */
export function anchorWithin(x: number, half: number, width: number): 'start' | 'middle' | 'end' {
	if (x + half > width) return 'end';
	if (x - half < 0) return 'start';
	return 'middle';
}

/** Where a label of half-width `half` anchored at `x` starts and ends. */
export function labelExtent(x: number, anchor: 'start' | 'middle' | 'end', half: number): [number, number] {
	return anchor === 'middle' ? [x - half, x + half] : anchor === 'end' ? [x - 2 * half, x] : [x, x + 2 * half];
}

/**
 * Which of `points` get a label, anchored to stay inside 0…`width`: the last always, then every `every`-th
 * before it. Where two labels would come within `gap` px of each other (an end-anchored last label reaches a
 * whole label's width left of its point), the step grows until none does, so the labels stay evenly spaced:
 * shifting only the one label that collided read 2026-02-01, 2026-06-01, 2026-11-01 (4 months, then 5).
 */
export function placeLabels<T extends { x: number }>(points: readonly T[], every: number, half: number, width: number, gap = 8): (T & { anchor: 'start' | 'middle' | 'end' })[] {
	for (let step = Math.max(1, every); ; step++) {
		const kept = evenlySpaced(points, step, half, width, gap);
		if (kept) return kept;
	}
}

/** Every `step`-th point back from the last with its label, or null if two labels would come within `gap` px. One label always fits. */
function evenlySpaced<T extends { x: number }>(points: readonly T[], step: number, half: number, width: number, gap: number): (T & { anchor: 'start' | 'middle' | 'end' })[] | null {
	const kept: (T & { anchor: 'start' | 'middle' | 'end' })[] = [];
	let left = Infinity;
	for (let i = points.length - 1; i >= 0; i -= step) {
		const anchor = anchorWithin(points[i].x, half, width);
		const [from, to] = labelExtent(points[i].x, anchor, half);
		if (to + gap > left) return null;
		kept.push({ ...points[i], anchor });
		left = from;
	}
	return kept.reverse();
}
