/** Alert rules and fired alerts: stored whole, evaluated results recorded in one transaction, never duplicated. */
import type { AlertHit, AlertRule } from '../core/alerts';
import { hasSnapshotRows } from '../core/assemble';
import type { GoneRows } from '../core/rows-gone';
import { guard } from './errors';
import type { AlertRecord, AlertRuleRecord, CheckupDatabase } from './schema';

/** Setting that says the default rules were given once: a user who deletes them all does not get them back. */
export const ALERT_DEFAULTS_KEY = 'alerts:defaultsGiven';

export function checkRule(record: AlertRuleRecord): AlertRuleRecord {
	if (record.schemaVersion !== 1) throw new Error(`alert rule ${record.id} has schema version ${String(record.schemaVersion)}, expected 1`);
	if (!['drop', 'band', 'crossed'].includes(record.kind)) throw new Error(`alert rule ${record.id} has an unknown kind: ${String(record.kind)}`);
	return record;
}

export function checkAlert(record: AlertRecord): AlertRecord {
	if (record.schemaVersion !== 1) throw new Error(`alert ${record.id} has schema version ${String(record.schemaVersion)}, expected 1`);
	return record;
}

/** A rule as stored: plain data through JSON (a Svelte $state proxy cannot be cloned into IndexedDB). */
function ruleRecord(rule: AlertRule, createdAt: string): AlertRuleRecord {
	return { ...(JSON.parse(JSON.stringify(rule)) as AlertRule), createdAt, schemaVersion: 1 };
}

