/**
 * Bootstrap intervals of an AUC and of a paired AUC difference, as pROC's ci.auc / roc.test with method
 * "bootstrap" (stratified by default: churned and retained rows are resampled separately; percentile interval).
 * Scores are ranked once; a resample then only counts, per run of tied scores, how many churned and retained
 * rows it drew, and its AUC is one pass over those runs: O(n) per resample with sequential memory access.
 */
import { Random } from '../core/random';
import { quantileSorted } from '../core/stats';
import { auc, checkScored, tieGroups } from './auc';
import { twoSidedP } from './normal';

/** Bootstrap settings: resamples (default 1000), seed (default 1), stratified (default true), level (default 0.95). */
export interface BootstrapOptions {
	resamples?: number;
	seed?: number;
	stratified?: boolean;
	level?: number;
	signal?: AbortSignal;
}

function checkOptions(o: BootstrapOptions) {
	const resamples = o.resamples ?? 1000, seed = o.seed ?? 1, level = o.level ?? 0.95;
	if (!(Number.isInteger(resamples) && resamples >= 10)) throw new Error(`invalid resamples; not an integer ≥ 10: ${resamples}`);
	if (!(level > 0 && level < 1)) throw new Error(`invalid level; not in (0, 1): ${level}`);
	return { resamples, seed, level, stratified: o.stratified ?? true, signal: o.signal };
}

/** The tie-run index of each row, runs numbered in ascending score. */
function runOfRow(score: ArrayLike<number>): { run: Int32Array; runs: number } {
	const { order, starts } = tieGroups(score);
	const run = new Int32Array(score.length);
	for (let g = 0; g + 1 < starts.length; g++) for (let k = starts[g]; k < starts[g + 1]; k++) run[order[k]] = g;
	return { run, runs: starts.length - 1 };
}

/** AUC from per-run counts of drawn churned (pos) and retained (neg) rows; NaN when either is missing. */
function aucFromRuns(pos: Int32Array, neg: Int32Array): number {
	let below = 0, sum = 0, positives = 0;
	for (let g = 0; g < pos.length; g++) {
		sum += pos[g] * (below + neg[g] / 2);
		below += neg[g];
		positives += pos[g];
	}
	return positives && below ? sum / (positives * below) : NaN;
}

function rowsWith(y: ArrayLike<number>, outcome: number | null): Int32Array {
	let count = 0;
	for (let i = 0; i < y.length; i++) if (outcome === null || y[i] === outcome) count++;
	const out = new Int32Array(count);
	for (let i = 0, k = 0; i < y.length; i++) if (outcome === null || y[i] === outcome) out[k++] = i;
	return out;
}

/** One stratum of resampled rows: their outcome (all the same when stratified) and, per score, their tie run. */
interface Stratum {
	rows: Int32Array;
	churned: Uint8Array;
	/** 1 or 0 when every row of the stratum has that outcome, else −1. */
	outcome: number;
	runs: Int32Array[];
}

function stratum(rows: Int32Array, y: ArrayLike<number>, ranked: { run: Int32Array }[], outcome: number): Stratum {
	const churned = new Uint8Array(rows.length);
	for (let k = 0; k < rows.length; k++) churned[k] = y[rows[k]];
	const runs = ranked.map((r) => {
		const out = new Int32Array(rows.length);
		for (let k = 0; k < rows.length; k++) out[k] = r.run[rows[k]];
		return out;
	});
	return { rows, churned, outcome, runs };
}

/** Draws resamples for several scores at once (the same rows for each) and records each score's AUC. */
function resampler(scores: ArrayLike<number>[], y: ArrayLike<number>, o: ReturnType<typeof checkOptions>) {
	const ranked = scores.map(runOfRow);
	const random = new Random(o.seed);
	const strata = o.stratified
		? [stratum(rowsWith(y, 1), y, ranked, 1), stratum(rowsWith(y, 0), y, ranked, 0)]
		: [stratum(rowsWith(y, null), y, ranked, -1)];
	const drawn = strata.map((st) => new Int32Array(st.rows.length));
	const pos = ranked.map((r) => new Int32Array(r.runs)), neg = ranked.map((r) => new Int32Array(r.runs));
	const aucs = scores.map(() => new Float64Array(o.resamples));
	const draw = (r: number): void => {
		// Draw once, then count per score: the same rows for every score, and each loop stays simple.
		strata.forEach((st, t) => {
			const size = st.rows.length, out = drawn[t];
			for (let k = 0; k < size; k++) out[k] = Math.floor(random.uniform() * size);
		});
		for (let s = 0; s < scores.length; s++) {
			const p = pos[s].fill(0), q = neg[s].fill(0);
			strata.forEach((st, t) => {
				const run = st.runs[s], out = drawn[t];
				if (st.outcome >= 0) {
					const target = st.outcome ? p : q;
					for (let k = 0; k < out.length; k++) target[run[out[k]]]++;
				} else {
					for (let k = 0; k < out.length; k++) (st.churned[out[k]] ? p : q)[run[out[k]]]++;
				}
			});
			aucs[s][r] = aucFromRuns(p, q);
		}
	};
	return { draw, aucs };
}

