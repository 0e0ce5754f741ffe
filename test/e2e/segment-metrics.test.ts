/**
 * A segment scorecard with other metrics than the default (Enterprise: no Product usage, Logins per user added) in
 * real Chromium on the demo: the Customers table has a column for every metric of either scorecard, each customer's
 * cells from its own scorecard and "n/a" where it has no such metric; the CSV has the same columns, empty there, and
 * contributions that add up to the score; the customer's page lists its own scorecard's metrics. A customer's band
 * is its own scorecard's (Enterprise has no Needs attention) in the table, its filter and the CSV. Every figure is
 * worked out in node by the engine scoring each segment's rows on their own.
 */
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoScorecard } from '../../src/lib/core/demo';
import { biggestMover, describeMover } from '../../src/lib/core/momentum';
import { bandIndex, contributionsOf, scoreTable } from '../../src/lib/core/score';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { cell, selectRows } from '../../src/lib/core/table';
import { formatScore } from '../../src/lib/format';
import { gotoCustomer, openApp, type AppSession } from './browser';
import { expectedDemo } from './expected';
import { demoHistory } from './expected-history';

const before = expectedDemo();
const table = before.view.table;
const rows = Array.from({ length: table.rowCount }, (_, i) => i);
const enterprise = rows.filter((i) => cell(table.columns.segment, i) === 'Enterprise');
const others = rows.filter((i) => cell(table.columns.segment, i) !== 'Enterprise');
const def = demoScorecard();
const usage = def.metrics[0];
/**
 * What the test makes in the editor: the default without Product usage, plus Logins per user, linear 0 → 10, weight
 * 10; and without the band Needs attention, so from 70 is Healthy, its band 1 (the default's band 1 is Needs attention).
 */
const entCard: Scorecard = {
	...demoScorecard(),
	bands: demoScorecard().bands.filter((b) => b.label !== 'Needs attention'),
	metrics: [
		...demoScorecard().metrics.slice(1),
		{ id: 'logins', column: 'logins_per_user', label: 'Logins per user', weight: 10, normalization: { kind: 'linear', worst: 0, best: 10 }, missing: { kind: 'skip' } }
	]
};
const ent = scoreTable(selectRows(table, enterprise), entCard);
const rest = scoreTable(selectRows(table, others), def);
const all = [...ent.score, ...rest.score].filter((s) => s === s);
const average = formatScore(all.reduce((a, b) => a + b, 0) / all.length);
/** The header of each metric column: the default's, then Logins per user. */
const columns = [...def.metrics.map((m) => m.label), 'Logins per user'];

// The previous snapshot, scored by the default (version 2 applies from the latest snapshot): its mover for an
// Enterprise customer whose biggest move is Product usage leaving the scorecard.
const history = demoHistory();
const previous = history.snapshots.at(-2)!;
const moverOf = (j: number) => {
	const id = before.idAt(enterprise[j]);
	const points = contributionsOf(ent, j);
	const now = entCard.metrics.map((m, k) => ({ id: m.id, label: m.label, value: cell(table.columns[m.column], enterprise[j]), contribution: points[k] }));
	return previous.rowOf.has(id) ? biggestMover(history.metricsAt(previous, id), now) : null;
};
const e = enterprise.findIndex((_, j) => ent.score[j] === ent.score[j] && ent.subScores(entCard.metrics.length - 1)[j] > 0 && moverOf(j)?.scorecard === 'left');
const entRow = enterprise[e];
const o = others.findIndex((_, j) => rest.score[j] === rest.score[j] && rest.subScores(0)[j] === rest.subScores(0)[j]);
const otherRow = others[o];
const shown = (s: number) => (s === s ? formatScore(s) : '–');
/** A cell of a metric the row's scorecard does not have: what it shows | what a screen reader reads. */
const NOT_IN = "n/a|not in this customer's scorecard";
/** What each metric column of a row shows: its scorecard's sub-score, "–" where skipped, n/a where not in it. */
const entCells = [NOT_IN, ...entCard.metrics.map((_, k) => shown(ent.subScores(k)[e]))];
const otherCells = [...def.metrics.map((_, k) => shown(rest.subScores(k)[o])), NOT_IN];

