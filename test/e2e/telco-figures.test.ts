/**
 * The figures a user reads after importing the public Telco file (../shared/data) through the Data page, each
 * against a score worked out here from the CSV by hand: the first scorecard written out in telco-hand.ts (the 5th and 95th
 * percentiles of each number column, rounded to three figures of their spread, in the direction the churn
 * outcomes give; yes/no points from which value churned more), equal weights, a missing TotalCharges skipped.
 * No app scoring code is used: the Overview's customers, average, median, band counts and shares, histogram bins
 * and next step, the Customers and Worklist counts (the Worklist without those who already churned), two customers' scores and points, and the Data page's
 * column profiles (numpy's min / median / max, missing and category shares counted in the CSV), and on the Learn
 * page the counts, the manual weights' AUC (Mann–Whitney on the hand score) and their churn by band.
 */
import { median } from 'd3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gotoCustomer, importCsvFile, openApp, type AppSession } from './browser';
import { readSharedCsv } from '../helpers/shared-data';
import { count, handScores, LINEAR, one, TELCO } from './telco-hand';

describe('Telco imported through the Data page: the figures against a hand score of the CSV', () => {
	let app: AppSession;
	const customers = handScores();
	const scores = customers.map((c) => c.score);
	// Banded as shown, to one decimal: At risk below 40, Needs attention below 70, Healthy from 70.
	const shown = scores.map((s) => Number(one(s)));
	const bands = [shown.filter((s) => s < 40).length, shown.filter((s) => s >= 40 && s < 70).length, shown.filter((s) => s >= 70).length];
	// The Worklist leaves out those who already churned: Churn = Yes in the CSV (which has no churn dates).
	const atRiskChurned = customers.filter((c, i) => shown[i] < 40 && c.churned).length;

	beforeAll(async () => {
		app = await openApp({ path: '#/data' });
		await importCsvFile(app.page, TELCO, { asOf: '2026-11-01', consoleErrors: app.consoleErrors });
	}, 120_000);
	afterAll(async () => {
		await app?.close();
	});

	test('the hand score itself: 7,043 customers, 11 of them without TotalCharges, every score on 0–100', () => {
		expect(customers).toHaveLength(7043);
		expect(customers.filter((c) => Number.isNaN(c.points.TotalCharges))).toHaveLength(11);
		expect(scores.every((s) => s >= 0 && s <= 100)).toBe(true);
		expect(bands.reduce((a, b) => a + b, 0)).toBe(7043);
	});

	test('the Overview: customers, average, median, band counts and shares, and the next step', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Overview', exact: true }).click();
		await expect.poll(() => page.getByTestId('kpi-customers').textContent(), { timeout: 30_000 }).toBe('7,043');
		expect(await page.getByTestId('kpi-average').textContent()).toBe(one(scores.reduce((a, b) => a + b, 0) / scores.length));
		expect(await page.getByTestId('kpi-median').textContent()).toBe(one(median(scores)!));
		expect(await page.getByTestId('kpi-unscored').textContent()).toBe('0');
		const rows = page.getByTestId('band-table').locator('tbody tr');
		expect(await rows.locator('td:nth-of-type(1)').allTextContents()).toEqual(bands.map(count));
		const shares = await rows.locator('td:nth-of-type(2)').allTextContents();
		expect(shares.map((s) => s.trim())).toEqual(bands.map((b) => `${one((100 * b) / 7043)}\u00a0%`));
		const next = (await page.getByTestId('overview-next').textContent())!.replace(/\s+/g, ' ');
		expect(next).toContain(`Next: ${count(bands[0])} customers are At risk`);
		expect(next).toContain(`${count(atRiskChurned)} of them have already churned. Open the Worklist: the ${count(bands[0] - atRiskChurned)} customers who can still be saved`);
	});

	test('the score distribution: customers per 10 points, 100 in the last bin', async () => {
		const { page } = app;
		const description = (await page.getByRole('img', { name: /^Customers by health score/ }).getAttribute('aria-label')) ?? '';
		const bins = Array.from({ length: 10 }, (_, k) => shown.filter((s) => (k === 9 ? s >= 90 : s >= 10 * k && s < 10 * k + 10)).length);
		expect([...description.matchAll(/: ([\d,]+) customers? \(/g)].map((m) => m[1])).toEqual(bins.map(count));
	});

	test('the Customers and Worklist counts, and the Worklist’s lowest scores first', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Customers', exact: true }).click();
		await expect.poll(() => page.getByText(/^[\d,]+ of [\d,]+ customers$/).textContent()).toBe('7,043 of 7,043 customers');
		await page.getByRole('link', { name: 'Worklist', exact: true }).click();
		await expect.poll(() => page.getByText(/^[\d,]+ customers\.$/).textContent()).toBe(`${count(bands[0] - atRiskChurned)} customers.`);
		// Lowest score first: the first ten scores are the ten lowest of the hand score among those who have not churned.
		const lowest = customers.filter((c) => !c.churned).map((c) => c.score).sort((a, b) => a - b).slice(0, 10).map(one);
		const shownScores = await page.getByTestId('worklist-row').locator('td:nth-of-type(2)').allTextContents();
		expect(shownScores.slice(0, 10)).toEqual(lowest);
	});

	test('a customer’s score and points: the first row of the file, and one without TotalCharges', async () => {
		const { page } = app;
		for (const c of [customers[0], customers.find((x) => Number.isNaN(x.points.TotalCharges))!]) {
			await gotoCustomer(app, c.id);
			await expect.poll(() => page.getByTestId('customer-score').textContent(), { timeout: 20_000 }).toBe(one(c.score));
			// Points: each present metric's share of the score (equal weights, so its sub-score over the metrics present),
			// in the table's row order, which names each metric's column; a skipped metric shows no points.
			const present = Object.values(c.points).filter((p) => !Number.isNaN(p));
			const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Points' }) }).first();
			const names = (await table.locator('tbody tr th').allTextContents()).map((t) => t.match(/column (\w+)/)![1]);
			expect([...names].sort()).toEqual(Object.keys(c.points).sort());
			const want = names.map((name) => (Number.isNaN(c.points[name]) ? '' : one(c.points[name] / present.length)));
			const points = async () => (await table.locator('tbody tr td:nth-of-type(4)').allTextContents()).map((t, k) => (want[k] === '' ? '' : t.replace(' (weight re-shared)', '').trim()));
			await expect.poll(points).toEqual(want);
		}
	});

	test('the Scorecard page’s proposed bounds are the hand score’s: p5 and p95 rounded to three figures of their spread', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Scorecard', exact: true }).click();
		const value = (label: string) => page.getByLabel(label, { exact: true }).inputValue().then(Number);
		for (const [name, [worst, best]] of Object.entries(LINEAR)) {
			await expect.poll(() => value(`Worst value of ${name}`), { timeout: 30_000 }).toBe(worst);
			expect(await value(`Best value of ${name}`), name).toBe(best);
		}
	});

	test('the Data page’s column profiles: numpy’s min / median / max, missing counts and category shares counted in the CSV', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await page.locator('summary', { hasText: 'Columns' }).click();
		// numpy on the csv module's rows (test/core/profile.test.ts): min, median, max, as values are shown (at most two
		// decimals: TotalCharges' median 1,397.475 reads 1,397.48).
		const numbers = { tenure: 'min 0 · median 29 · max 72', MonthlyCharges: 'min 18.25 · median 70.35 · max 118.75', TotalCharges: 'min 18.8 · median 1,397.48 · max 8,684.8' };
		for (const [name, summary] of Object.entries(numbers)) await expect.poll(() => page.getByTestId(`detail-${name}`).textContent(), { timeout: 30_000 }).toBe(summary);
		const rows = readSharedCsv('telco_customer_churn.csv');
		const missing = (name: string) => rows.filter((r) => r[name].trim() === '').length;
		expect(await page.getByTestId('missing-TotalCharges').textContent()).toBe(`${missing('TotalCharges')} (${one((100 * missing('TotalCharges')) / 7043)}\u00a0%)`);
		expect(await page.getByTestId('missing-tenure').textContent()).toBe('0 (0.0\u00a0%)');
		// Two-valued columns: each value's share of the rows, most frequent first.
		for (const name of ['Churn', 'gender', 'Partner']) {
			const counts = [...new Set(rows.map((r) => r[name]))].map((v) => [v, rows.filter((r) => r[name] === v).length] as const).sort((a, b) => b[1] - a[1]);
			expect(await page.getByTestId(`detail-${name}`).textContent(), name).toBe(`2 values: ${counts.map(([v, c]) => `${v} ${one((100 * c) / 7043)}\u00a0%`).join(', ')}`);
		}
	});

	test('Learn: customers and churners as the CSV has them, and the manual weights’ AUC and churn by band from the hand score', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Learn', exact: true }).click();
		await page.getByRole('button', { name: 'Train', exact: true }).click();
		await page.getByTestId('auc-manual').waitFor({ timeout: 240_000 });
		const churned = readSharedCsv('telco_customer_churn.csv').map((r) => (r.Churn === 'Yes' ? 1 : 0));
		const churners = churned.reduce((a: number, c) => a + c, 0);
		expect(churners).toBe(1869);
		expect(await page.getByTestId('learn-customers').textContent()).toBe('7,043');
		expect(await page.getByTestId('learn-churned').textContent()).toBe('1,869');
		expect(await page.getByTestId('learn-retained').textContent()).toBe('5,174');
		// One snapshot: every customer is a training row, scored by the manual weights (the hand score) in every fold. Its
		// AUC is Mann–Whitney's: the share of churner–stayer pairs in which the churner scores lower, a tie counting ½.
		let pairs = 0;
		const stayers = scores.filter((_, i) => !churned[i]).sort((a, b) => a - b);
		for (let i = 0; i < scores.length; i++) {
			if (!churned[i]) continue;
			let above = 0, equal = 0;
			for (const s of stayers) if (s > scores[i]) above++; else if (s === scores[i]) equal++;
			pairs += above + equal / 2;
		}
		expect(await page.getByTestId('auc-manual').textContent()).toBe((pairs / (churners * stayers.length)).toFixed(3));
		// Churn by band, manual columns: the Overview's bands, each with its churners.
		const manual = [0, 1, 2].map((b) => {
			const inBand = shown.map((s, i) => [s, churned[i]]).filter(([s]) => (s < 40 ? 0 : s < 70 ? 1 : 2) === b);
			const n = inBand.filter(([, c]) => c === 1).length;
			return [count(inBand.length), count(n), `${one((100 * n) / inBand.length)}\u00a0%`];
		});
		const bandRows = await page.getByTestId('band-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent!.trim())));
		expect(bandRows.map((r) => r.slice(1, 4))).toEqual(manual);
	}, 300_000);

	test('logs no errors', () => {
		expect(app.consoleErrors).toEqual([]);
	});
});
