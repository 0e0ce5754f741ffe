/** The production build in real Chromium: the first open shows the demo portfolio, scored as the engine scores it. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatPoints, formatScore } from '../../src/lib/format';
import { openApp, type AppSession } from './browser';
import { expectedDemo } from './expected';

describe('first open', () => {
	let app: AppSession;
	const expected = expectedDemo();

	beforeAll(async () => {
		app = await openApp({ path: '#/overview' });
	});
	afterAll(async () => {
		await app?.close();
	});

	test('shows the demo portfolio scored, with the engine’s numbers', async () => {
		const { page } = app;
		await expect.poll(() => page.getByTestId('kpi-customers').textContent(), { timeout: 20_000 }).toBe(expected.customers);
		expect(await page.getByTestId('kpi-average').textContent()).toBe(expected.average);
		const rows = page.getByTestId('band-table').locator('tbody tr');
		expect(await rows.count()).toBe(3);
		for (let b = 0; b < 3; b++) {
			const cells = rows.nth(b);
			await expect.poll(() => cells.locator('th').textContent()).toContain(expected.scorecard.bands[b].label);
			expect(await cells.locator('td').first().textContent()).toBe(expected.bandCounts[b]);
		}
		await expect.poll(() => page.getByRole('status').filter({ hasText: 'All changes saved' }).count()).toBe(1);
	});

	test('lists customers in a virtualized table, lowest score first', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Customers' }).click();
		const table = page.getByRole('table', { name: 'Customers' });
		await expect.poll(() => page.getByTestId('customer-count').textContent()).toBe(`${expected.customers} of ${expected.customers} customers`);
		const order = Array.from(expected.result.score.keys()).sort((a, b) => expected.result.score[a] - expected.result.score[b] || a - b);
		const firstRow = table.getByRole('row').nth(1);
		expect(await firstRow.getByRole('cell').nth(4).textContent()).toBe(formatScore(expected.result.score[order[0]]));
		// Only the rows in sight (plus a margin) are in the document, not all of them.
		const rendered = await table.locator('[role=row]').count();
		expect(rendered).toBeGreaterThan(10);
		expect(rendered).toBeLessThan(80);
		expect(await table.getAttribute('aria-rowcount')).toBe(String(expected.summary.customers + 1));
		// Scrolled to the bottom, the last customer is there.
		await table.evaluate((el) => el.scrollTo(0, el.scrollHeight));
		const lastRowIndex = String(expected.summary.customers + 1);
		await expect.poll(() => table.locator(`[aria-rowindex="${lastRowIndex}"]`).count()).toBe(1);
	});

	test('sorts and searches', async () => {
		const { page } = app;
		const table = page.getByRole('table', { name: 'Customers' });
		await table.evaluate((el) => el.scrollTo(0, 0));
		await page.getByRole('button', { name: 'Score', exact: true }).click();
		const top = Math.max(...Array.from(expected.result.score).filter((s) => !Number.isNaN(s)));
		await expect.poll(() => table.getByRole('row').nth(1).getByRole('cell').nth(4).textContent()).toBe(formatScore(top));
		const id = expected.idAt(0);
		await page.getByLabel('Search').fill(id);
		await expect.poll(() => page.getByTestId('customer-count').textContent()).toMatch(/^1 of /);
	});

	test('explains one customer’s score: contributions add up to it', async () => {
		const { page } = app;
		const i = 5;
		await page.goto(`${app.url.split('#')[0]}#/customers/${encodeURIComponent(expected.idAt(i))}`);
		await expect.poll(() => page.getByTestId('customer-score').textContent()).toBe(formatScore(expected.result.score[i]));
		const points = await page.getByTestId('contributions').locator('tbody tr td:nth-of-type(4)').allTextContents();
		const want = expected.contributionsOf(i);
		expect(points.map((p) => p.replace(' (weight re-shared)', ''))).toEqual(want.map((c) => formatPoints(c)));
	});

	test('bands a customer as its score is shown: 69.95–69.99 reads 70.0 and Healthy, and the histogram bins it so', async () => {
		const { page } = app;
		await page.goto(`${app.url.replace(/#.*$/, '')}#/overview`);
		// The histogram's bins of each band add up to the band's count (bins of 10 and bands from 40 and 70 line up).
		const description = (await page.getByRole('img', { name: /^Customers by health score/ }).getAttribute('aria-label')) ?? '';
		const binCounts = [...description.matchAll(/: ([\d,]+) customers? \(/g)].map((m) => Number(m[1].replace(/,/g, '')));
		expect(binCounts).toHaveLength(10);
		const sum = (from: number, to: number) => binCounts.slice(from, to).reduce((a, b) => a + b, 0).toLocaleString('en-US');
		expect([sum(0, 4), sum(4, 7), sum(7, 10)]).toEqual(expected.bandCounts);
		// A demo customer just below 70 (69.99…), found by its score, not by the app's band.
		const i = Array.from(expected.result.score).findIndex((s) => s >= 69.95 && s < 70);
		expect(i).toBeGreaterThanOrEqual(0);
		await page.goto(`${app.url.replace(/#.*$/, '')}#/customers/${expected.idAt(i)}`);
		await expect.poll(() => page.getByTestId('customer-score').textContent(), { timeout: 20_000 }).toBe('70.0');
		expect(await page.locator('.score-box .band-chip').textContent()).toBe('Healthy');
	});

	test('logs no errors and requests nothing from another origin', () => {
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
