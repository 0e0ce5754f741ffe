/**
 * A big file read in two workers, in the production build in real Chromium. The app splits a file only on 4
 * cores or more (SPLIT_MIN_CORES), and these machines have 2: the import worker's script is served with
 * `navigator.hardwareConcurrency` saying 4, and with File.slice calls recorded, so the test can tell which
 * bytes the import worker read itself. Everything else is the app's own: the second worker, its part
 * appended, the report, the import.
 *
 * Two files of the same rows: one whose split point is a record boundary (the second worker's part is
 * appended), one where it falls inside a quoted value that spans lines (the second worker is stopped and the
 * import worker reads on from the split point). Both must give what the sequential node pipeline gives.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseCsvBytes } from '../../src/lib/core/csv';
import { defaultScorecardFor, toDataset } from '../../src/lib/core/csv/dataset';
import { defaultMapping } from '../../src/lib/core/csv/infer';
import { rowsKept, selectParsed } from '../../src/lib/core/csv/validate';
import { currentView, summarizePortfolio } from '../../src/lib/core/portfolio';
import { scoreTable } from '../../src/lib/core/score';
import { formatCount, formatScore } from '../../src/lib/format';
import { SPLIT_FRACTION, SPLIT_MIN_BYTES, SPLIT_MIN_CORES } from '../../src/lib/workers/split-read';
import { chooseCsvFile, openAppWithImportWorkerPrelude, resetDemo, type AppSession } from './browser';

/**
 * Put before the import worker's own code: the cores it is told of, and every worker it starts and slice it makes
 * of a Blob (recorded here, not from Playwright's worker events: a second worker stopped soon after its start
 * may end before Playwright has attached to it).
 */
const FOUR_CORES = `{
	Object.defineProperty(self.navigator, 'hardwareConcurrency', { get: () => ${SPLIT_MIN_CORES} });
	self.__workers = [];
	const Started = self.Worker;
	self.Worker = class extends Started {
		constructor(url, options) {
			super(url, options);
			self.__workers.push(String(url));
		}
	};
	self.__slices = [];
	const slice = Blob.prototype.slice;
	Blob.prototype.slice = function (start, end, type) {
		self.__slices.push([start ?? 0, end ?? this.size]);
		return slice.call(this, start, end, type);
	};
}
`;

const ROWS = 260_000;
/** Rows changed on purpose, all in the part the second worker reads. */
const DUPLICATE_OF = 10;
const DUPLICATE_ROW = 200_000;
const NOT_A_NUMBER_ROW = 220_000;
const SHORT_ROW = 240_000;

/**
 * The rows of both files: a quoted name over two lines with doubled quotes early on (so the second half's row
 * numbers count records, not lines), and after the split point an ID met before, a seat count that is not a
 * number and a row of two fields. `spanning`: the names of the rows about the split point are quoted over
 * many lines, so that the first line break past it is inside a quoted value.
 */
function rows(spanning: Set<number>, pad: number): string[] {
	const out: string[] = [];
	for (let i = 0; i < ROWS; i++) {
		const id = i === DUPLICATE_ROW ? `C${DUPLICATE_OF}` : `C${i}`;
		let name = `Customer ${i}`;
		if (i === 0) name += 'x'.repeat(pad);
		if (i === 1_000) name = '"Line one\nLine ""two"""';
		if (spanning.has(i)) name = `"Note ${i}${'\nmore'.repeat(40)}"`;
		const seats = i === NOT_A_NUMBER_ROW ? 'lots' : String((i * 37) % 500);
		if (i === SHORT_ROW) out.push(`${id},Short`);
		else out.push(`${id},${name},${seats},${((i * 7919) % 100_000) / 100},${i % 9 === 0 ? 'Yes' : 'No'}`);
	}
	return out;
}

/** Where the app splits a file of these bytes (splitPoint: just past the first \n at or after SPLIT_FRACTION of it). */
function splitOf(bytes: Buffer): number {
	return bytes.indexOf(10, Math.floor(bytes.length * SPLIT_FRACTION)) + 1;
}

/** True when byte `at` is inside a quoted value (an odd number of quotes before it; doubled quotes come in pairs). */
function insideQuotes(bytes: Buffer, at: number): boolean {
	let quotes = 0;
	for (let i = 0; i < at; i++) if (bytes[i] === 34) quotes++;
	return quotes % 2 === 1;
}

