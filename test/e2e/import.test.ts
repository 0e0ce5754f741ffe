/**
 * Importing a CSV file through the Data page of the production build in real Chromium: the file replaces the
 * demo only when Import is clicked (each test that imports starts again from the demo; imports.test.ts adds
 * files to one portfolio); a bad file or Cancel leaves it as it was; the main thread stays free
 * while the worker reads.
 */
import { rollups, utcMonth } from 'd3';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseCsvBytes } from '../../src/lib/core/csv';
import { defaultScorecardFor, toDataset } from '../../src/lib/core/csv/dataset';
import { defaultMapping } from '../../src/lib/core/csv/infer';
import { currentView, summarizePortfolio } from '../../src/lib/core/portfolio';
import { scoreTable } from '../../src/lib/core/score';
import { MAX_BAR_WIDTH } from '../../src/lib/charts/trend';
import { formatCount, formatPercent, formatScore } from '../../src/lib/format';
import { CHUNK_BYTES } from '../../src/lib/workers/protocol';
import { chooseCsvFile, importCsvFile, openApp, recordSaid, resetDemo, watchLongTasks, type AppSession } from './browser';
import { generateDemo } from '../../src/lib/core/demo';
import { textCell } from '../../src/lib/core/text-values';
import { expectedDemo } from './expected';

const TELCO = fileURLToPath(new URL('../../../shared/data/telco_customer_churn.csv', import.meta.url));
const UNMATCHED_QUOTE = fileURLToPath(new URL('../fixtures/bad/unmatched-quote.csv', import.meta.url));
const BIGML = fileURLToPath(new URL('../../../shared/data/telecom_churn_bigml.csv', import.meta.url));

/** The average score the app should show for a file, from the synchronous node pipeline (not the worker's streaming). */
function expectedAverage(path: string): string {
	const bytes = new Uint8Array(readFileSync(path));
	const { preview, parsed } = parseCsvBytes(bytes, 'x.csv');
	const mapping = defaultMapping(preview);
	const dataset = toDataset(parsed, mapping, { id: 'x', fileName: 'x.csv', importedAt: new Date().toISOString(), asOf: '2026-01-01' });
	const scorecard = defaultScorecardFor(dataset, mapping);
	const result = scoreTable(currentView(dataset).table, scorecard);
	return formatScore(summarizePortfolio(result, scorecard.bands).averageScore);
}

async function customers(page: Page): Promise<string> {
	await page.getByRole('link', { name: 'Overview', exact: true }).click();
	const kpi = page.getByTestId('kpi-customers');
	await kpi.waitFor({ timeout: 20_000 });
	return (await kpi.textContent()) ?? '';
}

async function chooseFile(page: Page, path: string) {
	await page.getByRole('link', { name: 'Data', exact: true }).click();
	await chooseCsvFile(page, path);
}

/** ~5 MB of UTF-8 whose byte CHUNK_BYTES (where the worker's second read starts) is the second byte of an "é". */
function characterAcrossChunks(): Buffer {
	const rows = Array.from({ length: 200_000 }, (_, i) => `C${i},${i % 2 ? 'Crème' : 'Café'},${i % 100}\n`);
	const header = 'id,plan,score\n';
	let at = Buffer.byteLength(header);
	let lastBefore = -1;
	for (const row of rows) {
		const e = at + Buffer.byteLength(row.slice(0, row.search(/[éè]/)));
		if (e < CHUNK_BYTES) lastBefore = e;
		at += Buffer.byteLength(row);
	}
	// Pad the first ID so that "é" starts one byte before the chunk boundary.
	rows[0] = rows[0].replace('C0', 'C0' + 'x'.repeat(CHUNK_BYTES - 1 - lastBefore));
	const bytes = Buffer.from(header + rows.join(''));
	if (bytes[CHUNK_BYTES - 1] !== 0xc3) throw new Error('the test file does not split a character at the chunk boundary');
	return bytes;
}

