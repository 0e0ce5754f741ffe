/**
 * Several files make one portfolio, through the Data page of the production build in real Chromium: a January
 * file (as-of date chosen in the mapping step) replaces the demo, a February file (with an as_of column) adds
 * a snapshot, an outcomes file joins churn by customer ID; deleting February brings January's customers back.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseCsvBytes } from '../../src/lib/core/csv';
import { defaultScorecardFor, toDataset } from '../../src/lib/core/csv/dataset';
import { defaultMapping } from '../../src/lib/core/csv/infer';
import { currentView, summarizePortfolio } from '../../src/lib/core/portfolio';
import { scoreTable } from '../../src/lib/core/score';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { formatScore } from '../../src/lib/format';
import { chooseCsvFile, openApp, type AppSession } from './browser';
import { expectedDemo } from './expected';

const ids = Array.from({ length: 60 }, (_, i) => `C${String(i + 1).padStart(3, '0')}`);
const SEGMENTS = ['SMB', 'Mid-market', 'Enterprise'];

/** 60 customers, no as-of column. */
const JAN = ['customer_id,name,segment,arr,logins,nps', ...ids.map((id, i) => `${id},Company ${i + 1},${SEGMENTS[i % 3]},${1000 + i * 100},${(i * 7) % 40},${((i * 13) % 21) - 10}`)];
/** The first 50 of them as of 2026-02-01 (the other 10 left), with a new column. */
const FEB = [
	'customer_id,as_of,name,segment,arr,logins,nps,tickets',
	...ids.slice(0, 50).map((id, i) => `${id},2026-02-01,Company ${i + 1},${SEGMENTS[i % 3]},${1100 + i * 100},${(i * 11) % 45},${((i * 5) % 21) - 10},${i % 4}`)
];
/** The 10 who left churned in January; five who stayed are listed as not churned. */
const OUTCOMES = ['customer_id,churned,churn_date', ...ids.slice(50).map((id, k) => `${id},Yes,2026-01-${String(10 + k).padStart(2, '0')}`), ...ids.slice(0, 5).map((id) => `${id},No,`)];

/**
 * The Overview's average for a file's current view scored with a scorecard, straight from the node pipeline
 * of that one file: no assembly, no state, no storage.
 */
function single(path: string, asOf: string) {
	const { preview, parsed } = parseCsvBytes(new Uint8Array(readFileSync(path)), 'x.csv');
	const mapping = defaultMapping(preview);
	const dataset = toDataset(parsed, mapping, { id: 'x', fileName: 'x.csv', importedAt: '2026-03-01T00:00:00.000Z', asOf });
	const average = (scorecard: Scorecard) => formatScore(summarizePortfolio(scoreTable(currentView(dataset).table, scorecard), scorecard.bands).averageScore);
	return { scorecard: defaultScorecardFor(dataset, mapping), average };
}

async function overview(page: Page) {
	await page.getByRole('link', { name: 'Overview', exact: true }).click();
	const kpi = page.getByTestId('kpi-customers');
	await kpi.waitFor({ timeout: 20_000 });
	return { customers: (await kpi.textContent()) ?? '', average: (await page.getByTestId('kpi-average').textContent()) ?? '' };
}

/** Chooses the file, maps it (as proposed, plus `asOf` typed in when given), reads it and returns what the report says Import will do. */
async function readFile(page: Page, path: string, asOf?: string): Promise<string> {
	await page.getByRole('link', { name: 'Data', exact: true }).click();
	await chooseCsvFile(page, path);
	const read = page.getByRole('button', { name: 'Read the whole file' });
	await read.waitFor();
	if (asOf) await page.getByLabel('These figures are as of').fill(asOf);
	await read.click();
	await page.getByRole('button', { name: 'Import', exact: true }).waitFor();
	return (await page.getByTestId('import-effect').textContent())?.replace(/\s+/g, ' ').trim() ?? '';
}

async function importIt(page: Page) {
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await page.getByTestId('import-done').waitFor({ timeout: 30_000 });
}

async function listedImports(page: Page): Promise<string[][]> {
	await page.getByRole('link', { name: 'Data', exact: true }).click();
	const rows = page.getByRole('table', { name: 'Imports' }).locator('tbody tr[data-testid="import-row"]');
	await rows.first().waitFor();
	return rows.evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')!.childNodes[0].textContent!.trim(), ...Array.from(tr.querySelectorAll('td'), (td) => td.textContent!.trim())].slice(0, 5)));
}

