/** Momentum: how a customer's score changed since its previous snapshot, and which metric moved it most. */
import { formatPoints, formatSignedPoints, formatValue, withMinus } from './format';
import type { Override } from './overrides';
import { scoreTenths } from './shown-score';


export type Direction = 'up' | 'down' | 'flat';

/** The change of the score between two snapshots; null when either has no score. */
export interface Momentum {
	change: number;
	direction: Direction;
}

/**
 * The change between the scores as shown (to one decimal, like the bands), so "down 6.0 points" is what the two
 * scores on the page differ by; a change that shows as no change is "flat".
 */
export function momentumOf(previous: number, current: number): Momentum | null {
	if (previous !== previous || current !== current) return null;
	const change = shownChange(previous, current);
	return { change, direction: change === 0 ? 'flat' : change > 0 ? 'up' : 'down' };
}

/** current − previous between the scores as shown, in points (a multiple of 0.1; 0, never −0). */
function shownChange(previous: number, current: number): number {
	return (scoreTenths(current) - scoreTenths(previous)) / 10 + 0;
}

/**
 * Every customer's change since its previous snapshot, between the scores as shown: `current[c]` and `previous[c]`
 * are rows (−1: none), the result is NaN where either row is missing or unscored.
 */
export function scoreChanges(current: ArrayLike<number>, previous: ArrayLike<number>, score: ArrayLike<number>): Float64Array {
	if (current.length !== previous.length) throw new Error(`invalid rows; ${current.length} current and ${previous.length} previous`);
	const out = new Float64Array(current.length);
	for (let c = 0; c < current.length; c++) {
		const r = current[c];
		const p = previous[c];
		out[c] = r >= 0 && p >= 0 ? shownChange(score[p], score[r]) : NaN;
	}
	return out;
}

/** One metric of one snapshot: its raw value and the points it added to the score. */
export interface MetricPoint {
	id: string;
	label: string;
	value: number | string | null;
	contribution: number;
	/** The override that set its sub-score in this snapshot, if one did: then the value did not make the points. */
	override?: Override | null;
}

/** The metric whose contribution changed most between two snapshots. */
export interface Mover {
	id: string;
	label: string;
	from: number | string | null;
	to: number | string | null;
	/** Change of its contribution, in points. */
	change: number;
	/** In which snapshot an override set its sub-score (absent when in neither): the value did not move it alone. */
	overridden?: 'before' | 'now' | 'both';
	/** Set when the metric is in only one of the two snapshots' scorecards (a segment scorecard, a new version): its value did not move it. */
	scorecard?: 'left' | 'joined';
}

/**
 * The metric whose contribution changed most (by size; the first in `current`'s order on a tie). A metric in only
 * one of the two snapshots' scorecards counts 0 points in the other. Null when no contribution changed.
 */
export function biggestMover(previous: readonly MetricPoint[], current: readonly MetricPoint[]): Mover | null {
	const before = new Map(previous.map((m) => [m.id, m]));
	const ids = [...current.map((m) => m.id), ...previous.map((m) => m.id).filter((id) => !current.some((m) => m.id === id))];
	const now = new Map(current.map((m) => [m.id, m]));
	let best: Mover | null = null;
	for (const id of ids) {
		const a = before.get(id);
		const b = now.get(id);
		const change = (b?.contribution ?? 0) - (a?.contribution ?? 0);
		if (Math.abs(change) < 1e-9 || (best && Math.abs(change) <= Math.abs(best.change))) continue;
		best = { id, label: (b ?? a)!.label, from: a ? a.value : null, to: b ? b.value : null, change };
		const overridden = a?.override ? (b?.override ? 'both' : 'before') : b?.override ? 'now' : undefined;
		if (overridden) best.overridden = overridden;
		if (!a || !b) best.scorecard = a ? 'left' : 'joined';
	}
	return best;
}

/**
 * The mover in words: "NPS fell from 9 to 4: −6.0 points". When an override set its sub-score the points did not
 * follow the value, and the sentence says so: "Usage fell from 25 to 18.8, but its sub-score is overridden: +20.0 points".
 */
export function describeMover(m: Mover): string {
	const { from, to } = m;
	// "changed from 74.6 to missing" would blame a value that is there: the scorecard changed, not the customer.
	if (m.scorecard === 'left') return `${m.label} is no longer in the scorecard (${formatValue(from)} before): ${formatSignedPoints(m.change)} points`;
	if (m.scorecard === 'joined') return `${m.label} is new in the scorecard (${formatValue(to)} now): ${formatSignedPoints(m.change)} points`;
	const numbers = typeof from === 'number' && typeof to === 'number' && from === from && to === to;
	const [a, b] = numbers ? formatApart(from, to) : [formatValue(from), formatValue(to)];
	let moved: string;
	if (numbers && to < from) moved = `fell from ${a} to ${b}`;
	else if (numbers && to > from) moved = `rose from ${a} to ${b}`;
	else if (a === b) moved = `stayed at ${b}`;
	else moved = `changed from ${a} to ${b}`;
	const why = { before: ', but its earlier sub-score was overridden', now: ', but its sub-score is overridden', both: ', but its sub-score is overridden' };
	return `${m.label} ${moved}${m.overridden ? why[m.overridden] : ''}: ${formatSignedPoints(m.change)} points`;
}

/**
 * Two numbers as formatValue prints them, with more decimals when that would print two different numbers the
 * same ("rose from 1 to 1" for 1.001 → 1.004).
 */
export function formatApart(a: number, b: number): [string, string] {
	const [x, y] = [formatValue(a), formatValue(b)];
	if (x !== y || a === b) return [x, y];
	for (let digits = 3; digits <= 20; digits++) {
		const f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits });
		if (f.format(a) !== f.format(b)) return [withMinus(f.format(a)), withMinus(f.format(b))];
	}
	return [withMinus(String(a)), withMinus(String(b))];
}

/** A change of score in words: "up 3.2 points", "down 6.0 points", "no change"; "no score to compare" when either snapshot has none. */
export function describeChange(m: Momentum | null): string {
	if (!m) return 'no score to compare';
	if (m.direction === 'flat') return 'no change';
	return `${m.direction} ${formatPoints(Math.abs(m.change))} points`;
}
