/**
 * Scorecards travel, in real Chromium: a scorecard file exported and imported (a hostile one refused with
 * nothing changed), and a share link opened in a fresh browser: the change shown, Cancel changes nothing,
 * Import applies it. Expected numbers come from the core engine in node.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateDemo } from '../../src/lib/core/demo';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { bandMoves } from '../../src/lib/core/scorecard-diff';
import { scorecardSql } from '../../src/lib/core/sql';
import { readScorecardText, toScorecardFile, writeScorecardFile } from '../../src/lib/core/scorecard-file';
import { decodeScorecardPayload, encodeScorecardPayload, scorecardLinkHash } from '../../src/lib/core/share-link';
import { openApp, type AppSession } from './browser';
import { expectedDemo } from './expected';

const before = expectedDemo();
const edit = (s: Scorecard) => {
	s.metrics[0].weight = 60; // Product usage 20 → 60
	s.bands[2].min = 65; // Healthy from 70 → 65
};
const after = expectedDemo(edit);
const moves = bandMoves(before.view.table, before.scorecard, after.scorecard);
if (!('moves' in moves)) throw new Error(moves.errors.join('\n'));
const moved = moves.moves.changed.toLocaleString('en-US');
/** The demo's own scorecard as a file. */
const demoFile = writeScorecardFile(toScorecardFile(before.scorecard, { exportedAt: '2026-03-01T00:00:00.000Z' }));
const total = moves.moves.customers.toLocaleString('en-US');

async function averageOnOverview(app: AppSession): Promise<string | null> {
	await app.page.getByRole('link', { name: 'Overview' }).click();
	return app.page.getByTestId('kpi-average').textContent();
}

