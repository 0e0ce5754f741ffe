/**
 * A rule turned off and on again, in the production build: while it is off two snapshots arrive, and once on again
 * it reads them at once. The alerts that raises come without an import, so the rules say how many, open and past,
 * in a live status by the box just ticked. Worked by hand below.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importCsvFile, openApp, type AppSession } from './browser';

const ids = Array.from({ length: 20 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`);
/**
 * One metric, logins: 10 + i for customer i (10 … 29), so the first file's scorecard scores it linearly from its 5th
 * percentile, 10.95, to its 95th, 28.05. Then T18 (27: 93.9) and T20 (29: 100) fall to 0 in February, T19 (28: 99.7)
 * in March, and stay there; everyone else stays as they were. A 10-point drop rule fires three times: February's two
 * (past: March is the newest) and March's one (open). Entering At risk fires at the same three.
 */
const logins = (i: number, m: number) => ((ids[i] === 'T18' || ids[i] === 'T20') && m >= 1) || (ids[i] === 'T19' && m === 2) ? 0 : 10 + i;
const file = (months: [string, number][]) => ['customer_id,as_of,logins', ...months.flatMap(([asOf, m]) => ids.map((id, i) => `${id},${asOf},${logins(i, m)}`)), ''].join('\n');
const DROP = 'Score dropped by at least 10 points';

describe('Alerts: a rule turned off and on again', () => {
	let app: AppSession;
	let dir: string;
	const box = () => app.page.getByRole('checkbox', { name: DROP });
	const said = () => app.page.getByTestId('rule-toggled').textContent();
	const summary = () => app.page.locator('h1 + p').textContent().then((t) => t!.replace(/\s+/g, ' ').trim().split('.')[0]);
	const toAlerts = async () => {
		await app.page.getByRole('link', { name: /^Alerts/ }).click();
		await box().waitFor({ timeout: 30_000 });
	};

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-toggle-'));
		await writeFile(join(dir, 'january.csv'), file([['2026-01-01', 0]]));
		await writeFile(join(dir, 'february-march.csv'), file([['2026-02-01', 1], ['2026-03-01', 2]]));
		app = await openApp({ path: '#/data' });
		await importCsvFile(app.page, join(dir, 'january.csv'), { consoleErrors: app.consoleErrors });
	}, 120_000);
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('turned off, it says it reads what arrives meanwhile once on again', async () => {
		await toAlerts();
		expect(await said()).toBe('');
		await box().uncheck();
		await expect.poll(said).toBe(`“${DROP}” is off: it raises no alerts until it is on again, and then reads the snapshots that arrived meanwhile.`);
		expect(await app.page.getByTestId('rule-toggled').getAttribute('role')).toBe('status');
	});

	test('on again, it says how many alerts it raised for the snapshots that arrived while it was off, open and past', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Data', exact: true }).click();
		await importCsvFile(page, join(dir, 'february-march.csv'), { consoleErrors: app.consoleErrors });
		await toAlerts();
		// Only Entered At risk read them: T18 and T20 in February (past), T19 in March (open).
		await expect.poll(summary).toBe('1 open of 3');
		await box().check();
		await expect.poll(said).toBe(`“${DROP}” is on again: it read the 2 snapshots that arrived while it was off and raised 3 alerts, 1 open and 2 past.`);
		await expect.poll(summary).toBe('2 open of 6');
		expect(app.consoleErrors).toEqual([]);
	});
});
