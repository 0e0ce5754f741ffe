/**
 * Alert rules and the engine that evaluates them over the scored history: a score that dropped by at least N
 * points, a customer that entered a band, a metric that crossed a value. Plain data in, alerts out.
 */
import { formatPoints, formatScore, formatValue } from './format';
import { scoreTenths } from './shown-score';

interface RuleBase {
	id: string;
	enabled: boolean;
	/** Snapshot dates this rule has been evaluated on already: they are never evaluated again. */
	evaluated: string[];
	/**
	 * Snapshot dates evaluated already that are to be evaluated again for these customer IDs only: their previous
	 * row was deleted since, so the comparison changed (db/alerts.ts recheckFollowing). Absent: none.
	 */
	recheck?: Record<string, string[]>;
}

/** The score fell by at least `points` since the customer's previous snapshot. */
export interface DropRule extends RuleBase {
	kind: 'drop';
	points: number;
}

/** The customer is in band `band` (by label) and was not at its previous snapshot. */
export interface BandRule extends RuleBase {
	kind: 'band';
	band: string;
}

/** A metric's column went from at or below `value` to above it ('above'), or from at or above to below ('below'). */
export interface CrossRule extends RuleBase {
	kind: 'crossed';
	column: string;
	/** The metric's label when the rule was made, for the words. */
	label: string;
	direction: 'above' | 'below';
	value: number;
}

export type AlertRule = DropRule | BandRule | CrossRule;

/** What the engine reads: the history's structure (as H6's HistoryLayout has it) plus accessors. */
export interface AlertHistory {
	/** Snapshot dates, ascending. */
	snapshots: readonly string[];
	snapshotOf: ArrayLike<number>;
	/** Customer c's rows in date order: customerRows[customerStart[c] … customerStart[c + 1]). */
	customerStart: ArrayLike<number>;
	customerRows: ArrayLike<number>;
	customerId(c: number): string;
	score: ArrayLike<number>;
	/** The label of a row's band; null for no score. */
	bandLabel(row: number): string | null;
	/** A numeric column's values per row, or null when there is no such number column. */
	numbers(column: string): ArrayLike<number> | null;
}

/** One fired alert: which rule, which customer, at which snapshot, and the values that fired it. */
export interface AlertHit {
	/** The same rule, customer and snapshot always give the same id, so evaluating again never duplicates. */
	id: string;
	ruleId: string;
	customerId: string;
	snapshot: string;
	previousSnapshot: string;
	/** The rule in words, as it was when the alert fired. */
	rule: string;
	/** What happened, in words. */
	message: string;
	from: number | string | null;
	to: number | string | null;
	score: number;
	/**
	 * Fired at a snapshot older than the newest of the history evaluated (the demo's first load, a file of many
	 * months, a rule turned back on): history the rules read late, recorded but never opened. Absent: false.
	 */
	past?: true;
}

export function alertId(ruleId: string, customerId: string, snapshot: string): string {
	return JSON.stringify([ruleId, customerId, snapshot]);
}

/** The rule in words: "Score dropped by at least 10 points", "Entered At risk", "Logins crossed below 10". */
export function describeRule(rule: AlertRule): string {
	if (rule.kind === 'drop') return `Score dropped by at least ${formatValue(rule.points)} points`;
	if (rule.kind === 'band') return `Entered ${rule.band}`;
	return `${rule.label} crossed ${rule.direction} ${formatValue(rule.value)}`;
}

/** Whether two rules watch for the same thing (their ids, names and on/off aside): a second would fire every alert twice. */
export function sameRule(a: AlertRule, b: AlertRule): boolean {
	if (a.kind === 'drop' && b.kind === 'drop') return a.points === b.points;
	if (a.kind === 'band' && b.kind === 'band') return a.band === b.band;
	return a.kind === 'crossed' && b.kind === 'crossed' && a.column === b.column && a.direction === b.direction && a.value === b.value;
}

