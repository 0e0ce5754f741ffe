/**
 * Text that must be read whole, on the demo in the production build: snapshot dates and version stamps on one line
 * (not broken at their hyphens), at 1280 px and at 390 px.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openApp, type AppSession } from './browser';

/** How many lines each element's text takes on screen (its text's boxes, by their top). */
function linesOf(cells: Locator): Promise<{ text: string; lines: number }[]> {
	return cells.evaluateAll((els) =>
		els.map((el) => {
			const range = document.createRange();
			range.selectNodeContents(el);
			const tops = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
			return { text: (el.textContent ?? '').trim(), lines: tops.size };
		})
	);
}

async function open(page: Page, link: string) {
	await page.getByRole('link', { name: link, exact: true }).click();
}

describe('text shown whole', () => {
	let app: AppSession;

	beforeAll(async () => {
		app = await openApp({ path: '#/overview' });
		await app.page.getByTestId('kpi-customers').waitFor({ timeout: 30_000 });
	});
	afterAll(async () => {
		await app?.close();
	});

	test('snapshot dates in the trend table and the versions table keep to one line', async () => {
		const { page } = app;
		await open(page, 'Overview');
		await page.getByText('Trend as a table').click();
		const dates = await linesOf(page.getByTestId('trend-table').locator('tbody th'));
		expect(dates).toHaveLength(12);
		expect(dates.filter((d) => !/^\d{4}-\d\d-\d\d$/.test(d.text) || d.lines !== 1)).toEqual([]);

		await page.setViewportSize({ width: 390, height: 800 });
		await open(page, 'Scorecard');
		const stamps = await linesOf(page.getByTestId('version-list').locator('tbody td:nth-child(2), tbody td:nth-child(3)'));
		expect(stamps.map((s) => s.text)).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/), 'all history']);
		expect(stamps.filter((s) => s.lines !== 1)).toEqual([]);
		await page.setViewportSize({ width: 1280, height: 800 });
	});
});
