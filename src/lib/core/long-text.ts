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
