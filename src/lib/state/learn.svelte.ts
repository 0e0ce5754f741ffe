/**
 * The Learn session: the run whose results the page shows (the one just trained, or a stored one opened), read
 * against the scorecard, with the blend slider's live validation. Training (learn-trainer), Apply and Add
 * (learn-apply) and the stored runs (learn-runs) are its parts. Nothing reaches the workspace unless the user
 * applies something.
 */
import type { Dataset, DatasetMeta } from '../core/dataset';
import { nextTie } from '../core/run-names';
import type { Scorecard } from '../core/scorecard';
import type { Table } from '../core/table';
import type { Driver } from '../ml/drivers';
import { blend, heldAtZero, type SuggestedWeight } from '../ml/suggest';
import type { TrainingSet } from '../ml/training';
import type { LearnProgress, LearnResult, LearnSettings } from '../workers/learn-protocol';
import { atTarget, BLEND_STEP_PCT, type ScoreEvaluation } from '../workers/learn-validate';
import type { Later } from '../unfold.svelte';
import type { AppliedCutoff, AppliedWeights, TrainingRunInput, TrainingRunRecord } from '../db';
import { LearnApplier, type Applied, type ApplyMessage } from './learn-apply.svelte';
import { evaluateBlend, scorecardWeights, workspaceChanges, type RunResults, type ScorecardWeights, type TrainingSummary } from './learn-results';
import { PastRuns, type RunStore } from './learn-runs.svelte';
import { NO_STORED_RESULTS, readResults, storedRun } from './learn-stored';
import { LearnTrainer, type LearnPhase, type LearnWorker, type Trained } from './learn-trainer.svelte';

export type { Applied, ApplyMessage, ApplyPlace } from './learn-apply.svelte';
export type { ScorecardWeights, TrainingSummary } from './learn-results';
export type { RunStore } from './learn-runs.svelte';
export { NO_STORED_RESULTS } from './learn-stored';
export type { LearnPhase, LearnWorker } from './learn-trainer.svelte';

/** What the session needs from outside. */
export interface LearnDeps {
	worker: () => LearnWorker;
	/** The workspace as it is now. */
	dataset: () => Dataset | null;
	scorecard: () => Scorecard | null;
	imports: () => DatasetMeta[];
	/** The table new metrics take their defaults from (the current snapshot). */
	currentTable: () => Table | null;
	/**
	 * Saves the scorecard as a new version (the old one kept) and shows it; returns the version's number; throws,
	 * changing nothing, on failure. `alsoWrite` (the run's note of it) is written in the same transaction.
	 */
	applyScorecard: (scorecard: Scorecard, note: string, alsoWrite?: (version: number) => Promise<unknown>) => Promise<number>;
	runs: RunStore;
	now?: () => Date;
	/** Runs a step of preparing a run's data later (afterNextFrame in the app); at once when not given. */
	later?: Later;
}

export class LearnSession {
	/** What happened to a run (cancelled, not stored) or to the past runs, shown by Train. */
	message = $state<string | null>(null);
	/** What the worker returned for the run trained in this session; null while a stored run is shown. */
	result = $state.raw<LearnResult | null>(null);
	/** The run whose results are shown: the one just trained, or a stored one the user opened (or the newest, after a reload). */
	shownRun = $state.raw<TrainingRunInput | null>(null);
	/** Its results; null when it has none to show (see shownProblem). */
	shown = $state.raw<RunResults | null>(null);
	/** Why the shown run's results cannot be shown. */
	shownProblem = $state<string | null>(null);

	/** The training set of the run trained in this session: what the blend slider recomputes from. Stored runs have none. */
	#set = $state.raw<TrainingSet | null>(null);
	/** The blend slider: 0 = the manual weights, 1 = the learned ones. */
	#blendT = $state(1);
	/** The evaluation at each step of the slider between 0 and 100 % (key: %), made by the worker after the run, as they came. */
	#steps = $state.raw<ReadonlyMap<number, ScoreEvaluation>>(new Map());
	#deps: LearnDeps;
	#trainer: LearnTrainer;
	#past: PastRuns;
	#apply: LearnApplier;
	/** The run just trained while it is stored and listed: it will be the newest (the line naming it says so already). */
	#storing = $state<string | null>(null);
	/** The runs trained here that are still to be stored, by id: settles once each is stored (or could not be). */
	#stores = new Map<string, Promise<void>>();
	/** The newest stored run is shown once, when the page first lists the runs (a reload, a new tab). */
	#openedNewest = false;

