import type { TextWidth } from '../charts/measure';

/**
 * The width in px of the widest of `texts` set in `node`'s font at `weight`, its letter and word spacing counted,
 * for a fixed grid track that must hold them whole whatever the labels and the font (a track sized in `ch` cuts wide
 * letters). NaN without a canvas.
 */
export function widestText(texts: readonly string[], node: Element, weight = 600): number {
	const width = chartTextWidth(node);
	if (!width) return NaN;
	const px = parseFloat(getComputedStyle(node).fontSize) || 16;
	return Math.max(0, ...texts.map((text) => width(text, px, weight)));
}

/**
 * A TextWidth for text in `node`'s font family, with its letter and word spacing taken as a share of the font size
 * (user styles give them in em, and the charts' text is smaller than the page's): text-spacing overrides made labels
 * wider than the per-character estimates, so they were cut at the chart's edge. The share is the larger of `node`'s
 * and its first text's, so spacing set in px or inherited from the page is not undercounted. Null without a canvas.
 */
export function chartTextWidth(node: Element): TextWidth | null {
	const context = document.createElement('canvas').getContext('2d');
	if (!context) return null;
	const styles = [node, node.querySelector('text') ?? node].map((e) => getComputedStyle(e));
	const share = (key: 'letterSpacing' | 'wordSpacing') =>
		Math.max(0, ...styles.map((style) => (parseFloat(style[key]) || 0) / (parseFloat(style.fontSize) || 16)));
	const letter = share('letterSpacing'), word = share('wordSpacing'), family = styles[0].fontFamily;
	return (text, px, weight = 400) => {
		context.font = `${weight} ${px}px ${family}`;
		const spaces = text.split(' ').length - 1;
		// Chromium adds the letter spacing after every character, the last included; 1 px for rounding and hinting.
		return context.measureText(text).width + letter * px * [...text].length + word * px * spaces + 1;
	};
}