/** Problems with a rule, in words; empty when it can be evaluated. */
export function ruleProblems(rule: AlertRule, known: { bands: readonly string[]; columns: readonly string[] }): string[] {
	if (rule.kind === 'drop') return Number.isFinite(rule.points) && rule.points > 0 ? [] : [`The drop must be a number of points above 0, not “${rule.points}”.`];
	if (rule.kind === 'band') return known.bands.includes(rule.band) ? [] : [`There is no band “${rule.band}”.`];
	const problems: string[] = [];
	if (!known.columns.includes(rule.column)) problems.push(`There is no number column “${rule.column}”.`);
	if (!Number.isFinite(rule.value)) problems.push(`The value to cross must be a number, not “${rule.value}”.`);
	return problems;
}

/**
 * Every alert the enabled rules fire on the snapshots they have not evaluated yet. A customer's first snapshot
 * has nothing to compare with, so nothing fires there. Only hits at the newest snapshot are news: the others are
 * marked `past`. The caller stores the hits it does not hold yet and marks
 * every snapshot of the history evaluated for each rule.
 */
export function evaluateAlerts(rules: readonly AlertRule[], history: AlertHistory): AlertHit[] {
	return evaluateNewest(rules, history, Infinity).hits;
}

/**
 * As evaluateAlerts, but at most `limit` hits, those of the newest snapshots (in scan order within the snapshot
 * where the limit falls), and how many fired in all. A first pass only counts, so the hits left out are never built.
 */
export function evaluateNewest(rules: readonly AlertRule[], history: AlertHistory, limit: number): { hits: AlertHit[]; total: number } {
	const steps = evaluateInSteps(rules, history, limit, Infinity);
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
	}
}

/**
 * evaluateNewest in steps of about `customers` customers per rule: the generator yields between steps, so a
 * caller on the page can let it paint (1,000,000 rows are ~100 ms in one go), and returns what evaluateNewest does.
 */
export function* evaluateInSteps(
	rules: readonly AlertRule[],
	history: AlertHistory,
	limit: number,
	customers = 20_000
): Generator<void, { hits: AlertHit[]; total: number }, void> {
	if (!(limit >= 0)) throw new Error(`invalid limit; not a number ≥ 0: ${limit}`);
	if (!(customers >= 1)) throw new Error(`invalid step; not a number ≥ 1: ${customers}`);
	const perSnapshot = new Float64Array(history.snapshots.length);
	let total = 0;
	if (limit !== Infinity) {
		yield* scan(rules, history, (_r, _w, _c, _b, _row, s) => void perSnapshot[s]++, customers);
		total = perSnapshot.reduce((a, b) => a + b, 0);
	}
	// The oldest snapshot whose hits are kept, and how many of that one fit.
	let cutoff = -1, room = Infinity;
	if (total > limit) {
		let kept = 0;
		for (let s = perSnapshot.length - 1; s >= 0; s--) {
			if (kept + perSnapshot[s] > limit) {
				(cutoff = s), (room = limit - kept);
				break;
			}
			kept += perSnapshot[s];
		}
	}
	const hits: AlertHit[] = [];
	const newest = history.snapshots.length - 1;
	yield* scan(
		rules,
		history,
		(rule, words, c, before, row, s, fired) => {
			if (s < cutoff || (s === cutoff && room-- <= 0)) return;
			const customerId = history.customerId(c);
			const snapshot = history.snapshots[s];
			hits.push({
				id: alertId(rule.id, customerId, snapshot),
				ruleId: rule.id,
				customerId,
				snapshot,
				previousSnapshot: history.snapshots[history.snapshotOf[before]],
				rule: words,
				score: history.score[row],
				...fired(),
				...(s < newest ? { past: true as const } : {})
			});
		},
		customers
	);
	return { hits, total: limit === Infinity ? hits.length : total };
}

type Fired = { message: string; from: number | string | null; to: number | string | null };
type Visit = (rule: AlertRule, words: string, customer: number, before: number, row: number, snapshot: number, fired: () => Fired) => void;

/**
 * Calls `visit` for every pair of consecutive rows a rule fires on, at a snapshot it has not evaluated (or is to
 * evaluate again for this customer), in customer order; yields after every `step` customers of a rule.
 */
