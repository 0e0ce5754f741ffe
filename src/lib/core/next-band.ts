/**
 * Points to the next band: how far one metric alone must move to lift a customer into the next band, as the
 * value it would need under its normalization, or why it cannot.
 */
import { formatPoints, formatValue } from './format';
import { linearSubScore, pointsOf, targetSubScore } from './normalize';
import { bandIndex, type ScoreResult } from './score';
import { bandStartTenths, scoreTenths } from './shown-score';
import { isActionable, type Band, type Normalization, type Scorecard, type ThresholdRange } from './scorecard';
import { cell, type Table } from './table';

/** One metric of the customer's row, as scored. */
export interface MetricState {
	id: string;
	label: string;
	weight: number;
	/** The sub-score the row uses after the missing-value policy; NaN when the metric is skipped. */
	subScore: number;
	/** The raw value (NaN / null: missing). */
	value: number | string | null;
	normalization: Normalization;
	/** The snapshot's values of the metric's column, for percentile ranks. */
	population?: ArrayLike<number>;
	/** True when a manual override fixes the sub-score, so the value does not move it. */
	overridden?: boolean;
	/** False when a CSM cannot change it (tenure, age): it counts in the score but is never suggested. Absent: true. */
	actionable?: boolean;
}

/** The metric states of one row of a scored table (the table is the snapshot's population for percentile ranks). */
export function metricStatesOf(table: Table, scorecard: Scorecard, result: ScoreResult, row: number): MetricState[] {
	return scorecard.metrics.map((m, k) => {
		const column = table.columns[m.column];
		return {
			id: m.id,
			label: m.label,
			weight: m.weight,
			subScore: result.subScores(k)[row],
			value: column ? cell(column, row) : null,
			normalization: m.normalization,
			population: column?.kind === 'number' && m.normalization.kind === 'percentile' ? column.values : undefined,
			actionable: isActionable(m)
		};
	});
}

/** What one metric would need. */
export type Need =
	| { kind: 'atLeast'; value: number }
	| { kind: 'atMost'; value: number }
	| { kind: 'above'; value: number }
	| { kind: 'below'; value: number }
	/** From `from` (inclusive) to `to`, inclusive unless `toExcluded` (a grading table's range). */
	| { kind: 'between'; from: number | null; to: number | null; toExcluded?: boolean }
	| { kind: 'level'; level: string }
	| { kind: 'any' }
	/** Not alone: at full points the shown score is still `points` (one decimal) below the band's start. */
	| { kind: 'short'; points: number }
	| { kind: 'cannot'; reason: string };

export interface NextBand {
	/** The score now, NaN when the customer has no score (then there is no band to move up from). */
	score: number;
	/** The band the customer would reach; null when it is in the top band already or has no score. */
	target: Band | null;
	/**
	 * Points the shown score must gain (one decimal, as bands are decided): 69.94, shown as 69.9, is 0.1 from
	 * Healthy at 70, though 0.01 more (69.95, shown as 70.0) is enough.
	 */
	gap: number;
	/**
	 * Per metric, in scorecard order: the sub-score it would need (100 when even that is short, NaN when it cannot
	 * move the score), what that takes, and the customer's score then (NaN when it cannot).
	 */
	options: { id: string; label: string; subScore: number; need: Need; score: number }[];
	/** The metrics marked as not actionable, in scorecard order: they count in the score but are never suggested. */
	leftOut: { id: string; label: string }[];
}

