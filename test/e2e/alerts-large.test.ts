/**
 * The Alerts page on a portfolio of more customers than the evaluation works out ahead (CUSTOMERS_AHEAD_MAX): on
 * opening, the page looks the alerts' customers up in steps, saying so in its status line with room kept for the
 * list, then lists the alerts with their customers' names. Checked by what the page said and where, not by time.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CUSTOMERS_AHEAD_MAX } from '../../src/lib/state/alert-source';
import { importCsvFile, openApp, type AppSession } from './browser';

const COUNT = CUSTOMERS_AHEAD_MAX + 1;
const id = (i: number) => `L${String(i + 1).padStart(6, '0')}`;
/** Logins 10 … 29 by i mod 20; in February L000020 (29, a score of 100) falls to 0: a drop and At risk, both open. */
const logins = (i: number, month: number) => (month === 1 && i === 19 ? 0 : 10 + (i % 20));
const file = ['customer_id,as_of,name,logins', ...[0, 1].flatMap((m) => Array.from({ length: COUNT }, (_, i) => `${id(i)},2026-0${m + 1}-01,Company ${i + 1},${logins(i, m)}`)), ''].join('\n');

/** At each change of the list's status line: what it says, where it is, and what the list section shows. */
interface Seen {
	said: string;
	top: number;
	busy: string | null;
	room: number | null;
	focus: string;
}

describe(`Alerts on ${COUNT.toLocaleString('en-US')} customers: looked up when the page opens`, () => {
	let app: AppSession;
	let dir: string;

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-alerts-large-'));
		await writeFile(join(dir, 'large.csv'), file);
		app = await openApp({ path: '#/data' });
		await importCsvFile(app.page, join(dir, 'large.csv'), { consoleErrors: app.consoleErrors, timeout: 120_000 });
		// The evaluation is done (its alerts are counted in the navigation) before the page is opened.
		await app.page.waitForFunction(() => document.querySelector('[data-testid="alert-count"]')?.textContent === '2', null, { timeout: 60_000 });
	}, 240_000);
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('says it looks the customers up, keeps room for the list, then lists them by name; the status line stays put', async () => {
		const { page } = app;
		await page.evaluate(() => {
			const seen: Seen[] = [];
			(window as unknown as { seen: Seen[] }).seen = seen;
			new MutationObserver(() => {
				const status = document.querySelector<HTMLElement>('[data-testid="alerts-shown"]');
				const said = status?.textContent ?? '';
				if (!said || said === seen.at(-1)?.said) return;
				const room = document.querySelector('[data-testid="alerts-loading"]');
				const active = document.activeElement;
				seen.push({
					said,
					top: status!.getBoundingClientRect().top,
					busy: document.querySelector('section[aria-labelledby="alerts-h"]')!.getAttribute('aria-busy'),
					room: room ? room.getBoundingClientRect().height : null,
					focus: active?.id || active?.tagName || ''
				});
			}).observe(document.querySelector('main')!, { subtree: true, childList: true, characterData: true });
		});
		await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: /^Alerts/ }).click();
		await page.getByTestId('alert').first().waitFor({ timeout: 60_000 });
		const seen = await page.evaluate(() => (window as unknown as { seen: Seen[] }).seen);
		const viewport = page.viewportSize()!.height;
		expect(seen.map((s) => s.said)).toEqual(['Looking up the customers of 2 alerts…', '2 of 2 alerts']);
		// While looking up: busy, with a viewport's height kept for the list. Then neither, and the line has not moved.
		expect([seen[0].busy, seen[0].room! >= viewport]).toEqual(['true', true]);
		expect([seen[1].busy, seen[1].room]).toEqual(['false', null]);
		expect(seen[1].top).toBe(seen[0].top);
		expect(await page.getByTestId('alerts-status').getAttribute('role')).toBe('status');
		expect(await page.getByTestId('alerts-status').getByTestId('alerts-shown').count()).toBe(1);
		// Focus is where a link leaves it on every page, at the start of the content, all along.
		expect(seen.map((s) => s.focus)).toEqual(['main', 'main']);
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Alerts');
		// The customer's name, looked up from the portfolio: the alert names Company 20, not only its ID.
		const alerts = page.getByTestId('alert');
		expect(await alerts.count()).toBe(2);
		for (const alert of await alerts.all()) expect(await alert.textContent()).toContain('Company 20');
		expect(app.consoleErrors).toEqual([]);
	});
});
