/** Keyboard-only helpers for the browser tests: what has focus, Tab until a control, a file chosen with Space. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** What has focus, in words: its role or tag, and its name (aria-label, else its text); BODY when nothing has. */
export function focused(page: Page): Promise<string> {
	return page.evaluate(() => {
		const e = document.activeElement;
		if (!e || e === document.body) return 'BODY';
		const labelled = e.getAttribute('aria-labelledby');
		const name = e.getAttribute('aria-label') ?? (labelled ? document.getElementById(labelled)?.textContent : null) ?? (e instanceof HTMLInputElement ? e.labels?.[0]?.textContent : e.textContent);
		return `${e.getAttribute('role') ?? e.tagName.toLowerCase()}: ${(name ?? '').replace(/\s+/g, ' ').trim()}`;
	});
}

/** Presses Tab until the control named `name` has focus, as a keyboard user would; fails after `limit` presses. */
export async function tabTo(page: Page, name: string | RegExp, { limit = 80, back = false } = {}): Promise<void> {
	const seen: string[] = [];
	for (let i = 0; i < limit; i++) {
		await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
		const now = await focused(page);
		if (typeof name === 'string' ? now.endsWith(`: ${name}`) : name.test(now)) return;
		seen.push(now);
	}
	throw new Error(`Tab did not reach ${name} in ${limit} presses; it went through: ${seen.join(' | ')}`);
}

const intercepting = new WeakSet<Page>();

/**
 * Opens the file chooser of the focused file input with Space and answers it with `path`. Playwright starts
 * intercepting file choosers only when a listener is added, and asynchronously: a key pressed in the same breath
 * could open the chooser before that and never be seen (a flake seen now and then). So a listener stays for the
 * page's life, and a round trip after adding it makes sure interception is on before the first key.
 */
export async function chooseWithSpace(page: Page, path: string): Promise<void> {
	if (!intercepting.has(page)) {
		page.on('filechooser', () => {});
		await page.evaluate(() => 0);
		intercepting.add(page);
	}
	const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
	await chooser.setFiles(path);
}

/** Expects focus to reach `what` (polled: the action may take a while); the message says what has focus instead. */
export async function expectFocus(page: Page, what: string | RegExp, timeout = 30_000): Promise<void> {
	const poll = expect.poll(() => focused(page), { timeout });
	if (typeof what === 'string') await poll.toBe(what);
	else await poll.toMatch(what);
}
