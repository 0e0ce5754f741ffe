/**
 * One CSV import, step by step: preview → mapping → parsing → report → commit. The file is read by a
 * worker, which keeps the parsed columns and, on Import, builds the dataset and its scorecard; the page
 * keeps only the text cells it was sent while the file was read. Nothing reaches the workspace until the
 * user clicks Import in the report, so cancelling or a failure at any step leaves it as it was.
 */
import { checkMapping, isOutcomeMapping } from '../core/csv/dataset';
import type { ColumnMapping, ColumnRole, DateFormat, FilePreview, ValueType } from '../core/csv/types';
import { applyRemembered, headerSetKey, readRemembered, toRemembered, type RememberedMapping } from '../core/csv/remember';
import { StreamedText } from '../core/csv/streamed-text';
import { detectDateFormat } from '../core/csv/values';
import { isIsoDate, localDate } from '../core/dates';
import type { Dataset } from '../core/dataset';
import type { Scorecard } from '../core/scorecard';
import { importOverlap, type DateCodes, type ImportOverlap, type OutcomeRole } from '../core/import-overlap';
import { assertTable, type Column } from '../core/table';
import { whileWanted } from '../core/steps';
import { runInSteps } from '../workers/next-task';
import { PackedTexts, textCell, type TextValues } from '../core/text-values';
import type { Built, DuplicateSummary, FromImportWorker, ImportProgress, ParseSummary, ToImportWorker } from '../workers/protocol';

const OUTCOME_ROLES: readonly OutcomeRole[] = ['outcome', 'churnDate', 'renewalDate'];

export type ImportPhase = 'idle' | 'previewing' | 'mapping' | 'parsing' | 'report' | 'committing' | 'done' | 'failed' | 'cancelled';

/** What to do with customer IDs that occur twice in one snapshot. */
export type DuplicateChoice = 'last' | 'first' | 'abort';

/** The part of a Worker the session uses (a fake one in tests). */
export interface ImportWorker {
	postMessage(message: ToImportWorker): void;
	terminate(): void;
	onmessage: ((event: MessageEvent<FromImportWorker>) => void) | null;
	onerror: ((event: ErrorEvent) => void) | null;
}

/** What an import needs from outside. */
export interface ImportDeps {
	/** A new import worker; one per file. */
	worker: () => ImportWorker;
	/**
	 * Adds the dataset to the workspace, with its scorecard (null for an outcomes file) should the import start
	 * a new portfolio; throws, leaving the workspace unchanged, on failure. `staged`: its blocks are stored
	 * already (see `staging`), only its meta is to be written.
	 */
	commit: (dataset: Dataset, scorecard: Scorecard | null, options: { staged: boolean }) => Promise<void>;
	/** Where the worker stores the file's columns while reading it; without it, Import writes them all. */
	staging?: ImportStaging;
	/** The clock (tests): today's date for the as-of default, the import time and parsing speed. */
	now?: () => Date;
	/** Where mappings are remembered by their file's set of column names; without it nothing is remembered. */
	memory?: MappingMemory;
	/**
	 * The imports stored now, with their values (none when the file would replace the workspace): the report says
	 * what the file replaces or joins of them. Without it the report says nothing of them.
	 */
	stored?: () => readonly Dataset[];
}

/**
 * Storing a file's columns while it is read (db/staging.ts): the blocks wait under the dataset's id, with no
 * dataset record, until Import writes that record; an import that does not finish has its blocks removed.
 */
export interface ImportStaging {
	/** The IndexedDB database the workspace is stored in. */
	database: string;
	/** Marks the import as under way (its blocks are not leftovers to remove) until the function returned is called. */
	hold(datasetId: string): () => void;
	/** Removes the blocks of an import that did not finish. */
	discard(datasetId: string): Promise<void>;
}

/** Storage of remembered mappings, by the key of a file's column names (see headerSetKey). */
export interface MappingMemory {
	/** The stored value, whatever it is: the session checks it before using it. */
	load(key: string): Promise<unknown>;
	save(key: string, remembered: RememberedMapping): Promise<void>;
}

/** Parsing progress as shown: rows, bytes, share of the file (0–1) and speed. */
export interface ParseProgress extends ImportProgress {
	share: number;
	elapsedMs: number;
	rowsPerSecond: number;
}

/** What a finished import did. */
export interface ImportResult {
	fileName: string;
	rows: number;
	parseMs: number;
}

