/**
 * The Learn session: settings, one training run at a time in a worker (progress, Cancel), its results read
 * against the scorecard, the blend slider's live validation, Apply (weights, cut-off), Add as metric, and
 * the stored runs, any of which can be shown again. Nothing reaches the workspace unless the user applies something.
 */
import type { Dataset, DatasetMeta } from '../core/dataset';
import type { Scorecard } from '../core/scorecard';
import type { Table } from '../core/table';
import { driverDesign, type Driver, type DriverInput } from '../ml/drivers';
import { blend, withAtRiskCutoff, withWeights, type SuggestedWeight } from '../ml/suggest';
import { TrainingRefusal, buildTrainingSet, refusal, type TrainingSet } from '../ml/training';
import { DEFAULT_SETTINGS, learnRequest, type FromLearnWorker, type LearnProgress, type LearnResult, type LearnSettings, type ToLearnWorker } from '../workers/learn-protocol';
import type { ScoreEvaluation } from '../workers/learn-validate';
import type { AppliedWeights, TrainingRunInput, TrainingRunRecord } from '../db';
import { decodeResults, encodeResults, evaluateBlend, runResults, workspaceChanges, type RunResults, type TrainingSummary } from './learn-results';
import { addMetric, flipDirection, higherIsBetter } from './scorecard-edits';

export type { TrainingSummary } from './learn-results';

/** The part of a Worker the session uses (a fake one in tests). */
export interface LearnWorker {
	postMessage(message: ToLearnWorker, transfer?: Transferable[]): void;
	terminate(): void;
	onmessage: ((event: MessageEvent<FromLearnWorker>) => void) | null;
	onerror: ((event: ErrorEvent) => void) | null;
}

/** Where runs are kept. */
export interface RunStore {
	save(run: TrainingRunInput): Promise<unknown>;
	list(): Promise<TrainingRunRecord[]>;
	delete(id: string): Promise<unknown>;
	/** Notes on a run that its weights became a scorecard version. */
	recordApplied(id: string, applied: AppliedWeights): Promise<unknown>;
}

/** What the session needs from outside. */
export interface LearnDeps {
	worker: () => LearnWorker;
	/** The workspace as it is now. */
	dataset: () => Dataset | null;
	scorecard: () => Scorecard | null;
	imports: () => DatasetMeta[];
	/** The table new metrics take their defaults from (the current snapshot). */
	currentTable: () => Table | null;
	/** Saves the scorecard as a new version (the old one kept) and shows it; returns the version's number; throws, changing nothing, on failure. */
	applyScorecard: (scorecard: Scorecard, note: string) => Promise<number>;
	runs: RunStore;
	now?: () => Date;
}

export type LearnPhase = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

/** Which button a message of Apply or Add answers: it is shown next to that button. */
export type ApplyPlace = 'weights' | 'cutoff' | 'drivers';

/** Said for a run stored before runs kept their results. */
export const NO_STORED_RESULTS = 'This run was stored by an earlier version of Checkup, which kept only the numbers listed under Past runs, not the full results: train again to see them.';

export class LearnSession {
	settings = $state<LearnSettings>({ ...DEFAULT_SETTINGS });
	phase = $state<LearnPhase>('idle');
	progress = $state.raw<LearnProgress | null>(null);
	/** Why the run failed or was refused, in words for the user. */
	error = $state<string | null>(null);
	/** What happened to a run (cancelled, not stored) or to the past runs, shown by Train. */
	message = $state<string | null>(null);
	/** What the last Apply / Add did, or why it did nothing, shown next to its button. */
	applyMessage = $state.raw<{ place: ApplyPlace; text: string } | null>(null);
	/** An Apply or Add is being saved: its buttons wait, so a second click cannot save a second version. */
	applying = $state(false);
	/** What the worker returned for the run trained in this session; null while a stored run is shown. */
	result = $state.raw<LearnResult | null>(null);
	/** The run whose results are shown: the one just trained, or a stored one the user opened (or the newest, after a reload). */
	shownRun = $state.raw<TrainingRunInput | null>(null);
	/** Its results; null when it has none to show (see shownProblem). */
	shown = $state.raw<RunResults | null>(null);
	/** Why the shown run's results cannot be shown. */
	shownProblem = $state<string | null>(null);
	/** 0 = the manual weights, 1 = the learned ones. */
	blendT = $state(1);
	runs = $state.raw<TrainingRunRecord[]>([]);

