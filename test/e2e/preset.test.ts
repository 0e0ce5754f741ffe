/**
 * Presets: a build made with a team's scorecard file, CSV and mapping (CHECKUP_PRESET_DIR) opens on an empty
 * browser with them instead of the demo, and keeps them after a reload; offline too, since the CSV is precached.
 * Starting again (the Data page's reset) brings the preset back.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseCsvBytes } from '../../src/lib/core/csv';
import { toDataset } from '../../src/lib/core/csv/dataset';
import { defaultMapping } from '../../src/lib/core/csv/infer';
import { currentView, summarizePortfolio } from '../../src/lib/core/portfolio';
import { scoreTable } from '../../src/lib/core/score';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import { toScorecardFile, writeScorecardFile } from '../../src/lib/core/scorecard-file';
import { formatCount, formatScore } from '../../src/lib/format';
import { openApp, type AppSession } from './browser';
import { host, type Host } from './hosting';

const PLANS = ['Starter', 'Growth', 'Scale'];
const CSV = ['Account No,Company,Plan,Weekly logins,NPS', ...Array.from({ length: 45 }, (_, i) => `A-${100 + i},Team ${i + 1},${PLANS[i % 3]},${(i * 7) % 31},${((i * 5) % 21) - 10}`)].join('\n') + '\n';
/** The plan is a segment here, which the proposal would not guess: the mapping file says so (the CLI's format). */
const MAPPING = [{ index: 2, name: 'Plan', type: 'category', role: 'segment' }];
const SCORECARD: Scorecard = {
	id: 'team-card',
	name: 'Team health',
	metrics: [
		{ id: 'logins', column: 'Weekly logins', label: 'Logins', weight: 3, normalization: { kind: 'linear', worst: 0, best: 30 }, missing: { kind: 'skip' } },
		{ id: 'nps', column: 'NPS', label: 'NPS', weight: 1, normalization: { kind: 'linear', worst: -10, best: 10 }, missing: { kind: 'skip' } }
	],
	bands: defaultBands()
};

/** What the Overview must show: the CSV read by the import pipeline with the proposal, scored by the engine. */
function expected() {
	const { preview, parsed } = parseCsvBytes(new TextEncoder().encode(CSV), 'data.csv');
	const dataset = toDataset(parsed, defaultMapping(preview), { id: 'x', fileName: 'data.csv', importedAt: '2026-01-01T00:00:00.000Z', asOf: '2026-01-01' });
	const summary = summarizePortfolio(scoreTable(currentView(dataset).table, SCORECARD), SCORECARD.bands);
	return { customers: formatCount(summary.customers), average: formatScore(summary.averageScore) };
}

async function buildWithPreset(root: string, presetDir: string, outDir: string) {
	const env = { NODE_ENV: process.env.NODE_ENV, CHECKUP_PRESET_DIR: process.env.CHECKUP_PRESET_DIR };
	process.env.NODE_ENV = 'production';
	process.env.CHECKUP_PRESET_DIR = presetDir;
	try {
		await build({ root, configFile: resolve(root, 'vite.config.ts'), mode: 'production', logLevel: 'warn', clearScreen: false, build: { outDir, emptyOutDir: true } });
	} finally {
		for (const [key, value] of Object.entries(env)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
	}
}

describe('a deployment with a preset', { timeout: 240_000 }, () => {
	let dir: string;
	let site: Host;
	let app: AppSession;

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-preset-'));
		const preset = join(dir, 'preset');
		await mkdir(preset);
		await writeFile(join(preset, 'scorecard.json'), writeScorecardFile(toScorecardFile(SCORECARD, { exportedAt: '2026-11-01T00:00:00.000Z' })));
		await writeFile(join(preset, 'data.csv'), CSV);
		await writeFile(join(preset, 'mapping.json'), JSON.stringify(MAPPING));
		await buildWithPreset(process.cwd(), preset, join(dir, 'dist'));
		site = await host(join(dir, 'dist'));
	}, 240_000);
	afterAll(async () => {
		await app?.close();
		await site?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('an empty browser starts with the team’s customers and scorecard, not the demo', async () => {
		app = await openApp({ baseURL: site.url });
		const { page } = app;
		const want = expected();
		await expect.poll(() => page.getByTestId('kpi-customers').textContent(), { timeout: 60_000 }).toBe(want.customers);
		expect(await page.getByTestId('kpi-average').textContent()).toBe(want.average);
		await page.getByRole('link', { name: 'Scorecard', exact: true }).click();
		expect(await page.getByLabel('Weight of Logins').inputValue()).toBe('3');
		expect(await page.getByLabel('Weight of NPS').inputValue()).toBe('1');
		// The mapping made Plan the segment: the Customers page filters by it.
		await page.getByRole('link', { name: 'Customers', exact: true }).click();
		await expect.poll(() => page.getByRole('combobox', { name: 'Segment', exact: true }).locator('option').allTextContents()).toEqual(['Any segment', ...[...PLANS].sort()]);
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});

	test('a reload keeps the workspace, and the Data page lists the preset’s file as an import', async () => {
		const { page } = app;
		const want = expected();
		await app.reload();
		await page.getByRole('link', { name: 'Overview', exact: true }).click();
		await expect.poll(() => page.getByTestId('kpi-customers').textContent(), { timeout: 60_000 }).toBe(want.customers);
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await expect.poll(() => page.getByText('data.csv').count()).toBeGreaterThan(0);
	});

	test('starting again (the Data page) brings the team’s preset back, not the demo', async () => {
		const { page } = app;
		const want = expected();
		await page.getByRole('link', { name: 'Scorecard', exact: true }).click();
		await page.getByLabel('Weight of Logins').fill('1');
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await page.getByRole('button', { name: 'Start again…' }).waitFor();
		expect(await page.getByRole('heading', { name: 'Reset demo' }).count()).toBe(0);
		await page.getByRole('button', { name: 'Start again…' }).click();
		await page.getByRole('button', { name: 'Yes, start again' }).click();
		await page.getByTestId('reset-done').waitFor({ timeout: 60_000 });
		expect(await page.getByTestId('reset-done').textContent()).toBe('Started again: the workspace holds your team’s preset again.');
		await page.getByRole('link', { name: 'Overview', exact: true }).click();
		await expect.poll(() => page.getByTestId('kpi-customers').textContent(), { timeout: 60_000 }).toBe(want.customers);
		expect(await page.getByTestId('kpi-average').textContent()).toBe(want.average);
		await page.getByRole('link', { name: 'Scorecard', exact: true }).click();
		expect(await page.getByLabel('Weight of Logins').inputValue()).toBe('3');
		expect(app.consoleErrors).toEqual([]);
	});
});
