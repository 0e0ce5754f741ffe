/**
 * The Learn page with the keyboard only, in the production build on the demo: "Advanced settings" opens and closes
 * with Enter and Space and hides its fields from Tab while closed; a refused setting inside it opens it, is marked
 * and takes focus; Past runs' Open takes the reader to the run shown, and Delete hands focus to the row that took
 * its place, then to "No run yet", never to <body>; two runs of one minute have names of their own.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/workers/learn-protocol';
import { appForTests } from './browser';
import { expectFocus, focused, tabTo } from './keyboard';

const advanced = (page: Page) => page.getByTestId('learn-advanced');
const isOpen = (page: Page) => advanced(page).evaluate((d: HTMLDetailsElement) => d.open);

/** Types `value` into the focused number field, replacing what it held. */
async function typeValue(page: Page, value: string): Promise<void> {
	await page.keyboard.press('Control+A');
	await page.keyboard.type(value);
}

/** Trains on 3 folds and 200 resamples (quick: setup, not what is tested here), and waits for the run to be listed. */
async function trainQuickly(page: Page, runs: number): Promise<void> {
	if (!(await isOpen(page))) await advanced(page).locator('summary').click();
	await page.getByLabel('Folds').fill('3');
	await page.getByLabel('Bootstrap resamples').fill('200');
	await page.getByRole('button', { name: /^Train( again)?$/ }).click();
	await expect.poll(() => page.getByTestId('runs-table').locator('tbody tr').count(), { timeout: 120_000 }).toBe(runs);
}

