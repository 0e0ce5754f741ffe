/**
 * Writes other than the CSV import (atomic.test.ts has that), in real Chromium: the page closed at moments through
 * a backup restore and through Reset demo reopens wholly as it was or wholly as written, never a mix; and a full
 * disk (IndexedDB refusing a write with QuotaExceededError) is said as such and changes nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { QUOTA_MESSAGE } from '../../src/lib/db/errors';
import { importCsvFile, openApp, type AppSession } from './browser';
import { CLIENTS_CSV as CSV, expectedClientsImport as expectedImport, expectedDemo } from './expected';
import { formatScore } from '../../src/lib/format';


interface Figures {
	customers: string;
	average: string;
}

/** The Overview's figures; fails with the app's message when it shows an error instead. */
async function overview(page: Page): Promise<Figures> {
	await page.getByRole('link', { name: 'Overview', exact: true }).click();
	const shown = page.locator('[data-testid="kpi-customers"], [role="alert"]').first();
	await shown.waitFor({ timeout: 60_000 });
	if ((await shown.getAttribute('data-testid')) !== 'kpi-customers') throw new Error(`the Overview shows an error: ${await shown.textContent()}`);
	return { customers: (await shown.textContent()) ?? '', average: (await page.getByTestId('kpi-average').textContent()) ?? '' };
}

/** Which whole state the figures are; fails naming all three when they are neither. */
function whichState(shown: Figures, before: Figures, after: Figures): 'before' | 'after' {
	if (shown.customers === before.customers && shown.average === before.average) return 'before';
	if (shown.customers === after.customers && shown.average === after.average) return 'after';
	throw new Error(`a mixed workspace: ${JSON.stringify(shown)} is neither the earlier ${JSON.stringify(before)} nor the written ${JSON.stringify(after)}`);
}

/** Chooses a backup on the Share page and confirms it, without waiting for the restore. */
async function startRestore(page: Page, file: string): Promise<void> {
	await page.getByRole('link', { name: 'Share', exact: true }).click();
	await page.getByLabel('Backup file').setInputFiles(file);
	const replace = page.getByRole('button', { name: 'Replace my workspace with this backup' });
	await replace.waitFor({ timeout: 60_000 });
	await replace.click();
}

const restored = (page: Page) => page.getByText(/^Restored .*: the workspace is now as it was on /);

/** Starts Reset demo on the Data page (confirmed), without waiting for it. */
async function startReset(page: Page): Promise<void> {
	await page.getByRole('link', { name: 'Data', exact: true }).click();
	await page.getByRole('button', { name: 'Reset demo…' }).click();
	await page.getByRole('button', { name: 'Yes, reset the demo' }).click();
}

const figures: Record<string, string> = {};

