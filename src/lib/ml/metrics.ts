/**
 * How well a score or a predicted probability matches churn outcomes, in float64 JS. Scores follow one
 * convention: higher = more likely to churn (pass −health for a health score); probabilities are of churn.
 */
import { Random } from '../core/random';
import { range } from './arrays';
import { checkScored } from './auc';

export { auc, delong, rocCurve, type DeLong } from './auc';
export { bootstrapAucCi, bootstrapAucDiff, pairedBootstrap, type BootstrapOptions, type PairedBootstrap } from './bootstrap';

function checkProbabilities(prob: ArrayLike<number>, y: ArrayLike<number>): void {
	if (prob.length !== y.length) throw new Error(`${prob.length} probabilities for ${y.length} outcomes`);
	for (let i = 0; i < prob.length; i++) {
		if (!(prob[i] >= 0 && prob[i] <= 1)) throw new Error(`probability, row ${i + 1}: ${prob[i]} is not in [0, 1]`);
		if (y[i] !== 0 && y[i] !== 1) throw new Error(`outcome, row ${i + 1}: ${y[i]} is neither 0 nor 1`);
	}
	if (prob.length === 0) throw new Error('no rows to measure');
}

/** Mean squared difference between the predicted probability and the outcome. */
export function brier(prob: ArrayLike<number>, y: ArrayLike<number>): number {
	checkProbabilities(prob, y);
	let s = 0;
	for (let i = 0; i < prob.length; i++) s += (prob[i] - y[i]) ** 2;
	return s / prob.length;
}

/** Mean negative log-likelihood (natural log), probabilities clipped to [1e-15, 1 − 1e-15] as scikit-learn 1.2. */
export function logLoss(prob: ArrayLike<number>, y: ArrayLike<number>): number {
	checkProbabilities(prob, y);
	let s = 0;
	for (let i = 0; i < prob.length; i++) {
		const p = Math.min(Math.max(prob[i], 1e-15), 1 - 1e-15);
		s -= y[i] ? Math.log(p) : Math.log1p(-p);
	}
	return s / prob.length;
}

/** One calibration bin: predicted probabilities in (lo, hi] (the first bin includes 0). */
export interface CalibrationBin {
	lo: number;
	hi: number;
	count: number;
	meanPredicted: number;
	fractionChurned: number;
}

/**
 * Equal-width bins of the predicted probability, as scikit-learn's calibration_curve(strategy="uniform"): a
 * probability on an inner edge falls in the lower bin. Empty bins are kept, with count 0 and NaN means.
 */
export function calibrationBins(prob: ArrayLike<number>, y: ArrayLike<number>, bins = 10): CalibrationBin[] {
	if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`invalid bins; not a positive integer: ${bins}`);
	checkProbabilities(prob, y);
	const step = 1 / bins;
	const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? 1 : k * step)); // numpy.linspace(0, 1, bins + 1)
	const count = new Float64Array(bins), sumP = new Float64Array(bins), sumY = new Float64Array(bins);
	for (let i = 0; i < prob.length; i++) {
		let b = 0;
		while (b < bins - 1 && edges[b + 1] < prob[i]) b++;
		count[b]++;
		sumP[b] += prob[i];
		sumY[b] += y[i];
	}
	return Array.from({ length: bins }, (_, b) => ({
		lo: edges[b], hi: edges[b + 1], count: count[b],
		meanPredicted: count[b] ? sumP[b] / count[b] : NaN,
		fractionChurned: count[b] ? sumY[b] / count[b] : NaN
	}));
}

/** Churn among the rows of one group. */
export interface GroupChurn {
	group: number;
	count: number;
	churned: number;
	rate: number;
}

/** Churn rate per group code (0, 1, …; a negative or NaN code is no group and is skipped). */
export function churnRateByGroup(group: ArrayLike<number>, y: ArrayLike<number>, groups?: number): GroupChurn[] {
	if (group.length !== y.length) throw new Error(`${group.length} group codes for ${y.length} outcomes`);
	let size = groups ?? 0;
	if (groups === undefined) for (let i = 0; i < group.length; i++) if (group[i] >= size) size = group[i] + 1;
	const count = new Float64Array(size), churned = new Float64Array(size);
	for (let i = 0; i < group.length; i++) {
		const g = group[i];
		if (!(g >= 0)) continue;
		if (!(Number.isInteger(g) && g < size)) throw new Error(`group code, row ${i + 1}: ${g} is not one of 0 … ${size - 1}`);
		count[g]++;
		churned[g] += y[i];
	}
	return Array.from({ length: size }, (_, g) => ({ group: g, count: count[g], churned: churned[g], rate: count[g] ? churned[g] / count[g] : NaN }));
}

/**
 * Churn rate by decile of the score, decile 1 the highest scores (most at risk). Rows are ranked by score,
 * highest first, equal scores in row order (pandas rank(method="first") of the health score), and cut into
 * ten groups at the 10 %, 20 %, … quantiles of the ranks, as pandas.qcut. Lift = rate / overall rate.
 */
