/**
 * One CSV import, step by step: preview → mapping → parsing → report → commit. The file is read by a
 * worker, which keeps the parsed columns and, on Import, builds the dataset and its scorecard; the page
 * keeps only the text cells it was sent while the file was read. Nothing reaches the workspace until the
 * user clicks Import in the report, so cancelling or a failure at any step leaves it as it was.
 */
import type { ColumnMapping, ColumnRole, DateFormat, FilePreview, ValueType } from '../core/csv/types';
import { isOutcomeMapping } from '../core/csv/dataset';
import { asOfNotice, mappedColumn, mappingProblems, setColumnDateFormat, setColumnType, setMetricRoles } from '../core/csv/mapping-edits';
import { StreamedText, withText } from '../core/csv/streamed-text';
import { isoDateInName, localDate } from '../core/dates';
import type { Dataset } from '../core/dataset';
import type { Scorecard } from '../core/scorecard';
import { importOverlap, type ImportOverlap, type OutcomeRole } from '../core/import-overlap';
import { importBlocker, rowsDropped, type DuplicateChoice } from '../core/import-report';
import { whileWanted } from '../core/steps';
import type { TextValues } from '../core/text-values';
import { runInSteps } from '../workers/next-task';
import type { DuplicateSummary, FromImportWorker, ParseSummary } from '../workers/protocol';
import { ImportChannel, type ImportWorker } from './import-channel';
import { recallMapping, rememberMapping, type MappingMemory } from './import-memory';
import { ReadingProgress, type ParseProgress } from './import-progress.svelte';
import { StagedBlocks, type ImportStaging } from './import-staged.svelte';

export type { DuplicateChoice, ImportStaging, ImportWorker, MappingMemory, ParseProgress };
export { STALL_SECONDS } from './import-progress.svelte';

const OUTCOME_ROLES: readonly OutcomeRole[] = ['outcome', 'churnDate', 'renewalDate'];

export type ImportPhase = 'idle' | 'previewing' | 'mapping' | 'parsing' | 'report' | 'committing' | 'done' | 'failed' | 'cancelled';

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

/** What a finished import did. */
export interface ImportResult {
	fileName: string;
	rows: number;
	parseMs: number;
}

export class ImportSession {
	phase = $state<ImportPhase>('idle');
	file = $state.raw<File | null>(null);
	preview = $state.raw<FilePreview | null>(null);
	/** The user's decision per column, edited in the mapping step. */
	mapping = $state<ColumnMapping[]>([]);
	/** The as-of date of every row when no column has that role (yyyy-mm-dd). */
	asOf = $state('');
	/** Whether `asOf` was proposed from a date in the file's name rather than today's. */
	asOfFromName = $state(false);
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
	mappingProblems: string[] = $derived(mappingProblems(this.mapping, this.asOf));
	/** Rows keeping one row per ID drops (none while the choice is not to import): rows read = to import + skipped + these. */
	rowsDropped: number = $derived(rowsDropped(this.parsed, this.duplicates, this.duplicateChoice));
	/** Rows the import will store, after the duplicate choice. */
	rowsToImport: number = $derived(this.parsed ? this.parsed.rowCount - this.rowsDropped : 0);
	/** Why Import is not possible from the report, or null. */
	importBlocker: string | null = $derived(importBlocker(this.parsed, this.duplicates, this.duplicateChoice));

	#deps: ImportDeps;
	#channel: ImportChannel;
	#reading: ReadingProgress;
	#staged: StagedBlocks;
	/** The text and date columns of the file being read, as the worker sends them. */
	#text = new StreamedText();
	/** The text and date cells of the file read, by column, from the report on. */
	#textColumns: Map<string, TextValues> | null = null;
	#proposal: ColumnMapping[] = [];

	constructor(deps: ImportDeps) {
		this.#deps = deps;
		this.#channel = new ImportChannel(deps.worker, { receive: (message) => this.#receive(message), fail: (why) => this.#fail(why) });
		this.#reading = new ReadingProgress(() => this.#now(), () => this.phase === 'parsing');
		this.#staged = new StagedBlocks(deps.staging);
	}

