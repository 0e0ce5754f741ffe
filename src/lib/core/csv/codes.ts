/**
 * Whole numbers that name something rather than measure it: area codes, zip codes, phone numbers, order
 * numbers, other IDs, years. As number metrics they would be scored "higher is better", which means nothing, so
 * the proposal makes them a category (or text, when most values differ) set to Ignore, and says why.
 */
import { headerWords } from './roles';

/** What code proposal needs to know of a sampled number column. */
export interface CodeEvidence {
	/** The header as written ("Account #" keeps its '#'). */
	header: string;
	/** The column's name in Checkup. */
	name: string;
	/** Present values in the sample. */
	present: number;
	/** Distinct present values (counting stops at 1,000, which the reason calls "at least 1,000"). */
	distinct: number;
	/** Every value read as a number is a whole number ≥ 0. */
	wholeNonNegative: boolean;
	/** Smallest and largest values read as numbers (NaN when none). */
	min: number;
	max: number;
}

/** The words that make a name a code wherever they stand: "zip", "zip code", "postal area". */
const ANYWHERE = new Set(['zip', 'zipcode', 'postcode', 'postal', 'msisdn']);
/** The words that make a name a code as its last word: "area code", "plan id", "order number", "account no". */
const LAST = new Set(['code', 'id', 'identifier', 'uuid', 'guid', 'phone', 'telephone', 'tel', 'fax', 'number', 'no', 'nr', 'num', 'ref', 'reference', 'sku']);
/** "number" after these words is an amount: "total number", "max number". */
const NUMBER_WORDS = new Set(['number', 'no', 'nr', 'num']);
const AMOUNT = new Set(['total', 'count', 'sum', 'average', 'avg', 'mean', 'median', 'max', 'maximum', 'min', 'minimum']);
const YEARS = { from: 1900, to: 2100 };
/** At most this many distinct values, and each on average at least twice, make a category (as inferType's rule). */
const MAX_CATEGORY_LEVELS = 100;

/**
 * The word of the name that says "code" (as written lower-case, or '#' for a header ending in '#'), or null.
 * A count names what it counts last ("number of calls", "number vmail messages", "num logins"), so number /
 * no / num only mark a code as the last word, and not after total, count, average, max or min.
 */
export function codeWord(header: string, name: string): string | null {
	if (/#\s*$/.test(header)) return '#';
	const words = headerWords(name).split(' ').filter((w) => w.length > 0);
	if (words.length === 0) return null;
	const anywhere = words.find((w) => ANYWHERE.has(w));
	if (anywhere) return anywhere;
	const last = words[words.length - 1];
	if (!LAST.has(last)) return null;
	if (NUMBER_WORDS.has(last) && words.length > 1 && AMOUNT.has(words[words.length - 2])) return null;
	return last;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/**
 * What to propose for a number column that looks like a code or a year: its type (a category of up to 100
 * values each seen twice on average, else text) and the reason shown on its row; null for anything else. Only
 * whole numbers ≥ 0 can be codes; a year column ("year", "signup year", not "years") must hold only 1900–2100.
 */
export function codeProposal(c: CodeEvidence): { type: 'category' | 'text'; reason: string } | null {
	if (!c.wholeNonNegative || c.present === 0) return null;
	const type = c.distinct <= MAX_CATEGORY_LEVELS && c.distinct * 2 <= c.present ? 'category' : 'text';
	const distinct = `${c.distinct >= 1000 ? 'at least ' : ''}${plural(c.distinct, 'distinct whole number')}`;
	const word = codeWord(c.header, c.name);
	if (word !== null) return { type, reason: `Looks like a code, not an amount: its name says “${word}”, ${distinct}.` };
	if (headerWords(c.name).split(' ').includes('year') && c.min >= YEARS.from && c.max <= YEARS.to) {
		const span = c.min === c.max ? `${c.min}` : `${c.min} to ${c.max}`;
		return { type, reason: `Looks like a year, not an amount: its name says “year”, ${distinct} (${span}).` };
	}
	return null;
}
