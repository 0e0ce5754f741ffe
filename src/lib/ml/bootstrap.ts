/**
 * Bootstrap intervals of an AUC and of a paired AUC difference, as pROC's ci.auc / roc.test with method
 * "bootstrap" (stratified by default: churned and retained rows are resampled separately; percentile interval).
 * Scores are ranked once; a resample then only counts, per run of tied scores, how many churned and retained
 * rows it drew, and its AUC is one pass over those runs: O(n) per resample.
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

/**
 * AUC from interleaved per-run counts (2g: retained draws in run g, 2g + 1: churned draws), zeroing them as it
 * reads so the next resample starts clean; NaN when a resample drew no churned or no retained row.
 */
function aucFromRuns(counts: Int32Array): number {
	let below = 0, sum = 0, positives = 0;
	for (let k = 0; k < counts.length; k += 2) {
		const neg = counts[k], pos = counts[k + 1];
		if ((neg | pos) === 0) continue;
		sum += pos * (below + neg / 2);
		below += neg;
		positives += pos;
		counts[k] = counts[k + 1] = 0;
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

/** For each row of a stratum, its slot in each score's interleaved counts: 2·run + churned. */
function slots(rows: Int32Array, y: ArrayLike<number>, run: Int32Array): Int32Array {
	const out = new Int32Array(rows.length);
	for (let k = 0; k < rows.length; k++) out[k] = 2 * run[rows[k]] + (y[rows[k]] ? 1 : 0);
	return out;
}

function interleaved(a: Int32Array, b: Int32Array): Int32Array {
	const out = new Int32Array(2 * a.length);
	for (let k = 0; k < a.length; k++) (out[2 * k] = a[k]), (out[2 * k + 1] = b[k]);
	return out;
}

/**
 * Draws resamples for two scores at once (the same rows for both) and records each one's AUC. Row indices come
 * from sfc32 (core/random's generator) run with its state in locals, reseeded from a core Random for every
 * stratum of every resample: reproducible, and ~20 % faster than a method call per draw.
 */
function resampler(scoreA: ArrayLike<number>, scoreB: ArrayLike<number>, y: ArrayLike<number>, o: ReturnType<typeof checkOptions>, from = 0) {
	const ra = runOfRow(scoreA), rb = runOfRow(scoreB);
	const random = new Random(o.seed);
	// Both scores' slots of a row side by side: one memory read per draw instead of two.
	const strata = (o.stratified ? [rowsWith(y, 1), rowsWith(y, 0)] : [rowsWith(y, null)]).map((rows) => interleaved(slots(rows, y, ra.run), slots(rows, y, rb.run)));
	// Every resample takes 4 numbers per stratum from `random`: skipping them starts at resample `from` exactly.
	for (let k = 4 * strata.length * from; k > 0; k--) random.uniform();
	const countsA = new Int32Array(2 * ra.runs), countsB = new Int32Array(2 * rb.runs);
	const aucA = new Float64Array(o.resamples), aucB = new Float64Array(o.resamples);
	const seed = () => (random.uniform() * 4294967296) | 0;
	const draw = (r: number): void => {
		for (const slotAB of strata) {
			const size = slotAB.length / 2, scale = size / 4294967296;
			let s0 = seed(), s1 = seed(), s2 = seed(), s3 = seed();
			for (let k = 0; k < size; k++) {
				const t = (((s0 + s1) | 0) + s3) | 0;
				s3 = (s3 + 1) | 0;
				s0 = s1 ^ (s1 >>> 9);
				s1 = (s2 + (s2 << 3)) | 0;
				s2 = (s2 << 21) | (s2 >>> 11);
				s2 = (s2 + t) | 0;
				const at = 2 * Math.floor((t >>> 0) * scale);
				countsA[slotAB[at]]++;
				countsB[slotAB[at + 1]]++;
			}
		}
		aucA[r] = aucFromRuns(countsA);
		aucB[r] = aucFromRuns(countsB);
	};
	return { draw, aucs: [aucA, aucB] };
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
	const { draw, aucs } = resampler(score, score, y, o); // the second copy is discarded
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
	const { draw, aucs } = resampler(scoreA, scoreB, y, o);
	let done = 0;
	return {
		resamples: o.resamples,
		get done() {
			return done;
		},
		/** Draws up to `count` more resamples, none at or past `until` (default: all); false once `until` is reached. */
		step(count: number, until = o.resamples): boolean {
			for (const end = Math.min(until, o.resamples, done + count); done < end; done++) {
				throwIfAborted(o.signal);
				draw(done);
			}
			return done < Math.min(until, o.resamples);
		},
		/**
		 * Takes resamples drawn elsewhere (bootstrapAucRange with the same scores, outcome and options, from here on)
		 * as the next ones, as if drawn here.
		 */
		adopt(range: { from: number; aucA: Float64Array; aucB: Float64Array }): void {
			const count = range.aucA.length;
			if (range.from !== done || range.aucB.length !== count || done + count > o.resamples) {
				throw new Error(`invalid resamples to adopt; ${count} from ${range.from}, with ${done} of ${o.resamples} drawn`);
			}
			aucs[0].set(range.aucA, done);
			aucs[1].set(range.aucB, done);
			done += count;
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

/**
 * The resamples `from` … `to` − 1 of pairedBootstrap with the same scores, outcome and options: each one's two AUCs,
 * exactly as pairedBootstrap draws them (its random stream is advanced past the earlier ones). Lets a second
 * worker draw a share that pairedBootstrap's `adopt` takes back.
 */
export function bootstrapAucRange(
	scoreA: ArrayLike<number>, scoreB: ArrayLike<number>, y: ArrayLike<number>, options: BootstrapOptions & { from: number; to: number }
): { from: number; aucA: Float64Array; aucB: Float64Array } {
	const o = checkOptions(options);
	const { from, to } = options;
	if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= o.resamples)) {
		throw new Error(`invalid resample range; not whole numbers with 0 ≤ from ≤ to ≤ ${o.resamples}: ${from}, ${to}`);
	}
	checkScored(scoreA, y, 'first score');
	checkScored(scoreB, y, 'second score');
	const { draw, aucs } = resampler(scoreA, scoreB, y, o, from);
	for (let r = from; r < to; r++) {
		throwIfAborted(o.signal);
		draw(r);
	}
	return { from, aucA: aucs[0].slice(from, to), aucB: aucs[1].slice(from, to) };
}