/** The file, its split point, and whether that point is inside a quoted value as `spanning` wants; throws when it cannot be made so. */
function makeFile(spanning: boolean): { bytes: Buffer; mid: number } {
	const header = 'id,name,seats,arr,churned\n';
	for (let pad = 0; pad < 400; pad += 7) {
		// Rows are much alike, so the split point is about row SPLIT_FRACTION × ROWS: 4,000 rows about it made long
		// and quoted put the split point (which moves with them) in one of them, nearly always inside the quotes.
		const near = Math.floor(ROWS * SPLIT_FRACTION);
		const quoted = new Set(spanning ? Array.from({ length: 4_000 }, (_, k) => near - 2_000 + k) : []);
		const bytes = Buffer.from(header + rows(quoted, pad).join('\n') + '\n');
		const mid = splitOf(bytes);
		if (bytes.length < SPLIT_MIN_BYTES) throw new Error(`the test file has ${bytes.length} bytes, too few to be split`);
		if (insideQuotes(bytes, mid) === spanning) return { bytes, mid };
	}
	throw new Error(`no padding puts the split point ${spanning ? 'inside' : 'outside'} a quoted value`);
}

/** What the report and the Overview should show, from the sequential node pipeline (keeping the last row of each ID). */
function expected(bytes: Buffer): { rows: string; average: string } {
	const { preview, parsed } = parseCsvBytes(new Uint8Array(bytes), 'x.csv');
	const mapping = defaultMapping(preview);
	const kept = rowsKept(parsed, 'id', undefined, 'last');
	const selected = kept ? selectParsed(parsed, kept) : parsed;
	const dataset = toDataset(selected, mapping, { id: 'x', fileName: 'x.csv', importedAt: new Date().toISOString(), asOf: '2026-01-01' });
	const scorecard = defaultScorecardFor(dataset, mapping);
	const result = scoreTable(currentView(dataset).table, scorecard);
	return { rows: formatCount(dataset.meta.rowCount), average: formatScore(summarizePortfolio(result, scorecard.bands).averageScore) };
}

describe('a big file read in two workers (as on 4 cores)', () => {
	let app: AppSession;
	let dir: string;
	const warnings: string[] = [];

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-split-'));
		app = await openAppWithImportWorkerPrelude(FOUR_CORES, { path: '#/data' });
		app.page.on('console', (message) => {
			if (message.type() === 'warning') warnings.push(message.text());
		});
	});
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	for (const spanning of [false, true]) {
		const where = spanning ? 'inside a value quoted over many lines: the import worker reads on from there' : 'at a record boundary: the second worker’s rows are appended';
		test(`split point ${where}; the report and the Overview are the sequential read’s`, async () => {
			const { page } = app;
			const { bytes, mid } = makeFile(spanning);
			const file = join(dir, spanning ? 'spanning.csv' : 'plain.csv');
			await writeFile(file, bytes);
			const want = expected(bytes);
			// Each test from the demo, with nothing left of the one before (even one that failed half-way).
			await app.reload();
			await resetDemo(page);
			await chooseCsvFile(page, file, app.consoleErrors);
			await page.getByLabel('Type of seats', { exact: true }).selectOption('number');
			await page.getByLabel('Role of seats', { exact: true }).selectOption('metric');
			await page.getByRole('button', { name: 'Read the whole file' }).click();
			const problems = page.getByRole('table', { name: 'Problems' });
			await problems.waitFor({ timeout: 60_000 });

			// A second worker was started, and the import worker read past the split point itself only when it had to.
			const importWorker = page.workers().find((w) => /\/import\.worker-/.test(w.url()));
			if (!importWorker) throw new Error('no import worker is running');
			const recorded = await importWorker.evaluate(() => {
				const own = self as unknown as { __workers?: string[]; __slices?: [number, number][] };
				return own.__workers && own.__slices ? { started: own.__workers, slices: own.__slices } : null;
			});
			if (!recorded) throw new Error('the import worker ran without the test’s prelude: its script was not served through the route');
			const { started, slices } = recorded;
			expect(started.filter((url) => /import-half\.worker-/.test(url))).toHaveLength(1);
			expect(slices.some(([start, end]) => start === mid && end === bytes.length)).toBe(spanning);

			const table = await problems.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (td) => td.textContent)));
			expect(table).toEqual([
				[String(NOT_A_NUMBER_ROW + 2), 'seats', 'lots', 'not a number', 'treated as missing'],
				[String(SHORT_ROW + 2), 'whole row', `C${SHORT_ROW},Short`, 'has 2 fields, the header has 5', 'row skipped']
			]);
			expect(await page.getByText('1 customer ID appears more than once in one snapshot').count()).toBe(1);
			expect(await page.getByTestId('rows-to-import').textContent()).toBe(want.rows);
			expect(want.rows).toBe(formatCount(ROWS - 2));

			await page.getByRole('button', { name: 'Import', exact: true }).click();
			await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
			await page.getByRole('link', { name: 'Overview', exact: true }).click();
			await expect.poll(() => page.getByTestId('kpi-customers').textContent(), { timeout: 30_000 }).toBe(want.rows);
			expect(await page.getByTestId('kpi-average').textContent()).toBe(want.average);
		}, 120_000);
	}

	test('logs no errors and requests nothing from another origin', () => {
		expect(app.consoleErrors).toEqual([]);
		// Blocked service workers are a refusal the app words, not a TypeError of its own.
		expect(warnings.filter((w) => /TypeError/.test(w))).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
