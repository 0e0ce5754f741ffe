/** Editing the scorecard in real Chromium: every edit re-scores at once, persists, and survives a reload and a restart. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openApp, type AppSession } from './browser';
import { expectedDemo } from './expected';

const before = expectedDemo();
const usage = before.scorecard.metrics[0];
const newWeight = usage.weight * 4;
const after = expectedDemo((s) => (s.metrics[0].weight = newWeight));

describe('editing a weight', () => {
	let app: AppSession;

	beforeAll(async () => {
		app = await openApp({ path: '#/scorecard' });
	});
	afterAll(async () => {
		await app?.close();
	});

	test('re-scores the portfolio at once, to the engine’s numbers', async () => {
		const { page } = app;
		expect(before.average).not.toBe(after.average);
		await expect.poll(() => page.getByTestId('scorecard-average').textContent(), { timeout: 20_000 }).toBe(before.average);
		const weight = page.getByLabel(`Weight of ${usage.label}`);
		await weight.fill(String(newWeight));
		await expect.poll(() => page.getByTestId('scorecard-average').textContent()).toBe(after.average);
		// Each weight's share of the total, by hand: the demo's weights add up to 100, so usage's 20 made 80 is 80 of 160.
		expect(before.scorecard.metrics.reduce((a, m) => a + m.weight, 0)).toBe(100);
		const total = 100 - usage.weight + newWeight;
		const shares = async () => (await page.locator('fieldset.metric .share').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
		await expect.poll(shares).toEqual(after.scorecard.metrics.map((m) => `${((100 * m.weight) / total).toFixed(1)} % of total`));
		await page.getByRole('link', { name: 'Overview' }).click();
		await expect.poll(() => page.getByTestId('kpi-average').textContent()).toBe(after.average);
		const counts = await page.getByTestId('band-table').locator('tbody tr td:first-of-type').allTextContents();
		expect(counts).toEqual(after.bandCounts);
	});

	test('keeps the edit across a reload', async () => {
		const { page } = app;
		await expect.poll(() => page.getByTestId('save-status').textContent()).toBe('Saved in this browser');
		await app.reload();
		await expect.poll(() => page.getByTestId('kpi-average').textContent(), { timeout: 20_000 }).toBe(after.average);
		await page.getByRole('link', { name: 'Scorecard' }).click();
		expect(await page.getByLabel(`Weight of ${usage.label}`).inputValue()).toBe(String(newWeight));
	});

	test('keeps the edit when the browser is closed and opened again', async () => {
		await app.close({ keepUserDataDir: true });
		app = await openApp({ userDataDir: app.userDataDir, path: '#/overview' });
		await expect.poll(() => app.page.getByTestId('kpi-average').textContent(), { timeout: 20_000 }).toBe(after.average);
	});

	test('an invalid weight keeps the last valid scores and says why', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Scorecard' }).click();
		await page.getByLabel(`Weight of ${usage.label}`).fill('-5');
		await expect.poll(() => page.getByText('Metric "' + usage.label + '": weight must be a non-negative number, got -5').count()).toBe(1);
		// The field itself is marked invalid and points at the message, for a screen reader.
		const weight = page.getByLabel(`Weight of ${usage.label}`);
		expect(await weight.getAttribute('aria-invalid')).toBe('true');
		await expect.poll(() => weight.evaluate((e) => (e as HTMLInputElement).ariaDescribedByElements?.map((d) => d.textContent).join(' '))).toContain('weight must be a non-negative number, got -5');
		await expect.poll(() => page.getByRole('alert').filter({ hasText: 'last valid' }).count()).toBe(1);
		expect(await page.getByTestId('scorecard-average').textContent()).toContain(after.average);
		expect(await page.getByTestId('scorecard-average').textContent()).toContain('last valid');
		// An export now would write the last valid scores beside this scorecard's metrics: it says why it won't.
		await page.getByRole('link', { name: 'Customers', exact: true }).click();
		let downloads = 0;
		page.on('download', () => downloads++);
		await page.getByRole('button', { name: /^Export .* as CSV$/ }).click();
		await expect.poll(() => page.getByRole('alert').filter({ hasText: 'fix it on the Scorecard page, then export' }).count()).toBe(1);
		expect(downloads).toBe(0);
		await page.getByRole('link', { name: 'Scorecard' }).click();
		await page.getByLabel(`Weight of ${usage.label}`).fill(String(newWeight));
		await expect.poll(() => page.getByTestId('scorecard-average').textContent()).toBe(after.average);
		expect(await page.getByLabel(`Weight of ${usage.label}`).getAttribute('aria-invalid')).toBe('false');
	});

	test('reset demo brings the default scorecard back', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Data' }).click();
		await page.getByRole('button', { name: 'Reset demo…' }).click();
		await page.getByRole('button', { name: 'Yes, reset the demo' }).click();
		await page.getByRole('link', { name: 'Overview' }).click();
		await expect.poll(() => page.getByTestId('kpi-average').textContent(), { timeout: 20_000 }).toBe(before.average);
	});

	test('logs no errors and requests nothing from another origin', () => {
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
