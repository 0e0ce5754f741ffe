/**
 * A stored workspace that cannot be opened, in the production build in Chromium: the app says why instead of
 * crashing, every button is reachable, and "Start again from the demo" (confirmed) brings back a working
 * workspace whose Overview shows the demo's figures.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openApp, type AppSession } from './browser';
import { expectedDemo } from './expected';

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
		// Damage what is stored the way a broken profile or a half-understood restore could: no import at all.
		await page.evaluate(
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
		await page.reload();
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
		expect(await page.getByTestId('kpi-average').textContent()).toBe(demo.average);
		expect(await failure.count()).toBe(0);

		// It stays started again after a reload.
		await page.reload();
		await expect.poll(() => page.getByTestId('kpi-customers').textContent()).toBe(demo.customers);
	});
});