describe('closing the page during a restore or a reset; a full disk', { timeout: 480_000 }, () => {
	let dir: string;
	let demoBackup: string;
	let clientsBackup: string;
	const clients = expectedImport();
	const demo = { customers: expectedDemo().customers, average: formatScore(expectedDemo().summary.averageScore) };

	/** A fresh profile whose workspace is the clients import (restored from its backup): the state before each write. */
	async function clientsWorkspace(): Promise<AppSession> {
		const app = await openApp({ path: '#/overview' });
		await startRestore(app.page, clientsBackup);
		await restored(app.page).waitFor({ timeout: 60_000 });
		expect(await overview(app.page)).toEqual(clients);
		return app;
	}

	/** Reopens a closed profile: its Overview, which must be wholly `before` or wholly `after`; nothing logged. */
	async function reopened(app: AppSession): Promise<'before' | 'after'> {
		const again = await openApp({ userDataDir: app.userDataDir, path: '#/overview' });
		try {
			const state = whichState(await overview(again.page), clients, demo);
			expect(again.consoleErrors).toEqual([]);
			// The Data page lists exactly the imports of that state.
			await again.page.getByRole('link', { name: 'Data', exact: true }).click();
			const imports = again.page.getByRole('table', { name: 'Imports' });
			await imports.waitFor();
			expect(await imports.getByText(state === 'before' ? 'clients.csv' : 'Demo portfolio').count()).toBeGreaterThan(0);
			expect(await imports.getByText(state === 'before' ? 'Demo portfolio' : 'clients.csv').count()).toBe(0);
			return state;
		} finally {
			await again.close();
		}
	}

	/** Closes the page `ms` after `start` began the write, and says which state the profile reopens in. */
	async function closedAfter(start: (page: Page) => Promise<void>, ms: number): Promise<'before' | 'after'> {
		const app = await clientsWorkspace();
		await start(app.page);
		await new Promise((resolve) => setTimeout(resolve, ms));
		await app.close({ keepUserDataDir: true });
		try {
			return await reopened(app);
		} finally {
			await rm(app.userDataDir, { recursive: true, force: true });
		}
	}

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-atomic-writes-'));
		await writeFile(join(dir, 'clients.csv'), CSV);
		const app = await openApp({ path: '#/overview' });
		try {
			expect(await overview(app.page)).toEqual(demo);
			const download = async (name: string) => {
				await app.page.getByRole('link', { name: 'Share', exact: true }).click();
				const [file] = await Promise.all([app.page.waitForEvent('download'), app.page.getByRole('button', { name: 'Download backup' }).click()]);
				const path = join(dir, name);
				await file.saveAs(path);
				return path;
			};
			demoBackup = await download('demo.checkup-backup');
			await app.page.getByRole('link', { name: 'Data', exact: true }).click();
			await importCsvFile(app.page, join(dir, 'clients.csv'), { asOf: '2026-01-01', consoleErrors: app.consoleErrors, timeout: 60_000 });
			expect(await overview(app.page)).toEqual(clients);
			clientsBackup = await download('clients.checkup-backup');
		} finally {
			await app.close();
		}
	});
	afterAll(async () => {
		if (dir) await rm(dir, { recursive: true, force: true });
		console.log('[atomic-writes figures]', figures);
	});

	test('a restore closed at moments through it reopens wholly as before or wholly as the backup', async () => {
		// How long the restore takes here (click to "Restored …"), so that the closes below fall inside it.
		const app = await clientsWorkspace();
		const started = Date.now();
		await startRestore(app.page, demoBackup);
		await restored(app.page).waitFor({ timeout: 60_000 });
		const restoreMs = Date.now() - started;
		figures.restoreDemoMs = String(restoreMs);
		expect(await overview(app.page)).toEqual(demo);
		expect(app.consoleErrors).toEqual([]);
		await app.close();

		const outcomes: string[] = [];
		// Click to "Restored" includes reading the file in the worker and showing the new workspace after the write.
		// Closing takes a moment itself: the write is near the end of that time (closes at 0.2–0.7 reopened as before, at 0.8 as the backup).
		for (const share of [0.6, 0.8, 0.95]) outcomes.push(`${share}: ${await closedAfter((page) => startRestore(page, demoBackup), restoreMs * share)}`);
		figures.restoreClosed = outcomes.join(', ');
	});

	test('Reset demo closed at moments through it reopens wholly as before or wholly as the demo', async () => {
		const app = await clientsWorkspace();
		const started = Date.now();
		await startReset(app.page);
		await app.page.getByRole('table', { name: 'Imports' }).getByText('Demo portfolio').waitFor({ timeout: 60_000 });
		const resetMs = Date.now() - started;
		figures.resetMs = String(resetMs);
		expect(await overview(app.page)).toEqual(demo);
		await app.close();

		const outcomes: string[] = [];
		// The write is near the start of that time: closes at 0–0.1 reopened as before, at 0.2 and later as the demo.
		for (const share of [0.1, 0.15, 0.2]) outcomes.push(`${share}: ${await closedAfter(startReset, resetMs * share)}`);
		figures.resetClosed = outcomes.join(', ');
	});

	test('a full disk on the Alerts page: a rule turned off, or added, that could not be stored says so and shows what is stored', async () => {
		const app = await openApp({ path: '#/overview' });
		try {
			const { page } = app;
			await overview(page);
			await page.getByRole('link', { name: /^Alerts/ }).click();
			const drop = page.getByRole('checkbox', { name: 'Score dropped by at least 10 points' });
			await drop.waitFor({ timeout: 60_000 });
			expect(await drop.isChecked()).toBe(true);
			await page.evaluate(() => {
				const full = () => {
					throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
				};
				IDBObjectStore.prototype.put = full;
				IDBObjectStore.prototype.add = full;
			});
			await drop.click();
			const failed = page.getByRole('alert').filter({ hasText: 'could not be changed' });
			await failed.waitFor({ timeout: 30_000 });
			expect(await failed.textContent()).toBe(`The rule could not be changed: ${QUOTA_MESSAGE}`);
			// The rule is still on (stored), and its box says so.
			await expect.poll(() => drop.isChecked()).toBe(true);

			const form = page.getByRole('form', { name: 'Add a rule' });
			await form.getByLabel('Points').fill('3');
			await form.getByRole('button', { name: 'Add rule' }).click();
			await page.getByRole('alert').filter({ hasText: 'could not be saved' }).waitFor({ timeout: 30_000 });
			expect(await page.getByRole('alert').filter({ hasText: 'could not be saved' }).textContent()).toBe(`The rule could not be saved: ${QUOTA_MESSAGE}`);
			expect(await page.getByTestId('rule-added').textContent()).toBe('');
			expect(await page.getByRole('checkbox', { name: 'Score dropped by at least 3 points' }).count()).toBe(0);
		} finally {
			await app.close();
		}
	});

	test('a full disk during Reset demo says so, and the workspace stays as it was, also after a reload', async () => {
		const app = await clientsWorkspace();
		try {
			const { page } = app;
			// What Chromium throws when the origin's quota is used up, for every record written from now on.
			await page.evaluate(() => {
				const full = () => {
					throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
				};
				IDBObjectStore.prototype.put = full;
				IDBObjectStore.prototype.add = full;
			});
			await startReset(page);
			const resetFailed = page.getByRole('alert').filter({ hasText: 'Reset failed' });
			await resetFailed.waitFor({ timeout: 60_000 });
			expect(await resetFailed.textContent()).toBe(`Reset failed; your workspace is unchanged. ${QUOTA_MESSAGE}`);
			expect(await overview(page)).toEqual(clients);
			app.consoleErrors.length = 0;
			await app.reload();
			expect(await overview(page)).toEqual(clients);
			expect(app.consoleErrors).toEqual([]);
		} finally {
			await app.close();
		}
	});
});
