/** What importing a scorecard would change: metrics added, removed and changed, weights, bands, and customers' bands. */
import { checkScorecard } from './check';
import { scoreTable, weightShares } from './score';
import { isActionable, type Band, type Metric, type MissingPolicy, type Normalization, type Scorecard } from './scorecard';
import type { ScorecardSet } from './scorecard-set';
import type { Table } from './table';
import { withMinus } from './format';

/** One metric present before and after, with what changed in words. */
export interface MetricChange {
	before: Metric;
	after: Metric;
	changes: string[];
	/** True when only whether a CSM can act on it changed: nothing scores or Learn read (next-band suggestions only). */
	actionableOnly: boolean;
}

/** A metric's weight as a share of the total, before → after (null where the metric is not in that scorecard). */
export interface WeightChange {
	label: string;
	before: number | null;
	after: number | null;
}

export interface ScorecardDiff {
	added: Metric[];
	removed: Metric[];
	changed: MetricChange[];
	weights: WeightChange[];
	/** Band changes in words. */
	bands: string[];
	/** True when importing would change nothing the scores or the next-band suggestions depend on (the name aside). */
	same: boolean;
}

/** Metrics are matched by id, then (for those left) by column. */
export function diffScorecards(before: Scorecard, after: Scorecard): ScorecardDiff {
	const pairs = new Map<Metric, Metric>();
	const used = new Set<Metric>();
	for (const a of after.metrics) {
		const b = before.metrics.find((m) => m.id === a.id && !used.has(m));
		if (b) { pairs.set(a, b); used.add(b); }
	}
	for (const a of after.metrics) {
		if (pairs.has(a)) continue;
		const b = before.metrics.find((m) => m.column === a.column && !used.has(m));
		if (b) { pairs.set(a, b); used.add(b); }
	}
	const added = after.metrics.filter((a) => !pairs.has(a));
	const removed = before.metrics.filter((b) => !used.has(b));
	const changed: MetricChange[] = [];
	for (const [a, b] of pairs) {
		const changes = metricChanges(b, a);
		const actionable = actionableChange(b, a);
		if (actionable) changes.push(actionable);
		if (changes.length) changed.push({ before: b, after: a, changes, actionableOnly: changes.length === 1 && actionable !== null });
	}
	const shares = weightShares(before);
	const sharesBefore = new Map(before.metrics.map((m, k) => [m, shares[k]]));
	const sharesAfter = weightShares(after);
	const weights: WeightChange[] = after.metrics.map((a, k) => {
		const b = pairs.get(a);
		return { label: a.label || a.column, before: b ? sharesBefore.get(b)! : null, after: sharesAfter[k] };
	});
	for (const b of removed) weights.push({ label: b.label || b.column, before: sharesBefore.get(b)!, after: null });
	const bands = bandChanges(before.bands, after.bands);
	return { added, removed, changed, weights, bands, same: !added.length && !removed.length && !changed.length && !bands.length };
}

/**
 * What changed from one version's scorecard set to another's, in words, for the version compare beside its table of
 * weight shares: each metric's changes ("Executive sponsor: actionable → not actionable") and the bands', per
 * scorecard when there are segment scorecards ("Enterprise: …"). Metrics added or removed are the table's rows.
 */
export function setChanges(from: ScorecardSet, to: ScorecardSet): string[] {
	const named = (set: ScorecardSet) => [{ name: 'Default', card: set.default }, ...set.segments.map((s) => ({ name: s.segment, card: s.scorecard }))];
	const segmented = from.segments.length > 0 || to.segments.length > 0;
	const out: string[] = [];
	for (const { name, card } of named(to)) {
		const before = named(from).find((c) => c.name === name)?.card;
		if (!before) continue;
		const prefix = segmented ? `${name}: ` : '';
		const diff = diffScorecards(before, card);
		for (const c of diff.changed) out.push(`${prefix}${c.after.label || c.after.column}: ${c.changes.join('; ')}`);
		for (const band of diff.bands) out.push(`${prefix}bands: ${band}`);
	}
	return out;
}

function metricChanges(b: Metric, a: Metric): string[] {
	const out: string[] = [];
	if (b.label !== a.label) out.push(`label “${b.label}” → “${a.label}”`);
	if (b.column !== a.column) out.push(`column “${b.column}” → “${a.column}”`);
	if (b.weight !== a.weight) out.push(`weight ${b.weight} → ${a.weight}`);
	if (JSON.stringify(b.normalization) !== JSON.stringify(a.normalization))
		out.push(`normalization ${describeNormalization(b.normalization)} → ${describeNormalization(a.normalization)}`);
	if (JSON.stringify(b.missing) !== JSON.stringify(a.missing)) out.push(`missing values ${describeMissing(b.missing)} → ${describeMissing(a.missing)}`);
	return out;
}