describe('a segment scorecard with other metrics than the default', () => {
	let app: AppSession;

	beforeAll(async () => {
		app = await openApp({ path: '#/scorecard' });
	});
	afterAll(async () => {
		await app?.close();
	});

	test('Enterprise drops Product usage and adds Logins per user', async () => {
		const { page } = app;
		expect(e).toBeGreaterThanOrEqual(0);
		await expect.poll(() => page.getByTestId('scorecard-average').textContent(), { timeout: 20_000 }).toBe(before.average);
		await page.getByLabel('Segment', { exact: true }).selectOption('Enterprise');
		await page.getByRole('button', { name: 'Add segment scorecard' }).click();
		await expect.poll(() => page.getByRole('button', { name: 'Enterprise', pressed: true }).count()).toBe(1);
		await page.getByRole('button', { name: `Remove ${usage.label}` }).click();
		await page.getByLabel('Column to score').selectOption('logins_per_user');
		await page.getByRole('button', { name: 'Add metric', exact: true }).click();
		for (const [label, value] of [['Worst value of Logins per user', '0'], ['Best value of Logins per user', '10'], ['Weight of Logins per user', '10']]) {
			await page.getByLabel(label, { exact: true }).fill(value);
			await page.getByLabel(label, { exact: true }).press('Tab');
		}
		await page.getByRole('button', { name: 'Remove Needs attention' }).click();
		expect(average).not.toBe(before.average);
		await expect.poll(() => page.getByTestId('scorecard-average').textContent()).toBe(average);
		await page.getByLabel('Note (what changed and why)').fill('Enterprise: logins instead of usage');
		await page.getByRole('button', { name: 'Save version' }).click();
		await expect.poll(() => page.getByTestId('version-list').locator('tbody tr').count()).toBe(2);
	});

	test('the Customers table has every metric of either scorecard, each customer’s from its own, n/a where it has none', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Customers' }).click();
		const box = page.getByTestId('customer-table');
		await box.waitFor();
		const heads = (await box.locator('.head [role=columnheader]').allTextContents()).map((h) => h.replace(/\s*[▲▼]$/, ''));
		// The metric columns found by header: before them, the demo's Outcome column (it records churn) and Scorecard.
		const m = heads.indexOf(columns[0]);
		expect(heads.slice(m - 2, m)).toEqual(['Scorecard', 'Outcome']);
		expect(heads.slice(m)).toEqual(columns);
		for (const [row, scorecard, cells] of [[entRow, 'Enterprise', entCells], [otherRow, 'Default', otherCells]] as const) {
			await page.getByLabel('Search').fill(before.idAt(row));
			await expect.poll(() => page.getByTestId('customer-count').textContent()).toMatch(/^1 of /);
			expect(await page.getByTestId('scored-by-cell').textContent()).toBe(scorecard);
			const line = box.locator('.body [role=row]');
			expect(await line.locator('[role=cell]').nth(1).textContent()).toBe(formatScore(scorecard === 'Default' ? rest.score[o] : ent.score[e]));
			// Visible text | what a screen reader reads (the "n/a" itself is hidden from it).
			const got = await line.locator('[role=cell]').evaluateAll((els, m) => els.slice(m).map((el) => {
				const hidden = el.querySelector('[aria-hidden=true]');
				const spoken = el.querySelector('.visually-hidden');
				return hidden && spoken ? `${hidden.textContent}|${spoken.textContent}` : (el.textContent ?? '');
			}), m);
			expect(got).toEqual(cells);
		}
		expect(await page.getByTestId('metric-note').textContent()).toContain('Not in every scorecard: Product usage (only in Default); Logins per user (only in Enterprise).');
	});

	test('the CSV has the same columns, empty where the customer’s scorecard has no such metric, and points that add up', async () => {
		const { page } = app;
		await page.getByLabel('Search').fill('');
		await expect.poll(() => page.getByTestId('customer-count').textContent()).toMatch(new RegExp(`^${table.rowCount.toLocaleString('en-US')} of `));
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export .* as CSV$/ }).click()]);
		const lines = Papa.parse<string[]>((await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
		// The metric columns found by header: before them, scorecard, overridden and the demo's outcome (it records churn).
		const m = lines[0].indexOf(`${columns[0]} sub-score`);
		expect(lines[0].slice(m - 3, m)).toEqual(['scorecard', 'overridden', 'outcome']);
		expect(lines[0].slice(m)).toEqual(columns.flatMap((c) => [`${c} sub-score`, `${c} contribution`]));
		const lineOf = (row: number) => lines.find((l) => l[0] === before.idAt(row))!;
		const entLine = lineOf(entRow), otherLine = lineOf(otherRow);
		expect([entLine[8], otherLine[8]]).toEqual(['Enterprise', 'Default']);
		// Product usage: not in Enterprise's scorecard. Logins per user: not in the default's.
		expect(entLine.slice(m, m + 2)).toEqual(['', '']);
		expect(otherLine.slice(-2)).toEqual(['', '']);
		const entPoints = contributionsOf(ent, e), otherPoints = contributionsOf(rest, o);
		const num = (x: string) => (x === '' ? NaN : Number(x));
		entCard.metrics.forEach((_, k) => {
			const s = ent.subScores(k)[e];
			if (s === s) {
				expect(num(entLine[m + 2 + 2 * k])).toBeCloseTo(s, 9);
				expect(num(entLine[m + 3 + 2 * k])).toBeCloseTo(entPoints[k], 9);
			} else expect(entLine.slice(m + 2 + 2 * k, m + 4 + 2 * k)).toEqual(['', '']);
		});
		def.metrics.forEach((_, k) => {
			const s = rest.subScores(k)[o];
			if (s === s) expect(num(otherLine[m + 1 + 2 * k])).toBeCloseTo(otherPoints[k], 9);
		});
		// Logins per user weighs 10 of Enterprise's 100 − 20 + 10: its points are its own scorecard's, and a row's add up.
		const sum = (line: string[]) => line.slice(m + 1).filter((_, k) => k % 2 === 0).reduce((t, x) => t + (x === '' ? 0 : Number(x)), 0);
		expect(sum(entLine)).toBeCloseTo(Number(entLine[2]), 9);
		expect(sum(otherLine)).toBeCloseTo(Number(otherLine[2]), 9);
		expect(Number(entLine[2])).toBeCloseTo(ent.score[e], 9);
	});

	test('a customer’s band is its own scorecard’s, in the table, the Band filter and the CSV', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Customers' }).click();
		const healthy = enterprise.filter((_, j) => bandIndex(entCard.bands, ent.score[j]) === 1);
		const atRisk = enterprise.filter((_, j) => bandIndex(entCard.bands, ent.score[j]) === 0);
		expect(healthy.length).toBeGreaterThan(0);
		await page.getByLabel('Search').fill(before.idAt(healthy[0]));
		await expect.poll(() => page.getByTestId('customer-count').textContent()).toMatch(/^1 of /);
		expect(await page.getByTestId('customer-table').locator('.body [role=row] [role=cell]').nth(2).textContent()).toBe('Healthy');
		await page.getByLabel('Search').fill('');
		await page.getByRole('combobox', { name: /^Segment/ }).selectOption('Enterprise');
		const band = page.getByRole('combobox', { name: /^Band/ });
		for (const [label, want] of [['At risk', atRisk.length], ['Needs attention', 0], ['Healthy', healthy.length]] as const) {
			await band.selectOption(label);
			await expect.poll(() => page.getByTestId('customer-count').textContent()).toMatch(new RegExp(`^${want.toLocaleString('en-US')} of `));
		}
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export .* as CSV$/ }).click()]);
		const lines = Papa.parse<string[]>((await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
		expect(lines.slice(1).map((l) => l[0]).sort()).toEqual(healthy.map((i) => before.idAt(i)).sort());
		for (const line of lines.slice(1)) expect(line.slice(3, 6)).toEqual(['Healthy', 'Upsell candidate', 'Enterprise']);
		await band.selectOption('Any band');
		await page.getByRole('combobox', { name: /^Segment/ }).selectOption('Any segment');
	});

	test('the Overview counts each customer in its own band, under the default’s bands', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Overview' }).click();
		// Enterprise's Healthy is the default's Healthy (by label); everyone else's band is the default's.
		const counts = def.bands.map(() => 0);
		ent.score.forEach((s) => s === s && counts[def.bands.findIndex((b) => b.label === entCard.bands[bandIndex(entCard.bands, s)].label)]++);
		rest.score.forEach((s) => s === s && counts[bandIndex(def.bands, s)]++);
		const rows = page.getByTestId('band-table').locator('tbody tr');
		await expect.poll(() => rows.locator('td:first-of-type').allTextContents(), { timeout: 20_000 }).toEqual(counts.map((c) => c.toLocaleString('en-US')));
	});

	test('the customer’s page lists the metrics of the scorecard that scored it, and says which left it', async () => {
		const { page } = app;
		for (const [row, card, score] of [[entRow, entCard, ent.score[e]], [otherRow, def, rest.score[o]]] as const) {
			await gotoCustomer(app, before.idAt(row));
			const made = page.getByTestId('contributions');
			await expect.poll(() => made.locator('tbody tr[data-metric] th').count(), { timeout: 20_000 }).toBe(card.metrics.length);
			const labels = await made.locator('tbody tr[data-metric] th').evaluateAll((ths) => ths.map((th) => th.firstChild?.textContent ?? ''));
			expect(labels).toEqual(card.metrics.map((m) => m.label));
			expect(await page.getByTestId('customer-score').textContent()).toBe(formatScore(score));
			expect(await page.locator('.score-box .band-chip').textContent()).toBe(card.bands[bandIndex(card.bands, score)].label);
		}
		await gotoCustomer(app, before.idAt(entRow));
		// The score history is drawn over its own scorecard's bands, not the default's.
		const zones = page.getByTestId('score-history-chart').locator('rect.zone title');
		await expect.poll(() => zones.allTextContents(), { timeout: 20_000 }).toEqual(expect.arrayContaining(entCard.bands.map((b) => b.label)));
		expect((await zones.allTextContents()).sort()).toEqual(entCard.bands.map((b) => b.label).sort());
		await expect.poll(() => page.getByTestId('mover').textContent(), { timeout: 20_000 }).toBe(`Moved most: ${describeMover(moverOf(e)!)}.`);
		expect(await page.getByTestId('mover').textContent()).toContain('Product usage is no longer in the scorecard');
	});

	test('logs no errors and requests nothing from another origin', () => {
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
