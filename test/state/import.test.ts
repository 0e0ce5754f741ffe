/** The import session, driven through a fake worker that answers like the real one. The workspace commit is a spy. */
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import type { ColumnMapping, ColumnProfile, FilePreview, ParsedColumns } from '../../src/lib/core/csv/types';
import type { Dataset } from '../../src/lib/core/dataset';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { encodeCategories } from '../../src/lib/core/table';
import { sendable } from '../../src/lib/core/csv/streamed-text';
import { PackedTexts, textArray } from '../../src/lib/core/text-values';
import type { Column } from '../../src/lib/core/table';

/** The cells of a text column the page committed: packed, as the worker sent them. */
function textsOf(column: Column): (string | null)[] {
	if (column.kind !== 'text' || !(column.values instanceof PackedTexts)) throw new Error(`not a packed text column: ${JSON.stringify(column)}`);
	return textArray(column.values);
}
import { ImportSession, STALL_SECONDS, type ImportStaging, type ImportWorker, type MappingMemory } from '../../src/lib/state/import.svelte';
import { headerSetKey, toRemembered } from '../../src/lib/core/csv/remember';
import { profileColumns } from '../../src/lib/core/csv/profile';
import type { DuplicateSummary, FromImportWorker, ToImportWorker } from '../../src/lib/workers/protocol';
import { build, doneMessage, textColumnsOf, type HeldParse } from '../../src/lib/workers/build';

/**
 * Answers `build` as the real worker does (the same build function, on what `finish` left it holding), a
 * microtask later; `onBuild` replaces that answer.
 */
class FakeWorker implements ImportWorker {
	sent: ToImportWorker[] = [];
	terminated = false;
	held: HeldParse | null = null;
	onBuild: ((worker: FakeWorker) => void) | null = null;
	onmessage: ((event: MessageEvent<FromImportWorker>) => void) | null = null;
	onerror: ((event: ErrorEvent) => void) | null = null;
	postMessage(message: ToImportWorker): void {
		// What postMessage does: a Svelte state proxy in the message would fail here as it fails in the browser.
		const sent = structuredClone(message);
		this.sent.push(sent);
		if (sent.type !== 'build') return;
		queueMicrotask(() => {
			if (this.onBuild) return this.onBuild(this);
			if (!this.held) return this.reply({ type: 'error', message: 'Checkup could not build the dataset: no file has been read' });
			const { built } = build(this.held, sent);
			this.held = null;
			this.reply({ type: 'built', ...built });
		});
	}
	terminate(): void {
		this.terminated = true;
	}
	reply(message: FromImportWorker): void {
		if (this.terminated) return;
		this.onmessage?.(new MessageEvent('message', { data: message }));
		flushSync();
	}
}

const profile = (index: number, name: string, type: ColumnProfile['type'], role: ColumnProfile['role'], extra: Partial<ColumnProfile> = {}): ColumnProfile => ({
	index, header: name, name, type, role, samples: [], missingShare: 0, distinct: 3, ...extra
});

const COLUMNS = [profile(0, 'account', 'text', 'id'), profile(1, 'seats', 'number', 'metric'), profile(2, 'churned', 'boolean', 'outcome')];

function previewOf(columns: ColumnProfile[] = COLUMNS): FilePreview {
	return {
		fileName: 'customers.csv',
		fileSize: 120,
		dialect: { encoding: 'utf-8', bom: false, delimiter: ',', decimalComma: false },
		notices: [],
		columns,
		sampledRows: 3
	};
}

const mappingOf = (preview: FilePreview): ColumnMapping[] =>
	preview.columns.map((c) => ({ index: c.index, name: c.name, type: c.type, role: c.role, ...(c.dateFormat && c.dateFormat !== 'ambiguous' ? { dateFormat: c.dateFormat } : {}) }));

function parsedOf(ids: string[]): ParsedColumns {
	const n = ids.length;
	return {
		rowCount: n,
		columns: {
			account: { kind: 'text', values: ids },
			seats: { kind: 'number', values: Float64Array.from(ids, (_, i) => (i + 1) * 10) },
			churned: encodeCategories(ids.map((_, i) => (i === 0 ? 'Yes' : 'No')), ['No', 'Yes'])
		},
		sourceRows: Int32Array.from(ids, (_, i) => i + 2),
		problems: [{ row: 3, column: 'seats', value: '<script>', message: 'not a number', action: 'treated as missing' }],
		problemCount: 1,
		rowsRead: n,
		rowsSkipped: 0
	};
}

const NO_DUPLICATES: DuplicateSummary = { listed: [], ids: 0, extraRows: 0 };

/**
 * What the worker does at the end of reading `parsed`: sends the cells of its text columns (in two steps),
 * keeps the columns (the ID's text whole, the other text columns emptied, as the ColumnBuilder leaves them)
 * and sends the report.
 */
