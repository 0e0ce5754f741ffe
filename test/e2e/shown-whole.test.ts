/**
 * Text that must be read whole, on the demo in the production build: the Customers table's and the Worklist's band
 * labels (not cut to "Needs attentio", and in view unscrolled at 320 px), the Worklist's names on at most two lines,
 * snapshot dates and version stamps on one line (not broken at their hyphens) and a long scorecard name in its
 * field, at 1280 px and at 390 px; and the Customers box as tall as its rows.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoScorecard } from '../../src/lib/core/demo';
import { openApp, type AppSession } from './browser';

/** How many lines each element's text takes on screen (its text's boxes, by their top). */
function linesOf(cells: Locator): Promise<{ text: string; lines: number }[]> {
	return cells.evaluateAll((els) =>
		els.map((el) => {
			const range = document.createRange();
			range.selectNodeContents(el);
			const tops = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
			return { text: (el.textContent ?? '').trim(), lines: tops.size };
		})
	);
}

/** Each element's text, and whether it is cut (its content wider than its box). */
function cutOf(cells: Locator): Promise<{ text: string; cut: boolean }[]> {
	return cells.evaluateAll((els) => els.map((el) => ({ text: (el.textContent ?? '').trim(), cut: el.scrollWidth > el.clientWidth })));
}

/**
 * The elements under `selector` in `box` that are not wholly inside both the box and the window with the box
 * scrolled to its left edge, and those cut (content wider than the element).
 */
async function inView(box: Locator, selector: string) {
	return box.evaluate((el, selector) => {
		const scroller = el.closest('[data-testid=customer-table]') ?? el.parentElement!;
		scroller.scrollLeft = 0;
		const edge = scroller.getBoundingClientRect();
		const [left, right] = [edge.left + scroller.clientLeft, Math.min(edge.left + scroller.clientLeft + scroller.clientWidth, window.innerWidth)];
		const all = [...el.querySelectorAll(selector)];
		const out = all.flatMap((e) => {
			const r = e.getBoundingClientRect();
			return r.left < left - 0.5 || r.right > right + 0.5 ? [`${e.textContent} ${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(left)}–${Math.round(right)}`] : [];
		});
		return { count: all.length, out, cut: all.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent) };
	}, selector);
}

/** The Worklist's names: how many lines each shows (its height over its line height) and whether it is cut short. */
function namesOf(page: Page) {
	return page.getByTestId('worklist').locator('tbody th a').evaluateAll((links) =>
		links.map((a) => {
			// The box's height: what shows, not the lines an ellipsis hides (an inline link's box is a little shorter).
			const lines = Math.round(a.getBoundingClientRect().height / parseFloat(getComputedStyle(a).lineHeight));
			return { text: a.textContent ?? '', lines, clamped: a.scrollHeight > a.clientHeight + 1 };
		})
	);
}

async function open(page: Page, link: string) {
	await page.getByRole('link', { name: link, exact: true }).click();
}

