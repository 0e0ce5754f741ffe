/**
 * The import report notes a few negative values in a metric column otherwise ≥ 0 (a tenure of −3 months), with
 * their rows, before anything is stored; the values are kept (test/fixtures/bad/negative-metrics.csv).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chooseCsvFile, openApp, type AppSession } from './browser';

const FILE = fileURLToPath(new URL('../fixtures/bad/negative-metrics.csv', import.meta.url));

describe('the import report’s notices about the values', () => {
	let app: AppSession;
	beforeAll(async () => {
		app = await openApp({ path: '#/data' });
		await chooseCsvFile(app.page, FILE, app.consoleErrors, 60_000);
		await app.page.getByRole('button', { name: 'Read the whole file' }).click();
		await app.page.getByTestId('import-summary').waitFor({ timeout: 60_000 });
	}, 120_000);
	afterAll(async () => {
		await app?.close();
	});

	test('names the column, the count and the rows of its negative values, which are kept', async () => {
		const { page } = app;
		const notices = page.getByRole('list', { name: 'Notices about the values' }).getByRole('listitem');
		// By hand from the file: tenure is the row number but −3, −1 and −12 on rows 12, 41 and 78 (3 of 80).
		expect(await notices.allTextContents()).toEqual(['Warning: 3 negative values in "tenure", a column otherwise ≥ 0: row 12 (−3), row 41 (−1), row 78 (−12); kept as they are.']);
		// A notice, not a problem: every row is imported.
		expect(await page.getByTestId('rows-to-import').textContent()).toBe('80');
		expect(await page.getByTestId('rows-skipped').textContent()).toBe('0');
	});

	test('logs no errors', () => {
		expect(app.consoleErrors).toEqual([]);
	});
});
