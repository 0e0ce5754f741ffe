/** The workspace the app shows: every import assembled into one portfolio, its scorecard (edited live), and the scores. */
import { assemblePortfolio, compareImports, followRoleColumns, hasSnapshotRows, type Portfolio } from '../core/assemble';
import { checkScorecard, type ScorecardProblem } from '../core/check';
import type { Notice } from '../core/csv/types';
import type { Dataset, DatasetMeta } from '../core/dataset';
import { currentView, summarizePortfolio, type CurrentView, type PortfolioSummary } from '../core/portfolio';
import { scoreTable, type ScoreResult } from '../core/score';
import type { Scorecard } from '../core/scorecard';
import type { StorageStatus } from '../db';
import { ACTIVE_SCORECARD, type WorkspaceStore } from './store';

/** What the workspace needs from outside: storage, and the demo to start from. */
export interface WorkspaceDeps {
	store: WorkspaceStore;
	demo: () => { dataset: Dataset; scorecard: Scorecard };
	/** How long edits wait before they are written (ms); edits within it are written once. */
	saveDelay?: number;
}

/** Scores of the current view, the scorecard's problems, and whether the scores are from an earlier valid version. */
export interface Scoring {
	result: ScoreResult | null;
	problems: ScorecardProblem[];
	/** True while the scorecard has errors: the scores shown are the last valid ones. */
	stale: boolean;
}

export type SaveState = 'saved' | 'pending' | 'saving' | 'failed';

export class Workspace {
	status = $state<'loading' | 'ready' | 'failed'>('loading');
	/** Why loading or the last operation failed, in words for the user. */
	error = $state<string | null>(null);
	/** The portfolio shown: every import assembled (one import as it is). */
	dataset = $state.raw<Dataset | null>(null);
	/** The stored imports, in import order. */
	imports = $state.raw<DatasetMeta[]>([]);
	/** What assembling the imports found: rows left out, renamed columns, unmatched outcomes. */
	notices = $state.raw<Notice[]>([]);
	/** True while the workspace holds only the demo: the first import then replaces it. */
	onlyDemo: boolean = $derived(this.imports.length === 1 && this.imports[0].source === 'demo');
	scorecard = $state<Scorecard | null>(null);
	saveState = $state<SaveState>('saved');
	saveError = $state<string | null>(null);
	busy = $state<string | null>(null);
	/** What the browser says about our storage: usage, quota, persistence. */
	storage = $state<StorageStatus | null>(null);