export function nextBand(metrics: readonly MetricState[], bands: readonly Band[]): NextBand {
	for (const m of metrics) if (!(m.weight >= 0)) throw new Error(`invalid weight of ${m.label}: ${m.weight}`);
	const score = scoreWith(metrics, -1, NaN);
	const current = bandIndex(bands, score);
	const leftOut = metrics.filter((m) => !isActionable(m)).map((m) => ({ id: m.id, label: m.label }));
	if (current < 0 || current === bands.length - 1) return { score, target: null, gap: 0, options: [], leftOut };
	const target = bands[current + 1];
	// Bands go by the score as shown: the target starts at the lowest shown score it takes (70.0), which any
	// score from half a tenth below shows as (69.95).
	const start = bandStartTenths(target.min);
	const lowest = (start - 0.5) / 10;
	let sum = 0, weights = 0;
	for (const m of metrics) if (m.subScore === m.subScore && m.weight > 0) (sum += m.weight * m.subScore), (weights += m.weight);
	const options = metrics.flatMap((m, k) => {
		if (!isActionable(m)) return [];
		const counted = m.subScore === m.subScore && m.weight > 0;
		// Counted: replace its part of the sum. Skipped: it joins the sum and its weight joins the total.
		const needed = counted ? m.subScore + (lowest * weights - sum) / m.weight : (lowest * (weights + m.weight) - sum) / m.weight;
		const reaches = (sub: number) => bandIndex(bands, scoreWith(metrics, k, sub)) > current;
		const found = needOf(m, needed, reaches, (sub) => (start - scoreTenths(scoreWith(metrics, k, sub))) / 10);
		const score = found.subScore === found.subScore ? scoreWith(metrics, k, found.subScore) : NaN;
		return [{ id: m.id, label: m.label, subScore: found.subScore, need: found.need, score }];
	});
	return { score, target, gap: (start - scoreTenths(score)) / 10, options, leftOut };
}

/**
 * The score with metric k's sub-score replaced by `sub` (k = −1: as it is), in scoreTable's arithmetic and order,
 * so a value found here lands in the band exactly as the scoring puts it there.
 */
function scoreWith(metrics: readonly MetricState[], k: number, sub: number): number {
	let weighted = 0, total = 0;
	for (let j = 0; j < metrics.length; j++) {
		const s = j === k ? sub : metrics[j].subScore;
		if (s !== s) continue;
		weighted += metrics[j].weight * s;
		total += metrics[j].weight;
	}
	return total > 0 ? weighted / total : NaN;
}

type Found = { need: Need; subScore: number };
const cannot = (reason: string): Found => ({ need: { kind: 'cannot', reason }, subScore: NaN });

/** `short(sub)`: the points the shown score would still lack with this sub-score. */
function needOf(m: MetricState, needed: number, reaches: (sub: number) => boolean, short: (sub: number) => number): Found {
	if (m.overridden) return cannot('its sub-score is overridden');
	if (!(m.weight > 0)) return cannot('it has no weight');
	if (!reaches(100)) return { need: { kind: 'short', points: short(100) }, subScore: 100 };
	if (reaches(0)) return { need: { kind: 'any' }, subScore: 0 };
	const n = m.normalization;
	const v = typeof m.value === 'number' && Number.isFinite(m.value) ? m.value : NaN;
	switch (n.kind) {
		case 'linear':
			return valueNeed((x) => linearSubScore(x, n.worst, n.best), n.worst + (needed / 100) * (n.best - n.worst), n.best > n.worst ? 1 : -1, v, reaches);
		case 'asIs':
			return valueNeed((x) => (x <= 0 ? 0 : x > 100 ? 100 : x), needed, 1, v, reaches);
		case 'target': {
			const sub = (x: number) => targetSubScore(x, n);
			if (v < n.lo) return valueNeed(sub, n.zeroBelow + (needed / 100) * (n.lo - n.zeroBelow), 1, v, reaches);
			if (v > n.hi) return valueNeed(sub, n.zeroAbove - (needed / 100) * (n.zeroAbove - n.hi), -1, v, reaches);
			const low = valueNeed(sub, n.zeroBelow + (needed / 100) * (n.lo - n.zeroBelow), 1, v, reaches);
			const high = valueNeed(sub, n.zeroAbove - (needed / 100) * (n.zeroAbove - n.hi), -1, v, reaches);
			if (low.need.kind !== 'atLeast' || high.need.kind !== 'atMost') return cannot('cannot alone: no value gives enough points');
			return { need: { kind: 'between', from: low.need.value, to: high.need.value }, subScore: Math.min(low.subScore, high.subScore) };
		}
		case 'thresholds':
			return thresholdNeed(n.ranges, v, reaches);
		case 'category':
			return levelNeed(n.points, n.otherPoints, reaches);
		case 'percentile':
			return percentileNeed(m, v, needed, n.higherIsBetter, reaches);
	}
}

