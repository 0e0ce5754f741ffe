/**
 * What one stored column holds, for the Data page: numbers get min / median / max and a histogram on nice bin
 * edges, categories their most frequent levels, text its distinct count (and, when every value is a date, its
 * earliest, middle and latest dates). Every profile counts missing values.
 */
import { median } from './stats';
import type { CategoryColumn, Column, NumberColumn, TextColumn } from './table';

/** Values in [from, to). */
export interface ProfileBin {
	from: number;
	to: number;
	count: number;
}

export interface NumberProfile {
	kind: 'number';
	rows: number;
	missing: number;
	/** Present (non-NaN) values. */
	count: number;
	min: number;
	median: number;
	max: number;
	/** Equal-width bins on nice edges, covering min to max; empty when there are no finite values. */
	bins: ProfileBin[];
}

export interface LevelCount {
	level: string;
	count: number;
}

export interface CategoryProfile {
	kind: 'category';
	rows: number;
	missing: number;
	/** The most frequent levels, most frequent first (ties in level order). */
	levels: LevelCount[];
	/** The remaining levels in use and their rows together; null when there are none. */
	other: { levels: number; count: number } | null;
}

export interface TextProfile {
	kind: 'text';
	rows: number;
	missing: number;
	/** Distinct present values. */
	distinct: number;
	/**
	 * When every present value is an ISO date (yyyy-mm-dd, as the import writes dates): the earliest, the middle
	 * and the latest. The middle of an even count is the earlier of the two middle dates (dates are not
	 * averaged). null when a value is not such a date, or none is present.
	 */
	dates: { min: string; median: string; max: string } | null;
}

/** What one column holds. */
export type Profile = NumberProfile | CategoryProfile | TextProfile;

/** Options of {@link profileColumn}. */
export interface ProfileOptions {
	/** About how many histogram bins (the edges are nice numbers, so the count varies); default 20. */
	bins?: number;
	/** How many levels of a category are listed before "other"; default 12. */
	levels?: number;
}

export function profileColumn(column: Column, options: ProfileOptions = {}): Profile {
	const { bins = 20, levels = 12 } = options;
	if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`invalid bins; not a positive integer: ${bins}`);
	if (!(Number.isInteger(levels) && levels >= 1)) throw new Error(`invalid levels; not a positive integer: ${levels}`);
	if (column.kind === 'number') return profileNumbers(column, bins);
	if (column.kind === 'category') return profileCategories(column, levels);
	return profileText(column);
}

function profileNumbers(column: NumberColumn, binCount: number): NumberProfile {
	const values = column.values;
	let count = 0, min = Infinity, max = -Infinity, integers = true;
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (v !== v) continue;
		count++;
		if (v < min) min = v;
		if (v > max) max = v;
		if (integers && !Number.isInteger(v)) integers = false;
	}
	if (count === 0) return { kind: 'number', rows: values.length, missing: values.length, count: 0, min: NaN, median: NaN, max: NaN, bins: [] };
	const edges = Number.isFinite(min) && Number.isFinite(max) ? binEdges(min, max, binCount, integers) : [];
	return { kind: 'number', rows: values.length, missing: values.length - count, count, min, median: median(values), max, bins: countBins(values, edges) };
}

/**
 * Bin edges as d3.bin().thresholds(count) makes them: the extent made nice, a 1-2-5 step, and one more bin
 * when max falls on the last edge, so every bin is [from, to). One change: whole-number data never gets a step
 * under 1, whose bins would alternate with empty ones. One value: a single bin [value, value].
 */
export function binEdges(min: number, max: number, count: number, integers = false): number[] {
	if (!(min <= max)) throw new Error(`invalid extent; min above max: ${min} > ${max}`);
	if (min === max) return [min, min];
	let [lo, hi] = niceExtent(min, max, count);
	let step = tickIncrement(lo, hi, count);
	if (integers && step < 1) {
		step = 1;
		lo = Math.floor(min);
		hi = Math.ceil(max);
	}
	// Edges from integer multiples, as d3.ticks does: 0.3 is 3 / 10, not 0.1 + 0.1 + 0.1.
	const at = (k: number) => (step > 0 ? k * step : k / -step);
	const first = step > 0 ? Math.round(lo / step) : Math.round(lo * -step);
	const last = step > 0 ? Math.round(hi / step) : Math.round(hi * -step);
	const edges: number[] = [];
	for (let k = first; k <= last; k++) edges.push(at(k));
	if (edges[edges.length - 1] <= max) edges.push(at(last + 1));
	return edges;
}