	/** The blend slider works: the shown run's customers are in memory. */
	blendable: boolean = $derived(this.#set !== null && this.result !== null);
	training: TrainingSummary | null = $derived(this.shown?.training ?? null);
	/** The settings the shown result was trained with (the form's may have changed since, or in a cancelled run). */
	trainedWith: LearnSettings | null = $derived(this.shown?.settings ?? null);
	weights: SuggestedWeight[] = $derived(this.shown?.weights ?? []);
	/** The metrics whose weight the ≥ 0 constraint holds at 0 (ml/suggest heldAtZero): their p-value would say nothing. */
	heldAtZero: SuggestedWeight[] = $derived(this.weights.filter(heldAtZero));
	drivers: Driver[] = $derived(this.shown?.drivers ?? []);
	/** The share of churners the cut-off should flag: the form's for a run trained here, the stored run's own otherwise. */
	targetRecall: number = $derived(this.blendable || !this.shown ? this.settings.targetRecall : this.shown.settings.targetRecall);
	/** The weights at the blend (%, scorecard order). */
	blended: number[] = $derived.by(() => {
		if (!this.weights.length) return [];
		return blend(this.weights.map((w) => w.manual), this.weights.map((w) => w.suggested), this.blendT);
	});
	/** Out-of-fold validation of the manual score, at the run's target. */
	#manualRun = $derived.by(() => orNull(this.#evaluate(0)));
	/** Out-of-fold validation of the manual score. */
	manualEval: ScoreEvaluation | null = $derived.by(() => this.#atTarget(this.#manualRun));
	/** The evaluation at the slider's blend (at the run's target), or 'pending' while the worker makes it. */
	#atSlider = $derived.by(() => this.#evaluate(this.blendT));
	/**
	 * The blend whose validation and cut-off are shown: the slider's; while the worker makes that step, the
	 * nearest one it has made (0 and 100 % it always has), so that the figures shown always say whose they are.
	 */
	shownBlendT: number = $derived.by(() => (this.#atSlider === 'pending' ? nearestStep(this.blendT, this.#steps) : this.blendT));
	/** The slider's step is being evaluated in the worker: the figures shown are those at shownBlendT meanwhile. */
	blendPending: boolean = $derived(this.#atSlider === 'pending');
	/** Out-of-fold validation of the blended score at shownBlendT. */
	blendEval: ScoreEvaluation | null = $derived.by(() => this.#atTarget(orNull(this.#atSlider === 'pending' ? this.#evaluate(this.shownBlendT) : this.#atSlider)));
	/** Which weights the scorecard scores with now: the cut-off suggested at the blend shown fits only that blend's. */
	scorecardWeights: ScorecardWeights | null = $derived.by(() => {
		const at = this.shownBlendT === this.blendT ? this.blended : blend(this.weights.map((w) => w.manual), this.weights.map((w) => w.suggested), this.shownBlendT);
		return scorecardWeights(this.#deps.scorecard(), this.weights, at);
	});
	/** What differs in the workspace from the one the shown run was trained on, in words (empty: nothing). */
	changes: string[] = $derived.by(() => {
		if (!this.shown || !this.shownRun) return [];
		const now = this.#deps.scorecard();
		// Weights this run suggested and the scorecard now has are no change to warn of: compared as the trained
		// scorecard with them ("8 metrics changed … train again" right after Apply read as if Apply had gone wrong).
		const applied = this.appliedWeightsVersion !== null && now ? withWeightsOf(this.shown.scorecard, now) : this.shown.scorecard;
		return workspaceChanges(this.shownRun, applied, { imports: this.#deps.imports(), scorecard: now });
	});
	/** The version that saved the shown run's suggested weights (at the blend shown), while the scorecard has them; else null. */
	appliedWeightsVersion: number | null = $derived.by(() => {
		const applied = this.#apply?.weights;
		return applied && !applied.again ? applied.version : null;
	});

	constructor(deps: LearnDeps) {
		this.#deps = deps;
		const say = (text: string) => void (this.message = text);
		this.#trainer = new LearnTrainer(deps, {
			showing: () => this.shown !== null,
			reset: () => {
				this.message = null;
				this.#apply.message = null;
			},
			say,
			trained: (run) => this.#trained(run),
			blendStep: (pct, evaluation) => void (this.#steps = new Map(this.#steps).set(pct, evaluation))
		});
		this.#past = new PastRuns(deps.runs, say);
		this.#apply = new LearnApplier(deps, this, {
			ready: (run) => this.#stores.get(run.id) ?? Promise.resolve(),
			store: (run, applied) => deps.runs.recordApplied(run.id, applied),
			shown: (run, applied) => this.#noteApplied(run, applied)
		});
	}

	/** 0 = the manual weights, 1 = the learned ones. Moving it asks the worker for that step next, while it makes them. */
	get blendT(): number { return this.#blendT; }
	set blendT(t: number) {
		this.#blendT = t;
		this.#trainer.followSlider(Math.round(t * 100));
	}
	get settings(): LearnSettings { return this.#trainer.settings; }
	get phase(): LearnPhase { return this.#trainer.phase; }
	get progress(): LearnProgress | null { return this.#trainer.progress; }
	/** Why the run failed or was refused, in words for the user. */
	get error(): string | null { return this.#trainer.error; }
	/** The setting the error is about, when it is about one. */
	get errorField(): keyof LearnSettings | null { return this.#trainer.errorField; }
	get runs(): TrainingRunRecord[] { return this.#past.list; }
	/** The id of the run just trained while it is being stored and listed (first: it is the newest); null otherwise. */
	get storing(): string | null { return this.#storing; }
	/** An Apply or Add is being saved: its buttons wait, so a second click cannot save a second version. */
	get applying(): boolean { return this.#apply.applying; }
	/** What the last Apply / Add did, or why it did nothing, shown next to its button. */
	get applyMessage(): ApplyMessage | null { return this.#apply.message; }
	/** The version the shown run's weights at this blend were saved as, and whether the scorecard still has them; null when they were not. */
	get weightsApplied(): Applied | null { return this.#apply.weights; }
	/** The version the shown run's suggested cut-off was saved as, and whether the scorecard still has it; null when it was not. */
	get cutoffApplied(): Applied | null { return this.#apply.cutoff; }

	start(): void { this.#trainer.start(); }
	cancel(): void { this.#trainer.cancel(); }
	applyWeights(): Promise<void> { return this.#apply.applyWeights(); }
	applyCutoff(): Promise<void> { return this.#apply.applyCutoff(); }
	addAsMetric(driver: Driver): Promise<void> { return this.#apply.addAsMetric(driver); }
	/** The scorecard now scores the column: a driver the run found missing may have been added since. */
	scorecardScores(column: string): boolean { return this.#apply.scores(column); }
	/** The columns the scorecard scores now, read once for the drivers table (not a copy of the scorecard per row). */
	scoredColumns: ReadonlySet<string> = $derived.by(() => new Set(this.#deps.scorecard()?.metrics.map((m) => m.column) ?? []));

	/**
	 * The shown run's evaluation at blend t, at the run's own target: stored at 0 and 1, the worker's in between;
	 * 'pending' while the worker is still to send that step. Made here only when the worker cannot send it (it
	 * failed, or a new run stopped it): at 100,000 customers that holds the page ~1 s. Another target share reads
	 * it again (#atTarget), never evaluating anything anew.
	 */
	#evaluate(t: number): ScoreEvaluation | null | 'pending' {
		const shown = this.shown;
		if (!shown) return null;
		if (t === 0 || t === 1) return t === 0 ? shown.manual : shown.learned;
		const set = this.#set, result = this.result;
		if (!set || !result) return null;
		const pct = Math.round(t * 100);
		if (t === pct / 100 && pct % BLEND_STEP_PCT === 0) {
			const step = this.#steps.get(pct);
			if (step) return step;
			if (this.#trainer.stepsComing) return 'pending';
		}
		return evaluateBlend(set, result, shown.scorecard, t, shown.settings.targetRecall);
	}

	/** An evaluation at the run's target read for the target shown: only its suggested cut-off differs (a lookup in its cut-off table). */
	#atTarget(evaluation: ScoreEvaluation | null): ScoreEvaluation | null {
		return evaluation && atTarget(evaluation, this.targetRecall);
	}

	/** A run finished: shown at once, then stored and listed. */
	#trained({ set, result, shown, serial, imports }: Trained): void {
		const now = this.#deps.now?.() ?? new Date();
		const createdAt = now.toISOString();
		// Its name is given now, among the runs listed, and never changes (core/run-names.ts).
		const run = storedRun({ id: `run-${now.getTime()}-${serial}`, createdAt, tie: nextTie(createdAt, this.runs), imports }, shown, result);
		this.#set = set;
		this.#steps = new Map();
		this.result = result;
		this.#show(run, shown);
		this.#storing = run.id;
		let stored = () => {};
		this.#stores.set(run.id, new Promise<void>((resolve) => (stored = resolve)));
		// Stored in a task of its own (IndexedDB copies the run on this thread): the results arriving are drawn first.
		// An Apply meanwhile waits for it (the note of its version goes on the stored run).
		const store = () =>
			void this.#store(run).finally(() => {
				this.#stores.delete(run.id);
				stored();
			});
		if (this.#deps.later) this.#deps.later(store);
		else store();
	}

	async #store(run: TrainingRunInput): Promise<void> {
		try {
			if (await this.#past.save(run)) await this.loadRuns();
		} finally {
			if (this.#storing === run.id) this.#storing = null;
		}
	}

	#show(run: TrainingRunInput | null, shown: RunResults | null, problem: string | null = null): void {
		this.shownRun = run;
		this.shown = shown;
		this.shownProblem = problem;
		this.blendT = 1;
		this.#apply.message = null;
	}

	/**
	 * Shows a stored run's results as they were when it finished (blend 100 %), whatever the workspace is now.
	 * Its weights can be applied; the slider cannot blend them, as the run keeps no customer's data.
	 */
	open(run: TrainingRunRecord): void {
		if (this.phase === 'running') return;
		let shown: RunResults | null = null, problem: string | null = null;
		try {
			shown = readResults(run);
			if (!shown) problem = NO_STORED_RESULTS;
		} catch (err) {
			problem = `This run’s results cannot be shown: ${err instanceof Error ? err.message : String(err)}`;
		}
		this.#set = null;
		this.#steps = new Map();
		this.result = null;
		this.#show(run, shown, problem);
	}

	/** Reads the stored runs; the first time, with nothing shown, shows the newest (the page was reloaded). */
	async loadRuns(): Promise<void> {
		if (!(await this.#past.load()) || this.#openedNewest) return;
		this.#openedNewest = true;
		if (!this.shownRun && this.runs.length) this.open(this.runs[0]);
	}

	/** Deletes a stored run; deleting the one shown takes its results off the page. */
	async deleteRun(id: string): Promise<void> {
		if ((await this.#past.delete(id)) && this.shownRun?.id === id) {
			this.#set = null;
			this.result = null;
			this.#show(null, null);
			if (this.#trainer.phase === 'done') this.#trainer.phase = 'idle';
		}
		await this.loadRuns();
	}

	/** Shows on the run that one of its suggestions became a scorecard version (stored with the version). */
	async #noteApplied(run: TrainingRunInput, applied: AppliedWeights | AppliedCutoff): Promise<void> {
		if (this.shownRun === run) {
			this.shownRun = 'cutoff' in applied
				? { ...run, appliedCutoffs: [...(run.appliedCutoffs ?? []), applied] }
				: { ...run, applied: [...(run.applied ?? []), applied] };
		}
		await this.loadRuns();
	}

	dispose(): void {
		this.#trainer.dispose();
	}
}

function orNull(e: ScoreEvaluation | null | 'pending'): ScoreEvaluation | null {
	return e === 'pending' ? null : e;
}

/** The step nearest blend t among those made (0 and 1 always are), the higher on a tie. */
function nearestStep(t: number, steps: ReadonlyMap<number, ScoreEvaluation>): number {
	let best = 1;
	for (const at of [0, ...[...steps.keys()].map((pct) => pct / 100)]) if (Math.abs(at - t) < Math.abs(best - t) || (Math.abs(at - t) === Math.abs(best - t) && at > best)) best = at;
	return best;
}

/** `trained` with each metric's weight as `now` has it (a metric `now` lacks keeps its own). */
function withWeightsOf(trained: Scorecard, now: Scorecard): Scorecard {
	const weights = new Map(now.metrics.map((m) => [m.id, m.weight]));
	return { ...trained, metrics: trained.metrics.map((m) => ({ ...m, weight: weights.get(m.id) ?? m.weight })) };
}