/**
 * The value where a monotone normalization gives the needed sub-score, rounded to the data's step (whole numbers
 * for a whole-number value, else hundredths) in the healthy direction, then moved on a step at a time until it
 * really reaches the band.
 */
function valueNeed(sub: (x: number) => number, x: number, direction: 1 | -1, v: number, reaches: (s: number) => boolean): Found {
	const step = Number.isInteger(v) ? 1 : 0.01;
	let value = direction > 0 ? Math.ceil(x / step - 1e-9) * step : Math.floor(x / step + 1e-9) * step;
	value = Number(value.toFixed(step === 1 ? 0 : 2));
	for (let tries = 0; tries < 4 && !reaches(sub(value)); tries++) value = Number((value + direction * step).toFixed(step === 1 ? 0 : 2));
	if (!reaches(sub(value))) return cannot('cannot alone: no value gives enough points');
	return { need: direction > 0 ? { kind: 'atLeast', value } : { kind: 'atMost', value }, subScore: sub(value) };
}

/** The qualifying range nearest the current value (the first qualifying one when the value is missing). */
function thresholdNeed(ranges: readonly ThresholdRange[], v: number, reaches: (s: number) => boolean): Found {
	let best: (Found & { distance: number }) | null = null;
	for (const r of ranges) {
		if (!reaches(r.points)) continue;
		const from = r.from ?? -Infinity;
		const to = r.to ?? Infinity;
		let need: Need, distance: number;
		if (v !== v) (need = { kind: 'between', from: r.from, to: r.to, toExcluded: true }), (distance = Infinity);
		else if (v < from) (need = { kind: 'atLeast', value: from }), (distance = from - v);
		else if (v >= to) (need = { kind: 'below', value: to }), (distance = v - to);
		else continue; // the value is in this range already, so its points are not enough
		if (!best || distance < best.distance) best = { need, subScore: r.points, distance };
	}
	return best ? { need: best.need, subScore: best.subScore } : cannot('cannot alone: no range gives enough points');
}

/** The level with the fewest points that is still enough (the least change). */
function levelNeed(points: Record<string, number>, otherPoints: number | null, reaches: (s: number) => boolean): Found {
	let best: { level: string; points: number } | null = null;
	for (const level of Object.keys(points)) {
		const p = pointsOf({ kind: 'category', points, otherPoints }, level);
		if (reaches(p) && (!best || p < best.points)) best = { level, points: p };
	}
	if (best) return { need: { kind: 'level', level: best.level }, subScore: best.points };
	if (otherPoints !== null && reaches(otherPoints)) return { need: { kind: 'level', level: 'any other value' }, subScore: otherPoints };
	return cannot('cannot alone: no value gives enough points');
}

/**
 * A percentile rank is the customer's position among the population: strictly above k of the n − 1 others gives a
 * rank of at least k × 100 / (n − 1) (ties share their mean rank, which is no lower), as stats.percentileRanks has it.
 */
function percentileNeed(m: MetricState, v: number, needed: number, higherIsBetter: boolean, reaches: (s: number) => boolean): Found {
	if (!m.population) return cannot('the population is not known');
	const others: number[] = [];
	let ownSkipped = v !== v;
	for (let i = 0; i < m.population.length; i++) {
		const x = m.population[i];
		if (!Number.isFinite(x)) continue;
		if (!ownSkipped && x === v) {
			ownSkipped = true;
			continue;
		}
		others.push(x);
	}
	others.sort((a, b) => a - b);
	const last = others.length; // n − 1
	if (last === 0) return cannot('cannot alone: it is the only value');
	const scale = 100 / last;
	if (higherIsBetter) {
		let k = Math.max(1, Math.ceil((needed / 100) * last - 1e-9));
		while (k <= last && !reaches(k * scale)) k++;
		return k > last ? cannot('cannot alone: even the top rank is not enough') : { need: { kind: 'above', value: others[k - 1] }, subScore: k * scale };
	}
	let k = Math.min(last - 1, Math.floor(((100 - needed) / 100) * last + 1e-9));
	while (k >= 0 && !reaches(100 - k * scale)) k--;
	return k < 0 ? cannot('cannot alone: even the top rank is not enough') : { need: { kind: 'below', value: others[k] }, subScore: 100 - k * scale };
}

