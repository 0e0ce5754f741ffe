/**
 * Alerts: the stored rules and alerts, evaluated whenever the scored history brings a snapshot the rules have not
 * seen (first load of the demo, an import); acknowledge with a note; the open count for the navigation.
 */
import { countOpen, type ChurnLookup } from '../core/alert-filter';
import { missedSnapshots, type RuleToggle } from '../core/alert-toggle';
import { defaultRules, describeRule, evaluateInSteps, evaluatedBefore, pendingFor, ruleProblems, sameRule, type AlertHit, type AlertRule } from '../core/alerts';
import * as db from '../db';
import * as alertDb from '../db/alerts';
import type { BulkAcknowledgement } from '../db/alerts';
import type { AlertRecord, AlertRuleRecord } from '../db/schema';
import { nextTask } from '../workers/next-task';
import { CUSTOMERS_AHEAD_MAX, type AlertSource } from './alert-source';
import { newId } from './ids';

export { alertSourceOf, workspaceAlertSource, type AlertSource, type NowCustomer } from './alert-source';

/** What alerts need from storage (src/lib/db/alerts.ts on the app's database). */
export interface AlertStore {
	listRules(): Promise<AlertRuleRecord[]>;
	giveDefaults(defaults: AlertRule[]): Promise<AlertRuleRecord[]>;
	saveRule(rule: AlertRule): Promise<unknown>;
	deleteRule(id: string): Promise<unknown>;
	/**
	 * `read`: the rules the evaluation ran, as read (see recordEvaluation: a rule replaced since records nothing);
	 * `context`: the customers evaluated again and the imports evaluated (an evaluation of others records nothing).
	 */
	record(hits: AlertHit[], evaluated: Map<string, string[]>, read: readonly AlertRuleRecord[], context?: alertDb.EvaluationContext): Promise<number>;
	listAlerts(): Promise<AlertRecord[]>;
	updateAlert(id: string, change: { acknowledged: boolean; note: string }): Promise<AlertRecord>;
	/** Acknowledges every alert of `ids` not acknowledged yet, in one transaction: all or none. */
	acknowledgeAlerts(ids: readonly string[], note: string): Promise<BulkAcknowledgement>;
	/** Undoes one, in one transaction: all or none. */
	undoAcknowledgement(bulk: BulkAcknowledgement): Promise<number>;
}

/** The alert store on the app's IndexedDB. */
export function indexedDbAlertStore(database: db.CheckupDatabase = db.openDatabase()): AlertStore {
	return {
		listRules: () => alertDb.listAlertRules(database),
		giveDefaults: (defaults) => alertDb.giveDefaultRules(database, defaults),
		saveRule: (rule) => alertDb.saveAlertRule(database, rule),
		deleteRule: (id) => alertDb.deleteAlertRule(database, id),
		record: (hits, evaluated, read, context) => alertDb.recordEvaluation(database, hits, evaluated, new Map(read.map((r) => [r.id, r.createdAt])), context),
		listAlerts: () => alertDb.listAlerts(database),
		updateAlert: (id, change) => alertDb.updateAlert(database, id, change),
		acknowledgeAlerts: (ids, note) => alertDb.acknowledgeAlerts(database, ids, note),
		undoAcknowledgement: (bulk) => alertDb.undoAcknowledgement(database, bulk)
	};
}

/** New alerts stored per evaluation at most: a first import of a long history at scale would otherwise store hundreds of thousands. */
export const MAX_NEW_ALERTS = 20_000;

export interface AlertDeps {
	store: AlertStore;
	/** Default MAX_NEW_ALERTS (tests lower it). */
	maxNew?: number;
	/** The current source; read inside an effect, so a new scoring of the history re-runs evaluation. */
	source: () => AlertSource | null;
	/**
	 * What changes whenever the stored imports do (an import, a delete, a restore, a reset), read inside an effect:
	 * the alerts are read again at once, since such a change may remove alerts, not only once the history is scored.
	 */
	stored?: () => unknown;
	/** The customers who already churned (AlertSource.churn): their open alerts are not counted. Absent: none. */
	churn?: () => ChurnLookup;
}

