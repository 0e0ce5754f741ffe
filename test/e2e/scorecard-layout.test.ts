/**
 * The Scorecard page's layout in real Chromium on the demo, measured: at 320, 390 and 1280 px no button breaks its
 * label onto a second line (Save version and Discard changes did at 320), the Versions panel leaves no blank
 * lines under what it says while there is no draft (two at 320), nothing of the page is cut or scrolls sideways
 * (the bands table did at 390 and 320), with the default scorecard and with a segment's; and setting every weight
 * to 0 says so without moving any field (the problem was listed above the metrics and pushed them all down), nor
 * does a metric's sub-score or a band's start typed wrong (their problems were listed above those fields). The page is
 * in the order of what it is for: the draft's Save version and Discard changes at the top, where no edit of a metric or
 * band moves them under the pointer (below the bands, a band re-sorted on blur moved them 43 px between mouse down and
 * up, and the click was lost); then the summary, metrics and bands; the saved versions and their comparison last. The
 * keyboard goes through the sections in the order they are seen.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openApp, type AppSession } from './browser';
import { expectedDemo } from './expected';

const { scorecard, average } = expectedDemo();
const WIDTHS = [1280, 390, 320];

/** Each test starts from no draft: one an earlier (failed) test left is discarded. */
async function noDraft(page: Page) {
	const discard = page.getByRole('button', { name: 'Discard changes' });
	if (await discard.isEnabled()) await discard.click();
	await page.getByTestId('version-in-use').filter({ visible: true }).waitFor();
}

/**
 * The buttons of the page's content shown, each with how many lines its label takes: its shown text's line boxes
 * (a screen reader's words, visually hidden, are left out), a new line where one starts below half the last's height.
 */
const buttonLines = (page: Page) =>
	page.locator('main button').filter({ visible: true }).evaluateAll((buttons) =>
		buttons.map((b) => {
			const boxes: DOMRect[] = [];
			const walker = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
			for (let node = walker.nextNode(); node; node = walker.nextNode()) {
				if (node.parentElement?.closest('.visually-hidden') || !node.textContent?.trim()) continue;
				const range = document.createRange();
				range.selectNodeContents(node);
				boxes.push(...range.getClientRects());
			}
			boxes.sort((p, q) => p.top - q.top);
			let lines = 0;
			let top = -Infinity;
			for (const box of boxes) if (box.top > top + box.height / 2) { lines++; top = box.top; }
			return { label: b.textContent?.trim() ?? '', lines };
		})
	);

/** Whatever of the page's content reaches past the window's sides, and the boxes whose content scrolls sideways. */
const cut = (page: Page) =>
	page.evaluate(() => {
		const found: string[] = [];
		for (const e of document.querySelectorAll('main *')) {
			if (e.closest('.visually-hidden')) continue;
			const r = e.getBoundingClientRect();
			if (r.width === 0) continue;
			const name = `${e.tagName.toLowerCase()} "${(e.textContent ?? '').trim().slice(0, 30)}"`;
			if (r.left < -0.5 || r.right > window.innerWidth + 0.5) found.push(`${name} at ${Math.round(r.left)}–${Math.round(r.right)}`);
			if (e.classList.contains('scroll-x') && e.scrollWidth > e.clientWidth + 1) found.push(`${name} scrolls ${e.scrollWidth} > ${e.clientWidth}`);
		}
		return found;
	});

/** Where each field is in the page (not the window): what moves when something above it grows. */
const placesOf = (fields: Locator) =>
	fields.evaluateAll((inputs) => inputs.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x + window.scrollX, y: r.y + window.scrollY }; }));

/** The sections of the Scorecard page (the page's own children), each by its heading or label, in document order. */
const SECTIONS = ['Scorecards', 'Save a version', 'Scorecard summary', 'Metrics', 'Add a metric', 'Bands', 'Versions'];

