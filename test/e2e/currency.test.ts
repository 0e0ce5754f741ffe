/**
 * A file that writes its ARR in euros ("302,40 €", test/fixtures/small/euro-arr.csv), imported in the production
 * build: every money figure shows "€", never the "$" the app wrote for any currency before. Figures are worked out
 * by hand from the fixture, not with the app's code.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chooseCsvFile, gotoCustomer, gotoPage, importCsvFile, openApp, type AppSession } from './browser';

const FILE = fileURLToPath(new URL('../fixtures/small/euro-arr.csv', import.meta.url));

describe('ARR written in euros', () => {
	let app: AppSession;

	beforeAll(async () => {
		app = await openApp({ path: '#/data' });
		await importCsvFile(app.page, FILE, { consoleErrors: app.consoleErrors });
	});
	afterAll(async () => {
		await app?.close();
	});

	test('the Overview shows the total ARR in euros, and no "$" anywhere', async () => {
		const { page } = app;
		await gotoPage(app, '#/overview');
		const kpi = page.getByTestId('kpi-arr');
		// 302.40 + 1,250 + 18,900.50 + 4,490,000 + 72,000 + 515.75 = 4,582,968.65: three significant digits, in millions.
		await expect.poll(() => kpi.textContent()).toBe('€4.58M');
		const band = await page.getByTestId('band-table').textContent();
		expect(band).toContain('€');
		expect(await page.locator('main').textContent()).not.toContain('$');
	});

	test('the Customer page says "ARR €302" for 302,40 €, and no "$" anywhere', async () => {
		const { page } = app;
		await gotoCustomer(app, 'E1');
		const facts = page.getByTestId('customer-facts');
		await expect.poll(() => facts.textContent()).toBe('E1 · ARR €302');
		expect(await page.locator('main').textContent()).not.toContain('$');
	});

	test('the Customers table shows each ARR in euros, found by its column header', async () => {
		const { page } = app;
		await gotoPage(app, '#/customers');
		const table = page.getByTestId('customer-table');
		await table.locator('.body .row').first().waitFor();
		const heads = (await table.locator('.head [role=columnheader]').allTextContents()).map((h) => h.replace(/\s*[▲▼]$/, ''));
		const at = heads.indexOf('ARR');
		expect(at).toBeGreaterThanOrEqual(0);
		const rows = await table.locator('.body .row').evaluateAll((rows, at) => rows.map((r) => [r.children[0].textContent!.trim(), r.children[at].textContent!.trim()]), at);
		expect(Object.fromEntries(rows.map(([who, arr]) => [who.replace(/\s+/g, ' '), arr]))).toEqual({
			'Firma 1': '€302', 'Firma 2': '€1,250', 'Firma 3': '€18,901', 'Firma 4': '€4,490,000', 'Firma 5': '€72,000', 'Firma 6': '€516'
		});
		expect(await page.locator('main').textContent()).not.toContain('$');
		expect(app.consoleErrors).toEqual([]);
	});
});

describe('ARR written in several currencies', () => {
	let app: AppSession;
	let dir: string;

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-currencies-'));
		const path = join(dir, 'mixed.csv');
		await writeFile(path, 'customer_id;arr;logins\nX1;302,40 €;3\nX2;500;4\nX3;$1.200;5\n');
		app = await openApp({ path: '#/data' });
		await chooseCsvFile(app.page, path, app.consoleErrors);
		await app.page.getByRole('button', { name: 'Read the whole file' }).click();
		await app.page.getByTestId('import-summary').waitFor({ timeout: 60_000 });
	});
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('the import report names a row and value of each currency', async () => {
		const notices = app.page.getByRole('list', { name: 'Notices about the values' }).getByRole('listitem');
		expect(await notices.allTextContents()).toEqual([
			'Warning: The ARR column "arr" is written in 2 currencies: EUR (row 2: "302,40 €"), USD (row 4: "$1.200"). Its totals add different currencies, so money is shown as plain numbers, without a currency.'
		]);
	});

	test('once imported, money is shown as plain numbers: no made-up "$", nor "€"', async () => {
		const { page } = app;
		await page.getByRole('button', { name: 'Import', exact: true }).click();
		await page.getByTestId('import-done').waitFor();
		await gotoPage(app, '#/overview');
		// 302.40 + 500 + 1,200 = 2,002.40: three significant digits, in thousands.
		await expect.poll(() => page.getByTestId('kpi-arr').textContent()).toBe('2.00K');
		await gotoCustomer(app, 'X1');
		await expect.poll(() => page.getByTestId('customer-facts').textContent()).toBe('ARR 302');
		expect(await page.locator('main').textContent()).not.toMatch(/[$€]/);
		expect(app.consoleErrors).toEqual([]);
	});
});
