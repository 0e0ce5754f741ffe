/**
 * A file of IDs and metrics only (no name, segment, owner or ARR, as Telco's), in the production build: the
 * Customers table has no column of blanks for what the file lacks (it had Segment, Owner and "–" ARR on every
 * row, before the metrics), and the Customer page, headed by the ID, does not say the ID again under it; a customer
 * with no value for any metric has no score, and its page no longer says it is "In the top band already" nor draws
 * a waterfall to a health score of 0.0 or an empty metric history; and an ID of one 64-character word breaks in the page's heading (it made
 * the page 944 px wide at 320). The trend table counts the customer with no score, beside band shares of the scored. A
 * scorecard with errors and no scores gets a message on the Customers page, not "0 of 32 customers" and nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gotoCustomer, importCsvFile, openApp, type AppSession } from './browser';

// C031 has no value for either metric: no score. LONG is an ID of one unbroken word (a SHA-256 of an email, say).
const LONG = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const ROWS = ['customer_id,logins,tickets', ...Array.from({ length: 30 }, (_, i) => `C${String(i + 1).padStart(3, '0')},${(i * 7) % 40},${i % 6}`), 'C031,,', `${LONG},12,2`];

describe('a file of IDs and metrics only', () => {
	let app: AppSession;
	let dir: string;

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-bare-'));
		const path = join(dir, 'bare.csv');
		await writeFile(path, ROWS.join('\n') + '\n');
		app = await openApp({ path: '#/overview' });
		const { page } = app;
		await page.getByTestId('kpi-customers').waitFor({ timeout: 20_000 });
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await importCsvFile(page, path);
	});
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('the Customers table has no Segment, Owner, ARR or Scorecard column, and every row’s cells sit under their headers', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Customers', exact: true }).click();
		const table = page.getByTestId('customer-table');
		await table.locator('.body a').first().waitFor({ timeout: 30_000 });
		expect(await page.getByTestId('customer-count').textContent()).toBe('32 of 32 customers');
		const heads = (await table.locator('.head [role=columnheader]').allTextContents()).map((h) => h.replace(/\s*[▲▼]$/, ''));
		// No Scorecard column either: without segments or overrides it would read "Default" on every row.
		expect(heads).toEqual(['Customer', 'Score', 'Band', 'logins', 'tickets']);
		expect(await table.getAttribute('aria-colcount')).toBe('5');
		const cells = await table.locator('.body .row').first().evaluate((row, heads) => {
			const head = row.parentElement!.parentElement!.querySelector('.head')!;
			return [...row.children].map((cell, k) => {
				const [a, b] = [cell.getBoundingClientRect(), head.children[k].getBoundingClientRect()];
				return { header: heads[k], under: Math.abs(a.left - b.left) < 1 && Math.abs(a.right - b.right) < 1 };
			});
		}, heads);
		expect(cells.filter((c) => !c.under)).toEqual([]);
		expect(cells).toHaveLength(5);
		expect(await table.getByTestId('scored-by-cell').count()).toBe(0);
	});

	test('the Customer page is headed by the ID and does not repeat it', async () => {
		const { page } = app;
		await page.getByLabel('Search').fill('C001');
		await expect.poll(() => page.getByTestId('customer-count').textContent()).toBe('1 of 32 customers');
		await page.getByTestId('customer-table').getByRole('link', { name: 'C001', exact: true }).click();
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('C001');
		await page.getByTestId('customer-score').waitFor();
		expect(await page.getByTestId('customer-facts').count()).toBe(0);
		expect(await page.getByText('C001', { exact: true }).count()).toBe(1);
		expect(app.consoleErrors).toEqual([]);
	});

	test('a customer with no score is in no band and scores no 0: its page says so, not the top band or a waterfall to 0.0', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Customers', exact: true }).click();
		await page.getByLabel('Search').fill('C031');
		await expect.poll(() => page.getByTestId('customer-count').textContent()).toBe('1 of 32 customers');
		await page.getByTestId('customer-table').getByRole('link', { name: 'C031', exact: true }).click();
		await expect.poll(() => page.getByTestId('customer-score').textContent()).toBe('No score');
		const next = page.getByTestId('next-band');
		await next.waitFor({ timeout: 30_000 });
		expect(await next.locator('p').textContent()).toBe('No score, so no band to move up from');
		expect(await next.locator('table').count()).toBe(0);
		// Nor a waterfall whose bars add up to "Health score 0.0".
		expect(await page.getByTestId('waterfall-none').textContent()).toBe('No score, so no points to add up: no metric of this customer was scored.');
		expect(await page.getByTestId('waterfall').count()).toBe(0);
		// Nor an empty metric history on a 0–1 axis.
		expect(await page.getByTestId('metric-history-none').textContent()).toBe('No value of logins in any snapshot of this customer.');
		expect(await page.getByTestId('metric-history-chart').count()).toBe(0);
		expect(app.consoleErrors).toEqual([]);
	});

	test('the trend table counts the customer with no score, and its band shares are of the 31 scored', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Overview', exact: true }).click();
		await page.getByText('Trend as a table').click();
		const table = page.getByTestId('trend-table');
		await table.locator('tbody tr').first().waitFor({ timeout: 30_000 });
		expect(await table.locator('thead th').allTextContents()).toEqual(['Snapshot', 'Customers', 'No score', 'Average score', 'At risk (customers)', 'Needs attention (customers)', 'Healthy (customers)']);
		expect(await page.getByTestId('trend-unscored').textContent()).toBe('Band shares are of the customers with a score; “No score” counts the others.');
		const cells = await table.locator('tbody tr td').allTextContents();
		expect(cells.slice(0, 2)).toEqual(['32', '1']);
		// Each band's "share (count)": the counts add up to the 31 scored, and each share is its count of 31.
		const bands = cells.slice(3).map((c) => /^([\d.]+)\u00a0% \((\d+)\)$/.exec(c)!);
		expect(bands.every(Boolean)).toBe(true);
		expect(bands.reduce((t, m) => t + Number(m[2]), 0)).toBe(31);
		for (const m of bands) expect(m[1]).toBe(((Number(m[2]) / 31) * 100).toFixed(1));
	});

	test('a scorecard with errors and no scores: the Customers page says why, not "0 of 32 customers"', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Scorecard', exact: true }).click();
		const weight = page.getByLabel('Weight of logins', { exact: true });
		await weight.fill('-3');
		await weight.press('Tab');
		await expect.poll(() => page.getByTestId('save-status').textContent()).toBe('Saved in this browser');
		// A reload scores nothing from the saved draft with an error: there were never valid scores to show.
		await app.reload();
		await page.goto(page.url().replace(/#.*$/, '#/customers'));
		const none = page.getByTestId('customers-no-scores');
		await none.waitFor({ timeout: 60_000 });
		expect(await none.textContent()).toMatch(/^\s*No scores yet: the scorecard has errors, and no customer can be scored until they are fixed\. Fix the scorecard\s*$/);
		expect(await page.getByTestId('customer-count').textContent()).toBe('');
		await none.getByRole('link', { name: 'Fix the scorecard' }).click();
		await page.getByRole('heading', { name: 'Scorecard', level: 1 }).waitFor();
		// Put right, for the tests after this one.
		await page.getByLabel('Weight of logins', { exact: true }).fill('1');
		await page.getByLabel('Weight of logins', { exact: true }).press('Tab');
		await expect.poll(() => page.getByTestId('save-status').textContent()).toBe('Saved in this browser');
	});

	test('an ID of one long word breaks in the heading: at 320 px the page does not scroll sideways', async () => {
		const { page } = app;
		await page.setViewportSize({ width: 320, height: 800 });
		await gotoCustomer(app, LONG);
		await page.getByTestId('customer-score').waitFor({ timeout: 30_000 });
		const heading = page.getByRole('heading', { level: 1 });
		expect(await heading.textContent()).toBe(LONG);
		const sizes = await page.evaluate(() => {
			const h1 = document.querySelector('h1')!.getBoundingClientRect();
			return { page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth, right: Math.round(h1.right) };
		});
		expect(sizes.page).toBe(sizes.view);
		expect(sizes.right).toBeLessThanOrEqual(sizes.view);
		await page.setViewportSize({ width: 1280, height: 800 });
		expect(app.consoleErrors).toEqual([]);
	});
});
