/**
 * Alerts and the Customers list read the outcome, on the public Telco file imported through the Data page as
 * November and a "next month" copy as December (every 40th customer new again: tenure 1, one month's charges),
 * then an outcomes file with churn dates for two customers. The alerts of customers who already churned are not
 * counted in the navigation nor listed by default, the status line counts them, a keyboard-operated checkbox lists
 * them marked "Churned"; bulk acknowledgement takes what is listed; the Customers list has a sortable Outcome
 * column and its CSV an outcome column. Every figure is worked out here from the CSV text with the hand score of
 * telco-hand.ts, not by the app's code.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readSharedCsv } from '../helpers/shared-data';
import { accessibleName, gotoPage, importCsvFile, openApp, type AppSession } from './browser';
import { bandAsShown, count, handScore, TELCO } from './telco-hand';

const NOVEMBER = '2026-11-24', DECEMBER = '2026-12-24';
const rows = readSharedCsv('telco_customer_churn.csv');
const header = readFileSync(TELCO, 'utf8').split(/\r?\n/)[0];
const columns = header.split(',');
/** December: every 40th customer new again (tenure 1, total charges of one month); everyone else a month older. */
const december = rows.map((r, i) => Object.fromEntries(columns.map((c) => [c, c === 'tenure' ? String(i % 40 === 0 ? 1 : Number(r.tenure) + 1) : c === 'TotalCharges' && i % 40 === 0 ? r.MonthlyCharges : r[c]])));

/** A score in tenths as shown (one decimal, half-way up): what the drop rule and the bands read. */
const tenths = (s: number) => Math.floor(s * 10 + 0.5);

/** The default rules' alerts at December against November, per customer ID: 'drop' and/or 'band'. */
function expectedAlerts(): Map<string, string[]> {
	const out = new Map<string, string[]>();
	rows.forEach((r, i) => {
		const before = handScore(r).score, after = handScore(december[i]).score;
		const fired: string[] = [];
		if (bandAsShown(after) === 0 && bandAsShown(before) !== 0) fired.push('band');
		if (tenths(before) - tenths(after) >= 100) fired.push('drop');
		if (fired.length) out.set(r.customerID, fired);
	});
	return out;
}

const navCount = (page: Page) => accessibleName(page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: /^Alerts/ }));
const said = (page: Page, id: string) => page.getByTestId(id).textContent().then((t) => (t ?? '').replace(/\s+/g, ' ').trim());
/** The alerts listed: customer ID (the first part of the line under it) and the mark beside it ('' for none). */
const listedAlerts = (page: Page) =>
	page.getByTestId('alert').evaluateAll((items) =>
		items.map((li) => ({ id: (li.querySelector('.what .muted')?.textContent ?? '').split(' · ')[0], mark: li.querySelector('[data-testid="churn-mark"]')?.textContent ?? '' }))
	);

