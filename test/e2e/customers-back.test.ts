/**
 * Back from a customer's page returns to the customer list where it was left, on the demo in the production build:
 * the table's box scrolled as it was and focus on the link of the customer opened, so a CSM going through the list
 * one customer at a time (with the mouse or the keyboard) goes on from there, on a phone too. The box went back to
 * its first row.
 * The customer page's "← All customers" does the same; the header's Customers link opens the list at its top.
 */
import { describe, expect, test } from 'vitest';
import { appForTests } from './browser';

describe('back to the customer list', () => {
	const app = appForTests({ path: '#/customers' }, (page) => page.getByTestId('customer-table').locator('.body a').first(), 60_000);

	test('returns to the row opened, scrolled as it was, with focus on its link', async () => {
		const { page } = app;
		const box = page.getByTestId('customer-table');
		// 40 rows down the list, each 36 px high at 1280 px.
		await box.evaluate((el) => (el.scrollTop = 40 * 36));
		await expect.poll(() => box.locator('.row[aria-rowindex="46"] a').count()).toBe(1);
		const opened = box.locator('.row[aria-rowindex="46"] a');
		const name = await opened.textContent();
		const target = await opened.getAttribute('href');
		await opened.focus();
		await page.keyboard.press('Enter');
		await page.getByTestId('next-band').waitFor({ timeout: 30_000 });
		expect(page.url()).toContain(target!);
		await page.goBack();
		await box.locator('.body a').first().waitFor();
		await expect.poll(() => box.evaluate((el) => el.scrollTop)).toBe(40 * 36);
		await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(target);
		expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(name);
		// Tab goes on to the next customer.
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.closest('[role=row]')?.getAttribute('aria-rowindex'))).toBe('47');
		expect(app.consoleErrors).toEqual([]);
	});

	test('at 320 px, where each row takes two lines, from far down the list', async () => {
		const { page } = app;
		const box = page.getByTestId('customer-table');
		await page.setViewportSize({ width: 320, height: 800 });
		await expect.poll(() => box.locator('.body .row').first().evaluate((row) => row.getBoundingClientRect().height)).toBe(56);
		// Row 1,200 of 1,676: past where the box would end were its rows one line (36 px) high.
		const top = 1200 * 56;
		expect(top).toBeGreaterThan(1676 * 36);
		await box.evaluate((el, top) => (el.scrollTop = top), top);
		const opened = box.locator('.row[aria-rowindex="1203"] a');
		await opened.waitFor();
		const target = await opened.getAttribute('href');
		await opened.click();
		await page.getByTestId('next-band').waitFor({ timeout: 30_000 });
		await page.goBack();
		await box.locator('.body a').first().waitFor();
		await expect.poll(() => box.evaluate((el) => el.scrollTop)).toBe(top);
		await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(target);
		await page.setViewportSize({ width: 1280, height: 800 });
	});

	test('“← All customers” goes back to the list as Back does; the header’s Customers link opens it at its top', async () => {
		const { page } = app;
		const box = page.getByTestId('customer-table');
		await box.evaluate((el) => (el.scrollTop = 40 * 36));
		await expect.poll(() => box.locator('.row[aria-rowindex="46"] a').count()).toBe(1);
		const opened = box.locator('.row[aria-rowindex="46"] a');
		const target = await opened.getAttribute('href');
		await opened.click();
		await page.getByTestId('next-band').waitFor({ timeout: 30_000 });
		await page.getByRole('link', { name: '← All customers' }).click();
		await box.locator('.body a').first().waitFor();
		await expect.poll(() => box.evaluate((el) => el.scrollTop)).toBe(40 * 36);
		await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(target);
		// The header's link is not a way back: the list starts at its top, focus on the page's content.
		await box.locator('.row[aria-rowindex="46"] a').click();
		await page.getByTestId('next-band').waitFor({ timeout: 30_000 });
		await page.getByRole('link', { name: 'Customers', exact: true }).click();
		await box.locator('.body a').first().waitFor();
		expect(await box.evaluate((el) => el.scrollTop)).toBe(0);
		expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');
		// A Ctrl-click on "← All customers" opens another tab: this one, going to the list later, starts at its top.
		await box.evaluate((el) => (el.scrollTop = 40 * 36));
		await expect.poll(() => box.locator('.row[aria-rowindex="46"] a').count()).toBe(1);
		await box.locator('.row[aria-rowindex="46"] a').click();
		await page.getByTestId('next-band').waitFor({ timeout: 30_000 });
		const [other] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: '← All customers' }).click({ modifiers: ['Control'] })]);
		await other.close();
		expect(page.url()).toContain('#/customers/');
		await page.getByRole('link', { name: 'Customers', exact: true }).click();
		await box.locator('.body a').first().waitFor();
		expect(await box.evaluate((el) => el.scrollTop)).toBe(0);
	});
});
