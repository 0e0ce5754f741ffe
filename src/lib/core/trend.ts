/** The portfolio over time: per snapshot, each band's share of customers and of ARR, and the average score. */

/** Scored rows of customer × snapshot, as plain arrays: which snapshot each row is, its score and its band. */
export interface TrendInput {
	/** Snapshot dates, ascending; `snapshotOf` indexes into them. */
	snapshots: readonly string[];
	/** Snapshot index of every row. */
	snapshotOf: ArrayLike<number>;
	/** 0–100, NaN for no score. */
	score: ArrayLike<number>;
	/** Band index of every row (into `bandCount` bands), −1 for no score. */
	band: ArrayLike<number>;
	bandCount: number;
	/** ARR of every row (NaN or absent: no ARR). */
	arr?: ArrayLike<number> | null;
}

/** One snapshot of the trend. */
export interface TrendPoint {
	asOf: string;
	/** Rows of this snapshot, scored or not. */
	customers: number;
	scored: number;
	/** Mean score of the scored customers; NaN when none is scored. */
	averageScore: number;
	/** ARR of the scored customers. */
	scoredArr: number;
	/** Per band: customers, ARR, and their shares (0–100) of the scored customers and of their ARR. */
	bands: { customers: number; arr: number; share: number; arrShare: number }[];
}

/** One pass over every row: counts, sums and ARR per snapshot and band. */
export function portfolioTrend(input: TrendInput): TrendPoint[] {
	const { snapshots, snapshotOf, score, band, bandCount, arr } = input;
	const n = snapshotOf.length;
	if (score.length !== n || band.length !== n || (arr && arr.length !== n)) {
		throw new Error(`invalid trend input; arrays differ in length: ${n} snapshot indexes, ${score.length} scores, ${band.length} bands, ${arr?.length ?? n} ARR`);
	}
	if (!(Number.isInteger(bandCount) && bandCount >= 1)) throw new Error(`invalid band count: ${bandCount}`);
	const s = snapshots.length;
	const rows = new Float64Array(s);
	const scored = new Float64Array(s);
	const sums = new Float64Array(s);
	const counts = new Float64Array(s * bandCount);
	const arrs = new Float64Array(s * bandCount);
	for (let i = 0; i < n; i++) {
		const t = snapshotOf[i];
		if (!(t >= 0 && t < s)) throw new Error(`invalid snapshot index at row ${i}: ${t}`);
		rows[t]++;
		const b = band[i];
		const x = score[i];
		if (b < 0 || x !== x) continue;
		if (b >= bandCount) throw new Error(`invalid band index at row ${i}: ${b}`);
		scored[t]++;
		sums[t] += x;
		counts[t * bandCount + b]++;
		const a = arr ? arr[i] : NaN;
		if (a === a && a !== Infinity && a !== -Infinity) arrs[t * bandCount + b] += a;
	}
	return snapshots.map((asOf, t) => pointOf(asOf, rows[t], scored[t], sums[t], counts, arrs, t * bandCount, bandCount));
}

/** Rows of one snapshot, in table order, and each row's band as the trend stacks it. */
export interface SnapshotRows {
	asOf: string;
	rows: ArrayLike<number>;
	score: ArrayLike<number>;
	/** The row's band index in its own scorecard, −1 for no score. */
	band: ArrayLike<number>;
	/** Per scorer, its bands as indices of the trend's bands (history-views bandMapsToDefault); null = already the trend's. */
	maps: readonly ArrayLike<number>[] | null;
	scorerOf: ArrayLike<number>;
	bandCount: number;
	arr?: ArrayLike<number> | null;
}

/**
 * One snapshot's point of portfolioTrend from that snapshot's rows alone: the same sums in the same order, so
 * equal to the full pass to the last bit. What lets a re-scoring aggregate only the snapshots it scored again.
 */
export function snapshotTrend(input: SnapshotRows): TrendPoint {
	const { rows, score, band, maps, scorerOf, bandCount, arr } = input;
	if (!(Number.isInteger(bandCount) && bandCount >= 1)) throw new Error(`invalid band count: ${bandCount}`);
	const counts = new Float64Array(bandCount);
	const arrs = new Float64Array(bandCount);
	let scored = 0, sum = 0;
	for (let j = 0; j < rows.length; j++) {
		const i = rows[j];
		const own = band[i];
		const b = own < 0 || !maps ? own : (maps[scorerOf[i]]?.[own] ?? -1);
		const x = score[i];
		if (b < 0 || x !== x) continue;
		if (b >= bandCount) throw new Error(`invalid band index at row ${i}: ${b}`);
		scored++;
		sum += x;
		counts[b]++;
		const a = arr ? arr[i] : NaN;
		if (a === a && a !== Infinity && a !== -Infinity) arrs[b] += a;
	}
	return pointOf(input.asOf, rows.length, scored, sum, counts, arrs, 0, bandCount);
}

/** A snapshot's point from its counts and sums (`counts` and `arrs` per band from `at`). */
function pointOf(asOf: string, customers: number, scored: number, sum: number, counts: Float64Array, arrs: Float64Array, at: number, bandCount: number): TrendPoint {
	let scoredArr = 0;
	for (let b = 0; b < bandCount; b++) scoredArr += arrs[at + b];
	const bands = Array.from({ length: bandCount }, (_, b) => {
		const count = counts[at + b];
		const bandArr = arrs[at + b];
		return {
			customers: count,
			arr: bandArr,
			share: scored ? (count / scored) * 100 : 0,
			arrShare: scoredArr ? (bandArr / scoredArr) * 100 : 0
		};
	});
	return { asOf, customers, scored, averageScore: scored ? sum / scored : NaN, scoredArr, bands };
}
