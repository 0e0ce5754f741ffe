/** What the alert rules and the Alerts page read of the workspace's scored history. */
import type { AlertCustomer, ChurnLookup, CustomerLookup } from '../core/alert-filter';
import { churnByCustomerSteps, recordsChurn, type ChurnOf } from '../core/churned';
import type { DatasetRoles } from '../core/dataset';
import type { AlertHistory } from '../core/alerts';
import { roleText } from '../core/customers';
import { bandOfRow, customerIdOf, scorecardsOfScorers, type ScoredHistory } from '../core/history-views';
import type { Band, Scorecard } from '../core/scorecard';
import { ShardedMap } from '../core/sharded-map';
import type { Steps } from '../core/steps';
import { laterInSteps } from '../later.svelte';
import { runInSteps } from '../workers/next-task';
import type { Workspace } from './workspace.svelte';

/** The scored history as the rules read it, plus what the rule editor offers. */
export interface AlertSource {
	/** Changes when the portfolio does (a new table): stored alerts are then read again. */
	key: unknown;
	history: AlertHistory;
	/** Band labels of the default scorecard, lowest first. */
	bands: string[];
	/** Number columns a metric rule can watch: column and the metric's label. */
	metrics: { column: string; label: string }[];
	/** Every customer of the history by ID, as the list shows and filters them, once worked out (see workOutCustomers); undefined before. */
	knownCustomers(): CustomerLookup<NowCustomer> | undefined;
	/**
	 * Works the customers out in steps, letting the page run between them (see CUSTOMERS_PER_STEP): one run per
	 * scoring, whoever asks (the evaluation ahead, the Alerts page on open); then knownCustomers() has them.
	 */
	workOutCustomers(): Promise<CustomerLookup<NowCustomer>>;
	/**
	 * The customers who already churned or are leaving, by ID, as of the latest snapshot (core/churned.ts
	 * churnByCustomer); null when the data records no churn; undefined while being worked out (in steps, once per
	 * scoring, when first asked: what asked reads again once it is done).
	 */
	churn(): ChurnLookup;
	/**
	 * The ids of the imports the history is the portfolio of: an evaluation records nothing once the stored imports
	 * differ (db/alerts.ts recordEvaluation). Absent: not known (tests of the rules on a history alone).
	 */
	imports?: readonly string[];
}

/** A customer as the alert list shows it: name, and band in the latest snapshot (undefined: no score, or not in it). */
export interface NowCustomer extends AlertCustomer {
	bandNow: Band | undefined;
}

/** Each scoring's customers (a new scoring may move bands): worked out once, after the rules' evaluation or when the Alerts page first asks. */
const customersOf = new WeakMap<ScoredHistory, ShardedMap<NowCustomer>>();
/** Each scoring's customers while they are being worked out: a second asker waits for the same run. */
const working = new WeakMap<ScoredHistory, Promise<ShardedMap<NowCustomer>>>();

/**
 * How many customers one step of customersInSteps reads; runInSteps runs steps until 8 ms have passed. A million
 * customers at once held the main thread 4.0 s on the Alerts page's first open (250,000: 767 ms after an import);
 * 10,000 a step took up to 84 ms while a file was read, so a step is kept to a few milliseconds even then.
 */
export const CUSTOMERS_PER_STEP = 500;
/**
 * Up to how many customers they are worked out ahead, after each evaluation: more is work the page may never need
 * (the Alerts page unopened) competing with the Overview after a large import, so it waits for the page to ask.
 */
export const CUSTOMERS_AHEAD_MAX = 20_000;

/**
 * The customers by ID: the name from each one's newest row, the band when that row is in the latest snapshot.
 * Yields after every `perStep` customers, so that a caller can let the page breathe in between; kept once whole.
 */
function* customersInSteps(h: ScoredHistory, idColumn: string, nameColumn: string | undefined, cards: readonly (Scorecard | undefined)[], perStep: number): Steps<ShardedMap<NowCustomer>> {
	const out = new ShardedMap<NowCustomer>(h.layout.customerStart.length - 1);
	const last = h.layout.snapshots.length - 1;
	for (let c = 0; c < h.layout.customerStart.length - 1; c++) {
		if (c > 0 && c % perStep === 0) yield;
		const row = h.layout.latest[c];
		const inLatest = h.layout.snapshotOf[row] === last;
		const bandNow = inLatest ? bandOfRow(h, cards, row) : undefined;
		out.set(customerIdOf(h, idColumn, c), { name: roleText(h.table, nameColumn, row), inLatest, band: bandNow?.label ?? null, bandNow });
	}
	customersOf.set(h, out);
	return out;
}