export function decileChurn(score: ArrayLike<number>, y: ArrayLike<number>, groups = 10) {
	checkScored(score, y);
	const n = score.length;
	const order = range(n).sort((a, b) => (score[a] > score[b] ? -1 : score[a] < score[b] ? 1 : a - b));
	const count = new Float64Array(groups), churned = new Float64Array(groups);
	let total = 0;
	for (let k = 0; k < n; k++) {
		// Rank r = k + 1 lies in group g when edge_g < r ≤ edge_(g+1), edge_g = 1 + (n − 1)·g/groups; in integers:
		const g = n === 1 ? 0 : Math.max(0, Math.ceil((groups * k) / (n - 1)) - 1);
		count[g]++;
		churned[g] += y[order[k]];
		total += y[order[k]];
	}
	const overall = total / n;
	const rates = Float64Array.from(count, (c, g) => (c ? churned[g] / c : NaN));
	return { rates, counts: count, churned, overall, lift: rates.map((r) => r / overall) };
}

function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
	const n = x.length;
	let mx = 0, my = 0;
	for (let i = 0; i < n; i++) (mx += x[i]), (my += y[i]);
	mx /= n;
	my /= n;
	let sxy = 0, sxx = 0, syy = 0;
	for (let i = 0; i < n; i++) {
		const a = x[i] - mx, b = y[i] - my;
		sxy += a * b;
		sxx += a * a;
		syy += b * b;
	}
	return sxy / Math.sqrt(sxx * syy);
}

/** Average ranks (1-based), ties sharing their mean rank. */
export function averageRanks(x: ArrayLike<number>): Float64Array {
	const order = range(x.length).sort((a, b) => (x[a] < x[b] ? -1 : x[a] > x[b] ? 1 : 0));
	const ranks = new Float64Array(x.length);
	for (let k = 0; k < order.length; ) {
		let e = k;
		while (e + 1 < order.length && x[order[e + 1]] === x[order[k]]) e++;
		for (let r = k; r <= e; r++) ranks[order[r]] = (k + e) / 2 + 1;
		k = e + 1;
	}
	return ranks;
}

/** Spearman's rank correlation (Pearson on average ranks). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
	checkScored(x, y);
	return pearson(averageRanks(x), averageRanks(y));
}

/** Point-biserial correlation: Pearson between the score and the 0/1 outcome. */
export function pointBiserial(score: ArrayLike<number>, y: ArrayLike<number>): number {
	checkScored(score, y);
	return pearson(score, y);
}

/**
 * The fold (0 … k−1) of each row for k-fold cross-validation, stratified: each outcome's rows are shuffled with
 * the seed and dealt round-robin, so every fold has the same churn rate (±1 row). Same inputs, same folds.
 */
export function stratifiedFolds(y: ArrayLike<number>, k = 5, seed = 0): Int32Array {
	if (!(Number.isInteger(k) && k >= 2)) throw new Error(`invalid number of folds; not an integer ≥ 2: ${k}`);
	const fold = new Int32Array(y.length);
	const random = new Random(seed);
	let dealt = 0;
	for (const outcome of [1, 0]) {
		const rows: number[] = [];
		for (let i = 0; i < y.length; i++) if (y[i] === outcome) rows.push(i);
		if (rows.length < k) throw new Error(`${k}-fold cross-validation needs at least ${k} rows with outcome ${outcome}; there are ${rows.length}`);
		for (let j = rows.length - 1; j > 0; j--) {
			const r = Math.floor(random.uniform() * (j + 1));
			[rows[j], rows[r]] = [rows[r], rows[j]];
		}
		// Continue the deal where the churned rows stopped, so fold sizes differ by at most one.
		for (const i of rows) fold[i] = dealt++ % k;
	}
	return fold;
}

/** One candidate "At risk" cut-off: customers whose health is ≤ `cutoff` are flagged. */
export interface CutoffRow {
	cutoff: number;
	/** The smallest health above the cut-off (the next band's minimum that flags exactly these rows); null after the last. */
	nextValue: number | null;
	flagged: number;
	flaggedShare: number;
	churnedFlagged: number;
	/** Share of flagged customers who churned. */
	precision: number;
	/** Share of churned customers who are flagged. */
	recall: number;
}

/** For every distinct health score (higher = healthier), what flagging everyone at or below it would catch. */
export function cutoffTable(healthScore: ArrayLike<number>, y: ArrayLike<number>): CutoffRow[] {
	const { positives } = checkScored(healthScore, y, 'health score');
	const order = range(y.length).sort((a, b) => (healthScore[a] < healthScore[b] ? -1 : healthScore[a] > healthScore[b] ? 1 : 0));
	const rows: CutoffRow[] = [];
	let flagged = 0, churned = 0;
	for (let k = 0; k < order.length; k++) {
		flagged++;
		churned += y[order[k]];
		const v = healthScore[order[k]];
		if (k + 1 < order.length && healthScore[order[k + 1]] === v) continue;
		rows.push({
			cutoff: v, nextValue: k + 1 < order.length ? healthScore[order[k + 1]] : null,
			flagged, flaggedShare: flagged / y.length, churnedFlagged: churned,
			precision: churned / flagged, recall: churned / positives
		});
	}
	return rows;
}

/** The lowest cut-off that flags at least `targetRecall` of the churned customers (default 70 %). */
export function suggestCutoff(table: CutoffRow[], targetRecall = 0.7): CutoffRow | null {
	if (!(targetRecall > 0 && targetRecall <= 1)) throw new Error(`invalid target recall; not in (0, 1]: ${targetRecall}`);
	// Recall is a ratio of counts; compare with room for its rounding (0.7 of 10 churned is 7, not 7.000000000000001).
	return table.find((row) => row.recall >= targetRecall - 1e-12) ?? null;
}
