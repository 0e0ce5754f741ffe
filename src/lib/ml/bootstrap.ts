/**
 * Bootstrap intervals of an AUC and of a paired AUC difference, as pROC's ci.auc / roc.test with method
 * "bootstrap" (stratified by default: churned and retained rows are resampled separately; percentile interval).
 * Each resample is a vector of row counts, and its AUC is one pass over the rows in score order, sorted once:
 * O(n) per resample, so 1,000 resamples of 100,000 rows take well under a second.
 */
import { Random } from '../core/random';
import { quantileSorted } from '../core/stats';
import { checkScored, tieGroups, type TieGroups } from './auc';
import { twoSidedP } from './normal';

/** Bootstrap settings: resamples (default 1000), seed (default 1), stratified (default true), level (default 0.95). */
export interface BootstrapOptions {
	resamples?: number;
	seed?: number;
	stratified?: boolean;
	level?: number;
	signal?: AbortSignal;
}

/** The AUC of one resample from its row counts; NaN when it drew no churned or no retained row. */
function weightedAuc(groups: TieGroups, y: ArrayLike<number>, counts: Int32Array): number {
	const { order, starts } = groups;
	let below = 0, sum = 0, positives = 0;
	for (let g = 0; g + 1 < starts.length; g++) {
		let pos = 0, neg = 0;
		for (let k = starts[g]; k < starts[g + 1]; k++) {
			const i = order[k];
			if (y[i]) pos += counts[i];
			else neg += counts[i];
		}
		sum += pos * (below + neg / 2);
		below += neg;
		positives += pos;
	}
	return positives && below ? sum / (positives * below) : NaN;
}

function checkOptions(o: BootstrapOptions) {
	const resamples = o.resamples ?? 1000, seed = o.seed ?? 1, level = o.level ?? 0.95;
	if (!(Number.isInteger(resamples) && resamples >= 10)) throw new Error(`invalid resamples; not an integer ≥ 10: ${resamples}`);
	if (!(level > 0 && level < 1)) throw new Error(`invalid level; not in (0, 1): ${level}`);
	return { resamples, seed, level, stratified: o.stratified ?? true, signal: o.signal };
}

/** Draws the row counts of one resample: n rows with replacement, within each outcome when stratified. */
function drawer(y: ArrayLike<number>, stratified: boolean, random: Random): (counts: Int32Array) => void {
	const strata = stratified ? [0, 1].map((o) => Int32Array.from({ length: y.length }, (_, i) => i).filter((i) => y[i] === o)) : [Int32Array.from({ length: y.length }, (_, i) => i)];
	return (counts) => {
		counts.fill(0);
		for (const rows of strata) for (let k = 0; k < rows.length; k++) counts[rows[Math.floor(random.uniform() * rows.length)]]++;
	};
}

function percentiles(values: Float64Array, level: number): [number, number] {
	const present = values.filter((v) => !Number.isNaN(v)).sort();
	return [quantileSorted(present, (1 - level) / 2), quantileSorted(present, 1 - (1 - level) / 2)];
}

function sd(values: Float64Array): number {
	const present = values.filter((v) => !Number.isNaN(v));
	const mean = present.reduce((s, v) => s + v, 0) / present.length;
	return Math.sqrt(present.reduce((s, v) => s + (v - mean) * (v - mean), 0) / (present.length - 1));
}

/** The AUC with a bootstrap percentile interval and standard error. */
export function bootstrapAucCi(score: ArrayLike<number>, y: ArrayLike<number>, options: BootstrapOptions = {}) {
	const o = checkOptions(options);
	checkScored(score, y);
	const groups = tieGroups(score);
	const draw = drawer(y, o.stratified, new Random(o.seed));
	const counts = new Int32Array(y.length);
	const aucs = new Float64Array(o.resamples);
	for (let r = 0; r < o.resamples; r++) {
		if (o.signal?.aborted) throw new DOMException('The bootstrap was cancelled', 'AbortError');
		draw(counts);
		aucs[r] = weightedAuc(groups, y, counts);
	}
	return { auc: weightedAuc(groups, y, new Int32Array(y.length).fill(1)), ci: percentiles(aucs, o.level), se: sd(aucs), resamples: o.resamples };
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
	const ga = tieGroups(scoreA), gb = tieGroups(scoreB);
	const draw = drawer(y, o.stratified, new Random(o.seed));
	const counts = new Int32Array(y.length);
	const a = new Float64Array(o.resamples), b = new Float64Array(o.resamples), diffs = new Float64Array(o.resamples);
	let done = 0;
	return {
		resamples: o.resamples,
		get done() {
			return done;
		},
		/** Draws up to `count` more resamples; false once all are drawn. */
		step(count: number): boolean {
			for (const end = Math.min(o.resamples, done + count); done < end; done++) {
				if (o.signal?.aborted) throw new DOMException('The bootstrap was cancelled', 'AbortError');
				draw(counts);
				a[done] = weightedAuc(ga, y, counts);
				b[done] = weightedAuc(gb, y, counts);
				diffs[done] = a[done] - b[done];
			}
			return done < o.resamples;
		},
		result(): PairedBootstrap {
			if (done < o.resamples) throw new Error(`the bootstrap has drawn ${done} of ${o.resamples} resamples`);
			const ones = new Int32Array(y.length).fill(1);
			const aucA = weightedAuc(ga, y, ones), aucB = weightedAuc(gb, y, ones);
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
