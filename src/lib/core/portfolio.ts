/** The current portfolio (latest snapshot) and the aggregates the overview shows. */
import type { Dataset } from './dataset';
import type { ScoreResult } from './score';
import type { Band } from './scorecard';
import { roundScore } from './shown-score';
import { median } from './stats';
import { selectRows, type Column, type Table } from './table';

/** The rows of the latest snapshot (all rows when the dataset has no as-of column), as their own table. */
export interface CurrentView {
	table: Table;
	/** Row numbers in the full dataset, in view order. */
	rows: Uint32Array;
	/** The as-of date shown, or null when the dataset has no snapshots. */
	asOf: string | null;
}

export function currentView(dataset: Dataset): CurrentView {
	const { table, meta } = dataset;
	const asOfName = meta.roles.asOf;
	const asOf = asOfName ? table.columns[asOfName] : undefined;
	if (!asOf || asOf.kind !== 'category' || asOf.levels.length === 0) {
		const rows = Uint32Array.from({ length: table.rowCount }, (_, i) => i);
		return { table, rows, asOf: null };
	}
	// Levels are dates as yyyy-mm-dd, so the latest sorts last as text.
	const latest = asOf.levels.reduce((a, b) => (b > a ? b : a));
	const code = asOf.levels.indexOf(latest);
	const codes = asOf.codes;
	// One pass into room for every row, then a copy of the rows found: this runs once per table, so it is
	// not optimized, and over a million-row import each pass took ~14 ms of the page's thread.
	const found = new Uint32Array(codes.length);
	let k = 0;
	for (let i = 0; i < codes.length; i++) if (codes[i] === code) found[k++] = i;
	const rows = found.slice(0, k);
	return { table: lazyRows(table, rows), rows, asOf: latest };
}

/**
 * selectRows(table, rows), each column copied on first read and then kept: a page that reads two columns of
 * the latest snapshot copies two (after a million-row import, copying all twenty blocked the page for 0.2–0.3 s).
 * The columns are enumerable getters, so Object.keys / entries, `in` and structuredClone see every column.
 */
export function lazyRows(table: Table, rows: Uint32Array): Table {
	const columns: Record<string, Column> = {};
	for (const name of Object.keys(table.columns)) {
		let copy: Column | undefined;
		Object.defineProperty(columns, name, {
			enumerable: true,
			configurable: false,
			get: () => (copy ??= selectRows({ rowCount: table.rowCount, columns: { [name]: table.columns[name] } }, rows).columns[name])
		});
	}
	return { rowCount: rows.length, columns };
}

/** One band's share of the portfolio. */
export interface BandSummary {
	band: Band;
	customers: number;
	arr: number;
	/** Share of scored customers, 0–100. */
	share: number;
	/** Share of ARR among scored customers, 0–100. */
	arrShare: number;
}

/** What the overview shows: counts, the average score and each band's customers and ARR. */
export interface PortfolioSummary {
	customers: number;
	scored: number;
	unscored: number;
	averageScore: number;
	medianScore: number;
	totalArr: number;
	bands: BandSummary[];
}

export function summarizePortfolio(result: ScoreResult, bands: readonly Band[], arr?: Float64Array): PortfolioSummary {
	const counts = new Array<number>(bands.length).fill(0);
	const arrs = new Array<number>(bands.length).fill(0);
	let scored = 0, sum = 0, totalArr = 0, scoredArr = 0;
	for (let i = 0; i < result.rowCount; i++) {
		const a = arr && Number.isFinite(arr[i]) ? arr[i] : 0;
		totalArr += a;
		const b = result.band[i];
		if (b < 0) continue;
		scored++;
		sum += result.score[i];
		counts[b]++;
		arrs[b] += a;
		scoredArr += a;
	}
	// Selection, not a sort: the median of a million scores without sorting them (NaN = no score is skipped).
	const medianScore = median(result.score);
	return {
		customers: result.rowCount,
		scored,
		unscored: result.rowCount - scored,
		averageScore: scored ? sum / scored : NaN,
		medianScore,
		totalArr,
		bands: bands.map((band, k) => ({
			band,
			customers: counts[k],
			arr: arrs[k],
			share: scored ? (counts[k] / scored) * 100 : 0,
			arrShare: scoredArr ? (arrs[k] / scoredArr) * 100 : 0
		}))
	};
}

/**
 * Counts of scores in equal-width bins over 0–100 (the last bin includes 100); NaN scores are left out. A score
 * is binned as shown (one decimal, core/shown-score), as its band is: 69.96, shown as 70.0, is in 70–79.9.
 */
export function scoreHistogram(score: Float64Array, binWidth = 10): { from: number; to: number; count: number }[] {
	if (!(binWidth > 0 && 100 % binWidth === 0)) throw new Error(`invalid bin width; must divide 100: ${binWidth}`);
	const bins = 100 / binWidth;
	const counts = new Array<number>(bins).fill(0);
	// Indexed, not for…of: it runs once per Overview, on the page, mostly before the compiler has seen it, and
	// the interpreter's iterator took 20–50 ms over 250,000 scores (an index loop 9–16 ms, in node).
	for (let i = 0; i < score.length; i++) {
		const s = roundScore(score[i]);
		if (s === s) counts[Math.min(bins - 1, Math.floor(s / binWidth))]++;
	}
	return counts.map((count, k) => ({ from: k * binWidth, to: (k + 1) * binWidth, count }));
}
