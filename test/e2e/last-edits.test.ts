/**
 * The scorecard's last edit, still waiting for its save's debounce (250 ms) when the tab closes, is left in storage
 * as the page goes: the profile reopens with it, and a tab of the app still open shows it at once. (Quitting the whole browser at once is not covered: Chromium then
 * shuts its storage down without finishing a write begun in `pagehide`, 3 times in 4 here.)
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openApp, waitForWorkspace, type AppSession } from './browser';
import { expectedDemo } from './expected';

const usage = expectedDemo().scorecard.metrics[0];

/** The demo's scorecard page, ready to edit: the usage weight shown, and nothing waiting to be saved. */
async function scorecardPage(userDataDir?: string): Promise<AppSession> {
	const app = await openApp({ path: '#/scorecard', userDataDir });
	await app.page.getByLabel(`Weight of ${usage.label}`).waitFor({ timeout: 60_000 });
	await expect.poll(() => app.page.getByTestId('save-status').getAttribute('data-state')).toBe('saved');
	return app;
}

/** Types a weight and says whether its save was still waiting for the debounce just after (the test needs it to be). */
async function editWeight(page: Page, weight: string): Promise<string | null> {
	await page.getByLabel(`Weight of ${usage.label}`).fill(weight);
	return page.getByTestId('save-status').getAttribute('data-state');
}

/** The usage weight the profile reopens with. */
async function reopenedWeight(app: AppSession): Promise<string> {
	const again = await scorecardPage(app.userDataDir);
	try {
		const weight = await again.page.getByLabel(`Weight of ${usage.label}`).inputValue();
		expect(again.consoleErrors).toEqual([]);
		return weight;
	} finally {
		await again.close();
	}
}

describe('an edit made just before the tab closes', { timeout: 180_000 }, () => {
	test('closing the tab at once keeps it: in a new tab, and once the browser is opened again', async () => {
		const app = await scorecardPage();
		const weight = String(usage.weight * 3);
		try {
			expect(await editWeight(app.page, weight)).toBe('pending');
			await app.page.close({ runBeforeUnload: false });
			// The browser goes on, as when a user closes one tab; the same app opened again in it.
			const tab = await app.context.newPage();
			await tab.goto(app.url, { waitUntil: 'load' });
			const shown = tab.getByLabel(`Weight of ${usage.label}`);
			await shown.waitFor({ timeout: 60_000 });
			expect(await shown.inputValue()).toBe(weight);
		} finally {
			await app.close({ keepUserDataDir: true });
		}
		expect(await reopenedWeight(app)).toBe(weight);
	});

	test('closing the tab at once while another tab is open: that tab shows it without reloading', async () => {
		const app = await scorecardPage();
		const weight = String(usage.weight * 3);
		try {
			const other = await app.context.newPage();
			await other.goto(app.url, { waitUntil: 'load' });
			// Opened and done storing: a tab still writing as the other closes can hold the write the closing page
			// begins until the page is gone, and then it never lands (the next open finds nothing to take either).
			await waitForWorkspace(other);
			const shown = other.getByLabel(`Weight of ${usage.label}`);
			await shown.waitFor({ timeout: 60_000 });
			expect(await shown.inputValue()).toBe(String(usage.weight));
			expect(await editWeight(app.page, weight)).toBe('pending');
			await app.page.close({ runBeforeUnload: false });
			await expect.poll(() => shown.inputValue(), { timeout: 30_000 }).toBe(weight);
			expect(await other.getByTestId('save-status').getAttribute('data-state')).toBe('saved');
		} finally {
			await app.close({ keepUserDataDir: true });
		}
		expect(await reopenedWeight(app)).toBe(weight);
	});
});
