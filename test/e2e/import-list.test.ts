/**
 * The Data page's list of imports, in the production build: two imports of files with the same name (a CRM's
 * export.csv every month) each have a Delete, a question and a message that name that one import by its
 * dates, not two identical "Delete import export.csv" a screen reader cannot tell apart. Delete on the only
 * import says why it cannot go under the list, by the button (on a phone the top of the page is out of view),
 * and only there.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importCsvFile, openApp, type AppSession } from './browser';
import { expectFocus, focused } from './keyboard';

/** 20 customers as of `asOf`, with one metric. */
function month(asOf: string, logins: number): string {
	return ['customer_id,as_of,logins', ...Array.from({ length: 20 }, (_, i) => `C${i + 1},${asOf},${logins + i}`), ''].join('\n');
}

const STAMP = '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}';

describe('two imports of files with the same name', () => {
	let app: AppSession;
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-same-name-'));
		for (const [folder, asOf, logins] of [['jan', '2026-01-01', 5], ['feb', '2026-02-01', 9]] as const) {
			await mkdir(join(dir, folder));
			await writeFile(join(dir, folder, 'export.csv'), month(asOf, logins));
		}
		app = await openApp({ path: '#/data' });
		await importCsvFile(app.page, join(dir, 'jan', 'export.csv'));
		await importCsvFile(app.page, join(dir, 'feb', 'export.csv'));
	}, 120_000);
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('each Delete, its question and the message after it name one import by its dates', async () => {
		const { page } = app;
		const deletes = page.getByRole('table', { name: 'Imports' }).getByRole('button', { name: /^Delete import/ });
		await expect.poll(() => deletes.count()).toBe(2);
		const names = await deletes.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')));
		expect(names[0]).toMatch(new RegExp(`^Delete import export\\.csv \\(as of 2026-01-01, imported ${STAMP}\\)$`));
		expect(names[1]).toMatch(new RegExp(`^Delete import export\\.csv \\(as of 2026-02-01, imported ${STAMP}\\)$`));

		await deletes.nth(1).focus();
		await page.keyboard.press('Enter');
		const question = page.getByRole('alertdialog');
		await expectFocus(page, /^alertdialog: Delete export\.csv \(as of 2026-02-01, imported .+\)\?$/);
		await question.getByRole('button', { name: /^Yes, delete export\.csv \(as of 2026-02-01/ }).click();
		await expectFocus(page, /^status: Deleted export\.csv \(as of 2026-02-01, imported .+\): the portfolio and its scores were worked out again without it\.$/);
		// One export.csv is left: its name alone says which.
		await expect.poll(() => deletes.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')))).toEqual(['Delete import export.csv']);
		expect(await page.getByTestId('import-snapshots').allTextContents()).toEqual(['2026-01-01']);
	});

	test('logs no errors', () => {
		expect(app.consoleErrors).toEqual([]);
	});
});

describe('Delete on the only import', () => {
	let app: AppSession;
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-only-import-'));
		await writeFile(join(dir, 'export.csv'), month('2026-01-01', 5));
		app = await openApp({ path: '#/data', viewport: { width: 390, height: 800 } });
		await importCsvFile(app.page, join(dir, 'export.csv'));
	}, 120_000);
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('says why under the list, in view, once, with focus left on Delete', async () => {
		const { page } = app;
		// Every alert the page shows from here on, in order: the refusal must not flash at the top first.
		await page.evaluate(() => {
			const seen: string[] = [];
			(window as unknown as { __alerts: string[] }).__alerts = seen;
			new MutationObserver((records) => {
				for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLElement && n.matches('[role=alert]')) seen.push(n.textContent ?? '');
			}).observe(document.body, { childList: true, subtree: true });
		});
		const remove = page.getByRole('button', { name: 'Delete import export.csv' });
		await remove.focus();
		await page.keyboard.press('Enter');
		const refusal = page.getByTestId('delete-error');
		await refusal.waitFor();
		const message = '“export.csv” is the only import, and the portfolio cannot be empty. Use Reset demo to start over.';
		expect(await refusal.textContent()).toBe(message);
		expect(await refusal.getAttribute('role')).toBe('alert');
		expect(await page.evaluate(() => (window as unknown as { __alerts: string[] }).__alerts)).toEqual([message]);
		// Right under the list: in view with the button that was pressed.
		const box = (await refusal.boundingBox())!;
		expect(box.y).toBeGreaterThanOrEqual(0);
		expect(box.y + box.height).toBeLessThanOrEqual(800);
		expect(await focused(page)).toBe('button: Delete import export.csv');
		expect(await page.getByTestId('import-row').count()).toBe(1);
	});

	test('logs no errors', () => {
		expect(app.consoleErrors).toEqual([]);
	});
});
