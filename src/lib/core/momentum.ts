/** Momentum: how a customer's score changed since its previous snapshot, and which metric moved it most. */
import { formatPoints, formatValue } from '../format';

/** Changes smaller than this print as 0.0 points, so they are "flat". */
export const FLAT_BELOW = 0.05;

export type Direction = 'up' | 'down' | 'flat';

/** The change of the score between two snapshots; null when either has no score. */
export interface Momentum {
	change: number;
	direction: Direction;
}

export function momentumOf(previous: number, current: number): Momentum | null {
	if (previous !== previous || current !== current) return null;
	const change = current - previous;
	return { change, direction: Math.abs(change) < FLAT_BELOW ? 'flat' : change > 0 ? 'up' : 'down' };
}

/**
 * Every customer's change since its previous snapshot: `current[c]` and `previous[c]` are rows (−1: none),
 * the result is NaN where either row is missing or unscored.
 */
export function scoreChanges(current: ArrayLike<number>, previous: ArrayLike<number>, score: ArrayLike<number>): Float64Array {
	if (current.length !== previous.length) throw new Error(`invalid rows; ${current.length} current and ${previous.length} previous`);
	const out = new Float64Array(current.length);
	for (let c = 0; c < current.length; c++) {
		const r = current[c];
		const p = previous[c];
		out[c] = r >= 0 && p >= 0 ? score[r] - score[p] : NaN;
	}
	return out;
}

/** One metric of one snapshot: its raw value and the points it added to the score. */
export interface MetricPoint {
	id: string;
	label: string;
	value: number | string | null;
	contribution: number;
}

/** The metric whose contribution changed most between two snapshots. */
export interface Mover {
	id: string;
	label: string;
	from: number | string | null;
	to: number | string | null;
	/** Change of its contribution, in points. */
	change: number;
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
	}
	return best;
}

/** Points with their sign: "+2.5", "−6.0" (a true minus sign), "0.0". */
export function formatSignedPoints(p: number): string {
	const text = formatPoints(Math.abs(p));
	if (text === formatPoints(0)) return text;
	return (p < 0 ? '−' : '+') + text;
}

/** The mover in words: "NPS fell from 9 to 4: −6.0 points". */
export function describeMover(m: Mover): string {
	const { from, to } = m;
	const numbers = typeof from === 'number' && typeof to === 'number' && from === from && to === to;
	let moved: string;
	if (numbers && to < from) moved = `fell from ${formatValue(from)} to ${formatValue(to)}`;
	else if (numbers && to > from) moved = `rose from ${formatValue(from)} to ${formatValue(to)}`;
	else if (formatValue(from) === formatValue(to)) moved = `stayed at ${formatValue(to)}`;
	else moved = `changed from ${formatValue(from)} to ${formatValue(to)}`;
	return `${m.label} ${moved}: ${formatSignedPoints(m.change)} points`;
}

/** A change of score in words: "up 3.2 points", "down 6.0 points", "no change"; "no score to compare" when either snapshot has none. */
export function describeChange(m: Momentum | null): string {
	if (!m) return 'no score to compare';
	if (m.direction === 'flat') return 'no change';
	return `${m.direction} ${formatPoints(Math.abs(m.change))} points`;
}
