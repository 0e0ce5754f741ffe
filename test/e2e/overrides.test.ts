/**
 * A manual override in real Chromium: set on the Customer page with a comment and an expiry, it changes the
 * score (checked against the engine's sub-scores with that one replaced, by hand), is marked with its comment,
 * survives the import of a later file with the same customer IDs, and is edited and removed.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseCsvBytes } from '../../src/lib/core/csv';
import { defaultScorecardFor, toDataset } from '../../src/lib/core/csv/dataset';
import { defaultMapping } from '../../src/lib/core/csv/infer';
import { currentView } from '../../src/lib/core/portfolio';
import { scoreTable } from '../../src/lib/core/score';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { cell } from '../../src/lib/core/table';
import { formatScore } from '../../src/lib/format';
import { importCsvFile, openApp, type AppSession } from './browser';

const ids = Array.from({ length: 40 }, (_, i) => `C${String(i + 1).padStart(3, '0')}`);
const JAN = ['customer_id,name,arr,logins,nps', ...ids.map((id, i) => `${id},Company ${i + 1},${1000 + i * 100},${(i * 7) % 40},${((i * 13) % 21) - 10}`)];
const FEB = ['customer_id,as_of,name,arr,logins,nps', ...ids.map((id, i) => `${id},2026-02-01,Company ${i + 1},${1100 + i * 100},${(i * 11) % 45},${((i * 5) % 21) - 10}`)];
const WHO = 'C005';

/** The score of WHO in a file's latest rows under a scorecard, with the nps sub-score replaced when given. */
function scoreOf(path: string, asOf: string, scorecard: Scorecard | null, npsSubScore?: number) {
	const { preview, parsed } = parseCsvBytes(new Uint8Array(readFileSync(path)), 'x.csv');
	const mapping = defaultMapping(preview);
	const dataset = toDataset(parsed, mapping, { id: 'x', fileName: 'x.csv', importedAt: '2026-03-01T00:00:00.000Z', asOf });
	const card = scorecard ?? defaultScorecardFor(dataset, mapping);
	const { table } = currentView(dataset);
	const result = scoreTable(table, card);
	const row = Array.from({ length: table.rowCount }, (_, i) => i).find((i) => cell(table.columns[dataset.meta.roles.id], i) === WHO)!;
	let weighted = 0, total = 0;
	card.metrics.forEach((m, k) => {
		const sub = m.column === 'nps' && npsSubScore !== undefined ? npsSubScore : result.subScores(k)[row];
		if (sub !== sub) return;
		weighted += m.weight * sub;
		total += m.weight;
	});
	return { scorecard: card, score: formatScore(weighted / total), plain: formatScore(result.score[row]) };
}

async function importFile(page: Page, path: string, asOf?: string): Promise<void> {
	await page.getByRole('link', { name: 'Data', exact: true }).click();
	await importCsvFile(page, path, { asOf });
}

describe('manual overrides', () => {
	let app: AppSession;
	let dir: string;
	const files = { jan: '', feb: '' };
	const customer = () => `${app.url.split('#')[0]}#/customers/${WHO}`;

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-overrides-'));
		for (const [name, lines] of [['jan', JAN], ['feb', FEB]] as const) {
			files[name] = join(dir, `${name}.csv`);
			await writeFile(files[name], lines.join('\n') + '\n');
		}
		app = await openApp({ path: '#/overview' });
		await app.page.getByTestId('kpi-customers').waitFor({ timeout: 20_000 });
		await importFile(app.page, files.jan, '2026-01-01');
	});
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('an override needs a comment, changes the score and is marked with its comment', async () => {
		const { page } = app;
		const jan = scoreOf(files.jan, '2026-01-01', null, 20);
		expect(jan.score).not.toBe(jan.plain);
		await page.goto(customer());
		await expect.poll(() => page.getByTestId('customer-score').textContent(), { timeout: 20_000 }).toBe(jan.plain);
		await page.getByRole('button', { name: 'Override nps' }).click();
		const form = page.getByRole('form', { name: 'Override nps' });
		await form.getByLabel('Sub-score (0–100)').fill('20');
		await form.getByLabel('Expires').fill('2027-12-31');
		await form.getByRole('button', { name: 'Override', exact: true }).click();
		// The browser's own check refuses the empty required comment: nothing is stored.
		expect(await form.getByLabel('Comment (why)').evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
		expect(await page.getByTestId('customer-score').textContent()).toBe(jan.plain);
		await form.getByLabel('Comment (why)').fill('Sponsor confirmed renewal on the call');
		await form.getByRole('button', { name: 'Override', exact: true }).click();
		await expect.poll(() => page.getByTestId('customer-score').textContent()).toBe(jan.score);
		// The waterfall is explained again for the new scoring (same rows, new scores).
		await expect.poll(() => page.getByTestId('waterfall').getAttribute('aria-label')).toMatch(new RegExp(`health score ${jan.score.replace('.', '\\.')}$`));
		const row = page.locator('tr[data-metric="metric-2"]');
		expect(await row.getByTestId('sub-score').textContent()).toMatch(/20\.0\s*overridden/);
		expect(await page.getByText('“Sponsor confirmed renewal on the call” — sub-score set to 20.0 from snapshot 2026-01-01 until 2027-12-31').count()).toBe(1);
		await page.goto(`${app.url.split('#')[0]}#/customers`);
		await page.getByLabel('Search').fill(WHO);
		await expect.poll(() => page.getByTestId('customer-count').textContent()).toMatch(/^1 of /);
		expect(await page.getByTestId('scored-by-cell').textContent()).toBe('Default · overridden');
	});

	test('survives the import of a later file with the same customer IDs', async () => {
		const { page } = app;
		await importFile(page, files.feb);
		const jan = scoreOf(files.jan, '2026-01-01', null);
		const feb = scoreOf(files.feb, '2026-02-01', jan.scorecard, 20);
		expect(feb.score).not.toBe(feb.plain);
		await page.goto(customer());
		await expect.poll(() => page.getByTestId('customer-score').textContent(), { timeout: 20_000 }).toBe(feb.score);
		await expect.poll(() => page.getByTestId('scored-by').textContent()).toMatch(/snapshot 2026-02-01/);
		expect(await page.locator('tr[data-metric="metric-2"]').getByTestId('sub-score').textContent()).toMatch(/overridden/);
	});

	test('is edited and removed', async () => {
		const { page } = app;
		const jan = scoreOf(files.jan, '2026-01-01', null);
		const zero = scoreOf(files.feb, '2026-02-01', jan.scorecard, 0);
		await page.getByRole('button', { name: 'Edit the override of nps' }).click();
		const form = page.getByRole('form', { name: 'Override nps' });
		expect(await form.getByLabel('Comment (why)').inputValue()).toBe('Sponsor confirmed renewal on the call');
		await form.getByLabel('Sub-score (0–100)').fill('0');
		await form.getByRole('button', { name: 'Save override' }).click();
		await expect.poll(() => page.getByTestId('customer-score').textContent()).toBe(zero.score);
		await page.getByRole('button', { name: 'Remove the override of nps' }).click();
		await expect.poll(() => page.getByTestId('customer-score').textContent()).toBe(zero.plain);
		await expect.poll(() => page.getByTestId('sub-score').filter({ hasText: 'overridden' }).count()).toBe(0);
	});

	test('logs no errors and requests nothing from another origin', () => {
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
