/**
 * The scorecards of a workspace: a default scorecard plus segment scorecards, saved as versions that each
 * apply from a snapshot date. Plain JSON-safe data; which scorecard scores which row is decided here.
 */
import type { Scorecard } from './scorecard';
import { LIMITS } from './scorecard-limits';

/** A scorecard for the customers whose segment column holds `segment` (e.g. "Enterprise"). */
export interface SegmentScorecard {
	segment: string;
	scorecard: Scorecard;
}

/** The default scorecard (everyone not in a segment below) and the segment scorecards. */
export interface ScorecardSet {
	default: Scorecard;
	segments: SegmentScorecard[];
}

/** One saved version of the scorecard set, as scoring needs it. */
export interface ScorecardVersion {
	id: string;
	/** 1, 2, 3… in the order versions were saved. */
	number: number;
	/** ISO date-time it was saved. */
	createdAt: string;
	note: string;
	/** The first snapshot date (yyyy-mm-dd) it scores; null = every snapshot ("apply to all history"). */
	appliesFrom: string | null;
	set: ScorecardSet;
}

/** The id the unsaved draft gets when it is scored as if it were the newest version. */
export const DRAFT_VERSION_ID = 'draft';

/** A set holding only this scorecard. */
export function singleSet(scorecard: Scorecard): ScorecardSet {
	return { default: scorecard, segments: [] };
}

/** Every scorecard of the set, default first. */
export function scorecardsOf(set: ScorecardSet): Scorecard[] {
	return [set.default, ...set.segments.map((s) => s.scorecard)];
}

/**
 * The version in force for a snapshot date: the newest version (by save order) whose appliesFrom is on or
 * before the date. A snapshot older than every version's start gets the oldest version (something scored
 * it before any later change); an undated snapshot ('' ) gets the newest. `versions` are in save order.
 */
export function versionInForce(versions: readonly ScorecardVersion[], date: string): number {
	if (versions.length === 0) throw new Error('invalid versions; none given');
	if (date === '') return versions.length - 1;
	for (let v = versions.length - 1; v >= 0; v--) {
		const from = versions[v].appliesFrom;
		if (from === null || from <= date) return v;
	}
	return 0;
}

/** Index of the scorecard in scorecardsOf(set) that scores a row of this segment: its segment's, else the default (0). */
export function scorecardIndexFor(set: { segments: readonly Pick<SegmentScorecard, 'segment'>[] }, segment: string | null): number {
	if (segment === null) return 0;
	const k = set.segments.findIndex((s) => s.segment === segment);
	return k < 0 ? 0 : k + 1;
}

/**
 * Problems with a set's segments (each segment once, a non-empty value, within the scorecard file's LIMITS),
 * in words; empty when fine.
 */
export function segmentProblems(set: ScorecardSet): string[] {
	const problems: string[] = [];
	const seen = new Set<string>();
	if (set.segments.length > LIMITS.segments)
		problems.push(`there are ${set.segments.length.toLocaleString('en-US')} segment scorecards; at most ${LIMITS.segments.toLocaleString('en-US')} are allowed`);
	for (const { segment, scorecard } of set.segments) {
		if (segment.trim() === '') problems.push(`the segment scorecard “${scorecard.name}” names no segment`);
		else if (segment.length > LIMITS.text)
			problems.push(`the segment of “${scorecard.name}” must be at most ${LIMITS.text.toLocaleString('en-US')} characters, got ${segment.length.toLocaleString('en-US')}`);
		else if (seen.has(segment)) problems.push(`segment “${segment}” has more than one scorecard`);
		seen.add(segment);
	}
	const ids = scorecardsOf(set).map((s) => s.id);
	const dup = ids.find((id, i) => ids.indexOf(id) !== i);
	if (dup !== undefined) problems.push(`two scorecards share the id “${dup}”`);
	return problems;
}

/** The set with every metric reading a renamed column reading its new name (the same object when none is renamed). */
export function renameColumns(set: ScorecardSet, renames: ReadonlyMap<string, string>): ScorecardSet {
	if (renames.size === 0 || !scorecardsOf(set).some((card) => card.metrics.some((m) => renames.has(m.column)))) return set;
	const card = (c: Scorecard): Scorecard => ({ ...c, metrics: c.metrics.map((m) => (renames.has(m.column) ? { ...m, column: renames.get(m.column)! } : m)) });
	return { default: card(set.default), segments: set.segments.map((s) => ({ segment: s.segment, scorecard: card(s.scorecard) })) };
}

/**
 * True when two sets are the same scorecards: every field equal (keys in any order) but the default's id, which an
 * import replaces with the workspace's own. An import of such a set would change nothing.
 */
export function sameSet(a: ScorecardSet, b: ScorecardSet): boolean {
	const text = (set: ScorecardSet) => JSON.stringify({ ...set, default: { ...set.default, id: '' } }, sortedKeys);
	return text(a) === text(b);
}

function sortedKeys(_key: string, value: unknown): unknown {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
	return Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}
