/**
 * A newcomer's first hour, as a customer-success manager meets it: the demo says it is made up and where their own
 * customers go, and the import's report warns before a file lands beside customers it has nothing in common with.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chooseCsvFile, gotoCustomer, importCsvFile, openApp, type AppSession } from './browser';
import { readSharedCsv } from '../helpers/shared-data';

const TELCO = fileURLToPath(new URL('../../../shared/data/telco_customer_churn.csv', import.meta.url));
const BIGML = fileURLToPath(new URL('../../../shared/data/telecom_churn_bigml.csv', import.meta.url));

/**
 * One Telco customer's points under the first scorecard, by hand from the CSV (as in telco-figures.test.ts: linear
 * between the 5th and 95th percentiles, yes/no 100 for the value that churned less, equal weights, a blank skipped):
 * the points each rounded to one decimal and added, and the score, their sum, rounded once.
 */
function handPoints(id: string): { shownSum: string; score: string } {
	const LINEAR = { tenure: [1, 72], MonthlyCharges: [107.4, 19.6], TotalCharges: [50, 6920] } as const;
	const YES_NO = { SeniorCitizen: '0', Partner: 'Yes', Dependents: 'Yes', PhoneService: 'Yes', PaperlessBilling: 'No' } as const;
	const r = readSharedCsv('telco_customer_churn.csv').find((row) => row.customerID === id)!;
	const points: number[] = [];
	for (const [name, [worst, best]] of Object.entries(LINEAR)) {
		if (r[name].trim() !== '') points.push(Math.min(100, Math.max(0, ((Number(r[name]) - worst) / (best - worst)) * 100)));
	}
	for (const [name, good] of Object.entries(YES_NO)) points.push(r[name] === good ? 100 : 0);
	const contributions = points.map((p) => p / points.length);
	const tenths = contributions.reduce((t, c) => t + Math.round(c * 10), 0);
	return { shownSum: (tenths / 10).toFixed(1), score: contributions.reduce((a, b) => a + b, 0).toFixed(1) };
}

/** What the import's report says before Import: what the file does, and any warning about it, spaces collapsed. */
async function reportFor(app: AppSession, path: string): Promise<{ effect: string; warning: string | null }> {
	const { page } = app;
	await chooseCsvFile(page, path, app.consoleErrors);
	await page.getByRole('button', { name: 'Read the whole file' }).click();
	await page.getByRole('button', { name: 'Import', exact: true }).waitFor();
	const words = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
	const warning = page.getByTestId('no-scorecard-columns');
	return { effect: words(await page.getByTestId('import-effect').textContent()), warning: (await warning.count()) ? words(await warning.textContent()) : null };
}

