/**
 * The Worklist's "since <date>" in the production build: a file of three monthly snapshots in which one customer
 * skipped February. Its change is measured from its own previous snapshot, January, and the line under its change
 * says so; everyone else's is measured from February, which the column header names. Worked by hand below.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importCsvFile, openApp, type AppSession } from './browser';

const ids = Array.from({ length: 20 }, (_, i) => `S${String(i + 1).padStart(2, '0')}`);
const MONTHS = ['2026-01-01', '2026-02-01', '2026-03-01'];
/**
 * One metric, logins: 10 + i for customer i every month, so their change is 0. S05 skips February and goes from
 * 1,000 in January, above everyone (above the column's 95th percentile: sub-score 100), to 0 in March, below
 * everyone (below its 5th: sub-score 0). With one metric the score is its sub-score: 100.0 → 0.0, a change of
 * −100.0 points since 2026-01-01.
 */
const logins = (i: number, month: number) => (ids[i] !== 'S05' ? 10 + i : month === 0 ? 1000 : 0);
const CSV = [
	'customer_id,as_of,name,segment,arr,logins',
	...MONTHS.flatMap((asOf, m) => ids.flatMap((id, i) => (id === 'S05' && m === 1 ? [] : [`${id},${asOf},Customer ${id},SMB,${1000 + i * 100},${logins(i, m)}`])))
].join('\n') + '\n';

// Runs of spaces and line breaks read as one space; the no-break space between a number and its unit stays.
const cells = (page: Page, name: string) =>
	page.getByTestId('worklist').locator('tbody tr').filter({ has: page.getByRole('link', { name, exact: true }) })
		.locator('th, td').evaluateAll((cs) => cs.map((c) => c.textContent!.replace(/[ \t\n\r]+/g, ' ').trim()));

describe('Worklist: a customer who skipped a snapshot', () => {
	let app: AppSession;
	let dir: string;

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-since-'));
		app = await openApp({ path: '#/data' });
		const file = join(dir, 'skipped-february.csv');
		await writeFile(file, CSV);
		const { page } = app;
		await importCsvFile(page, file, { consoleErrors: app.consoleErrors });
		await page.getByRole('link', { name: 'Worklist', exact: true }).click();
		await page.getByTestId('worklist-ranking').waitFor({ timeout: 30_000 });
		await page.getByRole('combobox', { name: 'Band', exact: true }).selectOption({ label: 'Every band' });
	});
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('measures its change from its own previous snapshot and says which under the change; the others’ from the one the header names', async () => {
		const { page } = app;
		await expect.poll(() => page.getByTestId('change-header').textContent().then((t) => t!.replace(/\s+/g, ' ').trim())).toBe('Change (points since 2026-02-01)');
		await expect.poll(() => page.getByTestId('worklist').locator('tbody tr').count()).toBe(20);
		const skipped = await cells(page, 'Customer S05');
		// Rank, name, score 0.0 (S01, at the column's lowest but for S05, shares it), band and action, then the change.
		expect(skipped[2]).toBe('0.0');
		const change = page.getByTestId('worklist').locator('tbody tr').filter({ has: page.getByRole('link', { name: 'Customer S05', exact: true }) }).getByTestId('change');
		expect(await change.locator('.since').textContent()).toBe('since 2026-01-01');
		expect((await change.textContent())!.replace(/\s+/g, ' ').trim()).toBe('\u2212100.0 since 2026-01-01');
		// A customer in every snapshot: no change, and no line (its previous snapshot is the header's).
		const kept = page.getByTestId('worklist').locator('tbody tr').filter({ has: page.getByRole('link', { name: 'Customer S06', exact: true }) }).getByTestId('change');
		expect((await kept.textContent())!.trim()).toBe('0.0');
		expect(await page.getByTestId('worklist').locator('.since').count()).toBe(1);
	});

	test('and the CSV says the same: a change of −100 since 2026-01-01 for it, since 2026-02-01 for the others', async () => {
		const { page } = app;
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export/ }).click()]);
		const path = join(dir, 'worklist.csv');
		await download.saveAs(path);
		const lines = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '').split('\r\n').filter(Boolean).map((l) => l.split(','));
		const header = lines[0];
		const at = (row: string[], column: string) => row[header.indexOf(column)];
		const byId = new Map(lines.slice(1).map((l) => [at(l, 'customer_id'), l]));
		expect(byId.size).toBe(20);
		const s05 = byId.get('S05')!;
		expect([at(s05, 'score'), at(s05, 'change'), at(s05, 'change_since')]).toEqual(['0', '-100', '2026-01-01']);
		expect([at(byId.get('S06')!, 'change'), at(byId.get('S06')!, 'change_since')]).toEqual(['0', '2026-02-01']);
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
