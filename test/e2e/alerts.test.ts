/**
 * Alerts through the UI of the production build: the demo's snapshots evaluated on first load (the count in the
 * navigation against a second implementation of the rules in node), then a January file and a February file that
 * drops one customer's metrics: an alert fires for that customer only; acknowledged with a note, it stays so after
 * a reload, and evaluating again never duplicates it.
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
import { formatPoints, formatScore } from '../../src/lib/format';
import { chooseCsvFile, openApp, type AppSession } from './browser';
import { demoHistory } from './expected-history';

const ids = Array.from({ length: 12 }, (_, i) => `C${String(i + 1).padStart(2, '0')}`);
const logins = (i: number) => 10 + ((i * 7) % 30);
const nps = (i: number) => (i * 3) % 11;
const JAN = ['customer_id,name,segment,arr,logins,nps', ...ids.map((id, i) => `${id},Company ${i + 1},SMB,${1000 + i * 250},${logins(i)},${nps(i)}`)];
/** February: the same values, except C05, whose logins and NPS collapse. */
const FEB = [
	'customer_id,as_of,name,segment,arr,logins,nps',
	...ids.map((id, i) => (id === 'C05' ? `${id},2026-02-01,Company 5,SMB,2000,0,0` : `${id},2026-02-01,Company ${i + 1},SMB,${1000 + i * 250},${logins(i)},${nps(i)}`))
];

async function readAndImport(page: Page, path: string, asOf?: string) {
	await page.getByRole('link', { name: 'Data', exact: true }).click();
	await chooseCsvFile(page, path);
	const read = page.getByRole('button', { name: 'Read the whole file' });
	await read.waitFor();
	if (asOf) await page.getByLabel('These figures are as of').fill(asOf);
	await read.click();
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await page.getByTestId('import-done').waitFor({ timeout: 30_000 });
}

/** The navigation's Alerts link as read aloud: "Alerts (3 open)", or "Alerts" with none open. */
const navCount = (page: Page) => page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: /^Alerts/ }).textContent().then((t) => t!.trim());