function finish(worker: FakeWorker, parsed: ParsedColumns, duplicates: DuplicateSummary, keep: readonly string[] = ['account']) {
	const text = textColumnsOf(parsed);
	const columns: ParsedColumns['columns'] = {};
	for (const name of text) {
		const column = parsed.columns[name];
		if (column.kind !== 'text') continue;
		const cut = Math.floor(column.values.length / 2);
		const values = textArray(column.values);
		worker.reply({ type: 'text', name, at: 0, cells: sendable({ values: values.slice(0, cut) }) });
		worker.reply({ type: 'text', name, at: cut, cells: sendable({ values: values.slice(cut) }) });
	}
	for (const [name, column] of Object.entries(parsed.columns)) columns[name] = column.kind === 'text' && !keep.includes(name) ? { kind: 'text', values: [] } : column;
	worker.held = { parsed: { ...parsed, columns }, text, duplicates, notices: [], reader: 'javascript' };
	worker.reply(doneMessage(worker.held));
}

/** The staging deps as a log: what was held, released and discarded, in order. */
function stagingLog() {
	const events: string[] = [];
	const staging: ImportStaging = {
		database: 'checkup-test',
		hold: (id) => {
			events.push(`hold ${id}`);
			return () => events.push(`release ${id}`);
		},
		discard: async (id) => {
			events.push(`discard ${id}`);
		}
	};
	return { events, staging };
}

function setup(options: { commit?: (d: Dataset, s: Scorecard | null, o?: { staged: boolean }) => Promise<void>; memory?: MappingMemory; staging?: ImportStaging } = {}) {
	const workers: FakeWorker[] = [];
	let clock = Date.parse('2026-03-01T09:00:00Z');
	const commit = vi.fn(options.commit ?? (async () => {}));
	const session = new ImportSession({
		worker: () => {
			const w = new FakeWorker();
			workers.push(w);
			return w;
		},
		commit,
		now: () => new Date(clock),
		memory: options.memory,
		staging: options.staging
	});
	const file = new File(['account,seats,churned\nA,10,Yes\n'], 'customers.csv', { type: 'text/csv' });
	return {
		session,
		commit,
		file,
		workers,
		worker: () => workers[workers.length - 1],
		tick: (ms: number) => (clock += ms)
	};
}

/** Chooses the file and lets the worker answer with the preview. */
function toMapping(t: ReturnType<typeof setup>, preview = previewOf()) {
	t.session.choose(t.file);
	t.worker().reply({ type: 'preview', preview, mapping: mappingOf(preview) });
}

