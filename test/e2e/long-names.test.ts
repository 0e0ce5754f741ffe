/**
 * A name of 100,000 characters (a damaged cell, or a file's notes column mapped as the name) heads its customer's
 * page cut at 200 characters, with the whole name behind "The whole name": shown whole, it put the health score
 * 143,623 px down the page at 390 px, every figure below it. A name of 200 characters is shown whole.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importCsvFile, openApp, type AppSession } from './browser';

// 199 letters and an emoji (two UTF-16 units) make the first 200 characters: the cut never splits the emoji.
const HUGE = `${'A'.repeat(199)}😀${'B'.repeat(99_800)}`;
const EXACT = 'Acme '.repeat(40).trim() + '!';
const ROWS = ['customer_id,name,logins', `C001,${HUGE},5`, `C002,${EXACT},7`, ...Array.from({ length: 28 }, (_, i) => `C${String(i + 3).padStart(3, '0')},Customer ${i + 3},${(i * 7) % 40}`)];

describe('a very long name', () => {
	let app: AppSession;
	let dir: string;

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-long-names-'));
		const path = join(dir, 'long-names.csv');
		await writeFile(path, ROWS.join('\n') + '\n');
		app = await openApp({ path: '#/overview' });
		await app.page.getByTestId('kpi-customers').waitFor({ timeout: 20_000 });
		await app.page.getByRole('link', { name: 'Data', exact: true }).click();
		await importCsvFile(app.page, path);
	});
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('heads its page cut at 200 characters, the whole name one click away; the page stays about a screen tall', async () => {
		const { page } = app;
		expect(Array.from(HUGE)).toHaveLength(100_000);
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto(`${app.url.split('#')[0]}#/customers/C001`);
		await page.getByTestId('customer-score').waitFor({ timeout: 30_000 });
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`${'A'.repeat(199)}😀…`);
		const whole = page.getByTestId('whole-name');
		expect(await whole.locator('summary').textContent()).toBe('The whole name (100,000 characters)');
		// The score box comes within the first two screens (the name shown whole put it 143,623 px down).
		const top = await page.getByTestId('customer-score').evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
		expect(top).toBeLessThan(2 * 844);
		await whole.locator('summary').click();
		expect(await whole.locator('p').textContent()).toBe(HUGE);
		expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
		expect(app.consoleErrors).toEqual([]);
	});

	test('a name of exactly 200 characters is the heading, whole', async () => {
		const { page } = app;
		await page.goto(`${app.url.split('#')[0]}#/customers/C002`);
		await page.getByTestId('customer-score').waitFor({ timeout: 30_000 });
		expect(EXACT).toHaveLength(200);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(EXACT);
		expect(await page.getByTestId('whole-name').count()).toBe(0);
		await page.setViewportSize({ width: 1280, height: 800 });
	});
});