describe('Learn with the keyboard', () => {
	const app = appForTests({ path: '#/learn' }, (page) => page.getByRole('button', { name: 'Train', exact: true }));

	test('Advanced settings: a one-line summary of the defaults, opened and closed with Enter and Space, its fields out of Tab’s way while closed', async () => {
		const { page } = app;
		const d = DEFAULT_SETTINGS;
		expect(await page.getByTestId('learn-advanced-summary').textContent()).toBe(`(regularization C ${d.C}, ${d.k} folds, seed ${d.seed}, ${d.resamples.toLocaleString('en-US')} bootstrap resamples)`);
		expect(await isOpen(page)).toBe(false);
		expect(await page.getByLabel('Folds').isVisible()).toBe(false);
		await tabTo(page, 'Target share of churners flagged (%)');
		// Closed, the next stop after the summary is Train: its four fields are skipped.
		await page.keyboard.press('Tab');
		expect(await focused(page)).toMatch(/^summary: Advanced settings \(regularization C 1, 5 folds/);
		await page.keyboard.press('Tab');
		expect(await focused(page)).toBe('button: Train');
		await page.keyboard.press('Shift+Tab');
		await page.keyboard.press('Enter');
		await expect.poll(() => isOpen(page)).toBe(true);
		expect(await page.getByLabel('Folds').isVisible()).toBe(true);
		// Each field says what it does in plain words, read with it.
		expect(await page.getByLabel('Folds').evaluate((i) => document.getElementById(i.getAttribute('aria-describedby')!)?.textContent)).toBe('The data is split into this many parts; each part is predicted by a model trained on the others.');
		await page.keyboard.press('Tab');
		expect(await focused(page)).toBe('input: Regularization C');
		await page.keyboard.press('Shift+Tab');
		await page.keyboard.press('Space');
		await expect.poll(() => isOpen(page)).toBe(false);
		await page.keyboard.press('Space');
		await expect.poll(() => isOpen(page)).toBe(true);
		await page.keyboard.press('Enter');
		await expect.poll(() => isOpen(page)).toBe(false);
	});

	test('a refused setting inside the closed disclosure opens it, names the field and the problem, and takes focus', async () => {
		const { page } = app;
		// Focus is still on the summary, closed.
		expect(await focused(page)).toMatch(/^summary: Advanced settings/);
		await page.keyboard.press('Enter');
		await tabTo(page, 'Folds');
		await typeValue(page, '1');
		// The summary line follows the field.
		expect(await page.getByTestId('learn-advanced-summary').textContent()).toContain(', 1 folds,');
		await tabTo(page, /^summary: Advanced settings/, { back: true });
		await page.keyboard.press('Enter');
		await expect.poll(() => isOpen(page)).toBe(false);
		await tabTo(page, 'Train');
		await page.keyboard.press('Enter');
		await expect.poll(() => page.getByTestId('learn-error').textContent()).toBe('Folds: “1” is not a whole number from 2 to 20.');
		await expect.poll(() => isOpen(page)).toBe(true);
		await expectFocus(page, 'input: Folds');
		const folds = page.getByLabel('Folds');
		expect(await folds.getAttribute('aria-invalid')).toBe('true');
		expect((await folds.getAttribute('aria-describedby'))!.split(' ')).toContain('learn-error');
		// Nothing was trained.
		expect(await page.getByTestId('runs-table').count()).toBe(0);
		// An emptied field says it is empty, not “null”.
		await typeValue(page, '5');
		await tabTo(page, 'Seed');
		await page.keyboard.press('Control+A');
		await page.keyboard.press('Backspace');
		await tabTo(page, 'Train');
		await page.keyboard.press('Enter');
		await expect.poll(() => page.getByTestId('learn-error').textContent()).toBe('Seed: nothing entered; it takes a whole number from 0 to 4,294,967,295.');
		await expectFocus(page, 'input: Seed');
		expect(await folds.getAttribute('aria-invalid')).toBe('false');
		await typeValue(page, '1');
	});

	test('a refused setting checked in the same moment the disclosure closes still opens it', async () => {
		const { page } = app;
		await page.getByLabel('Folds').fill('1');
		// Closed and submitted in one task: the close's toggle event is still on its way when the check opens it.
		await advanced(page).evaluate((d: HTMLDetailsElement) => {
			d.open = false;
			d.closest('form')!.requestSubmit();
		});
		await expect.poll(() => page.getByTestId('learn-error').textContent()).toBe('Folds: “1” is not a whole number from 2 to 20.');
		// Once the toggle event has come (a task later), the disclosure is still open.
		await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
		expect(await isOpen(page)).toBe(true);
		await expectFocus(page, 'input: Folds');
		await typeValue(page, '5');
	});

	test('Past runs: names that never change; Open takes focus to the run shown, Delete to the row that took its place, the last Delete to “No run yet”', async () => {
		const { page } = app;
		// Three runs of one minute (the page's clock fixed), two of them of one second: each is named with its
		// seconds, the second of that second numbered, so no two buttons share a name.
		await page.clock.setFixedTime(new Date('2026-11-24T06:25:10Z'));
		await trainQuickly(page, 1);
		await page.clock.setFixedTime(new Date('2026-11-24T06:25:40Z'));
		await trainQuickly(page, 2);
		await trainQuickly(page, 3);
		expect(await page.getByTestId('learn-error').count()).toBe(0);
		// The minute in the browser's time zone, as the page shows times.
		const minute = await page.evaluate(() => {
			const d = new Date('2026-11-24T06:25:00Z');
			const two = (n: number) => String(n).padStart(2, '0');
			return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
		});
		const names = [`${minute}:40 (2)`, `${minute}:40`, `${minute}:10`];
		const listed = () => page.getByTestId('runs-table').locator('tbody th').allTextContents();
		expect(await listed()).toEqual(names);
		expect(await page.getByTestId('learn-shown').textContent()).toContain(`Showing the run of ${names[0]} (the newest)`);
		expect(await page.getByTestId('runs-table').getByRole('button').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')))).toEqual([
			`Delete the run of ${names[0]}`, `Open the run of ${names[1]}`, `Delete the run of ${names[1]}`, `Open the run of ${names[2]}`, `Delete the run of ${names[2]}`
		]);
		// The newest is shown; the older ones have Open.
		await tabTo(page, `Open the run of ${names[2]}`, { limit: 300 });
		await page.keyboard.press('Enter');
		await expectFocus(page, /^div: Showing the run of .+: trained on Demo portfolio/);
		expect(await page.getByTestId('learn-shown').textContent()).toContain(`Showing the run of ${names[2]}:`);
		const rows = page.getByTestId('runs-table').locator('tbody tr');
		expect(await rows.nth(2).getByTestId('run-shown-mark').count()).toBe(1);
		// The sticky header does not cover the line focused.
		const top = await page.getByTestId('learn-shown').evaluate((e) => e.getBoundingClientRect().top);
		const header = await page.locator('header').first().evaluate((e) => e.getBoundingClientRect().bottom);
		expect(top).toBeGreaterThanOrEqual(header);

		// Deleting the first run of 06:25:40 (the middle row, not shown): its row goes, and the row that took its
		// place, the run shown (Delete only), takes focus. The other run of that second keeps its "(2)".
		await tabTo(page, `Delete the run of ${names[1]}`, { limit: 300 });
		expect(await page.evaluate(() => document.activeElement?.closest('tr')?.rowIndex)).toBe(2);
		await page.keyboard.press('Enter');
		await expect.poll(() => rows.count()).toBe(2);
		await expectFocus(page, `button: Delete the run of ${names[2]}`);
		expect(await listed()).toEqual([names[0], names[2]]);
		// Deleting the run shown: its results go, and the row above, the newest, takes focus, its name unchanged.
		await page.keyboard.press('Enter');
		await expect.poll(() => rows.count()).toBe(1);
		await expectFocus(page, `button: Open the run of ${names[0]}`);
		expect(await listed()).toEqual([names[0]]);
		// Deleting the last run: focus goes to the line saying there is none.
		await tabTo(page, `Delete the run of ${names[0]}`);
		await page.keyboard.press('Enter');
		await expect.poll(() => page.getByTestId('runs-table').count()).toBe(0);
		await expectFocus(page, 'p: No run yet.');
		expect(await page.getByTestId('learn-shown').count()).toBe(0);
		expect(app.consoleErrors).toEqual([]);
	});
});
