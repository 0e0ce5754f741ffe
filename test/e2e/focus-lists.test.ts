/**
 * Focus when a list or form changes under the control pressed, with the keyboard only, on the demo in the
 * production build; never <body>:
 * "Show N more" on the Worklist and the Alerts goes to the first row or alert it adds (also when it goes away
 * with the last page);
 * acknowledging an alert that leaves the Open only list goes to the alert that took its place, and the buttons an
 * alert swaps (Acknowledge, Edit note, Cancel, Reopen) hand focus to what replaced them;
 * the override form's Cancel and Override and an override's Remove give it back to the metric's button;
 * a date field shows the focus ring at each of its stops;
 * Save version and Discard changes move it to the line saying which version the scores use.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cell } from '../../src/lib/core/table';
import { openApp, type AppSession } from './browser';
import { demoHistory } from './expected-history';
import { expectFocus, focused, tabTo } from './keyboard';

const n = (x: number) => x.toLocaleString('en-US');

/** The position of the alert holding focus in the list (-1 when focus is in none), and its customer ID. */
function focusedAlert(page: Page) {
	return page.evaluate(() => {
		const item = document.activeElement?.closest('[data-testid="alert"]');
		const all = [...document.querySelectorAll('[data-testid="alert"]')];
		return { at: item ? all.indexOf(item) : -1, id: item?.querySelector('.what .muted')?.textContent?.split(' · ')[0] ?? '' };
	});
}
/** The customer ID of the alert at a position in the list. */
const alertId = (page: Page, at: number) => page.getByTestId('alert').nth(at).locator('.what .muted').textContent().then((t) => t!.split(' · ')[0]);

