import type { Attachment } from 'svelte/attachments';

/**
 * For a `.scroll-x` box: while its table is wider than the box, the box is a named region in the tab order, so a
 * keyboard user can focus it and scroll it with the arrow keys (WCAG 2.1.1; Chromium does this for any scroller,
 * other browsers do not) and a screen reader says what scrolls. A box that fits is neither, so it adds no stop.
 * Its table, when it has no name of its own (a caption, a label), is named by the same words, so that a screen
 * reader's list of the page's tables tells them apart whether or not the box scrolls.
 */
export function scrollBox(label: string): Attachment<HTMLElement> {
	return (box) => {
		const update = () => {
			if (box.scrollWidth > box.clientWidth + 1) {
				box.tabIndex = 0;
				box.setAttribute('role', 'region');
				box.setAttribute('aria-label', label);
			} else {
				box.removeAttribute('tabindex');
				box.removeAttribute('role');
				box.removeAttribute('aria-label');
			}
		};
		// The box's own size, and its content's: a table that grows or is replaced. Observing calls update once
		// the frame is laid out, before it is shown; reading the widths here instead forced a layout per box
		// while the page was being drawn (~100 ms for the Learn page's results on Telco).
		const sizes = new ResizeObserver(update);
		const watch = () => {
			sizes.disconnect();
			sizes.observe(box);
			for (const child of box.children) {
				sizes.observe(child);
				if (child instanceof HTMLTableElement && !child.caption && !child.hasAttribute('aria-label') && !child.hasAttribute('aria-labelledby')) child.setAttribute('aria-label', label);
			}
		};
		const children = new MutationObserver(watch);
		children.observe(box, { childList: true });
		watch();
		return () => {
			sizes.disconnect();
			children.disconnect();
		};
	};
}
