/**
 * Typing on the Scorecard page in real Chromium on the demo: the first edit makes a draft, and the form that
 * saves it as a version must not push the field being typed in down the page; the words say where the draft
 * is kept and that it is not a version yet; each metric's Label shows the whole label.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openApp, recordAnnounced, type AppSession } from './browser';
import { expectedDemo } from './expected';

const { scorecard, average } = expectedDemo();

/** Where the field is in the window (not the page): what the user sees move. */
const box = (field: Locator) => field.evaluate((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; });

/** Each test starts from no draft: one an earlier (failed) test left is discarded. */
async function noDraft(page: Page) {
	const discard = page.getByRole('button', { name: 'Discard changes' });
	if ((await discard.count()) && (await discard.isEnabled())) await discard.click();
}

/** Types one character at the end of the field, without scrolling (the window is tall enough to show it). */
async function firstKeystroke(page: Page, field: Locator, key: string) {
	await noDraft(page);
	expect(await page.evaluate(() => window.scrollY)).toBe(0);
	await page.getByTestId('version-in-use').filter({ visible: true }).waitFor();
	const before = await box(field);
	await field.focus();
	await field.press('End');
	await page.keyboard.type(key);
	// The draft is made: its Discard changes is offered.
	await expect.poll(() => page.getByRole('button', { name: 'Discard changes' }).isEnabled()).toBe(true);
	const after = await box(field);
	expect(await page.evaluate(() => window.scrollY)).toBe(0);
	return { before, after };
}

describe('typing on the Scorecard page', () => {
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

	for (const { width, height } of [{ width: 1280, height: 900 }, { width: 390, height: 1800 }])
		test(`at ${width} px the first keystroke in a Label does not move the field`, async () => {
			const { page } = app;
			await page.setViewportSize({ width, height });
			const label = page.getByLabel(`Label of metric 1, on column ${scorecard.metrics[0].column}`);
			const { before, after } = await firstKeystroke(page, label, 'x');
			expect(after.y).toBe(before.y);
			expect(after.x).toBe(before.x);
			expect(await label.inputValue()).toBe(`${scorecard.metrics[0].label}x`);
			await page.getByRole('button', { name: 'Discard changes' }).click();
			await expect.poll(() => label.inputValue()).toBe(scorecard.metrics[0].label);
		});

	test('the first keystroke in a Weight does not move the field either', async () => {
		const { page } = app;
		await page.setViewportSize({ width: 1280, height: 900 });
		const weight = page.getByLabel(`Weight of ${scorecard.metrics[1].label}`);
		const { before, after } = await firstKeystroke(page, weight, '5');
		expect(after).toEqual(before);
		expect(await weight.inputValue()).toBe(`${scorecard.metrics[1].weight}5`);
		await page.getByRole('button', { name: 'Discard changes' }).click();
	});

	for (const { width, height } of [{ width: 1280, height: 900 }, { width: 390, height: 1800 }])
		test(`at ${width} px an invalid weight typed says why without moving the field`, async () => {
			const { page } = app;
			await page.setViewportSize({ width, height });
			await noDraft(page);
			const weight = page.getByLabel(`Weight of ${scorecard.metrics[0].label}`);
			const before = await box(weight);
			await weight.focus();
			await weight.press('Control+A');
			await page.keyboard.type('-5');
			await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Scores shown are from the last valid scorecard.' }).isVisible()).toBe(true);
			// Where it is, not its size: the field marked invalid draws a thicker border.
			const after = await box(weight);
			expect([after.x, after.y]).toEqual([before.x, before.y]);
			expect(await page.evaluate(() => window.scrollY)).toBe(0);
			expect(await page.getByTestId('draft-errors').isVisible()).toBe(true);
			await page.getByRole('button', { name: 'Discard changes' }).click();
			await expect.poll(() => weight.inputValue()).toBe(String(scorecard.metrics[0].weight));
		});

	test('says the draft is saved in this browser and is not a version yet, without "All changes saved"', async () => {
		const { page } = app;
		await noDraft(page);
		const label = page.getByLabel(`Label of metric 1, on column ${scorecard.metrics[0].column}`);
		const announced = await recordAnnounced(page, 'header .save');
		await label.fill('Usage');
		const draft = page.getByTestId('draft-state');
		await expect.poll(() => draft.isVisible()).toBe(true);
		expect(await draft.textContent()).toMatch(/^\s*Draft: saved in this browser, not a version yet\./);
		await expect.poll(() => page.getByTestId('save-status').textContent()).toBe('Saved in this browser');
		// Shown, not announced: a screen reader heard "Saving…" then "Saved in this browser" after every edit.
		expect(await page.getByTestId('save-status').getAttribute('data-state')).toBe('saved');
		expect(await announced()).toEqual([]);
		expect(await page.getByText('All changes saved').count()).toBe(0);
		expect(await page.getByTestId('version-in-use').isVisible()).toBe(false);
		await page.getByRole('button', { name: 'Discard changes' }).click();
		await expect.poll(() => page.getByTestId('version-in-use').isVisible()).toBe(true);
		expect(await draft.isVisible()).toBe(false);
	});

	for (const width of [1280, 390, 320])
		test(`at ${width} px every Label shows its whole label`, async () => {
			const { page } = app;
			await page.setViewportSize({ width, height: 900 });
			await noDraft(page);
			const fields = await page.getByRole('textbox', { name: /^Label of metric / }).evaluateAll((inputs) =>
				inputs.map((e) => { const i = e as HTMLInputElement; return { value: i.value, cut: i.scrollWidth > i.clientWidth }; })
			);
			expect(fields.map((f) => f.value)).toEqual(scorecard.metrics.map((m) => m.label));
			expect(fields.filter((f) => f.cut)).toEqual([]);
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
		});

	test('logs no errors and requests nothing from another origin', () => {
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
