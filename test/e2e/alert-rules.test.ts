/**
 * The Alerts page's rules on a phone, on the demo in the production build: reached from the top of the page (they
 * come after 100 alerts there), added with the band or metric their select shows, a twin refused, and removed only
 * once confirmed, focus following each step.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { openApp, type AppSession } from './browser';
import { focused } from './keyboard';

describe('alert rules', () => {
	let app: AppSession;
	const scorecard = demoScorecard();
	const { table } = generateDemo();
	// The Metric select offers the scorecard's number columns, in the scorecard's order.
	const firstMetric = scorecard.metrics.find((m) => table.columns[m.column]?.kind === 'number')!;
	const rules = () => app.page.getByTestId('rules').locator('label').allTextContents().then((all) => all.map((t) => t.trim()));
	const kind = () => app.page.getByRole('combobox', { name: /^Alert when/ });
	const second = () => app.page.locator('form[aria-label="Add a rule"] select').nth(1);

	beforeAll(async () => {
		app = await openApp({ path: '#/alerts' });
		await app.page.setViewportSize({ width: 390, height: 844 });
		await app.page.getByTestId('rules').locator('li input').first().waitFor({ timeout: 60_000 });
		await app.page.getByTestId('alert').first().waitFor({ timeout: 60_000 });
	});
	afterAll(async () => {
		await app?.close();
	});

	test('Go to the rules brings them into view with focus on their heading, past the 100 alerts listed', async () => {
		const { page } = app;
		const heading = page.getByRole('heading', { name: 'Rules', exact: true });
		// In one column the rules come after the list, thousands of pixels down.
		expect(await heading.evaluate((h) => h.getBoundingClientRect().top)).toBeGreaterThan(5 * 844);
		await page.getByRole('button', { name: 'Go to the rules (2)' }).click();
		await expect.poll(() => focused(page)).toBe('h2: Rules');
		const top = await heading.evaluate((h) => h.getBoundingClientRect().top);
		expect(top).toBeGreaterThanOrEqual(0);
		expect(top).toBeLessThan(844);
	});

	test('the Band and Metric selects show the first band and metric, which is what Add rule adds; a twin is refused', async () => {
		const { page } = app;
		await kind().selectOption('band');
		expect(await second().evaluate((s: HTMLSelectElement) => [s.selectedIndex, s.value])).toEqual([0, scorecard.bands[0].label]);
		await page.getByRole('button', { name: 'Add rule' }).click();
		await expect.poll(() => page.locator('form[aria-label="Add a rule"] ~ [role=alert]').textContent()).toBe(`There is already a rule “Entered ${scorecard.bands[0].label}”.`);
		expect(await rules()).toEqual([`Entered ${scorecard.bands[0].label}`, 'Score dropped by at least 10 points']);

		await kind().selectOption('crossed');
		expect(await second().evaluate((s: HTMLSelectElement) => [s.selectedIndex, s.value, s.selectedOptions[0]?.textContent])).toEqual([0, firstMetric.column, firstMetric.label]);
		await page.getByRole('spinbutton', { name: 'Value' }).fill('5');
		await page.getByRole('button', { name: 'Add rule' }).click();
		await expect.poll(rules).toEqual([`Entered ${scorecard.bands[0].label}`, 'Score dropped by at least 10 points', `${firstMetric.label} crossed below 5`]);
		await expect.poll(() => page.getByTestId('rule-added').textContent()).toBe(`Added the rule “${firstMetric.label} crossed below 5”: it watches from the latest snapshot on.`);
	});

	test('Remove asks first: Keep leaves the rule with focus on its Remove; Yes removes it, its alerts stay, focus on the next rule', async () => {
		const { page } = app;
		const name = `${firstMetric.label} crossed below 5`;
		const total = () => page.getByTestId('alerts-shown').textContent().then((t) => t!.split(' of ')[1]);
		const before = await total();
		await page.getByRole('button', { name: `Remove rule: ${name}` }).click();
		await expect.poll(() => focused(page)).toBe(`group: Remove rule: ${name}?`);
		await page.getByRole('button', { name: 'Keep' }).click();
		await expect.poll(() => focused(page)).toBe(`button: Remove rule: ${name}`);
		expect(await rules()).toContain(name);

		await page.keyboard.press('Enter');
		await page.getByRole('button', { name: 'Yes, remove' }).click();
		await expect.poll(rules).toEqual([`Entered ${scorecard.bands[0].label}`, 'Score dropped by at least 10 points']);
		await expect.poll(() => focused(page)).toBe('input: Score dropped by at least 10 points');
		expect(await total()).toBe(before);
		expect(app.consoleErrors).toEqual([]);
	});
});
