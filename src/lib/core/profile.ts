/**
 * What one stored column holds, for the Data page: numbers get min / median / max and a histogram on nice bin
 * edges, categories their most frequent levels, text its distinct count, and dates (a text or category column
 * whose every value is a yyyy-mm-dd date) their earliest, middle and latest dates and a histogram on calendar
 * bins. Every profile counts missing values.
 */
import { civilOfDay, dayNumber, isIsoDate, ymd } from './dates';
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
}

/** The calendar unit of a date histogram's bins: a day, a week from Monday, a month, a quarter, or `step` years. */
export type DateUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** Dates from `from` up to the day before `to` (both yyyy-mm-dd; `to` may be past year 9999 for the last bin). */
export interface DateBin {
	from: string;
	to: string;
	count: number;
}

/**
 * A column whose every present value is an ISO date (yyyy-mm-dd, as the import writes dates): text columns of
 * dates, and the as-of column (a category of its snapshot dates).
 */
export interface DateProfile {
	kind: 'date';
	rows: number;
	missing: number;
	/** Present values. */
	count: number;
	/** Distinct present dates. */
	distinct: number;
	/** The earliest, the middle and the latest date. The middle of an even count is the earlier of the two middle dates (dates are not averaged). */
	min: string;
	median: string;
	max: string;
	/** The bins' unit: the finest of day, week, month, quarter and year that spans min to max in at most `bins` bins. */
	unit: DateUnit;
	/** Years a bin spans when `unit` is 'year' (1, 2, 5, 10, 20, 50, …; each bin starts at a multiple of it); else 1. */
	step: number;
	/** Consecutive bins from the one holding min to the one holding max, empty ones included. */
	bins: DateBin[];
}

/** What one column holds. */
export type Profile = NumberProfile | CategoryProfile | TextProfile | DateProfile;

/** Options of {@link profileColumn}. */
export interface ProfileOptions {
	/** About how many histogram bins (the edges are nice numbers, so the count varies; dates take at most this many); default 20. */
	bins?: number;
	/** How many levels of a category are listed before "other"; default 12. */
	levels?: number;
}

export function profileColumn(column: Column, options: ProfileOptions = {}): Profile {
	const { bins = 20, levels = 12 } = options;
	if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`invalid bins; not a positive integer: ${bins}`);
	if (!(Number.isInteger(levels) && levels >= 1)) throw new Error(`invalid levels; not a positive integer: ${levels}`);
	if (column.kind === 'number') return profileNumbers(column, bins);
	if (column.kind === 'category') return profileCategories(column, levels, bins);
	return profileText(column, bins);
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

function profileCategories(column: CategoryColumn, shown: number, binCount: number): CategoryProfile | DateProfile {
	const counts = new Float64Array(column.levels.length);
	let missing = 0;
	for (const code of column.codes) {
		if (code < 0) missing++;
		else counts[code]++;
	}
	// Levels no row uses do not count: a column is dates when every level in use is one.
	const used = new Map<string, number>();
	column.levels.forEach((level, i) => counts[i] > 0 && used.set(level, (used.get(level) ?? 0) + counts[i]));
	if (used.size > 0 && [...used.keys()].every(isIsoDate)) return profileDates(used, column.codes.length, missing, binCount);
	const all = column.levels.map((level, i) => ({ level, count: counts[i], i }));
	all.sort((a, b) => b.count - a.count || a.i - b.i);
	const levels = all.slice(0, shown).map(({ level, count }) => ({ level, count }));
	// Levels no row uses (left from a filtered table) are not "other" values.
	const rest = all.slice(shown).filter((l) => l.count > 0);
	const other = rest.length ? { levels: rest.length, count: rest.reduce((sum, l) => sum + l.count, 0) } : null;
	return { kind: 'category', rows: column.codes.length, missing, levels, other };
}

function profileText(column: TextColumn, binCount: number): TextProfile | DateProfile {
	const distinct = new Set<string>();
	let missing = 0;
	// Whether every distinct value so far is a date: each is looked at once, as it first comes.
	let dates = true;
	for (const v of column.values) {
		if (v === null) missing++;
		else if (dates && !distinct.has(v)) {
			distinct.add(v);
			dates = isIsoDate(v);
		} else distinct.add(v);
	}
	const rows = column.values.length;
	if (!dates || distinct.size === 0) return { kind: 'text', rows, missing, distinct: distinct.size };
	// A second pass, for date columns only: their distinct dates are few, so counting them is cheap.
	const counts = new Map<string, number>();
	for (const v of column.values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
	return profileDates(counts, rows, missing, binCount);
}

/** The profile of dates given as their counts (every key a valid yyyy-mm-dd date, at least one). */
function profileDates(counts: Map<string, number>, rows: number, missing: number, binCount: number): DateProfile {
	// ISO dates sort as text sorts; the counts are then walked to the middle.
	const dates = [...counts.keys()].sort();
	let count = 0;
	for (const n of counts.values()) count += n;
	const middle = Math.floor((count - 1) / 2);
	let seen = 0;
	let median = dates[0];
	for (const date of dates) {
		seen += counts.get(date)!;
		if (seen > middle) {
			median = date;
			break;
		}
	}
	const min = dates[0], max = dates[dates.length - 1];
	const { unit, step, key, start } = dateUnit(dayNumber(min), dayNumber(max), binCount);
	const first = key(dayNumber(min));
	const bins: DateBin[] = [];
	for (let k = first; k <= key(dayNumber(max)); k++) bins.push({ from: start(k), to: start(k + 1), count: 0 });
	for (const date of dates) bins[key(dayNumber(date)) - first].count += counts.get(date)!;
	return { kind: 'date', rows, missing, count, distinct: dates.length, min, median, max, unit, step, bins };
}

// Unchecked: a bin may start before year 1000 (the week of 1000-01-01) or end after 9999.
const dayStart = (days: number) => ymd(...civilOfDay(days));
/** The years of a bin, 1-2-5 × 10^k. */
const YEAR_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

interface DateBinning {
	unit: DateUnit;
	step: number;
	/** The bin of a day number: consecutive bins have consecutive keys. */
	key: (days: number) => number;
	/** The first day of a key's bin, yyyy-mm-dd. */
	start: (key: number) => string;
}

/** The finest calendar unit spanning day numbers lo to hi in at most `most` bins (1000-year bins always do, for years 1000–9999). */
function dateUnit(lo: number, hi: number, most: number): DateBinning {
	const fits = (b: DateBinning) => b.key(hi) - b.key(lo) + 1 <= most;
	// 1970-01-01 was a Thursday: day 0 + 3 is the Monday of its week counted from 1969-12-29.
	const candidates: DateBinning[] = [
		{ unit: 'day', step: 1, key: (d) => d, start: dayStart },
		{ unit: 'week', step: 1, key: (d) => Math.floor((d + 3) / 7), start: (k) => dayStart(k * 7 - 3) },
		{ unit: 'month', step: 1, key: (d) => { const [y, m] = civilOfDay(d); return y * 12 + m - 1; }, start: (k) => ymd(Math.floor(k / 12), (k % 12) + 1, 1) },
		{ unit: 'quarter', step: 1, key: (d) => { const [y, m] = civilOfDay(d); return y * 4 + Math.floor((m - 1) / 3); }, start: (k) => ymd(Math.floor(k / 4), (k % 4) * 3 + 1, 1) }
	];
	for (const step of YEAR_STEPS) candidates.push({ unit: 'year', step, key: (d) => Math.floor(civilOfDay(d)[0] / step), start: (k) => ymd(k * step, 1, 1) });
	return candidates.find(fits) ?? candidates[candidates.length - 1];
}