	/** The training set of the run trained in this session: what the blend slider recomputes from. Stored runs have none. */
	#set = $state.raw<TrainingSet | null>(null);
	#deps: LearnDeps;
	#worker: LearnWorker | null = null;
	#run = 0;
	/** The newest stored run is shown once, when the page first lists the runs (a reload, a new tab). */
	#openedNewest = false;

	/** The blend slider works: the shown run's customers are in memory. */
	blendable: boolean = $derived(this.#set !== null && this.result !== null);
	training: TrainingSummary | null = $derived(this.shown?.training ?? null);
	/** The settings the shown result was trained with (the form's may have changed since, or in a cancelled run). */
	trainedWith: LearnSettings | null = $derived(this.shown?.settings ?? null);
	weights: SuggestedWeight[] = $derived(this.shown?.weights ?? []);
	drivers: Driver[] = $derived(this.shown?.drivers ?? []);
	/** The share of churners the cut-off should flag: the form's for a run trained here, the stored run's own otherwise. */
	targetRecall: number = $derived(this.blendable || !this.shown ? this.settings.targetRecall : this.shown.settings.targetRecall);
	/** The weights at the blend (%, scorecard order). */
	blended: number[] = $derived.by(() => {
		if (!this.weights.length) return [];
		return blend(this.weights.map((w) => w.manual), this.weights.map((w) => w.suggested), this.blendT);
	});
	/** Out-of-fold validation of the manual score and of the blended one (recomputed as the slider moves). */
	manualEval: ScoreEvaluation | null = $derived.by(() => this.#evaluate(0));
	blendEval: ScoreEvaluation | null = $derived.by(() => this.#evaluate(this.blendT));
	/** What differs in the workspace from the one the shown run was trained on, in words (empty: nothing). */
	changes: string[] = $derived.by(() => {
		if (!this.shown || !this.shownRun) return [];
		return workspaceChanges(this.shownRun, this.shown.scorecard, { imports: this.#deps.imports(), scorecard: this.#deps.scorecard() });
	});
	/** The scorecard version the shown run's weights at this blend were saved as; null when they were not. */
	appliedVersion: number | null = $derived([...(this.shownRun?.applied ?? [])].reverse().find((a) => a.blendPct === Math.round(this.blendT * 100))?.version ?? null);

	constructor(deps: LearnDeps) {
		this.#deps = deps;
	}

	/** The shown run's evaluation at blend t: stored at 0 and 1 (with the run's target), recomputed in between. */
	#evaluate(t: number): ScoreEvaluation | null {
		const shown = this.shown;
		if (!shown) return null;
		if ((t === 0 || t === 1) && this.targetRecall === shown.settings.targetRecall) return t === 0 ? shown.manual : shown.learned;
		const set = this.#set, result = this.result;
		return set && result ? evaluateBlend(set, result, shown.scorecard, t, this.targetRecall) : null;
	}

	/** Builds the training set from the workspace and starts a run; refuses, saying why, when the data cannot be learned from. */
	start(): void {
		if (this.phase === 'running') return;
		const dataset = this.#deps.dataset();
		const scorecard = this.#deps.scorecard();
		this.error = null;
		this.message = null;
		this.applyMessage = null;
		if (!dataset || !scorecard) return void (this.error = 'The workspace is not loaded yet.');
		const settings = { ...this.settings };
		const wrong = settingsProblem(settings);
		if (wrong) {
			this.phase = this.shown ? 'done' : 'failed';
			this.error = wrong;
			return;
		}
		let set: TrainingSet;
		try {
			set = buildTrainingSet(dataset, scorecard, { horizonDays: settings.horizonDays });
		} catch (err) {
			this.phase = 'failed';
			this.error = err instanceof TrainingRefusal ? err.message : `Checkup could not build the training data: ${message(err)}`;
			return;
		}
		const refused = refusal(set);
		if (refused) {
			this.phase = 'failed';
			this.error = refused;
			return;
		}
		const design = driverDesign(set.table, dataset.meta.roles);
		const request = learnRequest(set, scorecard.metrics.map((m) => m.weight), design, settings);
		const run = ++this.#run;
		this.#stopWorker();
		const worker = this.#deps.worker();
		this.#worker = worker;
		worker.onmessage = (event) => {
			if (run === this.#run) this.#receive(event.data, { set, scorecard, inputs: design.inputs, notices: design.notices.map((n) => n.message), settings, dataset });
		};
		worker.onerror = (event) => {
			event.preventDefault?.();
			if (run === this.#run) this.#fail(`Training stopped unexpectedly: ${event.message || 'the worker failed'}`);
		};
		this.phase = 'running';
		this.progress = { stage: 'loading', share: 0, message: 'Starting' };
		const transfer = [request.y, ...request.features, ...request.subScores, ...request.driverColumns].map((a) => a.buffer as ArrayBuffer);
		worker.postMessage({ type: 'train', request }, transfer);
	}

	/** Stops the run under way; the results shown before it stay as they were. */
	cancel(): void {
		if (this.phase !== 'running') return;
		this.#run++;
		const worker = this.#worker;
		this.#worker = null;
		if (worker) {
			worker.postMessage({ type: 'cancel' });
			// A fit in the middle of a Newton step answers late: never keep the worker for long.
			setTimeout(() => worker.terminate(), 500);
		}
		this.progress = null;
		this.phase = this.shown ? 'done' : 'cancelled';
		this.message = 'Training was cancelled; nothing changed.';
	}

	#receive(m: FromLearnWorker, ctx: { set: TrainingSet; scorecard: Scorecard; inputs: DriverInput[]; notices: string[]; settings: LearnSettings; dataset: Dataset }): void {
		switch (m.type) {
			case 'progress':
				this.progress = { stage: m.stage, share: m.share, message: m.message };
				return;
			case 'error':
				return this.#fail(`Training failed: ${m.message}`);
			case 'cancelled':
				return;
			case 'done': {
				this.#stopWorker();
				const result: LearnResult = { ...m.result, driverFit: { ...m.result.driverFit, notices: [...ctx.notices, ...m.result.driverFit.notices] } };
				const shown = runResults(ctx.set, result, ctx.scorecard, ctx.inputs, ctx.settings);
				const run = this.#record(shown, result, ctx.set, ctx.dataset);
				this.#set = ctx.set;
				this.result = result;
				this.#show(run, shown);
				this.progress = null;
				this.phase = 'done';
				void this.#store(run);
			}
		}
	}

	/** The run as it is stored: its results twice over, the headline numbers Past runs lists and everything the page shows. */
	#record(shown: RunResults, result: LearnResult, set: TrainingSet, dataset: Dataset): TrainingRunInput {
		const now = this.#deps.now?.() ?? new Date();
		return {
			id: `run-${now.getTime()}-${this.#run}`,
			createdAt: now.toISOString(),
			data: {
				imports: this.#deps.imports().map((d) => ({ id: d.id, name: d.name, rowCount: d.rowCount })),
				customers: set.rows.length, churned: set.churned, retained: set.retained, mode: set.mode
			},
			scorecard: { id: shown.scorecard.id, name: shown.scorecard.name },
			settings: shown.settings,
			results: {
				backend: result.backend, elapsedMs: result.elapsedMs, validation: result.validation, model: result.model,
				weights: shown.weights, drivers: shown.drivers.slice(0, 30),
				manual: { auc: shown.manual.auc, churnByBand: shown.manual.bands }, learned: { auc: shown.learned.auc, churnByBand: shown.learned.bands, delongP: shown.learned.delongP },
				dataset: dataset.meta.name,
				shown: encodeResults(shown)
			}
		};
	}

	async #store(run: TrainingRunInput): Promise<void> {
		try {
			await this.#deps.runs.save(run);
			await this.loadRuns();
		} catch (err) {
			this.message = `The run could not be stored: ${message(err)}`;
		}
	}

	#show(run: TrainingRunInput | null, shown: RunResults | null, problem: string | null = null): void {
		this.shownRun = run;
		this.shown = shown;
		this.shownProblem = problem;
		this.blendT = 1;
		this.applyMessage = null;
	}

	/**
	 * Shows a stored run's results as they were when it finished (blend 100 %), whatever the workspace is now.
	 * Its weights can be applied; the slider cannot blend them, as the run keeps no customer's data.
	 */
	open(run: TrainingRunRecord): void {
		if (this.phase === 'running') return;
		let shown: RunResults | null = null, problem: string | null = null;
		try {
			shown = decodeResults(run);
			if (!shown) problem = NO_STORED_RESULTS;
		} catch (err) {
			problem = `This run’s results cannot be shown: ${message(err)}`;
		}
		this.#set = null;
		this.result = null;
		this.#show(run, shown, problem);
	}

	/** Reads the stored runs; the first time, with nothing shown, shows the newest (the page was reloaded). */
	async loadRuns(): Promise<void> {
		try {
			this.runs = await this.#deps.runs.list();
		} catch (err) {
			this.message = `Past runs could not be read: ${message(err)}`;
			return;
		}
		if (this.#openedNewest) return;
		this.#openedNewest = true;
		if (!this.shownRun && this.runs.length) this.open(this.runs[0]);
	}

	/** Deletes a stored run; deleting the one shown takes its results off the page. */
	async deleteRun(id: string): Promise<void> {
		try {
			await this.#deps.runs.delete(id);
			if (this.shownRun?.id === id) {
				this.#set = null;
				this.result = null;
				this.#show(null, null);
				if (this.phase === 'done') this.phase = 'idle';
			}
		} catch (err) {
			this.message = `The run could not be deleted: ${message(err)}`;
		}
		await this.loadRuns();
	}

	/** The current scorecard, when its metrics are still the ones the run learned; else null and a message next to the button. */
	#current(place: ApplyPlace): Scorecard | null {
		const current = this.#deps.scorecard();
		const learned = this.shown?.scorecard;
		if (!current || !learned) return null;
		if (current.metrics.map((m) => m.id).join('\u0000') !== learned.metrics.map((m) => m.id).join('\u0000')) {
			this.applyMessage = { place, text: 'The scorecard’s metrics changed since this run: train again before applying.' };
			return null;
		}
		return JSON.parse(JSON.stringify(current)) as Scorecard;
	}

	/** Saves the blended weights as a new scorecard version, once per run and blend, and notes the version on the run. */
	async applyWeights(): Promise<void> {
		if (this.applying) return;
		const pct = Math.round(this.blendT * 100);
		const already = this.appliedVersion;
		if (already !== null) return void (this.applyMessage = { place: 'weights', text: `These weights were already applied as scorecard version ${already}.` });
		const current = this.#current('weights');
		const run = this.shownRun;
		if (!current || !run || !this.blended.length) return;
		const next = withWeights(current, this.blended);
		if (next.metrics.every((m, k) => m.weight === current.metrics[k].weight)) {
			return void (this.applyMessage = { place: 'weights', text: 'The scorecard already has these weights: nothing to apply.' });
		}
		const note = pct === 100 ? 'Weights learned from churn outcomes (Learn)' : `Weights blended ${100 - pct} % manual / ${pct} % learned (Learn)`;
		const version = await this.#apply(next, note, 'weights', (v) => `The weights were applied as scorecard version ${v}.`);
		if (version !== null) await this.#noteApplied(run, { version, blendPct: pct, at: (this.#deps.now?.() ?? new Date()).toISOString() });
	}

	async #noteApplied(run: TrainingRunInput, applied: AppliedWeights): Promise<void> {
		if (this.shownRun === run) this.shownRun = { ...run, applied: [...(run.applied ?? []), applied] };
		try {
			await this.#deps.runs.recordApplied(run.id, applied);
			await this.loadRuns();
		} catch (err) {
			this.message = `The run could not note that its weights were applied: ${message(err)}`;
		}
	}

	/** Sets where "At risk" ends to the suggested cut-off. */
	async applyCutoff(): Promise<void> {
		if (this.applying) return;
		const cut = this.blendEval?.suggestion;
		const current = this.#current('cutoff');
		if (!current || !cut) return;
		let next: Scorecard;
		try {
			next = withAtRiskCutoff(current, cut.cutoff);
		} catch (err) {
			this.applyMessage = { place: 'cutoff', text: message(err) };
			return;
		}
		await this.#apply(next, `“${current.bands[0].label}” below ${cut.cutoff} (Learn: ${Math.round(cut.recall * 100)} % of churners flagged)`, 'cutoff', (v) => `“${current.bands[0].label}” now ends at ${cut.cutoff} (scorecard version ${v}).`);
	}

	/** Adds a driver's column as a metric, scored in the direction the data shows is healthy. */
	async addAsMetric(driver: Driver): Promise<void> {
		if (this.applying) return;
		const current = this.#deps.scorecard();
		const table = this.#deps.currentTable();
		if (!current || !table) return;
		const next = JSON.parse(JSON.stringify(current)) as Scorecard;
		let metric;
		try {
			metric = addMetric(next, driver.column, table);
		} catch (err) {
			this.applyMessage = { place: 'drivers', text: message(err) };
			return;
		}
		// More of the column, more churn: lower values are healthier.
		if (driver.level === undefined && driver.sign > 0 && higherIsBetter(metric.normalization)) flipDirection(metric);
		const label = metric.label, weight = metric.weight;
		await this.#apply(next, `Added metric “${label}” (Learn: a driver of churn)`, 'drivers', () => `“${label}” was added to the scorecard with weight ${weight}; adjust it on the Scorecard page.`);
	}

	/** Saves a scorecard version; returns its number, or null (and why, next to the button) when nothing was saved. */
	async #apply(scorecard: Scorecard, note: string, place: ApplyPlace, done: (version: number) => string): Promise<number | null> {
		this.applying = true;
		try {
			const version = await this.#deps.applyScorecard(scorecard, note);
			this.applyMessage = { place, text: done(version) };
			return version;
		} catch (err) {
			this.applyMessage = { place, text: `Nothing was changed: ${message(err)}` };
			return null;
		} finally {
			this.applying = false;
		}
	}

