/**
 * A CS operations lead's monthly exports in the production build: August's file, September's from a CRM set to
 * another locale (semicolons, decimal commas), then the churn outcomes in a file of their own (d.m.yyyy dates).
 * Fixtures: test/fixtures/small (README there); every figure below is worked out by hand from make.mjs.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chooseCsvFile, gotoPage, importCsvFile, openApp, type AppSession } from './browser';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/small/${name}`, import.meta.url));
const text = (page: Page, testId: string) => page.getByTestId(testId).textContent().then((t) => t!.replace(/\s+/g, ' ').trim());

describe('monthly exports: each month dated, then the outcomes', () => {
	let app: AppSession;

	beforeAll(async () => {
		app = await openApp({ path: '#/data' });
		await importCsvFile(app.page, fixture('monthly-2026-08.csv'), { asOf: '2026-08-31', consoleErrors: app.consoleErrors });
	});
	afterAll(async () => {
		await app?.close();
	});

	test('next month’s export says the date its rows get: today as proposed, after August, is said as such', async () => {
		const { page } = app;
		await chooseCsvFile(page, fixture('monthly-2026-09.csv'), app.consoleErrors);
		await page.getByTestId('mapped-as-last-time').waitFor();
		const proposed = await page.getByLabel('These figures are as of').inputValue();
		await page.getByRole('button', { name: 'Read the whole file' }).click();
		await page.getByRole('button', { name: 'Import', exact: true }).waitFor();
		// Today, on any machine whose clock is past the fixture's August (the development machine's is 2026-11-24).
		expect(proposed > '2026-08-31').toBe(true);
		expect(await text(page, 'as-of-effect')).toBe(
			`Its rows are dated ${proposed}, today, the date proposed: a new latest snapshot, after 2026-08-31. If the figures are from another day, Cancel and choose the file again to date them.`
		);
		expect(await page.getByTestId('as-of-effect').evaluate((e) => e.classList.contains('warning'))).toBe(true);
		// The same five columns as August's: nothing new to add on the Scorecard page, and the report does not say there is.
		expect(await text(page, 'import-effect')).toBe(
			'Importing adds 80 rows to the portfolio: customers are joined by ID, and a row with a customer and as-of date already imported replaces the earlier one. The scorecard stays as it is.'
		);
		await page.getByRole('button', { name: 'Cancel', exact: true }).click();
	});

	test('dated 2026-09-30 it is the new latest snapshot, said without a warning', async () => {
		const { page } = app;
		await chooseCsvFile(page, fixture('monthly-2026-09.csv'), app.consoleErrors);
		await page.getByLabel('These figures are as of').fill('2026-09-30');
		await page.getByRole('button', { name: 'Read the whole file' }).click();
		await page.getByRole('button', { name: 'Import', exact: true }).waitFor();
		expect(await text(page, 'as-of-effect')).toBe('Its rows are dated 2026-09-30: a new latest snapshot, after 2026-08-31.');
		expect(await page.getByTestId('as-of-effect').evaluate((e) => e.classList.contains('warning'))).toBe(false);
		await page.getByRole('button', { name: 'Import', exact: true }).click();
		await page.getByTestId('import-done').waitFor();
		expect(await page.getByTestId('dataset-snapshots').textContent()).toBe('2: 2026-08-31 to 2026-09-30');
	});

	test('the outcomes file names the metrics the first import set the wrong way round, and only those', async () => {
		const { page } = app;
		await importCsvFile(page, fixture('monthly-outcomes.csv'), { consoleErrors: app.consoleErrors });
		// By hand (make.mjs): the 40 who churn had 80–99 logins against 10–29 for the 40 who stay, and all used paperless
		// billing against 10 of 40: lower logins and No are better. August's import, without outcomes, scored higher
		// logins and Yes higher. Seats (5–9 against 20–24) agree with it; hours do not differ (1.5–3.5 in both).
		await expect.poll(() => text(page, 'against-outcomes')).toBe(
			'The outcomes now say 2 metrics of the scorecard score the wrong way round: logins (lower is better), paperless (No is better). They score as set before, without these outcomes or by hand: the Scorecard page says why under each, and turns them with ⇄ Flip, ⇄ Reverse points or a yes/no’s points.'
		);
		// The Scorecard page says the same of each, in its own words.
		await gotoPage(app, '#/scorecard');
		await expect.poll(() => page.getByText(/as set here, though churned customers/).count()).toBe(2);
	});

	test('Learn, refused at the default 90 days, names the longest horizon the two months allow', async () => {
		const { page } = app;
		await gotoPage(app, '#/learn');
		await page.getByRole('button', { name: 'Train', exact: true }).click();
		// Retained: 2026-09-30 − 2026-08-31 = 30 days back; churned: 2026-11-15 − 2026-08-31 = 76. The shorter wins.
		await expect.poll(() => page.getByText(/^Learning needs at least 30/).textContent()).toBe(
			'Learning needs at least 30 churned and 30 retained customers with a snapshot 90 days before the outcome; this data has 0 churned customers and 0 retained customers. Your snapshots reach back far enough for a horizon of at most 30 days: with 30, 40 churned customers and 40 retained customers have a snapshot before the outcome. Shorten the horizon, or add outcomes (an outcomes file or earlier snapshots).'
		);
	});

	test('the Worklist ranks by the model trained at 30 days, and says so once September is deleted after it', async () => {
		const { page } = app;
		await page.getByLabel('Horizon (days before the outcome)').fill('30');
		await page.getByRole('button', { name: 'Train', exact: true }).click();
		await page.getByRole('button', { name: 'Train again', exact: true }).waitFor({ timeout: 120_000 });
		await gotoPage(app, '#/worklist');
		await expect.poll(() => text(page, 'worklist-ranking')).toMatch(/^Ranked by churn probability from the churn model “run of /);
		expect(await page.getByTestId('worklist-model-data').count()).toBe(0);
		await gotoPage(app, '#/data');
		await page.getByRole('table', { name: 'Imports' }).getByRole('row').filter({ hasText: 'monthly-2026-09.csv' }).getByRole('button', { name: /^Delete/ }).click();
		await page.getByRole('button', { name: 'Yes, delete monthly-2026-09.csv' }).click();
		await page.getByText('Deleted monthly-2026-09.csv').waitFor();
		await gotoPage(app, '#/worklist');
		await expect.poll(() => text(page, 'worklist-model-data')).toBe(
			'⚠ That model was trained before monthly-2026-09.csv was deleted or replaced: train again on the Learn page to rank by the data as it is now.'
		);
	});

	test('an export named by its date is proposed as of that date, and says where the date came from', async () => {
		const { page } = app;
		const dir = await mkdtemp(join(tmpdir(), 'checkup-monthly-'));
		try {
			const named = join(dir, 'accounts_2026-09-30.csv');
			await copyFile(fixture('monthly-2026-09.csv'), named);
			await gotoPage(app, '#/data');
			await chooseCsvFile(page, named, app.consoleErrors);
			await page.getByRole('button', { name: 'Read the whole file' }).waitFor();
			expect(await page.getByLabel('These figures are as of').inputValue()).toBe('2026-09-30');
			expect(await text(page, 'as-of-hint')).toBe('Taken from the file’s name. No column holds an as-of date, so every row gets this one.');
			await page.getByRole('button', { name: 'Read the whole file' }).click();
			// September was deleted above: August is the latest again.
			await expect.poll(() => text(page, 'as-of-effect')).toBe('Its rows are dated 2026-09-30: a new latest snapshot, after 2026-08-31.');
			await page.getByRole('button', { name: 'Cancel', exact: true }).click();
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
