/**
 * Charts drawn at the width they are shown at: text stays at its size on a narrow screen instead of the whole
 * drawing shrinking with it (a 1,160-wide chart in a 300-pixel phone column would write 3-pixel labels).
 */

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

/** How to anchor a label centred on `x` so it stays inside 0…`width`: at its start or end when centring would cut it. */
export function anchorWithin(x: number, half: number, width: number): 'start' | 'middle' | 'end' {
	if (x + half > width) return 'end';
	if (x - half < 0) return 'start';
	return 'middle';
}
