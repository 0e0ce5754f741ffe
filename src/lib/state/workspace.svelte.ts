/** The workspace the app shows: every import assembled into one portfolio, its scorecard (edited live), and the scores. */
import { assemblePortfolio, assembleSteps, compareImports, followRoleColumns, hasSnapshotRows, type OutcomeJoin, type Portfolio } from '../core/assemble';
import { checkScorecard, type ScorecardProblem } from '../core/check';
import type { Notice } from '../core/csv/types';
import { currencyOfDataset, type Currency } from '../core/currency';
import { localDate } from '../core/dates';
import type { Dataset, DatasetMeta } from '../core/dataset';
import type { HistoryScores, ScoringPlan } from '../core/history';
import type { HistoryLayout } from '../core/history-layout';
import type { BandChange, HistoryTrend, RowExplanation } from '../core/history-scorer';
import { overrideProblems, type Override } from '../core/overrides';
import { currentView, type CurrentView, type PortfolioSummary } from '../core/portfolio';
import { columnScoresOf, type ColumnScores } from '../core/metric-columns';
import type { Scorecard } from '../core/scorecard';
import { DRAFT_VERSION_ID, renameColumns, sameSet, scorecardsOf, segmentProblems, type ScorecardSet, type ScorecardVersion, type SegmentScorecard } from '../core/scorecard-set';
import type { Table } from '../core/table';
import type { SaveOptions, StorageStatus } from '../db';
import { rowsAdded, rowsFollowing, rowsLeaving, rowsReplaced } from '../core/rows-gone';
import { runInSteps } from '../workers/next-task';
import { inProcessBackend, type HistoryBackend, type Scored } from './history-backend';
import { newId } from './ids';
import { ACTIVE_SCORECARD, ChangedElsewhereError, DRAFT_KEY, DraftChangedElsewhereError, firstVersion, VersionSavedElsewhereError, type DraftRecord, type StoredDraft, type WorkspaceStore } from './store';

/** What the workspace needs from outside: storage, and the demo to start from. */
export interface WorkspaceDeps {
	store: WorkspaceStore;
	demo: () => { dataset: Dataset; scorecard: Scorecard };
	/** What a deployment's first open and a reset start with instead of the demo (static/preset/); absent when it has none. */
	preset?: () => Promise<{ dataset: Dataset; scorecard: Scorecard } | null>;
	/** How long edits wait before they are written (ms); edits within it are written once. */
	saveDelay?: number;
	/** Where history scoring runs: the scoring worker in the app; in process when not given (node tests). */
	history?: () => HistoryBackend;
	/** Today as yyyy-mm-dd (tests fix it): an undated snapshot uses the overrides not yet expired. */
	today?: () => string;
	/**
	 * The ids of imports being read right now, in this tab or another (their staged blocks have no dataset
	 * yet and must not be removed as leftovers on open). None when not given.
	 */
	importsInProgress?: () => Promise<ReadonlySet<string>>;
	/**
	 * Tells the workspace's other tabs what this one stored, and hears theirs (a BroadcastChannel in the app).
	 * None when not given: other tabs' changes are then found only when storing.
	 */
	tabs?: TabChannel;
	/**
	 * Runs the first open's "write the demo if storage is empty" in one tab at a time (a Web Lock in the app), so
	 * that two tabs opened together make it once. At once when not given: the write then still lands only in an
	 * empty storage, and the tab that finds another's opens that one.
	 */
	oneTabAtATime?: (work: () => Promise<void>) => Promise<void>;
}

/**
 * What one tab tells the others it stored: 'scorecard', its scorecard draft, a version or an override;
 * 'workspace', the portfolio itself (an import, a deletion, a reset, a restored backup); 'draft-left', the edit
 * it left in storage as it closed (Workspace.leaveEditsOnClose), which a tab still open makes the draft.
 */
export type TabChange = 'scorecard' | 'workspace' | 'draft-left';

/**
 * How long a tab waits, one try after another, for the edit a closing tab left: the closing tab's write and its
 * message reach the browser by different ways, so the message can come first. Not found by then, the next
 * open takes it.
 */
const LEFT_DRAFT_WAITS = [0, 100, 400, 1_500];
export interface TabChannel {
	post(change: TabChange): void;
	/** Calls `heard` on each other tab's message; returns how to stop. */
	listen(heard: (change: TabChange) => void): () => void;
}

/**
 * Every snapshot scored (see core/history.ts for the shape of `scores`), with what its indices refer to:
 * `table` (rows), `layout` (snapshots and customers) and `versions` (what `scores.scorers` name; the unsaved
 * draft last, with id DRAFT_VERSION_ID, when it differs from the newest saved version).
 */
export interface History {
	table: Table;
	layout: HistoryLayout;
	scores: HistoryScores;
	versions: ScorecardVersion[];
	/** The portfolio trend of these scores, as the scorer aggregated it (pages use it while their bands have its labels). */
	trend?: HistoryTrend;
}

/** What is saved besides the draft's default scorecard. */
interface Saved {
	versions: ScorecardVersion[];
	overrides: Override[];
	draft: StoredDraft;
	/** The stored draft's revision, read before the draft (store.ts saveDraft). */
	revision: string | undefined;
}

/** Scores of the current view, the scorecard's problems, and whether the scores are from an earlier valid version. */
export interface Scoring {
	/** The latest snapshot's scores, by metric column of every scorecard in force. */
	result: ColumnScores | null;
	problems: ScorecardProblem[];
	/** True while the scorecard has errors: the scores shown are the last valid ones. */
	stale: boolean;
}

export type SaveState = 'saved' | 'pending' | 'saving' | 'failed';

/**
 * A workspace was written whole (a restore, a reset) but could not be opened from what was stored: the stored
 * workspace has changed, and the app shows why (status 'failed') instead of the one it replaced.
 */
export class StoredNotOpenedError extends Error {}