describe('text shown whole', () => {
	let app: AppSession;
	const bands = demoScorecard().bands.map((b) => b.label);

	beforeAll(async () => {
		app = await openApp({ path: '#/overview' });
		await app.page.getByTestId('kpi-customers').waitFor({ timeout: 30_000 });
	});
	afterAll(async () => {
		await app?.close();
	});

	test('the Customers table shows every band’s whole label, at 1280, 390 and 320 px, in view without scrolling sideways', async () => {
		const { page } = app;
		expect(bands).toContain('Needs attention');
		for (const width of [1280, 390, 320]) {
			await page.setViewportSize({ width, height: 800 });
			await open(page, 'Customers');
			for (const band of bands) {
				await page.getByRole('combobox', { name: 'Band', exact: true }).selectOption({ label: band });
				// Band is the third column, after Customer and Score.
				const cells = page.getByTestId('customer-table').locator('.body [role=row] > :nth-child(3)');
				await expect.poll(() => cells.first().textContent()).toBe(band);
				const shown = await cutOf(cells);
				expect(shown.length).toBeGreaterThan(5);
				expect(shown.filter((c) => c.text !== band || c.cut), `${band} at ${width} px`).toEqual([]);
				const chips = await inView(page.getByTestId('customer-table'), '.body .band-chip');
				expect(chips.count).toBe(shown.length);
				expect(chips.out, `${band} at ${width} px`).toEqual([]);
			}
			await page.getByRole('combobox', { name: 'Band', exact: true }).selectOption({ label: 'Any band' });
		}
		await page.setViewportSize({ width: 1280, height: 800 });
	});

	test('the Worklist shows every band’s whole label and action in view at 390 and 320 px, and names on at most two lines', async () => {
		const { page } = app;
		for (const width of [1280, 390, 320]) {
			await page.setViewportSize({ width, height: 800 });
			await open(page, 'Worklist');
			for (const band of bands) {
				await page.getByRole('combobox', { name: 'Band', exact: true }).selectOption({ label: band });
				const chips = await inView(page.getByTestId('worklist'), 'tbody .band-chip, tbody .action');
				expect(chips.count).toBeGreaterThan(10);
				expect(chips.out, `${band} at ${width} px`).toEqual([]);
				expect(chips.cut, `${band} at ${width} px`).toEqual([]);
			}
			// The At risk view, which opens first: every name whole, on one or two lines ("Harbor Medical Partners" took three at 390 px).
			await page.getByRole('combobox', { name: 'Band', exact: true }).selectOption({ label: bands[0] });
			const names = await namesOf(page);
			expect(names.length).toBe(50);
			expect(names.filter((n) => n.lines > 2 || n.clamped), `${width} px`).toEqual([]);
		}
		await page.setViewportSize({ width: 1280, height: 800 });
	});

	test('a Worklist name too long for two lines ends in an ellipsis, whole in its link’s name and on hover', async () => {
		const { page } = app;
		await page.setViewportSize({ width: 390, height: 800 });
		await open(page, 'Worklist');
		const long = 'Northwind Consolidated International Holdings and Distribution Services Limited';
		const link = page.getByTestId('worklist-row').first().getByRole('link');
		await link.evaluate((a, text) => (a.textContent = text), long);
		expect(await namesOf(page).then((n) => n[0])).toEqual({ text: long, lines: 2, clamped: true });
		await link.hover();
		expect(await link.getAttribute('title')).toBe(long);
		await expect.poll(() => page.getByRole('link', { name: long }).count()).toBe(1);
		// Rendered again from the data, for the next test.
		await open(page, 'Overview');
		await page.setViewportSize({ width: 1280, height: 800 });
	});

	test('the Customers box is as tall as its rows when a filter leaves few, up to the room the screen leaves', async () => {
		const { page } = app;
		await open(page, 'Customers');
		const box = page.getByTestId('customer-table');
		const fit = () =>
			box.evaluate((el) => {
				const rows = [...el.querySelectorAll('[role=row]')].map((r) => r.getBoundingClientRect().height);
				const content = rows[0] + (rows.length - 1) * rows[1] + el.getBoundingClientRect().height - el.clientHeight;
				return { rows: rows.length - 1, height: el.getBoundingClientRect().height, content, scrolls: el.scrollHeight > el.clientHeight };
			});
		for (const width of [1280, 320]) {
			await page.setViewportSize({ width, height: 800 });
			await page.getByLabel('Search').fill('ACC-000');
			await expect.poll(() => page.getByTestId('customer-count').textContent()).toMatch(/^\d of /);
			const few = await fit();
			expect(few.rows).toBeGreaterThan(1);
			expect(few.rows).toBeLessThan(10);
			expect(few.height, `${width} px`).toBeCloseTo(few.content, 0);
			expect(few.scrolls).toBe(false);
			// Every customer: the box stops where the screen's room does (800 px less 15rem), and scrolls.
			await page.getByLabel('Search').fill('');
			await expect.poll(() => fit().then((f) => f.scrolls)).toBe(true);
			expect((await fit()).height, `${width} px`).toBeCloseTo(800 - 15 * 15, 0);
		}
		await page.setViewportSize({ width: 1280, height: 800 });
	});

	test('snapshot dates in the trend table and the versions table keep to one line', async () => {
		const { page } = app;
		await open(page, 'Overview');
		await page.getByText('Trend as a table').click();
		const dates = await linesOf(page.getByTestId('trend-table').locator('tbody th'));
		expect(dates).toHaveLength(12);
		expect(dates.filter((d) => !/^\d{4}-\d\d-\d\d$/.test(d.text) || d.lines !== 1)).toEqual([]);

		await page.setViewportSize({ width: 390, height: 800 });
		await open(page, 'Scorecard');
		// What follows the metric editors is drawn a frame later.
		await page.getByTestId('version-list').locator('tbody td').first().waitFor();
		const stamps = await linesOf(page.getByTestId('version-list').locator('tbody td:nth-child(2), tbody td:nth-child(3)'));
		expect(stamps.map((s) => s.text)).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/), 'all history']);
		expect(stamps.filter((s) => s.lines !== 1)).toEqual([]);
		await page.setViewportSize({ width: 1280, height: 800 });
	});

	test('a long scorecard name shows whole in its field, and at 390 px nothing scrolls sideways for it', async () => {
		const { page } = app;
		await open(page, 'Scorecard');
		const name = page.getByLabel('Scorecard name');
		const before = await name.inputValue();
		// What an import names its scorecard: "Scorecard for <file name>".
		await name.fill('Scorecard for telecom_churn_bigml.csv');
		expect(await cutOf(name)).toEqual([{ text: '', cut: false }]);
		await page.setViewportSize({ width: 390, height: 800 });
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		await name.fill('Scorecard for a very long export file name from the CRM, with its date and time and the team’s name.csv');
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		const [field, panel] = await Promise.all([name.boundingBox(), page.getByRole('region', { name: 'Scorecard summary' }).boundingBox()]);
		expect(field!.x + field!.width).toBeLessThanOrEqual(panel!.x + panel!.width);
		await page.setViewportSize({ width: 1280, height: 800 });
		await name.fill(before);
		expect(app.consoleErrors).toEqual([]);
	});
});
