/**
 * A segment scorecard's metrics are read on its own customers: the preview's bars and the line saying which way the
 * metric scores (the churned and retained customers' means) count the Enterprise customers only, hand-counted here
 * on the demo's rows with a plain loop, and the caption says whose customers they are.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatMean } from '../../src/lib/components/scorecard/direction-note';
import { generateDemo } from '../../src/lib/core/demo';
import { cell } from '../../src/lib/core/table';
import { formatCount, UNIT_SPACE } from '../../src/lib/format';
import { openApp, type AppSession } from './browser';

const table = generateDemo().table;
const rows = Array.from({ length: table.rowCount }, (_, i) => i);
const latest = rows.reduce((d, i) => (String(cell(table.columns.as_of, i)) > d ? String(cell(table.columns.as_of, i)) : d), '');

/** Customers of the latest snapshot, and the seat-utilization means of churned and retained ones on the snapshot with most churned. */
function handCount(keep: (i: number) => boolean) {
	const now = rows.filter((i) => keep(i) && cell(table.columns.as_of, i) === latest).length;
	const churnedBy = new Map<string, number>();
	for (const i of rows) if (keep(i) && cell(table.columns.churned, i) === 'Yes') churnedBy.set(String(cell(table.columns.as_of, i)), (churnedBy.get(String(cell(table.columns.as_of, i))) ?? 0) + 1);
	const snapshot = [...churnedBy].sort(([a, x], [b, y]) => y - x || (b > a ? 1 : -1))[0][0];
	const sum = { Yes: 0, No: 0 }, count = { Yes: 0, No: 0 };
	for (const i of rows) {
		const outcome = cell(table.columns.churned, i) as 'Yes' | 'No' | null;
		const value = cell(table.columns.seat_utilization, i) as number;
		if (!keep(i) || outcome === null || cell(table.columns.as_of, i) !== snapshot || !Number.isFinite(value)) continue;
		sum[outcome] += value;
		count[outcome]++;
	}
	return { now, snapshot, withOutcome: count.Yes + count.No, churned: sum.Yes / count.Yes, retained: sum.No / count.No };
}
const enterprise = handCount((i) => cell(table.columns.segment, i) === 'Enterprise');
const others = handCount((i) => cell(table.columns.segment, i) !== 'Enterprise');
const everyone = handCount(() => true);

const note = (who: string, f: ReturnType<typeof handCount>) =>
	`Higher is better — churned customers had less: ${formatMean(f.churned)} on average against ${formatMean(f.retained)} for retained ones (${formatCount(f.withOutcome)} ${who} with an outcome in the snapshot of ${f.snapshot}).`;

describe('a segment scorecard’s metric figures', () => {
	let app: AppSession;
	beforeAll(async () => {
		app = await openApp({ path: '#/scorecard' });
	});
	afterAll(async () => {
		await app?.close();
	});

	test('are its customers’, and say so', async () => {
		const { page } = app;
		const usage = page.locator('fieldset.metric').filter({ has: page.getByLabel('Weight of Product usage') });
		const direction = usage.getByTestId('direction-note');
		await expect.poll(() => direction.textContent(), { timeout: 20_000 }).toBe(note('customers', everyone));
		expect(await usage.locator('figcaption').textContent()).toMatch(/^Bars: customers · /);
		// The hand count: 203 Enterprise customers now; 229 with an outcome on 2026-03-01, the snapshot with most of them churned.
		expect([enterprise.now, enterprise.withOutcome, enterprise.snapshot]).toEqual([203, 229, '2026-03-01']);
		expect(formatMean(enterprise.churned)).not.toBe(formatMean(everyone.churned));
		await page.getByLabel('Segment', { exact: true }).selectOption('Enterprise');
		await page.getByRole('button', { name: 'Add segment scorecard' }).click();
		await expect.poll(() => page.getByRole('button', { name: 'Enterprise', pressed: true }).count()).toBe(1);
		await expect.poll(() => direction.textContent()).toBe(note('Enterprise customers', enterprise));
		expect(await usage.locator('figcaption').textContent()).toMatch(/^Bars: Enterprise customers, 203 · /);
		expect(await usage.locator('svg').getAttribute('aria-label')).toBe(`Sub-score from 0 at 40 to 100 at 90; 203 customers, 0${UNIT_SPACE}% missing`);
		expect(await page.getByTestId('scored-by-this').textContent()).toBe('203');
		// The default scorecard now scores everyone else: its figures are theirs.
		await page.getByRole('button', { name: /^Default/ }).click();
		await expect.poll(() => direction.textContent()).toBe(note('customers of the default scorecard', others));
		expect(await usage.locator('figcaption').textContent()).toBe(`Bars: customers of the default scorecard, ${formatCount(others.now)} · Line: sub-score 0–100`);
		expect(others.now + enterprise.now).toBe(everyone.now);
		expect(app.consoleErrors).toEqual([]);
	});
});
