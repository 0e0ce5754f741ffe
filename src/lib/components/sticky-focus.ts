/**
 * What the keyboard focuses in a grid of rows (role=row) with a sticky header row and first column is scrolled out
 * from under them: the browser brings a focused element into the box, not out from under what sticks in it. 8 px
 * leave room for the focus ring. For the box's focusin.
 */
export function clearOfStickyParts(e: FocusEvent): void {
	const box = e.currentTarget as HTMLElement;
	const shown = (e.target as HTMLElement).getBoundingClientRect();
	const cell = (e.target as HTMLElement).closest('[role=row] > *');
	const row = cell?.parentElement;
	const head = box.firstElementChild;
	if (!cell || !row || !head) return;
	const under = head.getBoundingClientRect().bottom - shown.top;
	if (row !== head && under > -8) box.scrollTop -= under + 8;
	const beside = row.firstElementChild!.getBoundingClientRect().right - shown.left;
	if (cell !== row.firstElementChild && beside > -8) box.scrollLeft -= beside + 8;
}