export class Workspace {
	status = $state<'loading' | 'ready' | 'failed'>('loading');
	/** Why loading or the last operation failed, in words for the user. */
	error = $state<string | null>(null);
	/** Failed after a write replaced what was stored (see StoredNotOpenedError): the stored data has changed. */
	failedAfterWrite = $state(false);
	/** The portfolio shown: every import assembled (one import as it is). */
	dataset = $state.raw<Dataset | null>(null);
	/** The stored imports, in import order. */
	imports = $state.raw<DatasetMeta[]>([]);
	/** What assembling the imports found: rows left out, renamed columns, unmatched outcomes. */
	notices = $state.raw<Notice[]>([]);
	/** Per outcomes file (by import id), how many of its IDs join a customer and how many match none. */
	outcomeJoins = $state.raw<ReadonlyMap<string, OutcomeJoin>>(new Map());
	/** True while the workspace holds only the demo: the first import then replaces it. */
	onlyDemo: boolean = $derived(this.imports.length === 1 && this.imports[0].source === 'demo');
	scorecard = $state<Scorecard | null>(null);
	saveState = $state<SaveState>('saved');
	saveError = $state<string | null>(null);
	/**
	 * True when another tab stored the scorecard draft since this tab last read or wrote it: this tab's edits are
	 * not stored (saveState 'failed') until the user keeps them (keepThisDraft) or takes the other's (loadStoredDraft).
	 */
	draftConflict = $state(false);
	/** True once another tab said it changed the portfolio (imports, reset, restore): this tab shows the old one until reloaded. */
	changedElsewhere = $state(false);
	busy = $state<string | null>(null);
	/** What the browser says about our storage: usage, quota, persistence. */
	storage = $state<StorageStatus | null>(null);

	/** The draft's segment scorecards (the default is `scorecard`): edited live, saved with a version. */
	segments = $state<SegmentScorecard[]>([]);
	/** Which scorecard the editor shows: 0 = the default, k = segments[k − 1]. */
	editing = $state(0);
	/** The first snapshot date the draft applies from once saved; null = all history; undefined = the latest snapshot. */
	draftFrom = $state<string | null | undefined>(undefined);
	/** Saved versions of the scorecard set, in save order. */
	versions = $state.raw<ScorecardVersion[]>([]);
	/** Manual sub-score overrides, every one stored. */
	overrides = $state.raw<Override[]>([]);
	/** The layout of the portfolio's rows (snapshots, customers), once the scoring worker has the table. */
	layout = $state.raw<HistoryLayout | null>(null);
	/** Every snapshot scored; null until the first scoring of the current table arrives. */
	history = $state.raw<History | null>(null);
	/** The last scoring of the current view, as the Overview and Customers pages read it. */
	#scored = $state.raw<Pick<Scored, 'view'> | null>(null);
	/**
	 * How far the workspace is from what its pages show (data-workspace on <main>, what tests wait for): 'opening'
	 * while storage is read; 'scoring' once open until the portfolio's every snapshot is scored (again after an
	 * import, a deletion or a reset); 'ready' once they are, or when there is nothing to score (the scorecard has
	 * errors); 'failed' when it could not be opened. An edit's re-scoring keeps 'ready': pages show the last scores.
	 * A scoring that fails leaves it 'scoring', with the error shown.
	 */
	phase: 'opening' | 'scoring' | 'ready' | 'failed' = $derived.by(() => {
		if (this.status !== 'ready') return this.status === 'failed' ? 'failed' : 'opening';
		return this.history !== null || this.hasErrors ? 'ready' : 'scoring';
	});

