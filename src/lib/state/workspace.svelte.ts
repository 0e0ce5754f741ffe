/** The workspace the app shows: the active dataset, its scorecard (edited live), and the scores. */
import { checkScorecard, type ScorecardProblem } from '../core/check';
import type { Dataset } from '../core/dataset';
import { currentView, summarizePortfolio, type CurrentView, type PortfolioSummary } from '../core/portfolio';
import { scoreTable, type ScoreResult } from '../core/score';
import type { Scorecard } from '../core/scorecard';
import type { StorageStatus } from '../db';
import { ACTIVE_DATASET, ACTIVE_SCORECARD, type WorkspaceStore } from './store';

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
	dataset = $state.raw<Dataset | null>(null);
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
		const datasets = await store.listDatasets();
		const wanted = await store.getSetting<string>(ACTIVE_DATASET);
		const meta = datasets.find((d) => d.id === wanted) ?? datasets[0];
		if (!meta) throw new Error('The workspace has no dataset. Use “Reset demo” on the Data page to start again.');
		const dataset = await store.loadDataset(meta.id);
		if (!dataset) throw new Error(`Dataset "${meta.name}" could not be read.`);
		const scorecards = await store.listScorecards(meta.id);
		const wantedCard = await store.getSetting<string>(ACTIVE_SCORECARD);
		const scorecard = scorecards.find((s) => s.id === wantedCard) ?? scorecards[0];
		if (!scorecard) throw new Error(`Dataset "${meta.name}" has no scorecard.`);
		this.#stopPersisting?.();
		this.#lastGood = null;
		this.dataset = dataset;
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
		const datasetId = this.dataset?.meta.id;
		if (!datasetId) return;
		this.#timer = null;
		this.saveState = 'saving';
		this.#saving = this.#saving.then(async () => {
			try {
				await this.#deps.store.saveScorecard(datasetId, scorecard);
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
		await this.flush();
		await this.#deps.store.replaceWith(dataset, scorecard);
		await this.#loadActive();
		void this.refreshStorage();
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
