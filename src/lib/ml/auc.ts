/**
 * The AUC of a score against a 0/1 outcome, with DeLong's variance and paired test (as R's pROC computes them).
 * Convention: a higher score means more likely to churn (pass −health for a health score).
 */
import { twoSidedP, Z975 } from './normal';

/** Rows ordered by score with the boundaries of runs of equal scores. */
export interface TieGroups {
	order: Int32Array;
	/** Group g holds order[starts[g]] … order[starts[g + 1] − 1]. */
	starts: Int32Array;
}

/** Throws unless score and y have the same length, score has no NaN and y holds both outcomes. */
export function checkScored(score: ArrayLike<number>, y: ArrayLike<number>, what = 'score'): { positives: number; negatives: number } {
	if (score.length !== y.length) throw new Error(`${what} has ${score.length} values for ${y.length} outcomes`);
	let positives = 0;
	for (let i = 0; i < y.length; i++) {
		if (y[i] !== 0 && y[i] !== 1) throw new Error(`outcome, row ${i + 1}: ${y[i]} is neither 0 nor 1`);
		if (Number.isNaN(score[i])) throw new Error(`${what}, row ${i + 1}: no value (NaN)`);
		positives += y[i];
	}
	const negatives = y.length - positives;
	if (positives === 0 || negatives === 0) throw new Error(`an AUC needs churned and retained rows; all ${y.length} rows have outcome ${positives ? 1 : 0}`);
	return { positives, negatives };
}

export function tieGroups(score: ArrayLike<number>): TieGroups {
	const order = new Int32Array(score.length);
	for (let i = 0; i < order.length; i++) order[i] = i;
	order.sort((a, b) => (score[a] < score[b] ? -1 : score[a] > score[b] ? 1 : 0));
	const starts: number[] = [0];
	for (let k = 1; k < order.length; k++) if (score[order[k]] !== score[order[k - 1]]) starts.push(k);
	starts.push(order.length);
	return { order, starts: Int32Array.from(starts) };
}

/** Mann–Whitney AUC: the chance that a churned row scores above a retained one, ties counting ½. */
export function auc(score: ArrayLike<number>, y: ArrayLike<number>): number {
	const { positives, negatives } = checkScored(score, y);
	const { order, starts } = tieGroups(score);
	let below = 0, sum = 0;
	for (let g = 0; g + 1 < starts.length; g++) {
		let pos = 0, neg = 0;
		for (let k = starts[g]; k < starts[g + 1]; k++) y[order[k]] ? pos++ : neg++;
		sum += pos * (below + neg / 2);
		below += neg;
	}
	return sum / (positives * negatives);
}

/**
 * DeLong's placements: for each churned row the share of retained rows it outscores (V10), for each retained
 * row the share of churned rows that outscore it (V01); ties count ½.
 */
function placements(score: ArrayLike<number>, y: ArrayLike<number>, positives: number, negatives: number) {
	const { order, starts } = tieGroups(score);
	const v10 = new Float64Array(score.length).fill(NaN);
	const v01 = new Float64Array(score.length).fill(NaN);
	let negBelow = 0, posBelow = 0;
	for (let g = 0; g + 1 < starts.length; g++) {
		let pos = 0, neg = 0;
		for (let k = starts[g]; k < starts[g + 1]; k++) y[order[k]] ? pos++ : neg++;
		for (let k = starts[g]; k < starts[g + 1]; k++) {
			const i = order[k];
			if (y[i]) v10[i] = (negBelow + neg / 2) / negatives;
			else v01[i] = 1 - (posBelow + pos / 2) / positives;
		}
		negBelow += neg;
		posBelow += pos;
	}
	return { v10, v01 };
}

/** DeLong's comparison of two scores on the same rows. */
export interface DeLong {
	aucA: number;
	aucB: number;
	seA: number;
	seB: number;
	ciA: [number, number];
	ciB: [number, number];
	/** aucA − aucB, its 95 % interval, z and two-sided p-value (pROC's roc.test, paired). */
	diff: number;
	diffCi: [number, number];
	z: number;
	pValue: number;
}

function covariance(a: Float64Array, b: Float64Array, y: ArrayLike<number>, outcome: number, meanA: number, meanB: number, count: number): number {
	let s = 0;
	for (let i = 0; i < y.length; i++) if (y[i] === outcome) s += (a[i] - meanA) * (b[i] - meanB);
	return s / (count - 1);
}

/** Paired DeLong test of two scores' AUCs, with each AUC's DeLong 95 % interval. */
export function delong(scoreA: ArrayLike<number>, scoreB: ArrayLike<number>, y: ArrayLike<number>): DeLong {
	const { positives: m, negatives: n } = checkScored(scoreA, y, 'first score');
	checkScored(scoreB, y, 'second score');
	const a = placements(scoreA, y, m, n), b = placements(scoreB, y, m, n);
	let aucA = 0, aucB = 0;
	for (let i = 0; i < y.length; i++) if (y[i]) (aucA += a.v10[i]), (aucB += b.v10[i]);
	aucA /= m;
	aucB /= m;
	// Σ = S10/m + S01/n; the V01 means are the AUCs too.
	const cov = (x: typeof a, z: typeof a, ax: number, az: number) =>
		covariance(x.v10, z.v10, y, 1, ax, az, m) / m + covariance(x.v01, z.v01, y, 0, ax, az, n) / n;
	const varA = cov(a, a, aucA, aucA), varB = cov(b, b, aucB, aucB), covAB = cov(a, b, aucA, aucB);
	const seA = Math.sqrt(varA), seB = Math.sqrt(varB);
	const diff = aucA - aucB;
	const seDiff = Math.sqrt(Math.max(0, varA + varB - 2 * covAB));
	const z = diff / seDiff;
	return {
		aucA, aucB, seA, seB,
		ciA: [Math.max(0, aucA - Z975 * seA), Math.min(1, aucA + Z975 * seA)],
		ciB: [Math.max(0, aucB - Z975 * seB), Math.min(1, aucB + Z975 * seB)],
		diff, diffCi: [diff - Z975 * seDiff, diff + Z975 * seDiff],
		z, pValue: seDiff > 0 ? twoSidedP(z) : diff === 0 ? 1 : 0
	};
}

/** ROC curve points from (0, 0) to (1, 1), one per distinct score, thresholds descending. */
export function rocCurve(score: ArrayLike<number>, y: ArrayLike<number>): { fpr: Float64Array; tpr: Float64Array; threshold: Float64Array } {
	const { positives, negatives } = checkScored(score, y);
	const { order, starts } = tieGroups(score);
	const groups = starts.length - 1;
	const fpr = new Float64Array(groups + 1), tpr = new Float64Array(groups + 1), threshold = new Float64Array(groups + 1);
	threshold[0] = Infinity;
	let tp = 0, fp = 0;
	for (let g = groups - 1, k = 1; g >= 0; g--, k++) {
		for (let r = starts[g]; r < starts[g + 1]; r++) y[order[r]] ? tp++ : fp++;
		tpr[k] = tp / positives;
		fpr[k] = fp / negatives;
		threshold[k] = score[order[starts[g]]];
	}
	return { fpr, tpr, threshold };
}