describe('several files make one portfolio', () => {
	let app: AppSession;
	let dir: string;
	const files = { jan: '', feb: '', outcomes: '' };

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-imports-'));
		for (const [name, lines] of [['jan', JAN], ['feb', FEB], ['outcomes', OUTCOMES]] as const) {
			files[name] = join(dir, `${name}.csv`);
			await writeFile(files[name], lines.join('\n') + '\n');
		}
		app = await openApp({ path: '#/overview' });
	});
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('the first file replaces the demo, and says so before Import', async () => {
		const { page } = app;
		expect((await overview(page)).customers).toBe(expectedDemo().customers);
		expect(await readFile(page, files.jan, '2026-01-01')).toMatch(/^Importing replaces the demo portfolio/);
		await importIt(page);
		const jan = single(files.jan, '2026-01-01');
		expect(await overview(page)).toEqual({ customers: '60', average: jan.average(jan.scorecard) });
	});

	test('a second file adds a snapshot: the Overview shows its 50 customers, scored with the first file’s scorecard', async () => {
		const { page } = app;
		expect(await readFile(page, files.feb)).toMatch(/^Importing adds 50 rows to the portfolio/);
		await importIt(page);
		const jan = single(files.jan, '2026-01-01');
		expect(await overview(page)).toEqual({ customers: '50', average: single(files.feb, '2026-02-01').average(jan.scorecard) });
		// Its new column is offered by Add metric.
		await page.getByRole('link', { name: 'Scorecard', exact: true }).click();
		expect(await page.getByLabel('Column to score').locator('option').allTextContents()).toContainEqual(expect.stringMatching(/^tickets\b/));
	});

	test('an outcomes file asks for no as-of date and joins churn by customer ID', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await chooseCsvFile(page, files.outcomes, app.consoleErrors);
		await page.getByRole('button', { name: 'Read the whole file' }).waitFor();
		expect(await page.getByLabel('Role of churned', { exact: true }).inputValue()).toBe('outcome');
		expect(await page.getByLabel('Role of churn_date', { exact: true }).inputValue()).toBe('churnDate');
		expect(await page.getByLabel('These figures are as of').count()).toBe(0);
		await page.getByRole('button', { name: 'Read the whole file' }).click();
		await page.getByRole('button', { name: 'Import', exact: true }).waitFor();
		expect((await page.getByTestId('import-effect').textContent())?.replace(/\s+/g, ' ')).toContain('Importing adds the outcomes of 15 customers');
		await importIt(page);

		expect(await listedImports(page)).toEqual([
			// jan.csv has 6 columns; the as-of date chosen at import is a column the import added.
			['jan.csv', expect.any(String), '60', '6 + as-of', '2026-01-01'],
			['feb.csv', expect.any(String), '50', '8', '2026-02-01'],
			['outcomes.csv', expect.any(String), '15', '3', 'none: outcomes only']
		]);
		expect(await page.getByText(/of which .* churned/).textContent()).toContain('60, of which 10 churned');
		expect((await overview(page)).customers).toBe('50');
	});

	test('deleting the February file brings back January’s customers, and a reload keeps it so', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await page.getByRole('button', { name: 'Delete import feb.csv' }).click();
		await page.getByRole('button', { name: 'Yes, delete feb.csv' }).click();
		await expect.poll(async () => (await listedImports(page)).map((r) => r[0])).toEqual(['jan.csv', 'outcomes.csv']);
		const jan = single(files.jan, '2026-01-01');
		expect(await overview(page)).toEqual({ customers: '60', average: jan.average(jan.scorecard) });
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		expect(await page.getByText(/of which .* churned/).textContent()).toContain('60, of which 10 churned');

		await app.reload();
		expect(await overview(page)).toEqual({ customers: '60', average: jan.average(jan.scorecard) });
		expect((await listedImports(page)).map((r) => r[0])).toEqual(['jan.csv', 'outcomes.csv']);
	});

	test('the last snapshot file cannot be deleted: the page says what to do instead', async () => {
		const { page } = app;
		await page.getByRole('button', { name: 'Delete import jan.csv' }).click();
		await page.getByRole('button', { name: 'Yes, delete jan.csv' }).click();
		expect(await page.getByRole('alert').textContent()).toBe(
			'“jan.csv” holds the last customer snapshots: only outcomes would be left. Import another snapshot file first, or use Reset demo to start over.'
		);
		expect((await listedImports(page)).map((r) => r[0])).toEqual(['jan.csv', 'outcomes.csv']);
	});

	test('logs no errors and requests nothing from another origin', () => {
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