describe('the first open, then the first import', () => {
	let app: AppSession;

	beforeAll(async () => {
		app = await openApp();
	}, 60_000);
	afterAll(async () => {
		await app?.close();
	});

	test('the demo Overview says the accounts are made up and links to the import', async () => {
		const { page } = app;
		await page.getByTestId('kpi-customers').waitFor({ timeout: 30_000 });
		const note = page.getByTestId('overview-demo');
		expect(await note.textContent()).toMatch(/^\s*These are made-up accounts to try Checkup on\. Import your own CSV export on the Data page: the first one replaces the demo\.\s*$/);
		await note.getByRole('link', { name: 'Import your own CSV export' }).click();
		await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/data');
		await page.getByLabel('Choose a CSV file').waitFor({ state: 'attached' });
	});

	test('once a file of one’s own is imported, the Overview no longer calls it a demo', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await importCsvFile(page, TELCO, { asOf: '2026-11-01', consoleErrors: app.consoleErrors });
		await page.getByRole('link', { name: 'Overview', exact: true }).click();
		await expect.poll(() => page.getByTestId('kpi-customers').textContent(), { timeout: 30_000 }).toBe('7,043');
		expect(await page.getByTestId('overview-demo').count()).toBe(0);
	}, 90_000);

	test('a second file with none of the scorecard’s columns (BigML’s after Telco’s) is said to give no score, and how to score it on its own', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		const bigml = await reportFor(app, BIGML);
		expect(bigml.effect).toMatch(/^Importing adds 3,333 rows to the portfolio/);
		// The Telco scorecard's 8 metrics, in its order: the three first named.
		expect(bigml.warning).toBe(
			'This file has none of the columns the scorecard scores (“SeniorCitizen”, “Partner”, “Dependents” and 5 more), so its 3,333 rows would have no score until you add its columns on the Scorecard page. ' +
				'To score it on its own instead, Cancel, download a backup of this workspace on the Share page if you want to keep it, then use Reset demo below and import the file again: a first import makes a scorecard of its columns.'
		);
		await page.getByRole('button', { name: 'Cancel' }).click();
		// The same customers' next export has the scorecard's columns: no warning.
		const telco = await reportFor(app, TELCO);
		expect(telco.effect).toMatch(/^Importing adds 7,043 rows to the portfolio/);
		expect(telco.warning).toBeNull();
		await page.getByRole('button', { name: 'Cancel' }).click();
		await page.getByRole('link', { name: 'Overview', exact: true }).click();
		await expect.poll(() => page.getByTestId('kpi-customers').textContent()).toBe('7,043');
	}, 60_000);

	test('a customer whose points as shown add up to a tenth off the score says why; one whose add up says nothing', async () => {
		const { page } = app;
		// By hand: 0.528 + 8.037 + 0.286 (tenure, MonthlyCharges, TotalCharges; the five yes/no 0) show as 0.5 + 8.0 + 0.3.
		expect(handPoints('1636-NTNCO')).toEqual({ shownSum: '8.8', score: '8.9' });
		// 11.041 + 12.5 + 12.5 (MonthlyCharges, Partner, PhoneService) show as 11.0 + 12.5 + 12.5 = 36.0.
		expect(handPoints('7590-VHVEG')).toEqual({ shownSum: '36.0', score: '36.0' });
		await gotoCustomer(app, '1636-NTNCO');
		const note = page.getByTestId('points-rounding');
		await note.waitFor();
		expect(await note.textContent()).toBe('Each figure is rounded to one decimal, so the points as shown add up to 8.8; the health score, 8.9, is their sum before rounding.');
		await gotoCustomer(app, '7590-VHVEG');
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('7590-VHVEG');
		// Its own explanation is in (MonthlyCharges 29.85: (107.4 − 29.85) / 87.8 = 88.3), not the last customer's.
		await page.locator('tr[data-metric]').filter({ hasText: 'MonthlyCharges' }).getByTestId('sub-score').filter({ hasText: '88.3' }).waitFor();
		expect(await page.getByTestId('points-rounding').count()).toBe(0);
	});

	test('the Customers table shows each metric’s one-word header on one line, not broken inside the word', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Customers', exact: true }).click();
		const table = page.getByTestId('customer-table');
		await table.waitFor();
		// Per header, its label's lines: the distinct tops of the label text's boxes (the sort arrow left out).
		const lines = await table.locator('[role=columnheader] button').evaluateAll((buttons) =>
			buttons.map((b) => {
				const range = document.createRange();
				range.selectNodeContents(b.firstChild!);
				return [b.firstChild!.textContent, new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size] as const;
			})
		);
		const metrics = ['SeniorCitizen', 'Partner', 'Dependents', 'tenure', 'PhoneService', 'PaperlessBilling', 'MonthlyCharges', 'TotalCharges'];
		expect(lines.filter(([label]) => metrics.includes(label ?? ''))).toEqual(metrics.map((m) => [m, 1]));
	});

	test('the Data page’s storage, which the browser may clear, points to the backup on the Share page', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		const note = page.getByTestId('storage-backup');
		expect(await note.textContent()).toBe('Nothing is kept anywhere else: download a copy with Back up this workspace on the Share page, a file you can restore here or in another browser.');
		await note.getByRole('link', { name: 'Back up this workspace' }).click();
		await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/share');
		await page.getByRole('button', { name: 'Download backup' }).waitFor();
	});

	test('downloading the scorecard file says so on the page, naming the file', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Share', exact: true }).click();
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download scorecard file' }).click()]);
		expect(download.suggestedFilename()).toBe('scorecard-for-telco_customer_churn-csv.checkup-scorecard.json');
		expect(await page.getByTestId('scorecard-file-ready').textContent()).toBe(
			'Scorecard file ready: scorecard-for-telco_customer_churn-csv.checkup-scorecard.json. Import it here or in another browser with Import a scorecard file.'
		);
	});

	test('right after Apply, the run says the scorecard has its weights, not that the workspace changed; so after a reload', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Learn', exact: true }).click();
		await page.getByRole('button', { name: 'Train', exact: true }).click();
		const apply = page.getByTestId('apply-weights');
		await expect.poll(() => apply.textContent(), { timeout: 120_000 }).toBe('Apply these weights');
		expect(await page.getByTestId('learn-shown-current').textContent()).toBe('The data and the scorecard are the same as when it was trained.');
		expect(await page.getByTestId('learn-shown-applied').count()).toBe(0);
		await apply.click();
		await expect.poll(() => apply.textContent()).toBe('Applied as version 2');
		const said = async () => ({
			applied: await page.getByTestId('learn-shown-applied').textContent(),
			current: await page.getByTestId('learn-shown-current').textContent(),
			changed: await page.getByTestId('learn-shown-changed').count()
		});
		const want = {
			applied: 'The scorecard scores with this run’s suggested weights, applied as version 2; the manual weights below are those it was trained against.',
			current: 'Otherwise the data and the scorecard are the same as when it was trained.',
			changed: 0
		};
		expect(await said()).toEqual(want);
		await app.reload();
		await expect.poll(() => apply.textContent(), { timeout: 30_000 }).toBe('Applied as version 2');
		expect(await said()).toEqual(want);
		// A weight edited by hand is a change again: against the scorecard it was trained on, every weight differs.
		await page.getByRole('link', { name: 'Scorecard', exact: true }).click();
		await page.getByLabel('Weight of tenure').fill('50');
		await page.getByRole('link', { name: 'Learn', exact: true }).click();
		await expect.poll(() => page.getByTestId('learn-shown-changed').textContent()).toMatch(/^⚠ The workspace has changed since this run: the scorecard has changed: 8 metrics changed \(weights or scoring\)\./);
		expect(await page.getByTestId('learn-shown-applied').count()).toBe(0);
	}, 180_000);

	test('logs no errors and requests nothing from another origin', () => {
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