// Some tests read and store a file several times through fake-indexeddb: up to 4.6 s in a whole unit run on a loaded
// 2-core machine, near vitest's 5 s default.
describe('ImportSession', { timeout: 60_000 }, () => {
	it('goes preview → mapping → parsing → report → commit, committing once with the mapped dataset and scorecard', async () => {
		const t = setup();
		const { session } = t;
		expect(session.phase).toBe('idle');
		session.choose(t.file);
		expect(session.phase).toBe('previewing');
		// (node's structuredClone turns a File into a Blob)
		expect(t.worker().sent).toEqual([{ type: 'preview', file: expect.any(Blob) }]);
		expect(session.asOf).toBe('2026-03-01');

		const preview = previewOf();
		t.worker().reply({ type: 'preview', preview, mapping: mappingOf(preview) });
		expect(session.phase).toBe('mapping');
		expect(session.mappingProblems).toEqual([]);

		session.parse();
		expect(session.phase).toBe('parsing');
		expect(t.worker().sent[1]).toMatchObject({ type: 'parse', mapping: mappingOf(preview), dialect: preview.dialect, idName: 'account' });
		t.tick(500);
		t.worker().reply({ type: 'progress', rows: 1000, bytes: 60, totalBytes: 120 });
		expect(session.progress).toMatchObject({ rows: 1000, share: 0.5, elapsedMs: 500, rowsPerSecond: 2000 });

		finish(t.worker(), parsedOf(['A', 'B', 'C']), NO_DUPLICATES);
		expect(session.phase).toBe('report');
		expect(session.rowsToImport).toBe(3);
		expect(session.importBlocker).toBeNull();
		// The worker keeps the parsed columns until Import.
		expect(t.worker().terminated).toBe(false);
		expect(t.commit).not.toHaveBeenCalled();

		await session.commit();
		expect(t.worker().terminated).toBe(true);
		expect(session.phase).toBe('done');
		expect(t.commit).toHaveBeenCalledTimes(1);
		const [dataset, scorecard] = t.commit.mock.calls[0];
		expect(dataset.meta).toMatchObject({ name: 'customers.csv', source: 'file', rowCount: 3, snapshots: ['2026-03-01'] });
		expect(dataset.meta.roles).toMatchObject({ id: 'account', outcome: 'churned', asOf: 'as_of' });
		expect(scorecard?.metrics.map((m) => m.column)).toEqual(['seats']);
		expect(session.result).toMatchObject({ fileName: 'customers.csv', rows: 3 });
	});

	it('keeps the user on the mapping until exactly one ID, a metric and every date format are chosen', () => {
		const t = setup();
		const columns = [...COLUMNS, profile(3, 'renewal', 'date', 'renewalDate', { dateFormat: 'ambiguous', samples: ['03/04/2026', '05/06/2026'] })];
		toMapping(t, previewOf(columns));
		const { session } = t;
		expect(session.mappingProblems).toEqual(['Choose how "renewal" writes its dates: month/day or day/month.']);
		session.parse();
		expect(session.phase).toBe('mapping');
		expect(t.worker().sent).toHaveLength(1);

		session.setDateFormat(3, 'dmy');
		session.setRole(0, 'name');
		flushSync();
		expect(session.mappingProblems).toEqual(['Choose which column identifies the customer.']);
		session.setRole(0, 'id');
		session.setRole(1, 'ignore');
		session.setRole(2, 'segment');
		flushSync();
		expect(session.mappingProblems).toEqual([
			'Choose at least one metric column to score. (A file of outcomes only has just a customer ID and churned, churn date or renewal date columns.)'
		]);
		session.setRole(2, 'outcome');
		session.setRole(1, 'metric');
		session.setType(2, 'category');
		flushSync();
		expect(session.mappingProblems).toEqual(['The Outcome (churned) column "churned" must be of type Yes/no, not Category.']);
		session.setType(2, 'boolean');
		session.asOf = '';
		flushSync();
		expect(session.mappingProblems).toEqual(['Enter the date these figures are as of.']);
		session.asOf = '2026-02-28';
		flushSync();
		expect(session.mappingProblems).toEqual([]);
		expect(session.asOfNotice).toBeNull();
		// After today (the clock's 2026-03-01): said, not refused.
		session.asOf = '2026-03-02';
		expect(session.asOfNotice).toBe('2026-03-02 is after today (2026-03-01): every row of this file will be dated then. Is that the date these figures are as of?');
		expect(session.mappingProblems).toEqual([]);
		session.asOf = '2026-03-01';
		expect(session.asOfNotice).toBeNull();
		session.asOf = '2026-02-28';
		session.parse();
		expect(session.phase).toBe('parsing');
		expect(t.worker().sent[1]).toMatchObject({ type: 'parse', mapping: [{}, {}, {}, { name: 'renewal', dateFormat: 'dmy' }] });
	});

	it('imports an outcomes file (ID and outcome columns only) without an as-of date and without a scorecard', async () => {
		const t = setup();
		toMapping(t);
		const { session } = t;
		session.setRole(1, 'ignore');
		session.asOf = '';
		flushSync();
		expect(session.mappingProblems).toEqual([]);
		session.parse();
		finish(t.worker(), parsedOf(['A', 'B', 'C']), NO_DUPLICATES);
		await session.commit();
		expect(session.phase).toBe('done');
		const [dataset, scorecard] = t.commit.mock.calls[0];
		expect(scorecard).toBeNull();
		expect(dataset.meta.roles).toEqual({ id: 'account', outcome: 'churned' });
		expect(dataset.meta.snapshots).toEqual([]);
		expect(dataset.meta.file).toEqual({ name: 'customers.csv', size: t.file.size, importedAt: '2026-03-01T09:00:00.000Z' });
	});

	it('a column changed to a date gets the format its samples show, or none when they fit both', () => {
		const t = setup();
		const columns = [...COLUMNS, profile(3, 'since', 'text', 'ignore', { samples: ['2025-01-31', '2025-02-28'] }), profile(4, 'when', 'text', 'ignore', { samples: ['03/04/2026'] })];
		toMapping(t, previewOf(columns));
		t.session.setType(3, 'date');
		t.session.setType(4, 'date');
		expect(t.session.mapping[3].dateFormat).toBe('iso');
		expect(t.session.mapping[4].dateFormat).toBeUndefined();
		t.session.setType(3, 'text');
		expect(t.session.mapping[3]).not.toHaveProperty('dateFormat');
	});

	it('cancel while parsing asks the worker to stop, ignores what it still sends, and never commits', async () => {
		const t = setup();
		toMapping(t);
		t.session.parse();
		const worker = t.worker();
		t.session.cancel();
		expect(t.session.phase).toBe('cancelled');
		expect(worker.sent.at(-1)).toEqual({ type: 'cancel' });
		finish(worker, parsedOf(['A']), NO_DUPLICATES);
		expect(t.session.phase).toBe('cancelled');
		expect(t.session.parsed).toBeNull();
		worker.reply({ type: 'cancelled' });
		expect(worker.terminated).toBe(true);
		await t.session.commit();
		expect(t.commit).not.toHaveBeenCalled();
	});

	it('says reading has stalled once no row or byte more came for STALL_SECONDS, and no more once it moves or ends', () => {
		vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
		try {
			const t = setup();
			toMapping(t);
			t.session.parse();
			const worker = t.worker();
			const progress = (rows: number, bytes: number) => worker.reply({ type: 'progress', rows, bytes, totalBytes: 1000 });
			const wait = (seconds: number) => {
				for (let s = 0; s < seconds; s++) {
					t.tick(1000);
					vi.advanceTimersByTime(1000);
				}
				flushSync();
			};
			progress(10, 100);
			wait(STALL_SECONDS - 1);
			expect(t.session.stalledSeconds).toBeNull();
			// Progress messages that report nothing new do not count as moving.
			progress(10, 100);
			wait(1);
			expect(t.session.stalledSeconds).toBe(STALL_SECONDS);
			const speed = t.session.progress!.rowsPerSecond;
			wait(5);
			expect(t.session.stalledSeconds).toBe(STALL_SECONDS + 5);
			// The speed shown falls with the clock while nothing comes.
			expect(t.session.progress!.rowsPerSecond).toBeLessThan(speed);
			expect(t.session.progress!.rows).toBe(10);
			expect(t.session.phase).toBe('parsing');
			progress(20, 200);
			expect(t.session.stalledSeconds).toBeNull();
			wait(STALL_SECONDS);
			expect(t.session.stalledSeconds).toBe(STALL_SECONDS);
			finish(worker, parsedOf(['A', 'B']), NO_DUPLICATES);
			expect(t.session.phase).toBe('report');
			expect(t.session.stalledSeconds).toBeNull();
			// The watch ended with the reading: nothing more is set, nothing keeps running.
			wait(STALL_SECONDS + 1);
			expect(t.session.stalledSeconds).toBeNull();
			expect(vi.getTimerCount()).toBe(0);
		} finally {
			vi.useRealTimers();
		}
	});

	it('a stalled reading can be cancelled: the watch stops with it', () => {
		vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
		try {
			const t = setup();
			toMapping(t);
			t.session.parse();
			t.tick(STALL_SECONDS * 1000);
			vi.advanceTimersByTime(1000);
			expect(t.session.stalledSeconds).toBe(STALL_SECONDS);
			t.session.cancel();
			expect(t.session.phase).toBe('cancelled');
			expect(t.session.stalledSeconds).toBeNull();
			vi.advanceTimersByTime(2000);
			expect(vi.getTimerCount()).toBe(0);
		} finally {
			vi.useRealTimers();
		}
	});

	it('abort in the report discards the parsed file without committing', async () => {
		const t = setup();
		toMapping(t);
		t.session.parse();
		finish(t.worker(), parsedOf(['A', 'B']), NO_DUPLICATES);
		t.session.cancel();
		expect(t.session.phase).toBe('cancelled');
		await t.session.commit();
		expect(t.commit).not.toHaveBeenCalled();
	});

	it('a file the worker cannot read fails with its message; the workspace is never touched', () => {
		const t = setup();
		t.session.choose(t.file);
		t.worker().reply({ type: 'error', message: 'This is a PNG image, not a CSV file.' });
		expect(t.session.phase).toBe('failed');
		expect(t.session.error).toBe('This is a PNG image, not a CSV file.');
		expect(t.worker().terminated).toBe(true);
		expect(t.commit).not.toHaveBeenCalled();
		// The user can choose another file at once.
		t.session.choose(t.file);
		expect(t.session.phase).toBe('previewing');
		expect(t.session.error).toBeNull();
	});

	it('a worker that dies while parsing fails the import', () => {
		const t = setup();
		toMapping(t);
		t.session.parse();
		t.worker().onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
		expect(t.session.phase).toBe('failed');
		expect(t.session.error).toContain('out of memory');
		expect(t.commit).not.toHaveBeenCalled();
	});

	it('a failing commit reports that the workspace is unchanged', async () => {
		const t = setup({ commit: async () => Promise.reject(new Error('QuotaExceededError: the disk is full')) });
		toMapping(t);
		t.session.parse();
		finish(t.worker(), parsedOf(['A']), NO_DUPLICATES);
		await t.session.commit();
		expect(t.session.phase).toBe('failed');
		expect(t.session.error).toBe('The import failed; your workspace is unchanged. QuotaExceededError: the disk is full');
	});

	describe('storing while reading', () => {
		const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

		it('asks the worker to store the file under the dataset id, holds it until Import, and commits it as staged', async () => {
			const { events, staging } = stagingLog();
			const t = setup({ staging });
			toMapping(t);
			t.session.parse();
			expect(t.worker().sent[1]).toMatchObject({ type: 'parse', stage: { database: 'checkup-test', datasetId: 'file-1772355600000' } });
			expect(events).toEqual(['hold file-1772355600000']);
			expect(t.session.storageChanges).toBe(0);
			finish(t.worker(), parsedOf(['A', 'B']), NO_DUPLICATES);
			// The report: the file's blocks are stored, so the storage figure is read again.
			expect(t.session.storageChanges).toBe(1);
			t.worker().onBuild = (w) => {
				const { built } = build(w.held!, w.sent.at(-1) as Extract<ToImportWorker, { type: 'build' }>);
				w.reply({ type: 'built', ...built, staged: true });
			};
			t.tick(60_000);
			await t.session.commit();
			expect(t.session.phase).toBe('done');
			// The build is asked for under the id the blocks were stored with, not the time of the click.
			expect(t.worker().sent.at(-1)).toMatchObject({ type: 'build', id: 'file-1772355600000' });
			expect(t.commit.mock.calls[0][0].meta.id).toBe('file-1772355600000');
			expect(t.commit.mock.calls[0][2]).toEqual({ staged: true });
			expect(events).toEqual(['hold file-1772355600000', 'release file-1772355600000']);
			// The commit's figure is the workspace's to read.
			expect(t.session.storageChanges).toBe(1);
		});

		it('a build that could not use what was stored commits the whole dataset', async () => {
			const t = setup({ staging: stagingLog().staging });
			toMapping(t);
			t.session.parse();
			finish(t.worker(), parsedOf(['A', 'B']), NO_DUPLICATES);
			await t.session.commit();
			expect(t.commit.mock.calls[0][2]).toEqual({ staged: false });
		});

		it('Cancel while reading removes what was stored once the worker has stopped writing', async () => {
			const { events, staging } = stagingLog();
			const t = setup({ staging });
			toMapping(t);
			t.session.parse();
			const worker = t.worker();
			t.session.cancel();
			await settle();
			expect(events).toEqual(['hold file-1772355600000']);
			worker.reply({ type: 'cancelled' });
			expect(worker.terminated).toBe(true);
			await settle();
			expect(events).toEqual(['hold file-1772355600000', 'discard file-1772355600000', 'release file-1772355600000']);
			expect(t.session.storageChanges).toBe(1);
		});

		it('Abort in the report, a failed reading, a failed commit or another file each remove what was stored', async () => {
			const cases: [string, (t: ReturnType<typeof setup>) => Promise<void> | void][] = [
				['abort', (t) => t.session.cancel()],
				['worker error', (t) => t.worker().reply({ type: 'error', message: 'The browser refused to store more data' })],
				['another file', (t) => t.session.choose(t.file)],
				['reset', (t) => t.session.reset()]
			];
			for (const [what, act] of cases) {
				const { events, staging } = stagingLog();
				const t = setup({ staging });
				toMapping(t);
				t.session.parse();
				if (what !== 'worker error') finish(t.worker(), parsedOf(['A']), NO_DUPLICATES);
				await act(t);
				await new Promise((resolve) => setTimeout(resolve, 1100));
				expect(events, what).toEqual(['hold file-1772355600000', 'discard file-1772355600000', 'release file-1772355600000']);
				// Once at the report (when there was one), once when the blocks were removed.
				expect(t.session.storageChanges, what).toBe(what === 'worker error' ? 1 : 2);
			}
			const { events, staging } = stagingLog();
			const t = setup({ staging, commit: async () => Promise.reject(new Error('the staged blocks of column "arr" are incomplete')) });
			toMapping(t);
			t.session.parse();
			finish(t.worker(), parsedOf(['A']), NO_DUPLICATES);
			await t.session.commit();
			await settle();
			expect(t.session.error).toBe('The import failed; your workspace is unchanged. the staged blocks of column "arr" are incomplete');
			expect(events).toEqual(['hold file-1772355600000', 'discard file-1772355600000', 'release file-1772355600000']);
		});
	});

	it('duplicate IDs: keep first or last drops the extra rows; "don’t import" blocks Import', async () => {
		const t = setup();
		toMapping(t);
		t.session.parse();
		const duplicates: DuplicateSummary = { listed: [{ id: 'A', rows: [2, 4] }], ids: 1, extraRows: 1 };
		finish(t.worker(), parsedOf(['A', 'B', 'A']), duplicates);
		// 3 read = 2 to import + 0 skipped + 1 dropped as a duplicate.
		expect(t.session.rowsToImport).toBe(2);
		expect(t.session.rowsDropped).toBe(1);
		expect(t.session.parsed!.rowsRead).toBe(t.session.rowsToImport + t.session.parsed!.rowsSkipped + t.session.rowsDropped);
		t.session.duplicateChoice = 'abort';
		flushSync();
		expect(t.session.importBlocker).toMatch(/duplicate customer IDs/);
		expect(t.session.rowsDropped).toBe(0);
		await t.session.commit();
		expect(t.commit).not.toHaveBeenCalled();
		t.session.duplicateChoice = 'first';
		flushSync();
		await t.session.commit();
		const [dataset] = t.commit.mock.calls[0];
		expect(dataset.meta.rowCount).toBe(2);
		// Keeping the first "A" keeps its 10 seats, not the last one's 30.
		const seats = dataset.table.columns.seats;
		expect(seats.kind === 'number' && Array.from(seats.values)).toEqual([10, 20]);
		expect(t.worker().sent.at(-1)).toMatchObject({ type: 'build', duplicateChoice: 'first' });
	});

	it('keep last: the worker drops the rows, the page takes the text cells of the rows kept', async () => {
		const t = setup();
		toMapping(t);
		t.session.parse();
		const duplicates: DuplicateSummary = { listed: [{ id: 'A', rows: [2, 5] }], ids: 1, extraRows: 1 };
		finish(t.worker(), parsedOf(['A', 'B', 'C', 'A']), duplicates);
		await t.session.commit();
		const [dataset] = t.commit.mock.calls[0];
		expect(dataset.meta.rowCount).toBe(3);
		expect(textsOf(dataset.table.columns.account)).toEqual(['B', 'C', 'A']);
		const seats = dataset.table.columns.seats;
		expect(seats.kind === 'number' && Array.from(seats.values)).toEqual([20, 30, 40]);
	});

	it('Import asks the worker to build the dataset, with the mapping, as-of date, duplicate choice and file', async () => {
		const t = setup();
		toMapping(t);
		t.session.asOf = '2026-02-28';
		t.session.parse();
		finish(t.worker(), parsedOf(['A', 'B']), NO_DUPLICATES);
		t.tick(1000);
		const worker = t.worker();
		const committing = t.session.commit();
		expect(t.session.phase).toBe('committing');
		expect(worker.sent.at(-1)).toEqual({
			type: 'build',
			mapping: mappingOf(previewOf()),
			asOf: '2026-02-28',
			duplicateChoice: 'last',
			id: 'file-1772355601000',
			fileName: 'customers.csv',
			fileSize: t.file.size,
			importedAt: '2026-03-01T09:00:01.000Z'
		});
		await committing;
		expect(t.session.phase).toBe('done');
		const [dataset, scorecard] = t.commit.mock.calls[0];
		expect(dataset.meta).toMatchObject({ id: 'file-1772355601000', createdAt: '2026-03-01T09:00:01.000Z', snapshots: ['2026-02-28'] });
		expect(textsOf(dataset.table.columns.account)).toEqual(['A', 'B']);
		expect(scorecard?.name).toBe('Scorecard for customers.csv');
	});

	it('a build the worker fails fails the import with its message; nothing is committed', async () => {
		const t = setup();
		toMapping(t);
		t.session.parse();
		finish(t.worker(), parsedOf(['A', 'B']), NO_DUPLICATES);
		const worker = t.worker();
		worker.onBuild = (w) => w.reply({ type: 'error', message: 'Checkup could not build the dataset: column "seats" is mapped but was not parsed' });
		await t.session.commit();
		expect(t.session.phase).toBe('failed');
		expect(t.session.error).toBe('The import failed; your workspace is unchanged. Checkup could not build the dataset: column "seats" is mapped but was not parsed');
		expect(worker.terminated).toBe(true);
		expect(t.commit).not.toHaveBeenCalled();
	});

	it('a worker that dies while building fails the import; nothing is committed', async () => {
		const t = setup();
		toMapping(t);
		t.session.parse();
		finish(t.worker(), parsedOf(['A', 'B']), NO_DUPLICATES);
		t.worker().onBuild = (w) => w.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
		await t.session.commit();
		expect(t.session.phase).toBe('failed');
		expect(t.session.error).toBe('The import failed; your workspace is unchanged. The import stopped unexpectedly: out of memory');
		expect(t.commit).not.toHaveBeenCalled();
	});

	it('a built dataset without the text cells the page has fails the import; nothing is committed', async () => {
		const t = setup();
		toMapping(t);
		t.session.parse();
		finish(t.worker(), parsedOf(['A', 'B']), NO_DUPLICATES);
		t.worker().onBuild = (w) => {
			const held = w.held as HeldParse;
			const { built } = build(held, w.sent.at(-1) as Extract<ToImportWorker, { type: 'build' }>);
			w.reply({ type: 'built', ...built, text: [...built.text, 'notes'] });
		};
		await t.session.commit();
		expect(t.session.phase).toBe('failed');
		expect(t.session.error).toMatch(/unchanged\. the cells of column "notes" never arrived/);
		expect(t.commit).not.toHaveBeenCalled();
	});

	it('a file with no readable rows cannot be imported', async () => {
		const t = setup();
		toMapping(t);
		t.session.parse();
		finish(t.worker(), { ...parsedOf([]), rowsRead: 2, rowsSkipped: 2 }, NO_DUPLICATES);
		expect(t.session.importBlocker).toBe('No row of the file could be read: there is nothing to import.');
		await t.session.commit();
		expect(t.commit).not.toHaveBeenCalled();
	});

	it('choosing a new file drops the old worker and ignores its late answers', () => {
		const t = setup();
		t.session.choose(t.file);
		const first = t.worker();
		t.session.choose(new File(['x'], 'other.csv'));
		expect(first.terminated).toBe(true);
		first.onmessage?.(new MessageEvent('message', { data: { type: 'preview', preview: previewOf(), mapping: mappingOf(previewOf()) } }));
		expect(t.session.phase).toBe('previewing');
		expect(t.workers).toHaveLength(2);
	});
});

