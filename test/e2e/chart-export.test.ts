/**
 * Chart exports beyond the Overview's histogram (which test/e2e/privacy.test.ts covers): the portfolio trend and
 * a customer's score history download as SVG files that stand alone (namespace, no CSS variables left) and hold
 * the chart's marks, and as PNG files of the chart's size.
 */
import { readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openApp, type AppSession } from './browser';

async function downloadOf(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string; bytes: Buffer }> {
	const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), click()]);
	const bytes = await readFile((await (download as Download).path())!);
	return { name: (download as Download).suggestedFilename(), text: bytes.toString('utf8'), bytes };
}

function expectStandaloneSvg(text: string): void {
	expect(text).toMatch(/^<\?xml[^>]*>\n<svg[^>]* xmlns="http:\/\/www.w3.org\/2000\/svg"/);
	expect(text).not.toContain('var(');
}

describe('chart exports', () => {
	let app: AppSession;

	beforeAll(async () => {
		app = await openApp({ path: '#/overview' });
	});
	afterAll(async () => {
		await app?.close();
	});

	test('the portfolio trend: 12 snapshots in the SVG, and a PNG', async () => {
		const { page } = app;
		await page.getByRole('heading', { name: 'Trend over 12 snapshots' }).waitFor({ timeout: 30_000 });
		const svg = await downloadOf(page, () => page.getByRole('button', { name: 'Download Portfolio trend as SVG' }).click());
		expect(svg.name).toBe('portfolio-trend.svg');
		expectStandaloneSvg(svg.text);
		expect(svg.text.match(/data-snapshot="/g)?.length).toBe(12);
		const png = await downloadOf(page, () => page.getByRole('button', { name: 'Download Portfolio trend as PNG' }).click());
		expect(png.name).toBe('portfolio-trend.png');
		expect(png.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
		expect(app.consoleErrors).toEqual([]);
	});

	test("a customer's score history as SVG", async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Customers', exact: true }).click();
		await page.locator('a[href^="#/customers/"]').first().click();
		await page.getByTestId('score-history-chart').waitFor({ timeout: 30_000 });
		const svg = await downloadOf(page, () => page.getByRole('button', { name: 'Download Score history as SVG' }).click());
		expect(svg.name).toBe('score-history.svg');
		expectStandaloneSvg(svg.text);
		expect(svg.text).toContain('<path');
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
