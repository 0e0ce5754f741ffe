/**
 * A file read in two halves (split-read.ts: the import worker reads up to a line break past the middle, a
 * second worker the rest, appended) gives exactly what one sequential read gives: the same columns, codes,
 * levels in the same order, problems (rows, columns, values, messages, order, the cap), totals, and the same
 * text cells handed out on the way. Checked on the bad-input corpus, the real files and random texts, at many
 * split points: at record boundaries (the rest appended), inside quoted values (read on in order), right after
 * empty lines. The rest is read in-process by readRest, its part passed through structuredClone as a
 * postMessage would.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { decodeBytes, sniffBinary } from '../../src/lib/core/csv/decode';
import { detectDialect } from '../../src/lib/core/csv/dialect';
import { defaultMapping, previewText } from '../../src/lib/core/csv/infer';
import { CsvReader, lineBreakOf } from '../../src/lib/core/csv/reader';
import type { TextCells } from '../../src/lib/core/csv/sinks';
import { ImportError, MAX_LISTED_PROBLEMS, type ColumnMapping, type Delimiter, type Dialect, type ParsedColumns } from '../../src/lib/core/csv/types';
import { Random } from '../../src/lib/core/random';
import { expectedRows, filePieces, readFile, readRest, SPLIT_MIN_BYTES, splitMinBytes, splitPoint, workerRest, type FromHalfWorker, type HalfWorker, type RestHandle, type ToHalfWorker } from '../../src/lib/workers/split-read';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BAD = ROOT + 'test/fixtures/bad/';
const DATA = ROOT + '../shared/data/';

interface Read {
	parsed: ParsedColumns | null;
	/** Every text and date column's cells as handed out, in order, as strings. */
	handed: Record<string, (string | null)[]>;
	unclosedQuoteRow: number;
	/** The rest was read apart and appended; read apart but the first half read on in order; or no split at all. */
	how: 'appended' | 'read on' | 'not split';
}