/** Remembered mappings in a Map, as the settings store keeps them (structured clones). */
function memoryOf(stored = new Map<string, unknown>()) {
	return {
		stored,
		load: vi.fn(async (key: string) => structuredClone(stored.get(key))),
		save: vi.fn(async (key: string, value: unknown) => void stored.set(key, structuredClone(value)))
	};
}

/** Lets the memory's promises settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Reads and imports the file as mapped now. */
async function importAsMapped(t: ReturnType<typeof setup>) {
	t.session.parse();
	finish(t.worker(), parsedOf(['A', 'B']), NO_DUPLICATES);
	await t.session.commit();
	expect(t.session.phase).toBe('done');
}

describe('ImportSession: mappings remembered by their columns', () => {
	const NAMES = ['account', 'seats', 'churned'];

	it('remembers the mapping when the import is committed, keyed by the set of column names', async () => {
		const memory = memoryOf();
		const t = setup({ memory });
		toMapping(t);
		await settle();
		expect(t.session.phase).toBe('mapping');
		expect(t.session.usingRemembered).toBe(false);
		expect(memory.load).toHaveBeenCalledWith(headerSetKey(NAMES));
		t.session.setRole(1, 'ignore');
		t.session.setRole(2, 'metric');
		expect(memory.save).not.toHaveBeenCalled();
		await importAsMapped(t);
		expect(memory.save).toHaveBeenCalledTimes(1);
		expect(memory.stored.get(headerSetKey(NAMES))).toEqual(
			toRemembered(NAMES, [
				{ index: 0, name: 'account', type: 'text', role: 'id' },
				{ index: 1, name: 'seats', type: 'number', role: 'ignore' },
				{ index: 2, name: 'churned', type: 'boolean', role: 'metric' }
			])
		);
	});

	it('next month’s file with the same columns in another order maps itself; the proposal is one click away', async () => {
		const memory = memoryOf();
		const first = setup({ memory });
		toMapping(first);
		await settle();
		first.session.setRole(1, 'ignore');
		first.session.setRole(2, 'metric');
		await importAsMapped(first);

		const t = setup({ memory });
		const reordered = [profile(0, 'churned', 'boolean', 'outcome'), profile(1, 'account', 'text', 'id'), profile(2, 'seats', 'number', 'metric')];
		toMapping(t, previewOf(reordered));
		expect(t.session.phase).toBe('previewing');
		await settle();
		expect(t.session.phase).toBe('mapping');
		expect(t.session.usingRemembered).toBe(true);
		const asLastTime = [
			{ index: 0, name: 'churned', type: 'boolean', role: 'metric' },
			{ index: 1, name: 'account', type: 'text', role: 'id' },
			{ index: 2, name: 'seats', type: 'number', role: 'ignore' }
		];
		expect(t.session.mapping).toEqual(asLastTime);

		t.session.useProposal();
		expect(t.session.usingRemembered).toBe(false);
		expect(t.session.mapping).toEqual(mappingOf(previewOf(reordered)));
		t.session.useRemembered();
		expect(t.session.mapping).toEqual(asLastTime);
		// Editing the mapping never changes what "as last time" goes back to.
		t.session.setRole(0, 'ignore');
		t.session.useRemembered();
		expect(t.session.mapping[0].role).toBe('metric');
		t.session.parse();
		expect(t.worker().sent[1]).toMatchObject({ type: 'parse', mapping: asLastTime });
	});

	it('a choice saved before wins over a newer proposal: area code stays a number metric', async () => {
		// What the proposal now makes of these rows: area code a category set to Ignore, with its reason.
		const headers = ['account', 'area code', 'calls'];
		const rows = Array.from({ length: 30 }, (_, i) => [`A${i + 1}`, ['408', '415', '510'][i % 3], String(i % 7)]);
		const proposed = previewOf(profileColumns(headers, headers, rows, { decimalComma: false }));
		expect(mappingOf(proposed)[1]).toEqual({ index: 1, name: 'area code', type: 'category', role: 'ignore' });
		const memory = memoryOf();
		const chosen: ColumnMapping[] = [
			{ index: 0, name: 'account', type: 'text', role: 'id' },
			{ index: 1, name: 'area code', type: 'number', role: 'metric' },
			{ index: 2, name: 'calls', type: 'number', role: 'metric' }
		];
		memory.stored.set(headerSetKey(headers), toRemembered(headers, chosen));
		const t = setup({ memory });
		toMapping(t, proposed);
		await settle();
		expect(t.session.usingRemembered).toBe(true);
		expect(t.session.mapping).toEqual(chosen);
		t.session.useProposal();
		expect(t.session.mapping[1]).toEqual({ index: 1, name: 'area code', type: 'category', role: 'ignore' });
	});

	it('a file with other columns gets the proposal', async () => {
		const memory = memoryOf();
		memory.stored.set(headerSetKey(['account', 'seats']), toRemembered(['account', 'seats'], [{ index: 0, name: 'account', type: 'text', role: 'ignore' }]));
		const t = setup({ memory });
		toMapping(t);
		await settle();
		expect(t.session.usingRemembered).toBe(false);
		expect(t.session.remembered).toBeNull();
		expect(t.session.mapping).toEqual(mappingOf(previewOf()));
	});

	it('a memory that fails neither blocks the mapping nor fails the import', async () => {
		const t = setup({
			memory: { load: async () => Promise.reject(new Error('IndexedDB is closed')), save: async () => Promise.reject(new Error('quota')) }
		});
		toMapping(t);
		await settle();
		expect(t.session.phase).toBe('mapping');
		expect(t.session.mapping).toEqual(mappingOf(previewOf()));
		await importAsMapped(t);
		expect(t.session.error).toBeNull();
	});

	it('an answer from the memory after Cancel or a new file is ignored', async () => {
		let answer: (value: unknown) => void = () => {};
		const memory = { load: vi.fn(() => new Promise<unknown>((resolve) => (answer = resolve))), save: vi.fn(async () => {}) };
		const t = setup({ memory });
		toMapping(t);
		t.session.cancel();
		answer(toRemembered(NAMES, mappingOf(previewOf())));
		await settle();
		expect(t.session.phase).toBe('cancelled');
		expect(t.session.preview).toBeNull();
	});
});

