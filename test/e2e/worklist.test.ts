/**
 * The worklist through the UI of the production build: on the demo ranked by score (no model), then by revenue at
 * risk once a training run with a churn model is stored (checked against ARR × probability worked out in node),
 * filtered by owner; exported as CSV with a formula in a customer's name neutralised.
 */
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cell } from '../../src/lib/core/table';
import { formatMoney, formatScore } from '../../src/lib/format';
import { openApp, type AppSession } from './browser';
import { demoHistory } from './expected-history';

const rowsOf = (page: Page) =>
	page.getByTestId('worklist').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td'), (c) => c.textContent!.replace(/\s+/g, ' ').trim())));

async function openWorklist(page: Page) {
	await page.getByRole('link', { name: 'Overview', exact: true }).click();
	await page.getByRole('link', { name: 'Worklist', exact: true }).click();
	await page.getByTestId('worklist-ranking').waitFor({ timeout: 30_000 });
}

/** A training run as the Learn page stores it, holding a churn model on two of the demo's sub-scores. */
const MODEL = { kind: 'churn-logistic-subscores', metricIds: ['usage', 'nps'], intercept: 2, coef: [-0.05, -0.02], fill: [50, 50] };

describe('worklist', () => {
	let app: AppSession;
	let dir: string;
	const expected = demoHistory();
	const latest = expected.snapshots.at(-1)!;
	const t = latest.table;
	const text = (column: string, j: number) => String(cell(t.columns[column], j) ?? '');
	const atRisk = Array.from({ length: t.rowCount }, (_, j) => j).filter((j) => latest.result.band[j] === 0);

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-worklist-'));
		app = await openApp({ path: '#/overview' });
		await app.page.getByTestId('kpi-customers').waitFor({ timeout: 30_000 });
	});
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('without a churn model it ranks the At risk customers by score, lowest first, and says so', async () => {
		const { page } = app;
		await openWorklist(page);
		expect(await page.getByTestId('worklist-ranking').textContent()).toMatch(/^Ranked by health score, lowest first: there is no trained churn model yet/);
		const order = [...atRisk].sort((a, b) => latest.result.score[a] - latest.result.score[b] || a - b);
		expect(await page.getByRole('button', { name: /^Export/ }).textContent()).toBe(`Export ${order.length} as CSV`);
		const rows = await rowsOf(page);
		expect(rows).toHaveLength(Math.min(50, order.length));
		expect(rows.slice(0, 10).map((r) => [r[1], r[5]])).toEqual(order.slice(0, 10).map((j) => [text('account_name', j), formatScore(latest.result.score[j])]));
	});

	test('with a stored churn model it ranks by revenue at risk, ARR × churn probability, and filters by owner', async () => {
		const { page } = app;
		if (MODEL.metricIds.some((id) => !expected.scorecard.metrics.some((m) => m.id === id))) throw new Error('the demo scorecard lacks a model metric');
		await page.evaluate(async (model) => {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const open = indexedDB.open('checkup');
				open.onsuccess = () => resolve(open.result);
				open.onerror = () => reject(open.error);
			});
			await new Promise<void>((resolve, reject) => {
				const tx = db.transaction('runs', 'readwrite');
				tx.objectStore('runs').put({
					id: 'run-e2e', createdAt: '2026-11-30T09:00:00.000Z', schemaVersion: 1,
					data: { imports: [], customers: 2000, churned: 200, retained: 1800, mode: 'horizon' },
					scorecard: { id: 'demo', name: 'Demo' }, settings: { horizonDays: 90, C: 1, k: 5, seed: 1, resamples: 10, targetRecall: 0.7 },
					results: { model }
				});
				tx.oncomplete = () => resolve();
				tx.onerror = () => reject(tx.error);
			});
			db.close();
		}, MODEL);
		await openWorklist(page);
		await expect.poll(() => page.getByTestId('worklist-ranking').textContent()).toBe('Ranked by revenue at risk: ARR × churn probability from the churn model “run of 2026-11-30 09:00”.');

		// In node: P(churn) = 1 / (1 + e^−(2 − 0.05 usage − 0.02 nps)) on the latest snapshot's sub-scores.
		const k = MODEL.metricIds.map((id) => expected.scorecard.metrics.findIndex((m) => m.id === id));
		const arr = t.columns.arr.kind === 'number' ? t.columns.arr.values : new Float64Array();
		const revenue = (j: number) => {
			let logit = MODEL.intercept;
			k.forEach((metric, n) => {
				const s = latest.result.subScores(metric)[j];
				logit += MODEL.coef[n] * (s === s ? s : MODEL.fill[n]);
			});
			return arr[j] / (1 + Math.exp(-logit));
		};
		const order = [...atRisk].sort((a, b) => revenue(b) - revenue(a) || a - b);
		const rows = await rowsOf(page);
		expect(rows.slice(0, 10).map((r) => [r[1], r.at(-1)])).toEqual(order.slice(0, 10).map((j) => [text('account_name', j), formatMoney(revenue(j))]));

		const owner = text('owner', order[0]);
		await page.getByLabel('Owner').selectOption(owner);
		const mine = order.filter((j) => text('owner', j) === owner);
		await expect.poll(() => page.getByRole('button', { name: /^Export/ }).textContent()).toBe(`Export ${mine.length} as CSV`);
		expect((await rowsOf(page)).map((r) => r[1])).toEqual(mine.slice(0, 50).map((j) => text('account_name', j)));
	});

	test('exports the list as CSV in rank order, with a formula in a customer’s name neutralised', async () => {
		const { page } = app;
		const file = join(dir, 'risky.csv');
		await writeFile(file, [
			'customer_id,name,segment,owner,arr,logins,nps',
			'R1,"=HYPERLINK(""http://example.invalid"",""open"")",SMB,Ann,1000,1,0',
			'R2,+SUM(1;2),SMB,Ann,2000,2,1',
			'R3,Plain Co,SMB,Bo,3000,40,10',
			'R4,Calm Ltd,SMB,Bo,4000,30,9'
		].join('\n') + '\n');
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await page.getByLabel(/Choose (a|another) CSV file/).setInputFiles(file);
		await page.getByLabel('These figures are as of').fill('2026-12-01');
		await page.getByRole('button', { name: 'Read the whole file' }).click();
		await page.getByRole('button', { name: 'Import', exact: true }).click();
		await page.getByTestId('import-done').waitFor({ timeout: 30_000 });
		await openWorklist(page);
		await page.getByLabel('Band').selectOption({ label: 'Every band' });
		await page.getByLabel('Owner').selectOption({ label: 'Every owner' });
		await expect.poll(() => page.getByRole('button', { name: /^Export/ }).textContent()).toBe('Export 4 as CSV');
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export/ }).click()]);
		const path = join(dir, 'worklist.csv');
		await download.saveAs(path);
		const lines = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '').split('\r\n');
		expect(lines[0]).toBe('rank,customer_id,name,segment,owner,arr,score,band,churn_probability,revenue_at_risk,recommended_action');
		// Lowest score first: R1 (logins 1, NPS 0), R2, then the healthier two.
		expect(lines.slice(1, 5).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['1,R1', '2,R2', '3,R4', '4,R3'].map((x) => x));
		expect(lines[1]).toContain(`,"'=HYPERLINK(""http://example.invalid"",""open"")",`);
		expect(lines[2]).toContain(",'+SUM(1;2),");
		expect(lines[5]).toBe('');
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