/** Duplicate IDs, a short row and values that are markup: the report lists them, as text. */
const ROUGH = [
	'id,name,seats,churned',
	'A-1,Acme,10,No',
	'A-2,<script>window.__owned = 1</script>,12,Yes',
	'A-3,Foo,<img src=x onerror="window.__owned = 2">,No',
	'A-1,Acme again,15,No',
	'A-4,Bar',
	'A-5,Baz,7,No',
	''
].join('\n');

/** The report's summary as [term, value] pairs, in order. */
function summary(page: Page): Promise<string[][]> {
	return page.getByTestId('import-summary').evaluate((dl) => Array.from(dl.querySelectorAll('dt'), (dt) => [dt.textContent!.trim(), dt.nextElementSibling!.textContent!.trim()]));
}

/** Controls in the import panel without an accessible name (same rule as accessibility.test.ts). */
function unnamedControls(page: Page): Promise<string[]> {
	return page.evaluate(() =>
		Array.from(document.querySelectorAll<HTMLElement>('.import :is(button, input, select, textarea, a[href])'))
			.filter((el) => {
				const labels = (el as HTMLInputElement).labels;
				const name = el.getAttribute('aria-label') ?? (labels?.length ? Array.from(labels).map((l) => l.textContent).join(' ') : el.textContent);
				return !(name ?? '').trim();
			})
			.map((el) => el.outerHTML.slice(0, 120))
	);
}

const figures: Record<string, string> = {};