	view: CurrentView | null = $derived(this.dataset ? currentView(this.dataset) : null);
	scoring: Scoring = $derived.by(() => this.#score());
	summary: PortfolioSummary | null = $derived.by(() => {
		const result = this.scoring.result;
		if (!result || !this.view || !this.scorecard) return null;
		return summarizePortfolio(result, this.scorecard.bands, this.arr ?? undefined);
	});
	/** The ARR column of the current view, when the dataset has one. */
	arr: Float64Array | null = $derived.by(() => {
		const name = this.dataset?.meta.roles.arr;
		const column = name ? this.view?.table.columns[name] : undefined;
		return column?.kind === 'number' ? column.values : null;
	});

	#deps: WorkspaceDeps;
	/** The stored imports with their values, in import order. */
	#datasets: Dataset[] = [];
	/** Changes of the workspace run one after another. */
	#queue: Promise<unknown> = Promise.resolve();
	#lastGood: ScoreResult | null = null;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#stopPersisting: (() => void) | null = null;
	#saving: Promise<void> = Promise.resolve();
	/** The scorecard as last read from or written to storage, to tell a real edit from a reload. */
	#storedJson = '';

	constructor(deps: WorkspaceDeps) {
		this.#deps = deps;
	}

	#score(): Scoring {
		const view = this.view;
		if (!view || !this.scorecard) return { result: null, problems: [], stale: false };
		const scorecard = $state.snapshot(this.scorecard) as Scorecard;
		const problems = checkScorecard(scorecard, view.table);
		if (problems.some((p) => p.severity === 'error')) return { result: this.#lastGood, problems, stale: this.#lastGood !== null };
		this.#lastGood = scoreTable(view.table, scorecard);
		return { result: this.#lastGood, problems, stale: false };
	}

	/** Opens the stored workspace; on first open (an empty database) creates the demo. */
	async init(): Promise<void> {
		this.status = 'loading';
		try {
			const store = this.#deps.store;
			if (await store.isEmpty()) {
				const { dataset, scorecard } = this.#deps.demo();
				await store.replaceWith(dataset, scorecard);
			}
			await this.#loadActive();
			this.status = 'ready';
			await store.requestPersistence();
			void this.refreshStorage();
		} catch (err) {
			this.error = message(err);
			this.status = 'failed';
		}
	}

	async #loadActive(): Promise<void> {
		const store = this.#deps.store;
		const metas = await store.listDatasets();
		if (metas.length === 0) throw new Error('The workspace has no dataset. Use “Reset demo” on the Data page to start again.');
		const datasets: Dataset[] = [];
		for (const meta of metas) {
			const dataset = await store.loadDataset(meta.id);
			if (!dataset) throw new Error(`Dataset "${meta.name}" could not be read.`);
			datasets.push(dataset);
		}
		const portfolio = assemblePortfolio(datasets);
		const scorecards = await store.listScorecards();
		const wantedCard = await store.getSetting<string>(ACTIVE_SCORECARD);
		const scorecard = scorecards.find((s) => s.id === wantedCard) ?? scorecards[0];
		if (!scorecard) throw new Error('The workspace has no scorecard. Use “Reset demo” on the Data page to start again.');
		this.#show(datasets, portfolio, scorecard);
	}

	/** Shows these imports as this portfolio; with a scorecard, shows it too (as stored), else keeps the current one. */
	#show(datasets: Dataset[], portfolio: Portfolio, scorecard?: Scorecard): void {
		this.#lastGood = null;
		this.#datasets = datasets;
		this.imports = datasets.map((d) => d.meta);
		this.notices = portfolio.notices;
		this.dataset = portfolio.dataset;
		if (!scorecard) return;
		this.#stopPersisting?.();
		// Keep only the scorecard's own fields: the stored record also carries dataset id and save time.
		const { id, name, metrics, bands } = scorecard;
		this.scorecard = { id, name, metrics, bands };
		this.#storedJson = JSON.stringify(this.scorecard);
		this.saveState = 'saved';
		this.#stopPersisting = this.#persistEdits();
	}

