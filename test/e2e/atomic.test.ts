/**
 * Closing the page during a large import, in real Chromium: on reopening the same profile the Overview shows
 * exactly the data and scores from before, or, had the commit finished, exactly the new file's; never a mix.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseCsvBytes } from '../../src/lib/core/csv';
import { defaultScorecardFor, toDataset } from '../../src/lib/core/csv/dataset';
import { defaultMapping } from '../../src/lib/core/csv/infer';
import { currentView, summarizePortfolio } from '../../src/lib/core/portfolio';
import { scoreTable } from '../../src/lib/core/score';
import { formatCount, formatScore } from '../../src/lib/format';
import { chooseCsvFile, openApp, type AppSession } from './browser';

const GENERATOR = fileURLToPath(new URL('../fixtures/generate-large-csv.mjs', import.meta.url));
/** Large enough that reading takes seconds and storing takes a moment. */
const ROWS = 300_000;

/** What the Overview shows: the two figures a half-written workspace could not get both right. */
interface Figures {
	customers: string;
	average: string;
}

/** The Overview's figures for a CSV file, from the synchronous node pipeline. */
function expectedFigures(path: string): Figures {
	const { preview, parsed } = parseCsvBytes(new Uint8Array(readFileSync(path)), 'large.csv');
	const mapping = defaultMapping(preview);
	const dataset = toDataset(parsed, mapping, { id: 'x', fileName: 'large.csv', importedAt: new Date().toISOString(), asOf: '2026-01-01' });
	const scorecard = defaultScorecardFor(dataset, mapping);
	const summary = summarizePortfolio(scoreTable(currentView(dataset).table, scorecard), scorecard.bands);
	return { customers: formatCount(summary.customers), average: formatScore(summary.averageScore) };
}

/** The Overview's figures; fails with the app's message when it shows an error instead. */
async function overview(page: Page): Promise<Figures> {
	if (!page.url().endsWith('#/overview')) await page.getByRole('link', { name: 'Overview', exact: true }).click();
	const shown = page.locator('[data-testid="kpi-customers"], [role="alert"]').first();
	await shown.waitFor({ timeout: 30_000 });
	if ((await shown.getAttribute('data-testid')) !== 'kpi-customers') throw new Error(`the Overview shows an error: ${await shown.textContent()}`);
	return { customers: (await shown.textContent()) ?? '', average: (await page.getByTestId('kpi-average').textContent()) ?? '' };
}

/** Opens the app on a fresh profile, notes the Overview, chooses the large file and reads it up to the mapping. */
async function startImport(file: string): Promise<{ app: AppSession; before: Figures }> {
	const app = await openApp({ path: '#/overview' });
	const before = await overview(app.page);
	await app.page.getByRole('link', { name: 'Data', exact: true }).click();
	await chooseCsvFile(app.page, file, app.consoleErrors);
	await app.page.getByRole('button', { name: 'Read the whole file' }).waitFor();
	return { app, before };
}

/**
 * The dataset ids that stored blocks name but no stored dataset has: an import's columns stored while it was
 * read and never committed. Read with the bare IndexedDB API, not the app's code.
 */
function orphanBlockOwners(page: Page): Promise<string[]> {
	return page.evaluate(
		() =>
			new Promise<string[]>((resolve, reject) => {
				const open = indexedDB.open('checkup');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction(['datasets', 'blocks'], 'readonly');
					const ids = tx.objectStore('datasets').getAllKeys();
					const owners: string[] = [];
					const cursor = tx.objectStore('blocks').index('datasetId').openKeyCursor(null, 'nextunique');
					cursor.onsuccess = () => {
						if (!cursor.result) return;
						owners.push(String(cursor.result.key));
						cursor.result.continue();
					};
					tx.oncomplete = () => {
						db.close();
						const stored = new Set(ids.result.map(String));
						resolve(owners.filter((owner) => !stored.has(owner)));
					};
					tx.onerror = () => reject(tx.error);
				};
			})
	);
}

/**
 * Reopens the profile of a closed session and reads the Overview; checks the reopened page logged nothing,
 * stayed home, and removed what an unfinished import had stored.
 */
async function reopen(userDataDir: string): Promise<Figures> {
	const again = await openApp({ userDataDir, path: '#/overview' });
	try {
		const shown = await overview(again.page);
		expect(again.consoleErrors).toEqual([]);
		expect(again.foreignRequests).toEqual([]);
		await expect.poll(() => orphanBlockOwners(again.page), { timeout: 30_000 }).toEqual([]);
		return shown;
	} finally {
		await again.close();
	}
}