/** Collects the cells takeTextCells hands out, checking they come in order. */
class Handed {
	readonly cells: Record<string, (string | null)[]> = {};
	readonly #levels: Record<string, string[]> = {};
	add(name: string, at: number, cells: TextCells): void {
		const into = (this.cells[name] ??= []);
		expect(at, `cells of "${name}" handed out in order`).toBe(into.length);
		if ('values' in cells) {
			into.push(...cells.values);
			return;
		}
		const levels = (this.#levels[name] ??= []);
		expect(cells.firstLevel).toBe(levels.length);
		levels.push(...cells.levels);
		for (const code of cells.codes) into.push(code < 0 ? null : levels[code]);
	}
}

function keepOf(mapping: ColumnMapping[]): Set<string> {
	// Some text columns kept to the end (as the ID is), the others released as they are handed out.
	return new Set(mapping.filter((m, i) => m.role !== 'ignore' && i % 2 === 0).map((m) => m.name));
}

/** Today's sequential read, as the import worker did it before: one decoder, chunk after chunk, text cells taken after each. */
function sequential(bytes: Uint8Array, mapping: ColumnMapping[], dialect: Dialect, chunkBytes: number): Read {
	const reader = new CsvReader(mapping, dialect);
	const decoder = new TextDecoder(dialect.encoding);
	const handed = new Handed();
	const keep = keepOf(mapping);
	for (let start = 0; start < bytes.length; start += chunkBytes) {
		const end = Math.min(start + chunkBytes, bytes.length);
		const last = end === bytes.length;
		reader.push(decoder.decode(bytes.subarray(start, end), { stream: !last }), last);
		for (const { name, at, cells } of reader.builder?.takeTextCells(keep) ?? []) handed.add(name, at, cells);
	}
	return { parsed: reader.finish(), handed: handed.cells, unclosedQuoteRow: reader.unclosedQuoteRow, how: 'not split' };
}

/** The rest read in-process, its part cloned as posting it would. */
function inProcess(request: Parameters<typeof readRest>[0]): RestHandle {
	const result = readRest(request).then((part) => structuredClone(part));
	return { result, rows: 0, bytes: 0, stop: () => {} };
}

/** The split read of split-read.ts, the rest starting at `mid` (after the header's piece and the one read ahead). */
async function split(bytes: Uint8Array, text: string, mapping: ColumnMapping[], dialect: Dialect, chunkBytes: number, mid: number, startRest = inProcess): Promise<Read> {
	const file = new Blob([bytes as Uint8Array<ArrayBuffer>]);
	// The line break as the sequential read finds it (from the head of the text), known at once so a short
	// text's header is read with its first piece and the split can come early.
	const reader = new CsvReader(mapping, dialect, { lineBreak: lineBreakOf(text, dialect.delimiter) });
	const append = vi.spyOn(reader, 'append');
	let started = false;
	const handed = new Handed();
	const keep = keepOf(mapping);
	const done = await readFile(file, reader, mapping, dialect, {
		chunkBytes,
		minBytes: 0,
		splitAt: async () => mid,
		startRest: (request) => {
			started = true;
			return startRest(request);
		},
		piece: async (builder) => {
			// In steps of 97 rows, as the worker posts them in steps.
			while (builder.textRowsTaken < builder.rowCount) {
				for (const { name, at, cells } of builder.takeTextCells(keep, builder.textRowsTaken + 97)) handed.add(name, at, cells);
			}
		},
		progress: () => {},
		stopped: () => false,
		pollMs: 1
	});
	expect(done).toBe(true);
	return { parsed: reader.finish(), handed: handed.cells, unclosedQuoteRow: reader.unclosedQuoteRow, how: append.mock.calls.length > 0 ? 'appended' : started ? 'read on' : 'not split' };
}

/** Offsets just after each `\n` (where the rest may start), all of them or `count` spread over the text. */
function cuts(bytes: Uint8Array, count = Infinity): number[] {
	const all: number[] = [];
	for (let i = 0; i < bytes.length - 1; i++) if (bytes[i] === 10) all.push(i + 1);
	if (all.length <= count) return all;
	return Array.from({ length: count }, (_, k) => all[Math.floor(((k + 0.5) * all.length) / count)]);
}

interface Prepared {
	text: string;
	mapping: ColumnMapping[];
	dialect: Dialect;
}

/** Mapping and dialect as the app proposes them (ambiguous dates read d/m/yyyy); null for a file refused before reading. */
function prepare(bytes: Uint8Array, name: string): Prepared | null {
	if (bytes.length === 0 || sniffBinary(bytes.subarray(0, 65536)) !== null) return null;
	try {
		const { text, encoding, bom, notices } = decodeBytes(bytes);
		const dialect: Dialect = { encoding, bom, ...detectDialect(text.slice(0, 65536)) };
		const preview = previewText(name, bytes.length, text, dialect, notices);
		const mapping = defaultMapping(preview).map((m) => (m.type === 'date' && m.dateFormat === undefined ? { ...m, dateFormat: 'dmy' as const } : m));
		// The worker's decoder drops a UTF-8 BOM as decodeBytes does; the line break is read from that text.
		return { text: new TextDecoder(encoding).decode(bytes), mapping, dialect };
	} catch (e) {
		if (e instanceof ImportError) return null;
		throw e;
	}
}

/** Split at each of `mids` equals the sequential read; returns how many splits were appended and read on. */
async function expectSame(bytes: Uint8Array, prepared: Prepared, chunkBytes: number, mids: number[]): Promise<{ appended: number; readOn: number }> {
	const { text, mapping, dialect } = prepared;
	const want = sequential(bytes, mapping, dialect, chunkBytes);
	const tally = { appended: 0, readOn: 0 };
	for (const mid of mids) {
		const got = await split(bytes, text, mapping, dialect, chunkBytes, mid);
		expect(got.parsed, `rest from byte ${mid}`).toEqual(want.parsed);
		expect(got.handed, `cells handed out, rest from byte ${mid}`).toEqual(want.handed);
		expect(got.unclosedQuoteRow, `rest from byte ${mid}`).toBe(want.unclosedQuoteRow);
		if (got.how === 'appended') tally.appended++;
		else if (got.how === 'read on') tally.readOn++;
	}
	return tally;
}

describe('a file read in two halves is read as in one', () => {
	it('every file of the bad-input corpus, at every line break (or 60 of them)', async () => {
		let appended = 0;
		let readOn = 0;
		let files = 0;
		for (const name of readdirSync(BAD).filter((f) => /\.(csv|tsv)$/.test(f))) {
			const bytes = new Uint8Array(readFileSync(BAD + name));
			const prepared = prepare(bytes, name);
			if (!prepared) continue;
			files++;
			const chunkBytes = Math.max(16, Math.ceil(bytes.length / 40));
			const tally = await expectSame(bytes, prepared, chunkBytes, cuts(bytes, 60));
			appended += tally.appended;
			readOn += tally.readOn;
		}
		expect(files).toBeGreaterThanOrEqual(30);
		// Both ways were taken: appended at most cuts; read on in order where a cut fell inside a quoted value
		// with a line break (crlf-quoted-newlines, unmatched-quote, …).
		expect(appended).toBeGreaterThan(200);
		expect(readOn).toBeGreaterThanOrEqual(3);
	}, 120_000);

	it.each(['telco_customer_churn.csv', 'telecom_churn_bigml.csv'])('%s at 25 line breaks', async (name) => {
		const bytes = new Uint8Array(readFileSync(DATA + name));
		const prepared = prepare(bytes, name);
		if (!prepared) throw new Error(`${name} refused`);
		const tally = await expectSame(bytes, prepared, 16 << 10, cuts(bytes, 25));
		expect(tally.appended).toBeGreaterThan(20);
	}, 120_000);
});

const CATEGORIES_EARLY = ['Gold', ' Silver', 'Bronze '];
const CATEGORIES_LATE = ['Platinum', 'Tin', 'gold'];

/**
 * A random text: quotes, doubled quotes, CR/LF inside quotes, empty lines, ragged rows, blank first cells,
 * bad numbers, dates and yes/no, categories first seen late. `bad(i)` is the chance row i has a bad cell.
 */
interface TextOptions {
	crlf?: boolean;
	semicolon?: boolean;
	bad?: (row: number) => number;
}

function randomText(seed: number, rows: number, { crlf = false, semicolon = false, bad = () => 0.05 }: TextOptions = {}): string {
	const random = new Random(seed);
	const nl = crlf ? '\r\n' : '\n';
	const d = semicolon ? ';' : ',';
	const pick = <T>(xs: readonly T[]) => xs[random.int(0, xs.length - 1)];
	const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;
	const lines = [['id', 'amount', 'active', 'tier', 'since', 'note'].join(d)];
	for (let i = 0; i < rows; i++) {
		const r = random.uniform();
		if (r < 0.02) {
			lines.push('');
			continue;
		}
		const isBad = random.uniform() < bad(i);
		const amount = isBad ? pick(['lots', '12abc', '--']) : semicolon ? `${random.int(0, 99999)},${random.int(0, 99)}` : `${random.int(-50, 99999)}.${random.int(0, 99)}`;
		const active = isBad && random.uniform() < 0.5 ? 'maybe' : pick(['yes', 'no', 'Y', 'N', '', 'TRUE']);
		const tier = i > rows / 2 && random.uniform() < 0.3 ? pick(CATEGORIES_LATE) : pick(CATEGORIES_EARLY);
		const since = isBad && random.uniform() < 0.5 ? '2024-13-45' : pick(['2024-01-31', '2023-12-01', '', 'N/A', `2022-0${random.int(1, 9)}-1${random.int(0, 9)}`]);
		const note = pick(['plain', '', 'say "hi"', `two${nl}lines`, `cr\ronly`, `lf\nonly`, `comma${d} inside`, ' padded ', 'x']);
		const noteCell = /["\r\n,;]/.test(note) ? quote(note) : note;
		const id = random.uniform() < 0.03 ? pick(['', ' ']) : random.uniform() < 0.1 ? quote(`C${i}`) : `C${i}`;
		const cells = [id, amount.includes(d) ? quote(amount) : amount, active, tier, since, noteCell];
		if (random.uniform() < 0.02) cells.pop();
		if (random.uniform() < 0.01) cells.push('extra');
		lines.push(cells.join(d));
	}
	return lines.join(nl) + (random.uniform() < 0.5 ? nl : '');
}

const RANDOM_MAPPING = (decimalComma: boolean): { mapping: ColumnMapping[]; dialect: (d: Delimiter) => Dialect } => ({
	mapping: [
		{ index: 0, name: 'id', type: 'text', role: 'id' },
		{ index: 1, name: 'amount', type: 'number', role: 'arr' },
		{ index: 2, name: 'active', type: 'boolean', role: 'metric' },
		{ index: 3, name: 'tier', type: 'category', role: 'segment' },
		{ index: 4, name: 'since', type: 'date', role: 'renewalDate', dateFormat: 'iso' },
		{ index: 5, name: 'note', type: 'text', role: 'name' }
	],
	dialect: (delimiter) => ({ encoding: 'utf-8', bom: false, delimiter, decimalComma })
});

async function randomCase(text: string, semicolon: boolean, count: number): Promise<{ appended: number; readOn: number; parsed: ParsedColumns | null }> {
	const bytes = new TextEncoder().encode(text);
	const { mapping, dialect } = RANDOM_MAPPING(semicolon);
	const prepared: Prepared = { text, mapping, dialect: dialect(semicolon ? ';' : ',') };
	const tally = await expectSame(bytes, prepared, 2048, cuts(bytes, count));
	return { ...tally, parsed: sequential(bytes, prepared.mapping, prepared.dialect, 2048).parsed };
}

describe('random texts read in two halves', () => {
	it.each([
		['LF, comma', 1, false, false],
		['CRLF, comma', 2, true, false],
		['LF, semicolon with decimal commas', 3, false, true],
		['CRLF, semicolon with decimal commas', 4, true, true]
	])('%s', async (_label, seed, crlf, semicolon) => {
		const text = randomText(seed, 1500, { crlf, semicolon });
		const { appended, readOn, parsed } = await randomCase(text, semicolon, 120);
		expect(appended).toBeGreaterThan(40);
		// Some cuts fall inside quoted values with line breaks: read on in order.
		expect(readOn).toBeGreaterThan(3);
		// Levels first seen in the second half are there, after the early ones.
		const tier = parsed?.columns.tier;
		expect(tier?.kind === 'category' && tier.levels.slice(0, 3)).toEqual(expect.arrayContaining(['Gold', 'Silver', 'Bronze']));
		expect(tier?.kind === 'category' && tier.levels).toEqual(expect.arrayContaining(['Platinum', 'Tin', 'gold']));
	}, 120_000);

	it.each([
		['in the first half', (i: number): number => (i < 900 ? 0.9 : 0)],
		['in the second half', (i: number): number => (i > 1800 ? 0.9 : 0)],
		['across the middle', (i: number): number => (i > 1100 && i < 2200 ? 0.9 : 0)],
		['nowhere near (few problems)', (i: number): number => (i % 700 === 0 ? 1 : 0)]
	])('problem list capped %s', async (_label, bad) => {
		const text = randomText(7, 3000, { bad });
		const { appended, parsed } = await randomCase(text, false, 40);
		expect(appended).toBeGreaterThan(20);
		expect(parsed).not.toBeNull();
		if (!parsed) return;
		if (parsed.problemCount > MAX_LISTED_PROBLEMS) expect(parsed.problems).toHaveLength(MAX_LISTED_PROBLEMS);
	}, 120_000);

	it('cuts right after empty lines are appended and numbered on', async () => {
		const text = ['a,b', '1,x', '', '', '2,y', '', '3,"q', 'uoted"', '', '4,z', ''].join('\n');
		const bytes = new TextEncoder().encode(text);
		const mapping: ColumnMapping[] = [
			{ index: 0, name: 'a', type: 'number', role: 'metric' },
			{ index: 1, name: 'b', type: 'category', role: 'segment' }
		];
		const prepared: Prepared = { text, mapping, dialect: { encoding: 'utf-8', bom: false, delimiter: ',', decimalComma: false } };
		const tally = await expectSame(bytes, prepared, 4, cuts(bytes));
		expect(tally.appended).toBeGreaterThan(3);
		expect(tally.readOn).toBe(1);
		expect(sequential(bytes, mapping, prepared.dialect, 4).parsed?.sourceRows).toEqual(new Int32Array([2, 5, 7, 9]));
	});

	it('a U+FEFF just after the cut stays a character, as in the sequential read', async () => {
		const text = 'a,b\n1,x\n\uFEFF2,y\n3,z\n';
		const bytes = new TextEncoder().encode(text);
		const mapping: ColumnMapping[] = [
			{ index: 0, name: 'a', type: 'text', role: 'id' },
			{ index: 1, name: 'b', type: 'text', role: 'name' }
		];
		const prepared: Prepared = { text, mapping, dialect: { encoding: 'utf-8', bom: false, delimiter: ',', decimalComma: false } };
		const tally = await expectSame(bytes, prepared, 4, [8]);
		expect(tally.appended).toBe(1);
	});
});

describe('the rest failing or cancelled', () => {
	const text = randomText(5, 800);
	const bytes = new TextEncoder().encode(text);
	const { mapping, dialect } = RANDOM_MAPPING(false);
	const prepared = { text, mapping, dialect: dialect(',') };
	const mid = cuts(bytes, 2)[1];

	it('a rest that fails is read on in order, with the same result', async () => {
		const want = sequential(bytes, mapping, prepared.dialect, 2048);
		const stop = vi.fn();
		const failing = (): RestHandle => ({ result: Promise.reject(new Error('worker crashed')), rows: 0, bytes: 0, stop });
		const got = await split(bytes, text, mapping, prepared.dialect, 2048, mid, failing);
		expect(got.how).toBe('read on');
		expect(got.parsed).toEqual(want.parsed);
		expect(got.handed).toEqual(want.handed);
		expect(stop).toHaveBeenCalled();
	});

	it('cancelled while the rest is read: stopped, the rest ended', async () => {
		const stop = vi.fn();
		const never = (): RestHandle => ({ result: new Promise(() => {}), rows: 0, bytes: 0, stop });
		// No quoted values: the first half ends at a record, so the rest is waited for.
		const plain = 'id,amount\n' + Array.from({ length: 5000 }, (_, i) => `C${i},${i}\n`).join('');
		const file = new Blob([plain]);
		const mid = plain.indexOf('\n', plain.length / 2) + 1;
		let waiting = 0;
		const two: ColumnMapping[] = [
			{ index: 0, name: 'id', type: 'text', role: 'id' },
			{ index: 1, name: 'amount', type: 'number', role: 'metric' }
		];
		// The line break known, so this short text's header is read with the first piece and the split decided.
		const reader = new CsvReader(two, prepared.dialect, { lineBreak: '\n' });
		const done = await readFile(file, reader, two, prepared.dialect, {
			chunkBytes: 2048,
			minBytes: 0,
			splitAt: async () => mid,
			startRest: never,
			piece: async () => {},
			progress: (_rows, bytes, isDone) => {
				// Reports while waiting: the first half's bytes, not yet the file's end.
				expect(isDone).toBe(false);
				if (bytes === mid) waiting++;
			},
			stopped: () => waiting > 3,
			pollMs: 1
		});
		expect(done).toBe(false);
		expect(stop).toHaveBeenCalled();
	});

	it('the worker protocol: progress, the part, an error', async () => {
		const fake: HalfWorker & { sent: ToHalfWorker[]; terminated: boolean } = {
			sent: [],
			terminated: false,
			onmessage: null,
			onerror: null,
			postMessage(message) {
				this.sent.push(message);
			},
			terminate() {
				this.terminated = true;
			}
		};
		const request = { file: new Blob([bytes]), mid, mapping, dialect: prepared.dialect, lineBreak: '\n' as const, fieldCount: 6, chunkBytes: 2048 };
		const handle = workerRest(fake, request);
		expect(fake.sent).toEqual([{ type: 'read', request }]);
		const say = (data: FromHalfWorker) => fake.onmessage?.({ data } as MessageEvent<FromHalfWorker>);
		say({ type: 'progress', rows: 10, bytes: 2048 });
		expect([handle.rows, handle.bytes]).toEqual([10, 2048]);
		const part = await readRest(request);
		say({ type: 'done', part });
		await expect(handle.result).resolves.toBe(part);
		handle.stop();
		expect(fake.terminated).toBe(true);
		const failed = workerRest(fake, request);
		say({ type: 'error', message: 'no' });
		await expect(failed.result).rejects.toThrow('no');
	});

	it('splitPoint: just past the first line break at or after the middle; none at the very end', async () => {
		expect(await splitPoint(new Blob(['abcdef\nghij\nkl']), 0.5)).toBe(12);
		expect(await splitPoint(new Blob(['abcdefgh\n']), 0.5)).toBe(-1);
		expect(await splitPoint(new Blob(['ab\ncdefgh']), 0.5)).toBe(-1);
		expect(await splitPoint(new Blob(['abcd\nefghij\n']), 0.3)).toBe(5);
	});
});

describe('splitMinBytes', () => {
	it('splits big files only with at least four cores (on two, a second worker finds no core free)', () => {
		expect(splitMinBytes(4)).toBe(SPLIT_MIN_BYTES);
		expect(splitMinBytes(16)).toBe(SPLIT_MIN_BYTES);
		expect(splitMinBytes(3)).toBe(Infinity);
		expect(splitMinBytes(2)).toBe(Infinity);
		expect(splitMinBytes(undefined)).toBe(Infinity);
	});
});

describe('expectedRows', () => {
	it('judges the rows of the whole file from those of its first bytes, with 5 % to spare', () => {
		// The bench file: 8,592 rows in its first MB, 116.6 MB in all.
		expect(expectedRows(8_592, 1 << 20, 116_567_654)).toBe(Math.ceil((8_592 * 116_567_654 * 1.05) / (1 << 20)));
		expect(expectedRows(100, 1_000, 2_000)).toBe(210);
		// All of the file read already, or nothing to judge from: the rows as they are.
		expect(expectedRows(100, 2_000, 2_000)).toBe(100);
		expect(expectedRows(0, 1_000, 2_000)).toBe(0);
		expect(expectedRows(5, 0, 2_000)).toBe(5);
	});
	it('makes no more room than twice the bytes to read: short first rows do not make it allocate gigabytes', () => {
		// The bench file's 12 number and 6 code columns (and the row numbers): 124 bytes a row, well within.
		expect(expectedRows(8_592, 1 << 20, 116_567_654, 124)).toBe(expectedRows(8_592, 1 << 20, 116_567_654));
		// A first MB of 500,000 two-byte rows in a 116.6 MB file of 20 number columns: 58 M rows expected,
		// room for 1.4 M made (the columns grow past it if the rows really are there).
		expect(expectedRows(500_000, 1 << 20, 116_567_654, 164)).toBe(Math.floor((2 * 116_567_654) / 164));
		// Never less than the rows already read.
		expect(expectedRows(500_000, 1 << 20, 2 << 20, 1_000_000)).toBe(500_000);
	});
});

describe('filePieces', () => {
	const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
	const collect = async (pieces: AsyncIterable<Uint8Array>) => {
		const out: Uint8Array[] = [];
		for await (const p of pieces) out.push(p.slice());
		return out;
	};
	/**
	 * A Blob whose stream gives the bytes in the parts given, one part a read, and tells when it is cancelled.
	 * `byteStream`: a stream of bytes, read into the reader's own memory (as a File's is), not a stream of parts.
	 */
	function blobOf(parts: Uint8Array[], byteStream = false) {
		const state = { cancelled: false };
		let next = 0;
		const source = {
			pull(controller: ReadableStreamDefaultController<Uint8Array> | ReadableByteStreamController) {
				// A byte stream's parts are its own (enqueue takes their memory): copies.
				if (next < parts.length) (controller as ReadableByteStreamController).enqueue(parts[next++].slice());
				else {
					controller.close();
					// A read waiting with its memory when a byte stream closes is answered with none of it.
					if ('byobRequest' in controller) controller.byobRequest?.respond(0);
				}
			},
			cancel() {
				state.cancelled = true;
			}
		};
		const blob = {
			slice: () => ({ stream: () => (byteStream ? new ReadableStream({ type: 'bytes', ...source }) : new ReadableStream<Uint8Array>(source)) })
		} as unknown as Blob;
		return { blob, state };
	}

	it('gives the bytes asked for in pieces of exactly chunkBytes, the last one shorter, whatever the stream’s own parts', async () => {
		const file = new Blob([bytes]);
		for (const chunk of [1, 7, 64, 999, 1000, 4096]) {
			const pieces = await collect(filePieces(file, 10, 1000, chunk));
			expect(pieces.slice(0, -1).every((p) => p.length === chunk)).toBe(true);
			expect(pieces.at(-1)!.length).toBe(990 - chunk * (pieces.length - 1));
			expect(Buffer.concat(pieces)).toEqual(Buffer.from(bytes.subarray(10, 1000)));
		}
		for (const byteStream of [false, true]) {
			const { blob } = blobOf([bytes.subarray(0, 3), bytes.subarray(3, 500), bytes.subarray(500, 501), bytes.subarray(501)], byteStream);
			const pieces = await collect(filePieces(blob, 0, 1000, 100));
			expect(pieces.map((p) => p.length)).toEqual(Array(10).fill(100));
			expect(Buffer.concat(pieces)).toEqual(Buffer.from(bytes));
		}
		expect(await collect(filePieces(file, 5, 5, 10))).toEqual([]);
	});

	it('reads every piece into the same memory, the stream’s parts copied', async () => {
		for (const byteStream of [false, true]) {
			const { blob } = blobOf([bytes.subarray(0, 250), bytes.subarray(250)], byteStream);
			const pieces: Uint8Array[] = [];
			for await (const piece of filePieces(blob, 0, 1000, 300)) {
				if (pieces.length) expect(piece.buffer).toBe(pieces[0].buffer);
				pieces.push(piece);
			}
			expect(pieces).toHaveLength(4);
		}
		// Each piece is read over by the next one.
		const file = new Blob([bytes]);
		const seen: number[][] = [];
		for await (const piece of filePieces(file, 0, 1000, 400)) seen.push([piece.length, piece[0]]);
		expect(seen).toEqual([
			[400, 0],
			[400, 400 % 251],
			[200, 800 % 251]
		]);
	});

	it('reads through the stream’s own parts, never a "byob" reader (in Chromium 156 its reads sometimes never resolved)', async () => {
		const stream = new ReadableStream<Uint8Array>({
			start(controller) {
				controller.enqueue(bytes.slice());
				controller.close();
			}
		});
		const getReader = stream.getReader.bind(stream) as (options?: { mode?: 'byob' }) => ReadableStreamDefaultReader<Uint8Array>;
		const stuck = { read: () => new Promise(() => {}), cancel: async () => {}, releaseLock() {} };
		const blob = { slice: () => ({ stream: () => ({ getReader: (options?: { mode?: 'byob' }) => (options?.mode === 'byob' ? stuck : getReader()) }) }) } as unknown as Blob;
		expect(Buffer.concat(await collect(filePieces(blob, 0, 1000, 300)))).toEqual(Buffer.from(bytes));
	});

	it('cancels the stream when the reading stops early', async () => {
		for (const byteStream of [false, true]) {
			const { blob, state } = blobOf([bytes.subarray(0, 300), bytes.subarray(300, 600), bytes.subarray(600)], byteStream);
			for await (const piece of filePieces(blob, 0, 1000, 100)) {
				expect(piece.length).toBe(100);
				break;
			}
			expect(state.cancelled, byteStream ? 'byte stream' : 'stream of parts').toBe(true);
		}
	});

	it('says so when the file gives fewer or more bytes than it had (changed while read), and refuses a bad piece size', async () => {
		for (const byteStream of [false, true]) {
			await expect(collect(filePieces(blobOf([bytes.subarray(0, 250)], byteStream).blob, 0, 1000, 100))).rejects.toThrow('the file ended 750 bytes early: was it changed while being read?');
			await expect(collect(filePieces(blobOf([bytes, bytes], byteStream).blob, 0, 1000, 100))).rejects.toThrow('the file has more than its 1000 bytes: was it changed while being read?');
		}
		await expect(collect(filePieces(new Blob([bytes]), 0, 10, 0))).rejects.toThrow(/invalid chunkBytes/);
	});
});