/** Each scoring's churned and leaving customers, per roles read (a change of roles is a new dataset, but a test may pass others). */
const churnOf = new Map<string, WeakMap<ScoredHistory, Map<string, ChurnOf> | null>>();

/**
 * The customers of `h` who already churned or are leaving, read from each one's newest row as of the latest snapshot:
 * a loop over the customers that builds an ID only for those (Telco's 1,869 of 7,043), so the navigation's count
 * needs no wait for the customers the Alerts page works out in steps. In steps itself (a million customers took
 * 111 ms of one task): undefined until read, and what asked reads again then (later.svelte.ts laterInSteps).
 */
function churnOfHistory(h: ScoredHistory, idColumn: string, roles: DatasetRoles | undefined): Map<string, ChurnOf> | null | undefined {
	// Data that records no churn: known at once, nothing left out.
	if (!roles || !recordsChurn(roles)) return null;
	const key = JSON.stringify([idColumn, roles.outcome, roles.churnDate]);
	let known = churnOf.get(key);
	if (!known) churnOf.set(key, (known = new WeakMap()));
	const asOf = h.layout.snapshots[h.layout.snapshots.length - 1] || null;
	const newest = { customers: h.layout.customerStart.length - 1, row: (c: number) => h.layout.latest[c], id: (c: number) => customerIdOf(h, idColumn, c) };
	// Failed (it cannot, short of a bug): nothing is left out, as for data that records no churn.
	return laterInSteps(known, h, () => churnByCustomerSteps(h.table, roles, asOf, newest), null);
}

/** The customers of `h`, worked out in steps unless they are already (or being: then that run's). */
function workOut(h: ScoredHistory, idColumn: string, nameColumn: string | undefined, cards: readonly (Scorecard | undefined)[]): Promise<ShardedMap<NowCustomer>> {
	const known = customersOf.get(h);
	if (known) return Promise.resolve(known);
	let run = working.get(h);
	if (!run) {
		run = runInSteps(customersInSteps(h, idColumn, nameColumn, cards, CUSTOMERS_PER_STEP));
		working.set(h, run);
		void run.finally(() => working.delete(h)).catch(() => {});
	}
	return run;
}

/**
 * The rules' view of the workspace's scored history: customers by ID, each row's band by its own scorecard; `roles`
 * say where the outcome and churn date are (none given: no customer has churned).
 */
export function alertSourceOf(h: ScoredHistory, idColumn: string, scorecard: Scorecard, nameColumn?: string, roles?: DatasetRoles): AlertSource {
	const cards = scorecardsOfScorers(h);
	const metrics = new Map<string, string>();
	for (const card of [scorecard, ...cards]) {
		for (const m of card?.metrics ?? []) if (h.table.columns[m.column]?.kind === 'number' && !metrics.has(m.column)) metrics.set(m.column, m.label);
	}
	return {
		key: h.table,
		history: {
			snapshots: h.layout.snapshots,
			snapshotOf: h.layout.snapshotOf,
			customerStart: h.layout.customerStart,
			customerRows: h.layout.customerRows,
			customerId: (c) => customerIdOf(h, idColumn, c),
			score: h.scores.score,
			bandLabel: (row) => bandOfRow(h, cards, row)?.label ?? null,
			numbers: (column) => {
				const c = h.table.columns[column];
				return c?.kind === 'number' ? c.values : null;
			}
		},
		bands: scorecard.bands.map((b) => b.label),
		metrics: [...metrics].map(([column, label]) => ({ column, label })),
		knownCustomers: () => customersOf.get(h),
		workOutCustomers: () => workOut(h, idColumn, nameColumn, cards),
		churn: () => churnOfHistory(h, idColumn, roles)
	};
}

/**
 * The workspace's scored history as the rules read it, once it is the history of the portfolio shown. Right after
 * an import or a delete the portfolio is new while the history is still the previous portfolio's until the new one
 * is scored: evaluated then, a snapshot after a deleted row would be checked again against that very row, still in
 * the old history, and the check recorded as done.
 */
export function workspaceAlertSource(ws: Pick<Workspace, 'history' | 'dataset' | 'scorecard' | 'imports'>): AlertSource | null {
	const { history, dataset, scorecard } = ws;
	if (!history || !dataset || !scorecard || history.table !== dataset.table) return null;
	return { ...alertSourceOf(history, dataset.meta.roles.id, scorecard, dataset.meta.roles.name, dataset.meta.roles), imports: ws.imports.map((m) => m.id) };
}
