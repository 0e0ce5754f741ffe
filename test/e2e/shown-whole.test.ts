/**
 * Text that must be read whole, on the demo in the production build: the Customers table's band labels (not cut to
 * "Needs attentio"), snapshot dates and version stamps on one line (not broken at their hyphens) and a long
 * scorecard name in its field, at 1280 px and at 390 px.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoScorecard } from '../../src/lib/core/demo';
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

/** Each element's text, and whether it is cut (its content wider than its box). */
function cutOf(cells: Locator): Promise<{ text: string; cut: boolean }[]> {
	return cells.evaluateAll((els) => els.map((el) => ({ text: (el.textContent ?? '').trim(), cut: el.scrollWidth > el.clientWidth })));
}

async function open(page: Page, link: string) {
	await page.getByRole('link', { name: link, exact: true }).click();
}

describe('text shown whole', () => {
	let app: AppSession;
	const bands = demoScorecard().bands.map((b) => b.label);

	beforeAll(async () => {
		app = await openApp({ path: '#/overview' });
		await app.page.getByTestId('kpi-customers').waitFor({ timeout: 30_000 });
	});
	afterAll(async () => {
		await app?.close();
	});

	test('the Customers table shows every band’s whole label, at 1280 px and at 390 px', async () => {
		const { page } = app;
		expect(bands).toContain('Needs attention');
		for (const width of [1280, 390]) {
			await page.setViewportSize({ width, height: 800 });
			await open(page, 'Customers');
			for (const band of bands) {
				await page.getByLabel('Band').selectOption({ label: band });
				// Band is the third column, after Customer and Score.
				const cells = page.getByTestId('customer-table').locator('.body [role=row] > :nth-child(3)');
				await expect.poll(() => cells.first().textContent()).toBe(band);
				const shown = await cutOf(cells);
				expect(shown.length).toBeGreaterThan(5);
				expect(shown.filter((c) => c.text !== band || c.cut), `${band} at ${width} px`).toEqual([]);
			}
			await page.getByLabel('Band').selectOption({ label: 'Any band' });
		}
		await page.setViewportSize({ width: 1280, height: 800 });
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

	test('a long scorecard name shows whole in its field, and at 390 px nothing scrolls sideways for it', async () => {
		const { page } = app;
		await open(page, 'Scorecard');
		const name = page.getByLabel('Scorecard name');
		const before = await name.inputValue();
		// What an import names its scorecard: "Scorecard for <file name>".
		await name.fill('Scorecard for telecom_churn_bigml.csv');
		expect(await cutOf(name)).toEqual([{ text: '', cut: false }]);
		await page.setViewportSize({ width: 390, height: 800 });
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		await name.fill('Scorecard for a very long export file name from the CRM, with its date and time and the team’s name.csv');
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		const [field, panel] = await Promise.all([name.boundingBox(), page.getByRole('region', { name: 'Scorecard summary' }).boundingBox()]);
		expect(field!.x + field!.width).toBeLessThanOrEqual(panel!.x + panel!.width);
		await page.setViewportSize({ width: 1280, height: 800 });
		await name.fill(before);
		expect(app.consoleErrors).toEqual([]);
	});
});
