/**
 * A text cell shown cut short: customer data is untrusted, and a damaged export's cell (a 100,000-character name,
 * segment or owner) shown whole pushed a page's figures screens down, or widened a filter 1,180,000 px. Cut by
 * characters (code points), so an emoji's two UTF-16 units are never split; the whole text stays reachable
 * where it is cut (a disclosure, or the customer's own page), and exports always carry it whole.
 */

/** A customer's page heading (its name, else its ID): a few lines on a phone; also its link in the lists, read aloud whole. */
export const HEADING_MAX = 200;
/** A value inline among others (a fact under the name, a name in an alert, a table cell): a line or two. */
export const INLINE_MAX = 80;
/** An option of a filter's list: the list is as wide as its longest option. */
export const OPTION_MAX = 60;

/** `text` as shown: whole when at most `max` characters, else its first `max` and "…"; `count` is its length in characters when cut, else null. */
export function cutText(text: string, max: number): { shown: string; count: number | null } {
	// Fewer UTF-16 units than `max` is fewer characters too: no array for the common short value.
	if (text.length <= max) return { shown: text, count: null };
	const characters = Array.from(text);
	if (characters.length <= max) return { shown: text, count: null };
	return { shown: `${characters.slice(0, max).join('')}…`, count: characters.length };
}

/** `text` cut at `max` characters with "…" (see cutText), where the whole of it is reachable elsewhere. */
export function shortText(text: string, max: number): string {
	return cutText(text, max).shown;
}

/** How many characters (graphemes) a text shown whole has between the line-break chances it is given (textPieces). */
export const PIECE_MAX = 64;

function isHighSurrogate(unit: number): boolean {
	return unit >= 0xd800 && unit <= 0xdbff;
}

/**
 * A long text shown whole, as pieces of at most `max` graphemes to put a line-break chance (`<wbr>`) after: one word
 * of 100,000 characters left to `overflow-wrap: anywhere` took Chromium 8 s of layout at 390 px to open (4 s with
 * `word-break: break-all`), in pieces 0.1 s. Cut between graphemes, so an emoji sequence or a letter and its accents
 * stay whole; the pieces joined are the text, and copying it gives the text (a `<wbr>` adds no character).
 */
export function textPieces(text: string, max = PIECE_MAX): string[] {
	if (text.length <= max) return [text];
	// Segmented a window at a time: one segmentation of the whole text slows with its length (Node 20: 100,000 in ~5 s).
	const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
	const pieces: string[] = [];
	let start = 0;
	while (start < text.length) {
		for (let span = 4 * max; ; span *= 2) {
			let end = Math.min(text.length, start + span);
			// Never half of a surrogate pair at the window's end: the segmenter would take it for a character of its own.
			if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end++;
			// Where the grapheme after the first `max` starts: whether a boundary falls before a character depends on the
			// text before it and on that character alone, both whole in the window, so it is the whole text's boundary too.
			let count = 0;
			let next = -1;
			for (const { index } of graphemes.segment(text.slice(start, end))) {
				if (count++ === max) {
					next = index;
					break;
				}
			}
			if (next > 0 || end === text.length) {
				const stop = next > 0 ? start + next : end;
				pieces.push(text.slice(start, stop));
				start = stop;
				break;
			}
		}
	}
	return pieces;
}