/** "actionable → not actionable" (or back) when the flag's meaning changed; absent and true are the same. */
function actionableChange(b: Metric, a: Metric): string | null {
	const word = (m: Metric) => (isActionable(m) ? 'actionable' : 'not actionable');
	return isActionable(b) === isActionable(a) ? null : `${word(b)} → ${word(a)}`;
}

/** A number of the scorecard as written, with a true minus sign (−15, as −∞ beside it). */
const num = (x: number) => withMinus(String(x));

/** A normalization in a few words. */
export function describeNormalization(n: Normalization): string {
	switch (n.kind) {
		case 'linear': return `linear from ${num(n.worst)} (0) to ${num(n.best)} (100)`;
		case 'thresholds': return `grading table of ${n.ranges.length} range${n.ranges.length === 1 ? '' : 's'} (${n.ranges.map((r) => `${r.from === null ? '−∞' : num(r.from)}–${r.to === null ? '∞' : num(r.to)}: ${num(r.points)}`).join(', ')})`;
		case 'target': return `target ${num(n.lo)}–${num(n.hi)} (0 at ${num(n.zeroBelow)} and ${num(n.zeroAbove)})`;
		case 'percentile': return `percentile rank (${n.higherIsBetter ? 'higher' : 'lower'} is better)`;
		case 'category': return `category points (${Object.entries(n.points).map(([l, p]) => `${l}: ${p}`).join(', ')}${n.otherPoints === null ? '' : `, other: ${n.otherPoints}`})`;
		case 'asIs': return 'as is';
	}
}

function describeMissing(p: MissingPolicy): string {
	switch (p.kind) {
		case 'skip': return 'skipped';
		case 'zero': return 'scored 0';
		case 'fixed': return `scored ${p.value}`;
		case 'median': return 'given the median';
	}
}

function bandChanges(before: readonly Band[], after: readonly Band[]): string[] {
	const out: string[] = [];
	const range = (bands: readonly Band[], i: number) => `${bands[i].min}–${i + 1 < bands.length ? bands[i + 1].min : 100}`;
	for (let i = 0; i < after.length; i++) {
		const b = before.find((x) => x.label === after[i].label);
		if (!b) { out.push(`new band “${after[i].label}” (${range(after, i)})`); continue; }
		const j = before.indexOf(b);
		if (range(before, j) !== range(after, i)) out.push(`“${after[i].label}” ${range(before, j)} → ${range(after, i)}`);
		if (b.action !== after[i].action) out.push(`“${after[i].label}” action “${b.action}” → “${after[i].action}”`);
		if (b.color.toLowerCase() !== after[i].color.toLowerCase()) out.push(`“${after[i].label}” colour ${b.color} → ${after[i].color}`);
	}
	for (const b of before) if (!after.some((x) => x.label === b.label)) out.push(`band “${b.label}” removed`);
	return out;
}

/** How customers' bands would move on this table: counts by (before, after) label, "No score" for none. */
export interface BandMoves {
	customers: number;
	/** Customers whose band label changes (a score appearing or going counts). */
	changed: number;
	moves: { from: string; to: string; customers: number }[];
}

export const NO_SCORE = 'No score';

