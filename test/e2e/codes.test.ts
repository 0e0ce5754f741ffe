/**
 * BigML's "area code" (408, 415, 510) imported through the page: the mapping step proposes it as a category set to
 * Ignore and says why on its row (gone once the user overrides it), the count "customer service calls" stays a
 * number metric, and the first scorecard has no area code metric.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { defaultMapping, parseCsvBytes } from '../../src/lib/core/csv/index';
import { appForTests, chooseCsvFile } from './browser';

const BIGML = fileURLToPath(new URL('../../../shared/data/telecom_churn_bigml.csv', import.meta.url));
const REASON = 'Looks like a code, not an amount: its name says “code”, 3 distinct whole numbers.';

/** What the role select of a column is described by (its aria-describedby), as text; '' when nothing. */
const description = (page: Page, column: string) =>
	page.getByLabel(`Role of ${column}`, { exact: true }).evaluate((el) =>
		(el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean).map((id) => document.getElementById(id)?.textContent?.trim() ?? '').join(' ')
	);

describe('a code written as numbers (BigML "area code")', () => {
	const app = appForTests({ path: '#/overview' }, (page) => page.getByTestId('kpi-customers'), 20_000);

	test('the mapping step proposes it as a category set to Ignore and says why; overriding it hides the reason', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await chooseCsvFile(page, BIGML, app.consoleErrors);
		await page.getByRole('button', { name: 'Read the whole file' }).waitFor();
		const type = page.getByLabel('Type of area code', { exact: true });
		const role = page.getByLabel('Role of area code', { exact: true });
		expect([await type.inputValue(), await role.inputValue()]).toEqual(['category', 'ignore']);
		const row = page.locator('tr[data-column="2"]');
		expect((await row.getByTestId('mapping-reason').textContent())?.trim()).toBe(REASON);
		expect(await description(page, 'area code')).toBe(REASON);
		// Only that row has a reason; the count of calls stays a number metric.
		expect(await page.getByTestId('mapping-reason').count()).toBe(1);
		expect(await page.getByLabel('Type of customer service calls', { exact: true }).inputValue()).toBe('number');
		expect(await page.getByLabel('Role of customer service calls', { exact: true }).inputValue()).toBe('metric');
		expect(await description(page, 'customer service calls')).toBe('');

		await role.selectOption('metric');
		expect(await row.getByTestId('mapping-reason').count()).toBe(0);
		expect(await description(page, 'area code')).toBe('');
		await role.selectOption('ignore');
		expect((await row.getByTestId('mapping-reason').textContent())?.trim()).toBe(REASON);
	});

	test('the first scorecard has no area code metric', async () => {
		const { page } = app;
		// The metrics the proposal makes scorable: numbers and yes/no columns set to Metric (17, worked out from the file).
		const { preview } = parseCsvBytes(new Uint8Array(readFileSync(BIGML)), 'bigml.csv');
		const scored = defaultMapping(preview).filter((m) => m.role === 'metric' && (m.type === 'number' || m.type === 'boolean')).map((m) => m.name);
		expect(scored).toHaveLength(17);
		expect(scored).not.toContain('area code');

		await page.getByRole('button', { name: 'Read the whole file' }).click();
		await page.getByRole('button', { name: 'Import', exact: true }).click();
		await page.getByTestId('import-done').waitFor({ timeout: 30_000 });
		await page.getByRole('link', { name: 'Scorecard', exact: true }).click();
		const metrics = page.locator('fieldset.metric');
		// The editors are drawn a couple per frame (unfold.svelte.ts).
		await expect.poll(() => metrics.count()).toBe(17);
		const on = (column: string) => page.getByLabel(new RegExp(`^Label of metric \\d+, on column ${column}\\s*$`));
		expect(await on('customer service calls').count()).toBe(1);
		expect(await on('area code').count()).toBe(0);
		expect(app.consoleErrors).toEqual([]);
	});
});
