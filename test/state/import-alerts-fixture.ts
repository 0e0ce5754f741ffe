/** What the alerts-follow-the-imports tests share: files of logins by hand, a Workspace and Alerts on fake-indexeddb. */
import type { DBCore, Middleware } from 'dexie';
import { toDataset } from '../../src/lib/core/csv/dataset';
import type { ColumnMapping } from '../../src/lib/core/csv/types';
import type { Dataset } from '../../src/lib/core/dataset';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import type { Column } from '../../src/lib/core/table';
import type { CheckupDatabase } from '../../src/lib/db';
import { Alerts, indexedDbAlertStore, workspaceAlertSource } from '../../src/lib/state/alerts.svelte';
import { indexedDbStore } from '../../src/lib/state/store';
import { Workspace } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from '../db/helpers';

/** Scores are the logins as they are, so every drop is worked out by hand below. */
export const scorecard: Scorecard = { id: 'card', name: 'Card', bands: defaultBands(), metrics: [{ id: 'logins', column: 'logins', label: 'Logins', weight: 1, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } }] };

let clock = Date.parse('2026-03-01T10:00:00.000Z');
/** A snapshot file of these customers' logins as of `asOf`, imported a minute after the last. */
export function file(name: string, asOf: string, ids: string[], logins: number[]) {
	const importedAt = new Date((clock += 60_000)).toISOString();
	const columns: Record<string, Column> = { id: { kind: 'text', values: ids }, logins: { kind: 'number', values: Float64Array.from(logins) } };
	const mapping: ColumnMapping[] = [{ index: 0, name: 'id', role: 'id', type: 'text' }, { index: 1, name: 'logins', role: 'metric', type: 'number' }];
	const parsed = { rowCount: ids.length, columns, sourceRows: new Int32Array(ids.length), problems: [], problemCount: 0, rowsRead: ids.length, rowsSkipped: 0 };
	const dataset = toDataset(parsed, mapping, { id: `file-${Date.parse(importedAt)}`, fileName: name, importedAt, asOf, fileSize: 100 });
	return dataset;
}

export const IDS = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6'];
export const jan = () => file('jan.csv', '2026-01-01', IDS, [80, 80, 80, 80, 80, 80]);
/** C1–C3 fall 20, 15 and 10 points (the default rule fires at 10 or more); C4 falls 9.9; C5, C6 hold. */
export const feb = () => file('feb.csv', '2026-02-01', IDS, [60, 65, 70, 70.1, 80, 81]);

/** Every put and delete of `table` fails while `failing.on`, as a full disk would fail it. */
function failWrites(db: CheckupDatabase, table: string): { on: boolean } {
	const failing = { on: false };
	const middleware: Middleware<DBCore> = {
		stack: 'dbcore',
		name: `fail-${table}`,
		create: (down) => ({
			...down,
			table: (name) => {
				const t = down.table(name);
				if (name !== table) return t;
				return { ...t, mutate: (req) => (failing.on ? Promise.reject(new Error('simulated failure: the disk is full')) : t.mutate(req)) };
			}
		})
	};
	db.use(middleware);
	return failing;
}

/** A workspace of `first` (by default January's six customers) with its alerts evaluated; `failing.on` fails every write of the alert rules. */
export async function setUp(name: string, first: () => Dataset = jan) {
	const { db } = testDatabase(name);
	// Dexie takes middleware before the database opens.
	const failing = failWrites(db, 'alertRules');
	const ws = new Workspace({ store: indexedDbStore(db), demo: () => ({ dataset: generateDemo({ accounts: 20 }), scorecard: demoScorecard() }), saveDelay: 0 });
	await ws.init();
	await ws.settled();
	const alerts = new Alerts({ store: indexedDbAlertStore(db), source: () => null });
	/** Evaluates the rules on the workspace's scored history, as the app does once it is scored. */
	const evaluate = async () => {
		await ws.settled();
		await alerts.evaluate(workspaceAlertSource(ws)!);
	};
	await ws.addImport(first(), scorecard);
	await evaluate();
	return { db, ws, alerts, evaluate, failing };
}

/** What a failed import or delete must leave as it was: the imports stored, every alert and every rule. */
export const stored = async (db: CheckupDatabase) => ({ imports: await db.datasets.count(), alerts: await db.alerts.toArray(), rules: await db.alertRules.toArray() });

/** Rule id → the snapshots it has evaluated. */
export const evaluated = async (db: CheckupDatabase) => Object.fromEntries((await db.alertRules.toArray()).map((r) => [r.id, r.evaluated]));

/** The alerts at `date`: customer, compared with, words, acknowledged, note, why the comparison changed, past. */
export const at = (alerts: Alerts, date: string) =>
	alerts.alerts.filter((a) => a.snapshot === date).map((a) => [a.customerId, a.previousSnapshot, a.message, a.acknowledgedAt !== null, a.note, a.previousChanged ?? null, a.past === true]);