/** The stored rules, oldest first. */
export async function listAlertRules(db: CheckupDatabase): Promise<AlertRuleRecord[]> {
	const rules = await guard('list alert rules', () => db.alertRules.toArray());
	return rules.map(checkRule).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** Stores the default rules once per workspace; returns the rules stored after it. */
export async function giveDefaultRules(db: CheckupDatabase, defaults: readonly AlertRule[], now = new Date().toISOString()): Promise<AlertRuleRecord[]> {
	await guard('store the default alert rules', () =>
		db.transaction('rw', db.alertRules, db.settings, async () => {
			if (await db.settings.get(ALERT_DEFAULTS_KEY)) return;
			await db.alertRules.bulkPut(defaults.map((r) => ruleRecord(r, now)));
			await db.settings.put({ key: ALERT_DEFAULTS_KEY, value: true });
		})
	);
	return listAlertRules(db);
}

/** Stores a rule (replacing one with the same id), keeping the time it was first made. */
export async function saveAlertRule(db: CheckupDatabase, rule: AlertRule, now = new Date().toISOString()): Promise<AlertRuleRecord> {
	return guard(`save alert rule ${rule.id}`, () =>
		db.transaction('rw', db.alertRules, async () => {
			const old = await db.alertRules.get(rule.id);
			const record = ruleRecord(rule, old?.createdAt ?? now);
			await db.alertRules.put(record);
			return record;
		})
	);
}

/** Deletes a rule; the alerts it fired stay, with the rule in words. False when there was none. */
export async function deleteAlertRule(db: CheckupDatabase, id: string): Promise<boolean> {
	return guard(`delete alert rule ${id}`, () =>
		db.transaction('rw', db.alertRules, async () => {
			if (!(await db.alertRules.get(id))) return false;
			await db.alertRules.delete(id);
			return true;
		})
	);
}

/** What recordEvaluation is told of the evaluation besides its hits. */
export interface EvaluationContext {
	/** ISO date-time the new alerts are made at; default now. */
	now?: string;
	/** Per rule, the customers it evaluated again per snapshot (their previous row changed: recheckFollowing). */
	rechecked?: ReadonlyMap<string, Readonly<Record<string, readonly string[]>>>;
	/** The ids of the imports whose portfolio was evaluated; absent: not known. */
	imports?: readonly string[];
}

/**
 * Records one evaluation in one transaction: the hits not stored yet become open alerts (a stored one keeps its
 * acknowledgement and note), and each evaluated rule remembers the snapshots it has seen. Returns the alerts added.
 *
 * `read`: the rules the evaluation ran, by id, with the time each was made. A rule no longer stored as it was
 * read (deleted meanwhile, or made anew: a reset, a restored backup or a first import replacing the demo gives
 * the default rules again) records nothing: an evaluation of a workspace replaced while it ran leaves the new one alone.
 * Nor does an evaluation of other imports than those stored (`context.imports`): an import or a delete since, whose
 * portfolio is evaluated once it is scored.
 */
export async function recordEvaluation(
	db: CheckupDatabase,
	hits: readonly AlertHit[],
	evaluated: ReadonlyMap<string, readonly string[]>,
	read: ReadonlyMap<string, string>,
	{ now = new Date().toISOString(), rechecked = new Map(), imports }: EvaluationContext = {}
): Promise<number> {
	return guard('store the alerts', () =>
		db.transaction('rw', db.alerts, db.alertRules, db.datasets, async () => {
			if (imports && !(await storedAre(db, imports))) return 0;
			const ids = [...new Set([...hits.map((h) => h.ruleId), ...evaluated.keys()])];
			const rules = await db.alertRules.bulkGet(ids);
			const byId = new Map(ids.map((id, i) => [id, rules[i]]));
			const current = new Set(ids.filter((id, i) => rules[i] !== undefined && read.get(id) === rules[i]!.createdAt));
			// An evaluation of a portfolio an import was deleted from meanwhile: nothing at the snapshots it took away,
			// nor at a snapshot whose previous row went for a customer (a recheck the evaluation did not know of).
			const snapshots = await storedSnapshots(db);
			const kept = (date: string) => !snapshots || snapshots.has(date);
			const stale = (h: AlertHit) => {
				const later = byId.get(h.ruleId)?.recheck?.[h.snapshot];
				return !!later?.includes(h.customerId) && !rechecked.get(h.ruleId)?.[h.snapshot]?.includes(h.customerId);
			};
			const live = hits.filter((h) => current.has(h.ruleId) && kept(h.snapshot) && !stale(h));
			// In batches: a first evaluation of a long history stores tens of thousands of alerts (see BATCH).
			const stored = await getInBatches(db, live.map((h) => h.id));
			const fresh = live.filter((_, i) => !stored[i]);
			await putInBatches(db, fresh.map((h) => ({ ...h, createdAt: now, acknowledgedAt: null, note: '', schemaVersion: 1 as const })), 'add');
			// An acknowledged alert whose comparison changed, fired again: the new comparison, the same acknowledgement and note.
			const renewed = live.flatMap((h, i) => (stored[i]?.previousChanged ? [renew(stored[i]!, h)] : []));
			await putInBatches(db, renewed);
			for (let i = 0; i < ids.length; i++) {
				const dates = evaluated.get(ids[i]);
				if (!dates || !current.has(ids[i])) continue;
				const recheck = without(rules[i]!.recheck, rechecked.get(ids[i]));
				await db.alertRules.put(withRecheck({ ...rules[i]!, evaluated: dates.filter(kept) }, recheck));
			}
			return fresh.length;
		})
	);
}

/** Whether the stored imports are exactly `ids`. */
async function storedAre(db: CheckupDatabase, ids: readonly string[]): Promise<boolean> {
	const stored = new Set((await db.datasets.toCollection().primaryKeys()).map(String));
	return stored.size === new Set(ids).size && ids.every((id) => stored.has(id));
}

/** A stored alert with a hit's comparison in place of the one that went; its acknowledgement, note and state stay. */
function renew(alert: AlertRecord, hit: AlertHit): AlertRecord {
	const { previousChanged: _gone, ...rest } = alert;
	return { ...rest, previousSnapshot: hit.previousSnapshot, message: hit.message, from: hit.from, to: hit.to, score: hit.score };
}

/** `recheck` less the customers `done` evaluated again; undefined when none is left. */
function without(recheck: AlertRuleRecord['recheck'], done: Readonly<Record<string, readonly string[]>> | undefined): AlertRuleRecord['recheck'] {
	if (!recheck || !done) return recheck;
	const out: Record<string, string[]> = {};
	for (const [date, customers] of Object.entries(recheck)) {
		const gone = new Set(done[date] ?? []);
		const left = customers.filter((c) => !gone.has(c));
		if (left.length) out[date] = left;
	}
	return Object.keys(out).length ? out : undefined;
}

/** The rule with this recheck; without the field when there is none, as rules stored before it were. */
function withRecheck(rule: AlertRuleRecord, recheck: AlertRuleRecord['recheck']): AlertRuleRecord {
	const { recheck: _old, ...rest } = rule;
	return recheck ? { ...rest, recheck } : rest;
}

/**
 * Removes the alerts fired on rows that are gone and makes every rule forget their snapshots, so that rows there
 * again (a snapshot imported anew) are evaluated again. Runs inside the caller's transaction (it needs the alerts and
 * alert rules tables), so that it goes with the delete or import that took the rows away, or not at all.
 * Returns how many alerts were removed.
 */
export async function forgetRows(db: CheckupDatabase, gone: readonly GoneRows[]): Promise<number> {
	const dates = new Set(gone.flatMap((g) => g.snapshots));
	if (dates.size === 0) return 0;
	const whole = new Set(gone.filter((g) => !g.customers).flatMap((g) => g.snapshots));
	const some = gone.filter((g) => g.customers);
	const isGone = (a: AlertRecord) => whole.has(a.snapshot) || some.some((g) => g.snapshots.includes(a.snapshot) && g.customers!.has(a.customerId));
	const ids = await db.alerts.filter((a) => dates.has(a.snapshot) && isGone(a)).primaryKeys();
	await db.alerts.bulkDelete(ids);
	for (const rule of await db.alertRules.toArray()) {
		const evaluated = rule.evaluated.filter((d) => !dates.has(d));
		// A snapshot forgotten is evaluated again whole: no recheck of some of its customers is left to do.
		const recheck = rule.recheck && Object.fromEntries(Object.entries(rule.recheck).filter(([d]) => !dates.has(d)));
		if (evaluated.length !== rule.evaluated.length) await db.alertRules.put(withRecheck({ ...rule, evaluated }, recheck && Object.keys(recheck).length ? recheck : undefined));
	}
	return ids.length;
}

/**
 * The alerts of `following` (each customer's snapshot after a row of theirs that went, was replaced, or came
 * before it: core/rows-gone.ts rowsFollowing), compared with a row that is no longer the one before it. Those not
 * acknowledged are removed; the acknowledged ones, a record of what someone did, stay marked `previousChanged`
 * ('deleted' when no import has that snapshot any more); and every rule that evaluated such a snapshot is to evaluate
 * it again for those customers, against the row now before it, once the portfolio is scored again
 * (recordEvaluation). Runs inside the caller's transaction, as forgetRows, after it and after the import is stored
 * or deleted. Returns how many alerts were removed.
 */
export async function recheckFollowing(db: CheckupDatabase, following: readonly GoneRows[]): Promise<number> {
	const at = new Map<string, Set<string>>();
	for (const g of following) for (const d of g.snapshots) at.set(d, new Set([...(at.get(d) ?? []), ...(g.customers ?? [])]));
	if (at.size === 0) return 0;
	const hit = await db.alerts.filter((a) => !!at.get(a.snapshot)?.has(a.customerId)).toArray();
	const open = hit.filter((a) => a.acknowledgedAt === null);
	await db.alerts.bulkDelete(open.map((a) => a.id));
	const snapshots = await storedSnapshots(db);
	const why = (a: AlertRecord) => (snapshots && !snapshots.has(a.previousSnapshot) ? ('deleted' as const) : ('replaced' as const));
	await db.alerts.bulkPut(hit.filter((a) => a.acknowledgedAt !== null).map((a) => ({ ...a, previousChanged: why(a) })));
	for (const rule of await db.alertRules.toArray()) {
		const recheck: Record<string, string[]> = { ...rule.recheck };
		let changed = false;
		for (const [d, customers] of at) {
			if (!rule.evaluated.includes(d)) continue;
			recheck[d] = [...new Set([...(recheck[d] ?? []), ...customers])].sort();
			changed = true;
		}
		if (changed) await db.alertRules.put({ ...rule, recheck });
	}
	return open.length;
}

/**
 * The as-of dates of the stored imports, or null when they cannot be told from the records (none is stored, or an
 * import of snapshot rows has no as-of column: it counts as of its import day only once assembled).
 */
async function storedSnapshots(db: CheckupDatabase): Promise<Set<string> | null> {
	const metas = await db.datasets.toArray();
	if (metas.length === 0 || metas.some((m) => hasSnapshotRows(m) && !m.roles.asOf)) return null;
	return new Set(metas.flatMap((m) => m.snapshots));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every stored alert, newest snapshot first, then by customer. */
export async function listAlerts(db: CheckupDatabase): Promise<AlertRecord[]> {
	const alerts = await guard('list alerts', () => db.alerts.toArray());
	// By code unit, not localeCompare: thousands of alerts are ~50,000 comparisons, which ICU makes ~10× slower.
	return alerts.map(checkAlert).sort((a, b) => cmp(b.snapshot, a.snapshot) || cmp(a.customerId, b.customerId) || cmp(a.ruleId, b.ruleId));
}

/** Acknowledges an alert (or opens it again: no longer past) with a note; returns the stored record. Throws when there is no such alert. */
export async function updateAlert(db: CheckupDatabase, id: string, change: { acknowledged: boolean; note: string }, now = new Date().toISOString()): Promise<AlertRecord> {
	return guard(`update alert ${id}`, () =>
		db.transaction('rw', db.alerts, async () => {
			const alert = await db.alerts.get(id);
			if (!alert) throw new Error(`there is no alert ${id}`);
			const acknowledgedAt = change.acknowledged ? (alert.acknowledgedAt ?? now) : null;
			const record: AlertRecord = { ...checkAlert(alert), acknowledgedAt, note: change.note };
			// Reopened, it is to act on now, whatever snapshot it fired at.
			if (alert.acknowledgedAt !== null && !change.acknowledged) delete record.past;
			await db.alerts.put(record);
			return record;
		})
	);
}

/** An alert's acknowledgement as it was before a bulk acknowledgement: what Undo puts back. */
export interface AcknowledgementBefore {
	id: string;
	acknowledgedAt: string | null;
	note: string;
}

/** What a bulk acknowledgement stamped on every alert it changed. */
export interface BulkAcknowledgement {
	acknowledgedAt: string;
	note: string;
	/** The changed alerts as they were. */
	before: AcknowledgementBefore[];
}

/**
 * Alerts per batch of requests inside one bulk transaction. The transaction stays open between batches (each is
 * issued when the last one's requests succeed) while the page gets a turn: a put or get costs the page ~20 µs, so
 * 4,567 in one go blocked it for ~200 ms (measured in Chromium).
 */
const BATCH = 500;

async function getInBatches(db: CheckupDatabase, ids: readonly string[]): Promise<(AlertRecord | undefined)[]> {
	const out: (AlertRecord | undefined)[] = [];
	for (let i = 0; i < ids.length; i += BATCH) out.push(...(await db.alerts.bulkGet(ids.slice(i, i + BATCH))));
	return out;
}

/** Stores the records; `add` refuses (failing the transaction) a record whose id is stored already. */
async function putInBatches(db: CheckupDatabase, records: readonly AlertRecord[], how: 'put' | 'add' = 'put'): Promise<void> {
	for (let i = 0; i < records.length; i += BATCH) {
		const batch = records.slice(i, i + BATCH);
		await (how === 'add' ? db.alerts.bulkAdd(batch) : db.alerts.bulkPut(batch));
	}
}

const count = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n.toLocaleString('en-US')} ${many}`);

/**
 * Acknowledges, with one note, every alert of `ids` not acknowledged yet, in one transaction: all or none. An id
 * no longer stored (the workspace changed since the list was read) fails the whole of it.
 */
export async function acknowledgeAlerts(db: CheckupDatabase, ids: readonly string[], note: string, now = new Date().toISOString()): Promise<BulkAcknowledgement> {
	return guard(`acknowledge ${count(ids.length, 'alert', 'alerts')}`, () =>
		db.transaction('rw', db.alerts, async () => {
			const stored = await getInBatches(db, ids);
			const missing = stored.filter((a) => !a).length;
			if (missing) throw new Error(`${count(missing, 'of them is', 'of them are')} no longer stored: the alerts changed since they were listed`);
			const changed = (stored as AlertRecord[]).map(checkAlert).filter((a) => a.acknowledgedAt === null);
			await putInBatches(db, changed.map((a) => ({ ...a, acknowledgedAt: now, note })));
			return { acknowledgedAt: now, note, before: changed.map((a) => ({ id: a.id, acknowledgedAt: a.acknowledgedAt, note: a.note })) };
		})
	);
}

/**
 * Undoes a bulk acknowledgement in one transaction: every alert it changed gets back its acknowledgement and note.
 * When any of them is gone or was changed since (reopened, given another note), nothing is undone.
 */
export async function undoAcknowledgement(db: CheckupDatabase, bulk: BulkAcknowledgement): Promise<number> {
	return guard(`undo acknowledging ${count(bulk.before.length, 'alert', 'alerts')}`, () =>
		db.transaction('rw', db.alerts, async () => {
			const stored = await getInBatches(db, bulk.before.map((b) => b.id));
			const moved = stored.filter((a) => !a || a.acknowledgedAt !== bulk.acknowledgedAt || a.note !== bulk.note).length;
			if (moved) throw new Error(`${count(moved, 'of them was', 'of them were')} changed or removed since`);
			await putInBatches(db, (stored as AlertRecord[]).map((a, i) => ({ ...checkAlert(a), acknowledgedAt: bulk.before[i].acknowledgedAt, note: bulk.before[i].note })));
			return bulk.before.length;
		})
	);
}