describe('importing a CSV file', () => {
	let app: AppSession;
	let dir: string;
	let big: string;
	let split: string;
	let latin: string;
	let rough: string;
	const demoCustomers = expectedDemo().customers;

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-import-'));
		// A PNG named .csv: the worker must refuse it by its bytes.
		await writeFile(join(dir, 'chart.csv'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]));
		// Telco 40 times over (unique IDs): big enough (~39 MB, 280k rows) to cancel while it is being read.
		const [header, ...rows] = readFileSync(TELCO, 'utf8').trimEnd().split('\n');
		const copies = Array.from({ length: 40 }, (_, k) => rows.map((r) => `${k}-${r}`).join('\n'));
		big = join(dir, 'telco_x40.csv');
		await writeFile(big, [header, ...copies].join('\n') + '\n');
		// Windows-1252 (ü = 0xFC, ß = 0xDF), semicolons and decimal commas, as a German Excel saves it.
		latin = join(dir, 'kunden.csv');
		await writeFile(latin, Buffer.from('Kunde;Name;Straße;Umsatz\r\nK1;Müller GmbH;Hauptstraße;1.234,50\r\nK2;Schön AG;Ringstraße;99,95\r\nK3;Weiß KG;Hauptstraße;10\r\n', 'latin1'));
		rough = join(dir, 'rough.csv');
		await writeFile(rough, ROUGH);
		split = join(dir, 'split_character.csv');
		await writeFile(split, characterAcrossChunks());
		app = await openApp({ path: '#/overview' });
		await app.page.getByTestId('kpi-customers').waitFor({ timeout: 20_000 });
	});
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
		console.log('[import figures]', figures);
	});

	test("the Data page profiles each column with its role; date columns' earliest, middle and latest dates and monthly histograms as a sort of the demo's says", async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await page.locator('summary', { hasText: 'Columns' }).click();
		const demo = generateDemo();
		// The demo's accounts, counted here from the generator: some churn after the latest snapshot, so still in it.
		const ids = demo.table.columns.account_id;
		const outcome = demo.table.columns.churned;
		if (ids.kind !== 'text' || outcome.kind !== 'category') throw new Error('the demo changed its columns');
		const accounts = new Map<string, number>();
		for (let r = 0; r < demo.table.rowCount; r++) accounts.set(textCell(ids.values, r) ?? '', outcome.levels[outcome.codes[r]] === 'Yes' ? 1 : 0);
		const churnedAccounts = [...accounts.values()].filter((c) => c === 1).length;
		await expect.poll(() => page.getByText(/of which .* churned/).textContent()).toBe(`${formatCount(accounts.size)}, of which ${formatCount(churnedAccounts)} churned (“churned” is yes)`);
		const name = demo.meta.roles.churnDate!;
		const asOf = demo.meta.roles.asOf!;
		const cells = (column: string) => {
			const c = demo.table.columns[column];
			const at = (i: number) => (c.kind === 'text' ? textCell(c.values, i) : c.kind === 'category' ? c.levels[c.codes[i]] ?? null : null);
			return Array.from({ length: demo.meta.rowCount }, (_, i) => at(i)).filter((d): d is string => d !== null).sort();
		};
		// The histogram in words, from the sorted dates counted by d3's UTC months (the demo spans under 20 months).
		const count = new Intl.NumberFormat('en-US').format;
		const described = (column: string, sorted: string[]) => {
			const byMonth = rollups(sorted, (v) => v.length, (d) => utcMonth.floor(new Date(`${d}T00:00:00Z`)).toISOString().slice(0, 7));
			const months = utcMonth.count(new Date(`${sorted[0]}T00:00:00Z`), new Date(`${sorted.at(-1)}T00:00:00Z`)) + 1;
			const [topMonth, top] = byMonth.reduce((a, b) => (b[1] > a[1] ? b : a));
			return `Dates of ${column}: ${count(sorted.length)} dates from ${sorted[0]} to ${sorted.at(-1)}, ${months} bins of a month, most in ${topMonth} (${count(top)})`;
		};
		for (const column of [name, asOf]) {
			const sorted = cells(column);
			await expect.poll(() => page.getByTestId(`detail-${column}`).textContent(), { timeout: 20_000 }).toBe(`min ${sorted[0]} · median ${sorted[Math.floor((sorted.length - 1) / 2)]} · max ${sorted.at(-1)}`);
			const chart = page.getByRole('img', { name: `Dates of ${column}:` });
			expect(await chart.getAttribute('aria-label')).toBe(described(column, sorted));
			expect(await chart.locator('rect').count()).toBe(utcMonth.count(new Date(`${sorted[0]}T00:00:00Z`), new Date(`${sorted.at(-1)}T00:00:00Z`)) + 1);
		}
		expect(await page.getByTestId(`type-${name}`).textContent()).toBe('date');
		expect(await page.getByTestId(`role-${name}`).textContent()).toBe('Churn date');
		expect(await page.getByTestId(`type-${demo.meta.roles.asOf!}`).textContent()).toBe('date');
		expect(await page.getByTestId(`role-${demo.meta.roles.asOf!}`).textContent()).toBe('As-of date');
		expect(await page.getByTestId(`role-${demo.meta.roles.id}`).textContent()).toBe('Customer ID');
		expect(await page.getByTestId(`type-${demo.meta.roles.id}`).textContent()).toBe('text');
		expect(await page.getByTestId(`role-${demo.meta.roles.outcome!}`).textContent()).toBe('Outcome (churned)');
		expect(await page.getByTestId('role-seat_utilization').textContent()).toBe('Metric');
		expect(await page.getByTestId('type-seat_utilization').textContent()).toBe('number');
	});

	test('a PNG renamed .csv shows a clear error and leaves the workspace as it was', async () => {
		const { page } = app;
		expect(await customers(page)).toBe(demoCustomers);
		await chooseFile(page, join(dir, 'chart.csv'));
		const error = page.getByTestId('import-error');
		await error.waitFor();
		expect(await error.textContent()).toBe('"chart.csv" looks like a PNG image, not a CSV.');
		expect(await customers(page)).toBe(demoCustomers);
	});

	test('a quote never closed: the worker counts the rows it swallowed as read and skipped, and shows the quote', async () => {
		const { page } = app;
		await chooseFile(page, UNMATCHED_QUOTE);
		const read = page.getByRole('button', { name: 'Read the whole file' });
		await read.waitFor();
		await read.click();
		const problems = page.getByRole('table', { name: 'Problems' });
		await problems.waitFor();
		// Header + C001 kept; the quote opened in "name" on row 3 runs to the end: rows 3, 4 and 5 lost.
		const said = await summary(page);
		expect(said.slice(0, 4)).toEqual([['Rows read', '4'], ['Rows to import', '1'], ['Rows skipped', '3'], ['Problems', '1']]);
		// A tiny file: the time alone, no rows per second.
		expect(said[4][0]).toBe('Read in');
		expect(said[4][1]).toMatch(/^\d+\.\d\d\u00a0s$/);
		const rows = await problems.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (td) => td.textContent)));
		expect(rows).toEqual([
			['3–5', 'name', 'C002,"Beta Corp,2000,7\nC003,Gamma,3000,9\nC004,Delta,4000,11', 'a quote opened in column “name” is never closed: this row and the 2 after it were read as one value', 'rows skipped']
		]);
		// One row: "1 row", not "1 rows".
		expect((await page.getByTestId('import-effect').textContent())?.replace(/\s+/g, ' ')).toContain('with 1 row from this file and a new scorecard');
		await page.getByRole('button', { name: 'Cancel' }).click();
		await page.getByText('Import cancelled. Your workspace is unchanged.').waitFor();
		expect(await customers(page)).toBe(demoCustomers);
	});

	test('Telco: proposes customerID as the ID and Churn as the outcome; Import replaces the demo', async () => {
		const { page } = app;
		await chooseFile(page, TELCO);
		const read = page.getByRole('button', { name: 'Read the whole file' });
		await read.waitFor();
		expect(await page.getByLabel('Role of customerID', { exact: true }).inputValue()).toBe('id');
		expect(await page.getByLabel('Role of Churn', { exact: true }).inputValue()).toBe('outcome');
		expect(await page.getByLabel('Type of Churn', { exact: true }).inputValue()).toBe('boolean');
		// The count says which metric columns are categories, which the first scorecard leaves unscored (no points yet).
		const proposed = await page.getByRole('table', { name: 'Columns of the file' }).locator('tbody tr').evaluateAll((rows) =>
			rows.map((r) => Array.from(r.querySelectorAll('select'), (s) => s.value))
		);
		const metricTypes = proposed.filter((v) => v.includes('metric')).map((v) => v[0]);
		const categories = metricTypes.filter((t) => t === 'category').length;
		expect(categories).toBeGreaterThan(0);
		expect(await page.getByTestId('mapping-count').textContent()).toMatch(new RegExp(`^\\s*21 columns · ${metricTypes.length} metrics\\s*\\(${categories} of them categories: kept for Learn and\\s+Add metric, and scored only once you give their values points on the Scorecard page\\)\\s*$`));

		const longest = await watchLongTasks(page);
		const started = Date.now();
		await read.click();
		const importButton = page.getByRole('button', { name: 'Import', exact: true });
		await importButton.waitFor();
		figures.telcoParseMs = String(Date.now() - started);
		figures.telcoParseLongestTaskMs = String(await longest());
		figures.telcoParseReport = (await page.getByTestId('parse-time').textContent()) ?? '';
		expect(await page.getByTestId('rows-to-import').textContent()).toBe('7,043');
		// The rate, when shown (0.1 s or more), is the 7,043 rows over the seconds shown.
		const time = /^(\d+\.\d+)\u00a0s(?: \(([\d,]+)\u00a0rows\/s\))?$/.exec(figures.telcoParseReport);
		expect(time, figures.telcoParseReport).not.toBeNull();
		const seconds = Number(time![1]);
		if (seconds >= 0.1) expect(time![2]).toBe(formatCount(7043 / seconds));
		else expect(time![2]).toBeUndefined();
		// The production build's import worker read it with the WebAssembly reader, not the JavaScript fallback.
		expect(await page.getByTestId('import-summary').getAttribute('data-reader')).toBe('webassembly');
		// Nothing is stored before Import.
		expect(await page.getByTestId('dataset-rows').textContent()).not.toBe('7,043');

		const committing = await watchLongTasks(page);
		const commitStarted = Date.now();
		await importButton.click();
		await page.getByTestId('import-done').waitFor({ timeout: 30_000 });
		figures.telcoCommitMs = String(Date.now() - commitStarted);
		figures.telcoCommitLongestTaskMs = String(await committing());

		expect(await customers(page)).toBe('7,043');
		expect(await page.getByTestId('kpi-average').textContent()).toBe(expectedAverage(TELCO));
		// One snapshot: the trend says it needs two, and draws one bar of normal width in the middle of the plot.
		await page.getByRole('heading', { name: 'Trend over 1 snapshot' }).waitFor();
		expect(await page.getByTestId('trend-one-snapshot').textContent()).toMatch(/^A trend needs two or more snapshots; this portfolio has one, as of \d{4}-\d\d-\d\d\./);
		const chart = page.getByTestId('trend-chart');
		const bar = await chart.evaluate((svg) => {
			const rects = Array.from(svg.querySelectorAll<SVGRectElement>('g[data-snapshot] rect'), (r) => r.getBBox());
			const grid = svg.querySelector<SVGLineElement>('line.grid')!;
			return { bars: svg.querySelectorAll('g[data-snapshot]').length, widths: rects.map((r) => r.width), centre: rects[0].x + rects[0].width / 2, plotCentre: (grid.x1.baseVal.value + grid.x2.baseVal.value) / 2, plot: grid.x2.baseVal.value - grid.x1.baseVal.value };
		});
		expect(bar.bars).toBe(1);
		expect(new Set(bar.widths)).toEqual(new Set([MAX_BAR_WIDTH]));
		expect(bar.plot).toBeGreaterThan(4 * MAX_BAR_WIDTH);
		expect(bar.centre).toBeCloseTo(bar.plotCentre, 6);
		// The first scorecard scores the metric columns that are not categories, as the mapping step said.
		await page.getByRole('link', { name: 'Scorecard', exact: true }).click();
		// The editors are drawn a couple per frame (unfold.svelte.ts).
		await expect.poll(() => page.locator('fieldset.metric').count()).toBe(metricTypes.length - categories);
	});

	test('the Data page describes the imported file: 11 missing TotalCharges, 1,869 churned', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		expect(await page.getByTestId('dataset-rows').textContent()).toBe('7,043');
		// One snapshot (the as-of date chosen at import) is one date, not a range from it to itself.
		expect(await page.getByTestId('dataset-snapshots').textContent()).toMatch(/^1: \d{4}-\d{2}-\d{2}$/);
		await page.locator('summary', { hasText: 'Columns' }).click();
		expect(await page.getByTestId('missing-TotalCharges').textContent()).toMatch(/^11 \(/);
		// Typed yes/no in the mapping step (SeniorCitizen's 0/1 too), so yes/no here; gender (Female/Male) is a category.
		await page.getByTestId('type-Churn').waitFor();
		for (const name of ['SeniorCitizen', 'Partner', 'Churn']) expect(await page.getByTestId(`type-${name}`).textContent(), name).toBe('yes/no');
		expect(await page.getByTestId('type-gender').textContent()).toBe('category');
		// The file's 21 columns, and the as-of column the import added.
		expect(await page.getByTestId('import-columns').allTextContents()).toEqual(['21 + as-of']);
		expect(await page.getByText(/of which .* churned/).textContent()).toContain('1,869 churned');
	});

	test('Cancel while a big file is read leaves the workspace as it was', async () => {
		const { page } = app;
		await chooseFile(page, big);
		const read = page.getByRole('button', { name: 'Read the whole file' });
		await read.waitFor();
		await read.click();
		const progress = page.getByTestId('import-progress');
		await expect.poll(async () => Number(((await progress.textContent()) ?? '').match(/^\s*([\d,]+) rows/)?.[1].replace(/,/g, '') ?? 0), { interval: 20 }).toBeGreaterThan(0);
		await page.getByRole('button', { name: 'Cancel' }).click();
		await page.getByText('Import cancelled. Your workspace is unchanged.').waitFor();
		expect(await customers(page)).toBe('7,043');
	});

	test('reading the big file keeps the main thread free; the storage figure is read again once the file is staged; Cancel stores nothing', async () => {
		const { page } = app;
		// "Using 46.9 MB of 10.0 GB available." → bytes used, as the Data page rounds them.
		const used = async () => {
			const m = /Using ([\d.]+)\u00a0(B|KB|MB|GB)/.exec((await page.getByTestId('storage-usage').textContent()) ?? '');
			if (!m) throw new Error('the Data page shows no storage figure');
			return Number(m[1]) * 1024 ** ['B', 'KB', 'MB', 'GB'].indexOf(m[2]);
		};
		await chooseFile(page, big);
		try {
			await readBigFile(page, used);
		} finally {
			// Failed or not, the tests after this one start from the Data page's file picker, not from this report.
			const cancel = page.getByRole('button', { name: 'Cancel' });
			if (await cancel.isVisible()) await cancel.click();
		}
		expect(await customers(page)).toBe('7,043');
	});

	/** Reads the big file up to its report, checking the progress, the main thread and the storage figure. */
	async function readBigFile(page: Page, used: () => Promise<number>): Promise<void> {
		const before = await used();
		const read = page.getByRole('button', { name: 'Read the whole file' });
		await read.waitFor();
		// What the progress's live status says while reading: each quarter once, not every chunk's figures.
		const announced = await recordSaid(page, 'import-announced');
		const longest = await watchLongTasks(page);
		const started = Date.now();
		await read.click();
		await page.getByRole('button', { name: 'Import', exact: true }).waitFor({ timeout: 60_000 });
		const said = await announced();
		const quarters = ['Reading the file…', '25\u00a0% of the file read', '50\u00a0% of the file read', '75\u00a0% of the file read'];
		const heard = said.map((text) => quarters.indexOf(text));
		// From the start, in order, each once (a quarter read within one chunk may be passed over), and more than one.
		expect(heard[0]).toBe(0);
		expect(heard.every((k) => k >= 0) && heard.every((k, i) => i === 0 || k > heard[i - 1])).toBe(true);
		expect(heard.length).toBeGreaterThan(1);
		figures.bigRows = (await page.getByTestId('rows-to-import').textContent()) ?? '';
		figures.bigParseMs = String(Date.now() - started);
		figures.bigParseLongestTaskMs = String(await longest());
		figures.bigParseReport = (await page.getByTestId('parse-time').textContent()) ?? '';
		expect(figures.bigRows).toBe(formatCount(7043 * 40));
		// The file's columns are stored (staged) while the report waits, and the figure is read again: it changes.
		// Whether it grows is Chromium's: the previous test's cancelled blocks of the same file may be compacted away
		// meanwhile (one run under load grew by 0.7 MB, not the file's 14 MB; another shrank by 0.2 MB), and its figure
		// is all the origin's files, not our records. The app reads it only after a write, never on a timer.
		await expect.poll(used, { timeout: 20_000 }).not.toBe(before);
		// (After Cancel the blocks are removed and the figure read again, but Chromium gives small values' space
		// back only when it compacts: this file's 14 MB had not shrunk 20 s later, so no shrink is asserted.)
	}

	test('BigML: the "churn " header is trimmed and proposed as the outcome; Import gives 3,333 customers', async () => {
		const { page } = app;
		await resetDemo(page);
		await chooseFile(page, BIGML);
		const read = page.getByRole('button', { name: 'Read the whole file' });
		await read.waitFor();
		expect(await page.getByLabel('Role of churn', { exact: true }).inputValue()).toBe('outcome');
		expect(await page.getByLabel('Role of phone number', { exact: true }).inputValue()).toBe('id');
		await read.click();
		await page.getByRole('button', { name: 'Import', exact: true }).click();
		await page.getByTestId('import-done').waitFor({ timeout: 30_000 });
		expect(await customers(page)).toBe('3,333');
		expect(await page.getByTestId('kpi-average').textContent()).toBe(expectedAverage(BIGML));
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		expect(await page.getByText(/of which .* churned/).textContent()).toContain('483 churned (“churn” is yes)');
	});

	test('a character split between two chunks of the file is read whole', async () => {
		const { page } = app;
		await resetDemo(page);
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await importCsvFile(page, split);
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		// Only "Café" and "Crème": a mangled "Caf\uFFFD" would be a third value.
		await page.locator('summary', { hasText: 'Columns' }).click();
		const plan = page.locator('table.profile tbody tr').filter({ has: page.locator('th', { hasText: /^plan$/ }) });
		expect(await plan.getByTestId('type-plan').textContent()).toBe('category');
		expect(await plan.getByTestId('detail-plan').textContent()).toBe(`2 values: Café ${formatPercent(50)}, Crème ${formatPercent(50)}`);
	});

	test('a small UTF-8 file cut off inside its last character is read as Windows-1252, as the CLI reads it', async () => {
		const { page } = app;
		// The whole file fits the preview's head: its cut "ë" (C3 without AB) is invalid UTF-8, not a chunk boundary.
		const bytes = Buffer.concat([Buffer.from('id,name\nC1,Zoë\nC2,Zo', 'utf8'), Buffer.from([0xc3])]);
		const cut = join(dir, 'cut.csv');
		await writeFile(cut, bytes);
		await chooseFile(page, cut);
		await page.getByRole('button', { name: 'Read the whole file' }).waitFor();
		const expected = parseCsvBytes(new Uint8Array(bytes), 'cut.csv').preview.notices.find((n) => /Windows-1252/.test(n.message))!;
		expect(expected.message).toContain('(first at byte 21)');
		expect(await page.locator('.notices').textContent()).toContain(expected.message);
		// Back to the file picker for the next test.
		await page.getByRole('button', { name: 'Cancel' }).click();
		await page.getByText('Import cancelled. Your workspace is unchanged.').waitFor();
	});

	test('a Windows-1252 file with semicolons and decimal commas keeps its umlauts and numbers', async () => {
		const { page } = app;
		await resetDemo(page);
		await chooseFile(page, latin);
		const read = page.getByRole('button', { name: 'Read the whole file' });
		await read.waitFor();
		expect(await page.locator('.notices').textContent()).toContain('Windows-1252');
		expect(await page.getByLabel('Type of Umsatz', { exact: true }).inputValue()).toBe('number');
		await page.getByLabel('Role of Kunde', { exact: true }).selectOption('id');
		await page.getByLabel('Role of Name', { exact: true }).selectOption('name');
		await page.getByLabel('Role of Straße', { exact: true }).selectOption('segment');
		await page.getByLabel('Role of Umsatz', { exact: true }).selectOption('metric');
		await read.click();
		await page.getByRole('button', { name: 'Import', exact: true }).click();
		await page.getByTestId('import-done').waitFor({ timeout: 30_000 });
		await page.getByRole('link', { name: 'Customers', exact: true }).click();
		await page.getByLabel('Search').fill('Müller');
		await expect.poll(() => page.getByTestId('customer-count').textContent()).toBe('1 of 3 customers');
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await page.locator('summary', { hasText: 'Columns' }).click();
		const umsatz = page.locator('table.profile tbody tr').filter({ has: page.locator('th', { hasText: /^Umsatz$/ }) });
		expect(await umsatz.locator('td').last().textContent()).toBe('min 10 · median 99.95 · max 1,234.5');
	});

	test('the same columns again map as last time; the proposal is one click away', async () => {
		const { page } = app;
		await chooseFile(page, latin);
		const read = page.getByRole('button', { name: 'Read the whole file' });
		await read.waitFor();
		await page.getByTestId('mapped-as-last-time').waitFor();
		const straße = page.getByLabel('Role of Straße', { exact: true });
		expect(await straße.inputValue()).toBe('segment');
		await page.getByRole('button', { name: 'Use Checkup’s proposal instead' }).click();
		expect(await straße.inputValue()).toBe('ignore');
		expect(await page.getByTestId('mapped-as-last-time').count()).toBe(0);
		await page.getByRole('button', { name: 'Map as last time' }).click();
		expect(await straße.inputValue()).toBe('segment');
		await page.getByRole('button', { name: 'Cancel' }).click();
		await page.getByText('Import cancelled. Your workspace is unchanged.').waitFor();
	});

	test('the report lists problems and duplicate IDs as text; keeping the first row of each ID imports the rest', async () => {
		const { page } = app;
		await resetDemo(page);
		await chooseFile(page, rough);
		const read = page.getByRole('button', { name: 'Read the whole file' });
		await read.waitFor();
		expect(await unnamedControls(page)).toEqual([]);
		await page.getByLabel('Type of seats', { exact: true }).selectOption('number');
		await page.getByLabel('Role of seats', { exact: true }).selectOption('metric');
		await read.click();
		const problems = page.getByRole('table', { name: 'Problems' });
		await problems.waitFor();
		expect(await unnamedControls(page)).toEqual([]);
		const rows = await problems.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (td) => td.textContent)));
		expect(rows).toEqual([
			['4', 'seats', '<img src=x onerror="window.__owned = 2">', 'not a number', 'treated as missing'],
			['6', 'whole row', 'A-4,Bar', 'has 2 fields, the header has 4', 'row skipped']
		]);
		expect(await page.locator('.import script, .import img').count()).toBe(0);
		expect(await page.getByText('1 customer ID appears more than once in one snapshot').count()).toBe(1);
		expect(await page.getByTestId('rows-to-import').textContent()).toBe('4');
		// 6 rows read = 4 to import + 1 skipped (A-4,Bar) + 1 duplicate dropped (one of the two A-1).
		expect((await summary(page)).slice(0, 5)).toEqual([
			['Rows read', '6'], ['Rows to import', '4'], ['Rows skipped', '1'], ['Duplicate rows dropped', '1 (the last row of each ID is kept)'], ['Problems', '2']
		]);
		await page.getByLabel('Don’t import: I will fix the file').check();
		expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
		expect(await page.getByTestId('rows-dropped').count()).toBe(0);
		await page.getByLabel('Keep the first row of each ID').check();
		expect(await page.getByTestId('rows-dropped').textContent()).toBe('1 (the first row of each ID is kept)');
		await page.getByRole('button', { name: 'Import', exact: true }).click();
		await page.getByTestId('import-done').waitFor({ timeout: 30_000 });
		expect(await customers(page)).toBe('4');
		await page.getByRole('link', { name: 'Customers', exact: true }).click();
		await page.getByLabel('Search').fill('Acme');
		await expect.poll(() => page.getByTestId('customer-count').textContent()).toBe('1 of 4 customers');
		expect(await page.getByRole('table', { name: 'Customers' }).getByRole('row').nth(1).textContent()).not.toContain('again');
		expect(await page.evaluate(() => (window as unknown as { __owned?: number }).__owned)).toBeUndefined();
	});

	test('on a phone (390 px) every column’s Type and Role are in view, not past the right edge', async () => {
		const { page } = app;
		const before = page.viewportSize();
		await page.setViewportSize({ width: 390, height: 800 });
		try {
			await chooseFile(page, TELCO);
			await page.getByRole('button', { name: 'Read the whole file' }).waitFor();
			for (const name of ['customerID', 'SeniorCitizen', 'TotalCharges', 'Churn']) {
				for (const what of ['Type', 'Role']) {
					const box = (await page.getByLabel(`${what} of ${name}`, { exact: true }).boundingBox())!;
					expect(box.x, `${what} of ${name}`).toBeGreaterThanOrEqual(0);
					expect(box.x + box.width, `${what} of ${name}`).toBeLessThanOrEqual(390);
				}
			}
			await page.getByRole('button', { name: 'Cancel' }).click();
			await page.getByText('Import cancelled. Your workspace is unchanged.').waitFor();
		} finally {
			if (before) await page.setViewportSize(before);
		}
	});

	test('logs no errors and requests nothing from another origin', () => {
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