/** Which whole state the figures are; fails naming all three when they are neither. */
function whichState(shown: Figures, before: Figures, after: Figures): 'before' | 'after' {
	if (shown.customers === before.customers && shown.average === before.average) return 'before';
	if (shown.customers === after.customers && shown.average === after.average) return 'after';
	throw new Error(`a mixed workspace: ${JSON.stringify(shown)} is neither the earlier ${JSON.stringify(before)} nor the file's ${JSON.stringify(after)}`);
}

const figures: Record<string, string> = {};

describe('closing the page during a large import', () => {
	let dir: string;
	let file: string;
	let fromFile: Figures;

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-atomic-'));
		file = join(dir, 'large.csv');
		execFileSync(process.execPath, [GENERATOR, String(ROWS), file], { stdio: 'ignore' });
		fromFile = expectedFigures(file);
	});
	afterAll(async () => {
		if (dir) await rm(dir, { recursive: true, force: true });
		console.log('[atomic figures]', figures);
	});

	test('closed while the file is read and stored: the earlier data and scores are intact', async () => {
		const { app, before } = await startImport(file);
		await app.page.getByRole('button', { name: 'Read the whole file' }).click();
		const progress = app.page.getByTestId('import-progress');
		await expect.poll(async () => Number(((await progress.textContent()) ?? '').match(/^\s*([\d,]+) rows/)?.[1].replace(/,/g, '') ?? 0), { interval: 20 }).toBeGreaterThan(0);
		// The columns are being stored while the file is read, with no dataset record yet. (Had the import worker
		// read the file in one task, the storage worker would start only once reading ended: no block until the report.)
		await expect.poll(() => orphanBlockOwners(app.page), { timeout: 60_000, interval: 20 }).toHaveLength(1);
		const shown = (await progress.isVisible()) ? ((await progress.textContent()) ?? '').trim() : 'the report';
		figures.parsingClosedAt = shown;
		expect(shown, 'the first blocks were stored once the file was read, not while it was').toMatch(/^[\d,]+ rows/);
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
		await app.close({ keepUserDataDir: true });
		try {
			expect(await reopen(app.userDataDir)).toEqual(before);
		} finally {
			await rm(app.userDataDir, { recursive: true, force: true });
		}
	}, 240_000);

	test('closed right after Import is clicked: the earlier data and scores are intact', async () => {
		const { app, before } = await startImport(file);
		await app.page.getByRole('button', { name: 'Read the whole file' }).click();
		const importButton = app.page.getByRole('button', { name: 'Import', exact: true });
		await importButton.waitFor({ timeout: 120_000 });
		expect(await app.page.getByTestId('rows-to-import').textContent()).toBe(formatCount(ROWS));
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
		await importButton.click();
		await app.close({ keepUserDataDir: true });
		try {
			const shown = await reopen(app.userDataDir);
			figures.afterClickReopened = whichState(shown, before, fromFile);
			expect(shown).toEqual(before);
		} finally {
			await rm(app.userDataDir, { recursive: true, force: true });
		}
	}, 240_000);

	test('closed at moments through storing: each reopening is wholly the earlier data or wholly the file', async () => {
		const { app, before } = await startImport(file);
		await app.page.getByRole('button', { name: 'Read the whole file' }).click();
		const importButton = app.page.getByRole('button', { name: 'Import', exact: true });
		await importButton.waitFor({ timeout: 120_000 });
		// How long storing takes here, so the closes below fall inside it.
		const started = Date.now();
		await importButton.click();
		await app.page.getByTestId('import-done').waitFor({ timeout: 120_000 });
		const commitMs = Date.now() - started;
		figures.commitMs = String(commitMs);
		expect(await overview(app.page)).toEqual(fromFile);
		expect(app.consoleErrors).toEqual([]);
		await app.close();

		const outcomes: string[] = [];
		// Commit time includes showing the new data after the transaction: the transaction ends in its first third or so.
		for (const share of [0.1, 0.2, 0.35]) {
			const run = await startImport(file);
			await run.app.page.getByRole('button', { name: 'Read the whole file' }).click();
			const button = run.app.page.getByRole('button', { name: 'Import', exact: true });
			await button.waitFor({ timeout: 120_000 });
			await button.click();
			await new Promise((resolve) => setTimeout(resolve, commitMs * share));
			await run.app.close({ keepUserDataDir: true });
			try {
				outcomes.push(`${share}: ${whichState(await reopen(run.app.userDataDir), run.before, fromFile)}`);
			} finally {
				await rm(run.app.userDataDir, { recursive: true, force: true });
			}
			expect(run.before).toEqual(before);
		}
		figures.closedDuringCommit = outcomes.join(', ');
	}, 240_000);
});