describe('alerts and the Customers list read the outcome (Telco, two months)', () => {
	let app: AppSession;
	let dir: string;
	const fired = expectedAlerts();
	const churnedIds = new Set(rows.filter((r) => r.Churn === 'Yes').map((r) => r.customerID));
	const alertsOf = (ids: Iterable<string>) => [...ids].reduce((n, id) => n + (fired.get(id)?.length ?? 0), 0);
	const all = alertsOf(fired.keys());
	const ofChurned = alertsOf([...fired.keys()].filter((id) => churnedIds.has(id)));
	const listed = all - ofChurned;
	/** Two customers with alerts who did not churn in the file: the outcomes file says X1 churned on 2026-12-01 (before December's snapshot), X2 leaves on 2027-01-15. */
	const [x1, x2] = [...fired.keys()].filter((id) => !churnedIds.has(id));

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-alerts-churned-'));
		await writeFile(join(dir, 'telco_december.csv'), [header, ...december.map((r) => columns.map((c) => r[c]).join(','))].join('\n') + '\n');
		await writeFile(join(dir, 'telco_churn_dates.csv'), ['customerID,Churn,churn_date', `${x1},Yes,2026-12-01`, `${x2},Yes,2027-01-15`].join('\n') + '\n');
		app = await openApp({ path: '#/data' });
		await importCsvFile(app.page, TELCO, { asOf: NOVEMBER, consoleErrors: app.consoleErrors, timeout: 60_000 });
		await importCsvFile(app.page, join(dir, 'telco_december.csv'), { asOf: DECEMBER, consoleErrors: app.consoleErrors, timeout: 60_000 });
	}, 180_000);
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('the hand count: alerts of customers who stay and of customers who churned (Churn = Yes, 1,869 of 7,043)', () => {
		expect([churnedIds.size, rows.length]).toEqual([1869, 7043]);
		expect(ofChurned).toBeGreaterThan(0);
		expect(listed).toBeGreaterThan(10);
		expect(fired.get(x1)).toBeDefined();
	});

	test('the navigation counts the open alerts of customers who did not churn; the page lists those, and says how many it leaves out', async () => {
		const { page } = app;
		await expect.poll(() => navCount(page), { timeout: 60_000 }).toBe(`Alerts (${count(listed)} open)`);
		await gotoPage(app, '#/alerts');
		await expect.poll(() => said(page, 'alerts-shown'), { timeout: 30_000 }).toBe(`${count(listed)} of ${count(all)} alerts`);
		expect(await said(page, 'alerts-churned')).toBe(`${count(ofChurned)} alerts of customers who already churned are not listed.`);
		expect(await page.getByTestId('alerts-status').getAttribute('role')).toBe('status');
		expect((await page.locator('h1 + p').textContent())!.replace(/\s+/g, ' ')).toContain(`${count(listed)} open of ${count(all)}.`);
		const shown = await listedAlerts(page);
		expect(shown).toHaveLength(Math.min(100, listed));
		expect(shown.filter((a) => churnedIds.has(a.id) || !fired.has(a.id))).toEqual([]);
		expect(shown.every((a) => a.mark === '')).toBe(true);
	});

	test('the checkbox, reached and ticked with the keyboard, lists every alert, each of a churned customer marked “Churned”', async () => {
		const { page } = app;
		const box = page.getByRole('checkbox', { name: 'Show churned customers' });
		expect(await accessibleName(box)).toBe('Show churned customers');
		await page.getByRole('checkbox', { name: 'Open only' }).focus();
		await page.keyboard.press('Tab');
		expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
		await page.keyboard.press('Space');
		await expect.poll(() => said(page, 'alerts-shown')).toBe(`${count(all)} of ${count(all)} alerts`);
		expect(await said(page, 'alerts-churned')).toBe(`${count(ofChurned)} of them are of customers who already churned: marked “Churned”.`);
		const shown = await listedAlerts(page);
		expect(shown.filter((a) => a.mark !== (churnedIds.has(a.id) ? 'Churned' : ''))).toEqual([]);
		expect(shown.some((a) => a.mark === 'Churned')).toBe(true);
		// The navigation still counts what there is to act on.
		expect(await navCount(page)).toBe(`Alerts (${count(listed)} open)`);
		await page.keyboard.press('Space');
		await expect.poll(() => said(page, 'alerts-shown')).toBe(`${count(listed)} of ${count(all)} alerts`);
	});

	test('Acknowledge N shown takes the alerts listed: the churned customers’ stay open, uncounted; Undo puts them back', async () => {
		const { page } = app;
		await page.getByRole('button', { name: `Acknowledge ${count(listed)} shown` }).click();
		await page.getByRole('button', { name: `Yes, acknowledge ${count(listed)} alerts` }).click();
		await expect.poll(() => said(page, 'bulk-done')).toBe(`Acknowledged ${count(listed)} alerts. Undo`);
		expect(await navCount(page)).toBe('Alerts');
		await page.getByRole('checkbox', { name: 'Show churned customers' }).check();
		await expect.poll(() => page.locator('[data-testid=alert][data-state=open]').count()).toBe(Math.min(100, ofChurned));
		await page.getByRole('checkbox', { name: 'Show churned customers' }).uncheck();
		await page.getByRole('button', { name: 'Undo' }).click();
		await expect.poll(() => said(page, 'bulk-done')).toBe(`Undone: ${count(listed)} alerts are as they were before.`);
		expect(await navCount(page)).toBe(`Alerts (${count(listed)} open)`);
	});

	test('an outcomes file with churn dates: a customer churned on a date before December is left out, one leaving is listed, marked', async () => {
		const { page } = app;
		await gotoPage(app, '#/data');
		await importCsvFile(page, join(dir, 'telco_churn_dates.csv'), { consoleErrors: app.consoleErrors, timeout: 60_000 });
		const nowListed = listed - alertsOf([x1]);
		await expect.poll(() => navCount(page), { timeout: 60_000 }).toBe(`Alerts (${count(nowListed)} open)`);
		await gotoPage(app, '#/alerts');
		await expect.poll(() => said(page, 'alerts-shown'), { timeout: 30_000 }).toBe(`${count(nowListed)} of ${count(all)} alerts`);
		expect(await said(page, 'alerts-churned')).toBe(`${count(ofChurned + alertsOf([x1]))} alerts of customers who already churned are not listed.`);
		await page.getByLabel('Search', { exact: true }).fill(x2);
		await expect.poll(() => listedAlerts(page)).toEqual(fired.get(x2)!.map(() => ({ id: x2, mark: 'Leaving on 2027-01-15' })));
		await page.getByLabel('Search', { exact: true }).fill(x1);
		await expect.poll(() => page.getByTestId('alert').count()).toBe(0);
		await page.getByRole('checkbox', { name: 'Show churned customers' }).check();
		await expect.poll(() => listedAlerts(page)).toEqual(fired.get(x1)!.map(() => ({ id: x1, mark: 'Churned on 2026-12-01' })));
		await page.getByRole('checkbox', { name: 'Show churned customers' }).uncheck();
		await page.getByRole('button', { name: 'Clear filters' }).click();
	});

	test('the Customers list has an Outcome column that sorts, and its CSV the same outcome for every customer', async () => {
		const { page } = app;
		await gotoPage(app, '#/customers');
		const table = page.getByTestId('customer-table');
		const heads = await table.getByRole('columnheader').allTextContents();
		expect(heads).toContain('Outcome');
		await table.getByRole('columnheader', { name: 'Outcome' }).getByRole('button').click();
		expect(await table.getByRole('columnheader', { name: 'Outcome' }).getAttribute('aria-sort')).toBe('ascending');
		await expect.poll(() => table.getByTestId('outcome-cell').first().textContent()).toBe('Churned');
		// A dated outcome, the longest words, shows whole in its cell.
		for (const [id, words] of [[x1, 'Churned on 2026-12-01'], [x2, 'Leaving on 2027-01-15']]) {
			await page.getByLabel('Search').fill(id);
			await expect.poll(() => table.getByTestId('outcome-cell').allTextContents()).toEqual([words]);
			expect(await table.getByTestId('outcome-cell').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
		}
		await page.getByLabel('Search').fill('');

		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export/ }).click()]);
		const path = join(dir, 'customers.csv');
		await download.saveAs(path);
		const [head, ...lines] = Papa.parse<string[]>((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
		const at = head.indexOf('outcome');
		expect(at).toBeGreaterThan(0);
		const expected = (r: Record<string, string>) => (r.customerID === x1 ? 'Churned on 2026-12-01' : r.customerID === x2 ? 'Leaving on 2027-01-15' : r.Churn === 'Yes' ? 'Churned' : 'Not churned');
		const want = new Map(rows.map((r) => [r.customerID, expected(r)]));
		expect(lines).toHaveLength(rows.length);
		expect(lines.filter((l) => l[at] !== want.get(l[0]))).toEqual([]);
		// In the page's order, sorted by outcome: Churned, Churned on …, Leaving on …, Not churned.
		const order = ['Churned', 'Churned on 2026-12-01', 'Leaving on 2027-01-15', 'Not churned'];
		const ranks = lines.map((l) => order.indexOf(l[at]));
		expect(ranks.every((r, k) => k === 0 || ranks[k - 1] <= r)).toBe(true);
		expect(order.map((o) => lines.filter((l) => l[at] === o).length)).toEqual([churnedIds.size, 1, 1, rows.length - churnedIds.size - 2]);
		expect(app.consoleErrors).toEqual([]);
	});
});
