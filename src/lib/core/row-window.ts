/**
 * Which rows a scrolled box of rows of one height draws: those in view and `overscan` more on each side. The
 * rows' elements are kept by position modulo `slots` (more than a window can hold): a scroll by a few rows keeps
 * the rows still in view as they are, and a jump refills the same elements instead of building new ones.
 */
export interface RowWindow {
	/** The first row drawn. */
	first: number;
	/** One past the last row drawn. */
	last: number;
	/** How many elements the window keeps, by position modulo this. */
	slots: number;
}

/** Options of rowWindow; lengths in pixels. */
export interface RowWindowOptions {
	scrollTop: number;
	viewport: number;
	rowHeight: number;
	count: number;
	overscan: number;
}

export function rowWindow({ scrollTop, viewport, rowHeight, count, overscan }: RowWindowOptions): RowWindow {
	if (!(rowHeight > 0)) throw new Error(`invalid rowHeight; not > 0: ${rowHeight}`);
	if (!(Number.isInteger(overscan) && overscan >= 0)) throw new Error(`invalid overscan; not a whole number ≥ 0: ${overscan}`);
	const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
	const last = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
	return { first, last: Math.max(first, last), slots: Math.ceil(viewport / rowHeight) + 2 * overscan + 2 };
}
