/**
 * The Scorecard page's segment scorecards and versions with the keyboard only, on the demo: deleting a segment
 * scorecard asks a question that takes focus (Keep it gives focus back to the button that asked, Delete to the
 * Default scorecard's button), and a revert, which disables the Revert buttons while it runs, leaves focus on the
 * line by the versions' list saying which version the scores use, never on the page itself (Tab would start again
 * from the top), nor on the draft's line at the top of the page, far from the list. A revert
 * with a draft asks first, since the draft's edits are in no version.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openApp, type AppSession } from './browser';
import { expectedDemo } from './expected';
import { expectFocus, tabTo } from './keyboard';

const { scorecard } = expectedDemo();
const usage = scorecard.metrics[0];

describe('the Scorecard page with the keyboard', () => {
	let app: AppSession;

	beforeAll(async () => {
		app = await openApp({ path: '#/scorecard' });
	});
	afterAll(async () => {
		await app?.close();
	});

	test('deleting a segment scorecard: the question takes focus, Keep it returns it, Delete moves it to Default', async () => {
		const { page } = app;
		await page.getByTestId('scorecard-average').waitFor({ timeout: 60_000 });
		await tabTo(page, /^select: Enterprise/);
		await page.getByLabel('Segment', { exact: true }).selectOption('Enterprise');
		await tabTo(page, 'Add segment scorecard');
		await page.keyboard.press('Enter');
		await expect.poll(() => page.getByRole('button', { name: 'Enterprise', pressed: true }).count()).toBe(1);
		await tabTo(page, 'Delete the Enterprise scorecard');
		await page.keyboard.press('Enter');
		await expectFocus(page, 'alertdialog: Delete the Enterprise scorecard?');
		await page.keyboard.press('Tab');
		await expectFocus(page, 'button: Delete');
		await page.keyboard.press('Tab');
		await expectFocus(page, 'button: Keep it');
		await page.keyboard.press('Enter');
		await expectFocus(page, 'button: Delete the Enterprise scorecard');
		expect(await page.getByRole('alertdialog').count()).toBe(0);
		await page.keyboard.press('Enter');
		await expectFocus(page, 'alertdialog: Delete the Enterprise scorecard?');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Enter');
		await expectFocus(page, 'button: Default (everyone else)');
		expect(await page.getByRole('button', { name: 'Enterprise' }).count()).toBe(0);
		expect(app.consoleErrors).toEqual([]);
	});

	test('adding the last segment without a scorecard (the form goes away) leaves focus on its scorecard’s button', async () => {
		const { page } = app;
		await page.getByTestId('scorecard-average').waitFor({ timeout: 60_000 });
		const segments = await page.getByLabel('Segment', { exact: true }).locator('option').allTextContents();
		expect(segments).toEqual(['Enterprise', 'Mid-market', 'SMB']);
		for (const segment of segments) {
			await page.getByLabel('Segment', { exact: true }).selectOption(segment);
			await page.getByLabel('Segment', { exact: true }).focus();
			await tabTo(page, 'Add segment scorecard');
			await page.keyboard.press('Enter');
			await expect.poll(() => page.getByRole('button', { name: segment, pressed: true }).count()).toBe(1);
		}
		expect(await page.getByRole('button', { name: 'Add segment scorecard' }).count()).toBe(0);
		await expectFocus(page, 'button: SMB');
		// The question is about the scorecard it was asked on: choosing another closes it.
		await page.getByRole('button', { name: 'Delete the SMB scorecard' }).click();
		await expectFocus(page, 'alertdialog: Delete the SMB scorecard?');
		await page.getByRole('button', { name: 'Enterprise', exact: true }).click();
		expect(await page.getByRole('alertdialog').count()).toBe(0);
		expect(await page.getByRole('button', { name: 'Delete the Enterprise scorecard' }).count()).toBe(1);
		// Back to the default alone, for the tests after this one.
		for (const segment of segments) {
			await page.getByRole('button', { name: segment, exact: true }).click();
			await page.getByRole('button', { name: `Delete the ${segment} scorecard` }).click();
			await page.getByRole('button', { name: 'Delete', exact: true }).click();
		}
		expect(await page.getByRole('group', { name: 'Scorecard to edit' }).getByRole('button').count()).toBe(1);
		expect(app.consoleErrors).toEqual([]);
	});

	test('a revert leaves focus on the line saying which version the scores use', async () => {
		const { page } = app;
		await tabTo(page, `Weight of ${usage.label}`, { limit: 120 });
		await page.keyboard.press('ControlOrMeta+a');
		await page.keyboard.type(String(usage.weight * 2));
		// focused() names a textarea by its text: the note's is the only one on the page.
		await tabTo(page, /^textarea/, { back: true, limit: 120 });
		await page.keyboard.type('Usage weighs twice as much');
		await tabTo(page, 'Save version');
		await page.keyboard.press('Enter');
		await expectFocus(page, 'p: No changes since the last version: the scores use version 2.');
		// The saved versions are after the metrics and bands: forward from the draft's line, past every field.
		await tabTo(page, 'Revert to version 1', { limit: 400 });
		await page.keyboard.press('Enter');
		// The Versions section's line, by the list: not the draft's at the top of the page, which would scroll away from it.
		await expectFocus(page, 'p: The scores use version 3, the newest.');
		expect(await page.getByTestId('version-in-use').textContent()).toBe('No changes since the last version: the scores use version 3.');
		expect(await page.getByLabel(`Weight of ${usage.label}`).inputValue()).toBe(String(usage.weight));
		expect(app.consoleErrors).toEqual([]);
	});

	test('a revert with a draft asks first: Keep the draft keeps it, the question answered loses it', async () => {
		const { page } = app;
		const weight = page.getByLabel(`Weight of ${usage.label}`);
		await weight.fill(String(usage.weight * 3));
		await expect.poll(() => page.getByTestId('draft-state').isVisible()).toBe(true);
		await tabTo(page, 'Revert to version 2', { limit: 400 });
		await page.keyboard.press('Enter');
		await expectFocus(page, 'alertdialog: Revert to version 2?');
		expect(await page.getByTestId('version-list').locator('tbody tr').count()).toBe(3);
		await page.keyboard.press('Tab');
		await expectFocus(page, 'button: Revert and lose the draft');
		await page.keyboard.press('Tab');
		await expectFocus(page, 'button: Keep the draft');
		await page.keyboard.press('Enter');
		await expectFocus(page, 'button: Revert to version 2');
		expect(await weight.inputValue()).toBe(String(usage.weight * 3));
		expect(await page.getByTestId('draft-state').isVisible()).toBe(true);
		await page.keyboard.press('Enter');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Enter');
		await expectFocus(page, 'p: The scores use version 4, the newest.');
		expect(await weight.inputValue()).toBe(String(usage.weight * 2));
		expect(app.consoleErrors).toEqual([]);
	});
});