export class Alerts {
	rules = $state.raw<AlertRuleRecord[]>([]);
	alerts = $state.raw<AlertRecord[]>([]);
	/** Why the last operation failed, in words. */
	error = $state<string | null>(null);
	/** Said when an evaluation fired more new alerts than are kept. */
	notice = $state<string | null>(null);
	/**
	 * The number of alerts to act on: neither acknowledged nor past, nor of a customer who already churned (the
	 * navigation shows it; the Alerts page lists as many by default).
	 */
	open: number = $derived.by(() => countOpen(this.alerts, this.#deps.churn?.()));
	/** The last bulk acknowledgement while it can be undone: until another change of an alert or a rule. */
	undoable = $state.raw<BulkAcknowledgement | null>(null);
	/** What the last bulk acknowledgement or its undo did, for the page to say. */
	bulkDone = $state.raw<{ kind: 'acknowledged' | 'undone'; count: number; note: string; ms: number } | null>(null);
	/** What the last turning of a rule on or off did, for the page to say (the alerts a rule on again raised at once). */
	toggled = $state.raw<RuleToggle | null>(null);

	#deps: AlertDeps;
	#queue: Promise<unknown> = Promise.resolve();
	#stop: (() => void) | null = null;
	#key: unknown = undefined;

	constructor(deps: AlertDeps) {
		this.#deps = deps;
	}

	/** Evaluates on every new scoring of the history. IndexedDB is the external system this effect syncs. */
	start(): void {
		this.#stop?.();
		this.#stop = $effect.root(() => {
			$effect(() => {
				const source = this.#deps.source();
				if (source) void this.evaluate(source);
			});
			let first = true;
			$effect(() => {
				this.#deps.stored?.();
				if (!first) void this.reload();
				first = false;
			});
		});
	}

