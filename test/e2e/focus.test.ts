/**
 * Keyboard focus after each action, with the keyboard only (Tab, Shift+Tab, Enter, Space) in the production build:
 * when the control pressed disappears or disables itself, focus goes to what replaced it (the next step's
 * heading, the confirmation, the result message), Cancel brings it back to the control that asked, and it never
 * falls to <body>. Files are chosen by pressing Space on the file input and answering the browser's file chooser.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openApp, type AppSession } from './browser';
import { chooseWithSpace, expectFocus, focused, tabTo } from './keyboard';

/** 30 customers and one row with a field too few, so that the report lists a problem. */
const row = (i: number, month: string) => `F${i},2026-${month}-01,Firm ${i},${1000 + i * 50},${(i * 7) % 30}`;
const JAN = ['customer_id,as_of,name,arr,logins', ...Array.from({ length: 30 }, (_, i) => row(i + 1, '01')), 'F99,2026-01-01,Short'].join('\n') + '\n';
const FEB = ['customer_id,as_of,name,arr,logins', ...Array.from({ length: 30 }, (_, i) => row(i + 1, '02'))].join('\n') + '\n';

describe('focus follows keyboard actions', () => {
	let app: AppSession;
	let dir: string;

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-focus-'));
		await writeFile(join(dir, 'jan.csv'), JAN);
		await writeFile(join(dir, 'feb.csv'), FEB);
		app = await openApp({ path: '#/data' });
		await app.page.getByRole('heading', { name: 'Reset demo' }).waitFor({ timeout: 30_000 });
	});
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('the import: choosing, Cancel, Read the whole file, Cancel and Import each move focus to what replaced them', async () => {
		const { page } = app;
		await tabTo(page, 'Choose a CSV file');
		await chooseWithSpace(page, join(dir, 'jan.csv'));
		await expectFocus(page, 'h3: 1. Map the columns of jan.csv');

		await tabTo(page, 'Cancel');
		await page.keyboard.press('Enter');
		await expectFocus(page, 'status: Import cancelled. Your workspace is unchanged.');

		await tabTo(page, 'Choose another CSV file');
		await chooseWithSpace(page, join(dir, 'jan.csv'));
		await expectFocus(page, 'h3: 1. Map the columns of jan.csv');
		await tabTo(page, 'Read the whole file');
		await page.keyboard.press('Enter');
		await expectFocus(page, 'h3: 2. Check jan.csv before importing');
		// Tab goes on from the report, past its problems (a table that fits its box, so no stop) to Import.
		expect(await page.getByRole('table', { name: 'Problems' }).count()).toBe(1);
		await page.keyboard.press('Tab');
		await expectFocus(page, 'button: Import');
		await page.keyboard.press('Tab');
		await expectFocus(page, 'button: Cancel');
		await page.keyboard.press('Enter');
		await expectFocus(page, 'status: Import cancelled. Your workspace is unchanged.');

		await tabTo(page, 'Choose another CSV file', { back: true });
		await chooseWithSpace(page, join(dir, 'jan.csv'));
		await expectFocus(page, 'h3: 1. Map the columns of jan.csv');
		await tabTo(page, 'Read the whole file');
		await page.keyboard.press('Enter');
		await expectFocus(page, 'h3: 2. Check jan.csv before importing');
		await tabTo(page, 'Import', { limit: 10 });
		await page.keyboard.press('Enter');
		await expectFocus(page, 'status: Imported 30 rows from jan.csv. See the overview or adjust the scorecard.');
		expect(app.consoleErrors).toEqual([]);
	}, 180_000);

	test('deleting an import: the question takes focus, Cancel returns it to Delete, Yes to the result', async () => {
		const { page } = app;
		await tabTo(page, 'Choose another CSV file', { back: true });
		await chooseWithSpace(page, join(dir, 'feb.csv'));
		await expectFocus(page, 'h3: 1. Map the columns of feb.csv');
		await tabTo(page, 'Read the whole file');
		await page.keyboard.press('Enter');
		await expectFocus(page, 'h3: 2. Check feb.csv before importing');
		await tabTo(page, 'Import', { limit: 10 });
		await page.keyboard.press('Enter');
		await expectFocus(page, 'status: Imported 30 rows from feb.csv. See the overview or adjust the scorecard.');

		await tabTo(page, 'Delete import feb.csv', { back: true });
		await page.keyboard.press('Enter');
		await expectFocus(page, 'alertdialog: Delete feb.csv?');
		const dialog = page.getByRole('alertdialog');
		expect(await dialog.evaluate((d) => document.getElementById(d.getAttribute('aria-describedby')!)?.textContent?.replace(/\s+/g, ' ').trim())).toBe(
			'Its 30 rows leave the portfolio, with the alerts fired on them, and every score is worked out again without them. This cannot be undone.'
		);
		await page.keyboard.press('Tab');
		await expectFocus(page, 'button: Yes, delete feb.csv');
		await page.keyboard.press('Tab');
		await expectFocus(page, 'button: Cancel');
		await page.keyboard.press('Enter');
		await expectFocus(page, 'button: Delete import feb.csv');
		expect(await dialog.count()).toBe(0);

		await page.keyboard.press('Enter');
		await expectFocus(page, 'alertdialog: Delete feb.csv?');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Enter');
		await expectFocus(page, 'status: Deleted feb.csv: the portfolio and its scores were worked out again without it.');
		expect(await page.getByTestId('import-row').count()).toBe(1);
		expect(app.consoleErrors).toEqual([]);
	}, 180_000);

	test('backup: Download backup, choosing a backup, Cancel and Replace my workspace', async () => {
		const { page } = app;
		await tabTo(page, 'Share', { back: true });
		await page.keyboard.press('Enter');
		await expectFocus(page, /^main: /);
		await tabTo(page, 'Download backup');
		const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
		const backup = join(dir, download.suggestedFilename());
		await download.saveAs(backup);
		await expectFocus(page, /^status: Backup ready: checkup-.*\.checkup-backup \(\d/);

		await tabTo(page, 'Backup file');
		await chooseWithSpace(page, backup);
		await expectFocus(page, 'region: Backup to restore');
		await tabTo(page, 'Cancel', { limit: 3 });
		await page.keyboard.press('Enter');
		await expectFocus(page, 'input: Backup file');

		await chooseWithSpace(page, backup);
		await expectFocus(page, 'region: Backup to restore');
		await page.keyboard.press('Tab');
		await expectFocus(page, 'button: Replace my workspace with this backup');
		await page.keyboard.press('Enter');
		await expectFocus(page, /^status: Restored checkup-.*: the workspace is now as it was on /);
		expect(app.consoleErrors).toEqual([]);
	}, 180_000);

	test('scorecard file: Close (identical) and Cancel return to the chooser, Import this scorecard to the result', async () => {
		const { page } = app;
		await tabTo(page, 'Download scorecard file', { back: true });
		const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
		const same = join(dir, download.suggestedFilename());
		await download.saveAs(same);
		await expectFocus(page, 'button: Download scorecard file');
		// The file as downloaded is the scorecard itself: nothing to import, only Close.
		await page.keyboard.press('Tab');
		await expectFocus(page, 'input: Import a scorecard file');
		await chooseWithSpace(page, same);
		await page.getByTestId('import-identical').waitFor();
		await tabTo(page, 'Close', { limit: 10 });
		await page.keyboard.press('Enter');
		await expectFocus(page, 'input: Import a scorecard file');
		// One weight changed: a scorecard to import.
		const edited = JSON.parse(await readFile(same, 'utf8'));
		edited.scorecard.metrics[0].weight += 1;
		const file = join(dir, 'edited.checkup-scorecard.json');
		await writeFile(file, JSON.stringify(edited));

		await chooseWithSpace(page, file);
		await page.getByRole('button', { name: 'Import this scorecard' }).waitFor();
		// Nothing took the chooser's place: focus stays on it.
		await expectFocus(page, 'input: Import a scorecard file');
		await tabTo(page, 'Cancel', { limit: 10 });
		await page.keyboard.press('Space');
		await expectFocus(page, 'input: Import a scorecard file');

		await chooseWithSpace(page, file);
		await page.getByRole('button', { name: 'Import this scorecard' }).waitFor();
		await tabTo(page, 'Import this scorecard', { limit: 10 });
		await page.keyboard.press('Enter');
		await expectFocus(page, /^status: Imported .*: it is now your scorecard \(saved as a version\)\.$/);
		expect(app.consoleErrors).toEqual([]);
	}, 180_000);

	test('Reset demo: the question takes focus, Cancel returns it to Reset demo…, Yes to the result', async () => {
		const { page } = app;
		await tabTo(page, 'Data', { back: true });
		await page.keyboard.press('Enter');
		await expectFocus(page, /^main: /);
		await tabTo(page, 'Reset demo…', { limit: 200 });
		await page.keyboard.press('Enter');
		await expectFocus(page, 'alertdialog: Delete everything in this workspace and start again from the demo?');
		expect(await page.getByRole('alertdialog').evaluate((d) => document.getElementById(d.getAttribute('aria-describedby')!)?.textContent)).toBe('This cannot be undone.');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Tab');
		await expectFocus(page, 'button: Cancel');
		await page.keyboard.press('Space');
		await expectFocus(page, 'button: Reset demo…');

		await page.keyboard.press('Enter');
		await expectFocus(page, 'alertdialog: Delete everything in this workspace and start again from the demo?');
		await page.keyboard.press('Tab');
		await expectFocus(page, 'button: Yes, reset the demo');
		await page.keyboard.press('Enter');
		await expectFocus(page, 'status: Reset: the workspace holds the demo portfolio again.');
		await page.getByRole('table', { name: 'Imports' }).getByText('Demo portfolio').waitFor();
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	}, 180_000);

	test('Acknowledge N shown: the question takes focus, Cancel returns it to the button, Yes and Undo to their results', async () => {
		const { page } = app;
		await expect.poll(() => page.getByRole('link', { name: /^Alerts \(/ }).count(), { timeout: 60_000 }).toBe(1);
		await tabTo(page, /^a: Alerts \([\d,]+ open\)$/, { back: true, limit: 200 });
		await page.keyboard.press('Enter');
		await expectFocus(page, /^main: /);
		await tabTo(page, /^button: Acknowledge [\d,]+ shown$/, { limit: 200 });
		const count = (await focused(page)).match(/Acknowledge ([\d,]+) shown/)![1];
		await page.keyboard.press('Enter');
		await expectFocus(page, new RegExp(`^alertdialog: Acknowledge ${count} alerts\\? Every alert the filters match`));
		await page.keyboard.press('Tab');
		await expectFocus(page, `button: Yes, acknowledge ${count} alerts`);
		await page.keyboard.press('Tab');
		await expectFocus(page, 'button: Cancel');
		await page.keyboard.press('Space');
		await expectFocus(page, `button: Acknowledge ${count} shown`);
		expect(await page.getByRole('alertdialog').count()).toBe(0);

		await page.keyboard.press('Enter');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Enter');
		await expectFocus(page, `status: Acknowledged ${count} alerts. Undo`);
		await page.keyboard.press('Tab');
		await expectFocus(page, 'button: Undo');
		await page.keyboard.press('Enter');
		await expectFocus(page, `status: Undone: ${count} alerts are as they were before.`);
		expect(app.consoleErrors).toEqual([]);
	}, 180_000);

	test('Scorecard: a moved metric keeps focus on its button (its twin at either end), Remove to Undo, Undo to the metric back', async () => {
		const { page } = app;
		await tabTo(page, 'Scorecard', { back: true, limit: 200 });
		await page.keyboard.press('Enter');
		await expectFocus(page, /^main: /);
		await tabTo(page, /^button: Move .+ down$/, { limit: 200 });
		const name = (await focused(page)).match(/^button: Move (.+) down$/)![1];
		await page.keyboard.press('Enter');
		await expectFocus(page, `button: Move ${name} down`);
		expect(await page.getByRole('button', { name: `Move ${name} up` }).isDisabled()).toBe(false);
		await page.keyboard.press('Shift+Tab');
		await expectFocus(page, `button: Move ${name} up`);
		// Back at the top its Up button is disabled: focus goes to its Down button.
		await page.keyboard.press('Enter');
		await expectFocus(page, `button: Move ${name} down`);
		expect(await page.getByRole('button', { name: `Move ${name} up` }).isDisabled()).toBe(true);

		await page.keyboard.press('Tab');
		await expectFocus(page, `button: Remove ${name}`);
		await page.keyboard.press('Enter');
		await expectFocus(page, 'button: Undo');
		await page.keyboard.press('Enter');
		await expectFocus(page, /^input: Label of metric 1, on column /);
		expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe(name);
		expect(app.consoleErrors).toEqual([]);
	}, 180_000);
});
