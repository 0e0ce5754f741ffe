/**
 * A segment scorecard in real Chromium on the demo: it scores only its segment's customers (checked against
 * the engine scoring each segment's rows on their own), and the Customers table and its export name it; deleting it
 * gives them back to the default.
 */
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoScorecard } from '../../src/lib/core/demo';
import { scoreTable } from '../../src/lib/core/score';
import { cell, selectRows } from '../../src/lib/core/table';
import { formatCount, formatScore } from '../../src/lib/format';
import { gotoCustomer, openApp, type AppSession } from './browser';
import { expectedDemo } from './expected';

const before = expectedDemo();
const table = before.view.table;
const segmentOf = (i: number) => cell(table.columns.segment, i);
const rows = Array.from({ length: table.rowCount }, (_, i) => i);
const enterprise = rows.filter((i) => segmentOf(i) === 'Enterprise');
const others = rows.filter((i) => segmentOf(i) !== 'Enterprise');
const usage = before.scorecard.metrics[0];
const entCard = demoScorecard();
entCard.metrics[0].weight = 0;
const entScores = scoreTable(selectRows(table, enterprise), entCard).score;
const otherScores = scoreTable(selectRows(table, others), demoScorecard()).score;
const all = [...entScores, ...otherScores].filter((s) => s === s);
const average = formatScore(all.reduce((a, b) => a + b, 0) / all.length);
/** An Enterprise customer whose score the segment scorecard changes, and a customer of another segment. */
const ent = enterprise.findIndex((i, k) => formatScore(entScores[k]) !== formatScore(before.result.score[i]));
const entRow = enterprise[ent];
const otherRow = others[0];

describe('segment scorecards', () => {
	let app: AppSession;

	beforeAll(async () => {
		app = await openApp({ path: '#/scorecard' });
	});
	afterAll(async () => {
		await app?.close();
	});

	test('a segment scorecard scores only its segment', async () => {
		const { page } = app;
		await expect.poll(() => page.getByTestId('scorecard-average').textContent(), { timeout: 20_000 }).toBe(before.average);
		// The picker shows the segment Add would use before anything is chosen.
		const picker = page.getByLabel('Segment', { exact: true });
		expect(await picker.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe(await picker.locator('option').first().textContent());
		expect(await picker.evaluate((s: HTMLSelectElement) => s.value)).not.toBe('');
		await picker.selectOption('Enterprise');
		await page.getByRole('button', { name: 'Add segment scorecard' }).click();
		await expect.poll(() => page.getByRole('button', { name: 'Enterprise', pressed: true }).count()).toBe(1);
		// The summary's average and Customers are the whole portfolio's; beside them, the customers this one scores.
		const figure = (name: string) => page.locator('section.summary dl > div', { has: page.locator('dt', { hasText: name }) }).locator('dd');
		await expect.poll(() => page.getByTestId('scored-by-this').textContent()).toBe(formatCount(enterprise.length));
		expect(await figure('Customers, all').textContent()).toBe(formatCount(rows.length));
		expect(enterprise.length).toBeLessThan(rows.length);
		await page.getByLabel(`Weight of ${usage.label}`).fill('0');
		expect(average).not.toBe(before.average);
		await expect.poll(() => page.getByTestId('scorecard-average').textContent()).toBe(average);
		// The default scorecard is untouched.
		await page.getByRole('button', { name: /^Default/ }).click();
		expect(await page.getByLabel(`Weight of ${usage.label}`).inputValue()).toBe(String(usage.weight));
		expect(await page.getByTestId('scored-by-this').textContent()).toBe(formatCount(others.length));
		await page.getByLabel('Note (what changed and why)').fill('Enterprise: usage does not count');
		await page.getByRole('button', { name: 'Save version' }).click();
		await expect.poll(() => page.getByTestId('version-list').locator('tbody tr').count()).toBe(2);
	});

	test('each customer shows which scorecard scored it, with its score', async () => {
		const { page } = app;
		const base = app.url.split('#')[0];
		await gotoCustomer(app, before.idAt(entRow));
		await expect.poll(() => page.getByTestId('customer-score').textContent(), { timeout: 20_000 }).toBe(formatScore(entScores[ent]));
		await expect.poll(() => page.getByTestId('scored-by').textContent()).toMatch(/Scored by Enterprise scorecard \(segment Enterprise\), version 2/);
		await gotoCustomer(app, before.idAt(otherRow));
		await expect.poll(() => page.getByTestId('customer-score').textContent()).toBe(formatScore(otherScores[0]));
		await expect.poll(() => page.getByTestId('scored-by').textContent()).toMatch(/Scored by Demo health score \(default\)/);
		expect(formatScore(otherScores[0])).toBe(formatScore(before.result.score[otherRow]));
		// The Customers table names the scorecard too.
		await page.goto(`${base}#/customers`);
		for (const [row, name] of [[entRow, 'Enterprise'], [otherRow, 'Default']] as const) {
			await page.getByLabel('Search').fill(before.idAt(row));
			await expect.poll(() => page.getByTestId('customer-count').textContent()).toMatch(/^1 of /);
			expect(await page.getByTestId('scored-by-cell').textContent()).toBe(name);
		}
	});

	test('the Customers export names the scorecard of each customer where the table does, after ARR', async () => {
		const { page } = app;
		await page.getByLabel('Search').fill('');
		await expect.poll(() => page.getByTestId('customer-count').textContent()).toMatch(new RegExp(`^${table.rowCount.toLocaleString('en-US')} of `));
		const heads = await page.getByTestId('customer-table').locator('.head [role=columnheader]').allTextContents();
		expect(heads.slice(5, 7).map((h) => h.replace(/\s*[▲▼]$/, ''))).toEqual(['ARR', 'Scorecard']);
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export .* as CSV$/ }).click()]);
		const csv = await readFile((await download.path())!, 'utf8');
		const lines = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
		expect(lines[0].slice(7, 10)).toEqual(['arr', 'scorecard', 'overridden']);
		expect(lines).toHaveLength(table.rowCount + 1);
		// Each customer by the engine: its segment's scorecard (usage weighing 0) for Enterprise, the default otherwise.
		const want = new Map<string, [string, number]>();
		enterprise.forEach((i, k) => want.set(before.idAt(i), ['Enterprise', entScores[k]]));
		others.forEach((i, k) => want.set(before.idAt(i), ['Default', otherScores[k]]));
		for (const line of lines.slice(1)) {
			const [scorecard, score] = want.get(line[0])!;
			expect([line[8], line[9]]).toEqual([scorecard, '']);
			if (score === score) expect(Number(line[2])).toBeCloseTo(score, 9);
			else expect(line[2]).toBe('');
		}
		expect(lines.filter((l) => l[8] === 'Enterprise')).toHaveLength(enterprise.length);
	});

	test('deleting the segment scorecard gives its customers back to the default', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Scorecard' }).click();
		await page.getByRole('button', { name: 'Enterprise', exact: true }).click();
		await page.getByRole('button', { name: 'Delete the Enterprise scorecard' }).click();
		await page.getByRole('button', { name: 'Delete', exact: true }).click();
		await expect.poll(() => page.getByTestId('scorecard-average').textContent()).toBe(before.average);
	});

	test('logs no errors and requests nothing from another origin', () => {
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
