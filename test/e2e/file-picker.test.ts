/**
 * The Data page's file picker, in the production build: a file dragged over it is told it will be taken in words
 * and a solid border, not by colour alone; dropped, it is read, and focus goes to the mapping step's heading.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openApp, type AppSession } from './browser';
import { expectFocus } from './keyboard';

const CSV = 'customer_id,logins\nC1,5\nC2,7\n';

describe('dropping a file on the Data page', () => {
	let app: AppSession;
	beforeAll(async () => {
		app = await openApp({ path: '#/data' });
		await app.page.getByLabel('Choose a CSV file').waitFor({ state: 'attached', timeout: 60_000 });
	}, 120_000);
	afterAll(async () => {
		await app?.close();
	});

	/** Sends a drag event of a file named dropped.csv to the drop zone, as a browser does when one is dragged over it. */
	const drag = (type: 'dragenter' | 'dragleave' | 'drop') =>
		app.page.evaluate(
			([type, csv]) => {
				const zone = document.querySelector('.zone')!;
				const data = new DataTransfer();
				data.items.add(new File([csv], 'dropped.csv', { type: 'text/csv' }));
				zone.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true, relatedTarget: null }));
			},
			[type, CSV] as const
		);

	test('a file over the zone is told in words and a solid border, not colour alone', async () => {
		const { page } = app;
		const hint = page.getByTestId('drop-hint');
		expect(await hint.textContent()).toMatch(/^or drop it here\./);
		await drag('dragenter');
		await expect.poll(() => hint.textContent()).toMatch(/^Drop the file to read it\./);
		expect(await page.locator('.zone').evaluate((zone) => getComputedStyle(zone).borderTopStyle)).toBe('solid');
		await drag('dragleave');
		await expect.poll(() => hint.textContent()).toMatch(/^or drop it here\./);
	});

	test('a dropped file is read, and focus goes to the mapping step', async () => {
		await drag('dragenter');
		await drag('drop');
		await expectFocus(app.page, 'h3: 1. Map the columns of dropped.csv');
	});

	test('logs no errors', () => {
		expect(app.consoleErrors).toEqual([]);
	});
});