describe('alerts', () => {
	let app: AppSession;
	let dir: string;
	const files = { jan: '', feb: '' };

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-alerts-'));
		files.jan = join(dir, 'jan.csv');
		files.feb = join(dir, 'feb.csv');
		await writeFile(files.jan, JAN.join('\n') + '\n');
		await writeFile(files.feb, FEB.join('\n') + '\n');
		app = await openApp({ path: '#/overview' });
	});
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('the demo’s snapshots are evaluated on first load with the default rules; the navigation counts the open alerts', async () => {
		// A second implementation of the two default rules: consecutive snapshots of each customer, in plain loops.
		const { snapshots, scorecard } = demoHistory();
		let expected = 0;
		for (let t = 1; t < snapshots.length; t++) {
			const [a, b] = [snapshots[t - 1], snapshots[t]];
			for (const [id, j] of b.rowOf) {
				const p = a.rowOf.get(id);
				if (p === undefined) continue;
				const [from, to] = [a.result.score[p], b.result.score[j]];
				if (from - to >= 10 - 1e-9) expected++;
				if (b.result.band[j] === 0 && a.result.band[p] !== 0) expected++;
			}
		}
		expect(scorecard.bands[0].label).toBe('At risk');
		await expect.poll(() => navCount(app.page), { timeout: 30_000 }).toBe(`Alerts (${expected.toLocaleString('en-US')} open)`);
		expect(expected).toBeGreaterThan(1000);
		await app.page.getByRole('link', { name: /^Alerts/ }).click();
		await app.page.getByTestId('rules').locator('li').first().waitFor();
		expect(await app.page.getByTestId('rules').locator('label').allTextContents()).toEqual([' Entered At risk', ' Score dropped by at least 10 points']);

		// Older alerts of customers who have left since (churned) name them without a link to a page they lack.
		const latest = snapshots.at(-1)!.rowOf;
		const gone = app.page.getByTestId('alert').filter({ hasText: 'not in the latest snapshot' });
		for (let more = 0; more < 20 && (await gone.count()) === 0; more++) await app.page.getByRole('button', { name: /^Show \d+ more$/ }).click();
		expect(await gone.count()).toBeGreaterThan(0);
		const listed = await app.page.getByTestId('alert').evaluateAll((items) =>
			items.map((li) => ({ id: li.querySelector('.what strong, .what a')?.textContent ?? '', linked: li.querySelector('.what a') !== null, id2: li.querySelector('.what .muted')?.textContent ?? '' }))
		);
		const wrong = listed.filter((a) => {
			const id = a.linked ? a.id2.split(' · ')[0] : a.id;
			return a.linked !== latest.has(id);
		});
		expect(wrong).toEqual([]);
	});

	test('a February file that drops one customer’s metrics fires an alert for that customer only', async () => {
		const { page } = app;
		await readAndImport(page, files.jan, '2026-01-01');
		// The January file replaced the demo, its alerts and rules: one snapshot, nothing to compare with.
		await expect.poll(() => navCount(page), { timeout: 30_000 }).toBe('Alerts');
		await readAndImport(page, files.feb);

		// In node: January's default scorecard scores both files; only C05 moves.
		const read = (path: string, asOf: string) => {
			const { preview, parsed } = parseCsvBytes(new Uint8Array(readFileSync(path)), 'x.csv');
			const mapping = defaultMapping(preview);
			return { mapping, dataset: toDataset(parsed, mapping, { id: 'x', fileName: 'x.csv', importedAt: '2026-03-01T00:00:00.000Z', asOf }) };
		};
		const jan = read(files.jan, '2026-01-01'), feb = read(files.feb, '2026-02-01');
		const scorecard = defaultScorecardFor(jan.dataset, jan.mapping);
		const before = scoreTable(currentView(jan.dataset).table, scorecard), after = scoreTable(currentView(feb.dataset).table, scorecard);
		const k = ids.indexOf('C05');
		const [from, to] = [before.score[k], after.score[k]];
		for (let i = 0; i < ids.length; i++) if (i !== k) expect(after.score[i]).toBe(before.score[i]);
		expect(from - to).toBeGreaterThanOrEqual(10);
		const messages = [`Score fell ${formatPoints(from - to)} points, from ${formatScore(from)} to ${formatScore(to)}`];
		if (after.band[k] === 0 && before.band[k] !== 0) messages.unshift(`Entered At risk from ${scorecard.bands[before.band[k]].label}, score ${formatScore(to)}`);

		await expect.poll(() => navCount(page), { timeout: 30_000 }).toBe(`Alerts (${messages.length} open)`);
		await page.getByRole('link', { name: /^Alerts/ }).click();
		const listed = page.getByTestId('alert');
		await expect.poll(() => listed.count()).toBe(messages.length);
		for (let n = 0; n < messages.length; n++) {
			const text = (await listed.nth(n).textContent())!.replace(/\s+/g, ' ');
			expect(text).toContain('Company 5 C05 · snapshot 2026-02-01 (since 2026-01-01)');
			expect(text).toContain(messages[n]);
		}
	});

	test('acknowledged with a note, an alert stays so after a reload, and is never duplicated', async () => {
		const { page } = app;
		const first = page.getByTestId('alert').first();
		const total = await page.getByTestId('alert').count();
		await first.getByLabel('Note').fill('Called the sponsor; usage review booked');
		await first.getByRole('button', { name: 'Acknowledge' }).click();
		await expect.poll(() => navCount(page)).toBe(total === 1 ? 'Alerts' : `Alerts (${total - 1} open)`);

		await app.reload();
		await page.getByRole('link', { name: /^Alerts/ }).click();
		await page.getByLabel('Open only').uncheck();
		const all = page.getByTestId('alert');
		await expect.poll(() => all.count(), { timeout: 30_000 }).toBe(total);
		const done = page.locator('[data-testid=alert][data-state=acknowledged]');
		expect(await done.count()).toBe(1);
		expect(await done.textContent()).toContain('“Called the sponsor; usage review booked”');
		expect(await navCount(page)).toBe(total === 1 ? 'Alerts' : `Alerts (${total - 1} open)`);
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