/**
 * Seconds without a row or byte more read after which the page says reading has stalled (progress comes ten
 * times a second while it moves). Reading goes on: a file on a network drive or a disk waking up may resume.
 */
export const STALL_SECONDS = 15;

export class ImportSession {
	phase = $state<ImportPhase>('idle');
	file = $state.raw<File | null>(null);
	preview = $state.raw<FilePreview | null>(null);
	/** The user's decision per column, edited in the mapping step. */
	mapping = $state<ColumnMapping[]>([]);
	/** The as-of date of every row when no column has that role (yyyy-mm-dd). */
	asOf = $state('');
	progress = $state.raw<ParseProgress | null>(null);
	/** While reading: seconds since it last got further, once that is STALL_SECONDS or more; else null. */
	stalledSeconds = $state<number | null>(null);
	/**
	 * Counts the times this session changed what the browser stores outside the workspace's commits: the file's
	 * blocks staged (the report is shown) and an unfinished import's blocks removed. The Data page's storage
	 * figure is read again on each.
	 */
	storageChanges = $state(0);
	/** What the parse found (counts and problems); the columns themselves stay in the worker until Import. */
	parsed = $state.raw<ParseSummary | null>(null);
	duplicates = $state.raw<DuplicateSummary | null>(null);
	duplicateChoice = $state<DuplicateChoice>('last');
	/** Why the import failed, in words for the user. */
	error = $state<string | null>(null);
	result = $state.raw<ImportResult | null>(null);
	/**
	 * How the file read meets the imports stored (rows it replaces, IDs it joins or matches none of), once counted
	 * after reading; null before, and when there is nothing stored to meet.
	 */
	overlap = $state.raw<ImportOverlap | null>(null);
	/** True while the overlap is being counted. */
	countingOverlap = $state(false);
	/** The mapping of the last import of a file with the same columns, applied to this file; null when there is none. */
	remembered = $state.raw<ColumnMapping[] | null>(null);
	/** Whether the mapping step started from the remembered mapping rather than Checkup's proposal. */
	usingRemembered = $state(false);

	/** What stops the mapping from being used; empty when the user may continue. */
	mappingProblems: string[] = $derived.by(() => {
		const problems = checkMapping(this.mapping);
		if (!this.mapping.some((m) => m.role === 'asOf') && !isOutcomeMapping(this.mapping) && !isIsoDate(this.asOf)) problems.push('Enter the date these figures are as of.');
		return problems;
	});
	/**
	 * A word about an as-of date after today (a typo in the year, or a month ahead): allowed, since the user may
	 * mean it, but said, because every score of the file is dated then. Null when there is nothing to say.
	 */
	get asOfNotice(): string | null {
		if (this.mapping.some((m) => m.role === 'asOf') || isOutcomeMapping(this.mapping) || !isIsoDate(this.asOf)) return null;
		const today = localDate(this.#now());
		return this.asOf > today ? `${this.asOf} is after today (${today}): every row of this file will be dated then. Is that the date these figures are as of?` : null;
	}
	/** Rows keeping one row per ID drops (none while the choice is not to import): rows read = to import + skipped + these. */
	rowsDropped: number = $derived(this.parsed && this.duplicates && this.duplicateChoice !== 'abort' ? this.duplicates.extraRows : 0);
	/** Rows the import will store, after the duplicate choice. */
	rowsToImport: number = $derived(this.parsed ? this.parsed.rowCount - this.rowsDropped : 0);
	/** Why Import is not possible from the report, or null. */
	importBlocker: string | null = $derived.by(() => {
		if (!this.parsed) return null;
		if (this.parsed.rowCount === 0) return 'No row of the file could be read: there is nothing to import.';
		if (this.duplicates?.ids && this.duplicateChoice === 'abort') return 'Fix the duplicate customer IDs in the file, then import it again.';
		return null;
	});

	#deps: ImportDeps;
	#worker: ImportWorker | null = null;
	/** The text and date columns of the file being read, as the worker sends them. */
	#text = new StreamedText();
	/** The text and date cells of the file read, by column, from the report on. */
	#textColumns: Map<string, TextValues> | null = null;
	/** The `build` under way: its answer settles it. */
	#building: { resolve: (built: Built) => void; reject: (err: Error) => void } | null = null;
	/** Answers the pending ask for the as-of dates (see #askAsOfDates). */
	#asOfDates: ((dates: DateCodes | null) => void) | null = null;
	#run = 0;
	#startedAt = 0;
	/** The import whose columns the worker is storing, until it is committed or removed. */
	#staged: { id: string; release: () => void } | null = null;
	#proposal: ColumnMapping[] = [];
	/** When reading last got further (#now's milliseconds), and the timer that looks whether it has stalled. */
	#advancedAt = 0;
	#watch: ReturnType<typeof setInterval> | null = null;

	constructor(deps: ImportDeps) {
		this.#deps = deps;
	}

	#now(): Date {
		return this.#deps.now?.() ?? new Date();
	}

