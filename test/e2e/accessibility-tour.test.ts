/**
 * A keyboard and assistive-technology tour of the production build: Escape answers a confirmation as its Cancel
 * button does, Learn's Train hands focus on to what replaced it, and what colour tells survives Windows'
 * high-contrast (forced colours) mode.
 */
import { describe, expect, test } from 'vitest';
import { appForTests, gotoPage, recordSaid } from './browser';
import { expectFocus, tabTo } from './keyboard';

describe('accessibility tour', () => {
	const app = appForTests({ path: '#/overview' }, (page) => page.getByTestId('kpi-customers'));

	const open = (path: string) => gotoPage(app, `#/${path}`);

	test('Escape closes a confirmation, changes nothing and gives focus back to the button that asked', async () => {
		const { page } = app;
		await open('data');
		await page.getByRole('button', { name: 'Reset demo…' }).focus();
		await page.keyboard.press('Enter');
		await expectFocus(page, /^alertdialog: Delete everything in this workspace/);
		await page.keyboard.press('Tab');
		await expectFocus(page, 'button: Yes, reset the demo');
		await page.keyboard.press('Escape');
		await expectFocus(page, 'button: Reset demo…');
		expect(await page.getByRole('alertdialog').count()).toBe(0);

		await open('alerts');
		await tabTo(page, /^button: Acknowledge [\d,]+ shown$/, { limit: 200 });
		const asked = (await page.evaluate(() => document.activeElement?.textContent?.trim())) ?? '';
		await page.keyboard.press('Enter');
		await expectFocus(page, /^alertdialog: Acknowledge [\d,]+ alerts\?/);
		await page.keyboard.press('Escape');
		await expectFocus(page, `button: ${asked}`);
		expect(await page.getByRole('alertdialog').count()).toBe(0);
		expect(await page.getByTestId('bulk-done').count()).toBe(0);
	});

	test('in high-contrast mode (forced colours) the current page stays marked and the bands keep the colours that key the charts', async () => {
		const { page } = app;
		await page.emulateMedia({ forcedColors: 'active' });
		try {
			await open('overview');
			await page.getByTestId('trend-chart').waitFor();
			const seen = await page.evaluate(() => {
				const background = (e: Element, pseudo?: string) => getComputedStyle(e, pseudo).backgroundColor;
				const header = document.querySelector('header')!;
				return {
					forced: matchMedia('(forced-colors: active)').matches,
					header: background(header),
					current: background(document.querySelector('nav a[aria-current="page"]')!),
					chips: Array.from(document.querySelectorAll('main table .band-chip'), (chip) => background(chip, '::before')),
					keys: Array.from(document.querySelectorAll('[data-testid="trend-chart"] ~ figcaption .swatch'), (swatch) => background(swatch))
				};
			});
			expect(seen.forced).toBe(true);
			// The system paints the header and every link's background alike; the current page's is another colour.
			expect(seen.current).not.toBe(seen.header);
			// One colour per band (At risk, Needs attention, Healthy), as the chart's bars keep, not the system's one.
			expect(new Set(seen.chips).size).toBe(3);
			expect(new Set(seen.keys).size).toBe(3);
			expect(seen.keys).toEqual(seen.chips);
		} finally {
			await page.emulateMedia({ forcedColors: 'none' });
		}
	});

	test('in high-contrast mode a box that scrolls sideways marks the side with more, though the system drops its shadows', async () => {
		const { page } = app;
		const before = page.viewportSize();
		await page.setViewportSize({ width: 390, height: 800 });
		await page.emulateMedia({ forcedColors: 'active' });
		try {
			await open('overview');
			await page.locator('summary', { hasText: 'Trend as a table' }).click();
			const box = page.locator('.scroll-x').filter({ has: page.getByTestId('trend-table') });
			await box.scrollIntoViewIfNeeded();
			/** Each side's mark: a bar at least 2 px wide in a colour that is neither transparent nor the box's own. */
			const marks = () =>
				box.evaluate((e) => {
					const s = getComputedStyle(e);
					const shown = (width: string, colour: string) => parseFloat(width) >= 2 && !/^(transparent|rgba\(0, 0, 0, 0\))$/.test(colour) && colour !== s.backgroundColor;
					return { left: shown(s.borderLeftWidth, s.borderLeftColor), right: shown(s.borderRightWidth, s.borderRightColor), shadow: s.boxShadow, scrolls: e.scrollWidth > e.clientWidth };
				});
			// The system has dropped the shadows: the bars are the only mark.
			await expect.poll(marks).toEqual({ left: false, right: true, shadow: 'none', scrolls: true });
			await box.evaluate((e) => (e.scrollLeft = 100));
			await expect.poll(marks).toEqual({ left: true, right: true, shadow: 'none', scrolls: true });
			await box.evaluate((e) => (e.scrollLeft = e.scrollWidth));
			await expect.poll(marks).toEqual({ left: true, right: false, shadow: 'none', scrolls: true });
		} finally {
			await page.emulateMedia({ forcedColors: 'none' });
			if (before) await page.setViewportSize(before);
		}
	});

	test('Train with the keyboard: focus follows to the progress, then to the run shown; Cancel to the message saying nothing changed', async () => {
		const { page } = app;
		await open('learn');
		const train = page.getByRole('button', { name: /^Train( again)?$/ });
		await train.waitFor();
		await page.getByTestId('learn-advanced').locator('summary').click();
		await page.getByLabel('Folds').fill('3');
		await page.getByLabel('Bootstrap resamples').fill('200');
		await train.focus();
		await page.keyboard.press('Enter');
		await expectFocus(page, 'status: Preparing the data…');
		await page.keyboard.press('Tab');
		await expectFocus(page, 'button: Cancel');
		await page.keyboard.press('Enter');
		await expectFocus(page, 'status: Training was cancelled; nothing changed.');

		// What the progress's status (a live region) says during a run: each step once, not every count.
		const said = await recordSaid(page, 'learn-progress');
		await train.focus();
		await page.keyboard.press('Enter');
		await expectFocus(page, /^div: Showing the run of /, 120_000);
		expect(await said()).toEqual(
			['Preparing the data', 'Fitting weights on every customer', 'Cross-validation', 'Validating with bootstrap resamples', 'Finding drivers among every column'].map((s) => `${s}…`)
		);
		// Trained again: the new run's line takes focus too.
		await train.focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => page.getByTestId('runs-table').locator('tbody tr').count(), { timeout: 120_000 }).toBe(2);
		await expectFocus(page, /^div: Showing the run of .*\(the newest\)/);
	}, 300_000);

	// After Learn's test, so that its results' tables are on the page.
	test('every table has a name, so a screen reader lists the page’s tables apart', async () => {
		const { page } = app;
		const unnamed: string[] = [];
		for (const path of ['overview', 'customers', 'customers/ACC-0001', 'worklist', 'alerts', 'scorecard', 'data', 'learn', 'share']) {
			await open(path);
			if (path === 'learn') await page.getByTestId('drivers-table').waitFor();
			if (path === 'overview') await page.getByTestId('trend-table').waitFor({ state: 'attached' });
			const found = await page.evaluate(() =>
				Array.from(document.querySelectorAll<HTMLElement>('main table, main [role="table"]'))
					.filter((t) => !((t as HTMLTableElement).caption?.textContent?.trim() || t.getAttribute('aria-label')?.trim() || t.getAttribute('aria-labelledby')))
					.map((t) => t.dataset.testid ?? t.querySelector('th')?.textContent?.trim() ?? t.outerHTML.slice(0, 60))
			);
			unnamed.push(...found.map((t) => `${path}: ${t}`));
		}
		expect(unnamed).toEqual([]);
	});

	test('a long metric name is shortened with “…” in a customer’s waterfall, not cut at the chart’s left edge', async () => {
		const { page } = app;
		const long = 'Average number of days invoices were paid late';
		await open('scorecard');
		await page.getByRole('textbox', { name: 'Label' }).first().fill(long);
		await expect.poll(() => page.locator('header .save').textContent(), { timeout: 30_000 }).toBe('Saved in this browser');
		await open('customers/ACC-0001');
		const chart = page.getByTestId('waterfall');
		await expect.poll(() => chart.locator('text', { hasText: 'Average number of' }).count()).toBe(1);
		const cut = await chart.evaluate((svg) => {
			const left = svg.getBoundingClientRect().left;
			return Array.from(svg.querySelectorAll('text'), (t) => ({ text: t.textContent, left: t.getBoundingClientRect().left })).filter((t) => t.left < left - 0.5);
		});
		expect(cut).toEqual([]);
		// The whole name stays in the chart's description and in the label's tooltip.
		expect(await chart.getAttribute('aria-label')).toContain(long);
		expect(await chart.locator('text title', { hasText: long }).count()).toBe(1);
	});

	test('logs no errors and requests nothing from another origin', () => {
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
