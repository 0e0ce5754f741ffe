/**
 * Two tabs opened together on a browser that has never opened Checkup: the demo workspace is written once (one
 * tab writes it, the other waits and opens it), and both tabs then show that one workspace, each saving its edits
 * without a conflict; also where the browser has no Web Locks. The writes are counted by a script in each page that counts IndexedDB puts and adds by store.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { expect, inject, test } from 'vitest';
import { CHROMIUM_ARGS } from './browser';
import { expectedDemo } from './expected';

const usage = expectedDemo().scorecard.metrics[0];

/** Counts, in each page, the records the page asks IndexedDB to write, by object store (window.__writes). */
const COUNT_WRITES = `(() => {
	const writes = (window.__writes = {});
	for (const method of ['put', 'add']) {
		const original = IDBObjectStore.prototype[method];
		IDBObjectStore.prototype[method] = function (...args) {
			writes[this.name] = (writes[this.name] ?? 0) + 1;
			return original.apply(this, args);
		};
	}
})();`;

const writes = (page: Page) => page.evaluate(() => (window as unknown as { __writes: Record<string, number> }).__writes);

/** Sets the usage weight in a tab and waits for it to be stored; says what the tab's save status ended as. */
async function edit(page: Page, weight: string): Promise<string | null> {
	await page.getByLabel(`Weight of ${usage.label}`).fill(weight);
	const status = page.getByTestId('save-status');
	await expect.poll(() => status.getAttribute('data-state')).not.toMatch(/pending|saving/);
	return status.getAttribute('data-state');
}

/** What a browser without the Web Locks API is like (an app served over plain http: from another host). */
const NO_WEB_LOCKS = `Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });`;

test.each([
	['with Web Locks (one tab waits for the other)', ''],
	['without Web Locks (the write checks storage is still empty)', NO_WEB_LOCKS]
])('two tabs opened together on an empty browser write the demo once and show the same workspace, %s', { timeout: 180_000 }, async (_how, script) => {
	const userDataDir = await mkdtemp(join(tmpdir(), 'checkup-e2e-'));
	const context = await chromium.launchPersistentContext(userDataDir, { executablePath: inject('chromiumPath'), headless: true, args: CHROMIUM_ARGS });
	const errors: string[] = [];
	context.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
	context.on('weberror', (webError) => void errors.push(String(webError.error())));
	try {
		await context.addInitScript(COUNT_WRITES + script);
		const tabs = [context.pages()[0] ?? (await context.newPage()), await context.newPage()];
		const url = inject('baseURL') + '#/scorecard';
		await Promise.all(tabs.map((tab) => tab.goto(url, { waitUntil: 'load' })));
		for (const tab of tabs) await tab.getByLabel(`Weight of ${usage.label}`).waitFor({ timeout: 60_000 });
		const [first, second] = await Promise.all(tabs.map(writes));
		// One demo dataset, one scorecard and its version 1 written in all.
		expect((first.datasets ?? 0) + (second.datasets ?? 0)).toBe(1);
		expect((first.versions ?? 0) + (second.versions ?? 0)).toBe(1);
		// Each tab has the stored draft's revision: its edit is stored, not refused as another tab's change.
		expect(await edit(tabs[0], String(usage.weight * 2))).toBe('saved');
		await expect.poll(() => tabs[1].getByLabel(`Weight of ${usage.label}`).inputValue()).toBe(String(usage.weight * 2));
		expect(await edit(tabs[1], String(usage.weight * 3))).toBe('saved');
		await expect.poll(() => tabs[0].getByLabel(`Weight of ${usage.label}`).inputValue()).toBe(String(usage.weight * 3));
		for (const tab of tabs) expect(await tab.getByTestId('draft-conflict').count()).toBe(0);
		expect(errors).toEqual([]);
	} finally {
		await context.close();
		await rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
	}
});
