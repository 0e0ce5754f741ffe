/**
 * The Alerts page's list: the filter (kept while you visit other pages), the alerts it matches, what the selects
 * offer, and the counts the page says. Bulk acknowledgement itself is Alerts' (it shares the storage queue).
 */
import {
	alertChoices,
	bandChoices,
	countBySnapshot,
	countStates,
	DEFAULT_ALERT_FILTER,
	filterAlerts,
	toAcknowledge,
	type AlertFilter,
	type Choice
} from '../core/alert-filter';
import type { AlertRecord } from '../db/schema';
import { NO_SCORE } from '../format';
import type { NowCustomer } from './alert-source';

export interface AlertListDeps {
	alerts: () => readonly AlertRecord[];
	/** Every customer of the history by ID (AlertSource.customers). */
	customers: () => ReadonlyMap<string, NowCustomer>;
	/** The default scorecard's band labels, lowest first. */
	bands: () => readonly string[];
}

export class AlertList {
	filter = $state<AlertFilter>({ ...DEFAULT_ALERT_FILTER });
	#deps: AlertListDeps;

	/** The alerts the filter matches, newest snapshot first. */
	readonly shown: AlertRecord[] = $derived.by(() => filterAlerts(this.#deps.alerts(), this.filter, this.#deps.customers()));
	/** The ids of the shown alerts a bulk acknowledgement changes: those not acknowledged yet. */
	readonly unacknowledged: string[] = $derived(toAcknowledge(this.shown));
	readonly counts = $derived(countStates(this.shown));
	readonly bySnapshot = $derived(countBySnapshot(this.shown));
	/** With Open only on, how many the other filters match that are past or acknowledged (read only when none is open). */
	readonly hiddenByOpenOnly: number = $derived.by(() =>
		this.filter.openOnly ? filterAlerts(this.#deps.alerts(), { ...this.filter, openOnly: false }, this.#deps.customers()).length - this.shown.length : 0
	);
	/** The same string for the same filter: what a pending confirmation was asked for. */
	readonly key: string = $derived(JSON.stringify(this.filter));
	readonly filtered: boolean = $derived(this.key !== JSON.stringify({ ...DEFAULT_ALERT_FILTER, openOnly: this.filter.openOnly }));

	/** The rules and snapshots to choose from; a chosen one with no alerts now stays, said so, rather than vanish from its select. */
	readonly choices: { rules: Choice[]; snapshots: Choice[]; bands: Choice[] } = $derived.by(() => {
		const { rules, snapshots } = alertChoices(this.#deps.alerts());
		const bands = bandChoices(this.#deps.bands(), this.#deps.customers(), NO_SCORE);
		const { ruleId, snapshot, band } = this.filter;
		if (ruleId !== null && !rules.some((r) => r.value === ruleId)) rules.push({ value: ruleId, label: 'A rule with no alerts now' });
		if (snapshot !== null && !snapshots.some((s) => s.value === snapshot)) snapshots.push({ value: snapshot, label: `${snapshot} (no alerts now)` });
		if (band !== null && !bands.some((b) => b.value === band)) bands.push({ value: band, label: `${band.replace(/^band:/, '')} (no customer now)` });
		return { rules, snapshots, bands };
	});

	constructor(deps: AlertListDeps) {
		this.#deps = deps;
	}

	/** Every customer of the history by ID, as the list shows them. */
	get customers(): ReadonlyMap<string, NowCustomer> {
		return this.#deps.customers();
	}

	/** Every filter back to every alert (Open only stays as it is). */
	clear(): void {
		this.filter = { ...DEFAULT_ALERT_FILTER, openOnly: this.filter.openOnly };
	}
}
