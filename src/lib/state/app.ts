/** The one workspace of the running app, on the browser's IndexedDB and the built-in demo. */
import { demoScorecard, generateDemo } from '../core/demo';
import { workerBackend } from './history-backend';
import { indexedDbStore } from './store';
import { openDatabase } from '../db';
import { holdImport, importsInProgress } from './import-locks';
import { Workspace } from './workspace.svelte';
import { CustomerList } from './customers.svelte';
import { ImportSession } from './import.svelte';
import { Alerts, indexedDbAlertStore, workspaceAlertSource } from './alerts.svelte';
import { AlertList } from './alert-list.svelte';
import { WorklistState, indexedDbModels } from './worklist.svelte';
import { BackupSession, indexedDbBackup } from './backup.svelte';
import { workerBackup } from './backup-worker';
import { deploymentPreset } from './preset';
import { tabChannel } from './tab-channel';
import { oneTabAtATime } from './tab-lock';
import { AppUpdate } from './app-update.svelte';
import { switchToWaiting } from '../../sw/register';

/**
 * The one database, shared by the workspace, the import session's remembered mappings and Learn's runs (whose note
 * of an applied version is written in the version's transaction: one Dexie instance, or the two would wait on each other).
 */
export const database = openDatabase();
const store = indexedDbStore(database);

export const workspace = new Workspace({
	store,
	demo: () => ({ dataset: generateDemo(), scorecard: demoScorecard() }),
	preset: deploymentPreset(),
	history: () => workerBackend(() => new Worker(new URL('../workers/score.worker.ts', import.meta.url), { type: 'module' })),
	importsInProgress,
	tabs: tabChannel(database.name),
	oneTabAtATime: (work) => oneTabAtATime(`checkup-first-open:${database.name}`, work)
});

export const customerList = new CustomerList(workspace);

const alertSource = () => workspaceAlertSource(workspace);

/** The customers who already churned, as of the latest snapshot: their alerts are not counted or listed by default. */
const alertChurn = () => alertSource()?.churn() ?? null;

/** Alerts, evaluated on every new scoring of the history (App starts it). */
export const alerts = new Alerts({ store: indexedDbAlertStore(), source: alertSource, stored: () => workspace.imports, churn: alertChurn });

/** The Alerts page's filtered list. */
export const alertList = new AlertList({
	alerts: () => alerts.alerts,
	// No source (the scores not ready yet): no customer to name.
	customers: () => {
		const source = alertSource();
		return source ? source.knownCustomers() : new Map();
	},
	workOutCustomers: async () => alertSource()?.workOutCustomers(),
	bands: () => workspace.scorecard?.bands.map((b) => b.label) ?? [],
	churn: alertChurn
});

export const worklist = new WorklistState({
	source: () => ({ history: workspace.history, table: workspace.view?.table, roles: workspace.dataset?.meta.roles, result: workspace.scoring.result, scorecard: workspace.scorecard }),
	latestModel: indexedDbModels()
});

/** Backups are made, read and restored in a worker: on the page, a big workspace froze it for seconds. */
const backupSteps =
	typeof Worker === 'undefined'
		? indexedDbBackup(database)
		: workerBackup(() => new Worker(new URL('../workers/backup.worker.ts', import.meta.url), { type: 'module' }), database.name);
export const backupSession = new BackupSession({ ...backupSteps, workspace });

/** A new deploy waiting to take over (the service worker found it). */
export const appUpdate = new AppUpdate({
	flush: async () => {
		await workspace.flush();
		if (workspace.saveState === 'failed') throw new Error(workspace.saveError ?? 'saving failed');
	},
	switchTo: switchToWaiting
});

export const importSession = new ImportSession({
	worker: () => new Worker(new URL('../workers/import.worker.ts', import.meta.url), { type: 'module' }),
	commit: (dataset, scorecard, options) => workspace.addImport(dataset, scorecard, options),
	stored: () => workspace.storedImports(),
	staging: { database: database.name, hold: holdImport, discard: (id) => store.discardStaged(id) },
	memory: {
		load: (key) => store.getSetting(`mapping:${key}`),
		save: (key, remembered) => store.setSetting(`mapping:${key}`, remembered)
	}
});