	/** Parsing progress: rows, bytes, share and speed. */
	get progress(): ParseProgress | null {
		return this.#reading.progress;
	}

	/** While reading: seconds since it last got further, once that is STALL_SECONDS or more; else null. */
	get stalledSeconds(): number | null {
		return this.#reading.stalledSeconds;
	}

	/**
	 * Counts the times this session changed what the browser stores outside the workspace's commits: the file's
	 * blocks staged (the report is shown) and an unfinished import's blocks removed. The Data page's storage
	 * figure is read again on each.
	 */
	get storageChanges(): number {
		return this.#staged.changes;
	}

	/**
	 * A word about an as-of date after today (a typo in the year, or a month ahead): allowed, since the user may
	 * mean it, but said, because every score of the file is dated then. Null when there is nothing to say.
	 */
	get asOfNotice(): string | null {
		return asOfNotice(this.mapping, this.asOf, localDate(this.#now()));
	}

	#now(): Date {
		return this.#deps.now?.() ?? new Date();
	}

	/** Starts over with a new file: reads its head and proposes a mapping. */
	choose(file: File): void {
		if (this.phase === 'committing') return;
		this.#clear();
		this.file = file;
		// A monthly export named by its date is as of that date more often than as of today.
		const named = isoDateInName(file.name);
		this.asOf = named ?? localDate(this.#now());
		this.asOfFromName = named !== null;
		this.phase = 'previewing';
		this.#channel.post({ type: 'preview', file }, this.#channel.start());
	}

	/** Changes a column's type; a column becoming a date gets the format its samples show, if they show one. */
	setType(index: number, type: ValueType): void {
		setColumnType(this.mapping, this.preview, index, type);
	}

	setRole(index: number, role: ColumnRole): void {
		mappedColumn(this.mapping, index).role = role;
	}

	/**
	 * Sets many columns at once between Metric and Ignore (a wide file's columns found by a filter): Metric goes to
	 * the ignored columns of a type that can be scored, Ignore to the metrics; other roles are left alone.
	 */
	setMetrics(indices: readonly number[], role: 'metric' | 'ignore'): void {
		setMetricRoles(this.mapping, indices, role);
	}

	setDateFormat(index: number, format: DateFormat | undefined): void {
		setColumnDateFormat(this.mapping, index, format);
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
		this.#text = new StreamedText();
		this.phase = 'parsing';
		const datasetId = `file-${this.#reading.start(this.file.size)}`;
		this.#staged.hold(datasetId);
		const staging = this.#deps.staging;
		this.#channel.post({
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
		// What the worker stored goes once it has stopped writing (or was stopped).
		const staged = this.#staged.take();
		if (!this.#channel.cancel(() => this.#staged.discard(staged))) this.#staged.discard(staged);
		this.#text = new StreamedText();
		this.#textColumns = null;
		this.parsed = null;
		this.overlap = null;
		this.duplicates = null;
		this.#reading.stop();
		this.phase = 'cancelled';
	}

	/**
	 * Adds the parsed file to the workspace: the worker drops duplicates as chosen and builds the dataset and
	 * its scorecard, the page puts the text cells in and commits.
	 */
	async commit(): Promise<void> {
		if (this.phase !== 'report' || !this.parsed || !this.file || this.importBlocker || !this.#channel.open || !this.#textColumns) return;
		this.phase = 'committing';
		const mapping = $state.snapshot(this.mapping) as ColumnMapping[];
		const text = this.#textColumns;
		const now = this.#now();
		try {
			const built = await this.#channel
				.build({
					mapping,
					asOf: this.asOf,
					duplicateChoice: this.duplicateChoice === 'first' ? 'first' : 'last',
					id: this.#staged.current?.id ?? `file-${now.getTime()}`,
					fileName: this.file.name,
					fileSize: this.file.size,
					importedAt: now.toISOString()
				})
				.finally(() => this.#stopWorker());
			const dataset = withText(built, text);
			await this.#deps.commit(dataset, built.scorecard, { staged: built.staged === true });
			// The blocks are the dataset's now.
			this.#staged.take()?.release();
			if (this.#deps.memory && this.preview) await rememberMapping(this.#deps.memory, this.preview, mapping);
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

	#receive(message: FromImportWorker): void {
		switch (message.type) {
			case 'preview':
				if (this.phase !== 'previewing') return;
				if (this.#deps.memory) void this.#recall(this.#deps.memory, message.preview, message.mapping);
				else this.#toMapping(message.preview, message.mapping, null);
				return;
			case 'progress':
				if (this.phase === 'parsing') this.#reading.advance(message);
				return;
			case 'text':
				if (this.phase === 'parsing') this.#receiveText(() => this.#text.add(message.name, message.at, message.cells));
				return;
			case 'done': {
				if (this.phase !== 'parsing') return;
				const { summary } = message;
				const text = this.#receiveText(() => this.#text.finish(message.text, summary.rowCount));
				if (!text) return;
				this.#reading.finish(summary.rowCount);
				this.#textColumns = text;
				this.#text = new StreamedText();
				this.parsed = summary;
				this.duplicates = message.duplicates;
				this.duplicateChoice = 'last';
				// The worker stays: it holds the parsed columns for Import.
				this.phase = 'report';
				this.#staged.stored();
				void this.#countOverlap(text);
				return;
			}
			case 'error':
				this.#fail(message.message);
		}
	}

	/** Counts how the file meets the stored imports, in steps so the page keeps painting; a failure only leaves the count out. */
	async #countOverlap(text: Map<string, TextValues>): Promise<void> {
		const stored = this.#deps.stored?.() ?? [];
		const mapping = this.mapping;
		const ids = text.get(mapping.find((m) => m.role === 'id')?.name ?? '');
		const asOfName = mapping.find((m) => m.role === 'asOf')?.name;
		if (stored.length === 0 || !ids) return;
		const run = this.#channel.run;
		const wanted = () => run === this.#channel.run && this.phase === 'report';
		const outcomeRoles = OUTCOME_ROLES.filter((role) => mapping.some((m) => m.role === role));
		this.countingOverlap = true;
		try {
			// An as-of column's dates stay in the worker (the page never uses a million of them as strings): asked for as codes.
			const asOf = asOfName === undefined ? this.asOf : await this.#channel.asOfDates(run);
			if (asOf === null || !wanted()) return;
			// Stopped once Import is clicked (or the import ends): its count then only takes time from the commit.
			const counting = importOverlap(stored, { ids, asOf, outcomeRoles, outcomesOnly: isOutcomeMapping(mapping) });
			const overlap = await runInSteps(whileWanted(counting, wanted, null));
			if (overlap && wanted()) this.overlap = overlap;
		} catch {
			// The report then says what it always said.
		} finally {
			if (run === this.#channel.run) this.countingOverlap = false;
		}
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

	async #recall(memory: MappingMemory, preview: FilePreview, proposal: ColumnMapping[]): Promise<void> {
		const run = this.#channel.run;
		const remembered = await recallMapping(memory, preview, proposal);
		if (run === this.#channel.run && this.phase === 'previewing') this.#toMapping(preview, proposal, remembered);
	}

	#toMapping(preview: FilePreview, proposal: ColumnMapping[], remembered: ColumnMapping[] | null): void {
		this.preview = preview;
		this.#proposal = proposal;
		this.remembered = remembered;
		this.usingRemembered = remembered !== null;
		this.mapping = structuredClone(remembered ?? proposal);
		this.phase = 'mapping';
	}

	#fail(why: string): void {
		this.#stopWorker();
		this.#staged.drop();
		this.parsed = null;
		this.overlap = null;
		this.error = why;
		this.phase = 'failed';
	}

	#stopWorker(): void {
		this.#reading.stop();
		this.#channel.stop();
		this.#text = new StreamedText();
		this.#textColumns = null;
	}

	#clear(): void {
		this.#channel.next();
		this.#stopWorker();
		this.#staged.drop();
		this.file = null;
		this.preview = null;
		this.mapping = [];
		this.#reading.clear();
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

function message(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}
