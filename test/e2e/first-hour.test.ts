/**
 * A newcomer's first hour, as a customer-success manager meets it: the demo says it is made up and where their own
 * customers go, and the import's report warns before a file lands beside customers it has nothing in common with.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importCsvFile, openApp, type AppSession } from './browser';

const TELCO = fileURLToPath(new URL('../../../shared/data/telco_customer_churn.csv', import.meta.url));

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

	test('the Data page’s storage, which the browser may clear, points to the backup on the Share page', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		const note = page.getByTestId('storage-backup');
		expect(await note.textContent()).toBe('Nothing is kept anywhere else: download a copy with Back up this workspace on the Share page, a file you can restore here or in another browser.');
		await note.getByRole('link', { name: 'Back up this workspace' }).click();
		await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/share');
		await page.getByRole('button', { name: 'Download backup' }).waitFor();
	});

	test('logs no errors and requests nothing from another origin', () => {
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
