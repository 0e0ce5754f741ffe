/**
 * The Learn session: settings, one training run at a time in a worker (progress, Cancel), its results read
 * against the scorecard, the blend slider's live validation, Apply (weights, cut-off), Add as metric, and
 * the stored runs. Nothing reaches the workspace unless the user applies something.
 */
import type { Dataset, DatasetMeta } from '../core/dataset';
import type { Scorecard } from '../core/scorecard';
import type { Table } from '../core/table';
import { driverDesign, readDrivers, type Driver, type DriverInput } from '../ml/drivers';
import { blend, outOfFoldScore, suggestWeights, withAtRiskCutoff, withWeights, type SuggestedWeight } from '../ml/suggest';
import { TrainingRefusal, buildTrainingSet, refusal, type TrainingSet } from '../ml/training';
import { DEFAULT_SETTINGS, learnRequest, type FromLearnWorker, type LearnProgress, type LearnResult, type LearnSettings, type ToLearnWorker } from '../workers/learn-protocol';
import { evaluateScore, type ScoreEvaluation } from '../workers/learn-validate';
import type { TrainingRunInput, TrainingRunRecord } from '../db';
import { addMetric, flipDirection, higherIsBetter } from './scorecard-edits';

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
	/** Saves the scorecard as a new version (the old one kept) and shows it; throws, changing nothing, on failure. */
	applyScorecard: (scorecard: Scorecard, note: string) => Promise<void>;
	runs: RunStore;
	now?: () => Date;
}

export type LearnPhase = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

/** What a finished run was trained on, for the page. */
export interface TrainingSummary {
	mode: TrainingSet['mode'];
	horizonDays: number;
	endOfObservation: string | null;
	customers: number;
	churned: number;
	retained: number;
	excluded: TrainingSet['excluded'];
	notices: TrainingSet['notices'];
	missing: { label: string; missing: number; filled: number }[];
}

export class LearnSession {
	settings = $state<LearnSettings>({ ...DEFAULT_SETTINGS });
	phase = $state<LearnPhase>('idle');
	progress = $state.raw<LearnProgress | null>(null);
	/** Why the run failed or was refused, in words for the user. */
	error = $state<string | null>(null);
	/** What the last Apply / Add did, or why it failed. */
	message = $state<string | null>(null);
	training = $state.raw<TrainingSummary | null>(null);
	result = $state.raw<LearnResult | null>(null);
	/** The settings the shown result was trained with (the form's may have changed since, or in a cancelled run). */
	trainedWith = $state.raw<LearnSettings | null>(null);
	/** 0 = the manual weights, 1 = the learned ones. */
	blendT = $state(1);
	runs = $state.raw<TrainingRunRecord[]>([]);

	/** The scorecard the results were computed for (weights are read against its metrics). */
	#scorecard = $state.raw<Scorecard | null>(null);
	#set = $state.raw<TrainingSet | null>(null);
	#inputs = $state.raw<DriverInput[]>([]);
	#deps: LearnDeps;
	#worker: LearnWorker | null = null;
	#run = 0;

