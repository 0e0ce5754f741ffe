/**
 * A stored workspace that cannot be opened, in the production build in Chromium: the app says why instead of
 * crashing, every button is reachable, and "Start again from the demo" (confirmed) brings back a working
 * workspace whose Overview shows the demo's figures; or a backup made before, restored from that page, brings back
 * the workspace it holds (an edited scorecard, so its average is not the demo's).
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openApp, waitForWorkspace, type AppSession } from './browser';
import { expectedDemo } from './expected';

/** Damages what is stored the way a broken profile or a half-understood restore could: no import at all. */
function damage(page: Page): Promise<void> {
	return page.evaluate(
		() =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open('checkup');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const tx = open.result.transaction(['datasets', 'blocks'], 'readwrite');
					tx.objectStore('datasets').clear();
					tx.objectStore('blocks').clear();
					tx.oncomplete = () => (open.result.close(), resolve());
					tx.onerror = () => reject(tx.error);
				};
			})
	);
}

describe('a workspace that cannot be opened', { timeout: 120_000 }, () => {
	let app: AppSession;
	beforeAll(async () => {
		app = await openApp({ path: '#/overview' });
	});
	afterAll(async () => {
		await app?.close();
	});

	test('says why, and starts again from the demo once confirmed', async () => {
		const { page } = app;
		const demo = expectedDemo();
		await expect.poll(() => page.getByTestId('kpi-customers').textContent()).toBe(demo.customers);
		await damage(page);
		await page.reload();
		await waitForWorkspace(page, 'failed', app.consoleErrors);
		const failure = page.getByRole('alert').filter({ hasText: 'The workspace could not be opened' });
		await expect.poll(() => failure.textContent()).toContain('The workspace has no dataset.');

		// Cancel leaves it as it is; the confirmation then starts again.
		await page.getByRole('button', { name: 'Start again from the demo…' }).click();
		await page.getByRole('button', { name: 'Cancel' }).click();
		await expect.poll(() => page.getByRole('button', { name: 'Start again from the demo…' }).isVisible()).toBe(true);
		await page.getByRole('button', { name: 'Start again from the demo…' }).focus();
		await page.keyboard.press('Enter');
		await page.getByRole('button', { name: 'Yes, start again' }).click();
		await expect.poll(() => page.getByTestId('kpi-customers').textContent()).toBe(demo.customers);
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
		expect(await page.getByTestId('kpi-average').textContent()).toBe(demo.average);
		expect(await failure.count()).toBe(0);

		// It stays started again after a reload.
		await page.reload();
		await expect.poll(() => page.getByTestId('kpi-customers').textContent()).toBe(demo.customers);
	});
});

describe('a workspace that cannot be opened, with a backup', { timeout: 120_000 }, () => {
	let app: AppSession;
	beforeAll(async () => {
		app = await openApp({ path: '#/scorecard' });
	});
	afterAll(async () => {
		await app?.close();
	});

	test('offers to back up what is stored and to restore a backup, which opens the workspace as it was', async () => {
		const { page } = app;
		// An edit, so that the restored workspace is told apart from a fresh demo.
		const edited = expectedDemo((s) => (s.metrics[0].weight = 60));
		await page.getByLabel('Weight of Product usage').fill('60');
		await page.getByRole('link', { name: 'Share' }).click();
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download backup' }).click()]);
		const backup = join(tmpdir(), `checkup-e2e-${process.pid}-damaged.checkup-backup`);
		await download.saveAs(backup);
		await damage(page);
		await page.reload();
		await waitForWorkspace(page, 'failed', app.consoleErrors);
		const failure = page.getByRole('alert').filter({ hasText: 'The workspace could not be opened' });
		await expect.poll(() => failure.textContent()).toContain('The workspace has no dataset.');

		// What is stored can be kept before anything else is tried.
		const [kept] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download backup' }).click()]);
		expect(kept.suggestedFilename()).toMatch(/^checkup-.*\.checkup-backup$/);

		await page.getByLabel('Backup file').setInputFiles(backup);
		await page.getByRole('button', { name: 'Replace my workspace with this backup' }).focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => failure.count()).toBe(0);
		// Focus goes to the page that took the failed screen's place, not to the document.
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
		await waitForWorkspace(page, 'ready', app.consoleErrors);
		await page.getByRole('link', { name: 'Overview' }).click();
		// The backup was made right after the edit, within its save delay: it holds it all the same.
		await expect.poll(() => page.getByTestId('kpi-average').textContent(), { timeout: 30_000 }).toBe(edited.average);
		expect(await page.getByTestId('kpi-customers').textContent()).toBe(edited.customers);
		await rm(backup, { force: true });
	});
});
