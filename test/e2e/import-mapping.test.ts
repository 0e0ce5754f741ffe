/**
 * The mapping step of an import, in the production build: choosing a date format says what the column's first
 * sample becomes, its month in words, so that day and month the wrong way round show before the file is read
 * (test/fixtures/bad/ambiguous-dates.csv: 03/04/2024 fits both); the line above the table says its Missing and
 * Distinct columns, like the proposal, come from the first rows only.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chooseCsvFile, openApp, type AppSession } from './browser';

const AMBIGUOUS = fileURLToPath(new URL('../fixtures/bad/ambiguous-dates.csv', import.meta.url));

describe('the mapping step', () => {
	let app: AppSession;
	beforeAll(async () => {
		app = await openApp({ path: '#/data' });
		await chooseCsvFile(app.page, AMBIGUOUS, app.consoleErrors, 60_000);
		await app.page.getByRole('heading', { name: /Map the columns of ambiguous-dates\.csv/ }).waitFor({ timeout: 30_000 });
	}, 120_000);
	afterAll(async () => {
		await app?.close();
	});

	test('a chosen date format says what the first sample reads as, the month in words', async () => {
		const { page } = app;
		const format = page.getByLabel('Date format of as_of', { exact: true });
		const reads = page.getByTestId('date-reads-as');
		expect(await reads.count()).toBe(0);
		expect(await page.getByText('Both day/month and month/day fit these dates: choose one.').count()).toBe(1);
		await format.selectOption('dmy');
		expect(await reads.textContent()).toBe('“03/04/2024” reads as 3 April 2024');
		expect(await format.evaluate((select) => document.getElementById(select.getAttribute('aria-describedby')!)?.textContent)).toBe('“03/04/2024” reads as 3 April 2024');
		await format.selectOption('mdy');
		expect(await reads.textContent()).toBe('“03/04/2024” reads as 4 March 2024');
		// A format none of the samples is written in says so.
		await format.selectOption('iso');
		expect(await reads.textContent()).toBe('No sample value reads as yyyy-mm-dd');
	});

	test('says the proposal, Missing and Distinct come from the rows sampled, not the whole file', async () => {
		const line = (await app.page.getByTestId('mapping-sample').textContent())!.replace(/\s+/g, ' ').trim();
		expect(line).toBe('109 B · UTF-8 · comma separated · proposal, Missing and Distinct from the first 4 rows');
	});

	test('logs no errors', () => {
		expect(app.consoleErrors).toEqual([]);
	});
});
