/**
 * A file of 10,000 columns (test/fixtures/bad/ten-thousand-columns.csv: customer_id and m1…m9999, two rows)
 * imported through the Data page of the production build: the mapping step shows a page of columns with a notice
 * of how many metrics were left out, refuses more than LIMITS.metrics metrics, keeps a column whose role changes
 * under a role filter listed, and the portfolio it makes scores, shows its Overview and opens its Scorecard page.
 * "Show N more" there and on the Scorecard page, pressed with the keyboard, moves focus to the first column or
 * metric it adds (never <body>, also when the button goes away with the last page).
 * A scorecard with errors and no scores says so on the Overview.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chooseCsvFile, openApp, type AppSession } from './browser';
import { expectFocus, focused } from './keyboard';

const WIDE = fileURLToPath(new URL('../fixtures/bad/ten-thousand-columns.csv', import.meta.url));

describe('a 10,000-column file', () => {
	let app: AppSession;
	beforeAll(async () => {
		app = await openApp({ path: '#/data' });
	}, 60_000);
	afterAll(async () => {
		await app?.close();
	});

	test('maps 40 of its 9,999 number columns as metrics, a page at a time, and refuses more than 500', async () => {
		const { page } = app;
		await chooseCsvFile(page, WIDE, app.consoleErrors);
		const read = page.getByRole('button', { name: 'Read the whole file' });
		await read.waitFor({ timeout: 60_000 });
		// customer_id + 9,999 number columns: 40 proposed (m1…m40), the other 9,959 ignored.
		await page.getByText('9,999 columns could be metrics: Checkup proposes 40 of them and sets the other 9,959 to Ignore', { exact: false }).waitFor();
		expect(await page.getByTestId('mapping-count').textContent()).toBe('10,000 columns · 40 metrics');
		expect(await page.getByTestId('mapping-shown').textContent()).toMatch(/Showing 100 of 10,000 columns\.\s*Show 100 more/);
		expect(await page.getByRole('table', { name: 'Columns of the file' }).locator('tbody tr').count()).toBe(100);
		expect(await page.getByLabel('Role of customer_id', { exact: true }).inputValue()).toBe('id');
		expect(await page.getByLabel('Role of m40', { exact: true }).inputValue()).toBe('metric');
		expect(await page.getByLabel('Role of m41', { exact: true }).inputValue()).toBe('ignore');
		// Rows are customer_id, m1, m2, …: the 101st is m100.
		await page.getByRole('button', { name: 'Show 100 more' }).focus();
		await page.keyboard.press('Enter');
		await expectFocus(page, 'select: Type of m100');
		expect(await page.getByRole('table', { name: 'Columns of the file' }).locator('tbody tr').count()).toBe(200);

		// m5, m50…m59, m500…m599, m5000…m5999: 1,111 columns, of which m5 is a metric already → 40 + 1,110 = 1,150.
		await page.getByLabel('Find columns').fill('m5');
		expect(await page.getByTestId('mapping-shown').textContent()).toMatch(/Showing 100 of 1,111 columns found/);
		await page.getByRole('button', { name: 'Make them metrics' }).click();
		expect(await page.getByTestId('mapping-count').textContent()).toBe('10,000 columns · 1,150 metrics');
		expect(await page.getByTestId('mapping-problems').textContent()).toContain(
			'1,150 columns are set to Metric, but a scorecard holds at most 500 metrics: set 650 of them to Ignore.'
		);
		expect(await read.isDisabled()).toBe(true);
		await page.getByRole('button', { name: 'Ignore them' }).click();
		await page.getByLabel('Find columns').fill('');
		await page.getByLabel('Role of m5', { exact: true }).selectOption('metric');
		expect(await page.getByTestId('mapping-count').textContent()).toBe('10,000 columns · 40 metrics');
		expect(await page.getByTestId('mapping-problems').count()).toBe(0);
		// m99, m990…m999, m9900…m9999: 111 more, for a scorecard of 151 metrics (more than the Scorecard page lists at once).
		await page.getByLabel('Find columns').fill('m99');
		await page.getByRole('button', { name: 'Make them metrics' }).click();
		await page.getByLabel('Find columns').fill('');
		expect(await page.getByTestId('mapping-count').textContent()).toBe('10,000 columns · 151 metrics');

		// Under a role filter, a column whose role the keyboard changes stays listed, with its new role and the focus,
		// until the filter changes.
		const roleFilter = page.getByLabel(/^Role(?! of )/); // named "Role" and its choice
		await roleFilter.selectOption({ label: 'Metric' });
		expect(await page.getByTestId('mapping-shown').textContent()).toMatch(/Showing 100 of 151 columns found/);
		const m1 = page.getByLabel('Role of m1', { exact: true });
		await m1.focus();
		await page.keyboard.press('ArrowDown');
		await expect.poll(() => page.getByTestId('mapping-count').textContent()).toBe('10,000 columns · 150 metrics');
		expect(await m1.count(), 'm1 still listed').toBe(1);
		expect(await m1.inputValue()).toBe('ignore');
		expect(await m1.evaluate((select) => select === document.activeElement)).toBe(true);
		await page.keyboard.press('ArrowUp');
		await expect.poll(() => page.getByTestId('mapping-count').textContent()).toBe('10,000 columns · 151 metrics');
		await page.keyboard.press('ArrowDown');
		expect(await m1.inputValue()).toBe('ignore');
		expect(await m1.evaluate((select) => select === document.activeElement)).toBe(true);
		await roleFilter.selectOption({ label: 'Ignore' });
		await roleFilter.selectOption({ label: 'Metric' });
		expect(await page.getByTestId('mapping-shown').textContent()).toMatch(/Showing 100 of 150 columns found/);
		expect(await m1.count()).toBe(0);
		await roleFilter.selectOption({ label: 'Every role' });
		await m1.selectOption('metric');
		expect(await page.getByTestId('mapping-count').textContent()).toBe('10,000 columns · 151 metrics');
		// The metrics in file order: m1…m40 (0–39), m99 (40), m990…m999 (41–50), m9900…m9999 (51–150); the 101st is
		// m9949. The last page's press takes the button away; focus goes to that column, and Tab on through its row.
		await roleFilter.selectOption({ label: 'Metric' });
		expect(await page.getByTestId('mapping-shown').textContent()).toMatch(/Showing 100 of 151 columns found\.\s*Show 51 more/);
		await page.getByRole('button', { name: 'Show 51 more' }).focus();
		await page.keyboard.press('Enter');
		await expectFocus(page, 'select: Type of m9949');
		expect(await page.getByTestId('mapping-shown').count()).toBe(0);
		expect(await page.getByRole('table', { name: 'Columns of the file' }).locator('tbody tr').count()).toBe(151);
		await page.keyboard.press('Tab');
		expect(await focused(page)).toBe('select: Role of m9949');
		await roleFilter.selectOption({ label: 'Every role' });

		await read.click();
		const importButton = page.getByRole('button', { name: 'Import', exact: true });
		await importButton.waitFor({ timeout: 60_000 });
		await importButton.click();
		await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
	}, 180_000);

	test('the Overview shows its cards and the Scorecard page its 151 metrics, 50 at a time', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Overview', exact: true }).click();
		await page.getByTestId('kpi-customers').waitFor({ timeout: 60_000 });
		expect(await page.getByTestId('kpi-customers').textContent()).toBe('2');
		await page.getByRole('link', { name: 'Scorecard', exact: true }).click();
		await page.locator('fieldset.metric').first().waitFor({ timeout: 60_000 });
		await expect.poll(() => page.locator('fieldset.metric').count()).toBe(50);
		const more = page.getByTestId('more-metrics');
		expect(await more.textContent()).toMatch(/^\s*Show 50 more of 101 metrics not listed\s*$/);
		// Each press, with the keyboard, moves focus to the label of the first metric it adds (in file order, as
		// mapped above: the 51st is m999, the 101st m9949, the 151st m9999), also when the button goes with the last.
		await more.focus();
		await page.keyboard.press('Enter');
		await expectFocus(page, 'input: Label of metric 51, on column m999');
		await expect.poll(() => page.locator('fieldset.metric').count()).toBe(100);
		expect(await more.textContent()).toMatch(/^\s*Show 50 more of 51 metrics not listed\s*$/);
		await more.focus();
		await page.keyboard.press('Enter');
		await expectFocus(page, 'input: Label of metric 101, on column m9949');
		await expect.poll(() => page.locator('fieldset.metric').count()).toBe(150);
		await more.focus();
		await page.keyboard.press('Enter');
		await expectFocus(page, 'input: Label of metric 151, on column m9999');
		await expect.poll(() => page.locator('fieldset.metric').count()).toBe(151);
		expect(await more.count()).toBe(0);
		// The column select lists the table's 151 number columns once in use (customer_id is text, as_of the snapshot).
		// A label wrapping a select names it with the option shown too: "Column of m1 m1".
		const column = page.getByLabel(/^Column of m1\b/);
		expect(await column.locator('option').count()).toBe(1);
		await column.focus();
		await expect.poll(() => column.locator('option').count()).toBe(151);
		expect(app.consoleErrors).toEqual([]);
	}, 120_000);

	test('a scorecard with errors and no scores: the Overview says why and links to the Scorecard', async () => {
		const { page } = app;
		const weight = page.getByLabel('Weight of m1', { exact: true });
		await weight.fill('-3');
		await weight.press('Tab');
		await expect.poll(() => page.getByTestId('save-status').textContent()).toBe('Saved in this browser');
		// A reload scores nothing from the saved draft with an error: there were never valid scores to show.
		await app.reload();
		await page.goto(page.url().replace(/#.*$/, '#/overview'));
		const none = page.getByTestId('overview-no-scores');
		await none.waitFor({ timeout: 60_000 });
		expect(await none.textContent()).toMatch(/No scores yet.*The scorecard has an error/s);
		await none.getByRole('link', { name: 'Fix the scorecard' }).click();
		await page.getByRole('heading', { name: 'Scorecard', level: 1 }).waitFor();
	}, 120_000);
});