/** Where the centre of a control is in the window, and whether it is the topmost element there. */
const centreOf = (control: Locator) =>
	control.evaluate((e) => {
		const r = e.getBoundingClientRect();
		const x = r.x + r.width / 2, y = r.y + r.height / 2;
		return { x, y, page: { x: r.x + window.scrollX, y: r.y + window.scrollY } };
	});

/**
 * Presses Discard changes as a hand does, mouse down then up at the same point of the window, after an edit whose
 * field is still focused: the press takes focus from the field, whose blur may re-lay the page out. Returns whether
 * the button was still under the pointer when the mouse came up.
 */
async function pressDiscard(page: Page): Promise<boolean> {
	const discard = page.getByRole('button', { name: 'Discard changes' });
	await discard.scrollIntoViewIfNeeded();
	const { x, y } = await centreOf(discard);
	await page.mouse.move(x, y);
	await page.mouse.down();
	// The blur's re-sort and re-scoring drawn before the mouse comes up.
	await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
	const under = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('button')?.textContent?.trim() ?? null, { x, y });
	await page.mouse.up();
	return under === 'Discard changes';
}

describe('the Scorecard page on a phone and a desktop', () => {
	let app: AppSession;

	beforeAll(async () => {
		app = await openApp({ path: '#/scorecard', viewport: { width: 1280, height: 900 } });
		await app.page.getByTestId('scorecard-average').filter({ hasText: average }).waitFor({ timeout: 30_000 });
		// The open alerts' count joins the navigation once the rules have run: at 390 px it wraps the header taller.
		await app.page.getByTestId('alert-count').waitFor({ timeout: 30_000 });
	});
	afterAll(async () => {
		await app?.close();
	});

	for (const width of WIDTHS)
		test(`at ${width} px no button breaks its label, with a draft or without`, async () => {
			const { page } = app;
			await page.setViewportSize({ width, height: 900 });
			await noDraft(page);
			const lines = await buttonLines(page);
			expect(lines.map((b) => b.label)).toEqual(expect.arrayContaining(['Save version', 'Discard changes']));
			expect(lines.filter((b) => b.lines !== 1)).toEqual([]);
			// With a draft, the buttons are on and still one line each.
			await page.getByLabel(`Label of metric 1, on column ${scorecard.metrics[0].column}`).fill('Usage');
			await expect.poll(() => page.getByRole('button', { name: 'Discard changes' }).isEnabled()).toBe(true);
			expect((await buttonLines(page)).filter((b) => b.lines !== 1)).toEqual([]);
			await noDraft(page);
		});

	for (const width of WIDTHS)
		test(`at ${width} px the Versions panel has no blank lines under what it says while there is no draft`, async () => {
			const { page } = app;
			await page.setViewportSize({ width, height: 900 });
			await noDraft(page);
			// The place the draft's lines share is as tall as the line shown, not as the longest draft line.
			const gap = await page.getByTestId('version-in-use').evaluate((line) => {
				const shown = line.parentElement!;
				const range = document.createRange();
				range.selectNodeContents(shown);
				return shown.parentElement!.getBoundingClientRect().bottom - range.getBoundingClientRect().bottom;
			});
			expect(gap).toBeLessThan(1);
		});

	for (const width of WIDTHS)
		test(`at ${width} px nothing of the page is cut or scrolls sideways`, async () => {
			const { page } = app;
			await page.setViewportSize({ width, height: 900 });
			await noDraft(page);
			expect(await cut(page)).toEqual([]);
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
			// Each band's fields and its Remove button are in view, in the order of the table's headers.
			const band = page.getByRole('row').filter({ has: page.getByLabel('Label of band 2') });
			for (const control of [band.getByLabel('Colour of Needs attention'), band.getByLabel('Label of band 2'), band.getByLabel('Start of Needs attention'), band.getByLabel('Recommended action for Needs attention'), band.getByRole('button', { name: 'Remove Needs attention' })])
				expect(await control.isVisible()).toBe(true);
		});

	test('with a segment scorecard too, nothing is cut and no button breaks its label', async () => {
		const { page } = app;
		await page.setViewportSize({ width: 1280, height: 900 });
		await noDraft(page);
		await page.getByLabel('Segment', { exact: true }).selectOption('Enterprise');
		await page.getByRole('button', { name: 'Add segment scorecard' }).click();
		await expect.poll(() => page.getByRole('button', { name: 'Enterprise', pressed: true }).count()).toBe(1);
		for (const width of WIDTHS) {
			await page.setViewportSize({ width, height: 900 });
			expect(await cut(page)).toEqual([]);
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
			expect((await buttonLines(page)).filter((b) => b.lines !== 1)).toEqual([]);
		}
		await page.setViewportSize({ width: 1280, height: 900 });
		await page.getByRole('button', { name: 'Discard changes' }).click();
		await expect.poll(() => page.getByRole('button', { name: 'Enterprise' }).count()).toBe(0);
	});

	// 445 px too: there "(last valid)" beside the average score wrapped Customers onto a row of its own.
	for (const width of [...WIDTHS, 445])
		test(`at ${width} px setting every weight to 0 says so, beside every Weight field, without moving any field`, async () => {
			const { page } = app;
			await page.setViewportSize({ width, height: 900 });
			await noDraft(page);
			await page.evaluate(() => window.scrollTo(0, 0));
			const weights = page.getByRole('spinbutton', { name: /^Weight of / });
			await expect.poll(() => weights.count()).toBe(scorecard.metrics.length);
			const labels = page.getByRole('textbox', { name: /^Label of metric / });
			const before = { weights: await placesOf(weights), labels: await placesOf(labels) };
			const count = scorecard.metrics.length;
			for (let i = 0; i < count; i++) {
				const weight = weights.nth(i);
				await weight.focus();
				await weight.press('Control+A');
				if (i < count - 1) {
					await page.keyboard.type('0');
					await expect.poll(() => weight.inputValue()).toBe('0');
					continue;
				}
				// The last 0 makes the problem: the field typed in stays where it is in the window, the window where it is.
				const scrollY = await page.evaluate(() => window.scrollY);
				const [at] = await placesOf(weight);
				await page.keyboard.type('0');
				await page.getByText('All weights are 0: give at least one metric a positive weight.').waitFor();
				expect(await page.evaluate(() => window.scrollY)).toBe(scrollY);
				expect((await placesOf(weight))[0]).toEqual(at);
			}
			// No field of any metric moved from where it was before the first 0.
			expect({ weights: await placesOf(weights), labels: await placesOf(labels) }).toEqual(before);
			// Each Weight field is marked invalid and points at the message, which a screen reader hears as it appears.
			const described = await weights.evaluateAll((inputs) =>
				inputs.map((e) => ({
					invalid: e.getAttribute('aria-invalid'),
					says: (e.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent?.trim()),
					live: (e.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.closest('[role="alert"]') !== null)
				}))
			);
			expect(described).toEqual(scorecard.metrics.map(() => ({ invalid: 'true', says: ['All weights are 0: give at least one metric a positive weight.'], live: [true] })));
			// Shown: not a message kept in the page only for screen readers.
			expect(await page.getByText('All weights are 0: give at least one metric a positive weight.').isVisible()).toBe(true);
			await page.getByRole('button', { name: 'Discard changes' }).click();
			await expect.poll(() => weights.first().inputValue()).toBe(String(scorecard.metrics[0].weight));
			expect(await weights.first().getAttribute('aria-invalid')).toBe('false');
		});

	/** Types a value over the field's own and returns where every field of `within` was before and after. */
	async function typeOver(page: Page, field: Locator, value: string, within: Locator, problem: string) {
		await noDraft(page);
		const fields = within.locator('input, select');
		await field.focus();
		const scrollY = await page.evaluate(() => window.scrollY);
		const before = await placesOf(fields);
		await field.press('Control+A');
		await page.keyboard.type(value);
		await within.getByText(problem).waitFor();
		expect(await page.evaluate(() => window.scrollY)).toBe(scrollY);
		return { before, after: await placesOf(fields) };
	}

	for (const width of WIDTHS)
		test(`at ${width} px a metric's problem of its sub-score, typed, moves none of its fields`, async () => {
			const { page } = app;
			await page.setViewportSize({ width, height: 900 });
			const [usage] = scorecard.metrics;
			if (usage.normalization.kind !== 'linear') throw new Error(`the demo's first metric is linear, not ${usage.normalization.kind}`);
			const metric = page.getByRole('group', { name: usage.label });
			const best = page.getByLabel(`Best value of ${usage.label}`);
			// The worst value as the best: the problem says they must differ.
			const { before, after } = await typeOver(page, best, String(usage.normalization.worst), metric, 'they must differ');
			expect(after).toEqual(before);
			await noDraft(page);
		});

	for (const width of WIDTHS)
		test(`at ${width} px a band's start typed above the next band's moves none of the bands' fields`, async () => {
			const { page } = app;
			await page.setViewportSize({ width, height: 900 });
			const bands = page.getByRole('region', { name: 'Bands' });
			const start = page.getByLabel('Start of Needs attention');
			const { before, after } = await typeOver(page, start, '100', bands, 'must be above the previous band');
			expect(after).toEqual(before);
			await noDraft(page);
		});

	for (const width of WIDTHS)
		test(`at ${width} px the draft's Save and Discard come first, the metrics and bands next, the saved versions last`, async () => {
			const { page } = app;
			await page.setViewportSize({ width, height: 900 });
			await noDraft(page);
			await page.getByTestId('version-list').waitFor();
			const parts = await page.locator('main .page > *').evaluateAll((nodes) =>
				nodes.filter((n) => n.getBoundingClientRect().height > 0).map((n) => {
					const by = n.getAttribute('aria-labelledby');
					return { name: (by ? document.getElementById(by)?.textContent : n.getAttribute('aria-label'))?.trim() ?? null, top: n.getBoundingClientRect().top };
				})
			);
			expect(parts.map((p) => p.name)).toEqual(SECTIONS);
			// Seen in that order too: each below the one before it.
			for (let k = 1; k < parts.length; k++) expect(parts[k].top).toBeGreaterThan(parts[k - 1].top);
			// The draft's buttons are in the first panel after the scorecards; the list and its Revert in the last.
			const section = (locator: Locator) => locator.evaluate((e) => e.closest('section')?.getAttribute('aria-labelledby') && document.getElementById(e.closest('section')!.getAttribute('aria-labelledby')!)?.textContent);
			expect(await section(page.getByRole('button', { name: 'Save version' }))).toBe('Save a version');
			expect(await section(page.getByRole('button', { name: 'Discard changes' }))).toBe('Save a version');
			expect(await section(page.getByTestId('version-list'))).toBe('Versions');
		});

	for (const width of WIDTHS)
		test(`at ${width} px Discard changes stays under the pointer when a band's start re-sorts on blur, and after a metric's edit`, async () => {
			const { page } = app;
			await page.setViewportSize({ width, height: 900 });
			await noDraft(page);
			const discard = page.getByRole('button', { name: 'Discard changes' });
			const at = (await centreOf(discard)).page;
			// A band's start typed past the next band's: the problem shows beside the bands until the field's blur re-sorts them.
			const start = page.getByLabel('Start of Needs attention');
			await start.focus();
			await start.press('Control+A');
			await page.keyboard.type('100');
			await page.getByRole('region', { name: 'Bands' }).getByText('must be above the previous band').waitFor();
			expect((await centreOf(discard)).page).toEqual(at);
			expect(await pressDiscard(page)).toBe(true);
			// The press went through: the draft is discarded, the bands as they were.
			await page.getByTestId('version-in-use').filter({ visible: true }).waitFor();
			expect(await page.getByRole('region', { name: 'Bands' }).getByText('must be above the previous band').count()).toBe(0);
			expect((await centreOf(discard)).page).toEqual(at);
			// A metric's best value typed as its worst: the problem shows beside the metric, and Discard stays where it is.
			const [usage] = scorecard.metrics;
			if (usage.normalization.kind !== 'linear') throw new Error(`the demo's first metric is linear, not ${usage.normalization.kind}`);
			const best = page.getByLabel(`Best value of ${usage.label}`);
			await best.focus();
			await best.press('Control+A');
			await page.keyboard.type(String(usage.normalization.worst));
			await page.getByRole('group', { name: usage.label }).getByText('they must differ').waitFor();
			expect((await centreOf(discard)).page).toEqual(at);
			expect(await pressDiscard(page)).toBe(true);
			await page.getByTestId('version-in-use').filter({ visible: true }).waitFor();
			expect(await best.inputValue()).toBe(String(usage.normalization.best));
		});

	// Last: it saves a version, which the tests above do not expect.
	test('with two versions to compare, no button breaks its label either', async () => {
		const { page } = app;
		await page.setViewportSize({ width: 1280, height: 900 });
		await noDraft(page);
		await page.getByLabel(`Label of metric 1, on column ${scorecard.metrics[0].column}`).fill('Usage');
		await page.getByLabel('Note (what changed and why)').fill('A shorter label');
		await page.getByRole('button', { name: 'Save version' }).click();
		await page.getByTestId('version-compare').waitFor();
		for (const width of WIDTHS) {
			await page.setViewportSize({ width, height: 900 });
			const lines = await buttonLines(page);
			expect(lines.map((b) => b.label)).toEqual(expect.arrayContaining(['Show customers’ band changes', 'Revert']));
			expect(lines.filter((b) => b.lines !== 1)).toEqual([]);
			expect(await cut(page)).toEqual([]);
		}
	});

	test('Tab goes through the sections in the order they are seen: the draft, the summary, metrics, bands, then the versions', async () => {
		const { page } = app;
		await page.setViewportSize({ width: 1280, height: 900 });
		// A draft with a note (Save version and Discard changes on), and two versions (a Revert button) from the test above.
		await page.getByLabel(`Label of metric 1, on column ${scorecard.metrics[0].column}`).fill('Use');
		await page.getByLabel('Note (what changed and why)').fill('Shorter still');
		await page.getByRole('button', { name: 'Default (everyone else)' }).focus();
		const stops: { section: string | null; name: string }[] = [];
		for (let i = 0; i < 500; i++) {
			await page.keyboard.press('Tab');
			const stop = await page.evaluate(() => {
				const e = document.activeElement!;
				const part = e.closest('main .page > *');
				const by = part?.getAttribute('aria-labelledby');
				return { section: (part && (by ? document.getElementById(by)?.textContent : part.getAttribute('aria-label'))?.trim()) ?? null, name: e.getAttribute('aria-label') ?? e.textContent?.trim() ?? '' };
			});
			if (stop.section === null) break;
			stops.push(stop);
		}
		const order = stops.map((s) => s.section).filter((s, k, all) => k === 0 || s !== all[k - 1]);
		expect(order).toEqual(SECTIONS);
		const names = stops.map((s) => s.name);
		expect(names.indexOf('Save version')).toBeGreaterThan(-1);
		expect(names.indexOf('Discard changes')).toBe(names.indexOf('Save version') + 1);
		expect(names).toContain('Revert to version 1');
		await page.getByRole('button', { name: 'Discard changes' }).click();
		await page.getByTestId('version-in-use').filter({ visible: true }).waitFor();
	});

	test('logs no errors and requests nothing from another origin', () => {
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