/** The step of about `count` ticks from start to stop: 1, 2 or 5 × 10^k; negative −1/step when below 1 (d3-array's tickIncrement). */
function tickIncrement(start: number, stop: number, count: number): number {
	const step = (stop - start) / Math.max(0, count);
	const power = Math.floor(Math.log10(step));
	const error = step / Math.pow(10, power);
	const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
	return power >= 0 ? factor * Math.pow(10, power) : -Math.pow(10, -power) / factor;
}

/** start and stop moved out to multiples of the tick step until the step settles (d3-array's nice). */
function niceExtent(start: number, stop: number, count: number): [number, number] {
	let previous: number | undefined;
	for (let i = 0; i < 10; i++) {
		const step = tickIncrement(start, stop, count);
		if (step === previous || !Number.isFinite(step) || step === 0) break;
		if (step > 0) {
			start = Math.floor(start / step) * step;
			stop = Math.ceil(stop / step) * step;
		} else {
			start = Math.ceil(start * step) / step;
			stop = Math.floor(stop * step) / step;
		}
		previous = step;
	}
	return [start, stop];
}

/** How many values fall in each [edges[i], edges[i + 1]); with the single-value edges [v, v], all of them. */
function countBins(values: Float64Array, edges: number[]): ProfileBin[] {
	if (edges.length < 2) return [];
	const n = edges.length - 1;
	const counts = new Float64Array(n);
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (v !== v) continue;
		// The last edge at or below v, by binary search: exact at every edge, unlike (v − lo) / step.
		let a = 0, b = n;
		while (a < b) {
			const mid = (a + b + 1) >>> 1;
			if (edges[mid] <= v) a = mid;
			else b = mid - 1;
		}
		counts[Math.min(a, n - 1)]++;
	}
	return Array.from(counts, (count, i) => ({ from: edges[i], to: edges[i + 1], count }));
}

function profileCategories(column: CategoryColumn, shown: number): CategoryProfile {
	const counts = new Float64Array(column.levels.length);
	let missing = 0;
	for (const code of column.codes) {
		if (code < 0) missing++;
		else counts[code]++;
	}
	const all = column.levels.map((level, i) => ({ level, count: counts[i], i }));
	all.sort((a, b) => b.count - a.count || a.i - b.i);
	const levels = all.slice(0, shown).map(({ level, count }) => ({ level, count }));
	// Levels no row uses (left from a filtered table) are not "other" values.
	const rest = all.slice(shown).filter((l) => l.count > 0);
	const other = rest.length ? { levels: rest.length, count: rest.reduce((sum, l) => sum + l.count, 0) } : null;
	return { kind: 'category', rows: column.codes.length, missing, levels, other };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function profileText(column: TextColumn): TextProfile {
	const distinct = new Set<string>();
	let missing = 0;
	// Whether every distinct value so far is a date: each is looked at once, as it first comes.
	let dates = true;
	for (const v of column.values) {
		if (v === null) missing++;
		else if (dates && !distinct.has(v)) {
			distinct.add(v);
			dates = ISO_DATE.test(v);
		} else distinct.add(v);
	}
	const rows = column.values.length;
	return { kind: 'text', rows, missing, distinct: distinct.size, dates: dates && distinct.size > 0 ? dateSpread(column) : null };
}

/** The earliest, middle and latest of a column whose present values are all ISO dates (they sort as text sorts). */
function dateSpread(column: TextColumn): NonNullable<TextProfile['dates']> {
	// A second pass, for date columns only: their distinct dates are few, so counting them is cheap, and only
	// those are sorted; their counts are then walked to the middle.
	const counts = new Map<string, number>();
	let present = 0;
	for (const v of column.values) {
		if (v === null) continue;
		present++;
		counts.set(v, (counts.get(v) ?? 0) + 1);
	}
	const dates = [...counts.keys()].sort();
	const middle = Math.floor((present - 1) / 2);
	let seen = 0;
	let median = dates[0];
	for (const date of dates) {
		seen += counts.get(date) ?? 0;
		if (seen > middle) {
			median = date;
			break;
		}
	}
	return { min: dates[0], median, max: dates[dates.length - 1] };
}
