/** Alert rules and fired alerts: stored whole, evaluated results recorded in one transaction, never duplicated. */
import type { AlertHit, AlertRule } from '../core/alerts';
import { guard } from './errors';
import type { AlertRecord, AlertRuleRecord, CheckupDatabase } from './schema';

/** Setting that says the default rules were given once: a user who deletes them all does not get them back. */
export const ALERT_DEFAULTS_KEY = 'alerts:defaultsGiven';

function checkRule(record: AlertRuleRecord): AlertRuleRecord {
	if (record.schemaVersion !== 1) throw new Error(`alert rule ${record.id} has schema version ${String(record.schemaVersion)}, expected 1`);
	if (!['drop', 'band', 'crossed'].includes(record.kind)) throw new Error(`alert rule ${record.id} has an unknown kind: ${String(record.kind)}`);
	return record;
}

function checkAlert(record: AlertRecord): AlertRecord {
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

/**
 * Records one evaluation in one transaction: the hits not stored yet become open alerts (a stored one keeps its
 * acknowledgement and note), and each evaluated rule remembers the snapshots it has seen. Returns the alerts added.
 *
 * `read`: the rules the evaluation ran, by id, with the time each was made. A rule no longer stored as it was
 * read (deleted meanwhile, or made anew: a reset, a restored backup or a first import replacing the demo gives
 * the default rules again) records nothing: an evaluation of a workspace replaced while it ran leaves the new one alone.
 */
export async function recordEvaluation(
	db: CheckupDatabase,
	hits: readonly AlertHit[],
	evaluated: ReadonlyMap<string, readonly string[]>,
	read: ReadonlyMap<string, string>,
	now = new Date().toISOString()
): Promise<number> {
	return guard('store the alerts', () =>
		db.transaction('rw', db.alerts, db.alertRules, async () => {
			const ids = [...new Set([...hits.map((h) => h.ruleId), ...evaluated.keys()])];
			const rules = await db.alertRules.bulkGet(ids);
			const current = new Set(ids.filter((id, i) => rules[i] !== undefined && read.get(id) === rules[i]!.createdAt));
			const live = hits.filter((h) => current.has(h.ruleId));
			const stored = await db.alerts.bulkGet(live.map((h) => h.id));
			const fresh = live.filter((_, i) => !stored[i]);
			await db.alerts.bulkAdd(fresh.map((h) => ({ ...h, createdAt: now, acknowledgedAt: null, note: '', schemaVersion: 1 as const })));
			for (let i = 0; i < ids.length; i++) {
				const dates = evaluated.get(ids[i]);
				if (dates && current.has(ids[i])) await db.alertRules.put({ ...rules[i]!, evaluated: [...dates] });
			}
			return fresh.length;
		})
	);
}

/** Every stored alert, newest snapshot first, then by customer. */
export async function listAlerts(db: CheckupDatabase): Promise<AlertRecord[]> {
	const alerts = await guard('list alerts', () => db.alerts.toArray());
	return alerts.map(checkAlert).sort((a, b) => b.snapshot.localeCompare(a.snapshot) || a.customerId.localeCompare(b.customerId) || a.ruleId.localeCompare(b.ruleId));
}

/** Acknowledges an alert (or opens it again) with a note; returns the stored record. Throws when there is no such alert. */
export async function updateAlert(db: CheckupDatabase, id: string, change: { acknowledged: boolean; note: string }, now = new Date().toISOString()): Promise<AlertRecord> {
	return guard(`update alert ${id}`, () =>
		db.transaction('rw', db.alerts, async () => {
			const alert = await db.alerts.get(id);
			if (!alert) throw new Error(`there is no alert ${id}`);
			const acknowledgedAt = change.acknowledged ? (alert.acknowledgedAt ?? now) : null;
			const record: AlertRecord = { ...checkAlert(alert), acknowledgedAt, note: change.note };
			await db.alerts.put(record);
			return record;
		})
	);
}
