/**
 * The page's end of the import worker: one worker per file, its answers dropped once the session has moved on
 * (each worker started, and each cancel, is a new run), and the two questions the page waits on (`build` and
 * the as-of dates) as promises.
 */
import type { DateCodes } from '../core/import-overlap';
import type { BuildRequest, Built, FromImportWorker, ToImportWorker } from '../workers/protocol';

/** The part of a Worker the session uses (a fake one in tests). */
export interface ImportWorker {
	postMessage(message: ToImportWorker): void;
	terminate(): void;
	onmessage: ((event: MessageEvent<FromImportWorker>) => void) | null;
	onerror: ((event: ErrorEvent) => void) | null;
}

/** What the session does with what the worker says besides the answers to `build` and `asOfDates`. */
export interface ChannelListener {
	receive(message: FromImportWorker): void;
	/** The worker failed, or said it cannot go on, with nothing waiting on an answer: `why` in words for the user. */
	fail(why: string): void;
}

export class ImportChannel {
	#create: () => ImportWorker;
	#listener: ChannelListener;
	#worker: ImportWorker | null = null;
	#run = 0;
	/** The `build` under way: its answer settles it. */
	#building: { resolve: (built: Built) => void; reject: (err: Error) => void } | null = null;
	/** Answers the pending ask for the as-of dates. */
	#asOfDates: ((dates: DateCodes | null) => void) | null = null;

	constructor(create: () => ImportWorker, listener: ChannelListener) {
		this.#create = create;
		this.#listener = listener;
	}

	/** The run now: answers of an earlier one are not listened to. */
	get run(): number {
		return this.#run;
	}

	/** Whether a worker is there (it holds the file read from the report on). */
	get open(): boolean {
		return this.#worker !== null;
	}

	/** Starts a new run on a new worker; returns the run. */
	start(): number {
		const run = ++this.#run;
		const worker = this.#create();
		worker.onmessage = (event) => {
			if (run === this.#run) this.#receive(event.data);
		};
		worker.onerror = (event) => {
			event.preventDefault?.();
			if (run !== this.#run) return;
			const why = `The import stopped unexpectedly: ${event.message || 'the worker failed'}`;
			if (this.#building) this.#building.reject(new Error(why));
			else this.#listener.fail(why);
		};
		this.#worker = worker;
		return run;
	}

	/** Posts to the worker, if `run` is still the run now. */
	post(message: ToImportWorker, run = this.#run): void {
		if (run === this.#run) this.#worker?.postMessage(message);
	}

	/** Asks the worker to build the dataset from the file it holds; settles on its answer, or its failure. */
	build(request: BuildRequest): Promise<Built> {
		return new Promise<Built>((resolve, reject) => {
			this.#building = { resolve, reject };
			this.post({ type: 'build', ...request });
		}).finally(() => {
			this.#building = null;
		});
	}

	/** The as-of dates of the file read, from the worker that holds them; null when it has none to give, or the import moved on. */
	asOfDates(run: number): Promise<DateCodes | null> {
		return new Promise((resolve) => {
			this.#asOfDates?.(null);
			this.#asOfDates = resolve;
			this.post({ type: 'asOfDates' }, run);
			if (run !== this.#run || !this.#worker) resolve(null);
		});
	}

	/** Ends the run: later answers are not listened to. */
	next(): void {
		this.#run++;
	}

	/** Stops the worker at once. */
	stop(): void {
		this.#answerAsOfDates(null);
		this.#worker?.terminate();
		this.#worker = null;
	}

	/**
	 * Ends the run and lets the worker stop reading cleanly, but never keeps it alive for long; `stopped` is
	 * called once it has stopped (or was stopped). False when there was no worker to stop.
	 */
	cancel(stopped: () => void): boolean {
		const worker = this.#worker;
		this.#run++;
		this.#worker = null;
		this.#answerAsOfDates(null);
		if (!worker) return false;
		let done = false;
		const stop = () => {
			if (done) return;
			done = true;
			worker.terminate();
			stopped();
		};
		worker.onmessage = (event) => {
			if (event.data.type === 'cancelled') stop();
		};
		worker.postMessage({ type: 'cancel' });
		setTimeout(stop, 1000);
		return true;
	}

	#answerAsOfDates(dates: DateCodes | null): void {
		this.#asOfDates?.(dates);
		this.#asOfDates = null;
	}

	#receive(message: FromImportWorker): void {
		if (message.type === 'built') this.#building?.resolve(message);
		else if (message.type === 'asOfDates') this.#answerAsOfDates(message.dates);
		else if (message.type === 'error' && this.#building) this.#building.reject(new Error(message.message));
		else this.#listener.receive(message);
	}
}
