/**
 * One training run at a time in a worker: the settings checked, the training set built from the workspace,
 * progress, Cancel, and the finished run's results handed on. A refused, failed or cancelled run changes
 * nothing else.
 */
import type { Dataset, DatasetMeta } from '../core/dataset';
import type { Scorecard } from '../core/scorecard';
import { driverDesign, type DriverInput } from '../ml/drivers';
import { TrainingRefusal, refusal, trainingSetSteps, type TrainingSet } from '../ml/training';
import { DEFAULT_SETTINGS, learnRequest, type FromLearnWorker, type LearnProgress, type LearnResult, type LearnSettings, type ToLearnWorker } from '../workers/learn-protocol';
import type { Later } from '../unfold.svelte';
import { runResults, type RunResults } from './learn-results';
import { settingsProblem } from './learn-settings';
import type { ScoreEvaluation } from '../workers/learn-validate';

/** The part of a Worker the session uses (a fake one in tests). */
export interface LearnWorker {
	postMessage(message: ToLearnWorker, transfer?: Transferable[]): void;
	terminate(): void;
	onmessage: ((event: MessageEvent<FromLearnWorker>) => void) | null;
	onerror: ((event: ErrorEvent) => void) | null;
}

export type LearnPhase = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

/** What a run trains on (see LearnDeps). */
export interface TrainerDeps {
	worker: () => LearnWorker;
	dataset: () => Dataset | null;
	scorecard: () => Scorecard | null;
	/** The imports the workspace holds: a run records those it was trained on, read when it starts. */
	imports: () => DatasetMeta[];
	/** Runs a step of preparing the data later (unfold.svelte.ts's afterNextFrame in the app); at once when not given. */
	later?: Later;
}

/** An import a run was trained on, as stored with the run. */
export interface TrainedOn {
	id: string;
	name: string;
	rowCount: number;
}

/** A finished run: what the page shows, and the training set and worker's result the blend slider recomputes from. */
export interface Trained {
	set: TrainingSet;
	result: LearnResult;
	shown: RunResults;
	/** Counts the runs started in this session: tells apart two runs finished in the same millisecond. */
	serial: number;
	/** The imports when the run started (one added while it trained is not in its data). */
	imports: TrainedOn[];
}

/** What the trainer tells the page. */
export interface TrainerHooks {
	/** Results are shown: a refused or cancelled run leaves them, and the phase says 'done'. */
	showing(): boolean;
	/** A run starts or is refused: the messages about the last one go. */
	reset(): void;
	/** Says what happened to a run (cancelled). */
	say(message: string): void;
	trained(run: Trained): void;
	/** The finished run's evaluation at a step of the blend slider between 0 and 100 % (learn-steps.ts), as each comes. */
	blendStep(pct: number, evaluation: ScoreEvaluation): void;
}

/** What a finished run's results are read with: what was known when it started. */
interface RunContext {
	set: TrainingSet;
	imports: TrainedOn[];
	scorecard: Scorecard;
	inputs: DriverInput[];
	notices: string[];
	settings: LearnSettings;
}

export class LearnTrainer {
	settings = $state<LearnSettings>({ ...DEFAULT_SETTINGS });
	phase = $state<LearnPhase>('idle');
	progress = $state.raw<LearnProgress | null>(null);
	/** Why the run failed or was refused, in words for the user. */
	error = $state<string | null>(null);
	/** The setting the error is about, when it is about one (the page points at that field). */
	errorField = $state<keyof LearnSettings | null>(null);

	#deps: TrainerDeps;
	#hooks: TrainerHooks;
	#worker: LearnWorker | null = null;
	/**
	 * The worker is sending the finished run's blend steps; false once every one came, or when it could not make
	 * them or was stopped (the page then makes those missing itself).
	 */
	stepsComing = $state(false);

	#run = 0;
	#later: (step: () => void) => void;

	constructor(deps: TrainerDeps, hooks: TrainerHooks) {
		this.#deps = deps;
		this.#later = deps.later ?? ((step) => step());
		this.#hooks = hooks;
	}

