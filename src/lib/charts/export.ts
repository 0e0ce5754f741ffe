/**
 * Charts as files: an on-screen SVG serialised with its computed styles written in as presentation attributes
 * (so the file looks the same without the page's CSS), and a PNG drawn from that SVG on a canvas. Nothing is
 * fetched: the PNG is made from a blob: URL of the SVG itself.
 */

/** The styles a chart's look depends on; each becomes the SVG presentation attribute of the same name. */
const STYLE_PROPERTIES = [
	'fill',
	'fill-opacity',
	'stroke',
	'stroke-width',
	'stroke-opacity',
	'stroke-dasharray',
	'stroke-linecap',
	'opacity',
	'font-family',
	'font-size',
	'font-weight',
	'font-style',
	'text-anchor',
	'dominant-baseline',
	'visibility'
] as const;

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The chart's size in CSS pixels: its viewBox when it has one, else its box on screen. */
export function chartSize(svg: SVGSVGElement): { width: number; height: number } {
	const box = svg.viewBox.baseVal;
	if (box && box.width > 0 && box.height > 0) return { width: box.width, height: box.height };
	const rect = svg.getBoundingClientRect();
	return { width: Math.max(1, Math.round(rect.width)), height: Math.max(1, Math.round(rect.height)) };
}

/**
 * The chart as a standalone SVG document. Presentation attributes, not a style attribute: they are not inline
 * styles, so a strict Content-Security-Policy has nothing to refuse.
 */
export function serializeChart(svg: SVGSVGElement, background = '#ffffff'): string {
	const clone = svg.cloneNode(true) as SVGSVGElement;
	const originals = [svg, ...svg.querySelectorAll('*')];
	const copies = [clone, ...clone.querySelectorAll('*')];
	originals.forEach((element, i) => {
		const computed = getComputedStyle(element);
		const copy = copies[i];
		for (const property of STYLE_PROPERTIES) {
			const value = computed.getPropertyValue(property);
			if (value) copy.setAttribute(property, value);
		}
		copy.removeAttribute('style');
		copy.removeAttribute('class');
	});
	const { width, height } = chartSize(svg);
	clone.setAttribute('xmlns', SVG_NS);
	clone.setAttribute('width', String(width));
	clone.setAttribute('height', String(height));
	if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
	if (background) {
		const rect = document.createElementNS(SVG_NS, 'rect');
		for (const [name, value] of [['x', '0'], ['y', '0'], ['width', '100%'], ['height', '100%'], ['fill', background]]) rect.setAttribute(name, value);
		clone.insertBefore(rect, clone.firstChild);
	}
	return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/** The chart as an SVG file. */
export function chartSvgBlob(svg: SVGSVGElement): Blob {
	return new Blob([serializeChart(svg)], { type: 'image/svg+xml' });
}

/** The chart as a PNG file, `scale` device pixels per CSS pixel (2 is sharp on paper and on high-DPI screens). */
export async function chartPngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
	if (!(scale > 0 && scale <= 8)) throw new Error(`invalid scale; not in (0, 8]: ${scale}`);
	const { width, height } = chartSize(svg);
	const url = URL.createObjectURL(chartSvgBlob(svg));
	try {
		const image = new Image();
		image.src = url;
		await image.decode();
		const canvas = document.createElement('canvas');
		canvas.width = Math.round(width * scale);
		canvas.height = Math.round(height * scale);
		const context = canvas.getContext('2d');
		if (!context) throw new Error('This browser cannot draw the chart (no 2D canvas).');
		context.drawImage(image, 0, 0, canvas.width, canvas.height);
		return await new Promise<Blob>((done, fail) =>
			canvas.toBlob((blob) => (blob ? done(blob) : fail(new Error('This browser could not encode the chart as PNG.'))), 'image/png')
		);
	} finally {
		URL.revokeObjectURL(url);
	}
}
