/**
 * Turning a rule off and on again: a rule that is off reads no snapshot, and once on again reads those that arrived
 * meanwhile at once, raising their alerts. The user is told how many, so they do not appear unannounced.
 */
import type { AlertRule } from './alerts';
import { formatCount, formatCountOf } from './format';

/** What turning a rule on or off did: the alerts it raised reading the snapshots it missed (none when turned off). */
export interface RuleToggle {
	/** The rule in words. */
	rule: string;
	enabled: boolean;
	/** Snapshots of the history the rule had not read when turned on. */
	missed: number;
	/** New alerts it raised then, at the newest snapshot (open) and at older ones (past). */
	open: number;
	past: number;
}

/** The snapshots a rule has not read yet: those that arrived while it was off. */
export function missedSnapshots(rule: Pick<AlertRule, 'evaluated'>, snapshots: readonly string[]): string[] {
	const read = new Set(rule.evaluated);
	return snapshots.filter((d) => !read.has(d));
}

/** "“Entered At risk” is on again: it read the 2 snapshots that arrived while it was off and raised 37 alerts, 2 open and 35 past." */
export function toggleInWords(t: RuleToggle): string {
	if (!(t.missed >= 0 && t.open >= 0 && t.past >= 0)) throw new Error(`invalid toggle; counts must be ≥ 0: ${JSON.stringify(t)}`);
	const rule = `“${t.rule}”`;
	if (!t.enabled) return `${rule} is off: it raises no alerts until it is on again, and then reads the snapshots that arrived meanwhile.`;
	if (t.missed === 0) return `${rule} is on again: no snapshot arrived while it was off, so it raised no alerts.`;
	const read = t.missed === 1 ? 'the snapshot' : `the ${formatCount(t.missed)} snapshots`;
	const alerts =
		t.open && t.past ? `raised ${formatCount(t.open + t.past)} alerts, ${formatCount(t.open)} open and ${formatCount(t.past)} past`
		: t.open ? `raised ${formatCountOf(t.open, 'open alert')}`
		: t.past ? `raised ${formatCountOf(t.past, 'past alert')}`
		: 'raised no alerts';
	return `${rule} is on again: it read ${read} that arrived while it was off and ${alerts}.`;
}