	#fail(why: string): void {
		this.#stopWorker();
		this.progress = null;
		this.error = why;
		this.phase = 'failed';
	}

	#stopWorker(): void {
		this.#worker?.terminate();
		this.#worker = null;
	}

	dispose(): void {
		this.#run++;
		this.#stopWorker();
	}
}

/** What is wrong with the settings, naming the field and value; null when they can be used. */
export function settingsProblem(s: LearnSettings): string | null {
	const whole = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;
	if (!whole(s.horizonDays, 0, 3650)) return `Horizon: “${s.horizonDays}” is not a whole number of days from 0 to 3,650.`;
	if (!(typeof s.C === 'number' && s.C > 0 && Number.isFinite(s.C))) return `Regularization C: “${s.C}” is not a positive number.`;
	if (!whole(s.k, 2, 20)) return `Folds: “${s.k}” is not a whole number from 2 to 20.`;
	// The folds' and the bootstrap's generator (core/random) takes seeds in [0, 2³²).
	if (!whole(s.seed, 0, 4294967295)) return `Seed: “${s.seed}” is not a whole number from 0 to 4,294,967,295.`;
	if (!whole(s.resamples, 100, 100_000)) return `Bootstrap resamples: “${s.resamples}” is not a whole number from 100 to 100,000.`;
	if (!(s.targetRecall > 0 && s.targetRecall <= 1)) return `Target share of churners flagged: “${s.targetRecall * 100}” is not a percentage from 1 to 100.`;
	return null;
}

function message(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}