	/** Reads the stored rules and alerts again (the workspace's imports changed). */
	reload(): Promise<void> {
		return this.#exclusive(async () => {
			try {
				this.rules = await this.#deps.store.listRules();
				this.alerts = await this.#deps.store.listAlerts();
				this.undoable = null;
			} catch (err) {
				this.error = `Alerts could not be read: ${message(err)}`;
			}
		});
	}

	/** Runs `work` after everything started before it. */
	#exclusive<T>(work: () => Promise<T>): Promise<T> {
		const run = this.#queue.then(work);
		this.#queue = run.catch(() => {});
		return run;
	}

	/** Reads rules (giving the defaults on a new workspace), evaluates the snapshots they have not seen, stores what fired. */
	evaluate(source: AlertSource): Promise<void> {
		return this.#exclusive(async () => {
			try {
				const store = this.#deps.store;
				let rules = await store.listRules();
				if (rules.length === 0 && source.bands.length) rules = await store.giveDefaults(defaultRules(source.bands[0]));
				const max = this.#deps.maxNew ?? MAX_NEW_ALERTS;
				// In steps, letting the page paint between them: a million rows are ~100 ms of work.
				const steps = evaluateInSteps(rules, source.history, max);
				let step = steps.next();
				while (!step.done) {
					await nextTask();
					step = steps.next();
				}
				const { hits, total } = step.value;
				if (total > max) {
					const n = (x: number) => x.toLocaleString('en-US');
					this.notice = `The rules fired ${n(total)} new alerts at once: the ${n(max)} of the newest snapshots were kept, ${total - max === 1 ? 'one older alert was' : `${n(total - max)} older ones were`} left out. Tighten a rule to see fewer.`;
				}
				const evaluated = new Map<string, string[]>();
				const rechecked = new Map<string, Record<string, string[]>>();
				const snapshots = source.history.snapshots;
				for (const r of rules) {
					if (!pendingFor(r, snapshots)) continue;
					evaluated.set(r.id, [...new Set([...r.evaluated, ...snapshots])].sort());
					const again = Object.entries(r.recheck ?? {}).filter(([d]) => snapshots.includes(d));
					if (again.length) rechecked.set(r.id, Object.fromEntries(again));
				}
				const changed = evaluated.size > 0 || hits.length > 0;
				if (changed) await store.record(hits, evaluated, rules, { rechecked, imports: source.imports });
				// A re-scoring after a weight change finds nothing new: the stored alerts are read only when they may differ.
				if (changed || source.key !== this.#key) {
					this.rules = await store.listRules();
					this.alerts = await store.listAlerts();
				}
				this.#key = source.key;
				this.error = null;
				// The Alerts page's customers (name, band now), worked out here in tasks of their own rather than when the
				// page opens (about a fifth of its ~60 ms first open on the demo); only for a portfolio of up to
				// CUSTOMERS_AHEAD_MAX customers (see there): a larger one's wait for the page, which works them out in steps.
				if (source.history.customerStart.length - 1 <= CUSTOMERS_AHEAD_MAX) await source.workOutCustomers();
			} catch (err) {
				this.error = `Alerts could not be evaluated: ${message(err)}`;
			}
		});
	}

	/** Adds a rule; it watches from the latest snapshot on (which it evaluates at once). Returns its problems, if any. */
	async addRule(rule: Omit<AlertRule, 'id' | 'evaluated' | 'enabled'> & Partial<Pick<AlertRule, 'id'>>): Promise<string[]> {
		const source = this.#deps.source();
		if (!source) return ['The scores are not ready yet.'];
		const full = { enabled: true, ...rule, id: rule.id ?? newId('rule'), evaluated: evaluatedBefore(source.history.snapshots) } as AlertRule;
		const problems = ruleProblems(full, { bands: source.bands, columns: source.metrics.map((m) => m.column) });
		if (problems.length) return problems;
		const twin = this.rules.find((r) => sameRule(r, full));
		if (twin) return [`There is already a rule “${describeRule(twin)}”${twin.enabled ? '' : ', turned off: tick it to turn it on'}.`];
		await this.#change(() => this.#deps.store.saveRule(full), 'The rule could not be saved');
		// Not stored: evaluating would clear the error, and the page would say the rule was added.
		if (this.error) return [];
		await this.evaluate(source);
		return [];
	}

	/**
	 * Turns a rule on or off. A rule turned back on evaluates the snapshots it missed, and `toggled` counts the alerts
	 * that raised: they arrive without an import, so the page says so.
	 */
	async setEnabled(id: string, enabled: boolean): Promise<void> {
		const rule = this.rules.find((r) => r.id === id);
		if (!rule) return;
		const { createdAt: _c, schemaVersion: _s, ...plain } = rule;
		const source = this.#deps.source();
		const missed = enabled && source ? missedSnapshots(rule, source.history.snapshots).length : 0;
		const before = new Set(this.alerts.filter((a) => a.ruleId === id).map((a) => a.id));
		await this.#change(() => this.#deps.store.saveRule({ ...plain, enabled } as AlertRule), 'The rule could not be changed');
		if (this.error) return;
		if (source) await this.evaluate(source);
		if (this.error) return;
		const raised = this.alerts.filter((a) => a.ruleId === id && !before.has(a.id));
		const past = raised.filter((a) => a.past).length;
		this.toggled = { rule: describeRule(rule), enabled, missed, open: raised.length - past, past };
	}

	async removeRule(id: string): Promise<void> {
		await this.#change(() => this.#deps.store.deleteRule(id), 'The rule could not be deleted');
	}

	/** Acknowledges an alert (or opens it again) with a note. */
	async acknowledge(id: string, acknowledged: boolean, note: string): Promise<void> {
		await this.#change(() => this.#deps.store.updateAlert(id, { acknowledged, note }), 'The alert could not be saved');
	}

	/**
	 * Acknowledges these alerts (those not acknowledged yet) with one note, in one transaction: a failure leaves
	 * every alert as it was, and says so. Undo is offered until another change.
	 */
	async acknowledgeMany(ids: readonly string[], note: string): Promise<void> {
		await this.#bulk(async () => {
			const bulk = await this.#deps.store.acknowledgeAlerts(ids, note);
			this.undoable = bulk;
			const after = { acknowledgedAt: bulk.acknowledgedAt, note: bulk.note };
			return { kind: 'acknowledged', note, states: new Map(bulk.before.map((b) => [b.id, after])) };
		}, 'No alert was changed.');
	}

	/** Puts back what the last bulk acknowledgement changed, in one transaction (or nothing, saying why). */
	async undoAcknowledge(): Promise<void> {
		const bulk = this.undoable;
		if (!bulk) return;
		await this.#bulk(async () => {
			await this.#deps.store.undoAcknowledgement(bulk);
			this.undoable = null;
			return { kind: 'undone', note: bulk.note, states: new Map(bulk.before.map((b) => [b.id, b])) };
		}, 'Nothing was undone.');
	}

	/**
	 * Runs one bulk change and applies what it stored to the alerts in memory: reading thousands of alerts back
	 * would cost the page more than the change itself.
	 */
	async #bulk(work: () => Promise<{ kind: 'acknowledged' | 'undone'; note: string; states: Map<string, { acknowledgedAt: string | null; note: string }> }>, unchanged: string): Promise<void> {
		await this.#exclusive(async () => {
			const start = performance.now();
			this.bulkDone = null;
			try {
				const { kind, note, states } = await work();
				this.alerts = this.alerts.map((a) => {
					const state = states.get(a.id);
					return state ? { ...a, acknowledgedAt: state.acknowledgedAt, note: state.note } : a;
				});
				this.error = null;
				this.bulkDone = { kind, count: states.size, note, ms: performance.now() - start };
			} catch (err) {
				this.error = `${message(err)}. ${unchanged}`;
			}
		});
	}

	async #change(work: () => Promise<unknown>, failure: string): Promise<void> {
		await this.#exclusive(async () => {
			this.bulkDone = null;
			this.toggled = null;
			try {
				await work();
				this.error = null;
				// Undo is offered until another change: one that failed changed nothing, so it stays.
				this.undoable = null;
			} catch (err) {
				this.error = `${failure}: ${message(err)}`;
			}
			this.rules = await this.#deps.store.listRules();
			this.alerts = await this.#deps.store.listAlerts();
		});
	}

	/** Resolves once every evaluation and change started so far is done (tests). */
	async settled(): Promise<void> {
		await this.#queue;
	}

	dispose(): void {
		this.#stop?.();
	}
}

function message(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}
