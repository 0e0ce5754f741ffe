/** Every page of the production build: each control has a name, the keyboard reaches the navigation, bands read as text. */
import { describe, expect, test } from 'vitest';
import { accessibleName, appForTests, gotoPage, reflowProblems } from './browser';

/** Each page's path, and the title it has (what tells that the app shows it). */
const TITLES: Record<string, string> = {
	overview: 'Overview',
	customers: 'Customers',
	'customers/ACC-0001': 'Customer ACC-0001',
	worklist: 'Worklist',
	alerts: 'Alerts',
	scorecard: 'Scorecard',
	data: 'Data',
	learn: 'Learn',
	share: 'Share'
};
const PAGES = Object.keys(TITLES);

describe('accessibility basics', () => {
	const app = appForTests({ path: '#/overview' }, (page) => page.getByTestId('kpi-customers'), 20_000);

	for (const path of PAGES) {
		test(`every control on #/${path} has an accessible name`, async () => {
			const { page } = app;
			await gotoPage(app, `#/${path}`, TITLES[path]);
			const unnamed = await page.evaluate(() => {
				const controls = Array.from(document.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [role=button]'));
				const nameOf = (el: HTMLElement) => {
					const labelled = el.getAttribute('aria-labelledby');
					if (labelled) return labelled.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
					if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
					const labels = (el as HTMLInputElement).labels;
					if (labels && labels.length) return Array.from(labels).map((l) => l.textContent).join(' ');
					if (el.title) return el.title;
					if (el instanceof HTMLInputElement && ['button', 'submit'].includes(el.type)) return el.value;
					return el.textContent;
				};
				return controls.filter((el) => !(nameOf(el) ?? '').trim()).map((el) => el.outerHTML.slice(0, 120));
			});
			expect(unnamed).toEqual([]);
		});

		test(`on #/${path} a control's visible words are in its name, and headings skip no level`, async () => {
			const { page } = app;
			await gotoPage(app, `#/${path}`, TITLES[path]);
			const problems = await page.evaluate(() => {
				// WCAG 2.5.3: a voice user says what they see ("Reverse points"), so an aria-label holds those words.
				const words = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').trim().replace(/\s+/g, ' ');
				const mismatched = Array.from(document.querySelectorAll<HTMLElement>('button[aria-label], a[aria-label]'))
					.filter((el) => words(el.textContent ?? '') && !words(el.getAttribute('aria-label')!).includes(words(el.textContent ?? '')))
					.map((el) => el.outerHTML.slice(0, 160));
				const levels = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')).map((h) => Number(h.tagName[1]));
				const skipped = levels.flatMap((level, i) => (i > 0 && level > levels[i - 1] + 1 ? [`h${levels[i - 1]} then h${level}`] : []));
				return { mismatched, skipped };
			});
			expect(problems).toEqual({ mismatched: [], skipped: [] });
		});
	}

	test('the keyboard reaches the skip link and every page link', async () => {
		const { page } = app;
		await gotoPage(app, '#/overview', 'Overview');
		const reached: string[] = [];
		for (let i = 0; i < 11; i++) {
			await page.keyboard.press('Tab');
			// Its name as read aloud: the Alerts link is named by its aria-label.
			reached.push(await accessibleName(page.locator(':focus')));
		}
		expect(reached[0]).toBe('Skip to content');
		for (const name of ['Overview', 'Customers', 'Worklist', 'Scorecard', 'Data', 'Learn', 'Share']) expect(reached).toContain(name);
		// The Alerts link carries its open count: "Alerts (368 open)".
		expect(reached.some((text) => /^Alerts( \(\d{1,3}(,\d{3})* open\))?$/.test(text))).toBe(true);
	});

	test('the skip link moves focus to the content and stays on the page', async () => {
		const { page } = app;
		await page.goto(`${app.url.split('#')[0]}#/customers`);
		// Loaded afresh, so the first Tab starts from the top of the document.
		await app.reload();
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
		await page.keyboard.press('Enter');
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
		expect(await page.evaluate(() => location.hash)).toBe('#/customers');
		expect(await page.locator('main h1').first().textContent()).toBe('Customers');
	});

	test('a page opened from a link starts at its top with focus on its content', async () => {
		const { page } = app;
		await gotoPage(app, '#/scorecard', 'Scorecard');
		// Scrolled again at each poll: the page may still grow below once shown.
		await expect.poll(() => page.evaluate(() => (window.scrollTo(0, document.documentElement.scrollHeight), window.scrollY))).toBeGreaterThan(500);
		// The header stays on top, so its links can be followed from anywhere on the page.
		await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Data' }).click();
		await expect.poll(() => page.locator('main h1').first().textContent()).toBe('Data');
		await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
		// Polled: the address changes at the click, the page a moment later.
		const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.outerHTML.slice(0, 80));
		await expect.poll(focused).toBe('main');
		// A link inside a page too: a customer far down the open alerts.
		await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: /^Alerts/ }).click();
		const customer = page.locator('main a[href^="#/customers/"]').nth(30);
		await customer.scrollIntoViewIfNeeded();
		await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
		const target = await customer.getAttribute('href');
		await customer.click();
		await expect.poll(() => page.getByTestId('contributions').count()).toBe(1);
		expect(await page.evaluate(() => location.hash)).toBe(target);
		await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
		await expect.poll(focused).toBe('main');
	});

	test('each page has a title of its own', async () => {
		const { page } = app;
		const titles = new Set<string>();
		for (const path of PAGES) {
			await page.goto(`${app.url.split('#')[0]}#/${path}`);
			// Polled: the title changes once the page is built, a moment after the address.
			await expect.poll(() => page.title()).toBe(`${TITLES[path]} · Checkup`);
			titles.add(await page.title());
		}
		expect(titles.size).toBe(PAGES.length);
	});

	test('what the keyboard focuses is not hidden under the sticky header, and shows its focus ring', async () => {
		const { page } = app;
		await page.goto(`${app.url.split('#')[0]}#/scorecard`);
		const label = page.getByRole('textbox', { name: 'Label' }).first();
		await label.waitFor();
		await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
		await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
		// Focus scrolls a control above the view to the top edge (as Tab does to the second column's metrics, which
		// come after the first column's in the tab order); the page's scroll padding keeps it below the header.
		await label.evaluate((e) => e.scrollIntoView({ block: 'start' }));
		const headerBottom = await page.locator('header').first().evaluate((e) => e.getBoundingClientRect().bottom);
		expect(headerBottom).toBeGreaterThan(30);
		await expect.poll(() => label.evaluate((e) => e.getBoundingClientRect().top)).toBeGreaterThanOrEqual(headerBottom);
		// The pressed scorecard button draws its state without an outline, so the focus ring is the app's own.
		const pressed = page.locator('button[aria-pressed="true"]').first();
		await pressed.focus();
		await page.keyboard.press('Shift+Tab');
		await page.keyboard.press('Tab');
		await expect.poll(() => pressed.evaluate((e) => e === document.activeElement)).toBe(true);
		const ring = await pressed.evaluate((e) => getComputedStyle(e).outlineColor);
		const focusColour = await page.evaluate(() => {
			const probe = document.createElement('span');
			probe.style.color = 'var(--focus)';
			document.body.append(probe);
			const colour = getComputedStyle(probe).color;
			probe.remove();
			return colour;
		});
		expect(ring).toBe(focusColour);
	});

	test('bands are written out, not only coloured', async () => {
		const { page } = app;
		await page.goto(`${app.url.split('#')[0]}#/customers`);
		const firstBand = page.getByRole('table', { name: 'Customers' }).getByRole('row').nth(1).getByRole('cell').nth(2);
		await expect.poll(() => firstBand.textContent()).toMatch(/At risk|Needs attention|Healthy|No score/);
	});

	test('at 320 px wide (WCAG reflow) no page scrolls sideways, chart text keeps its size, and tables that scroll show it and take the keyboard', async () => {
		const { page } = app;
		const before = page.viewportSize();
		await page.setViewportSize({ width: 320, height: 800 });
		const scrolling: string[] = [];
		try {
			const pages = [...PAGES, 'data?columns'];
			for (const path of pages) {
				const shown = path.replace('?columns', '');
				await gotoPage(app, `#/${shown}`, TITLES[shown]);
				if (path === 'data?columns') {
					await page.locator('summary', { hasText: 'Columns' }).click();
					await page.locator('table.profile tbody tr').first().waitFor();
				}
				if (path === 'overview') {
					await page.getByTestId('trend-chart').waitFor();
					// The trend's table, which scrolls at 320 px, is checked open.
					await page.locator('summary', { hasText: 'Trend as a table' }).click();
					await page.getByTestId('trend-table').waitFor();
				}
				if (path.startsWith('customers/')) await page.getByTestId('score-history-chart').waitFor();
				// Polled: charts measure their box, then lay themselves out again.
				await expect.poll(async () => { const { wide, small, unhinted, unreachable } = await reflowProblems(page); return { path, wide, small, unhinted, unreachable }; }).toEqual({ path, wide: 0, small: [], unhinted: [], unreachable: [] });
				const { charts, scrollers } = await reflowProblems(page);
				if (['overview', 'customers/ACC-0001'].includes(path)) expect(charts, path).toBeGreaterThanOrEqual(2);
				if (scrollers > 0) scrolling.push(path);
			}
			// Wide tables in a panel (Overview) and the customer list. The Scorecard page's tables (bands, versions) lay
			// each row out on lines of its own there instead (scorecard-layout.test.ts), and the Worklist each customer
			// as a card (worklist.test.ts).
			expect(scrolling).toEqual(expect.arrayContaining(['overview', 'customers']));
			expect(scrolling).not.toContain('scorecard');
			expect(scrolling).not.toContain('worklist');
		} finally {
			if (before) await page.setViewportSize(before);
		}
	});

	test('logs no errors and requests nothing from another origin', () => {
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
