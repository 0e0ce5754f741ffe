/**
 * The customer table's rows as it scrolls, on the demo in the production build. Only the rows near the box's view
 * exist; a jump of thousands of pixels (a dragged scrollbar) refills the same row elements rather than building new
 * ones, which took the main thread 40–255 ms, and a scroll of a few rows keeps focus on its customer.
 */
import { describe, expect, test } from 'vitest';
import { appForTests } from './browser';

/** The rows in the page's order: aria-rowindex, the offset they are drawn at, the customer's link, and whether marked. */
function rowsShown(box: Element) {
	return Array.from(box.querySelectorAll<HTMLElement>('.body .row'), (row) => ({
		index: Number(row.getAttribute('aria-rowindex')),
		top: new DOMMatrixReadOnly(getComputedStyle(row).transform).m42,
		href: row.querySelector('a')?.getAttribute('href') ?? '',
		marked: (row as HTMLElement & { marked?: boolean }).marked === true
	}));
}

describe('customer table scrolling', () => {
	const app = appForTests({ path: '#/customers' }, (page) => page.getByTestId('customer-table').locator('.body a').first(), 60_000);

	test('a jump of 3,000 px shows the rows there, in order, in the same elements; back at the top, the same customers', async () => {
		const box = app.page.getByTestId('customer-table');
		const top = await box.evaluate(rowsShown);
		expect(top[0].index).toBe(2);
		// From 720 px down (rows above the view too, as anywhere but the top), a jump of 3,000 px: the first row in view
		// is then the list's 104th (aria-rowindex 105, after the header's 1).
		await box.evaluate((el) => (el.scrollTop = 720));
		await box.locator('.row[aria-rowindex="22"]').waitFor();
		const from = await box.evaluate(rowsShown);
		await box.evaluate((el) => {
			for (const row of el.querySelectorAll('.body .row')) (row as HTMLElement & { marked?: boolean }).marked = true;
			el.scrollTop = 3720;
		});
		await box.locator('.row[aria-rowindex="105"]').waitFor();
		const after = await box.evaluate(rowsShown);
		expect(after.map((r) => r.index)).toEqual(after.map((_, k) => after[0].index + k));
		expect(after[0].index).toBeLessThanOrEqual(105);
		expect(after.at(-1)!.index).toBeGreaterThanOrEqual(105 + Math.floor(await box.evaluate((el) => el.clientHeight / 36)));
		for (const r of after) expect(r.top).toBe((r.index - 2) * 36);
		// No customer shown before is among them, yet the elements are those that were there, refilled: at most the
		// row or two by which two windows of the list differ in length is new (all of them were, when rows were kept by customer).
		expect(after.filter((r) => from.some((t) => t.href === r.href))).toEqual([]);
		expect(after.filter((r) => !r.marked).length).toBeLessThanOrEqual(2);
		expect(new Set(after.map((r) => r.href)).size).toBe(after.length);
		await box.evaluate((el) => (el.scrollTop = 0));
		await box.locator('.row[aria-rowindex="2"]').waitFor();
		expect((await box.evaluate(rowsShown)).map((r) => [r.index, r.href])).toEqual(top.map((r) => [r.index, r.href]));
		expect(app.consoleErrors).toEqual([]);
	});

	test('scrolled a few rows, the focused customer keeps focus, and Tab goes on to the next row', async () => {
		const { page } = app;
		const box = page.getByTestId('customer-table');
		await box.evaluate((el) => (el.scrollTop = 20 * 36));
		const link = box.locator('.row[aria-rowindex="25"] a');
		await link.waitFor();
		const href = await link.getAttribute('href');
		const name = await link.textContent();
		await link.focus();
		await box.evaluate((el) => (el.scrollTop += 3 * 36));
		await expect.poll(() => box.evaluate((el) => el.scrollTop)).toBe(23 * 36);
		await box.locator('.row[aria-rowindex="30"]').waitFor();
		expect(await page.evaluate(() => [document.activeElement?.getAttribute('href'), document.activeElement?.textContent, document.activeElement?.closest('[role=row]')?.getAttribute('aria-rowindex')])).toEqual([href, name, '25']);
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.closest('[role=row]')?.getAttribute('aria-rowindex'))).toBe('26');
	});

	test('scrolled sideways, a shadow shows on each side with more to scroll, drawn so the box scrolls on the compositor', async () => {
		const box = app.page.getByTestId('customer-table');
		// Which sides show a shadow, and the box's backgrounds: no image of any kind, which (a 'local' cover above
		// all) made Chromium repaint the box on the main thread at every frame of a scroll.
		const state = () =>
			box.evaluate((el) => {
				const style = getComputedStyle(el);
				const on = (side: string) => !/^(transparent|rgba\(0, 0, 0, 0\))$/.test(style.getPropertyValue(side).trim());
				return { left: on('--shadow-left'), right: on('--shadow-right'), image: style.backgroundImage, attachment: style.backgroundAttachment, inset: style.boxShadow.split('inset').length - 1 };
			});
		const width = await box.evaluate((el) => el.scrollWidth - el.clientWidth);
		expect(width).toBeGreaterThan(100);
		await box.evaluate((el) => (el.scrollLeft = 0));
		await expect.poll(state).toEqual({ left: false, right: true, image: 'none', attachment: 'scroll', inset: 2 });
		await box.evaluate((el) => (el.scrollLeft = 60));
		await expect.poll(state).toEqual({ left: true, right: true, image: 'none', attachment: 'scroll', inset: 2 });
		await box.evaluate((el) => (el.scrollLeft = el.scrollWidth));
		await expect.poll(state).toEqual({ left: true, right: false, image: 'none', attachment: 'scroll', inset: 2 });
		await box.evaluate((el) => (el.scrollLeft = 0));
		await expect.poll(state).toMatchObject({ left: false, right: true });
	});
});