	/** Builds the training set from the workspace (in steps: TrainerDeps.later) and starts a run; refuses, saying why, when the data cannot be learned from. */
	start(): void {
		if (this.phase === 'running') return;
		const dataset = this.#deps.dataset();
		const scorecard = this.#deps.scorecard();
		this.error = null;
		this.errorField = null;
		this.#hooks.reset();
		if (!dataset || !scorecard) return void (this.error = 'The workspace is not loaded yet.');
		const settings = { ...this.settings };
		const wrong = settingsProblem(settings);
		if (wrong) {
			this.phase = this.#hooks.showing() ? 'done' : 'failed';
			this.error = wrong.message;
			this.errorField = wrong.field;
			return;
		}
		const run = ++this.#run;
		this.#stopWorker();
		const imports = this.#deps.imports().map((d) => ({ id: d.id, name: d.name, rowCount: d.rowCount }));
		this.phase = 'running';
		this.progress = { stage: 'loading', share: 0, message: 'Preparing the data' };
		// The data is prepared in steps, each a task of its own after the click's (all at once they held the main
		// thread ~100 ms on Telco): the page shows that training started, and Cancel works, in between.
		let steps: Generator<void, TrainingSet>;
		const step = (): void => {
			if (run !== this.#run) return;
			let next: IteratorResult<void, TrainingSet>;
			try {
				steps ??= trainingSetSteps(dataset, scorecard, { horizonDays: settings.horizonDays });
				next = steps.next();
			} catch (err) {
				return this.#fail(err instanceof TrainingRefusal ? err.message : `Checkup could not build the training data: ${message(err)}`);
			}
			if (!next.done) return this.#later(step);
			const set = next.value;
			const refused = refusal(set);
			if (refused) return this.#fail(refused);
			this.#later(() => {
				if (run === this.#run) this.#post(run, { set, imports, scorecard, inputs: [], notices: [], settings }, dataset);
			});
		};
		this.#later(step);
	}

	/** Starts the worker on a training set: its drivers' design made, the request posted with its buffers. */
	#post(run: number, context: RunContext, dataset: Dataset): void {
		const { set, scorecard, settings } = context;
		const design = driverDesign(set.table, dataset.meta.roles);
		const request = learnRequest(set, scorecard.metrics.map((m) => m.weight), design, settings, scorecard.bands);
		const worker = this.#deps.worker();
		this.#worker = worker;
		context.inputs = design.inputs;
		context.notices = design.notices.map((n) => n.message);
		worker.onmessage = (event) => {
			if (run === this.#run) this.#receive(event.data, context, run);
		};
		worker.onerror = (event) => {
			event.preventDefault?.();
			if (run === this.#run) this.#fail(`Training stopped unexpectedly: ${event.message || 'the worker failed'}`);
		};
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
		this.phase = this.#hooks.showing() ? 'done' : 'cancelled';
		this.#hooks.say('Training was cancelled; nothing changed.');
	}

	#receive(m: FromLearnWorker, ctx: RunContext, serial: number): void {
		switch (m.type) {
			case 'progress':
				this.progress = { stage: m.stage, share: m.share, message: m.message };
				return;
			case 'error':
				return this.#fail(`Training failed: ${m.message}`);
			case 'cancelled':
				return;
			case 'blend':
				return this.#hooks.blendStep(m.pct, m.evaluation);
			case 'blends-done':
				return this.#stopWorker();
			case 'done': {
				// The worker goes on to evaluate the blend slider's steps (the request gave the bands): it stops once they came.
				this.stepsComing = m.result.evaluations !== undefined;
				const result: LearnResult = { ...m.result, driverFit: { ...m.result.driverFit, notices: [...ctx.notices, ...m.result.driverFit.notices] } };
				const shown = runResults(ctx.set, result, ctx.scorecard, ctx.inputs, ctx.settings);
				this.progress = null;
				this.phase = 'done';
				this.#hooks.trained({ set: ctx.set, result, shown, serial, imports: ctx.imports });
			}
		}
	}

	#fail(why: string): void {
		this.#stopWorker();
		this.progress = null;
		this.error = why;
		this.phase = 'failed';
	}

	/** The blend slider moved to `pct` %: the worker, while it sends the steps, evaluates that one next. */
	followSlider(pct: number): void {
		if (this.stepsComing) this.#worker?.postMessage({ type: 'blend', pct });
	}

	#stopWorker(): void {
		this.#worker?.terminate();
		this.#worker = null;
		this.stepsComing = false;
	}

	dispose(): void {
		this.#run++;
		this.#stopWorker();
	}
}

function message(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}