describe('focus when a list changes under the control pressed', () => {
	let app: AppSession;
	const expected = demoHistory();
	const latest = expected.snapshots.at(-1)!;
	const names = latest.table.columns.account_name;
	// The Worklist's default view without a churn model: the At risk customers by score, lowest first.
	const atRisk = Array.from({ length: latest.table.rowCount }, (_, j) => j)
		.filter((j) => latest.result.band[j] === 0)
		.sort((a, b) => latest.result.score[a] - latest.result.score[b] || a - b);

	/** The page of the customer with the lowest score. */
	async function openCustomer(page: Page) {
		const id = String(cell(latest.table.columns.account_id, atRisk[0]));
		await page.evaluate((hash) => (location.hash = hash), `#/customers/${encodeURIComponent(id)}`);
		await page.getByTestId('contributions').waitFor({ timeout: 30_000 });
	}

	beforeAll(async () => {
		app = await openApp({ path: '#/overview' });
		await app.page.getByTestId('kpi-customers').waitFor({ timeout: 30_000 });
	});
	afterAll(async () => {
		await app?.close();
	});

	test('Worklist: Show 50 more says how many are listed and moves focus to the first customer it adds, to the last page', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Worklist', exact: true }).click();
		await page.getByTestId('worklist-ranking').waitFor({ timeout: 30_000 });
		expect(atRisk.length).toBeGreaterThan(150);
		expect(atRisk.length % 50).not.toBe(0);
		let lastPage = 0;
		for (let listed = 50; listed < atRisk.length; listed += 50) {
			const rest = Math.min(50, atRisk.length - listed);
			expect((await page.getByTestId('worklist-shown').textContent())!.replace(/\s+/g, ' ').trim()).toBe(`Showing ${listed} of ${n(atRisk.length)} customers. Show ${rest} more`);
			await tabTo(page, `Show ${rest} more`, { limit: 400 });
			await page.keyboard.press('Enter');
			await expectFocus(page, `a: ${String(cell(names, atRisk[listed]))}`);
			expect(await page.getByTestId('worklist-row').count()).toBe(listed + rest);
			lastPage = listed;
		}
		// The button went with the last page; Tab goes on from the first row that page added to the next.
		expect(await page.getByTestId('worklist-shown').count()).toBe(0);
		await page.keyboard.press('Tab');
		expect(await focused(page)).toBe(`a: ${String(cell(names, atRisk[lastPage + 1]))}`);
	}, 120_000);

	test('Alerts: Show 100 more says how many are listed and moves focus to the first alert it adds, to the last page', async () => {
		const { page } = app;
		await page.getByRole('link', { name: /^Alerts/ }).click();
		await page.getByTestId('alert').first().waitFor({ timeout: 30_000 });
		const matching = Number((await page.getByTestId('alerts-shown').textContent())!.split(' of ')[0].replace(/,/g, ''));
		expect(matching).toBeGreaterThan(200);
		for (let listed = 100; listed < matching; listed += 100) {
			const rest = Math.min(100, matching - listed);
			expect((await page.getByTestId('alerts-listed').textContent())!.replace(/\s+/g, ' ').trim()).toBe(`Showing ${listed} of ${n(matching)} alerts. Show ${rest} more`);
			const next = page.getByRole('button', { name: `Show ${rest} more` });
			await next.focus();
			await page.keyboard.press('Enter');
			await expect.poll(() => page.getByTestId('alert').count()).toBe(listed + rest);
			expect(await focusedAlert(page)).toEqual({ at: listed, id: await alertId(page, listed) });
			expect(await focused(page)).toMatch(/^a: \S/);
		}
		expect(await page.getByTestId('alerts-listed').count()).toBe(0);
	}, 120_000);

	test('Alerts: Acknowledge, Edit note, Cancel and Reopen hand focus on; an alert leaving Open only hands it to the next', async () => {
		const { page } = app;
		const shown = () => page.getByTestId('alerts-shown').textContent();
		const before = await shown();
		const [first, second] = [await alertId(page, 0), await alertId(page, 1)];
		// Note and Acknowledge of the first alert, with the keyboard.
		await page.getByTestId('alert').first().getByRole('link').focus();
		await tabTo(page, 'Note', { limit: 3 });
		await page.keyboard.type('Called, renewal on track');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Enter');
		await expect.poll(shown).not.toBe(before);
		expect(await focusedAlert(page)).toEqual({ at: 0, id: second });
		expect(await focused(page)).toMatch(/^a: \S/);

		await page.getByLabel('Open only').uncheck();
		const done = page.locator(`[data-testid="alert"][data-state="acknowledged"]`).filter({ hasText: first }).first();
		await done.getByRole('button', { name: 'Edit note' }).focus();
		await page.keyboard.press('Enter');
		await expectFocus(page, 'input: Note');
		expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('Called, renewal on track');
		await tabTo(page, 'Cancel', { limit: 3 });
		await page.keyboard.press('Enter');
		await expectFocus(page, 'button: Edit note');
		await page.keyboard.press('Tab');
		await expectFocus(page, 'button: Reopen');
		await page.keyboard.press('Enter');
		await expectFocus(page, 'input: Note');
		expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="alert"]')?.getAttribute('data-state'))).toBe('open');
		await page.getByLabel('Open only').check();
		expect(await shown()).toBe(before);
		expect(app.consoleErrors).toEqual([]);
	}, 120_000);

	test('the override form: opening it focuses Sub-score; Cancel, Override and Remove give focus back to the metric’s button', async () => {
		const { page } = app;
		await openCustomer(page);
		const override = page.getByRole('button', { name: 'Override NPS', exact: true });
		await override.focus();
		await page.keyboard.press('Enter');
		await expectFocus(page, 'input: Sub-score (0–100)');
		await tabTo(page, 'Cancel', { limit: 8 });
		await page.keyboard.press('Enter');
		await expectFocus(page, 'button: Override NPS');

		await page.keyboard.press('Enter');
		await expectFocus(page, 'input: Sub-score (0–100)');
		await page.keyboard.press('Tab');
		await page.keyboard.type('Survey sent to the wrong contact');
		await tabTo(page, 'Override', { limit: 8 });
		await page.keyboard.press('Enter');
		// The saved override arrives with the next explanation, which swaps Override… for Edit and Remove.
		await expectFocus(page, 'button: Edit the override of NPS');
		await page.keyboard.press('Tab');
		await expectFocus(page, 'button: Remove the override of NPS');
		await page.keyboard.press('Enter');
		await expectFocus(page, 'button: Override NPS');
		expect(app.consoleErrors).toEqual([]);
	}, 120_000);

	test('a date field shows the focus ring on each of its stops, its calendar button included', async () => {
		const { page } = app;
		await openCustomer(page);
		await page.getByRole('button', { name: 'Override NPS', exact: true }).click();
		await page.getByLabel('Sub-score (0–100)').focus();
		await tabTo(page, 'Expires', { limit: 3 });
		const ring = () =>
			page.evaluate(() => {
				const field = document.activeElement as HTMLElement;
				const probe = document.createElement('span');
				probe.style.color = 'var(--focus)';
				document.body.append(probe);
				const focus = getComputedStyle(probe).color;
				probe.remove();
				const style = getComputedStyle(field);
				return { type: field.getAttribute('type'), ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 && style.outlineColor === focus };
			});
		// Month, day, year, then the calendar button, where the field itself matches neither :focus nor :focus-visible.
		for (let stop = 0; stop < 4; stop++) {
			expect(await ring(), `stop ${stop + 1} of the date field`).toEqual({ type: 'date', ring: true });
			await page.keyboard.press('Tab');
		}
		await expectFocus(page, 'button: Override');
		await page.getByRole('button', { name: 'Cancel' }).click();
		expect(await page.getByRole('form', { name: 'Override NPS' }).count()).toBe(0);
	}, 120_000);

	test('Save version and Discard changes move focus to the line saying which version the scores use', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Scorecard', exact: true }).click();
		await page.getByTestId('scorecard-average').waitFor();
		const weight = page.getByLabel('Weight of Product usage');
		await weight.fill('25');
		await page.getByLabel('Note (what changed and why)').focus();
		await page.keyboard.type('More weight on usage');
		await tabTo(page, 'Save version', { limit: 4 });
		await page.keyboard.press('Enter');
		await expectFocus(page, 'p: No changes since the last version: the scores use version 2.');

		await weight.fill('30');
		await tabTo(page, 'Discard changes', { back: true, limit: 60 });
		await page.keyboard.press('Enter');
		await expectFocus(page, 'p: No changes since the last version: the scores use version 2.');
		expect(await weight.inputValue()).toBe('25');
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	}, 120_000);
});
