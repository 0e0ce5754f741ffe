/**
 * What Checkup proposes from Telco, imported through the page: each column's type and role on the mapping step,
 * and the first scorecard's directions, each with the line saying where it came from (the means are SciPy's, in
 * test/fixtures/directions/point_biserial.json), which the user can still turn.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { appForTests, chooseCsvFile } from './browser';

const TELCO = fileURLToPath(new URL('../../../shared/data/telco_customer_churn.csv', import.meta.url));
const REFERENCE = JSON.parse(readFileSync(new URL('../fixtures/directions/point_biserial.json', import.meta.url), 'utf8')).telco.columns as Record<
	string,
	{ churned_mean: number; retained_mean: number }
>;

/** Type and role proposed for each of Telco's 21 columns. */
const PROPOSED: Record<string, [string, string]> = {
	customerID: ['text', 'id'], gender: ['category', 'metric'], SeniorCitizen: ['boolean', 'metric'], Partner: ['boolean', 'metric'],
	Dependents: ['boolean', 'metric'], tenure: ['number', 'metric'], PhoneService: ['boolean', 'metric'], MultipleLines: ['category', 'metric'],
	InternetService: ['category', 'metric'], OnlineSecurity: ['category', 'metric'], OnlineBackup: ['category', 'metric'], DeviceProtection: ['category', 'metric'],
	TechSupport: ['category', 'metric'], StreamingTV: ['category', 'metric'], StreamingMovies: ['category', 'metric'], Contract: ['category', 'metric'],
	PaperlessBilling: ['boolean', 'metric'], PaymentMethod: ['category', 'metric'], MonthlyCharges: ['number', 'metric'], TotalCharges: ['number', 'metric'],
	Churn: ['boolean', 'outcome']
};

const metric = (page: Page, column: string): Locator => page.locator('fieldset.metric').filter({ has: page.getByLabel(new RegExp(`^Label of metric \\d+, on column ${column}\\s*$`)) });
const note = async (page: Page, column: string) => ((await metric(page, column).getByTestId('direction-note').textContent()) ?? '').trim();
const value = (page: Page, label: string) => page.getByLabel(label, { exact: true }).inputValue().then(Number);

describe('proposals from Telco', () => {
	const app = appForTests({ path: '#/overview' }, (page) => page.getByTestId('kpi-customers'), 20_000);

	test('the mapping step proposes the ID, the outcome and metrics, categories among them', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await chooseCsvFile(page, TELCO, app.consoleErrors);
		await page.getByRole('button', { name: 'Read the whole file' }).waitFor();
		for (const [column, [type, role]] of Object.entries(PROPOSED)) {
			expect(await page.getByLabel(`Type of ${column}`, { exact: true }).inputValue(), column).toBe(type);
			expect(await page.getByLabel(`Role of ${column}`, { exact: true }).inputValue(), column).toBe(role);
		}
		await page.getByRole('button', { name: 'Read the whole file' }).click();
		await page.getByRole('button', { name: 'Import', exact: true }).click();
		await page.getByTestId('import-done').waitFor({ timeout: 30_000 });
	});

	test('the first scorecard scores each metric the way churned customers differ, and says so', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Scorecard', exact: true }).click();
		await metric(page, 'tenure').waitFor();
		// SciPy's means, written as the page writes them (whole from 100, else three figures).
		const means = Object.fromEntries(Object.entries(REFERENCE).map(([k, r]) => [k, [r.churned_mean, r.retained_mean]]));
		expect(means.tenure.map((x) => Number(x.toPrecision(3)))).toEqual([18, 37.6]);
		expect(means.MonthlyCharges.map((x) => Number(x.toPrecision(3)))).toEqual([74.4, 61.3]);
		expect(means.TotalCharges.map(Math.round)).toEqual([1532, 2555]);
		const on = String.raw`\(7,043 customers with an outcome in the snapshot of \d{4}-\d\d-\d\d\)\.$`;
		expect(await note(page, 'tenure')).toMatch(new RegExp(`^Higher is better — churned customers had less: 18 on average against 37.6 for retained ones ${on}`));
		// The snapshot's date never breaks at a hyphen on a narrow screen.
		const date = metric(page, 'tenure').getByTestId('direction-note').locator('.date');
		expect(await date.textContent()).toMatch(/^\d{4}-\d\d-\d\d$/);
		expect(await date.evaluate((e) => getComputedStyle(e).whiteSpace)).toBe('nowrap');
		expect(await note(page, 'MonthlyCharges')).toMatch(new RegExp(`^Lower is better — churned customers had more: 74.4 on average against 61.3 for retained ones ${on}`));
		// 11 customers have no TotalCharges.
		expect(await note(page, 'TotalCharges')).toMatch(new RegExp(`^Higher is better — churned customers had less: 1,532 on average against 2,555 for retained ones ${on.replace('7,043', '7,032')}`));
		// SeniorCitizen Yes: 25.5 % of churned, 12.9 % of retained customers; PhoneService differs too little (p = 0.32).
		expect(await note(page, 'SeniorCitizen')).toMatch(new RegExp(`^No is better — churned customers were Yes more often: 25.5\u00a0% against 12.9\u00a0% of retained ones ${on}`));
		expect(await note(page, 'PhoneService')).toBe('Yes is better — the default: churned and retained customers differ too little to tell (90.9\u00a0% against 90.1\u00a0% Yes), and the name does not say.');
		expect(await value(page, 'Worst value of tenure')).toBeLessThan(await value(page, 'Best value of tenure'));
		expect(await value(page, 'Worst value of MonthlyCharges')).toBeGreaterThan(await value(page, 'Best value of MonthlyCharges'));
		expect(await value(page, 'Yes points of SeniorCitizen')).toBe(0);
		expect(await value(page, 'No points of SeniorCitizen')).toBe(100);
	});

	test('the user can still turn a metric, and the line then says the outcomes disagree', async () => {
		const { page } = app;
		await page.getByRole('button', { name: 'Flip worst and best of tenure' }).click();
		expect(await value(page, 'Worst value of tenure')).toBeGreaterThan(await value(page, 'Best value of tenure'));
		expect(await note(page, 'tenure')).toMatch(/^Lower is better, as set here, though churned customers had less: 18 on average against 37.6 for retained ones \(.*\): the outcomes say higher is better\.$/);
		expect(app.consoleErrors).toEqual([]);
	});
});
