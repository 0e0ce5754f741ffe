/**
 * How big a scorecard may be. The scorecard file's schema and checkScorecard both read these, so a scorecard the
 * editor accepts can always be written to a file (or a share link) and read back.
 */
import type { Band, Metric, Normalization, Scorecard } from './scorecard';

export const LIMITS = {
	metrics: 500,
	bands: 20,
	ranges: 200,
	levels: 5000,
	segments: 1000,
	/** Ids, names and labels. */
	name: 200,
	/** Columns, category values, segments and band actions. */
	text: 1000,
	weight: 1e9,
	/** The largest size of any bound in a normalization, either side of zero. */
	number: 1e15
} as const;

type Say = (msg: string) => void;

const big = (x: number) => x.toLocaleString('en-US');

/** The message for text over `max` characters, or nothing. */
function tooLong(what: string, value: unknown, max: number): string | undefined {
	if (typeof value === 'string' && value.length > max) return `${what} must be at most ${big(max)} characters, got ${big(value.length)}`;
}

/** The named bounds of a normalization (open threshold ends left out). */
function boundsOf(n: Normalization): [string, unknown][] {
	switch (n.kind) {
		case 'linear':
			return [['worst value', n.worst], ['best value', n.best]];
		case 'target':
			return [['zero below', n.zeroBelow], ['target from', n.lo], ['target to', n.hi], ['zero above', n.zeroAbove]];
		case 'thresholds':
			return n.ranges.flatMap((r): [string, unknown][] => [['range start', r.from], ['range end', r.to]]).filter(([, v]) => v !== null);
		default:
			return [];
	}
}

function normalizationLimits(n: Normalization, say: Say) {
	for (const [name, v] of boundsOf(n))
		if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) > LIMITS.number)
			say(`${name} must be between −${big(LIMITS.number)} and ${big(LIMITS.number)}, got ${v}`);
	if (n.kind === 'thresholds' && n.ranges.length > LIMITS.ranges)
		say(`the grading table must have at most ${big(LIMITS.ranges)} ranges, got ${big(n.ranges.length)}`);
	if (n.kind === 'category') {
		const levels = Object.keys(n.points);
		if (levels.length > LIMITS.levels) say(`at most ${big(LIMITS.levels)} values can have points, got ${big(levels.length)}`);
		const long = levels.find((l) => l.length > LIMITS.text);
		if (long !== undefined) say(`${tooLong('a value with points', long, LIMITS.text)} ("${long.slice(0, 40)}…")`);
	}
}

/** A metric's sizes beyond LIMITS, each told to `say`. */
export function metricLimitProblems(m: Metric, say: Say): void {
	if (typeof m.id === 'string' && m.id.length === 0) say('the metric has no id');
	if (typeof m.column === 'string' && m.column.length === 0) say('the metric reads no column');
	for (const msg of [tooLong('id', m.id, LIMITS.name), tooLong('column name', m.column, LIMITS.text), tooLong('label', m.label, LIMITS.name)]) if (msg) say(msg);
	if (typeof m.weight === 'number' && m.weight > LIMITS.weight) say(`weight must be at most ${big(LIMITS.weight)}, got ${m.weight}`);
	normalizationLimits(m.normalization, say);
}

/** A band's text beyond LIMITS, each told to `say` (the caller names the band). */
export function bandLimitProblems(b: Band, say: Say): void {
	for (const msg of [tooLong('label', b.label, LIMITS.name), tooLong('action', b.action, LIMITS.text)]) if (msg) say(msg);
}

/** The scorecard's own sizes beyond LIMITS (its id, name and how many metrics and bands), as sentences. */
export function scorecardLimitProblems(scorecard: Scorecard): string[] {
	const problems: string[] = [];
	if (typeof scorecard.id === 'string' && scorecard.id.length === 0) problems.push('The scorecard has no id.');
	for (const msg of [tooLong('id', scorecard.id, LIMITS.name), tooLong('name', scorecard.name, LIMITS.name)]) if (msg) problems.push(`The scorecard's ${msg}.`);
	if (scorecard.metrics.length > LIMITS.metrics)
		problems.push(`The scorecard has ${big(scorecard.metrics.length)} metrics; at most ${big(LIMITS.metrics)} are allowed.`);
	if (scorecard.bands.length > LIMITS.bands)
		problems.push(`The scorecard has ${big(scorecard.bands.length)} bands; at most ${big(LIMITS.bands)} are allowed.`);
	return problems;
}