/** What a need says, in words: "at least 12", "a value from 2 to 8", "7 to under 9", "Two year". */
export function describeNeed(need: Need): string {
	switch (need.kind) {
		case 'atLeast':
			return `at least ${formatValue(need.value)}`;
		case 'atMost':
			return `at most ${formatValue(need.value)}`;
		case 'above':
			return `above ${formatValue(need.value)}`;
		case 'below':
			return `below ${formatValue(need.value)}`;
		case 'between':
			if (need.from === null) return need.to === null ? 'any value' : `below ${formatValue(need.to)}`;
			if (need.to === null) return `at least ${formatValue(need.from)}`;
			// "7 to under 9", not "at least 7 and below 9", which took four lines of the phone's table (NextBandTable);
			// the end stays with its number, so it breaks at most as "7 to / under 9".
			return need.toExcluded
				? `${formatValue(need.from)} to under\u00a0${formatValue(need.to)}`
				: `a value from ${formatValue(need.from)} to ${formatValue(need.to)}`;
		case 'level':
			return need.level;
		case 'any':
			return 'any value';
		case 'short':
			// How short is a figure of its own (NextBandTable's Still short column): said here, it would repeat down the rows.
			return 'not alone';
		case 'cannot':
			return need.reason;
	}
}

/**
 * The gap in words: "12.3 points to Healthy" (the gap is in tenths already: shown score to shown band start). A
 * customer with no score is in no band, not the top one.
 */
export function describeGap(next: NextBand): string {
	if (next.target) return `${formatPoints(next.gap)} points to ${next.target.label}`;
	return next.score === next.score ? 'In the top band already' : 'No score, so no band to move up from';
}

/** True when at least one metric alone can lift the customer into the next band. */
export function anyAlone(next: NextBand): boolean {
	return next.options.some((o) => o.need.kind !== 'short' && o.need.kind !== 'cannot');
}

/** The sentence above the table: the gap, and what its rows say (said once here, not in every row). */
export function describeNextBand(next: NextBand): string {
	if (!next.target) return describeGap(next);
	if (next.options.length === 0) return `${describeGap(next)}: no metric a CSM can act on is in the scorecard, so there is nothing to suggest.`;
	const short = next.options.some((o) => o.need.kind === 'short');
	// With metrics left out, "no metric" would read as every metric: it is every one a CSM can act on.
	const which = next.leftOut.length ? 'no metric a CSM can act on' : 'no metric';
	if (!anyAlone(next)) {
		const full = short ? ` Each row gives the score with that metric at full points, the others staying as they are, and how far short of ${next.target.label} that still is.` : '';
		return `${describeGap(next)}: ${which} alone is enough.${full}`;
	}
	const also = short ? ' Where one alone is not enough, its row gives the score with it at full points, and how far short that still is.' : '';
	return `${describeGap(next)}: what each metric alone would need, the others staying as they are.${also}`;
}

/** Names listed before "and N more": a scorecard may have hundreds of metrics marked as not actionable. */
const LEFT_OUT_NAMED = 8;

/**
 * The line under it naming the metrics left out and why ("Tenure is marked as not actionable (a CSM cannot change
 * it), so it is not suggested; …"); null when none is, or when there is no band to move up to.
 */
export function describeLeftOut(next: NextBand): string | null {
	const n = next.leftOut.length;
	if (!next.target || n === 0) return null;
	const names = next.leftOut.slice(0, LEFT_OUT_NAMED).map((m) => m.label.trim() || m.id);
	if (n > LEFT_OUT_NAMED) names.push(`${(n - LEFT_OUT_NAMED).toLocaleString('en-US')} more`);
	const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
	return n === 1
		? `${list} is marked as not actionable (a CSM cannot change it), so it is not suggested; it still counts in the score.`
		: `${list} are marked as not actionable (a CSM cannot change them), so they are not suggested; they still count in the score.`;
}