/** Band moves, or the errors that stop `after` from scoring this table (its columns missing, …). */
export function bandMoves(table: Table, before: Scorecard, after: Scorecard): { moves: BandMoves } | { errors: string[] } {
	const errors = checkScorecard(after, table).filter((p) => p.severity === 'error').map((p) => p.message);
	if (errors.length) return { errors };
	const a = scoreTable(table, after);
	const beforeOk = !checkScorecard(before, table).some((p) => p.severity === 'error');
	const b = beforeOk ? scoreTable(table, before) : null;
	const counts = new Map<string, number>();
	let changed = 0;
	for (let i = 0; i < table.rowCount; i++) {
		const from = b && b.band[i] >= 0 ? before.bands[b.band[i]].label : NO_SCORE;
		const to = a.band[i] >= 0 ? after.bands[a.band[i]].label : NO_SCORE;
		if (from === to) continue;
		changed++;
		const key = JSON.stringify([from, to]);
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	const moves = [...counts].map(([key, customers]) => {
		const [from, to] = JSON.parse(key) as [string, string];
		return { from, to, customers };
	}).sort((x, y) => y.customers - x.customers);
	return { moves: { customers: table.rowCount, changed, moves } };
}

/** "a", "a and b", "a, b and c". */
function joinAnd(items: readonly string[]): string {
	return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The columns a scorecard reads that the data lacks, in one sentence: each column once, with the metrics that
 * read it only where their labels are not the column's name (a label that repeats it says nothing).
 */
export function missingColumnsSentence(missing: ImportReview['missing']): string {
	const items = missing.map(({ column, metrics }) => {
		const others = metrics.filter((label) => label !== column);
		return `“${column}”${others.length ? ` (for ${joinAnd(others.map((l) => `“${l}”`))})` : ''}`;
	});
	return missing.length === 1
		? `This scorecard reads a column your data does not have: ${items[0]}.`
		: `This scorecard reads ${missing.length.toLocaleString('en-US')} columns your data does not have: ${joinAnd(items)}.`;
}

/** Everything the user sees before importing a scorecard file or link. */
export interface ImportReview {
	diff: ScorecardDiff;
	/** Columns the file's scorecards read that the data lacks: importing them is refused until they exist. */
	missing: { column: string; metrics: string[] }[];
	/** Band moves on the current data, or why they cannot be counted. */
	moves: BandMoves | null;
	movesNote: string | null;
	/** What happens to segment scorecards, in words; null when neither side has any. */
	segments: string | null;
	/** The incoming segment scorecards no customer here would be scored by, in words; null when there are none. */
	segmentsUnmatched: string | null;
}

/**
 * The incoming segment scorecards whose segment no customer here is in: `values` are the data's segment
 * values, null when it has no segment column.
 */
function unmatchedSegments(incoming: readonly { segment: string }[], values: readonly string[] | null): string | null {
	const quoted = (xs: readonly string[]) => joinAnd(xs.map((x) => `“${x}”`));
	if (!incoming.length) return null;
	if (values === null) return `Your data has no segment column, so no customer would be scored by the segment scorecards for ${quoted(incoming.map((s) => s.segment))}: everyone would be scored by the default.`;
	const have = new Set(values);
	const unmatched = incoming.map((s) => s.segment).filter((s) => !have.has(s));
	if (!unmatched.length) return null;
	const shown = values.slice(0, 10).map((v) => `“${v}”`).join(', ') + (values.length > 10 ? `, and ${(values.length - 10).toLocaleString('en-US')} more` : '');
	return `No customer here is in ${unmatched.length === 1 ? 'segment' : 'segments'} ${quoted(unmatched)}, so ${unmatched.length === 1 ? 'its scorecard' : 'their scorecards'} would score no one (your segments: ${shown || 'none'}).`;
}

/**
 * The review of importing `incoming` (a default scorecard and maybe segment scorecards) over the current ones.
 * `segmentValues`: the data's segment values (null: it has no segment column), to say which incoming segment
 * scorecards would score no one; not checked when left out.
 */
export function reviewImport(
	current: { scorecard: Scorecard; segments: readonly { segment: string }[] },
	incoming: { scorecard: Scorecard; segments?: readonly { segment: string; scorecard: Scorecard }[] },
	table: Table,
	segmentValues?: readonly string[] | null
): ImportReview {
	const cards = [incoming.scorecard, ...(incoming.segments ?? []).map((s) => s.scorecard)];
	const have = new Set(Object.keys(table.columns));
	const missing = new Map<string, string[]>();
	for (const m of cards.flatMap((c) => c.metrics)) if (!have.has(m.column)) missing.set(m.column, [...new Set([...(missing.get(m.column) ?? []), m.label || m.id])]);
	const list = (xs: readonly { segment: string }[]) => xs.map((s) => `“${s.segment}”`).join(', ');
	const segments = incoming.segments === undefined
		? (current.segments.length ? `Your segment scorecards (${list(current.segments)}) stay as they are.` : null)
		: `Segment scorecards: ${incoming.segments.length ? list(incoming.segments) : 'none'} replace ${current.segments.length ? `yours (${list(current.segments)})` : 'none'}.`;
	let moves: BandMoves | null = null;
	let movesNote: string | null = null;
	if (missing.size) movesNote = 'Band changes cannot be counted: the scorecard reads columns your data does not have.';
	else if (current.segments.length || incoming.segments?.length) movesNote = 'Band changes are not counted here when segment scorecards are involved; the Overview shows them after import.';
	else {
		const counted = bandMoves(table, current.scorecard, incoming.scorecard);
		if ('moves' in counted) moves = counted.moves;
		else movesNote = `Band changes cannot be counted: ${counted.errors.join(' ')}`;
	}
	const segmentsUnmatched = segmentValues === undefined ? null : unmatchedSegments(incoming.segments ?? [], segmentValues);
	return { diff: diffScorecards(current.scorecard, incoming.scorecard), missing: [...missing].map(([column, metrics]) => ({ column, metrics })), moves, movesNote, segments, segmentsUnmatched };
}
