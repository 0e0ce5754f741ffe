/**
 * Backup and restore through the Share page of the production build: an imported workspace is backed up, replaced
 * by the demo, and restored exactly (customers, scores, the import list), also after a reload; a damaged file
 * is refused with a message and changes nothing.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importCsvFile, openApp, type AppSession } from './browser';
import { CLIENTS_CSV as CSV, expectedClientsImport as expectedImport, expectedDemo } from './expected';


async function overview(page: Page) {
	await page.getByRole('link', { name: 'Overview', exact: true }).click();
	await page.getByTestId('kpi-customers').waitFor({ timeout: 60_000 });
	return { customers: await page.getByTestId('kpi-customers').textContent(), average: await page.getByTestId('kpi-average').textContent() };
}

describe('backup and restore on the Share page', { timeout: 240_000 }, () => {
	let app: AppSession;
	let dir: string;
	let backup: string;

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-backup-'));
		await writeFile(join(dir, 'clients.csv'), CSV);
		app = await openApp();
	});
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('an imported workspace is backed up to one file', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await importCsvFile(page, join(dir, 'clients.csv'), { asOf: '2026-01-01', consoleErrors: app.consoleErrors, timeout: 60_000 });
		expect(await overview(page)).toEqual(expectedImport());

		await page.getByRole('link', { name: 'Share', exact: true }).click();
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download backup' }).click()]);
		backup = join(dir, download.suggestedFilename());
		await download.saveAs(backup);
		expect((await readFile(backup)).subarray(0, 2).toString('hex')).toBe('1f8b');
		await expect.poll(() => page.getByText(/^Backup ready: checkup-.*\.checkup-backup \(\d/).count()).toBe(1);
	});

	test('after Reset demo, restoring brings the import back exactly, and a reload keeps it', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await page.getByRole('button', { name: 'Reset demo…' }).click();
		await page.getByRole('button', { name: 'Yes, reset the demo' }).click();
		const demo = expectedDemo();
		await expect.poll(async () => (await overview(page)).customers, { timeout: 60_000 }).toBe(demo.customers);

		await page.getByRole('link', { name: 'Share', exact: true }).click();
		await page.getByLabel('Backup file').setInputFiles(backup);
		const summary = page.getByRole('region', { name: 'Backup to restore' });
		await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toMatch(/holds 1 import \(80 rows\), 1 scorecard, 1 scorecard version and 2 alert rules\./);
		// What is about to be replaced can still be kept: the warning says how.
		expect(await summary.textContent()).toContain('to keep them, download a backup of this workspace first.');
		await page.getByRole('button', { name: 'Replace my workspace with this backup' }).click();
		await expect.poll(() => page.getByText(/^Restored checkup-.*: the workspace is now as it was on /).count(), { timeout: 60_000 }).toBe(1);
		expect(await overview(page)).toEqual(expectedImport());

		await app.reload();
		expect(await overview(page)).toEqual(expectedImport());
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await expect.poll(() => page.getByText('clients.csv').count()).toBeGreaterThan(0);
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});

	test('a damaged backup is refused with a message, and the workspace stays as it is', async () => {
		const { page } = app;
		const bytes = await readFile(backup);
		const cut = join(dir, 'cut.checkup-backup');
		await writeFile(cut, bytes.subarray(0, bytes.length >> 1));
		await page.getByRole('link', { name: 'Share', exact: true }).click();
		await page.getByLabel('Backup file').setInputFiles(cut);
		await expect
			.poll(() => page.getByRole('alert').filter({ hasText: 'cut.checkup-backup' }).textContent(), { timeout: 30_000 })
			.toBe('cut.checkup-backup was not restored, and your workspace is unchanged. The backup file is damaged or incomplete (it could not be unpacked); perhaps the download did not finish.');
		expect(await page.getByRole('button', { name: 'Replace my workspace with this backup' }).count()).toBe(0);
		expect(await overview(page)).toEqual(expectedImport());
	});

	test('an empty backup file says it is empty; a backup chosen as a scorecard file says where backups go', async () => {
		const { page } = app;
		const empty = join(dir, 'empty.checkup-backup');
		await writeFile(empty, '');
		await page.getByRole('link', { name: 'Share', exact: true }).click();
		await page.getByLabel('Backup file').setInputFiles(empty);
		await expect
			.poll(() => page.getByRole('alert').filter({ hasText: 'empty.checkup-backup' }).textContent(), { timeout: 30_000 })
			.toBe('empty.checkup-backup was not restored, and your workspace is unchanged. The file is empty.');
		await page.getByLabel('Import a scorecard file').setInputFiles(backup);
		const refused = page.getByRole('alert').filter({ hasText: 'cannot be imported; nothing was changed' });
		await refused.waitFor();
		expect(await refused.locator('li').allTextContents()).toEqual([
			'It looks like a Checkup backup (a compressed file), not a scorecard file: a backup is restored under “Restore a backup” on the Share page.'
		]);
		expect(await overview(page)).toEqual(expectedImport());
	});
});