	view: CurrentView | null = $derived(this.dataset ? currentView(this.dataset) : null);
	/** The scorecard the editor shows (the default, or a segment's). */
	editingScorecard: Scorecard | null = $derived(this.editing === 0 ? this.scorecard : (this.segments[this.editing - 1]?.scorecard ?? this.scorecard));
	/** The draft set: what the editor holds, saved or not. */
	draft: ScorecardSet | null = $derived(this.scorecard ? { default: $state.snapshot(this.scorecard) as Scorecard, segments: $state.snapshot(this.segments) as SegmentScorecard[] } : null);
	/** True when the draft differs from the newest saved version. */
	unsaved: boolean = $derived(!!this.draft && JSON.stringify(this.draft) !== JSON.stringify(this.versions.at(-1)?.set ?? null));
	/** The latest snapshot date ('' when the portfolio has no as-of column). */
	latestSnapshot: string = $derived(this.dataset?.meta.snapshots.at(-1) ?? '');
	/** Problems of every scorecard of the draft: [index in scorecardsOf(draft)] → problems, plus the set's own. */
	#problems: SetProblems = $derived(problemsOf(this.draft, this.dataset?.table));
	/**
	 * Role columns each import named otherwise than the portfolio does (an ARR column "MonthlyCharges" is "arr"
	 * once imports are assembled): saved versions keep the names they were saved with and are read through this.
	 */
	#renames: Map<string, string> = $derived.by(() => {
		const roles = this.dataset?.meta.roles;
		const renames = new Map<string, string>();
		if (!roles) return renames;
		for (const meta of this.imports)
			for (const [role, name] of Object.entries(meta.roles) as [keyof typeof roles, string | undefined][]) {
				const now = roles[role];
				if (name && now && name !== now && !this.dataset!.table.columns[name]) renames.set(name, now);
			}
		return renames;
	});
	/** True while some scorecard of the draft has errors: the scores shown are then the last valid ones. */
	hasErrors: boolean = $derived(hasErrors(this.#problems));
	#viewResult: ColumnScores | null = $derived(this.#scored ? columnScoresOf(this.#scored.view) : null);
	scoring: Scoring = $derived.by(() => {
		const problems = [...(this.#problems.cards[this.editing] ?? this.#problems.cards[0] ?? []), ...this.#problems.set.map((message) => ({ severity: 'error' as const, message }))];
		const result = this.#viewResult;
		return { result, problems, stale: this.hasErrors && result !== null };
	});
	summary: PortfolioSummary | null = $derived(this.#scored?.view.summary ?? null);
	/** How many scorecards the scores shown come from (the default and each segment's). */
	scorecardCount: number = $derived(this.#scored?.view.scorecardNames.length ?? 0);
	/** Per scorecard of the scores shown ("Default" or the segment), how many customers of the latest snapshot it scored. */
	customersPerScorecard: Map<string, number> = $derived.by(() => {
		const view = this.#scored?.view;
		const counts = new Map<string, number>();
		if (!view) return counts;
		const per = new Array<number>(view.scorecardNames.length).fill(0);
		// NO_SCORECARD (no scorecard scored the row) is past the end of `per`: counted nowhere.
		for (let i = 0; i < view.scorecardOf.length; i++) if (view.scorecardOf[i] < per.length) per[view.scorecardOf[i]]++;
		view.scorecardNames.forEach((name, c) => counts.set(name, per[c]));
		return counts;
	});
	/** Per metric column of the scores shown, the scorecards that have it ("Default" or the segment), in set order. */
	metricColumnScorecards: string[][] = $derived.by(() => {
		const view = this.#scored?.view;
		return view ? view.labels.map((_, k) => view.scorecardNames.filter((_, c) => view.scorecardWeights[c][k] === view.scorecardWeights[c][k])) : [];
	});
	/**
	 * True when the dataset has an ARR column of numbers; read this rather than `arr` to know whether there is
	 * one: `arr` copies the current view's rows of it on first read (~10–30 ms after a million-row import).
	 */
	hasArr: boolean = $derived.by(() => {
		const name = this.dataset?.meta.roles.arr;
		return name !== undefined && this.dataset!.meta.columns.some((c) => c.name === name && c.kind === 'number');
	});
	/** The currency money is shown in: the ARR values' (core/currency.ts); null when unknown or mixed (plain numbers). */
	currency: Currency = $derived(this.dataset ? currencyOfDataset(this.dataset.meta) : null);
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
	#backend: HistoryBackend;
	#stopSync: (() => void) | null = null;
	/** The newest scoring asked for, and a promise that settles when it (or a newer one) has been shown. */
	#scoreToken = 0;
	#scoring: Promise<void> = Promise.resolve();
	#timer: ReturnType<typeof setTimeout> | null = null;
	#stopPersisting: (() => void) | null = null;
	#saving: Promise<void> = Promise.resolve();
	/** The scorecard as last read from or written to storage, to tell a real edit from a reload. */
	#storedJson = '';
	/** The draft last handed to storage (stored, or being stored): what an edit is compared with. */
	#queuedJson = '';
	/** The stored draft's revision this tab last read or wrote: it stores its draft only over that one. */
	#revision: string | undefined = undefined;

	#stopListening: (() => void) | null = null;
	#disposed = false;

	constructor(deps: WorkspaceDeps) {
		this.#deps = deps;
		this.#backend = (deps.history ?? inProcessBackend)();
		this.#stopListening =
			deps.tabs?.listen((change) => {
				if (change === 'workspace') this.changedElsewhere = true;
				else if (change === 'draft-left') void this.#takeLeftDraft();
				else void this.#heard();
			}) ?? null;
	}

	/** The stored imports with their values, in import order; none while the workspace is only the demo (an import replaces it). */
	storedImports(): readonly Dataset[] {
		return this.onlyDemo ? [] : this.#datasets;
	}

	/** Today as yyyy-mm-dd where the user is (not the UTC date, a day ahead in the Americas each evening). */
	today(): string {
		return this.#deps.today?.() ?? localDate(new Date());
	}

	/** The plan the draft makes: the saved versions, plus the draft as the newest when it differs; null while it has errors. */
	#plan(): ScoringPlan | null {
		const draft = this.draft;
		if (!draft || this.hasErrors) return null;
		const renames = this.#renames;
		const versions = this.versions.map((v) => ({ ...v, set: renameColumns(v.set, renames) }));
		if (this.unsaved || versions.length === 0) {
			const appliesFrom = this.draftFrom === undefined ? this.latestSnapshot || null : this.draftFrom;
			versions.push({ id: DRAFT_VERSION_ID, number: (versions.at(-1)?.number ?? 0) + 1, createdAt: new Date().toISOString(), note: 'Unsaved changes', appliesFrom, set: draft });
		}
		return { versions, overrides: this.overrides, today: this.today() };
	}

	/** Keeps the scoring worker's table and scores in step with the portfolio and the draft: the worker is the external system. */
	#sync(): () => void {
		return $effect.root(() => {
			$effect(() => {
				const dataset = this.dataset;
				if (dataset) void this.#sendTable(dataset);
			});
			$effect(() => {
				const layout = this.layout, plan = this.#plan();
				if (layout && plan) this.#requestScore(layout, plan);
			});
		});
	}

	async #sendTable(dataset: Dataset): Promise<void> {
		this.layout = null;
		this.history = null;
		this.#scored = null;
		const token = ++this.#scoreToken;
		const sent = this.#backend.setTable(dataset.table, dataset.meta.roles);
		this.#scoring = sent.then(
			() => {},
			() => {}
		);
		try {
			const layout = await sent;
			if (this.dataset === dataset) this.layout = layout;
		} catch (err) {
			if (token === this.#scoreToken) this.error = `Scoring failed: ${message(err)}`;
		}
	}

	#requestScore(layout: HistoryLayout, plan: ScoringPlan): void {
		const token = ++this.#scoreToken;
		const table = this.dataset!.table;
		// A new table's latest snapshot is shown as soon as it is scored (the Overview's figures after an import);
		// a re-scoring of a table already shown waits for the whole history, so pages never mix two scorings.
		const early = (view: Scored['view']) => {
			if (token === this.#scoreToken && this.layout === layout && this.history === null) this.#scored = { view };
		};
		this.#scoring = this.#backend.score(plan, early).then(
			(scored) => {
				if (!scored || this.layout !== layout) return;
				this.history = { table, layout, scores: scored.scores, versions: plan.versions, trend: scored.trend };
				if (this.#scored?.view !== scored.view) this.#scored = scored;
			},
			(err) => {
				if (token === this.#scoreToken) this.error = `Scoring failed: ${message(err)}`;
			}
		);
	}

	/** Resolves once the newest scoring asked for has been shown (tests; pages read the state). */
	async settled(): Promise<void> {
		for (;;) {
			const token = this.#scoreToken, pending = this.#scoring;
			await pending;
			await Promise.resolve();
			if (token === this.#scoreToken && pending === this.#scoring) return;
		}
	}

	/** The latest snapshot's customers whose band differs between two saved versions (a → b). */
	compareVersions(a: string, b: string): Promise<BandChange[]> {
		const va = this.versions.find((v) => v.id === a), vb = this.versions.find((v) => v.id === b);
		if (!va || !vb) return Promise.reject(new Error(`There is no version ${!va ? a : b}.`));
		return this.#backend.compare(renameColumns(va.set, this.#renames), renameColumns(vb.set, this.#renames), this.overrides, this.today());
	}

	/** Which scorecard scored row i of the current view (its name, and its segment when not the default), and whether an override applies. */
	scoredBy(i: number): { scorecard: string; segment: string | null; overridden: boolean } | null {
		const h = this.history;
		const row = h?.layout.viewRows[i];
		if (!h || row === undefined) return null;
		const scorer = h.scores.scorers[h.scores.scorerOf[row]];
		return scorer ? { scorecard: scorer.scorecardName, segment: scorer.segment, overridden: h.scores.overridden[row] === 1 } : null;
	}

	/** Sub-scores, overrides and contributions of these rows of history.table, as last scored. */
	explain(rows: number[]): Promise<RowExplanation[]> {
		return this.#backend.explain(rows);
	}

	/** True when the deployment has a preset: the first open and a reset start from it, not from the demo. */
	get hasPreset(): boolean {
		return this.#deps.preset !== undefined;
	}

	/** Opens the stored workspace; on first open (an empty database) creates the demo. */
	async init(): Promise<void> {
		this.status = 'loading';
		try {
			const store = this.#deps.store;
			await (this.#deps.oneTabAtATime ?? ((work) => work()))(async () => {
				if (!(await store.isEmpty())) return;
				const { dataset, scorecard } = (await this.#deps.preset?.()) ?? this.#deps.demo();
				try {
					// Only over no import at all: another tab may have written its first workspace meanwhile (opened below).
					await store.replaceWith(dataset, scorecard, {}, []);
				} catch (err) {
					if (!(err instanceof ChangedElsewhereError)) throw err;
				}
			});
			// An edit a closed page left (leaveEditsOnClose) is the draft now, unless another tab stored one since.
			await store.takeDraftLeftOnClose?.().catch(() => false);
			await this.#loadActive();
			this.status = 'ready';
			void this.#removeLeftovers();
			await store.requestPersistence();
			void this.refreshStorage();
		} catch (err) {
			this.error = message(err);
			this.status = 'failed';
		}
	}

	/**
	 * Removes the blocks of imports that were being read when their tab closed (they never became a dataset).
	 * A failure changes nothing stored and costs only disk space, so it is not shown.
	 */
	async #removeLeftovers(): Promise<void> {
		try {
			const inProgress = (await this.#deps.importsInProgress?.()) ?? new Set<string>();
			await this.#deps.store.removeOrphanBlocks(inProgress);
		} catch {
			// Tried again on the next open.
		}
	}

	async #loadActive(): Promise<void> {
		const store = this.#deps.store;
		// Read before the scorecard: a draft another tab stores meanwhile then makes this tab's next save a conflict.
		const revision = await store.draftRevision();
		const metas = await store.listDatasets();
		const startAgain = `“Start again from the ${this.hasPreset ? 'preset' : 'demo'}”`;
		if (metas.length === 0) throw new Error(`The workspace has no dataset. Restore a backup or use ${startAgain} below.`);
		const datasets: Dataset[] = [];
		for (const meta of metas) {
			const dataset = await store.loadDataset(meta.id);
			if (!dataset) throw new Error(`Dataset "${meta.name}" could not be read.`);
			datasets.push(dataset);
		}
		const portfolio = await runInSteps(assembleSteps(datasets));
		const scorecards = await store.listScorecards();
		const wantedCard = await store.getSetting<string>(ACTIVE_SCORECARD);
		const scorecard = scorecards.find((s) => s.id === wantedCard) ?? scorecards[0];
		if (!scorecard) throw new Error(`The workspace has no scorecard. Restore a backup or use ${startAgain} below.`);
		const saved = await this.#loadSaved(scorecard, revision);
		this.#show(datasets, portfolio, scorecard, saved);
	}

	/** The versions, overrides and draft of this scorecard's set; a workspace from before versions gets its version 1 now. */
	async #loadSaved(scorecard: Scorecard, revision: string | undefined): Promise<Saved> {
		const store = this.#deps.store;
		let versions = await store.listVersions(scorecard.id);
		if (versions.length === 0) {
			const first = firstVersion(own(scorecard));
			await store.addVersion(scorecard.id, first);
			versions = [first];
		}
		const draft = (await store.getSetting<StoredDraft>(DRAFT_KEY)) ?? { segments: versions.at(-1)!.set.segments, appliesFrom: null };
		return { versions, overrides: await store.listOverrides(), draft: { segments: draft.segments ?? [], appliesFrom: draft.appliesFrom ?? null }, revision };
	}

	/** Shows these imports as this portfolio; with a scorecard, shows it too (as stored) with its saved versions, else keeps the current one. */
	#show(datasets: Dataset[], portfolio: Portfolio, scorecard?: Scorecard, saved?: Saved): void {
		this.#datasets = datasets;
		this.imports = datasets.map((d) => d.meta);
		this.notices = portfolio.notices;
		this.outcomeJoins = portfolio.outcomeJoins ?? new Map();
		this.dataset = portfolio.dataset;
		this.#stopSync ??= this.#sync();
		if (scorecard) this.#showScorecard(scorecard, saved);
	}

	/** Shows this scorecard as the draft (as stored), with its saved versions and draft when given. */
	#showScorecard(scorecard: Scorecard, saved?: Saved): void {
		this.#stopPersisting?.();
		this.scorecard = own(scorecard);
		if (saved) {
			this.versions = saved.versions;
			this.overrides = saved.overrides;
			this.segments = saved.draft.segments;
			this.draftFrom = saved.draft.appliesFrom ?? undefined;
			this.#revision = saved.revision;
		}
		this.editing = Math.min(this.editing, this.segments.length);
		this.#storedJson = this.#queuedJson = JSON.stringify(this.#draftRecord());
		this.saveState = 'saved';
		this.saveError = null;
		this.draftConflict = false;
		this.#stopPersisting = this.#persistEdits();
	}

	/** What is written for the draft: the default scorecard (scorecards store) and the rest (a setting). */
	#draftRecord(): DraftRecord | null {
		if (!this.scorecard) return null;
		return {
			scorecard: $state.snapshot(this.scorecard) as Scorecard,
			draft: { segments: $state.snapshot(this.segments) as SegmentScorecard[], appliesFrom: this.draftFrom ?? null }
		};
	}

	/** Writes every edit of the draft to storage, debounced. IndexedDB is the external system this effect syncs. */
	#persistEdits(): () => void {
		return $effect.root(() => {
			$effect(() => {
				const record = this.#draftRecord();
				if (!record) return;
				if (JSON.stringify(record) === this.#queuedJson) {
					// Back to what is stored (an edit undone, an Apply refused) before the delay: the waiting save
					// would store the draft in between, so it is dropped.
					if (this.#timer) clearTimeout(this.#timer);
					this.#timer = null;
					if (this.saveState === 'pending') this.saveState = this.#queuedJson === this.#storedJson ? 'saved' : 'saving';
					return;
				}
				this.saveState = 'pending';
				if (this.#timer) clearTimeout(this.#timer);
				this.#timer = setTimeout(() => void this.#save(record), this.#deps.saveDelay ?? 250);
			});
		});
	}

	async #save(record: DraftRecord): Promise<void> {
		if (!this.dataset) return;
		this.#timer = null;
		this.saveState = 'saving';
		const json = JSON.stringify(record);
		this.#queuedJson = json;
		this.#saving = this.#saving.then(async () => {
			try {
				this.#revision = await this.#deps.store.saveDraft(record, this.#revision);
				this.#deps.tabs?.post('scorecard');
				this.#storedJson = json;
				if (!this.#timer && this.#queuedJson === json) this.saveState = 'saved';
				this.saveError = null;
				this.draftConflict = false;
			} catch (err) {
				// Not stored: the next edit, or flush, tries again from what storage holds.
				if (this.#queuedJson === json) this.#queuedJson = this.#storedJson;
				this.saveState = 'failed';
				this.saveError = message(err);
				this.draftConflict = err instanceof DraftChangedElsewhereError;
			}
		});
		await this.#saving;
	}

	/** Resolves once every edit so far is stored (tests, and before replacing the workspace). */
	async flush(): Promise<void> {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		const record = this.#draftRecord();
		if (record && JSON.stringify(record) !== this.#queuedJson) await this.#save(record);
		await this.#saving;
	}

	/**
	 * The page is being closed: an edit not stored yet (waiting for its debounce, or being saved) is left in storage
	 * in one write begun now, the only kind that lands once the page is gone, and the next open makes it the draft
	 * unless another tab stored one since (store.ts takeDraftLeftOnClose). The usual save is begun too.
	 */
	leaveEditsOnClose(): void {
		const record = this.#draftRecord();
		if (this.status !== 'ready' || !record || this.draftConflict || JSON.stringify(record) === this.#storedJson) return;
		this.#deps.store.leaveDraftOnClose?.(record, this.#revision);
		this.#deps.tabs?.post('draft-left');
		void this.flush();
	}

	/**
	 * Another tab closed with an edit not yet saved and left it in storage: it becomes the draft now, unless a draft
	 * was stored since (store.ts takeDraftLeftOnClose), and every tab shows it. This tab's own unsaved edit is
	 * then not stored over it unseen: its save finds the new draft and asks, as with any other tab's.
	 */
	async #takeLeftDraft(): Promise<void> {
		const store = this.#deps.store;
		if (!store.takeDraftLeftOnClose) return;
		for (const wait of LEFT_DRAFT_WAITS) {
			if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
			if (this.#disposed || this.status !== 'ready') return;
			let taken: boolean;
			try {
				taken = await store.takeDraftLeftOnClose();
			} catch {
				return; // Still in storage: the next open takes it.
			}
			if (taken) {
				this.#deps.tabs?.post('scorecard');
				await this.#heard();
				return;
			}
		}
	}

	/**
	 * Throws the whole workspace away (remembered column mappings excepted) and starts again from the demo (the
	 * deployment's preset when it has one), also from a workspace that could not be opened. On failure nothing changes.
	 */
	async resetDemo(): Promise<void> {
		this.busy = this.hasPreset ? 'Starting again from your team’s preset…' : 'Resetting the demo…';
		this.error = null;
		try {
			// A deployment's preset is where its users start, and so where they start again.
			const { dataset, scorecard } = (await this.#deps.preset?.()) ?? this.#deps.demo();
			await this.replaceWith(dataset, scorecard);
		} catch (err) {
			if (!(err instanceof StoredNotOpenedError)) this.error = `Reset failed; your workspace is unchanged. ${message(err)}`;
		} finally {
			this.busy = null;
		}
	}

	/**
	 * Opens what a write just stored: a workspace that could not be opened before (status 'failed') is then open;
	 * when it cannot be opened, the app says why (see StoredNotOpenedError).
	 */
	async #openWritten(): Promise<void> {
		try {
			await this.#loadActive();
			this.failedAfterWrite = false;
			this.changedElsewhere = false; // all read again
			this.status = 'ready';
		} catch (err) {
			this.error = `The new workspace was stored, but it could not be opened: ${message(err)}`;
			this.failedAfterWrite = true;
			this.status = 'failed';
			throw new StoredNotOpenedError(message(err));
		}
	}

	/**
	 * Makes this dataset and scorecard the whole workspace, in one storage transaction, then shows them.
	 * Throws when storing fails; the stored workspace and what is shown are then unchanged. Throws
	 * StoredNotOpenedError when they were stored but cannot be opened.
	 */
	async replaceWith(dataset: Dataset, scorecard: Scorecard): Promise<void> {
		await this.#exclusive(async () => {
			await this.flush();
			await this.#deps.store.replaceWith(dataset, scorecard);
			this.#deps.tabs?.post('workspace');
			await this.#openWritten();
		});
		void this.refreshStorage();
	}

	/**
	 * Lets `write` replace what is stored (a backup's restore, one transaction), after every earlier change and
	 * pending edit, then shows what is stored. Throws when `write` fails; what is stored and shown is then unchanged.
	 * Throws StoredNotOpenedError when `write` stored a workspace that cannot be opened.
	 */
	async replaceStored(write: () => Promise<void>): Promise<void> {
		await this.#exclusive(async () => {
			await this.flush();
			await write();
			this.#deps.tabs?.post('workspace');
			await this.#openWritten();
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
	async addImport(dataset: Dataset, scorecardIfNew: Scorecard | null, options: SaveOptions = {}): Promise<void> {
		await this.#exclusive(async () => {
			await this.flush();
			if (this.onlyDemo) {
				if (!scorecardIfNew || !hasSnapshotRows(dataset.meta)) {
					throw new Error(`${dataset.meta.name} holds outcomes only, which join the customers of your snapshot files by ID: import a file with metrics first.`);
				}
				const portfolio = assemblePortfolio([dataset]);
				// Only the demo this tab shows is replaced: another tab's imports since are never wiped from here.
				await this.#deps.store.replaceWith(dataset, scorecardIfNew, options, this.#datasets.map((d) => d.meta.id));
				this.#deps.tabs?.post('workspace');
				const revision = await this.#deps.store.draftRevision();
				this.#show([dataset], portfolio, scorecardIfNew, await this.#loadSaved(scorecardIfNew, revision));
				this.error = null;
				return;
			}
			const datasets = [...this.#datasets, dataset].sort((a, b) => compareImports(a.meta, b.meta));
			const portfolio = await runInSteps(assembleSteps(datasets));
			const moved = this.#followed(portfolio);
			// Alerts fired on the rows this file replaces go with them, and their snapshots are evaluated again; so are
			// those of each customer's next snapshot after a row of this file (one it replaces, or one of a snapshot
			// between two others), which compared with another row.
			const following = rowsFollowing(rowsAdded(dataset, this.#datasets), portfolio.dataset);
			const revision = await this.#deps.store.addDataset(dataset, moved, options, rowsReplaced(dataset, this.#datasets), following);
			this.#deps.tabs?.post('workspace');
			this.#show(datasets, portfolio, moved);
			if (moved) this.#revision = revision;
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
				const portfolio = await runInSteps(assembleSteps(rest));
				const moved = this.#followed(portfolio);
				// Alerts fired on the rows that leave go with them, in the same transaction; those of each customer's next
				// snapshot, which compared with them, are checked again against the row now before it.
				const deleted = this.#datasets.find((d) => d.meta.id === id)!;
				const gone = rowsLeaving(deleted, rest);
				const revision = await this.#deps.store.deleteDataset(id, moved, gone, rowsFollowing(gone, portfolio.dataset, deleted));
				this.#deps.tabs?.post('workspace');
				this.#show(rest, portfolio, moved);
				if (moved) this.#revision = revision;
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

	/**
	 * Saves the draft as a new version with this note, in force from `appliesFrom` (a snapshot date; null = all
	 * history; by default the draft's own choice, else the latest snapshot). Throws, changing nothing, when the
	 * note is empty, the draft has errors, storing fails, or another tab saved a version since this one read them.
	 */
	async saveVersion(note: string, appliesFrom?: string | null): Promise<ScorecardVersion> {
		let saved: ScorecardVersion | undefined;
		await this.#exclusive(async () => {
			const draft = this.draft;
			if (!draft || !this.scorecard) throw new Error('There is no scorecard to save.');
			const version = this.#newVersion(draft, note, appliesFrom);
			if (this.hasErrors) throw new Error('The scorecard has errors: fix them before saving a version.');
			await this.flush();
			if (this.draftConflict) throw changedElsewhere('no version was saved');
			await this.#deps.store.addVersion(this.scorecard.id, version);
			this.#deps.tabs?.post('scorecard');
			this.versions = [...this.versions, version];
			this.draftFrom = undefined;
			saved = version;
		});
		return saved!;
	}

	/**
	 * Makes this scorecard the default (keeping the workspace's scorecard id, so its history stays one line of
	 * versions) and saves a version with the note. `segments` replaces the segment scorecards when given.
	 * What the Learn page's suggestions and an imported scorecard file go through. The version and the draft it
	 * leaves are stored together, with what `alsoWrite` writes (in the same storage transaction); until they are,
	 * nothing shown changes. Throws as saveVersion, changing nothing; when another tab saved a version meanwhile,
	 * with a VersionSavedElsewhereError saying which is current.
	 */
	/**
	 * True when applying `scorecard` (with `segments`, else the draft's) would leave the draft as it is: an import of
	 * it has nothing to change, and saves no version.
	 */
	isDraft(scorecard: Scorecard, segments?: readonly SegmentScorecard[]): boolean {
		const draft = this.draft;
		return !!draft && sameSet({ default: scorecard, segments: segments ? [...segments] : draft.segments }, draft);
	}

	async applyScorecard(scorecard: Scorecard, note: string, segments?: SegmentScorecard[], alsoWrite?: (version: ScorecardVersion) => Promise<unknown>): Promise<ScorecardVersion> {
		let saved: ScorecardVersion | undefined;
		await this.#exclusive(async () => {
			if (!this.scorecard) throw new Error('There is no workspace scorecard to apply it to.');
			const set: ScorecardSet = {
				default: { ...own(JSON.parse(JSON.stringify(scorecard))), id: this.scorecard.id },
				segments: JSON.parse(JSON.stringify(segments ?? $state.snapshot(this.segments)))
			};
			const version = this.#newVersion(set, note);
			if (hasErrors(problemsOf(set, this.dataset?.table))) throw new Error('The scorecard has errors: fix them before saving a version.');
			// Pending edits are written first, so that none lands after the version's draft and replaces it.
			await this.flush();
			if (this.draftConflict) throw changedElsewhere('nothing was changed here');
			let revision: string | undefined;
			try {
				revision = await this.#deps.store.addVersion(this.scorecard.id, version, { scorecard: set.default, draft: { segments: set.segments, appliesFrom: null } }, this.#revision, alsoWrite && (() => alsoWrite(version)));
			} catch (err) {
				if (err instanceof DraftChangedElsewhereError) {
					this.saveState = 'failed';
					this.saveError = err.message;
					this.draftConflict = true;
					throw changedElsewhere('nothing was changed here');
				}
				throw err instanceof VersionSavedElsewhereError ? savedElsewhere(err.current, version.set) : err;
			}
			this.#revision = revision;
			this.#deps.tabs?.post('scorecard');
			this.scorecard = JSON.parse(JSON.stringify(set.default));
			this.segments = JSON.parse(JSON.stringify(set.segments));
			this.editing = Math.min(this.editing, this.segments.length);
			this.versions = [...this.versions, version];
			this.draftFrom = undefined;
			// What was just stored with the version: the persisting effect has nothing to write.
			if (this.#timer) clearTimeout(this.#timer);
			this.#timer = null;
			this.#storedJson = this.#queuedJson = JSON.stringify(this.#draftRecord());
			this.saveState = 'saved';
			this.saveError = null;
			saved = version;
		});
		return saved!;
	}

	/** The version `set` would be saved as: the next number, this note, in force from `appliesFrom` (see saveVersion). */
	#newVersion(set: ScorecardSet, note: string, appliesFrom?: string | null): ScorecardVersion {
		if (note.trim() === '') throw new Error('A version needs a note saying what changed and why.');
		const from = appliesFrom !== undefined ? appliesFrom : this.draftFrom !== undefined ? this.draftFrom : this.latestSnapshot || null;
		const number = (this.versions.at(-1)?.number ?? 0) + 1;
		return { id: newId('v'), number, createdAt: new Date().toISOString(), note: note.trim(), appliesFrom: from, set: JSON.parse(JSON.stringify(set)) };
	}

	/** Puts a saved version's scorecards back in the draft and saves that as a new version (a revert is a version too). */
	async revertTo(versionId: string, note?: string): Promise<void> {
		const version = this.versions.find((v) => v.id === versionId);
		if (!version) throw new Error(`There is no version ${versionId}.`);
		const set: ScorecardSet = JSON.parse(JSON.stringify(version.set));
		await this.applyScorecard(set.default, note?.trim() || `Revert to version ${version.number}`, set.segments);
	}

	/**
	 * Resolves a draft conflict the other tab's way: shows the draft, versions and overrides as stored, and this
	 * tab's edits since its last save are dropped. Throws when they cannot be read; nothing changes then.
	 */
	loadStoredDraft(): Promise<void> {
		return this.#reload(false);
	}

	/** Another tab stored its draft or a version: a tab with nothing unsaved shows them at once (a reload would). */
	async #heard(): Promise<void> {
		try {
			await this.#reload(true);
		} catch {
			// Not shown: this tab's next save finds the other's draft and asks.
		}
	}

	/** Shows the stored draft, versions and overrides; with `onlyIfIdle`, only while this tab has nothing unsaved. */
	async #reload(onlyIfIdle: boolean): Promise<void> {
		const idle = () => this.status === 'ready' && !this.#timer && this.saveState === 'saved' && JSON.stringify(this.#draftRecord()) === this.#storedJson;
		if (onlyIfIdle && !idle()) return;
		await this.#exclusive(async () => {
			if (onlyIfIdle && !idle()) return;
			if (this.#timer) clearTimeout(this.#timer);
			this.#timer = null;
			await this.#saving;
			const store = this.#deps.store;
			const revision = await store.draftRevision();
			const id = this.scorecard?.id;
			const scorecard = (await store.listScorecards()).find((s) => s.id === id);
			if (!scorecard) throw new Error('The scorecard is no longer stored: reload this page.');
			const saved = await this.#loadSaved(scorecard, revision);
			// An edit made while storage was read is kept: the next save then finds the other tab's draft and asks.
			if (onlyIfIdle && !idle()) return;
			this.#showScorecard(scorecard, saved);
		});
	}

	/**
	 * Resolves a draft conflict this tab's way: stores its draft over the one another tab stored. On failure
	 * saveState says why and nothing is stored.
	 */
	async keepThisDraft(): Promise<void> {
		await this.#exclusive(async () => {
			await this.#saving;
			const record = this.#draftRecord();
			if (!record) return;
			this.#revision = await this.#deps.store.draftRevision();
			if (this.#timer) clearTimeout(this.#timer);
			await this.#save(record);
		});
	}

	/** Throws the draft's unsaved changes away: the draft becomes the newest saved version again. */
	discardDraft(): void {
		const last = this.versions.at(-1);
		if (!last || !this.scorecard) return;
		const set: ScorecardSet = JSON.parse(JSON.stringify(last.set));
		this.scorecard = { ...set.default, id: this.scorecard.id };
		this.segments = set.segments;
		this.draftFrom = undefined;
		this.editing = Math.min(this.editing, this.segments.length);
	}

	/** Adds a segment scorecard to the draft, a copy of the default, and shows it in the editor. */
	addSegmentScorecard(segment: string): void {
		const value = segment.trim();
		if (!this.scorecard) throw new Error('There is no default scorecard to copy.');
		if (value === '') throw new Error('Choose the segment this scorecard is for.');
		if (this.segments.some((s) => s.segment === value)) throw new Error(`Segment “${value}” has a scorecard already.`);
		const copy: Scorecard = JSON.parse(JSON.stringify($state.snapshot(this.scorecard)));
		const taken = new Set([this.scorecard.id, ...this.segments.map((s) => s.scorecard.id)]);
		let id = `${this.scorecard.id}-${slug(value)}`;
		for (let k = 2; taken.has(id); k++) id = `${this.scorecard.id}-${slug(value)}-${k}`;
		this.segments.push({ segment: value, scorecard: { ...copy, id, name: `${value} scorecard` } });
		this.editing = this.segments.length;
	}

	/** Deletes the draft's segment scorecard k (1-based, as in `editing`); its customers go back to the default. */
	deleteSegmentScorecard(k: number): void {
		if (!(k >= 1 && k <= this.segments.length)) throw new Error(`There is no segment scorecard ${k}.`);
		this.segments.splice(k - 1, 1);
		if (this.editing >= k) this.editing = Math.max(0, this.editing - 1);
	}

	/**
	 * Stores an override of one customer's sub-score for one metric (a new one, or an edit of `id`). It applies
	 * from the latest snapshot (an edit keeps its start) to its expiry. Throws, storing nothing, on a problem.
	 */
	async saveOverride(input: { id?: string; customerId: string; metricId: string; subScore: number; comment: string; expires: string }): Promise<Override> {
		const existing = input.id ? this.overrides.find((o) => o.id === input.id) : undefined;
		if (input.id && !existing) throw new Error(`There is no override ${input.id}.`);
		const from = existing?.from ?? (this.latestSnapshot || this.today());
		const override: Override = { id: existing?.id ?? newId('o'), customerId: input.customerId, metricId: input.metricId, subScore: input.subScore, comment: input.comment.trim(), from, expires: input.expires, createdAt: new Date().toISOString() };
		const problems = overrideProblems(override);
		if (problems.length) throw new Error(`The override was not saved: ${problems.join('; ')}.`);
		await this.#deps.store.putOverride(override);
		this.#deps.tabs?.post('scorecard');
		this.overrides = [...this.overrides.filter((o) => o.id !== override.id), override];
		return override;
	}

	/** Deletes an override; the customer's scores are worked out again without it. */
	async removeOverride(id: string): Promise<void> {
		if (!(await this.#deps.store.deleteOverride(id))) throw new Error(`There is no override ${id}.`);
		this.#deps.tabs?.post('scorecard');
		this.overrides = this.overrides.filter((o) => o.id !== id);
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
		this.#disposed = true;
		this.#stopListening?.();
		this.#stopPersisting?.();
		this.#stopSync?.();
		this.#backend.dispose();
		if (this.#timer) clearTimeout(this.#timer);
	}
}

/** Problems of every scorecard of a set ([index in scorecardsOf(set)] → problems), plus the set's own. */
interface SetProblems {
	cards: ScorecardProblem[][];
	set: string[];
}

function problemsOf(set: ScorecardSet | null, table: Table | undefined): SetProblems {
	// Only the columns' names and kinds are checked: the whole table has the same as the view.
	if (!set || !table) return { cards: [], set: [] };
	return { cards: scorecardsOf(set).map((card) => checkScorecard(card, table)), set: segmentProblems(set) };
}

function hasErrors(problems: SetProblems): boolean {
	return problems.set.length > 0 || problems.cards.some((ps) => ps.some((p) => p.severity === 'error'));
}

/** Why a version was not saved or applied while the draft conflicts with another tab's (`outcome`: what did not happen). */
function changedElsewhere(outcome: string): DraftChangedElsewhereError {
	return new DraftChangedElsewhereError(
		`The scorecard was changed in another tab since this tab last saved it, so ${outcome}: choose in the notice at the bottom of the page whose changes to keep, then try again.`
	);
}

/** Why a scorecard was not applied: another tab saved `current` meanwhile, the very set (the same suggestion) or another. */
function savedElsewhere(current: ScorecardVersion, set: ScorecardSet): VersionSavedElsewhereError {
	const named = `version ${current.number} (“${current.note}”)`;
	const same = JSON.stringify(current.set) === JSON.stringify(set);
	return new VersionSavedElsewhereError(
		current,
		same
			? `Another tab saved this already: scorecard ${named} is now current and has it. Nothing was saved here; reload this page to see it.`
			: `The scorecard was changed in another tab: ${named} is now current, so nothing was saved here. Reload this page to see it, then try again if you still want to.`
	);
}

/** Only the scorecard's own fields: a stored record also carries dataset id and save time. */
function own({ id, name, metrics, bands }: Scorecard): Scorecard {
	return { id, name, metrics, bands };
}

function slug(text: string): string {
	return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'segment';
}

function message(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}
