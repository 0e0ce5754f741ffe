/**
 * A whole session in real Chromium, hosted as the README's Deploy section says (sub-path, CSP and other headers),
 * never sends a byte to another origin and breaks no rule of the Content-Security-Policy: the demo, chart and
 * customer exports, training on the Learn page (tfjs wasm in a worker), a backup, the scorecard file, a share link and the
 * SQL query, restoring the backup, importing a CSV and exporting it.
 * Every request is recorded by Playwright for the whole context: pages, dedicated workers and the service worker
 * (playwright-core 1.65 reports service worker requests unless PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK is set).
 * Chromium's own background services (updates, sign-in) are not requests of the app and are not in that record.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { chromium, type BrowserContext, type Download, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { CHROMIUM_ARGS, importCsvFile, waitForWorkspace } from './browser';
import { expectedDemo } from './expected';
import { builtDist, host, type Host } from './hosting';

async function downloadOf(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
	const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), click()]);
	return { name: (download as Download).suggestedFilename(), bytes: await readFile((await download.path())!) };
}

describe('a whole session stays on its own origin', { timeout: 240_000 }, () => {
	let site: Host;
	let context: BrowserContext;
	let page: Page;
	let profile: string;
	let backupFile: string;
	const foreign: string[] = [];
	const consoleErrors: string[] = [];

	beforeAll(async () => {
		site = await host(builtDist());
		profile = await mkdtemp(join(tmpdir(), 'checkup-privacy-'));
		context = await chromium.launchPersistentContext(profile, {
			executablePath: inject('chromiumPath'),
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: { width: 1280, height: 800 }
		});
		const origin = new URL(site.url).origin;
		context.on('request', (request) => {
			const url = request.url();
			if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) foreign.push(url);
		});
		const watch = (where: string) => (message: { type(): string; text(): string }) => {
			if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) consoleErrors.push(`${where}: ${message.text()}`);
		};
		context.on('console', watch('page'));
		context.on('weberror', (e) => consoleErrors.push(`page: ${e.error().message}`));
		context.on('serviceworker', (worker) => worker.on('console', watch('service worker')));
		page = context.pages()[0] ?? (await context.newPage());
		page.on('worker', (worker) => worker.on('console', watch('worker')));
		// Every CSP violation the document sees, whatever the console says.
		await page.addInitScript(() => {
			const seen: string[] = [];
			Object.defineProperty(window, '__cspViolations', { value: seen });
			document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective}: ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
		});
		await page.goto(site.url, { waitUntil: 'load' });
		await waitForWorkspace(page);
	});

	afterAll(async () => {
		await context?.close();
		await site?.close();
		if (profile) await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
	});

	test('the host sends the recommended headers, and index.html carries the policy', async () => {
		const response = await page.request.get(site.url);
		expect(response.headers()['content-security-policy']).toMatch(/^default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; .*frame-ancestors 'none'$/);
		expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toMatch(/connect-src 'self'/);
	});

	test('the built files name no other origin to fetch from: no absolute URL in the page, styles or service worker, no CDN, relative source maps', () => {
		const dir = builtDist();
		const files = readdirSync(dir, { recursive: true, encoding: 'utf8' });
		const text = (file: string) => readFileSync(join(dir, file), 'utf8');
		const fetched = files.filter((f) => /\.(html|css|webmanifest)$/.test(f) || f === 'sw.js');
		expect(fetched).toContain('index.html');
		for (const file of fetched) expect(text(file).match(/\b(?:https?:)?\/\/[\w.-]+\.[a-z]{2,}\b/gi) ?? [], file).toEqual([]);
		// Scripts hold URLs in comments and error messages; none is a CDN that tfjs, fonts or a library would load from.
		const scripts = files.filter((f) => f.endsWith('.js'));
		expect(scripts.length).toBeGreaterThan(5);
		for (const file of scripts) {
			const source = text(file);
			expect(source.match(/cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.|fonts\.googleapis|fonts\.gstatic|googletagmanager|google-analytics/g) ?? [], file).toEqual([]);
			for (const map of source.matchAll(/sourceMappingURL=(\S+)/g)) expect(map[1], file).toMatch(/^[\w.-]+\.map$/);
		}
	});

	test('demo: the Overview, and the score distribution exported as SVG and PNG', async () => {
		const demo = expectedDemo();
		await expect.poll(() => page.getByTestId('kpi-customers').textContent(), { timeout: 60_000 }).toBe(demo.customers);
		const svg = await downloadOf(page, () => page.getByRole('button', { name: 'Download Score distribution as SVG' }).click());
		expect(svg.name).toBe('score-distribution.svg');
		const text = svg.bytes.toString('utf8');
		expect(text).toMatch(/^<\?xml[^>]*>\n<svg[^>]* xmlns="http:\/\/www.w3.org\/2000\/svg"/);
		// Every band's colour is in the file as a fill, and no CSS variable is left to resolve.
		const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
		for (const band of demo.scorecard.bands) expect(text).toContain(`fill="${rgb(band.color)}"`);
		expect(text).not.toContain('var(');
		// The axes' titles are drawn in the chart, so the file keeps them.
		expect(text).toMatch(/<text[^>]*>Health score 0–100<\/text>/);
		expect(text).toMatch(/<text[^>]*>Customers<\/text>/);
		const png = await downloadOf(page, () => page.getByRole('button', { name: 'Download Score distribution as PNG' }).click());
		expect(png.name).toBe('score-distribution.png');
		expect(png.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
		// IHDR: 2 device pixels per CSS pixel of the chart's 560 × 200 viewBox.
		expect([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)]).toEqual([1120, 400]);
	});

	test('Customers: the filtered list exported as CSV, in the order shown', async () => {
		await page.getByRole('link', { name: 'Customers', exact: true }).click();
		await page.getByRole('combobox', { name: 'Band', exact: true }).selectOption({ label: 'At risk' });
		const count = Number((await page.getByTestId('customer-count').textContent())!.split(' of ')[0].replace(/,/g, ''));
		const demo = expectedDemo();
		expect(count).toBe(Number(demo.bandCounts[0].replace(/,/g, '')));
		const csv = await downloadOf(page, () => page.getByRole('button', { name: /^Export .* as CSV$/ }).click());
		const rows = Papa.parse<string[]>(csv.bytes.toString('utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
		// The table's order (Customer, Score, Band, Segment, Owner, ARR, Outcome), the customer as its ID and name. The demo
		// has no segment scorecard and no override: neither the table nor the file has a Scorecard column of "Default" only;
		// it records churn (churned, churn_date), so both have the outcome.
		const shown = await page.getByTestId('customer-table').locator('.head [role=columnheader]').allTextContents();
		expect(shown.slice(0, 8).map((h) => h.replace(/\s*[▲▼]$/, ''))).toEqual(['Customer', 'Score', 'Band', 'Segment', 'Owner', 'ARR', 'Outcome', demo.scorecard.metrics[0].label]);
		expect(rows[0].slice(0, 10)).toEqual(['customer_id', 'name', 'score', 'band', 'recommended_action', 'segment', 'owner', 'arr', 'outcome', `${demo.scorecard.metrics[0].label} sub-score`]);
		expect(rows.length - 1).toBe(count);
		expect(new Set(rows.slice(1).map((r) => r[3]))).toEqual(new Set(['At risk']));
		// Lowest score first, as the page sorts by default; each equals the engine's score for that customer.
		const scores = rows.slice(1).map((r) => Number(r[2]));
		expect(scores).toEqual([...scores].sort((a, b) => a - b));
		const byId = new Map(Array.from({ length: demo.view.table.rowCount }, (_, i) => [demo.idAt(i), demo.result.score[i]]));
		for (const r of rows.slice(1, 20)) expect(Number(r[2])).toBeCloseTo(byId.get(r[0])!, 9);
		await page.getByRole('combobox', { name: 'Band', exact: true }).selectOption({ label: 'Any band' });
	});

	test('Learn: training with tfjs wasm in a worker', async () => {
		await page.getByRole('link', { name: 'Learn', exact: true }).click();
		await page.getByRole('button', { name: 'Train', exact: true }).click();
		await expect.poll(() => page.getByTestId('auc-manual').count(), { timeout: 180_000 }).toBe(1);
		expect(await page.getByText('TensorFlow.js, wasm backend, in this browser').count()).toBe(1);
	});

	test('Share: a backup downloads', async () => {
		await page.getByRole('link', { name: 'Share', exact: true }).click();
		const backup = await downloadOf(page, () => page.getByRole('button', { name: 'Download backup' }).click());
		expect(backup.name).toMatch(/^checkup-\d{4}-\d\d-\d\dT\d\d-\d\d\.checkup-backup$/);
		expect(backup.bytes.subarray(0, 2).toString('hex')).toBe('1f8b');
		backupFile = join(profile, backup.name);
		await writeFile(backupFile, backup.bytes);
	});

	test('Share: the scorecard file and a share link are read back, the SQL downloads, and the backup restores', async () => {
		const review = page.getByRole('region', { name: 'What importing this scorecard would change' });
		const card = await downloadOf(page, () => page.getByRole('button', { name: 'Download scorecard file' }).click());
		expect(card.name).toBe('demo-health-score.checkup-scorecard.json');
		await page.getByLabel('Import a scorecard file').setInputFiles({ name: card.name, mimeType: 'application/json', buffer: card.bytes });
		await expect.poll(() => review.count(), { timeout: 20_000 }).toBe(1);
		// Read back whole: the file is the scorecard itself, so there is nothing to import.
		await expect.poll(() => review.textContent()).toContain('It is identical to your scorecard');
		await review.getByRole('button', { name: 'Close' }).click();
		const sql = await downloadOf(page, () => page.getByRole('button', { name: 'Download .sql' }).click());
		expect(sql.name).toBe('checkup-health-score.sql');
		expect(sql.bytes.toString('utf8')).toMatch(/^-- Checkup health score: /);
		await page.getByRole('button', { name: 'Make a share link' }).click();
		await expect.poll(() => page.getByTestId('share-link').count()).toBe(1);
		const link = await page.getByTestId('share-link').inputValue();
		// The scorecard rides after '#', which is never sent: the link's request is the app's own page.
		expect(link.startsWith(site.url)).toBe(true);
		expect(new URL(link).hash).toMatch(/^#\/open-scorecard\/[A-Za-z0-9_-]+$/);
		await page.goto(link);
		await expect.poll(() => review.count(), { timeout: 20_000 }).toBe(1);
		await expect.poll(() => review.textContent()).toContain('It is identical to your scorecard');
		await review.getByRole('button', { name: 'Close' }).click();
		await page.getByRole('link', { name: 'Share', exact: true }).click();
		await page.getByLabel('Backup file').setInputFiles(backupFile);
		await page.getByRole('button', { name: 'Replace my workspace with this backup' }).click({ timeout: 30_000 });
		await expect.poll(() => page.getByText(/^Restored checkup-.*: the workspace is now as it was on /).count(), { timeout: 60_000 }).toBe(1);
	});

	test('import a CSV with formula names, and export it neutralised', async () => {
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		// The formula fixture's names, with a metric to score (the fixture itself has none).
		const fixture = Papa.parse<string[]>(await readFile('test/fixtures/bad/formula-cells.csv', 'utf8'), { skipEmptyLines: true }).data;
		const file = join(profile, 'formula-names.csv');
		await writeFile(file, Papa.unparse([['customer_id', 'name', 'logins'], ...fixture.slice(1).map((r, i) => [r[0], r[1], String(i % 17)])]));
		await importCsvFile(page, file, { consoleErrors, timeout: 60_000 });
		await page.getByRole('link', { name: 'Customers', exact: true }).click();
		await page.getByRole('searchbox').fill('C00');
		const csv = await downloadOf(page, () => page.getByRole('button', { name: /^Export .* as CSV$/ }).click());
		const rows = Papa.parse<string[]>(csv.bytes.toString('utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
		const names = new Map(rows.slice(1).map((r) => [r[0], r[1]]));
		expect(names.get('C001')).toBe(`'=HYPERLINK("http://x","click")`);
		expect(names.get('C003')).toBe("'-2+3");
		expect(rows.slice(1).every((r) => r[0].startsWith('C00'))).toBe(true);
	});

	test('not one request left the origin, and nothing broke the policy', async () => {
		const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
		expect(violations).toEqual([]);
		expect(foreign).toEqual([]);
		expect(consoleErrors).toEqual([]);
		// The host saw the app's own files: the page, its scripts, the workers' scripts and tfjs's wasm.
		expect(site.requests.some((path) => path.endsWith('.wasm'))).toBe(true);
		expect(site.requests.some((path) => /learn\.worker-.*\.js$/.test(path))).toBe(true);
	});
});
