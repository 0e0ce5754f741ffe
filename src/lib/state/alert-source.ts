/** What the alert rules and the Alerts page read of the workspace's scored history. */
import type { AlertCustomer } from '../core/alert-filter';
import type { AlertHistory } from '../core/alerts';
import { roleText } from '../core/customers';
import { bandOfRow, customerIdOf, scorecardsOfScorers, type ScoredHistory } from '../core/history-views';
import type { Band, Scorecard } from '../core/scorecard';
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
	/** Every customer of the history by ID, as the list shows and filters them (worked out when first asked). */
	customers(): ReadonlyMap<string, NowCustomer>;
	/** Works the customers out ahead of the page's asking, a step at a time (see CUSTOMERS_PER_STEP); then customers() has them. */
	customersInSteps?(perStep?: number): Generator<void, ReadonlyMap<string, NowCustomer>>;
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
const customersOf = new WeakMap<ScoredHistory, Map<string, NowCustomer>>();

/** How many customers one step of customersInSteps reads: under 10 ms alone (250,000 took one 767 ms task; 10,000 a step, up to 84 ms while a file was read). */
export const CUSTOMERS_PER_STEP = 2_500;
/**
 * Up to how many customers they are worked out ahead, after each evaluation: more is work the page may never need
 * (the Alerts page unopened) competing with the Overview after a large import, so it waits for the page to ask.
 */
export const CUSTOMERS_AHEAD_MAX = 20_000;

/**
 * The customers by ID: the name from each one's newest row, the band when that row is in the latest snapshot.
 * Yields after every `perStep` customers, so that a caller can let the page breathe in between; kept once whole.
 */
function* customersInSteps(h: ScoredHistory, idColumn: string, nameColumn: string | undefined, cards: readonly (Scorecard | undefined)[], perStep: number): Generator<void, Map<string, NowCustomer>> {
	let out = customersOf.get(h);
	if (out) return out;
	out = new Map();
	const last = h.layout.snapshots.length - 1;
	for (let c = 0; c < h.layout.customerStart.length - 1; c++) {
		if (c > 0 && c % perStep === 0) yield;
		const row = h.layout.latest[c];
		const inLatest = h.layout.snapshotOf[row] === last;
		const bandNow = inLatest ? bandOfRow(h, cards, row) : undefined;
		out.set(customerIdOf(h, idColumn, c), { name: roleText(h.table, nameColumn, row), inLatest, band: bandNow?.label ?? null, bandNow });
	}
	// Another caller may have finished first (the page asked while the steps went on): keep one map.
	const kept = customersOf.get(h);
	if (kept) return kept;
	customersOf.set(h, out);
	return out;
}

function nowCustomers(h: ScoredHistory, idColumn: string, nameColumn: string | undefined, cards: readonly (Scorecard | undefined)[]): Map<string, NowCustomer> {
	const steps = customersInSteps(h, idColumn, nameColumn, cards, Infinity);
	let step = steps.next();
	while (!step.done) step = steps.next();
	return step.value;
}

/** The rules' view of the workspace's scored history: customers by ID, each row's band by its own scorecard. */
export function alertSourceOf(h: ScoredHistory, idColumn: string, scorecard: Scorecard, nameColumn?: string): AlertSource {
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
		customers: () => nowCustomers(h, idColumn, nameColumn, cards),
		customersInSteps: (perStep = CUSTOMERS_PER_STEP) => customersInSteps(h, idColumn, nameColumn, cards, perStep)
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
	return { ...alertSourceOf(history, dataset.meta.roles.id, scorecard, dataset.meta.roles.name), imports: ws.imports.map((m) => m.id) };
}