describe('ImportSession: text columns sent while the file is read', () => {
	/** What the worker sends for parsedOf(ids): the IDs in `text` messages, then `done`. */
	function stream(t: ReturnType<typeof setup>, ids: string[]) {
		finish(t.worker(), parsedOf(ids), NO_DUPLICATES);
	}

	it('the page keeps them until Import, and a second file starts from none', async () => {
		const t = setup();
		toMapping(t);
		t.session.parse();
		stream(t, ['A', 'B', 'C']);
		expect(t.session.phase).toBe('report');
		expect(t.session.parsed).toMatchObject({ rowCount: 3, problemCount: 1 });
		expect(t.session.parsed).not.toHaveProperty('columns');
		t.session.cancel();
		toMapping(t);
		t.session.parse();
		stream(t, ['D', 'E']);
		await t.session.commit();
		expect(textsOf(t.commit.mock.calls[0][0].table.columns.account)).toEqual(['D', 'E']);
	});

	it('fails the import, workspace untouched, when cells are missing or out of order', () => {
		const t = setup();
		toMapping(t);
		t.session.parse();
		t.worker().reply({ type: 'text', name: 'account', at: 1, cells: sendable({ values: ['B'] }) });
		expect(t.session.phase).toBe('failed');
		expect(t.session.error).toMatch(/stopped unexpectedly.*out of order/);

		toMapping(t);
		t.session.parse();
		t.worker().reply({ type: 'text', name: 'account', at: 0, cells: sendable({ values: ['A'] }) });
		t.worker().reply({ type: 'done', summary: { rowCount: 2, problems: [], problemCount: 0, rowsRead: 2, rowsSkipped: 0, reader: 'javascript', notices: [] }, text: ['account'], duplicates: NO_DUPLICATES });
		expect(t.session.phase).toBe('failed');
		expect(t.session.error).toMatch(/stopped unexpectedly.*"account" has 1 cells, the file 2 rows/);
		expect(t.session.parsed).toBeNull();
		expect(t.commit).not.toHaveBeenCalled();
	});
});