	/** Starts over with a new file: reads its head and proposes a mapping. */
	choose(file: File): void {
		if (this.phase === 'committing') return;
		this.#clear();
		this.file = file;
		this.asOf = localDate(this.#now());
		this.phase = 'previewing';
		this.#post({ type: 'preview', file }, this.#startWorker());
	}

	/** Changes a column's type; a column becoming a date gets the format its samples show, if they show one. */
	setType(index: number, type: ValueType): void {
		const m = this.#column(index);
		m.type = type;
		if (type !== 'date') {
			delete m.dateFormat;
			return;
		}
		const profile = this.preview?.columns.find((c) => c.index === index);
		const found = profile?.dateFormat ?? (profile ? detectDateFormat(profile.samples) : null);
		if (found === 'iso' || found === 'mdy' || found === 'dmy') m.dateFormat = found;
	}

	setRole(index: number, role: ColumnRole): void {
		this.#column(index).role = role;
	}

	/**
	 * Sets many columns at once between Metric and Ignore (a wide file's columns found by a filter): Metric goes to
	 * the ignored columns of a type that can be scored, Ignore to the metrics; other roles are left alone.
	 */
	setMetrics(indices: readonly number[], role: 'metric' | 'ignore'): void {
		const wanted = new Set(indices);
		for (const m of this.mapping) {
			if (!wanted.has(m.index)) continue;
			if (role === 'ignore' && m.role === 'metric') m.role = 'ignore';
			else if (role === 'metric' && m.role === 'ignore' && (m.type === 'number' || m.type === 'boolean' || m.type === 'category')) m.role = 'metric';
		}
	}

	setDateFormat(index: number, format: DateFormat | undefined): void {
		const m = this.#column(index);
		if (format) m.dateFormat = format;
		else delete m.dateFormat;
	}

	/** Starts the mapping over from Checkup's proposal for this file. */
	useProposal(): void {
		if (this.phase !== 'mapping') return;
		this.mapping = structuredClone(this.#proposal);
		this.usingRemembered = false;
	}

	/** Starts the mapping over from the one the last import of these columns used. */
	useRemembered(): void {
		if (this.phase !== 'mapping' || !this.remembered) return;
		this.mapping = structuredClone(this.remembered);
		this.usingRemembered = true;
	}

	/** Reads the whole file with the mapping, once the mapping has no problems. */
	parse(): void {
		if (this.phase !== 'mapping' || !this.file || !this.preview || this.mappingProblems.length) return;
		const mapping = $state.snapshot(this.mapping) as ColumnMapping[];
		const totalBytes = this.file.size;
		this.progress = { rows: 0, bytes: 0, totalBytes, share: 0, elapsedMs: 0, rowsPerSecond: 0 };
		this.#startedAt = this.#now().getTime();
		this.#text = new StreamedText();
		this.phase = 'parsing';
		this.#watchForStall();
		const staging = this.#deps.staging;
		const datasetId = `file-${this.#startedAt}`;
		this.#dropStaged();
		if (staging) this.#staged = { id: datasetId, release: staging.hold(datasetId) };
		this.#post({
			type: 'parse',
			file: this.file,
			mapping,
			dialect: this.preview.dialect,
			idName: mapping.find((m) => m.role === 'id')?.name,
			asOfName: mapping.find((m) => m.role === 'asOf')?.name,
			stage: staging ? { database: staging.database, datasetId } : undefined
		});
	}

