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
import { bandIndex, scoreTable } from '../../src/lib/core/score';
import { scoreTenths } from '../../src/lib/core/shown-score';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { formatScore } from '../../src/lib/format';
import { readSharedCsv, SHARED_DATA } from '../helpers/shared-data';
import { chooseCsvFile, importCsvFile, accessibleName, openApp, type AppSession } from './browser';
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
		// Add metric follows the editors, a frame later with more than two of them.
		await expect.poll(() => page.getByLabel('Column to score').locator('option').allTextContents()).toContainEqual(expect.stringMatching(/^tickets\b/));
	});

	test('a file with its dates in a column, read again, says before Import which rows it replaces', async () => {
		// The as-of dates stay in the import worker; the page asks for them as codes to count (it said nothing before).
		const { page } = app;
		await readFile(page, files.feb);
		await expect.poll(() => page.getByTestId('rows-replaced').textContent().then((t) => t!.replace(/\s+/g, ' ').trim()), { timeout: 20_000 }).toBe(
			'50 rows of this file have a customer and as-of date already imported: they replace 50 rows of feb.csv (as of 2026-02-01). Cancel if this file was imported already.'
		);
		await page.getByRole('button', { name: 'Cancel' }).click();
		expect((await overview(page)).customers).toBe('50');
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
		// On a phone (390 px) each import's dates, Delete and the question to delete it are in view, not cut at the edge.
		const before = page.viewportSize();
		await page.setViewportSize({ width: 390, height: 800 });
		try {
			const inView = async (name: string) => {
				const box = (await page.getByRole('button', { name, exact: true }).boundingBox())!;
				return box.x >= 0 && box.x + box.width <= 390;
			};
			await page.getByTestId('import-snapshots').first().waitFor();
			for (const cell of await page.getByTestId('import-snapshots').all()) {
				const box = (await cell.boundingBox())!;
				expect(box.x + box.width).toBeLessThanOrEqual(390);
			}
			expect(await inView('Delete import feb.csv')).toBe(true);
			await page.getByRole('button', { name: 'Delete import feb.csv' }).click();
			expect(await inView('Yes, delete feb.csv')).toBe(true);
			expect(await inView('Cancel')).toBe(true);
		} finally {
			if (before) await page.setViewportSize(before);
		}
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

/**
 * The audit of imports that follow one another, on the public Telco file: a "next month" copy fires alerts, and
 * deleting it takes them away (re-importing it fires them again); a file imported twice says which rows it
 * replaces before Import; an outcomes file with IDs no snapshot has says how many join and how many match none,
 * and whose outcomes it takes over; with a third month, deleting the middle one leaves the third's alerts compared
 * with the first, and importing it again between them compares them with it again. Every count is worked out here
 * from the CSV text.
 */
describe('imports that follow one another (Telco)', () => {
	const TELCO = SHARED_DATA + 'telco_customer_churn.csv';
	const rows = readSharedCsv('telco_customer_churn.csv');
	const header = readFileSync(TELCO, 'utf8').split(/\r?\n/)[0];
	const columns = header.split(',');
	/** Next month: every 40th customer is new again (tenure 1, total charges of one month); everyone else a month older. */
	const next = rows.map((r, i) => columns.map((c) => (c === 'tenure' ? String(i % 40 === 0 ? 1 : Number(r.tenure) + 1) : c === 'TotalCharges' && i % 40 === 0 ? r.MonthlyCharges : r[c])).join(','));
	const STRANGERS = ['9999-AAAAA', '9999-BBBBB', '9999-CCCCC', '9999-DDDDD', '9999-EEEEE'];
	const OUT = ['customerID,Churn', ...rows.map((r, i) => `${r.customerID},${i % 3 === 0 ? 'Yes' : 'No'}`), ...STRANGERS.map((id) => `${id},Yes`)];
	let app: AppSession;
	let dir: string;
	const files = { next: '', outcomes: '' };

	/**
	 * Who has already churned: the customers whose Churn is Yes in the files (every month keeps Telco's column), then,
	 * once the outcomes file is imported (and kept), those it says Yes of: every third. Their alerts are not counted
	 * open, nor listed unless asked for.
	 */
	const churnedInFiles = (i: number) => rows[i].Churn === 'Yes';
	const churnedInOutcomes = (i: number) => i % 3 === 0;
	const nobody = () => false;

	/**
	 * The alerts the default rules fire at one file against another (by default next month against the first), by a
	 * second implementation: the shown scores of both files under the first file's scorecard; the alerts of customers
	 * `churned` says already churned are not counted.
	 */
	function expectedAlerts(churned: (i: number) => boolean, fromPath = TELCO, fromAsOf = '2026-11-24', toPath = files.next, toAsOf = '2026-12-24'): number {
		const first = single(TELCO, '2026-11-24');
		const score = (path: string, asOf: string) => {
			const { preview, parsed } = parseCsvBytes(new Uint8Array(readFileSync(path)), 'x.csv');
			const dataset = toDataset(parsed, defaultMapping(preview), { id: 'x', fileName: 'x.csv', importedAt: '2026-03-01T00:00:00.000Z', asOf });
			return scoreTable(currentView(dataset).table, first.scorecard).score;
		};
		const before = score(fromPath, fromAsOf), after = score(toPath, toAsOf);
		const bands = first.scorecard.bands;
		let n = 0;
		for (let i = 0; i < before.length; i++) {
			if (churned(i)) continue;
			if (scoreTenths(before[i]) - scoreTenths(after[i]) >= 100) n++;
			if (bandIndex(bands, after[i]) === 0 && bandIndex(bands, before[i]) !== 0) n++;
		}
		return n;
	}
	const navAlerts = () => accessibleName(app.page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: /^Alerts/ }));
	const said = (id: string) => app.page.getByTestId(id).textContent().then((t) => t!.replace(/\s+/g, ' ').trim());

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-follow-'));
		files.next = join(dir, 'telco_next_month.csv');
		files.outcomes = join(dir, 'telco_outcomes.csv');
		await writeFile(files.next, [header, ...next].join('\n') + '\n');
		await writeFile(files.outcomes, OUT.join('\n') + '\n');
		app = await openApp({ path: '#/overview' });
	});
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('deleting the next month takes its alerts away; importing it again fires them again', async () => {
		const { page } = app;
		const customers = new Set(rows.map((r) => r.customerID)).size;
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await importCsvFile(page, TELCO, { asOf: '2026-11-24' });
		expect((await overview(page)).customers).toBe(customers.toLocaleString('en-US'));
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await importCsvFile(page, files.next, { asOf: '2026-12-24' });
		const fired = expectedAlerts(churnedInFiles);
		expect(fired).toBeGreaterThan(10);
		expect(fired).toBeLessThan(expectedAlerts(nobody));
		await expect.poll(navAlerts, { timeout: 30_000 }).toBe(`Alerts (${fired.toLocaleString('en-US')} open)`);

		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await page.getByRole('button', { name: 'Delete import telco_next_month.csv' }).click();
		expect(await page.getByRole('alertdialog').textContent()).toContain(`Its ${customers.toLocaleString('en-US')} rows leave the portfolio, with the alerts fired on them`);
		await page.getByRole('button', { name: 'Yes, delete telco_next_month.csv' }).click();
		await expect.poll(navAlerts, { timeout: 30_000 }).toBe('Alerts');
		expect((await overview(page)).customers).toBe(customers.toLocaleString('en-US'));
		await page.getByRole('link', { name: /^Alerts/ }).click();
		await expect.poll(() => page.getByText('2026-12-24').count()).toBe(0);
		await app.reload();
		await expect.poll(navAlerts, { timeout: 30_000 }).toBe('Alerts');

		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await importCsvFile(page, files.next, { asOf: '2026-12-24' });
		await expect.poll(navAlerts, { timeout: 30_000 }).toBe(`Alerts (${fired.toLocaleString('en-US')} open)`);
	});

	test('the same file with the same as-of date says, before Import, which rows it replaces', async () => {
		const { page } = app;
		const customers = new Set(rows.map((r) => r.customerID)).size.toLocaleString('en-US');
		await readFile(page, files.next, '2026-12-24');
		await expect.poll(() => said('rows-replaced')).toBe(
			`${customers} rows of this file have a customer and as-of date already imported: they replace ${customers} rows of telco_next_month.csv (as of 2026-12-24). Cancel if this file was imported already.`
		);
		await page.getByRole('button', { name: 'Cancel' }).click();
	});

	test('an outcomes file says how many IDs join and how many match none, and whose outcomes it takes over', async () => {
		const { page } = app;
		const customers = new Set(rows.map((r) => r.customerID));
		const joined = OUT.slice(1).filter((line) => customers.has(line.split(',')[0])).length;
		const none = OUT.length - 1 - joined;
		expect([joined, none]).toEqual([customers.size, STRANGERS.length]);
		await readFile(page, files.outcomes);
		await expect.poll(() => said('outcomes-joined')).toBe(`${joined.toLocaleString('en-US')} customers`);
		expect(await said('import-effect')).toContain(`This file holds the outcomes of ${(joined + none).toLocaleString('en-US')} customers.`);
		expect(await said('outcomes-unmatched')).toBe(`${none} customer IDs match no customer of your snapshot files, so their outcomes join nothing: ${STRANGERS.join(', ')}. Cancel if they should have matched.`);
		expect(await said('outcome-source')).toBe(
			'For the customers it joins, the outcome (churned) will come from this file (column “Churn”), not from telco_customer_churn.csv (column “Churn”), telco_next_month.csv (column “Churn”); where this file leaves it blank, theirs stays.'
		);
		await importIt(page);
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await page.getByRole('button', { name: 'Delete import telco_outcomes.csv' }).click();
		expect((await page.getByRole('alertdialog').textContent())!.replace(/\s+/g, ' ')).toContain(
			`The outcomes it gives ${joined.toLocaleString('en-US')} customers leave the portfolio: their snapshots keep only what the snapshot files say. Its other ${none} IDs match no customer. This cannot be undone.`
		);
		await page.getByRole('button', { name: 'Cancel' }).click();
	});

	test('deleting the middle of three months: the alerts of the last compare with the first', async () => {
		const { page } = app;
		// A third month: every customer a month older again, and every 7th back to a first month (tenure 1).
		const third = join(dir, 'telco_third_month.csv');
		const lines = rows.map((r, i) => columns.map((c) => (c === 'tenure' ? String(i % 7 === 0 ? 1 : i % 40 === 0 ? 2 : Number(r.tenure) + 2) : c === 'TotalCharges' && i % 7 === 0 ? r.MonthlyCharges : r[c])).join(','));
		await writeFile(third, [header, ...lines].join('\n') + '\n');
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await importCsvFile(page, third, { asOf: '2027-01-24' });
		const againstDecember = expectedAlerts(churnedInOutcomes, files.next, '2026-12-24', third, '2027-01-24');
		const againstNovember = expectedAlerts(churnedInOutcomes, TELCO, '2026-11-24', third, '2027-01-24');
		// The comparison matters: the counts differ, so the one shown after the delete tells which was made.
		expect(againstNovember).not.toBe(againstDecember);
		// Open: December's alerts (fired when it was the newest) and the third month's against December.
		await expect.poll(navAlerts, { timeout: 30_000 }).toBe(`Alerts (${(expectedAlerts(churnedInOutcomes) + againstDecember).toLocaleString('en-US')} open)`);

		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await page.getByRole('button', { name: 'Delete import telco_next_month.csv' }).click();
		await page.getByRole('button', { name: 'Yes, delete telco_next_month.csv' }).click();
		await expect.poll(navAlerts, { timeout: 30_000 }).toBe(`Alerts (${againstNovember.toLocaleString('en-US')} open)`);
		await page.getByRole('link', { name: /^Alerts/ }).click();
		await expect.poll(() => page.getByText('(since 2026-11-24)').count()).toBeGreaterThan(0);
		expect(await page.getByText('(since 2026-12-24)').count()).toBe(0);
		await app.reload();
		await expect.poll(navAlerts, { timeout: 30_000 }).toBe(`Alerts (${againstNovember.toLocaleString('en-US')} open)`);
	});

	test('the middle month imported again, between the others: the last month’s alerts compare with it again', async () => {
		const { page } = app;
		const third = join(dir, 'telco_third_month.csv');
		const n = (x: number) => x.toLocaleString('en-US');
		const againstDecember = expectedAlerts(churnedInOutcomes, files.next, '2026-12-24', third, '2027-01-24');
		// December against November, read late (January is the newest): past, never opened.
		const december = expectedAlerts(churnedInOutcomes);
		// Every alert stored, those of customers who already churned (not listed) too.
		const stored = n(expectedAlerts(nobody, files.next, '2026-12-24', third, '2027-01-24') + expectedAlerts(nobody));
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await importCsvFile(page, files.next, { asOf: '2026-12-24' });
		await expect.poll(navAlerts, { timeout: 30_000 }).toBe(`Alerts (${n(againstDecember)} open)`);
		await page.getByRole('link', { name: /^Alerts/ }).click();
		await page.getByLabel('Open only').uncheck();
		const all = stored;
		await expect.poll(() => said('alerts-shown')).toBe(`${n(againstDecember + december)} of ${all} alerts`);
		// The first 100 listed are January's, each compared with December.
		await page.getByLabel('Snapshot', { exact: true }).selectOption('2027-01-24');
		await expect.poll(() => said('alerts-shown')).toBe(`${n(againstDecember)} of ${all} alerts`);
		expect(await page.getByText('(since 2026-12-24)').count()).toBe(Math.min(100, againstDecember));
		await page.getByLabel('Snapshot', { exact: true }).selectOption('2026-12-24');
		await expect.poll(() => said('alerts-shown')).toBe(`${n(december)} of ${all} alerts`);
		expect(await page.locator('[data-testid=alert][data-state=past]').count()).toBe(Math.min(100, december));
		await page.getByRole('button', { name: 'Clear filters' }).click();
		await page.getByLabel('Open only').check();
	});

	test('logs no errors and requests nothing from another origin', () => {
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
