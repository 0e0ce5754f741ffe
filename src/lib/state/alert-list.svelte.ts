/**
 * The Alerts page's list: the filter (kept while you visit other pages), the alerts it matches, what the selects
 * offer, and the counts the page says; the customers they name, worked out when the page opens if not already.
 * Bulk acknowledgement itself is Alerts' (it shares the storage queue).
 */
import {
	alertChoices,
	bandChoices,
	countBySnapshot,
	countStates,
	DEFAULT_ALERT_FILTER,
	filterAlerts,
	ofChurned,
	toAcknowledge,
	type ChurnLookup,
	type AlertFilter,
	type CustomerLookup,
	type Choice
} from '../core/alert-filter';
import type { AlertRecord } from '../db/schema';
import { churnMark } from '../core/churned';
import { NO_SCORE } from '../format';
import type { NowCustomer } from './alert-source';

export interface AlertListDeps {
	alerts: () => readonly AlertRecord[];
	/** Every customer of the history by ID once worked out, undefined before (AlertSource.knownCustomers). */
	customers: () => CustomerLookup<NowCustomer> | undefined;
	/** Works them out, in steps (AlertSource.workOutCustomers); customers() has them once it resolves. */
	workOutCustomers: () => Promise<unknown>;
	/** The default scorecard's band labels, lowest first. */
	bands: () => readonly string[];
	/** The customers who already churned or are leaving (AlertSource.churn); absent or null: the data records no churn. */
	churn?: () => ChurnLookup;
}

const NONE: CustomerLookup<NowCustomer> = new Map();

export class AlertList {
	filter = $state<AlertFilter>({ ...DEFAULT_ALERT_FILTER });
	/** Why the customers could not be worked out, in words. */
	error = $state<string | null>(null);
	#deps: AlertListDeps;
	/** Counts the runs of workOutCustomers that ended: the customers the source keeps are not state of their own. */
	#worked = $state(0);

	/**
	 * Every customer of the history by ID, as the list shows and filters them; null while they are still to be worked
	 * out (see load). With no alert there is no one to look up: those known, else none.
	 */
	readonly customers: CustomerLookup<NowCustomer> | null = $derived.by(() => {
		void this.#worked;
		return this.#deps.customers() ?? (this.#deps.alerts().length === 0 ? NONE : null);
	});
	/** The customers who already churned or are leaving, by ID; null when the data records no churn. */
	#churn: ChurnLookup = $derived.by(() => this.#deps.churn?.());
	/**
	 * The alerts the filter matches, newest snapshot first (none while the customers are worked out). The filter is
	 * read once, not per alert: a read of the state is a signal read (20,000 alerts: ~0.4 s of the page's first open).
	 */
	readonly shown: AlertRecord[] = $derived.by(() => (this.customers ? filterAlerts(this.#deps.alerts(), { ...this.filter }, this.customers, this.#churn) : []));
	/**
	 * Of the alerts the other filters match, those of customers who already churned: left out (the page says how many),
	 * or, with the box ticked, listed and marked.
	 */
	readonly churned: number = $derived.by(() => {
		if (!this.hasChurned || !this.customers) return 0;
		const matched = this.filter.churned ? this.shown : filterAlerts(this.#deps.alerts(), { ...this.filter, churned: true }, this.customers, this.#churn);
		return matched.reduce((n, a) => n + (ofChurned(a, this.#churn) ? 1 : 0), 0);
	});
	/** Whether an alert of a customer who already churned is stored: the page then offers to list them. */
	readonly hasChurned: boolean = $derived.by(() => !!this.#churn && this.#deps.alerts().some((a) => ofChurned(a, this.#churn)));
	/** The ids of the shown alerts a bulk acknowledgement changes: those not acknowledged yet. */
	readonly unacknowledged: string[] = $derived(toAcknowledge(this.shown));
	readonly counts = $derived(countStates(this.shown));
	readonly bySnapshot = $derived(countBySnapshot(this.shown));
	/** With Open only on, how many the other filters match that are past or acknowledged (read only when none is open). */
	readonly hiddenByOpenOnly: number = $derived.by(() =>
		this.filter.openOnly && this.customers ? filterAlerts(this.#deps.alerts(), { ...this.filter, openOnly: false }, this.customers, this.#churn).length - this.shown.length : 0
	);
	/** The same string for the same filter: what a pending confirmation was asked for. */
	readonly key: string = $derived(JSON.stringify(this.filter));
	readonly filtered: boolean = $derived(this.key !== JSON.stringify({ ...DEFAULT_ALERT_FILTER, openOnly: this.filter.openOnly, churned: this.filter.churned }));

	/** The rules and snapshots to choose from; a chosen one with no alerts now stays, said so, rather than vanish from its select. */
	readonly choices: { rules: Choice[]; snapshots: Choice[]; bands: Choice[] } = $derived.by(() => {
		const { rules, snapshots } = alertChoices(this.#deps.alerts());
		const bands = bandChoices(this.#deps.bands(), this.#deps.alerts(), this.customers ?? NONE, NO_SCORE);
		const { ruleId, snapshot, band } = this.filter;
		if (ruleId !== null && !rules.some((r) => r.value === ruleId)) rules.push({ value: ruleId, label: 'A rule with no alerts now' });
		if (snapshot !== null && !snapshots.some((s) => s.value === snapshot)) snapshots.push({ value: snapshot, label: `${snapshot} (no alerts now)` });
		if (band !== null && !bands.some((b) => b.value === band)) bands.push({ value: band, label: `${band.replace(/^band:/, '')} (no alerts now)` });
		return { rules, snapshots, bands };
	});

	constructor(deps: AlertListDeps) {
		this.#deps = deps;
	}

	/**
	 * Works the customers out if they are still to be, in steps (the page calls it when it opens): a million took one
	 * 4 s task at once. Again while the history changed meanwhile (a new scoring has customers of its own).
	 */
	async load(): Promise<void> {
		try {
			while (this.customers === null) {
				await this.#deps.workOutCustomers();
				this.#worked++;
			}
			this.error = null;
		} catch (err) {
			this.error = `The alerts’ customers could not be looked up: ${err instanceof Error ? err.message : String(err)}`;
		}
	}

	/** Every filter back to every alert (Open only and the churned customers' box stay as they are). */
	clear(): void {
		this.filter = { ...DEFAULT_ALERT_FILTER, openOnly: this.filter.openOnly, churned: this.filter.churned };
	}

	/** The mark of an alert's customer: "Churned", "Churned on <date>", "Leaving on <date>"; '' for one staying. */
	mark(customerId: string): string {
		const churn = this.#churn?.get(customerId);
		return churn ? churnMark(churn) : '';
	}
}
