/**
 * The worklist of a file with no segment, owner or ARR column and one snapshot (as the telco sample): no empty
 * column, no filter with nothing to choose, no Change column of dashes; the note says why, and the ranking line what
 * a model would bring without ARR. On a phone each customer is then one line. Its Alerts page says why it has none.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importCsvFile, openApp, type AppSession } from './browser';

describe('worklist of a file without segment, owner or ARR', () => {
	let app: AppSession;
	let dir: string;

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-worklist-columns-'));
		const file = join(dir, 'bare.csv');
		await writeFile(file, ['customer_id,name,logins,nps', 'B1,Low Co,1,0', 'B2,Lower Ltd,0,0', 'B3,Fine Inc,40,10'].join('\n') + '\n');
		app = await openApp({ path: '#/overview' });
		const { page } = app;
		await page.getByTestId('kpi-customers').waitFor({ timeout: 60_000 });
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await importCsvFile(page, file, { asOf: '2026-12-01', consoleErrors: app.consoleErrors });
		await page.getByRole('link', { name: 'Worklist', exact: true }).click();
		await page.getByTestId('worklist-ranking').waitFor({ timeout: 30_000 });
		await page.getByRole('combobox', { name: 'Band', exact: true }).selectOption({ label: 'Every band' });
	});
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('shows Rank, Customer, Score and Band only, and says why', async () => {
		const { page } = app;
		await expect.poll(() => page.getByTestId('worklist-row').count()).toBe(3);
		expect(await page.getByTestId('worklist').locator('thead th').allTextContents()).toEqual(['Rank', 'Customer', 'Score', 'Band and action']);
		expect(await page.getByRole('combobox').evaluateAll((all) => all.map((s) => s.closest('label')?.firstChild?.textContent?.trim()))).toEqual(['Band']);
		expect((await page.getByTestId('change-note').textContent())!.replace(/\s+/g, ' ').trim()).toBe(
			'There is one snapshot, so no change to show yet: the Change column comes with the next. The data has no segment, owner or ARR column, so the list has none.'
		);
		expect(await page.getByTestId('worklist-ranking').textContent()).toBe(
			'Ranked by health score, lowest first: there is no trained churn model yet (train one on the Learn page to rank by churn probability).'
		);
		// Lowest score first: B2 (no logins), B1, then B3.
		expect(await page.getByTestId('worklist-row').locator('th a').allTextContents()).toEqual(['Lower Ltd', 'Low Co', 'Fine Inc']);
	});

	test('the Alerts page says why this one-snapshot file has no alert yet', async () => {
		const { page } = app;
		await page.getByRole('link', { name: /^Alerts/ }).click();
		await expect.poll(() => page.getByTestId('no-alerts').textContent().then((t) => t!.replace(/\s+/g, ' ').trim())).toBe(
			'No alerts yet. The rules compare each customer’s snapshot with the one before, and there is one snapshot so far.'
		);
		await page.getByRole('link', { name: 'Worklist', exact: true }).click();
		await page.getByTestId('worklist-row').first().waitFor();
	});

	test('the Band chosen stays chosen, by its name, when the Scorecard page removes another band', async () => {
		const { page } = app;
		const band = page.getByRole('combobox', { name: 'Band', exact: true });
		await band.selectOption({ label: 'Healthy' });
		const names = () => page.getByTestId('worklist-row').locator('th a').allTextContents().catch(() => []);
		const before = await names();
		expect(before).toEqual(['Fine Inc']);
		await page.getByRole('link', { name: 'Scorecard', exact: true }).click();
		await page.getByRole('button', { name: /^Remove Needs attention/ }).click();
		await page.getByRole('link', { name: 'Worklist', exact: true }).click();
		await page.getByTestId('worklist-ranking').waitFor();
		// Healthy was the third band and is now the second: the select said nothing (no band at index 2) and the list was empty.
		expect(await band.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('Healthy');
		await expect.poll(names).toEqual(before);
		await band.selectOption({ label: 'Every band' });
	});

	test('on a phone each customer is one line, inside the box', async () => {
		const { page } = app;
		const before = page.viewportSize();
		try {
			await page.setViewportSize({ width: 390, height: 800 });
			await expect.poll(() => page.getByTestId('worklist').evaluate((t) => {
				const box = t.parentElement!.getBoundingClientRect();
				const row = t.querySelector('tbody tr')!;
				const cells = [...row.children].map((c) => c.getBoundingClientRect());
				return { lines: new Set(cells.map((c) => Math.round(c.top))).size, inside: cells.every((c) => c.left >= box.left - 0.5 && c.right <= box.right + 0.5) };
			})).toEqual({ lines: 1, inside: true });
		} finally {
			if (before) await page.setViewportSize(before);
		}
		expect(app.consoleErrors).toEqual([]);
	});
});