	weights: SuggestedWeight[] = $derived.by(() => (this.result && this.#scorecard ? suggestWeights(this.#scorecard, this.result.suggestFit) : []));
	drivers: Driver[] = $derived.by(() => (this.result && this.#scorecard ? readDrivers(this.#inputs, this.result.driverFit, this.#scorecard) : []));
	/** The weights at the blend (%, scorecard order). */
	blended: number[] = $derived.by(() => {
		if (!this.weights.length) return [];
		return blend(this.weights.map((w) => w.manual), this.weights.map((w) => w.suggested), this.blendT);
	});
	/** Out-of-fold validation of the manual score and of the blended one (recomputed as the slider moves). */
	manualEval: ScoreEvaluation | null = $derived.by(() => this.#evaluate(0));
	blendEval: ScoreEvaluation | null = $derived.by(() => this.#evaluate(this.blendT));

	constructor(deps: LearnDeps) {
		this.#deps = deps;
	}

	#evaluate(t: number): ScoreEvaluation | null {
		const set = this.#set, result = this.result, scorecard = this.#scorecard;
		if (!set || !result || !scorecard) return null;
		const manual = scorecard.metrics.map((m) => m.weight);
		const score = outOfFoldScore(set.features.subScores, result.fold, manual, result.foldWeights, t);
		const reference = t === 0 ? undefined : outOfFoldScore(set.features.subScores, result.fold, manual, result.foldWeights, 0);
		return evaluateScore({ score, y: set.y, bands: scorecard.bands, targetRecall: this.settings.targetRecall, reference });
	}

	/** Builds the training set from the workspace and starts a run; refuses, saying why, when the data cannot be learned from. */
	start(): void {
		if (this.phase === 'running') return;
		const dataset = this.#deps.dataset();
		const scorecard = this.#deps.scorecard();
		this.error = null;
		this.message = null;
		if (!dataset || !scorecard) return void (this.error = 'The workspace is not loaded yet.');
		const settings = { ...this.settings };
		const wrong = settingsProblem(settings);
		if (wrong) {
			this.phase = this.result ? 'done' : 'failed';
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
		this.phase = this.result ? 'done' : 'cancelled';
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
			case 'done':
				this.#stopWorker();
				this.#set = ctx.set;
				this.#scorecard = ctx.scorecard;
				this.#inputs = ctx.inputs;
				this.training = summarize(ctx.set);
				this.trainedWith = ctx.settings;
				this.result = { ...m.result, driverFit: { ...m.result.driverFit, notices: [...ctx.notices, ...m.result.driverFit.notices] } };
				this.blendT = 1;
				this.progress = null;
				this.phase = 'done';
				void this.#store(ctx.settings, ctx.dataset);
		}
	}

	async #store(settings: LearnSettings, dataset: Dataset): Promise<void> {
		const set = this.#set, result = this.result, scorecard = this.#scorecard, manual = this.manualEval, learned = this.#evaluate(1);
		if (!set || !result || !scorecard || !manual || !learned) return;
		const now = this.#deps.now?.() ?? new Date();
		const run: TrainingRunInput = {
			id: `run-${now.getTime()}-${this.#run}`,
			createdAt: now.toISOString(),
			data: {
				imports: this.#deps.imports().map((d) => ({ id: d.id, name: d.name, rowCount: d.rowCount })),
				customers: set.rows.length, churned: set.churned, retained: set.retained, mode: set.mode
			},
			scorecard: { id: scorecard.id, name: scorecard.name },
			settings,
			results: {
				backend: result.backend, elapsedMs: result.elapsedMs, validation: result.validation, model: result.model,
				weights: this.weights, drivers: this.drivers.slice(0, 30),
				manual: { auc: manual.auc, churnByBand: manual.bands }, learned: { auc: learned.auc, churnByBand: learned.bands, delongP: learned.delongP },
				dataset: dataset.meta.name
			}
		};
		try {
			await this.#deps.runs.save(run);
			await this.loadRuns();
		} catch (err) {
			this.message = `The run could not be stored: ${message(err)}`;
		}
	}

	async loadRuns(): Promise<void> {
		try {
			this.runs = await this.#deps.runs.list();
		} catch (err) {
			this.message = `Past runs could not be read: ${message(err)}`;
		}
	}

	async deleteRun(id: string): Promise<void> {
		try {
			await this.#deps.runs.delete(id);
		} catch (err) {
			this.message = `The run could not be deleted: ${message(err)}`;
		}
		await this.loadRuns();
	}

	/** The current scorecard, when its metrics are still the ones the run learned; else null and a message. */
	#current(): Scorecard | null {
		const current = this.#deps.scorecard();
		const learned = this.#scorecard;
		if (!current || !learned) return null;
		if (current.metrics.map((m) => m.id).join('\u0000') !== learned.metrics.map((m) => m.id).join('\u0000')) {
			this.message = 'The scorecard’s metrics changed since this run: train again before applying.';
			return null;
		}
		return JSON.parse(JSON.stringify(current)) as Scorecard;
	}

	/** Saves the blended weights as a new scorecard version. */
	async applyWeights(): Promise<void> {
		const current = this.#current();
		if (!current || !this.blended.length) return;
		const pct = Math.round(this.blendT * 100);
		await this.#apply(withWeights(current, this.blended), pct === 100 ? 'Weights learned from churn outcomes (Learn)' : `Weights blended ${100 - pct} % manual / ${pct} % learned (Learn)`, 'The weights were applied as a new scorecard version.');
	}

	/** Sets where "At risk" ends to the suggested cut-off. */
	async applyCutoff(): Promise<void> {
		const cut = this.blendEval?.suggestion;
		const current = this.#current();
		if (!current || !cut) return;
		let next: Scorecard;
		try {
			next = withAtRiskCutoff(current, cut.cutoff);
		} catch (err) {
			this.message = message(err);
			return;
		}
		await this.#apply(next, `“${current.bands[0].label}” below ${cut.cutoff} (Learn: ${Math.round(cut.recall * 100)} % of churners flagged)`, `“${current.bands[0].label}” now ends at ${cut.cutoff}.`);
	}

	/** Adds a driver's column as a metric, scored in the direction the data shows is healthy. */
	async addAsMetric(driver: Driver): Promise<void> {
		const current = this.#deps.scorecard();
		const table = this.#deps.currentTable();
		if (!current || !table) return;
		const next = JSON.parse(JSON.stringify(current)) as Scorecard;
		let metric;
		try {
			metric = addMetric(next, driver.column, table);
		} catch (err) {
			this.message = message(err);
			return;
		}
		// More of the column, more churn: lower values are healthier.
		if (driver.level === undefined && driver.sign > 0 && higherIsBetter(metric.normalization)) flipDirection(metric);
		await this.#apply(next, `Added metric “${metric.label}” (Learn: a driver of churn)`, `“${metric.label}” was added to the scorecard with weight ${metric.weight}; adjust it on the Scorecard page.`);
	}

	async #apply(scorecard: Scorecard, note: string, done: string): Promise<void> {
		try {
			await this.#deps.applyScorecard(scorecard, note);
			this.message = done;
		} catch (err) {
			this.message = `Nothing was changed: ${message(err)}`;
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

function summarize(set: TrainingSet): TrainingSummary {
	const f = set.features;
	return {
		mode: set.mode, horizonDays: set.horizonDays, endOfObservation: set.endOfObservation,
		customers: set.rows.length, churned: set.churned, retained: set.retained, excluded: set.excluded, notices: set.notices,
		missing: f.labels.map((label, k) => ({ label, missing: f.missing[k], filled: f.filledWithMean[k] }))
	};
}

function message(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}

