/**
 * The import report's problem list in the production build: on a phone (390 px) each problem is a card whose
 * row, column, value and what happens are all in view (it was a table squeezed into a box that scrolled
 * sideways without a hint, its value broken a few characters a line); a list long enough to scroll in its box
 * is a keyboard stop named "Problems"; a value cut to 200 characters says so with "…". Choosing "Don’t import"
 * for duplicate IDs says why Import went grey in a status a screen reader reads.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chooseCsvFile, openApp, reflowProblems, type AppSession } from './browser';

const DUPLICATES = fileURLToPath(new URL('../fixtures/bad/duplicate-ids.csv', import.meta.url));
const TELCO = fileURLToPath(new URL('../../../shared/data/telco_customer_churn.csv', import.meta.url));

/** Telco's first 60 customers, 30 of them without their last field (Churn), then a short row and one of 1,004 fields. */
function roughTelco(): string {
	const [header, ...rows] = readFileSync(TELCO, 'utf8').trimEnd().split('\n');
	const body = rows.slice(0, 60).map((row, i) => (i < 30 ? row.slice(0, row.lastIndexOf(',')) : row));
	const long = ['9999-LONG', ...Array.from({ length: 1003 }, (_, k) => `x${k}`)].join(',');
	return [header, ...body, '9998-SHORT,Male,0', long, ''].join('\n');
}

describe('the import report’s problems', () => {
	let app: AppSession;
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-report-'));
		await writeFile(join(dir, 'telco_rough.csv'), roughTelco());
		app = await openApp({ path: '#/data', viewport: { width: 390, height: 800 } });
		await chooseCsvFile(app.page, join(dir, 'telco_rough.csv'), app.consoleErrors, 60_000);
		await app.page.getByRole('button', { name: 'Read the whole file' }).click();
		await app.page.getByRole('table', { name: 'Problems' }).waitFor({ timeout: 60_000 });
	}, 120_000);
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('on a phone every problem’s row, column, value and what happens are in view, with nothing scrolling sideways', async () => {
		const { page } = app;
		const problems = page.getByRole('table', { name: 'Problems' }).locator('tbody tr');
		expect(await problems.count()).toBe(32);
		// The short row: spreadsheet row 62 (header 1, 60 customers).
		const short = problems.nth(30);
		expect(await short.locator('td').allTextContents()).toEqual(['62', 'whole row', '9998-SHORT,Male,0', 'has 3 fields, the header has 21', 'row skipped']);
		await short.scrollIntoViewIfNeeded();
		for (const cell of await short.locator('td').all()) {
			const box = (await cell.boundingBox())!;
			expect(box.x, await cell.textContent() ?? '').toBeGreaterThanOrEqual(0);
			expect(box.x + box.width, await cell.textContent() ?? '').toBeLessThanOrEqual(390);
		}
		// The value on as few lines as its width allows: not broken every few characters in a narrow column.
		const value = short.locator('td.value');
		const lineHeight = await value.evaluate((td) => parseFloat(getComputedStyle(td).lineHeight));
		expect((await value.boundingBox())!.height).toBeLessThan(3 * lineHeight);
		const reflow = await reflowProblems(page);
		expect(reflow.wide).toBe(0);
		expect(reflow.unhinted).toEqual([]);
		expect(reflow.unreachable).toEqual([]);
	});

	test('a list that scrolls in its box is a keyboard stop named Problems', async () => {
		const { page } = app;
		const region = page.getByRole('region', { name: 'Problems' });
		expect(await region.getAttribute('tabindex')).toBe('0');
		await region.focus();
		await page.keyboard.press('PageDown');
		await expect.poll(() => region.evaluate((box) => box.scrollTop)).toBeGreaterThan(0);
	});

	test('a row cut to 200 characters ends in “…”', async () => {
		const cells = await app.page.getByRole('table', { name: 'Problems' }).locator('tbody tr').nth(31).locator('td').allTextContents();
		expect(cells[0]).toBe('63');
		expect(cells[2]).toMatch(/^9999-LONG,x0,x1,x2,.*…$/);
		expect(cells[2]).toHaveLength(200);
		expect(cells[3]).toBe('has 1004 fields, the header has 21');
	});

	test('logs no errors', () => {
		expect(app.consoleErrors).toEqual([]);
	});
});

describe('duplicate customer IDs', () => {
	let app: AppSession;
	beforeAll(async () => {
		app = await openApp({ path: '#/data' });
		await chooseCsvFile(app.page, DUPLICATES, app.consoleErrors, 60_000);
		// Its only number is ARR: made a metric, so that there is something to score.
		await app.page.getByLabel('Role of arr', { exact: true }).selectOption('metric');
		await app.page.getByRole('button', { name: 'Read the whole file' }).click();
		await app.page.getByText('1 customer ID appears more than once in one snapshot').waitFor({ timeout: 60_000 });
	}, 120_000);
	afterAll(async () => {
		await app?.close();
	});

	test('“Don’t import” says why Import is disabled in a status that was there before', async () => {
		const { page } = app;
		const status = page.getByTestId('import-blocker');
		expect(await status.getAttribute('role')).toBe('status');
		expect(await status.textContent()).toBe('');
		await page.getByLabel('Don’t import: I will fix the file').check();
		expect(await status.textContent()).toBe('Fix the duplicate customer IDs in the file, then import it again.');
		expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
		await page.getByLabel('Keep the last row of each ID').check();
		expect(await status.textContent()).toBe('');
		expect(await status.isVisible()).toBe(false);
	});

	test('logs no errors', () => {
		expect(app.consoleErrors).toEqual([]);
	});
});
