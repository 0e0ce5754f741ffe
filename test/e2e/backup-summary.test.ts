/**
 * What the restore step says a backup holds, in the production build: a Telco portfolio with an outcomes file
 * read "holds 2 imports (7,244 rows)", counting the outcomes file's rows as customers' rows, where the Data page
 * says 7,043; and it named none of the history a restore replaces.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gotoPage, importCsvFile, openApp, type AppSession } from './browser';

const TELCO = fileURLToPath(new URL('../../../shared/data/telco_customer_churn.csv', import.meta.url));
const telcoRows = () => readFileSync(TELCO, 'utf8').trimEnd().split('\n').length - 1;

/** Telco's first 200 customers' Churn, and one ID no customer has: 201 rows. */
function outcomes(): string {
	const [header, ...rows] = readFileSync(TELCO, 'utf8').trimEnd().split('\n');
	const churn = header.split(',').indexOf('Churn');
	return ['customerID,Churn', ...rows.slice(0, 200).map((r) => `${r.split(',')[0]},${r.split(',')[churn]}`), 'ZZZ-NOBODY,Yes', ''].join('\n');
}

describe('the restore summary of a portfolio with an outcomes file', { timeout: 240_000 }, () => {
	let app: AppSession;
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-backup-summary-'));
		await writeFile(join(dir, 'telco_outcomes.csv'), outcomes());
		app = await openApp({ path: '#/data' });
		await importCsvFile(app.page, TELCO, { consoleErrors: app.consoleErrors, timeout: 60_000 });
		await importCsvFile(app.page, join(dir, 'telco_outcomes.csv'), { consoleErrors: app.consoleErrors, timeout: 60_000 });
	}, 180_000);
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('counts the rows the Data page counts, says the outcomes file apart, and names the history it replaces', async () => {
		const { page } = app;
		await gotoPage(app, '#/data');
		await expect.poll(() => page.getByTestId('dataset-rows').textContent(), { timeout: 60_000 }).toBe(telcoRows().toLocaleString('en-US'));

		await gotoPage(app, '#/share');
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download backup' }).click()]);
		const backup = join(dir, download.suggestedFilename());
		await download.saveAs(backup);
		await page.getByLabel('Backup file').setInputFiles(backup);
		const summary = page.getByRole('region', { name: 'Backup to restore' });
		await expect.poll(() => summary.locator('p').first().textContent(), { timeout: 30_000 }).toMatch(/holds /);
		const said = (await summary.locator('p').first().textContent())!.replace(/\s+/g, ' ');
		// The import's scorecard was saved as a version, and the two starting alert rules came with the workspace.
		expect(said).toMatch(/, holds 2 imports \(7,043 rows of customers, plus an outcomes file of 201 rows\), 1 scorecard, 1 scorecard version and 2 alert rules\.$/);

		await page.getByRole('button', { name: 'Cancel' }).click();
		await gotoPage(app, '#/data');
		expect(await page.getByTestId('dataset-rows').textContent()).toBe('7,043');
		expect(app.consoleErrors).toEqual([]);
	});
});