describe('scorecard file', () => {
	let app: AppSession;
	let exported: string;
	beforeAll(async () => {
		app = await openApp({ path: '#/share' });
	});
	afterAll(async () => {
		await app?.close();
	});

	test('exports the workspace scorecard as a file that reads back as the demo scorecard', async () => {
		const { page } = app;
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download scorecard file' }).click()]);
		expect(download.suggestedFilename()).toBe('demo-health-score.checkup-scorecard.json');
		exported = join(tmpdir(), `checkup-e2e-${process.pid}-scorecard.json`);
		await download.saveAs(exported);
		const result = readScorecardText(await readFile(exported, 'utf8'));
		if (!result.ok) throw new Error(result.problems.join('\n'));
		expect(result.file.scorecard.metrics).toEqual(before.scorecard.metrics);
		expect(result.file.scorecard.bands).toEqual(before.scorecard.bands);
	});

	test('importing the file just exported says it is identical, and saves no version and no draft', async () => {
		const { page } = app;
		await page.getByLabel('Import a scorecard file').setInputFiles(exported);
		const review = page.getByRole('region', { name: 'What importing this scorecard would change' });
		await expect.poll(() => review.count()).toBe(1);
		expect((await page.getByTestId('import-identical').textContent())?.replace(/\s+/g, ' ').trim()).toBe(
			'It is identical to your scorecard: importing it would change nothing, so there is nothing to import and no version is saved.'
		);
		expect(await page.getByRole('button', { name: 'Import this scorecard' }).count()).toBe(0);
		expect(await page.getByTestId('applies-from').count()).toBe(0);
		await review.getByRole('button', { name: 'Close' }).click();
		await expect.poll(() => review.count()).toBe(0);
		await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('file');
		await page.getByRole('link', { name: 'Scorecard', exact: true }).click();
		await expect.poll(() => page.getByTestId('version-list').locator('tbody tr').count(), { timeout: 20_000 }).toBe(1);
		await expect.poll(() => page.getByTestId('version-in-use').isVisible()).toBe(true);
		await page.getByRole('link', { name: 'Share' }).click();
	});

	test('refuses a hostile file with the path of the problem, and changes nothing', async () => {
		const { page } = app;
		const file = JSON.parse(await readFile(exported, 'utf8'));
		file.scorecard.metrics[0].weight = 'abc';
		const text = JSON.stringify(file).replace('"format":', '"__proto__":{"polluted":1},"format":');
		await page.getByLabel('Import a scorecard file').setInputFiles({ name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(text) });
		const alert = page.getByRole('alert').filter({ hasText: 'hostile.json cannot be imported; nothing was changed.' });
		await expect.poll(() => alert.count()).toBe(1);
		expect(await alert.textContent()).toContain('scorecard.metrics[0].weight: expected a number, got "abc"');
		expect(await alert.textContent()).toContain('unknown field "__proto__"');
		expect(await page.evaluate(() => ({} as Record<string, unknown>).polluted)).toBeUndefined();
		expect(await page.getByRole('button', { name: 'Import this scorecard' }).count()).toBe(0);
		await expect.poll(() => averageOnOverview(app), { timeout: 20_000 }).toBe(before.average);
	});

	test('shows what an edited file would change, and imports it', async () => {
		const { page } = app;
		const file = JSON.parse(await readFile(exported, 'utf8'));
		edit(file.scorecard);
		await writeFile(exported, JSON.stringify(file));
		await page.getByRole('link', { name: 'Share' }).click();
		await page.getByLabel('Import a scorecard file').setInputFiles(exported);
		const review = page.getByRole('region', { name: 'What importing this scorecard would change' });
		await expect.poll(() => review.count()).toBe(1);
		expect(await review.textContent()).toContain('Product usage: weight 20 → 60');
		expect(await review.textContent()).toContain('“Needs attention” 40–70 → 40–65');
		expect(await page.getByTestId('band-moves').textContent()).toContain(`${moved} of ${total} customers would change band`);
		await page.getByRole('button', { name: 'Import this scorecard' }).click();
		await expect.poll(() => page.getByRole('status').filter({ hasText: 'it is now your scorecard' }).count()).toBe(1);
		await expect.poll(() => averageOnOverview(app), { timeout: 20_000 }).toBe(after.average);
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});

describe('share link', () => {
	let link: string;

	test('is made from a workspace whose scorecard has an edit', async () => {
		const maker = await openApp({ path: '#/scorecard' });
		try {
			const { page } = maker;
			await page.getByLabel('Weight of Product usage').fill('60');
			await page.getByRole('link', { name: 'Share' }).click();
			await page.getByRole('button', { name: 'Make a share link' }).click();
			await expect.poll(() => page.getByTestId('share-link').count()).toBe(1);
			link = await page.getByTestId('share-link').inputValue();
			// The button pressed stays where it was: a status line says the link was made.
			expect(await page.getByTestId('link-made').textContent()).toBe(`Share link made: ${link.length.toLocaleString('en-US')} characters.`);
			expect(await page.getByLabel(/^Share link \(/).count()).toBe(1);
			expect(await page.locator('label.link').evaluate((l) => l.firstChild!.textContent!.trim())).toBe(`Share link (${link.length.toLocaleString('en-US')} characters)`);
			// Read at the size of every labelled field (app.css: 1rem of 15 px), and at 320 px inside its panel, nothing scrolling sideways.
			const box = page.getByTestId('share-link');
			const size = () => box.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
			expect(await size()).toBe(15);
			await page.setViewportSize({ width: 320, height: 640 });
			const fit = await box.evaluate((e) => {
				const panel = e.closest('section')!.getBoundingClientRect(), input = e.getBoundingClientRect();
				return { inside: input.left >= panel.left && input.right <= panel.right, wide: document.documentElement.scrollWidth - document.documentElement.clientWidth };
			});
			expect(fit).toEqual({ inside: true, wide: 0 });
			expect(await size()).toBe(15);
			expect(maker.consoleErrors).toEqual([]);
		} finally {
			await maker.close();
		}
	});

	test('opens in a fresh browser with the change shown; Cancel changes nothing; Import applies it', async () => {
		const hash = new URL(link).hash;
		expect(hash).toMatch(/^#\/open-scorecard\/[A-Za-z0-9_-]+$/);
		const weightOnly = expectedDemo((s) => (s.metrics[0].weight = 60));
		const counted = bandMoves(before.view.table, before.scorecard, weightOnly.scorecard);
		if (!('moves' in counted)) throw new Error(counted.errors.join('\n'));
		const app = await openApp({ path: hash });
		try {
			const { page } = app;
			const review = page.getByRole('region', { name: 'What importing this scorecard would change' });
			await expect.poll(() => review.count(), { timeout: 20_000 }).toBe(1);
			expect(await review.textContent()).toContain('Product usage: weight 20 → 60');
			// The review's heading comes straight under the page's h1.
			expect(await page.locator('h1, h2, h3').evaluateAll((hs) => hs.map((h) => h.tagName))).toEqual(['H1', 'H2']);
			expect(await page.getByTestId('band-moves').textContent()).toContain(`${counted.moves.changed.toLocaleString('en-US')} of ${total} customers would change band`);
			const latest = before.view.asOf;
			expect((await page.getByTestId('applies-from').textContent())?.trim()).toBe(`Importing saves it as a new version that applies from snapshot ${latest} (the latest): earlier snapshots keep the scorecard they were scored with.`);
			await page.getByRole('button', { name: 'Cancel' }).click();
			await expect.poll(() => page.getByTestId('kpi-average').textContent(), { timeout: 20_000 }).toBe(before.average);
			expect(new URL(page.url()).hash).toBe('#/overview');
			await app.reload();
			await expect.poll(() => page.getByTestId('kpi-average').textContent(), { timeout: 20_000 }).toBe(before.average);

			await page.goto(app.url.replace(/#.*$/, '') + hash);
			await expect.poll(() => review.count(), { timeout: 20_000 }).toBe(1);
			const importButton = page.getByRole('button', { name: 'Import this scorecard' });
			await importButton.scrollIntoViewIfNeeded();
			expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
			await importButton.click();
			await expect.poll(() => new URL(page.url()).hash).toBe('#/scorecard');
			// The scorecard opens at its top, focus on its content, as from a link.
			await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
			await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
			await expect.poll(() => averageOnOverview(app), { timeout: 20_000 }).toBe(weightOnly.average);
			await app.reload();
			await expect.poll(() => page.getByTestId('kpi-average').textContent(), { timeout: 20_000 }).toBe(weightOnly.average);
			expect(app.consoleErrors).toEqual([]);
			expect(app.foreignRequests).toEqual([]);
		} finally {
			await app.close();
		}
	});

	test('a link whose scorecard reads columns the data lacks says which, in one sentence', async () => {
		const card = structuredClone(before.scorecard);
		// A label that repeats its column says nothing more; one that differs is named.
		Object.assign(card.metrics[0], { column: 'SeniorCitizen', label: 'SeniorCitizen' });
		Object.assign(card.metrics[1], { column: 'TotalCharges', label: 'Total charges' });
		// One metric added (a column the demo has), one removed: each has no weight on one side.
		card.metrics.push({ ...card.metrics[2], id: 'logins', column: 'logins_per_user', label: 'Logins' });
		card.metrics.splice(card.metrics.findIndex((m) => m.label === 'Executive sponsor'), 1);
		const hash = scorecardLinkHash(await encodeScorecardPayload(toScorecardFile(card, { exportedAt: '2026-03-01T00:00:00.000Z' })));
		const app = await openApp({ path: hash });
		try {
			const { page } = app;
			const missing = page.getByTestId('missing-columns');
			await missing.waitFor({ timeout: 20_000 });
			expect(await missing.textContent()).toBe('This scorecard reads 2 columns your data does not have: “SeniorCitizen” and “TotalCharges” (for “Total charges”).');
			expect(await page.getByRole('alert').locator('li').count()).toBe(0);
			// A metric one side lacks is a dash to the eye and words to a screen reader.
			const weights = page.getByRole('table', { name: 'Weights, as a share of the total' });
			const absent = (label: string) =>
				weights.locator('tr', { has: page.locator('th', { hasText: label }) }).locator('td').evaluateAll((tds) =>
					tds.map((td) => ({ shown: td.querySelector('[aria-hidden="true"]')?.textContent ?? null, said: td.querySelector('.visually-hidden')?.textContent ?? null }))
				);
			expect((await absent('Logins'))[0]).toEqual({ shown: '—', said: 'not in your scorecard' });
			expect((await absent('Executive sponsor'))[1]).toEqual({ shown: '—', said: 'not in this scorecard' });
			expect(app.consoleErrors).toEqual([]);
		} finally {
			await app.close();
		}
	});

	test('a link with a segment scorecard for a segment the data lacks says it would score no one', async () => {
		const segments = [{ segment: 'Small business', scorecard: { ...before.scorecard, id: 'small' } }];
		const hash = scorecardLinkHash(await encodeScorecardPayload(toScorecardFile(before.scorecard, { exportedAt: '2026-03-01T00:00:00.000Z', segments })));
		const app = await openApp({ path: hash });
		try {
			const { page } = app;
			const unmatched = page.getByTestId('segments-unmatched');
			await unmatched.waitFor({ timeout: 20_000 });
			expect(await unmatched.textContent()).toBe('No customer here is in segment “Small business”, so its scorecard would score no one (your segments: “Enterprise”, “Mid-market”, “SMB”).');
			expect(app.consoleErrors).toEqual([]);
		} finally {
			await app.close();
		}
	});

	test('a damaged link says so and changes nothing', async () => {
		const app = await openApp({ path: new URL(link).hash.slice(0, -12) + '!!' });
		try {
			const { page } = app;
			await expect.poll(() => page.getByRole('alert').filter({ hasText: 'cannot be imported; nothing was changed' }).count(), { timeout: 20_000 }).toBe(1);
			await page.getByRole('link', { name: 'Overview' }).click();
			await expect.poll(() => page.getByTestId('kpi-average').textContent(), { timeout: 20_000 }).toBe(before.average);
		} finally {
			await app.close();
		}
	});
});

describe('importing over a draft', () => {
	test('says the draft is replaced and not kept', async () => {
		const app = await openApp({ path: '#/scorecard' });
		try {
			const { page } = app;
			// An edit not saved as a version: the draft the import replaces.
			await page.getByLabel('Weight of Product usage').fill('60');
			await page.getByRole('link', { name: 'Share' }).click();
			await page.getByLabel('Import a scorecard file').setInputFiles({ name: 'team.json', mimeType: 'application/json', buffer: Buffer.from(demoFile) });
			const warning = page.getByTestId('draft-replaced');
			await warning.waitFor();
			expect(await warning.textContent()).toContain('importing replaces them, and they are not kept');
			expect(app.consoleErrors).toEqual([]);
		} finally {
			await app.close();
		}
	});
});

describe('a share link made before the scorecard changed', () => {
	test('is not offered any more: the panel says to make it again, and the new one carries the scorecard as it is', async () => {
		const app = await openApp({ path: '#/scorecard' });
		try {
			const { page } = app;
			await page.getByLabel('Weight of Product usage').fill('60');
			await page.getByRole('link', { name: 'Share' }).click();
			await page.getByRole('button', { name: 'Make a share link' }).click();
			await expect.poll(() => page.getByTestId('share-link').count()).toBe(1);
			// An import in the panel beside it brings the demo's scorecard back; the link carried weight 60.
			await page.getByLabel('Import a scorecard file').setInputFiles({ name: 'team.json', mimeType: 'application/json', buffer: Buffer.from(demoFile) });
			await page.getByRole('button', { name: 'Import this scorecard' }).click();
			await expect.poll(() => page.getByRole('status').filter({ hasText: 'it is now your scorecard' }).count()).toBe(1);
			expect(await page.getByTestId('share-link').count()).toBe(0);
			expect(await page.getByRole('button', { name: 'Copy link' }).count()).toBe(0);
			expect(await page.getByRole('status').filter({ hasText: 'Your scorecard has changed since the link was made' }).count()).toBe(1);
			await page.getByRole('button', { name: 'Make a share link' }).click();
			await expect.poll(() => page.getByTestId('share-link').count()).toBe(1);
			const made = await decodeScorecardPayload(new URL(await page.getByTestId('share-link').inputValue()).hash.replace('#/open-scorecard/', ''));
			if (!made.ok) throw new Error(made.problems.join('\n'));
			expect(made.file.scorecard.metrics).toEqual(before.scorecard.metrics);
			expect(await page.getByRole('status').filter({ hasText: 'Your scorecard has changed since the link was made' }).count()).toBe(0);
			expect(app.consoleErrors).toEqual([]);
		} finally {
			await app.close();
		}
	});
});

describe('SQL export', () => {
	test('shows the query core writes for the workspace, for the table named', async () => {
		const app = await openApp({ path: '#/share' });
		try {
			const { page } = app;
			const meta = generateDemo({ accounts: 1 }).meta;
			const columnKinds = Object.fromEntries(meta.columns.map((c) => [c.name, c.kind]));
			const query = page.getByTestId('sql-query');
			await expect.poll(() => query.count(), { timeout: 20_000 }).toBe(1);
			const shown = await query.inputValue();
			const generatedBy = /^-- (Exported from Checkup on \d{4}-\d{2}-\d{2})$/m.exec(shown)?.[1];
			expect(shown).toBe(scorecardSql(before.scorecard, { table: 'customers', columnKinds, roles: meta.roles, generatedBy }));
			await page.getByLabel('Table to read').fill('analytics.accounts');
			await expect.poll(() => query.inputValue()).toContain('FROM "analytics"."accounts"');
			expect(app.consoleErrors).toEqual([]);
		} finally {
			await app.close();
		}
	});
});