function percentiles(values: Float64Array, level: number): [number, number] {
	const present = values.filter((v) => !Number.isNaN(v)).sort();
	return [quantileSorted(present, (1 - level) / 2), quantileSorted(present, 1 - (1 - level) / 2)];
}

function sd(values: Float64Array): number {
	let n = 0, mean = 0;
	for (const v of values) if (!Number.isNaN(v)) (n++, (mean += v));
	mean /= n;
	let ss = 0;
	for (const v of values) if (!Number.isNaN(v)) ss += (v - mean) ** 2;
	return Math.sqrt(ss / (n - 1));
}

function throwIfAborted(signal?: AbortSignal): void {
	if (signal?.aborted) throw new DOMException('The bootstrap was cancelled', 'AbortError');
}

/** The AUC with a bootstrap percentile interval and standard error. */
export function bootstrapAucCi(score: ArrayLike<number>, y: ArrayLike<number>, options: BootstrapOptions = {}) {
	const o = checkOptions(options);
	checkScored(score, y);
	const { draw, aucs } = resampler([score], y, o);
	for (let r = 0; r < o.resamples; r++) {
		throwIfAborted(o.signal);
		draw(r);
	}
	return { auc: auc(score, y), ci: percentiles(aucs[0], o.level), se: sd(aucs[0]), resamples: o.resamples };
}

/** The paired bootstrap's result: both AUCs and their difference A − B, with percentile intervals. */
export interface PairedBootstrap {
	aucA: number;
	aucB: number;
	ciA: [number, number];
	ciB: [number, number];
	diff: number;
	diffCi: [number, number];
	/** Bootstrap standard error of the difference; z = diff / se and its two-sided p-value, as pROC. */
	se: number;
	z: number;
	pValue: number;
	resamples: number;
}

/**
 * A paired bootstrap run in steps, so a worker can report progress and notice Cancel between them: the same
 * resampled rows for both scores.
 */
export function pairedBootstrap(scoreA: ArrayLike<number>, scoreB: ArrayLike<number>, y: ArrayLike<number>, options: BootstrapOptions = {}) {
	const o = checkOptions(options);
	checkScored(scoreA, y, 'first score');
	checkScored(scoreB, y, 'second score');
	const { draw, aucs } = resampler([scoreA, scoreB], y, o);
	let done = 0;
	return {
		resamples: o.resamples,
		get done() {
			return done;
		},
		/** Draws up to `count` more resamples; false once all are drawn. */
		step(count: number): boolean {
			for (const end = Math.min(o.resamples, done + count); done < end; done++) {
				throwIfAborted(o.signal);
				draw(done);
			}
			return done < o.resamples;
		},
		result(): PairedBootstrap {
			if (done < o.resamples) throw new Error(`the bootstrap has drawn ${done} of ${o.resamples} resamples`);
			const [a, b] = aucs;
			const diffs = new Float64Array(o.resamples);
			for (let r = 0; r < o.resamples; r++) diffs[r] = a[r] - b[r];
			const aucA = auc(scoreA, y), aucB = auc(scoreB, y);
			const se = sd(diffs);
			const z = (aucA - aucB) / se;
			return {
				aucA, aucB, ciA: percentiles(a, o.level), ciB: percentiles(b, o.level),
				diff: aucA - aucB, diffCi: percentiles(diffs, o.level), se, z, pValue: se > 0 ? twoSidedP(z) : NaN, resamples: o.resamples
			};
		}
	};
}

/** Paired bootstrap of AUC(A) − AUC(B) in one go. */
export function bootstrapAucDiff(scoreA: ArrayLike<number>, scoreB: ArrayLike<number>, y: ArrayLike<number>, options: BootstrapOptions = {}): PairedBootstrap {
	const run = pairedBootstrap(scoreA, scoreB, y, options);
	run.step(run.resamples);
	return run.result();
}
