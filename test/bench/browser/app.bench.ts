/** The app in real Chromium (production build): first open, reopening a stored workspace, re-scoring after an edit. */
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { openApp, type AppSession } from '../../e2e/browser';

let app: AppSession;
let weight = 20;

beforeAll(async () => {
	app = await openApp({ path: '#/overview' });
	await app.page.getByTestId('kpi-customers').waitFor({ timeout: 30_000 });
});
afterAll(async () => {
	await app?.close();
});

describe('demo workspace in Chromium', () => {
	bench(
		'first open: generate 2,000-account demo, store it, score, render overview',
		async () => {
			await app.page.evaluate(() => new Promise<void>((resolve, reject) => {
				const request = indexedDB.deleteDatabase('checkup');
				request.onsuccess = () => resolve();
				request.onerror = () => reject(request.error);
				request.onblocked = () => resolve();
			}));
			await app.reload();
			await app.page.getByTestId('kpi-customers').waitFor({ timeout: 30_000 });
		},
		{ iterations: 5, warmupIterations: 1 }
	);

	bench(
		'reopen: read the stored workspace, score, render overview',
		async () => {
			await app.reload();
			await app.page.getByTestId('kpi-customers').waitFor({ timeout: 30_000 });
		},
		{ iterations: 5, warmupIterations: 1 }
	);

	bench(
		'weight edit → new average shown (scorecard page)',
		async () => {
			const { page } = app;
			if (!page.url().endsWith('#/scorecard')) {
				await page.goto(app.url.replace(/#.*$/, '#/scorecard'));
				await page.getByTestId('scorecard-average').waitFor();
			}
			const before = await page.getByTestId('scorecard-average').textContent();
			weight = weight === 20 ? 60 : 20;
			await page.getByLabel('Weight of Product usage').fill(String(weight));
			await page.waitForFunction((b) => document.querySelector('[data-testid=scorecard-average]')?.textContent !== b, before);
		},
		{ iterations: 10, warmupIterations: 2 }
	);
});
