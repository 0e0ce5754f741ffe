/**
 * The Data page's column profiles on the demo, in the production build: the last column is a "Summary" whose
 * numbers say what they are ("min … · median … · max …"; under a "Min / median / max" heading a category's
 * "3 values: …" read as nonsense), checked against the demo's values summed up here with d3; on a phone each
 * column is a card with its missing count and summary in view, nothing scrolling sideways.
 */
import { max, median, min } from 'd3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateDemo } from '../../src/lib/core/demo';
import { formatValue } from '../../src/lib/core/format';
import { openApp, reflowProblems, type AppSession } from './browser';

describe('the Data page’s column profiles', () => {
	let app: AppSession;
	const arr = generateDemo().table.columns.arr;
	const values = arr.kind === 'number' ? Array.from(arr.values).filter((v) => !Number.isNaN(v)) : [];

	beforeAll(async () => {
		app = await openApp({ path: '#/data' });
		await app.page.getByTestId('dataset-rows').waitFor({ timeout: 60_000 });
		await app.page.locator('summary', { hasText: 'Columns' }).click();
		await app.page.getByTestId('detail-arr').waitFor({ timeout: 30_000 });
	}, 120_000);
	afterAll(async () => {
		await app?.close();
	});

	test('a number’s summary names its min, median and max, under the heading Summary', async () => {
		const { page } = app;
		expect(values.length).toBeGreaterThan(1000);
		const headings = await page.locator('table.profile thead th').allTextContents();
		expect(headings).toEqual(['Column', 'Role', 'Type', 'Missing', 'Distribution', 'Summary']);
		expect(await page.getByTestId('detail-arr').textContent()).toBe(`min ${formatValue(min(values)!)} · median ${formatValue(median(values)!)} · max ${formatValue(max(values)!)}`);
		expect(await page.getByTestId('detail-segment').textContent()).toMatch(/^3 values: /);
	});

	test('says the profiles count every snapshot’s rows, as the figures above were summed', async () => {
		const demo = generateDemo();
		expect(demo.meta.snapshots.length).toBeGreaterThan(1);
		// The ARR summed up above is every row's, not the latest snapshot's.
		expect(values.length).toBe(demo.table.rowCount - (await missingOf(app, 'arr')));
		expect(await app.page.getByTestId('profiles-over').textContent()).toBe(`Each column over all ${demo.table.rowCount.toLocaleString('en-US')} rows: every snapshot’s, so a customer counts once per snapshot it is in.`);
	});

	test('on a phone every column is a card: its missing count and summary in view, nothing scrolling sideways', async () => {
		const { page } = app;
		const before = page.viewportSize();
		await page.setViewportSize({ width: 390, height: 800 });
		try {
			const row = page.locator('table.profile tbody tr').filter({ has: page.getByTestId('detail-arr') });
			await row.scrollIntoViewIfNeeded();
			for (const id of ['role-arr', 'type-arr', 'missing-arr', 'detail-arr']) {
				const box = (await page.getByTestId(id).boundingBox())!;
				expect(box.x, id).toBeGreaterThanOrEqual(0);
				expect(box.x + box.width, id).toBeLessThanOrEqual(390);
			}
			// Each value with its heading's word before it, as the heading row is hidden.
			expect(await page.getByTestId('missing-arr').evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"Missing: "');
			const reflow = await reflowProblems(page);
			expect(reflow.wide).toBe(0);
			expect(reflow.scrollers).toBe(0);
		} finally {
			if (before) await page.setViewportSize(before);
		}
	});

	test('logs no errors', () => {
		expect(app.consoleErrors).toEqual([]);
	});
});

/** The count before " (" in a column's Missing cell. */
async function missingOf(app: AppSession, column: string): Promise<number> {
	return Number((await app.page.getByTestId(`missing-${column}`).textContent())!.split(' (')[0].replace(/,/g, ''));
}
