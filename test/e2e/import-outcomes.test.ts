/**
 * An outcomes file (a customer ID and churned) added to an imported Telco portfolio, in the production build:
 * what the report says it does reads as plain English: "it" for one stray ID, and whose outcomes it takes over
 * (it read "Churned of the customers it joins will come from this file").
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chooseCsvFile, importCsvFile, openApp, type AppSession } from './browser';

const TELCO = fileURLToPath(new URL('../../../shared/data/telco_customer_churn.csv', import.meta.url));

/** Telco's first 200 customers' Churn, and one ID no customer has. */
function outcomes(): string {
	const [header, ...rows] = readFileSync(TELCO, 'utf8').trimEnd().split('\n');
	const churn = header.split(',').indexOf('Churn');
	return ['customerID,Churn', ...rows.slice(0, 200).map((r) => `${r.split(',')[0]},${r.split(',')[churn]}`), 'ZZZ-NOBODY,Yes', ''].join('\n');
}

describe('an outcomes file with one ID that matches no customer', () => {
	let app: AppSession;
	let dir: string;
	const said = async (id: string) => (await app.page.getByTestId(id).textContent())!.replace(/\s+/g, ' ').trim();
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-outcomes-'));
		await writeFile(join(dir, 'telco_outcomes.csv'), outcomes());
		app = await openApp({ path: '#/data' });
		const { page } = app;
		await importCsvFile(page, TELCO, { consoleErrors: app.consoleErrors, timeout: 60_000 });
		await chooseCsvFile(page, join(dir, 'telco_outcomes.csv'));
		await page.getByRole('button', { name: 'Read the whole file' }).click();
		await page.getByTestId('outcomes-unmatched').waitFor({ timeout: 60_000 });
	}, 120_000);
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('says “it” of the one stray ID, not “they”', async () => {
		expect(await said('outcomes-joined')).toBe('200 customers');
		expect(await said('outcomes-unmatched')).toBe('1 customer ID matches no customer of your snapshot files, so its outcome joins nothing: ZZZ-NOBODY. Cancel if it should have matched.');
	});

	test('says whose outcomes it takes over in a plain sentence', async () => {
		expect(await said('outcome-source')).toBe(
			'For the customers it joins, the outcome (churned) will come from this file (column “Churn”), not from telco_customer_churn.csv (column “Churn”); where this file leaves it blank, theirs stays.'
		);
	});

	test('logs no errors', () => {
		expect(app.consoleErrors).toEqual([]);
	});
});