function* scan(rules: readonly AlertRule[], history: AlertHistory, visit: Visit, step: number): Generator<void, void, void> {
	const customers = history.customerStart.length - 1;
	for (const rule of rules) {
		if (!rule.enabled) continue;
		const done = new Set(rule.evaluated);
		// A snapshot evaluated already but to check again for some customers: only theirs.
		const only = history.snapshots.map((d) => (done.has(d) && rule.recheck?.[d] ? new Set(rule.recheck[d]) : null));
		const pending = Uint8Array.from(history.snapshots, (d, s) => (!done.has(d) || only[s] ? 1 : 0));
		if (!pending.includes(1)) continue;
		const test = testerOf(rule, history);
		if (!test) continue;
		const words = describeRule(rule);
		for (let c = 0; c < customers; c++) {
			if (c > 0 && c % step === 0) yield;
			for (let j = history.customerStart[c] + 1; j < history.customerStart[c + 1]; j++) {
				const row = history.customerRows[j];
				const s = history.snapshotOf[row];
				if (!pending[s] || (only[s] && !only[s]!.has(history.customerId(c)))) continue;
				const before = history.customerRows[j - 1];
				const fired = test(before, row);
				if (fired) visit(rule, words, c, before, row, s, fired);
			}
		}
	}
}

/** A test of one pair of consecutive rows for this rule, giving what fired (built on demand); null when the rule cannot apply. */
function testerOf(rule: AlertRule, h: AlertHistory): ((before: number, row: number) => (() => Fired) | null) | null {
	if (rule.kind === 'drop') {
		return (before, row) => {
			const from = h.score[before], to = h.score[row];
			// The drop between the scores as shown (tenths), like the bands: "fell 10.0 points, from 75.1 to 65.1" is
			// what fires a 10-point rule, never "fell 10.1" between those two numbers. A hair of tolerance for a rule
			// of 10.3 points against 103 tenths / 10.
			const drop = (scoreTenths(from) - scoreTenths(to)) / 10;
			if (!(drop >= rule.points - 1e-9)) return null;
			return () => ({ message: `Score fell ${formatPoints(drop)} points, from ${formatScore(from)} to ${formatScore(to)}`, from, to });
		};
	}
	if (rule.kind === 'band') {
		return (before, row) => {
			const to = h.bandLabel(row), from = h.bandLabel(before);
			if (to !== rule.band || from === rule.band) return null;
			return () => ({ message: `Entered ${to} from ${from ?? 'No score'}, score ${formatScore(h.score[row])}`, from, to });
		};
	}
	const values = h.numbers(rule.column);
	if (!values) return null;
	return (before, row) => {
		const from = values[before], to = values[row];
		const crossed = rule.direction === 'above' ? from <= rule.value && to > rule.value : from >= rule.value && to < rule.value;
		if (!crossed) return null;
		const moved = rule.direction === 'above' ? 'rose above' : 'fell below';
		return () => ({ message: `${rule.label} ${moved} ${formatValue(rule.value)}: ${formatValue(from)} → ${formatValue(to)}`, from, to });
	};
}

/** The rules a new workspace starts with: a drop of 10 points or more, and entering the lowest band. */
export function defaultRules(lowestBand: string): AlertRule[] {
	return [
		{ id: 'default-drop', kind: 'drop', points: 10, enabled: true, evaluated: [] },
		{ id: 'default-band', kind: 'band', band: lowestBand, enabled: true, evaluated: [] }
	];
}

/** Whether an evaluation of `snapshots` has work for this rule: one it has not evaluated, or one to evaluate again for some customers. */
export function pendingFor(rule: AlertRule, snapshots: readonly string[]): boolean {
	const seen = new Set(rule.evaluated);
	return rule.enabled && snapshots.some((d) => !seen.has(d) || rule.recheck?.[d] !== undefined);
}

/** A rule added later watches from the latest snapshot on: earlier snapshots count as evaluated. */
export function evaluatedBefore(snapshots: readonly string[]): string[] {
	return snapshots.slice(0, -1);
}
