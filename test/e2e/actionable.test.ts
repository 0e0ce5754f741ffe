/**
 * A metric a CSM cannot act on, in real Chromium on the demo: ticked off in the metric editor with the keyboard
 * (part of the draft), saved as a version, then left out of a customer's points to the next band with a line saying
 * so; a reload keeps it. The rows left are checked against the engine in node.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bandIndex, scoreTable } from '../../src/lib/core/score';
import type { Table } from '../../src/lib/core/table';
import { gotoCustomer, gotoPage, openApp, type AppSession } from './browser';
import { expectedDemo } from './expected';

const demo = expectedDemo();
const { scorecard } = demo;
const table = demo.view.table;
const sponsor = scorecard.metrics.find((m) => m.id === 'sponsor')!;
const box = `A CSM can act on this (${sponsor.label})`;

/** The At risk customer of the latest snapshot closest to Needs attention, by the score as shown: several metrics can lift it alone. */
function closestBelow(): number {
	const shown = (s: number) => Math.round(s * 10) / 10;
	let j = -1;
	for (let i = 0; i < demo.result.rowCount; i++) if (shown(demo.result.score[i]) < scorecard.bands[1].min && (j < 0 || demo.result.score[i] > demo.result.score[j])) j = i;
	return j;
}

/** The next-band table's rows as header → cell text, so a column found by its header, not its place. */
async function rowsByHeader(page: Page): Promise<Record<string, string>[]> {
	const next = page.getByTestId('next-band');
	const headers = await next.locator('thead th').allTextContents();
	const rows = await next.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => (c.textContent ?? '').trim())));
	return rows.map((cells) => Object.fromEntries(headers.map((h, k) => [h, cells[k]])));
}

/** By the engine: with the column's value set to `value` for row j, the customer's band. */
function bandWith(column: string, j: number, value: number): number {
	const c = table.columns[column];
	if (c.kind !== 'number') throw new Error(`${column} is not a number column`);
	const values = c.values.slice();
	values[j] = value;
	const copy: Table = { ...table, columns: { ...table.columns, [column]: { kind: 'number', values } } };
	return scoreTable(copy, scorecard).band[j];
}

describe('a metric marked as not actionable', () => {
	let app: AppSession;
	const j = closestBelow();
	const id = demo.idAt(j);

	beforeAll(async () => {
		app = await openApp({ path: '#/scorecard' });
	});
	afterAll(async () => {
		await app?.close();
	});

	test('is a labelled checkbox of the metric, ticked by default, unticked with the keyboard into the draft, and saved as a version', async () => {
		const { page } = app;
		const check = page.getByRole('checkbox', { name: box, exact: true });
		await check.waitFor({ timeout: 30_000 });
		expect(await check.isChecked()).toBe(true);
		// Every metric has one, ticked: the demo's metrics are all things a CSM works on.
		await expect.poll(() => page.getByRole('checkbox', { name: /^A CSM can act on this \(/ }).count()).toBe(scorecard.metrics.length);
		const hint = await check.getAttribute('aria-describedby');
		expect(await page.locator(`[id="${hint}"]`).textContent()).toMatch(/^Untick for what a customer is rather than does/);
		await check.focus();
		await page.keyboard.press('Space');
		await expect.poll(() => check.isChecked()).toBe(false);
		await expect.poll(() => page.getByTestId('draft-state').isVisible()).toBe(true);
		await page.getByLabel('Note (what changed and why)').fill('A sponsor is the customer’s choice');
		await page.getByRole('button', { name: 'Save version' }).click();
		await expect.poll(() => page.getByTestId('version-in-use').textContent()).toBe('No changes since the last version: the scores use version 2.');
		// The version compare (version 1 → 2) says what changed, in words.
		expect(await page.getByTestId('version-changes').locator('li').allTextContents()).toEqual([`${sponsor.label}: actionable → not actionable`]);
	});

	test('is left out of the customer’s points to the next band, with a line saying so; the others still lift it', async () => {
		const { page } = app;
		expect(bandIndex(scorecard.bands, demo.result.score[j])).toBe(0);
		await gotoCustomer(app, id);
		const next = page.getByTestId('next-band');
		await next.locator('tbody tr').first().waitFor({ timeout: 30_000 });
		expect(await next.getByTestId('next-band-left-out').textContent()).toBe(
			`${sponsor.label} is marked as not actionable (a CSM cannot change it), so it is not suggested; it still counts in the score.`
		);
		const rows = await rowsByHeader(page);
		expect(rows.map((r) => r.Metric)).toEqual(scorecard.metrics.filter((m) => m !== sponsor).map((m) => m.label));
		// Each value named lifts the customer into Needs attention when the engine re-scores it (the sponsor as it is).
		let checked = 0;
		for (const row of rows) {
			const m = /^(at least|at most) (-?[\d,.]+)$/.exec(row['Would need']);
			const metric = scorecard.metrics.find((x) => x.label === row.Metric)!;
			if (!m || table.columns[metric.column].kind !== 'number') continue;
			expect(bandWith(metric.column, j, Number(m[2].replaceAll(',', ''))), `${row.Metric} ${row['Would need']}`).toBe(1);
			checked++;
		}
		expect(checked).toBeGreaterThan(2);
		expect(app.consoleErrors).toEqual([]);
	});

	test('stays so after a reload: unticked in the editor, left out on the customer page', async () => {
		const { page } = app;
		await app.reload();
		await page.getByTestId('next-band-left-out').waitFor({ timeout: 30_000 });
		expect((await rowsByHeader(page)).some((r) => r.Metric === sponsor.label)).toBe(false);
		await gotoPage(app, '#/scorecard');
		const check = page.getByRole('checkbox', { name: box, exact: true });
		await check.waitFor({ timeout: 30_000 });
		expect(await check.isChecked()).toBe(false);
		expect(app.consoleErrors).toEqual([]);
	});
});
