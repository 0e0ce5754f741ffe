/**
 * The Overview's trend table and the Customer page's score-history table on a phone, on the demo in the production
 * build: wide data tables (a column per band, per metric) that keep their labelled, keyboard-scrollable box, with
 * the snapshot column in view however far they scroll, so every figure keeps its date (at 390 px the dates went
 * out of view with the first columns once the box was scrolled to the band shares or the metrics).
 */
import type { Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { appForTests } from './browser';

/** With the table's box scrolled to its right end: the snapshot cells outside the box's visible part, the box's name, and how far it scrolled. */
function scrolledToEnd(table: Locator) {
	return table.evaluate((el) => {
		const box = el.parentElement!;
		box.scrollLeft = box.scrollWidth;
		const edge = box.getBoundingClientRect();
		const [left, right] = [edge.left + box.clientLeft, edge.left + box.clientLeft + box.clientWidth];
		const firsts = [...el.querySelectorAll('tr > :first-child')];
		const out = firsts.flatMap((e) => {
			const r = e.getBoundingClientRect();
			return r.left < left - 0.5 || r.right > right + 0.5 ? [`${(e.textContent ?? '').trim()} ${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(left)}–${Math.round(right)}`] : [];
		});
		// The last column's first body cell, now in view, is not under the snapshot column.
		const lastCell = el.querySelector('tbody tr > :last-child')!.getBoundingClientRect();
		const firstCell = el.querySelector('tbody tr > :first-child')!.getBoundingClientRect();
		return {
			count: firsts.length,
			out,
			scrolled: box.scrollLeft,
			name: box.getAttribute('role') === 'region' ? box.getAttribute('aria-label') : null,
			focusable: box.tabIndex === 0,
			lastClear: lastCell.left >= firstCell.right - 0.5 && lastCell.right <= right + 0.5
		};
	});
}

describe('snapshot tables on a phone', () => {
	const app = appForTests({ path: '#/overview', viewport: { width: 390, height: 844 } }, (page) => page.getByTestId('band-table').locator('tbody tr').first(), 60_000);

	test('the trend table keeps each snapshot’s date in view when scrolled to its last column at 390 px', async () => {
		const { page } = app;
		await page.getByText('Trend as a table').click();
		const table = page.getByTestId('trend-table');
		await table.locator('tbody tr').first().waitFor();
		const rows = await table.locator('tbody tr').count();
		expect(rows).toBe(12);
		const end = await scrolledToEnd(table);
		expect(end.count).toBe(rows + 1);
		expect(end.scrolled).toBeGreaterThan(0);
		expect(end.name).toBe('Trend as a table');
		expect(end.focusable).toBe(true);
		expect(end.out).toEqual([]);
		expect(end.lastClear).toBe(true);
	});

	test('the score-history table keeps each snapshot’s date in view when scrolled to its last metric at 390 px', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Customers', exact: true }).click();
		const list = page.getByTestId('customer-table');
		await list.locator('.body a').first().waitFor({ timeout: 30_000 });
		await list.locator('.body a').first().click();
		await page.getByText('History as a table').click();
		const table = page.getByTestId('history-table');
		await table.locator('tbody tr').first().waitFor({ timeout: 30_000 });
		const rows = await table.locator('tbody tr').count();
		expect(rows).toBeGreaterThan(1);
		const end = await scrolledToEnd(table);
		expect(end.count).toBe(rows + 1);
		expect(end.scrolled).toBeGreaterThan(0);
		expect(end.name).toBe('Score history');
		expect(end.focusable).toBe(true);
		expect(end.out).toEqual([]);
		expect(end.lastClear).toBe(true);
		expect(app.consoleErrors).toEqual([]);
	});
});