	/** Stops the import at any step before committing; the workspace is untouched. */
	cancel(): void {
		if (!['previewing', 'mapping', 'parsing', 'report'].includes(this.phase)) return;
		const worker = this.#worker;
		this.#run++;
		this.#worker = null;
		this.#asOfDates?.(null);
		this.#asOfDates = null;
		if (worker) {
			// Let the worker stop reading cleanly, but never keep it alive for long.
			// What it stored goes once it has stopped writing (or was stopped).
			const staged = this.#takeStaged();
			let stopped = false;
			const stop = () => {
				if (stopped) return;
				stopped = true;
				worker.terminate();
				this.#discard(staged);
			};
			worker.onmessage = (event) => {
				if (event.data.type === 'cancelled') stop();
			};
			worker.postMessage({ type: 'cancel' });
			setTimeout(stop, 1000);
		} else this.#dropStaged();
		this.#text = new StreamedText();
		this.#textColumns = null;
		this.parsed = null;
		this.overlap = null;
		this.duplicates = null;
		this.#stopWatch();
		this.phase = 'cancelled';
	}

	/**
	 * Adds the parsed file to the workspace: the worker drops duplicates as chosen and builds the dataset and
	 * its scorecard, the page puts the text cells in and commits.
	 */
	async commit(): Promise<void> {
		if (this.phase !== 'report' || !this.parsed || !this.file || this.importBlocker || !this.#worker || !this.#textColumns) return;
		this.phase = 'committing';
		const mapping = $state.snapshot(this.mapping) as ColumnMapping[];
		const text = this.#textColumns;
		const now = this.#now();
		const staged = this.#staged;
		try {
			const built = await new Promise<Built>((resolve, reject) => {
				this.#building = { resolve, reject };
				this.#post({
					type: 'build',
					mapping,
					asOf: this.asOf,
					duplicateChoice: this.duplicateChoice === 'first' ? 'first' : 'last',
					id: staged?.id ?? `file-${now.getTime()}`,
					fileName: this.file?.name ?? '',
					fileSize: this.file?.size ?? 0,
					importedAt: now.toISOString()
				});
			}).finally(() => {
				this.#building = null;
				this.#stopWorker();
			});
			const dataset = withText(built, text);
			await this.#deps.commit(dataset, built.scorecard, { staged: built.staged === true });
			// The blocks are the dataset's now.
			this.#takeStaged()?.release();
			await this.#remember(mapping);
			this.result = { fileName: dataset.meta.name, rows: dataset.meta.rowCount, parseMs: this.progress?.elapsedMs ?? 0 };
			this.parsed = null;
			this.overlap = null;
			this.phase = 'done';
		} catch (err) {
			this.#fail(`The import failed; your workspace is unchanged. ${message(err)}`);
		}
	}

	/** Back to the start (after done, failed or cancelled). */
	reset(): void {
		if (this.phase === 'committing') return;
		this.#clear();
		this.phase = 'idle';
	}

	#column(index: number): ColumnMapping {
		const m = this.mapping.find((c) => c.index === index);
		if (!m) throw new Error(`no column at index ${index}`);
		return m;
	}

	#startWorker(): number {
		const run = ++this.#run;
		const worker = this.#deps.worker();
		worker.onmessage = (event) => {
			if (run === this.#run) this.#receive(event.data);
		};
		worker.onerror = (event) => {
			event.preventDefault?.();
			if (run !== this.#run) return;
			const why = `The import stopped unexpectedly: ${event.message || 'the worker failed'}`;
			if (this.#building) this.#building.reject(new Error(why));
			else this.#fail(why);
		};
		this.#worker = worker;
		return run;
	}

	#post(message: ToImportWorker, run = this.#run): void {
		if (run === this.#run) this.#worker?.postMessage(message);
	}

	#receive(message: FromImportWorker): void {
		switch (message.type) {
			case 'preview':
				if (this.phase !== 'previewing') return;
				if (this.#deps.memory) void this.#recall(message.preview, message.mapping);
				else this.#toMapping(message.preview, message.mapping, null);
				return;
			case 'progress':
				if (this.phase !== 'parsing') return;
				if (!this.progress || message.rows > this.progress.rows || message.bytes > this.progress.bytes) {
					this.#advancedAt = this.#now().getTime();
					this.stalledSeconds = null;
				}
				this.progress = this.#progress(message);
				return;
			case 'text':
				if (this.phase === 'parsing') this.#receiveText(() => this.#text.add(message.name, message.at, message.cells));
				return;
			case 'done': {
				if (this.phase !== 'parsing') return;
				const { summary } = message;
				const text = this.#receiveText(() => this.#text.finish(message.text, summary.rowCount));
				if (!text) return;
				this.progress = this.#progress({ rows: summary.rowCount, bytes: this.progress?.totalBytes ?? 0, totalBytes: this.progress?.totalBytes ?? 0 });
				this.#textColumns = text;
				this.#text = new StreamedText();
				this.parsed = summary;
				this.duplicates = message.duplicates;
				this.duplicateChoice = 'last';
				// The worker stays: it holds the parsed columns for Import.
				this.#stopWatch();
				this.phase = 'report';
				if (this.#staged) this.storageChanges++;
				void this.#countOverlap(text);
				return;
			}
			case 'built':
				this.#building?.resolve(message);
				return;
			case 'asOfDates':
				this.#asOfDates?.(message.dates);
				this.#asOfDates = null;
				return;
			case 'cancelled':
				return;
			case 'error':
				if (this.#building) this.#building.reject(new Error(message.message));
				else this.#fail(message.message);
		}
	}

	/** Counts how the file meets the stored imports, in steps so the page keeps painting; a failure only leaves the count out. */
	async #countOverlap(text: Map<string, TextValues>): Promise<void> {
		const stored = this.#deps.stored?.() ?? [];
		const mapping = this.mapping;
		const ids = text.get(mapping.find((m) => m.role === 'id')?.name ?? '');
		const asOfName = mapping.find((m) => m.role === 'asOf')?.name;
		if (stored.length === 0 || !ids) return;
		const run = this.#run;
		const outcomeRoles = OUTCOME_ROLES.filter((role) => mapping.some((m) => m.role === role));
		this.countingOverlap = true;
		try {
			// An as-of column's dates stay in the worker (the page never uses a million of them as strings): asked for as codes.
			const asOf = asOfName === undefined ? this.asOf : await this.#askAsOfDates(run);
			if (asOf === null || run !== this.#run || this.phase !== 'report') return;
			// Stopped once Import is clicked (or the import ends): its count then only takes time from the commit.
			const counting = importOverlap(stored, { ids, asOf, outcomeRoles, outcomesOnly: isOutcomeMapping(mapping) });
			const overlap = await runInSteps(whileWanted(counting, () => run === this.#run && this.phase === 'report', null));
			if (overlap && run === this.#run && this.phase === 'report') this.overlap = overlap;
		} catch {
			// The report then says what it always said.
		} finally {
			if (run === this.#run) this.countingOverlap = false;
		}
	}

	/** The as-of dates of the file read, from the worker that holds them; null when it has none to give, or the import moved on. */
	#askAsOfDates(run: number): Promise<DateCodes | null> {
		return new Promise((resolve) => {
			this.#asOfDates?.(null);
			this.#asOfDates = resolve;
			this.#post({ type: 'asOfDates' }, run);
			if (run !== this.#run || !this.#worker) resolve(null);
		});
	}

	/** Runs a step of putting the text columns together; a failure fails the import (a worker bug, not the file). */
	#receiveText<T>(step: () => T): T | undefined {
		try {
			return step();
		} catch (err) {
			this.#fail(`The import stopped unexpectedly: ${message(err)}`);
			return undefined;
		}
	}

	/** Looks up a remembered mapping for the file's columns; a lookup that fails is no mapping. */
	async #recall(preview: FilePreview, proposal: ColumnMapping[]): Promise<void> {
		const run = this.#run;
		const names = preview.columns.map((c) => c.name);
		const stored = await this.#deps.memory?.load(headerSetKey(names)).catch(() => undefined);
		if (run !== this.#run || this.phase !== 'previewing') return;
		const remembered = readRemembered(stored, names);
		this.#toMapping(preview, proposal, remembered ? applyRemembered(proposal, remembered) : null);
	}

	#toMapping(preview: FilePreview, proposal: ColumnMapping[], remembered: ColumnMapping[] | null): void {
		this.preview = preview;
		this.#proposal = proposal;
		this.remembered = remembered;
		this.usingRemembered = remembered !== null;
		this.mapping = structuredClone(remembered ?? proposal);
		this.phase = 'mapping';
	}

	/** Remembers the mapping a file was imported with. The import has already succeeded: failing to remember it is not an error. */
	async #remember(mapping: ColumnMapping[]): Promise<void> {
		const memory = this.#deps.memory;
		const names = this.preview?.columns.map((c) => c.name);
		if (!memory || !names) return;
		await memory.save(headerSetKey(names), toRemembered(names, mapping)).catch(() => undefined);
	}

	#progress(p: ImportProgress): ParseProgress {
		const elapsedMs = Math.max(0, this.#now().getTime() - this.#startedAt);
		return {
			rows: p.rows,
			bytes: p.bytes,
			totalBytes: p.totalBytes,
			share: p.totalBytes > 0 ? Math.min(1, p.bytes / p.totalBytes) : 1,
			elapsedMs,
			rowsPerSecond: elapsedMs > 0 ? (p.rows / elapsedMs) * 1000 : 0
		};
	}

	/** Looks every second, while reading, whether it has got further in the last STALL_SECONDS; stops on its own once reading has ended. */
	#watchForStall(): void {
		this.#stopWatch();
		this.#advancedAt = this.#now().getTime();
		this.#watch = setInterval(() => {
			if (this.phase !== 'parsing') return this.#stopWatch();
			const seconds = Math.floor((this.#now().getTime() - this.#advancedAt) / 1000);
			this.stalledSeconds = seconds >= STALL_SECONDS ? seconds : null;
			// The elapsed time and speed go on with the clock, so a stalled reading's speed falls instead of standing still.
			if (this.stalledSeconds !== null && this.progress) this.progress = this.#progress(this.progress);
		}, 1000);
	}

	#stopWatch(): void {
		if (this.#watch !== null) clearInterval(this.#watch);
		this.#watch = null;
		this.stalledSeconds = null;
	}

	/** The staged import, which is then no longer this session's to remove. */
	#takeStaged(): { id: string; release: () => void } | null {
		const staged = this.#staged;
		this.#staged = null;
		return staged;
	}

	/** Removes what an import that did not finish stored, then lets it go. */
	#discard(staged: { id: string; release: () => void } | null): void {
		if (!staged) return;
		const discard = this.#deps.staging?.discard(staged.id) ?? Promise.resolve();
		// A removal that fails leaves blocks of no dataset: the next start removes them.
		void discard
			.catch(() => {})
			.finally(() => {
				staged.release();
				this.storageChanges++;
			});
	}

	/** The worker is stopped (or stopping): remove what it stored. */
	#dropStaged(): void {
		this.#discard(this.#takeStaged());
	}

	#fail(why: string): void {
		this.#stopWorker();
		this.#dropStaged();
		this.parsed = null;
		this.overlap = null;
		this.error = why;
		this.phase = 'failed';
	}

	#stopWorker(): void {
		this.#stopWatch();
		this.#asOfDates?.(null);
		this.#asOfDates = null;
		this.#worker?.terminate();
		this.#worker = null;
		this.#text = new StreamedText();
		this.#textColumns = null;
	}

	#clear(): void {
		this.#run++;
		this.#stopWorker();
		this.#dropStaged();
		this.file = null;
		this.preview = null;
		this.mapping = [];
		this.progress = null;
		this.parsed = null;
		this.overlap = null;
		this.duplicates = null;
		this.duplicateChoice = 'last';
		this.error = null;
		this.result = null;
		this.remembered = null;
		this.usingRemembered = false;
		this.#proposal = [];
	}
}

/**
 * The dataset the worker built with the text cells of the page put in: for each column the worker sent empty,
 * its cells of the rows kept. Throws when the cells do not fit.
 */
function withText(built: Built, text: ReadonlyMap<string, TextValues>): Dataset {
	const { meta, table } = built.dataset;
	const columns: Record<string, Column> = { ...table.columns };
	for (const name of built.text) {
		const all = text.get(name);
		if (!all) throw new Error(`the cells of column "${name}" never arrived`);
		let values = all;
		const rows = built.rows;
		if (rows && all instanceof PackedTexts) values = all.pick(rows);
		else if (rows) {
			const kept = new Array<string | null>(rows.length);
			for (let k = 0; k < rows.length; k++) kept[k] = textCell(all, rows[k]);
			values = kept;
		}
		// Defined, not assigned, so a column named "__proto__" is an ordinary key.
		Object.defineProperty(columns, name, { value: { kind: 'text', values }, enumerable: true, writable: true, configurable: true });
	}
	return { meta, table: assertTable({ rowCount: table.rowCount, columns }) };
}

function message(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}
