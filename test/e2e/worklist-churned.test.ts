/**
 * The Worklist lists the customers a CSM can still act on: on Telco imported through the Data page, the At risk
 * customers whose Churn is Yes are left out and counted, a keyboard-operated checkbox lists them again marked
 * "Churned", each export holds what is shown, and the customer page says a customer's outcome. Every figure is
 * worked out here from the CSV and the hand score of telco-hand.ts (1,972 At risk, 970 of them churned).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { accessibleName, importCsvFile, openApp, type AppSession } from './browser';
import { bandAsShown, count, handScores, TELCO } from './telco-hand';

/** The Worklist's export, saved and read back: its header and its rows as cells. */
async function exportRows(page: Page, dir: string, name: string): Promise<{ header: string[]; rows: string[][] }> {
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export/ }).click()]);
	const path = join(dir, name);
	await download.saveAs(path);
	const [header, ...rows] = Papa.parse<string[]>((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
	return { header, rows };
}

describe('the Worklist leaves out customers who already churned (Telco)', () => {
	let app: AppSession;
	let dir: string;
	const customers = handScores();
	const atRisk = customers.filter((c) => bandAsShown(c.score) === 0);
	const churned = new Set(atRisk.filter((c) => c.churned).map((c) => c.id));
	const canSave = new Set(atRisk.filter((c) => !c.churned).map((c) => c.id));

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-churned-'));
		app = await openApp({ path: '#/data' });
		await importCsvFile(app.page, TELCO, { asOf: '2026-11-01', consoleErrors: app.consoleErrors });
	}, 120_000);
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('the hand score: 1,972 customers At risk, 970 of them with Churn = Yes, so 1,002 a CSM can still act on', () => {
		expect([atRisk.length, churned.size, canSave.size]).toEqual([1972, 970, 1002]);
	});

	test('the Overview’s next step counts them and the Worklist’s customers', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Overview', exact: true }).click();
		const next = () => page.getByTestId('overview-next').textContent().then((t) => t!.replace(/\s+/g, ' ').trim());
		await expect.poll(next, { timeout: 30_000 }).toContain('already churned');
		expect(await next()).toBe(
			`Next: ${count(atRisk.length)} customers are At risk (Reach out this week). ${count(churned.size)} of them have already churned. ` +
				`Open the Worklist: the ${count(canSave.size)} customers who can still be saved, the most at risk first, each with the action of its band.`
		);
	});

	test('the Worklist lists 1,002, says 970 are not listed, and shows none of them', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Worklist', exact: true }).click();
		const status = page.getByRole('status').filter({ has: page.getByTestId('worklist-count') });
		await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe(`${count(canSave.size)} customers. ${count(churned.size)} customers who already churned are not listed.`);
		expect(await page.getByRole('button', { name: /^Export/ }).textContent()).toBe(`Export ${count(canSave.size)} as CSV`);
		const ids = await page.getByTestId('worklist-row').locator('th a').allTextContents();
		expect(ids).toHaveLength(50);
		expect(ids.filter((id) => !canSave.has(id))).toEqual([]);
		expect(await page.getByTestId('churn-mark').count()).toBe(0);

		const { header, rows } = await exportRows(page, dir, 'worklist.csv');
		// The page's columns: Telco has no name, segment, owner or ARR column, one snapshot (no change) and no model yet.
		expect(header).toEqual(['rank', 'customer_id', 'score', 'band', 'recommended_action']);
		expect(rows).toHaveLength(canSave.size);
		expect(new Set(rows.map((r) => r[1]))).toEqual(canSave);
	});

	test('the checkbox, reached and ticked with the keyboard, lists all 1,972, each churned one marked “Churned”', async () => {
		const { page } = app;
		const box = page.getByRole('checkbox', { name: 'Show churned customers' });
		expect(await accessibleName(box)).toBe('Show churned customers');
		expect(await box.isChecked()).toBe(false);
		// Telco has no segment or owner: Tab goes from the Band filter to the checkbox.
		await page.getByLabel('Band').focus();
		await page.keyboard.press('Tab');
		expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
		await page.keyboard.press('Space');
		const status = page.getByRole('status').filter({ has: page.getByTestId('worklist-count') });
		await expect.poll(() => status.textContent()).toBe(`${count(atRisk.length)} customers. ${count(churned.size)} of them already churned: marked “Churned”.`);
		expect(await box.isChecked()).toBe(true);
		expect(await page.getByRole('button', { name: /^Export/ }).textContent()).toBe(`Export ${count(atRisk.length)} as CSV`);
		// Each listed customer is marked in words exactly when the CSV says it churned (the file has no churn dates).
		const rows = await page.getByTestId('worklist-row').locator('th').evaluateAll((ths) =>
			ths.map((th) => [th.querySelector('a')!.textContent!, th.querySelector('[data-testid="churn-mark"]')?.textContent ?? ''])
		);
		expect(rows).toHaveLength(50);
		expect(rows.filter(([id, mark]) => mark !== (churned.has(id) ? 'Churned' : ''))).toEqual([]);
		expect(rows.some(([, mark]) => mark === 'Churned')).toBe(true);

		const { header, rows: cells } = await exportRows(page, dir, 'worklist-all.csv');
		expect(header).toEqual(['rank', 'customer_id', 'score', 'band', 'recommended_action', 'outcome', 'churn_date']);
		expect(cells).toHaveLength(atRisk.length);
		expect(new Set(cells.filter((r) => r[5] === 'Churned').map((r) => r[1]))).toEqual(churned);
		expect(new Set(cells.filter((r) => r[5] === '').map((r) => r[1]))).toEqual(canSave);
		expect(cells.every((r) => r[6] === '')).toBe(true);

		// Space again (the export's button had the focus): left out again.
		await box.focus();
		await page.keyboard.press('Space');
		expect(await box.isChecked()).toBe(false);
		await expect.poll(() => page.getByTestId('worklist-count').textContent()).toBe(`${count(canSave.size)} customers.`);
	});

	test('the customer page says the outcome beside the score: Churned, or Not churned', async () => {
		const { page } = app;
		const left = customers.find((c) => c.churned)!;
		const stays = customers.find((c) => !c.churned)!;
		for (const [c, outcome] of [[left, 'Churned'], [stays, 'Not churned']] as const) {
			await page.goto(`${app.url.replace(/#.*$/, '')}#/customers/${c.id}`);
			await expect.poll(() => page.getByTestId('customer-outcome').textContent(), { timeout: 20_000 }).toBe(outcome);
			expect(await page.locator('.score-box').getByTestId('customer-outcome').count()).toBe(1);
		}
		expect(app.consoleErrors).toEqual([]);
	});
});
