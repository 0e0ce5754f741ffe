/**
 * Learn's decision within reach, on Telco trained (imported as a first file), at 1280 × 720 (a laptop) and 390 × 664
 * (a phone's window with its browser's bars): the blend slider and Apply fit in one window under the sticky header
 * at once, so moving the slider and pressing Apply needs no scroll (Apply was ~2,000 px below the slider, after the
 * Validation section); and what the validation says of the weights at the slider's blend (AUC against the manual
 * weights', with intervals and DeLong's test) is shown between them, before Apply in document and Tab order, with
 * the very figures of the Validation section's tables.
 */
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importCsvFile, openApp, type AppSession } from './browser';

const TELCO = fileURLToPath(new URL('../../../shared/data/telco_customer_churn.csv', import.meta.url));
const WINDOWS = [{ width: 1280, height: 720 }, { width: 390, height: 664 }];

/** Whether a comes before b in the page (document order, which is also the reading and Tab order). */
async function before(a: Locator, b: Locator): Promise<boolean> {
	const other = await b.elementHandle();
	return a.evaluate((x, y) => Boolean(x.compareDocumentPosition(y!) & Node.DOCUMENT_POSITION_FOLLOWING), other);
}

/** Where an element's top and bottom are in the page (not the window). */
const place = (e: Locator) => e.evaluate((x) => { const r = x.getBoundingClientRect(); return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY }; });

/** The room the window leaves under the sticky header: what can be seen at once without scrolling. */
const room = (page: Page) => page.evaluate(() => window.innerHeight - document.querySelector('header')!.getBoundingClientRect().height);

describe('Learn on Telco: the blend slider, the validation in words and Apply together', () => {
	let app: AppSession;

	beforeAll(async () => {
		app = await openApp({ path: '#/data', viewport: WINDOWS[0] });
		await importCsvFile(app.page, TELCO, { asOf: '2026-11-01', consoleErrors: app.consoleErrors, timeout: 60_000 });
		const { page } = app;
		await page.getByRole('link', { name: 'Learn', exact: true }).click();
		await page.getByRole('button', { name: 'Train', exact: true }).click();
		await page.getByTestId('apply-weights').filter({ hasText: /^Apply these weights$/ }).waitFor({ timeout: 150_000 });
		// Every panel drawn (they unfold one a frame): what follows Apply is in its final place.
		await page.getByTestId('drivers-table').waitFor({ timeout: 30_000 });
	}, 240_000);
	afterAll(async () => {
		await app?.close();
	});

	for (const size of WINDOWS)
		test(`at ${size.width} × ${size.height} the slider and Apply are seen at once, with no scroll between them`, async () => {
			const { page } = app;
			await page.setViewportSize(size);
			const slider = page.getByLabel(/^Blend:/);
			const apply = page.getByTestId('apply-weights');
			const [s, a] = [await place(slider), await place(apply)];
			const span = a.bottom - s.top;
			console.log(`learn-layout ${size.width}: slider top to Apply bottom ${Math.round(span)} px, room under the header ${Math.round(await room(page))} px`);
			expect(span).toBeGreaterThan(0);
			expect(span).toBeLessThanOrEqual(await room(page));
			// Scrolled so the slider is just under the header, Apply is in the window whole.
			await slider.evaluate((e) => e.scrollIntoView({ block: 'start' }));
			const [headerBottom, sliderTop, applyBottom] = await page.evaluate(() => [
				document.querySelector('header')!.getBoundingClientRect().bottom,
				document.getElementById('blend')!.getBoundingClientRect().top,
				document.querySelector('[data-testid=apply-weights]')!.getBoundingClientRect().bottom
			]);
			expect(sliderTop).toBeGreaterThanOrEqual(headerBottom - 0.5);
			expect(applyBottom).toBeLessThanOrEqual(size.height);
		});

	test('what the validation says of the blend is shown before Apply, with the Validation section’s figures', async () => {
		const { page } = app;
		await page.setViewportSize(WINDOWS[1]);
		const said = page.getByTestId('apply-validation');
		const apply = page.getByTestId('apply-weights');
		expect(await said.isVisible()).toBe(true);
		expect(await before(page.getByLabel(/^Blend:/), said)).toBe(true);
		expect(await before(said, apply)).toBe(true);
		// At 100 % the weights are the learned ones: the AUCs are the table's, each interval the "At blend" line's.
		const learned = await page.getByTestId('auc-learned').textContent();
		const manual = await page.getByTestId('auc-manual').textContent();
		const interval = async () => (await page.getByTestId('blend-auc').textContent())!.match(/^AUC (\d\.\d{3}) \(95\u00a0% DeLong interval (\d\.\d{3}) – (\d\.\d{3})\)/)!.slice(1);
		const atLearned = await interval();
		expect(atLearned[0]).toBe(learned);
		const p = (await page.getByTestId('blend-auc').textContent())!.match(/against manual (p\u00a0[<=]\u00a0\d+\.\d+)/)![1];
		const text = (await said.textContent())!;
		// The manual weights' interval is the "At blend" line's at 0 %.
		const slider = page.getByLabel(/^Blend:/);
		await slider.fill('0');
		await expect.poll(() => page.getByTestId('apply-validation').textContent()).toMatch(/^At blend 0\u00a0%/);
		const atManual = await interval();
		expect(atManual[0]).toBe(manual);
		expect(text).toContain(`The learned weights tell churners apart with AUC ${learned} (95\u00a0% interval ${atLearned[1]} – ${atLearned[2]}), against ${manual} (95\u00a0% interval ${atManual[1]} – ${atManual[2]}) with the manual weights. The difference is`);
		expect(text).toContain(`(${p})`);
		// The verdict follows the slider: at 50 % it is the blend's, as the "At blend" line gives it.
		await slider.fill('50');
		await expect.poll(() => said.textContent()).toMatch(/^The weights at blend 50\u00a0%/);
		const atHalf = await interval();
		expect(await said.textContent()).toContain(`The weights at blend 50\u00a0% tell churners apart with AUC ${atHalf[0]} (95\u00a0% interval ${atHalf[1]} – ${atHalf[2]}), against ${manual}`);
		await slider.fill('100');
		await expect.poll(() => said.textContent()).toBe(text);
	});

	test('Tab goes from the slider to Apply past the verdict only, and logs no errors', async () => {
		const { page } = app;
		await page.getByLabel(/^Blend:/).focus();
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('apply-weights');
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