	/** Writes every edit of the scorecard to storage, debounced. IndexedDB is the external system this effect syncs. */
	#persistEdits(): () => void {
		return $effect.root(() => {
			$effect(() => {
				const snapshot = $state.snapshot(this.scorecard) as Scorecard | null;
				if (!snapshot || JSON.stringify(snapshot) === this.#storedJson) return;
				this.saveState = 'pending';
				if (this.#timer) clearTimeout(this.#timer);
				this.#timer = setTimeout(() => void this.#save(snapshot), this.#deps.saveDelay ?? 250);
			});
		});
	}

	async #save(scorecard: Scorecard): Promise<void> {
		if (!this.dataset) return;
		this.#timer = null;
		this.saveState = 'saving';
		this.#saving = this.#saving.then(async () => {
			try {
				await this.#deps.store.saveScorecard(scorecard);
				this.#storedJson = JSON.stringify(scorecard);
				if (!this.#timer) this.saveState = 'saved';
				this.saveError = null;
			} catch (err) {
				this.saveState = 'failed';
				this.saveError = message(err);
			}
		});
		await this.#saving;
	}

	/** Resolves once every edit so far is stored (tests, and before replacing the workspace). */
	async flush(): Promise<void> {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		const snapshot = this.scorecard && ($state.snapshot(this.scorecard) as Scorecard);
		if (snapshot && JSON.stringify(snapshot) !== this.#storedJson) await this.#save(snapshot);
		await this.#saving;
	}

	/** Throws the whole workspace away and starts again from the demo. On failure nothing changes. */
	async resetDemo(): Promise<void> {
		this.busy = 'Resetting the demo…';
		this.error = null;
		try {
			const { dataset, scorecard } = this.#deps.demo();
			await this.replaceWith(dataset, scorecard);
		} catch (err) {
			this.error = `Reset failed; your workspace is unchanged. ${message(err)}`;
		} finally {
			this.busy = null;
		}
	}

	/**
	 * Makes this dataset and scorecard the whole workspace, in one storage transaction, then shows them.
	 * Throws when storing fails; the stored workspace and what is shown are then unchanged.
	 */
	async replaceWith(dataset: Dataset, scorecard: Scorecard): Promise<void> {
		await this.#exclusive(async () => {
			await this.flush();
			await this.#deps.store.replaceWith(dataset, scorecard);
			await this.#loadActive();
		});
		void this.refreshStorage();
	}

	/**
	 * Lets `write` replace what is stored (a backup's restore, one transaction), after every earlier change and
	 * pending edit, then shows what is stored. Throws when `write` fails; what is stored and shown is then unchanged.
	 */
	async replaceStored(write: () => Promise<void>): Promise<void> {
		await this.#exclusive(async () => {
			await this.flush();
			await write();
			await this.#loadActive();
			this.error = null;
		});
		void this.refreshStorage();
	}

	/**
	 * Adds an import to the portfolio in one storage transaction, keeping the current scorecard (metrics on
	 * role columns follow them to their new names). While the workspace holds only the demo, the import
	 * replaces it and `scorecardIfNew` becomes the scorecard. Throws when it cannot be done; the stored
	 * workspace and what is shown are then unchanged.
	 */
	async addImport(dataset: Dataset, scorecardIfNew: Scorecard | null): Promise<void> {
		await this.#exclusive(async () => {
			await this.flush();
			if (this.onlyDemo) {
				if (!scorecardIfNew || !hasSnapshotRows(dataset.meta)) {
					throw new Error(`${dataset.meta.name} holds outcomes only, which join the customers of your snapshot files by ID: import a file with metrics first.`);
				}
				const portfolio = assemblePortfolio([dataset]);
				await this.#deps.store.replaceWith(dataset, scorecardIfNew);
				this.#show([dataset], portfolio, scorecardIfNew);
				this.error = null;
				return;
			}
			const datasets = [...this.#datasets, dataset].sort((a, b) => compareImports(a.meta, b.meta));
			const portfolio = assemblePortfolio(datasets);
			const moved = this.#followed(portfolio);
			await this.#deps.store.addDataset(dataset, moved);
			this.#show(datasets, portfolio, moved);
			this.error = null;
		});
		void this.refreshStorage();
	}

	/**
	 * Deletes an import in one storage transaction; the portfolio is assembled again and re-scored. Refuses to
	 * delete the last import, or the last with snapshot rows. On failure `error` says why and nothing changes.
	 */
	async deleteImport(id: string): Promise<void> {
		await this.#exclusive(async () => {
			this.error = null;
			const meta = this.imports.find((m) => m.id === id);
			const rest = this.#datasets.filter((d) => d.meta.id !== id);
			if (!meta) this.error = `There is no import ${id}; nothing was deleted.`;
			else if (rest.length === 0) this.error = `“${meta.name}” is the only import, and the portfolio cannot be empty. Use Reset demo to start over.`;
			else if (!rest.some((d) => hasSnapshotRows(d.meta)))
				this.error = `“${meta.name}” holds the last customer snapshots: only outcomes would be left. Import another snapshot file first, or use Reset demo to start over.`;
			if (!meta || this.error) return;
			this.busy = `Deleting ${meta.name}…`;
			try {
				await this.flush();
				const portfolio = assemblePortfolio(rest);
				const moved = this.#followed(portfolio);
				await this.#deps.store.deleteDataset(id, moved);
				this.#show(rest, portfolio, moved);
			} catch (err) {
				this.error = `Could not delete ${meta.name}; your workspace is unchanged. ${message(err)}`;
			} finally {
				this.busy = null;
			}
		});
		void this.refreshStorage();
	}

	/** The current scorecard with metrics on role columns moved to the portfolio's role columns; undefined when none moves. */
	#followed(portfolio: Portfolio): Scorecard | undefined {
		const current = this.scorecard && ($state.snapshot(this.scorecard) as Scorecard);
		if (!current || !this.dataset) return undefined;
		const followed = followRoleColumns(current, this.dataset.meta.roles, portfolio.dataset.meta.roles);
		return followed === current ? undefined : followed;
	}

	/** Runs `work` after every change started before it has finished. */
	#exclusive(work: () => Promise<void>): Promise<void> {
		const run = this.#queue.then(work);
		this.#queue = run.catch(() => {});
		return run;
	}

	/** Reads usage, quota and persistence again. */
	async refreshStorage(): Promise<void> {
		this.storage = await this.#deps.store.storageStatus();
	}

	/** Asks the browser to keep our data even under storage pressure. */
	async requestPersistence(): Promise<void> {
		await this.#deps.store.requestPersistence();
		await this.refreshStorage();
	}

	/** Stops the save effect (tests). */
	dispose(): void {
		this.#stopPersisting?.();
		if (this.#timer) clearTimeout(this.#timer);
	}
}

function message(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}
