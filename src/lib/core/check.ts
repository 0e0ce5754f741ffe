/** Checks a scorecard before it scores anything: every problem names the metric (or band) and the value. */
import type { Band, Metric, Normalization, Scorecard } from './scorecard';
import { bandLimitProblems, metricLimitProblems, scorecardLimitProblems } from './scorecard-limits';
import type { Table } from './table';

/** One thing wrong with a scorecard. Errors stop scoring; warnings are shown beside the metric. */
export interface ScorecardProblem {
	severity: 'error' | 'warning';
	/** The metric's id, or undefined for scorecard-wide and band problems. */
	metricId?: string;
	/**
	 * Which fields a problem is about, so the page can show it where it moves none of them: 'weights' is a scorecard-wide
	 * problem of every metric's weight; 'sub-score' a metric's problem of its sub-score or missing-value fields (below
	 * its label, column and weight), rather than of those.
	 */
	about?: 'weights' | 'sub-score';
	message: string;
}

/** Thrown by scoring when the scorecard has errors; `problems` lists them all. */
export class ScorecardError extends Error {
	constructor(readonly problems: ScorecardProblem[]) {
		super(problems.map((p) => p.message).join('\n'));
		this.name = 'ScorecardError';
	}
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const inPoints = (x: unknown) => isNum(x) && x >= 0 && x <= 100;
const fmt = (x: unknown) => (typeof x === 'number' ? String(x) : JSON.stringify(x));
const showRange = (from: number | null, to: number | null) => `[${from ?? '−∞'}, ${to ?? '∞'})`;

type Say = (msg: string, severity?: 'error' | 'warning') => void;

function normalizationProblems(n: Normalization, say: Say) {
	switch (n.kind) {
		case 'linear':
			if (!isNum(n.worst)) say(`worst value must be a number, got ${fmt(n.worst)}`);
			else if (!isNum(n.best)) say(`best value must be a number, got ${fmt(n.best)}`);
			else if (n.worst === n.best) say(`worst and best are both ${n.worst}; they must differ`);
			break;
		case 'target': {
			const { zeroBelow, lo, hi, zeroAbove } = n;
			const named = { 'zero below': zeroBelow, 'target from': lo, 'target to': hi, 'zero above': zeroAbove };
			const bad = Object.entries(named).find(([, v]) => !isNum(v));
			if (bad) say(`${bad[0]} must be a number, got ${fmt(bad[1])}`);
			else if (!(zeroBelow <= lo && lo <= hi && hi <= zeroAbove))
				say(`target range must satisfy zero below ≤ from ≤ to ≤ zero above, got ${zeroBelow} ≤ ${lo} ≤ ${hi} ≤ ${zeroAbove}`);
			break;
		}
		case 'thresholds': {
			if (n.ranges.length === 0) say('the grading table has no ranges');
			for (const r of n.ranges) {
				if (r.from !== null && !isNum(r.from)) say(`range start must be a number or open, got ${fmt(r.from)}`);
				else if (r.to !== null && !isNum(r.to)) say(`range end must be a number or open, got ${fmt(r.to)}`);
				else if (r.from !== null && r.to !== null && r.from >= r.to) say(`range ${showRange(r.from, r.to)} is empty: its start must be below its end`);
				if (!inPoints(r.points)) say(`points must be between 0 and 100, got ${fmt(r.points)} for ${showRange(r.from, r.to)}`);
			}
			const sorted = [...n.ranges].sort((a, b) => (a.from ?? -Infinity) - (b.from ?? -Infinity));
			for (let i = 1; i < sorted.length; i++) {
				const a = sorted[i - 1];
				const b = sorted[i];
				if ((a.to ?? Infinity) > (b.from ?? -Infinity))
					say(`ranges ${showRange(a.from, a.to)} and ${showRange(b.from, b.to)} overlap`);
				else if (a.to !== b.from) say(`values in [${a.to}, ${b.from}) are in no range and count as missing`, 'warning');
			}
			break;
		}
		case 'category':
			for (const [level, p] of Object.entries(n.points))
				if (!inPoints(p)) say(`points for "${level}" must be between 0 and 100, got ${fmt(p)}`);
			if (n.otherPoints !== null && !inPoints(n.otherPoints))
				say(`points for other values must be between 0 and 100, got ${fmt(n.otherPoints)}`);
			break;
		case 'percentile':
		case 'asIs':
			break;
		default:
			say(`unknown normalization ${fmt((n as { kind: unknown }).kind)}`);
	}
}

/** The column's own problems go to `say`; those its sub-score fields fix (category points) to `sayScoring`. */
function columnProblems(m: Metric, table: Table, say: Say, sayScoring: Say) {
	const column = table.columns[m.column];
	if (!column) {
		const names = Object.keys(table.columns);
		const list = names.slice(0, 12).join(', ') + (names.length > 12 ? ', …' : '');
		say(`column "${m.column}" is not in the data (columns: ${list})`);
		return;
	}
	const n = m.normalization;
	if (column.kind === 'text') say(`column "${m.column}" holds text (IDs, names), which cannot be scored`);
	else if (column.kind === 'category' && n.kind !== 'category')
		sayScoring(`column "${m.column}" holds categories; score it with category points, not ${n.kind}`);
	else if (column.kind === 'category' && n.kind === 'category' && n.otherPoints === null) {
		const unscored = column.levels.filter((l) => !Object.hasOwn(n.points, l));
		if (unscored.length)
			sayScoring(`values ${unscored.map((l) => `"${l}"`).join(', ')} have no points and count as missing`, 'warning');
	}
}

function bandProblems(bands: Band[], say: (msg: string) => void) {
	if (bands.length === 0) say('the scorecard has no bands');
	bands.forEach((b, i) => {
		const name = b.label?.trim() ? `Band "${b.label}"` : `Band ${i + 1}`;
		if (!b.label?.trim()) say(`${name} needs a label`);
		if (!isNum(b.min) || b.min < 0 || b.min > 100) say(`${name}: start must be between 0 and 100, got ${fmt(b.min)}`);
		else if (i === 0 && b.min !== 0) say(`${name}: the first band must start at 0, got ${b.min}`);
		else if (i > 0 && isNum(bands[i - 1].min) && b.min <= bands[i - 1].min)
			say(`${name}: start ${b.min} must be above the previous band's start ${bands[i - 1].min}`);
		if (!/^#[0-9a-fA-F]{6}$/.test(b.color ?? '')) say(`${name}: colour must be #rrggbb, got ${fmt(b.color)}`);
		bandLimitProblems(b, (msg) => say(`${name}: ${msg}`));
	});
}

/** Every problem of the scorecard, checked against the table's columns when one is given. */
export function checkScorecard(scorecard: Scorecard, table?: Table): ScorecardProblem[] {
	const problems: ScorecardProblem[] = [];
	if (scorecard.metrics.length === 0) problems.push({ severity: 'error', message: 'The scorecard has no metrics: add at least one.' });
	// Beyond these a scorecard cannot be written to a file and read back (scorecard-limits.ts).
	for (const message of scorecardLimitProblems(scorecard)) problems.push({ severity: 'error', message });
	const ids = new Set<string>();
	for (const m of scorecard.metrics) {
		const name = m.label?.trim() ? `Metric "${m.label}"` : `Metric on column "${m.column}"`;
		const say: Say = (msg, severity = 'error') => problems.push({ severity, metricId: m.id, message: `${name}: ${msg}` });
		const sayScoring: Say = (msg, severity = 'error') => problems.push({ severity, metricId: m.id, about: 'sub-score', message: `${name}: ${msg}` });
		if (ids.has(m.id)) say(`duplicate metric id "${m.id}"`);
		ids.add(m.id);
		if (!isNum(m.weight) || m.weight < 0) say(`weight must be a non-negative number, got ${fmt(m.weight)}`);
		metricLimitProblems(m, say);
		// A backup's scorecards are read without the file's schema: a flag that is not a boolean is refused here.
		if (m.actionable !== undefined && typeof m.actionable !== 'boolean') say(`"actionable" must be true or false, got ${fmt(m.actionable)}`);
		normalizationProblems(m.normalization, sayScoring);
		if (m.missing.kind === 'fixed' && !inPoints(m.missing.value))
			sayScoring(`the sub-score for a missing value must be between 0 and 100, got ${fmt(m.missing.value)}`);
		if (table) columnProblems(m, table, say, sayScoring);
	}
	const weights = scorecard.metrics.map((m) => m.weight);
	if (weights.length && weights.every((w) => isNum(w) && w >= 0) && weights.every((w) => w === 0))
		problems.push({ severity: 'error', about: 'weights', message: 'All weights are 0: give at least one metric a positive weight.' });
	bandProblems(scorecard.bands, (message) => problems.push({ severity: 'error', message }));
	return problems;
}

/** Throws a ScorecardError listing every error; returns the warnings. */
export function assertScorecard(scorecard: Scorecard, table?: Table): ScorecardProblem[] {
	const problems = checkScorecard(scorecard, table);
	const errors = problems.filter((p) => p.severity === 'error');
	if (errors.length) throw new ScorecardError(errors);
	return problems;
}
