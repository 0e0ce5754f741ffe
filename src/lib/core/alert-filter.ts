/**
 * The Alerts page's list: narrowed by state, rule, snapshot, the customer's band now and a text search, grouped
 * per snapshot; alerts of customers who already churned left out unless asked for. Plain data in, lists out (core
 * knows no storage: a stored alert is any object with these fields).
 */
import { CHURNED, type ChurnOf } from './churned';

/** An alert as the list reads it. */
export interface ListedAlert {
	id: string;
	ruleId: string;
	/** The rule in words, as it was when the alert fired. */
	rule: string;
	customerId: string;
	snapshot: string;
	acknowledgedAt: string | null;
	past?: true;
}

/** Open: to act on. Past: fired at a snapshot that was already history when the rules read it; never opened. */
export type AlertState = 'open' | 'past' | 'acknowledged';

export function alertState(alert: ListedAlert): AlertState {
	return alert.acknowledgedAt !== null ? 'acknowledged' : alert.past ? 'past' : 'open';
}

/** A customer as the filters read it: its name, and its band in the latest snapshot when it is in it. */
export interface AlertCustomer {
	name: string;
	inLatest: boolean;
	/** Band label in the latest snapshot; null for no score, or when not in it. */
	band: string | null;
}

/** The customers by ID, as the list reads them (a Map, or core/sharded-map's ShardedMap). */
export interface CustomerLookup<C extends AlertCustomer = AlertCustomer> {
	get(id: string): C | undefined;
}

/** The band filter's value for a customer now (a band's label cannot be mistaken for the other two). */
export function bandKey(customer: AlertCustomer | undefined): string {
	if (!customer?.inLatest) return 'gone';
	return customer.band === null ? 'none' : `band:${customer.band}`;
}

/** What the list is narrowed by; null (or '') for every. */
export interface AlertFilter {
	/** Only alerts still to act on (neither acknowledged nor past). */
	openOnly: boolean;
	ruleId: string | null;
	/** A snapshot date. */
	snapshot: string | null;
	/** bandKey of the customer now. */
	band: string | null;
	/** Part of the customer's ID or name, in any case. */
	text: string;
	/** List the alerts of customers who already churned too (left out by default: nothing can be saved). */
	churned: boolean;
}

export const DEFAULT_ALERT_FILTER: AlertFilter = { openOnly: true, ruleId: null, snapshot: null, band: null, text: '', churned: false };

/** The customers churned or leaving by ID (core/churned.ts churnByCustomer); null when the data records no churn. */
export type ChurnLookup = { get(id: string): ChurnOf | undefined } | null | undefined;

/** Whether the alert's customer has already churned, as `churn` reads it. */
export function ofChurned(alert: Pick<ListedAlert, 'customerId'>, churn: ChurnLookup): boolean {
	return churn?.get(alert.customerId)?.state === CHURNED;
}

/** The alerts to act on: open, and not of a customer who already churned (the navigation's count; the page's by default). */
export function countOpen(alerts: readonly ListedAlert[], churn: ChurnLookup): number {
	let n = 0;
	for (const a of alerts) if (alertState(a) === 'open' && !ofChurned(a, churn)) n++;
	return n;
}

/** The alerts that match every part of the filter, in the order given. */
export function filterAlerts<A extends ListedAlert>(alerts: readonly A[], filter: AlertFilter, customers: CustomerLookup, churn?: ChurnLookup): A[] {
	const needle = filter.text.trim().toLowerCase();
	return alerts.filter((a) => {
		if (filter.openOnly && alertState(a) !== 'open') return false;
		if (!filter.churned && ofChurned(a, churn)) return false;
		if (filter.ruleId !== null && a.ruleId !== filter.ruleId) return false;
		if (filter.snapshot !== null && a.snapshot !== filter.snapshot) return false;
		const customer = customers.get(a.customerId);
		if (filter.band !== null && bandKey(customer) !== filter.band) return false;
		return !needle || a.customerId.toLowerCase().includes(needle) || (customer?.name.toLowerCase().includes(needle) ?? false);
	});
}

/** A choice of a select: its value and its words. */
export interface Choice {
	value: string;
	label: string;
}

/** The rules and snapshots the alerts have: rules by their words (a deleted rule's alerts keep theirs), snapshots newest first. */
export function alertChoices(alerts: readonly ListedAlert[]): { rules: Choice[]; snapshots: Choice[] } {
	const rules = new Map<string, string>(), snapshots = new Set<string>();
	for (const a of alerts) {
		if (!rules.has(a.ruleId)) rules.set(a.ruleId, a.rule);
		snapshots.add(a.snapshot);
	}
	return {
		rules: [...rules].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label) || a.value.localeCompare(b.value)),
		snapshots: [...snapshots].sort().reverse().map((d) => ({ value: d, label: d }))
	};
}

/**
 * The band filter's choices: the scorecard's bands in order, any other band (a segment scorecard's) a customer of the
 * alerts is in now (no other could match; reading every customer took ~0.2 s at 250,000), no score, gone.
 */
export function bandChoices(bands: readonly string[], alerts: readonly ListedAlert[], customers: CustomerLookup, noScore: string): Choice[] {
	const labels = [...bands];
	for (const a of alerts) {
		const c = customers.get(a.customerId);
		if (c?.inLatest && c.band !== null && !labels.includes(c.band)) labels.push(c.band);
	}
	return [...labels.map((l) => ({ value: `band:${l}`, label: l })), { value: 'none', label: noScore }, { value: 'gone', label: 'Not in the latest snapshot' }];
}

/** How many alerts of a list are in each state. */
export function countStates(alerts: readonly ListedAlert[]): Record<AlertState, number> {
	const counts = { open: 0, past: 0, acknowledged: 0 };
	for (const a of alerts) counts[alertState(a)]++;
	return counts;
}

/** The alerts a bulk acknowledgement changes: those of the list not acknowledged yet (open or past). */
export function toAcknowledge(alerts: readonly ListedAlert[]): string[] {
	return alerts.filter((a) => a.acknowledgedAt === null).map((a) => a.id);
}

/** Consecutive alerts of one snapshot, as the list shows them under one heading. */
export interface SnapshotGroup<A> {
	snapshot: string;
	alerts: A[];
}

/** Runs of the same snapshot, in the order given (the list is newest snapshot first). */
export function groupBySnapshot<A extends ListedAlert>(alerts: readonly A[]): SnapshotGroup<A>[] {
	const groups: SnapshotGroup<A>[] = [];
	for (const a of alerts) {
		const last = groups.at(-1);
		if (last?.snapshot === a.snapshot) last.alerts.push(a);
		else groups.push({ snapshot: a.snapshot, alerts: [a] });
	}
	return groups;
}

/** Each snapshot's alerts in a list, by state. */
export function countBySnapshot(alerts: readonly ListedAlert[]): Map<string, Record<AlertState, number>> {
	const out = new Map<string, Record<AlertState, number>>();
	for (const a of alerts) {
		let counts = out.get(a.snapshot);
		if (!counts) out.set(a.snapshot, (counts = { open: 0, past: 0, acknowledged: 0 }));
		counts[alertState(a)]++;
	}
	return out;
}
