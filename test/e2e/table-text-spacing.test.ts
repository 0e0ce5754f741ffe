/**
 * The Customers table under WCAG 1.4.12 text spacing: its column widths are measured from the labels, and must count
 * the user's letter spacing as the charts' text does (text-width.ts). Measured without it, Telco's one-word metric
 * headers broke inside the word ("SeniorCitize / n") and the "Needs attention" chip ran past its Band cell.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { appForTests, importCsvFile } from './browser';

const TELCO = fileURLToPath(new URL('../../../shared/data/telco_customer_churn.csv', import.meta.url));
/** The text-spacing override WCAG 1.4.12 names, as accessibility checkers inject it (as in chart-text-spacing.test.ts). */
const TEXT_SPACING = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';
const METRICS = ['SeniorCitizen', 'Partner', 'Dependents', 'tenure', 'PhoneService', 'PaperlessBilling', 'MonthlyCharges', 'TotalCharges'];

describe('the Customers table with WCAG text spacing', () => {
	const app = appForTests({ path: '#/data' }, (page) => page.getByLabel(/Choose (a|another) CSV file/), 60_000);

	/** Opens Customers anew (its columns are measured when it is drawn) with the override on or off, at `width`. */
	async function customersAt(width: number, spaced: boolean) {
		const { page } = app;
		await page.setViewportSize({ width, height: 800 });
		// A constructed style sheet: the app's content security policy blocks a <style> element, as it would a bookmarklet's.
		await page.evaluate(([css, on]) => {
			const sheet = new CSSStyleSheet();
			sheet.replaceSync(css);
			document.adoptedStyleSheets = on ? [sheet] : [];
		}, [TEXT_SPACING, spaced] as const);
		await page.goto(`${app.url.split('#')[0]}#/overview`);
		await page.getByTestId('kpi-customers').waitFor({ timeout: 30_000 });
		await page.getByRole('link', { name: 'Customers', exact: true }).click();
		const table = page.getByTestId('customer-table');
		await table.waitFor();
		return table;
	}

	test('Telco is imported', async () => {
		await importCsvFile(app.page, TELCO, { consoleErrors: app.consoleErrors, timeout: 60_000 });
	}, 90_000);

	test.each([
		['without', false],
		['with', true]
	])('%s the override, each metric’s one-word header stays on one line at 1280 px', async (_, spaced) => {
		try {
			const table = await customersAt(1280, spaced);
			// Per header, its label's lines: the distinct tops of the label text's boxes (the sort arrow left out).
			const lines = await table.locator('[role=columnheader] button').evaluateAll((buttons) =>
				buttons.map((b) => {
					const range = document.createRange();
					range.selectNodeContents(b.firstChild!);
					return [b.firstChild!.textContent, new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size] as const;
				})
			);
			expect(lines.filter(([label]) => METRICS.includes(label ?? ''))).toEqual(METRICS.map((m) => [m, 1]));
		} finally {
			await app.page.evaluate(() => (document.adoptedStyleSheets = []));
		}
	});

	test.each([
		[1280, 'off', false],
		[1280, 'on', true],
		[390, 'off', false],
		[390, 'on', true]
	])('at %i px, text spacing %s: the “Needs attention” chip stays inside its Band cell', async (width, _, spaced) => {
		try {
			const table = await customersAt(width, spaced);
			await app.page.getByLabel('Band').selectOption({ label: 'Needs attention' });
			const chip = table.locator('[role=cell] > .band-chip').filter({ hasText: 'Needs attention' }).first();
			await chip.waitFor();
			// How far the chip reaches past the cell it is drawn in (px; ≤ 0 inside).
			const past = await chip.evaluate((c) => c.getBoundingClientRect().right - c.closest('[role=cell]')!.getBoundingClientRect().right);
			expect(past).toBeLessThanOrEqual(0.5);
		} finally {
			await app.page.setViewportSize({ width: 1280, height: 800 });
			await app.page.evaluate(() => (document.adoptedStyleSheets = []));
		}
	});

	test('logs no errors and requests nothing from another origin', () => {
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
