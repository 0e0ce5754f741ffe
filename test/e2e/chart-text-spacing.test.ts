/**
 * Chart text under WCAG 1.4.12 text spacing: with a user's letter, word and line spacing (as a bookmarklet injects
 * them), every label of every chart on Overview, a customer's page and Scorecard stays inside its chart, at a
 * desktop width, 200 % zoom of it and a phone's. The labels were laid out by per-character estimates, which the
 * extra letter spacing outgrew: waterfall names were cut at the left edge, the trend's last date ran past the right.
 */
import { describe, expect, test } from 'vitest';
import { appForTests } from './browser';

/** The text-spacing override WCAG 1.4.12 names, as accessibility checkers inject it. */
const TEXT_SPACING = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';
const WIDTHS = [1280, 640, 390];
/** Each page, and a chart it draws, whose text is checked once it is there. */
const PAGES = [
	{ path: 'overview', chart: '[data-testid="trend-chart"] text' },
	{ path: 'customers/ACC-0001', chart: '[data-testid="waterfall"] text' },
	{ path: 'scorecard', chart: 'main figure svg text.tick' }
];

describe('chart text with WCAG text spacing', () => {
	const app = appForTests({ path: '#/overview' }, (page) => page.getByTestId('kpi-customers'));

	/** Every shown chart text on the page whose box reaches past its chart's by more than half a pixel. */
	const outside = () =>
		app.page.evaluate(() => {
			const out: string[] = [];
			for (const svg of document.querySelectorAll('main svg')) {
				if (svg.parentElement?.closest('svg')) continue;
				const box = svg.getBoundingClientRect();
				for (const text of svg.querySelectorAll('text')) {
					const r = text.getBoundingClientRect();
					if (r.width === 0) continue;
					const by = Math.max(box.left - r.left, r.right - box.right, box.top - r.top, r.bottom - box.bottom);
					if (by > 0.5) out.push(`${svg.getAttribute('data-testid') ?? svg.closest('figure')?.querySelector('figcaption')?.textContent?.slice(0, 20) ?? 'chart'}: “${text.firstChild?.textContent}” ${by.toFixed(1)} px out`);
				}
			}
			return out;
		});

	test.each([
		['without', false],
		['with', true]
	])('%s the text-spacing override, no chart label leaves its chart at 1280, 640 and 390 px', async (_, spaced) => {
		const { page } = app;
		// A constructed style sheet: the app's content security policy blocks a <style> element, as it would a bookmarklet's.
		await page.evaluate(([css, on]) => {
			const sheet = new CSSStyleSheet();
			sheet.replaceSync(css);
			document.adoptedStyleSheets = on ? [sheet] : [];
		}, [TEXT_SPACING, spaced] as const);
		const found: string[] = [];
		try {
			for (const width of WIDTHS) {
				await page.setViewportSize({ width, height: 800 });
				for (const { path, chart } of PAGES) {
					// Another page each time, so the charts are drawn anew under the spacing and width.
					await page.goto(`${app.url.split('#')[0]}#/${path}`);
					await page.locator(chart).first().waitFor({ timeout: 30_000 });
					// The charts lay out at the width shown, measured a frame after they appear.
					await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
					found.push(...(await outside()).map((o) => `${width} px, ${path}, ${o}`));
				}
			}
		} finally {
			await page.setViewportSize({ width: 1280, height: 800 });
			await page.evaluate(() => (document.adoptedStyleSheets = []));
		}
		expect(found).toEqual([]);
	});

	test('logs no errors and requests nothing from another origin', () => {
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
