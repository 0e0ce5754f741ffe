/**
 * Two tabs on one workspace in real Chromium: an edit in one shows in the other at once (BroadcastChannel); a
 * draft stored without this tab knowing (a tab whose message was missed) is never overwritten unseen: the
 * user chooses whose changes to keep, by mouse or keyboard; a reset in one tab makes the other offer a reload.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openApp, recordAnnounced, resetDemo, waitForWorkspace, type AppSession } from './browser';
import { expectedDemo } from './expected';
import { focused } from './keyboard';

const before = expectedDemo();
const usage = before.scorecard.metrics[0];
const weighted = (weight: number) => expectedDemo((s) => (s.metrics[0].weight = weight));

/** What another tab would have stored without telling: the usage weight, and a new draft revision. */
function storeElsewhere(page: Page, weight: number): Promise<void> {
	return page.evaluate(
		(weight) =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open('checkup');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const tx = open.result.transaction(['scorecards', 'settings'], 'readwrite');
					const cards = tx.objectStore('scorecards');
					const read = cards.get('demo');
					read.onsuccess = () => {
						const record = read.result;
						record.metrics[0].weight = weight;
						cards.put(record);
						tx.objectStore('settings').put({ key: 'scorecardDraftRevision', value: `elsewhere-${weight}` });
					};
					tx.oncomplete = () => (open.result.close(), resolve());
					tx.onerror = () => reject(tx.error);
				};
			}),
		weight
	);
}

describe('two tabs on one workspace', () => {
	let app: AppSession;
	let other: Page;

	beforeAll(async () => {
		app = await openApp({ path: '#/scorecard' });
		other = await app.context.newPage();
		await other.goto(app.url, { waitUntil: 'load' });
		await waitForWorkspace(other);
	});
	afterAll(async () => {
		await app?.close();
	});

	test('an edit in one tab shows in the other at once, scores included', async () => {
		const { page } = app;
		for (const p of [page, other]) await expect.poll(() => p.getByTestId('scorecard-average').textContent(), { timeout: 30_000 }).toBe(before.average);
		const weight = usage.weight * 4;
		await page.getByLabel(`Weight of ${usage.label}`).fill(String(weight));
		await expect.poll(() => other.getByLabel(`Weight of ${usage.label}`).inputValue()).toBe(String(weight));
		await expect.poll(() => other.getByTestId('scorecard-average').textContent()).toBe(weighted(weight).average);
		expect(await other.getByTestId('draft-conflict').count()).toBe(0);
	});

	test('a draft stored elsewhere unannounced is not overwritten: “Show the other tab’s changes” shows it', async () => {
		const { page } = app;
		await storeElsewhere(page, 2);
		const announced = await recordAnnounced(page, 'header .save');
		await page.getByLabel(`Weight of ${usage.label}`).fill('9');
		const conflict = page.getByTestId('draft-conflict');
		await expect.poll(() => conflict.getByRole('heading').textContent()).toBe('The scorecard was changed in another tab');
		expect(await page.locator('header .save').textContent()).toBe('Not saved: changed in another tab (see below)');
		// The failure is announced, at once; the save tried before it ("Saving…") is not.
		expect(await announced()).toEqual(['assertive: Not saved: changed in another tab (see below)']);
		// Nothing of this tab's edit reached storage: a reload of the other tab shows the other draft.
		await other.reload({ waitUntil: 'load' });
		await waitForWorkspace(other);
		await expect.poll(() => other.getByLabel(`Weight of ${usage.label}`).inputValue(), { timeout: 30_000 }).toBe('2');
		await conflict.getByRole('button', { name: 'Show the other tab’s changes' }).click();
		await expect.poll(() => conflict.count()).toBe(0);
		expect(await page.getByLabel(`Weight of ${usage.label}`).inputValue()).toBe('2');
		await expect.poll(() => page.getByTestId('scorecard-average').textContent()).toBe(weighted(2).average);
		expect(await page.getByTestId('draft-conflict-said').textContent()).toBe('This tab now shows the changes made in the other tab.');
		expect(await page.locator('header .save').textContent()).toBe('Saved in this browser');
		// After a failure, the save that puts it right is announced too (once, politely).
		expect(await announced()).toEqual(['assertive: Not saved: changed in another tab (see below)', 'polite: Saved in this browser']);
	});

	test('“Keep this tab’s changes”, from the keyboard, stores this tab’s edit over the other', async () => {
		const { page } = app;
		await storeElsewhere(page, 3);
		await page.getByLabel(`Weight of ${usage.label}`).fill('7');
		const conflict = page.getByTestId('draft-conflict');
		const keep = conflict.getByRole('button', { name: 'Keep this tab’s changes' });
		await expect.poll(() => keep.count()).toBe(1);
		await keep.focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => conflict.count()).toBe(0);
		expect(await focused(page)).toMatch(/^main:/);
		expect(await page.getByTestId('draft-conflict-said').textContent()).toBe('Your changes in this tab are saved, in place of the other tab’s.');
		await expect.poll(() => page.getByTestId('scorecard-average').textContent()).toBe(weighted(7).average);
		// The other tab was told, and shows this tab's edit.
		await expect.poll(() => other.getByLabel(`Weight of ${usage.label}`).inputValue()).toBe('7');
		await app.reload();
		await expect.poll(() => page.getByLabel(`Weight of ${usage.label}`).inputValue(), { timeout: 30_000 }).toBe('7');
	});

	test('a reset in one tab: the other says its data changed elsewhere, and Reload shows the new workspace', async () => {
		const { page } = app;
		await resetDemo(other);
		const notice = page.getByTestId('changed-elsewhere');
		await expect.poll(() => notice.textContent()).toContain('Another tab changed this workspace’s data');
		expect(await page.getByLabel(`Weight of ${usage.label}`).inputValue()).toBe('7'); // still the old workspace
		await notice.getByRole('button', { name: 'Reload to see it' }).click();
		await expect.poll(() => page.getByLabel(`Weight of ${usage.label}`).inputValue(), { timeout: 30_000 }).toBe(String(usage.weight));
		await expect.poll(() => page.getByTestId('scorecard-average').textContent(), { timeout: 30_000 }).toBe(before.average);
		expect(await notice.count()).toBe(0);
		expect(await other.getByTestId('changed-elsewhere').count()).toBe(0);
	});

	test('with no notice shown, a short page starts right under the header (the notices take no room)', async () => {
		const { page } = app;
		await page.goto(`${app.url.split('#')[0]}#/no-such-page`);
		await page.getByRole('heading', { name: 'Page not found' }).waitFor();
		const gap = await page.evaluate(() => document.querySelector('main')!.getBoundingClientRect().top - document.querySelector('header')!.getBoundingClientRect().bottom);
		expect(gap).toBeCloseTo(0, 0);
	});

	test('logs no errors and requests nothing from another origin', () => {
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
