/**
 * The width in px of the widest of `texts` set in `node`'s font at `weight`, for a fixed grid track that must
 * hold them whole whatever the labels and the font (a track sized in `ch` cuts wide letters). NaN without a canvas.
 */
export function widestText(texts: readonly string[], node: Element, weight = 600): number {
	const context = document.createElement('canvas').getContext('2d');
	if (!context) return NaN;
	const style = getComputedStyle(node);
	context.font = `${weight} ${style.fontSize} ${style.fontFamily}`;
	return Math.max(0, ...texts.map((text) => context.measureText(text).width));
}
