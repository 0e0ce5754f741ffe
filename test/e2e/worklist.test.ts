/**
 * The worklist through the UI of the production build: on the demo ranked by score (no model), then, after
 * training on the Learn page, by revenue at risk from that run's stored churn model (checked against the suggest
 * fit made in node, and against ARR × probability worked out in node from the stored model), filtered by owner;
 * exported as CSV with a formula in a customer's name neutralised.
 */
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { cell } from '../../src/lib/core/table';
import type { ChurnModel } from '../../src/lib/core/worklist';
import { formatMoney, formatPercent, formatScore } from '../../src/lib/format';
import { fitLogistic } from '../../src/lib/ml/logistic';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { buildTrainingSet } from '../../src/lib/ml/training';
import { importCsvFile, openApp, type AppSession } from './browser';
import { demoHistory } from './expected-history';

// Runs of spaces and line breaks read as one space; the no-break space between a number and its unit stays.
const rowsOf = (page: Page) =>
	page.getByTestId('worklist').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td'), (c) => c.textContent!.replace(/[ \t\n\r]+/g, ' ').trim())));

/**
 * The first rows' cells outside the table's scroll box (scrolled to its left edge), whether the box scrolls, each
 * cell whose left and right edges are not its column header's, and how many lines (distinct tops) the first row takes.
 */
function layoutOf(page: Page) {
	return page.getByTestId('worklist').evaluate((table) => {
		const box = table.parentElement!;
		box.scrollLeft = 0;
		const edge = box.getBoundingClientRect();
		const [left, right] = [edge.left + box.clientLeft, Math.min(edge.left + box.clientLeft + box.clientWidth, window.innerWidth)];
		const heads = [...table.querySelectorAll('thead th')];
		const rows = [...table.querySelectorAll('tbody tr')].slice(0, 5);
		const out: string[] = [], misaligned: string[] = [];
		for (const row of rows) {
			[...row.children].forEach((c, k) => {
				const r = c.getBoundingClientRect(), h = heads[k].getBoundingClientRect();
				const what = `${heads[k].textContent!.replace(/\s+/g, ' ').trim()}: ${c.textContent!.replace(/\s+/g, ' ').trim()}`;
				if (r.left < left - 0.5 || r.right > right + 0.5) out.push(`${what} ${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(left)}–${Math.round(right)}`);
				if (Math.abs(r.left - h.left) > 1 || Math.abs(r.right - h.right) > 1) misaligned.push(what);
			});
		}
		const lines = new Set([...rows[0].children].map((c) => Math.round(c.getBoundingClientRect().top))).size;
		return { out, misaligned, scrolls: box.scrollWidth > box.clientWidth, lines };
	});
}

/** On a phone every figure of a customer is in view, under its header; on a wide screen a customer is one line of the table. */
async function expectCardsOnAPhone(page: Page, columns: number) {
	const before = page.viewportSize();
	try {
		for (const width of [390, 320]) {
			await page.setViewportSize({ width, height: 800 });
			await expect.poll(() => layoutOf(page).then((l) => l.scrolls), { message: `${width} px` }).toBe(false);
			const at = await layoutOf(page);
			expect(at.out, `${width} px`).toEqual([]);
			expect(at.misaligned, `${width} px`).toEqual([]);
			// Rank, the customer and Score; then the other figures three to a line.
			expect(at.lines, `${width} px`).toBe(1 + Math.ceil((columns - 3) / 3));
		}
		await page.setViewportSize({ width: 1280, height: 800 });
		await expect.poll(() => layoutOf(page).then((l) => l.lines)).toBe(1);
		expect((await layoutOf(page)).out).toEqual([]);
	} finally {
		if (before) await page.setViewportSize(before);
	}
}

async function openWorklist(page: Page) {
	await page.getByRole('link', { name: 'Overview', exact: true }).click();
	await page.getByRole('link', { name: 'Worklist', exact: true }).click();
	await page.getByTestId('worklist-ranking').waitFor({ timeout: 30_000 });
}

/** The training runs in the app's IndexedDB, as stored. */
function storedRuns(page: Page) {
	return page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open('checkup');
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		try {
			return await new Promise<{ id: string; createdAt: string; results: Record<string, unknown> }[]>((resolve, reject) => {
				const all = db.transaction('runs', 'readonly').objectStore('runs').getAll();
				all.onsuccess = () => resolve(all.result);
				all.onerror = () => reject(all.error);
			});
		} finally {
			db.close();
		}
	});
}

/** The suggest fit on the demo made in node (tfjs for node): retained on the sub-scores, coefficients ≥ 0. */
async function suggestFit() {
	const demo = generateDemo();
	const set = buildTrainingSet(demo, demoScorecard());
	const { metricIds, columns, fillMeans } = set.features;
	const fit = await fitLogistic(await loadTfNode(), { n: set.y.length, names: metricIds, columns }, Uint8Array.from(set.y, (v) => 1 - v), { nonNegative: true });
	return { metricIds, fit, fill: fillMeans };
}

describe('worklist', () => {
	let app: AppSession;
	let dir: string;
	const expected = demoHistory();
	const latest = expected.snapshots.at(-1)!;
	const t = latest.table;
	const text = (column: string, j: number) => String(cell(t.columns[column], j) ?? '');
	const atRisk = Array.from({ length: t.rowCount }, (_, j) => j).filter((j) => latest.result.band[j] === 0);
	/**
	 * The demo's churners leave the snapshots before their churn date, so none in the latest one has churned yet (none
	 * is left out); those whose churn date is still to come, after its as-of date, are marked under their name.
	 */
	const leaving = (j: number) => (text('churned', j) === 'Yes' && text('churn_date', j) > latest.asOf ? text('churn_date', j) : '');
	const customerCell = (j: number) => text('account_name', j) + (leaving(j) ? `Leaving on ${leaving(j)}` : '');

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
		// The line above it claims no ranking of its own: "the most revenue at risk first" read wrong without a model.
		expect(await page.getByTestId('worklist-intro').textContent()).toBe("Who needs a call today: the latest snapshot's customers, the most at risk first, each with its band's recommended action.");
		const order = [...atRisk].sort((a, b) => latest.result.score[a] - latest.result.score[b] || a - b);
		expect(await page.getByRole('button', { name: /^Export/ }).textContent()).toBe(`Export ${order.length} as CSV`);
		const rows = await rowsOf(page);
		expect(rows).toHaveLength(Math.min(50, order.length));
		// Score and Band with its action come right after the customer, what the page is for; the rest follows.
		expect(await page.getByTestId('worklist').locator('thead th').allTextContents()).toEqual([
			'Rank', 'Customer', 'Score', 'Band and action', `Change (points since ${expected.snapshots.at(-2)!.asOf})`, 'Segment', 'Owner', 'ARR'
		]);
		const atRiskBand = expected.scorecard.bands[0];
		expect(rows.slice(0, 10).map((r) => [r[1], r[2], r[3]])).toEqual(
			order.slice(0, 10).map((j) => [customerCell(j), formatScore(latest.result.score[j]), `${atRiskBand.label}${atRiskBand.action}`])
		);
		// The lowest score is one of them (its churn date 2026-11-09), so the mark is checked where it shows.
		expect(leaving(order[0])).not.toBe('');
		expect(await page.getByTestId('worklist-churned').count()).toBe(0);
		expect(await page.getByRole('checkbox', { name: 'Show churned customers' }).count()).toBe(0);
	});

	test('Change says it is health-score points since the previous snapshot, and a fall reads with a minus sign (U+2212)', async () => {
		const { page } = app;
		const previous = expected.snapshots.at(-2)!;
		expect(await page.getByTestId('change-header').textContent()).toBe(`Change (points since ${previous.asOf})`);
		expect((await page.getByTestId('change-note').textContent())!.replace(/\s+/g, ' ').trim()).toBe(
			`Change: health-score points since the customer’s previous snapshot, ${previous.asOf} (or the date under the change); – where there is no score to compare.`
		);
		// Each listed customer's change worked out here: the scores as shown (one decimal, half-way up) at its latest
		// snapshot and the last one before it that has the customer, written with a true minus sign, U+2212.
		const ids = t.columns[expected.dataset.meta.roles.id];
		const shown = (x: number) => Math.floor(x * 10 + 0.5);
		const changeOf = (j: number) => {
			const id = String(cell(ids, j));
			const before = expected.snapshots.slice(0, -1).reverse().find((s) => s.rowOf.has(id));
			const from = before ? before.result.score[before.rowOf.get(id)!] : NaN;
			const now = latest.result.score[j];
			if (from !== from || now !== now) return '–';
			const d = shown(now) - shown(from);
			const text = d === 0 ? '0.0' : `${d < 0 ? '\u2212' : '+'}${(Math.abs(d) / 10).toFixed(1)}`;
			return before!.asOf === previous.asOf ? text : `${text} since ${before!.asOf}`;
		};
		const order = [...atRisk].sort((a, b) => latest.result.score[a] - latest.result.score[b] || a - b);
		const want = order.slice(0, 50).map(changeOf);
		expect((await rowsOf(page)).map((r) => r[4])).toEqual(want);
		// The demo's At risk customers include falls, and none is written with a hyphen-minus.
		expect(want.filter((c) => c.startsWith('\u2212')).length).toBeGreaterThan(0);
		expect(want.some((c) => c.startsWith('-'))).toBe(false);

		// The export follows the page's columns, its change a plain number (ASCII minus) with the date it is since.
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export/ }).click()]);
		const path = join(dir, 'worklist-change.csv');
		await download.saveAs(path);
		const lines = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '').split('\r\n');
		// Customers marked Leaving are listed: the export has their outcome and churn date too. No model is trained yet, so,
		// as on the page, no churn probability or revenue at risk column.
		expect(lines[0]).toBe('rank,customer_id,name,score,band,recommended_action,change,change_since,segment,owner,arr,outcome,churn_date');
		const changeCells = (j: number) => {
			const id = String(cell(ids, j));
			const before = expected.snapshots.slice(0, -1).reverse().find((s) => s.rowOf.has(id));
			const from = before ? before.result.score[before.rowOf.get(id)!] : NaN;
			const now = latest.result.score[j];
			if (from !== from || now !== now) return ',';
			return `${(shown(now) - shown(from)) / 10 + 0},${before!.asOf}`;
		};
		const cells = Papa.parse<string[]>(lines.slice(1, -1).join('\n')).data;
		expect(cells.map((c) => c[1])).toEqual(order.map((j) => String(cell(ids, j))));
		expect(cells.map((c) => `${c[6]},${c[7]}`)).toEqual(order.map(changeCells));
		expect(cells.some((c) => c[6].startsWith('-'))).toBe(true);
		expect(cells.map((c) => c.slice(8, 10))).toEqual(order.map((j) => [text('segment', j), text('owner', j)]));
		expect(cells.map((c) => c.slice(11))).toEqual(order.map((j) => (leaving(j) ? ['Leaving', leaving(j)] : ['', ''])));
	});

	test('shows Score, Band and action with the customer without scrolling sideways at 390 and 320 px, the longest band too', async () => {
		const { page } = app;
		const before = page.viewportSize();
		/** The first row's customer cell, its Score cell, its chip and action, and the scroll box's edges. */
		const measure = () =>
			page.getByTestId('worklist').evaluate((table) => {
				const box = table.parentElement!;
				const edge = box.getBoundingClientRect();
				const heads = [...table.querySelectorAll('thead th')].map((h) => h.textContent);
				const row = table.querySelector('tbody tr')!;
				const cells = [...row.children].map((c) => c.getBoundingClientRect());
				const [chip, action] = ['.band-chip', '.action'].map((s) => row.querySelector(s)!.getBoundingClientRect());
				const right = Math.min(edge.left + box.clientLeft + box.clientWidth, window.innerWidth);
				return {
					heads: heads.slice(0, 4), scrollLeft: box.scrollLeft, right,
					customer: [cells[1].left, cells[1].right], score: [cells[2].left, cells[2].right], chip: [chip.left, chip.right], action: [action.left, action.right]
				};
			});
		try {
			// The default view (At risk) and the band with the longest name and action.
			const longest = expected.scorecard.bands.reduce((a, b) => (b.label.length + b.action.length > a.label.length + a.action.length ? b : a));
			for (const width of [390, 320]) {
				await page.setViewportSize({ width, height: 800 });
				for (const band of [expected.scorecard.bands[0], longest]) {
					await page.getByRole('combobox', { name: 'Band', exact: true }).selectOption({ label: band.label });
					await expect.poll(() => page.getByTestId('worklist-row').first().locator('.band-chip').textContent()).toBe(band.label);
					const at = await measure();
					const where = `${band.label} at ${width} px`;
					// Too narrow for the longest band ("Needs attention") in a column of its own: it goes under the name.
					expect(at.heads, where).toEqual(['Rank', 'Customer, band and action', 'Score', `Change (points since ${expected.snapshots.at(-2)!.asOf})`]);
					expect(at.scrollLeft, where).toBe(0);
					expect(at.customer[0], where).toBeGreaterThanOrEqual(0);
					expect(at.score[0], where).toBeGreaterThanOrEqual(at.customer[1] - 0.5);
					expect(at.score[1], where).toBeLessThanOrEqual(at.right + 0.5);
					for (const [left, right] of [at.chip, at.action]) {
						expect(left, where).toBeGreaterThanOrEqual(at.customer[0] - 0.5);
						expect(right, where).toBeLessThanOrEqual(Math.min(at.customer[1], at.right) + 0.5);
					}
				}
			}
			await page.getByRole('combobox', { name: 'Band', exact: true }).selectOption({ label: expected.scorecard.bands[0].label });
		} finally {
			if (before) await page.setViewportSize(before);
		}
	});

	test('on a phone each customer is a card: Change, Segment, Owner and ARR under their headers, inside the box', async () => {
		const { page } = app;
		// 716 px of table in a 368 px box at 390 px: Change and ARR were past its right edge.
		await expectCardsOnAPhone(page, 7);
	});

	test('after training on the Learn page it ranks by revenue at risk from that run: ARR × the stored model’s churn probability', async () => {
		const { page } = app;
		await page.getByRole('link', { name: 'Learn', exact: true }).click();
		// The model is the fit on every customer; fewer resamples only make the validation quicker.
		await page.getByTestId('learn-advanced').locator('summary').click();
		await page.getByLabel('Bootstrap resamples').fill('200');
		await page.getByRole('button', { name: 'Train', exact: true }).click();
		await expect.poll(() => page.getByTestId('runs-table').locator('tbody tr').count(), { timeout: 120_000 }).toBe(1);

		const runs = await storedRuns(page);
		expect(runs).toHaveLength(1);
		const { createdAt, results } = runs[0];
		const model = results.model as ChurnModel;
		expect(model.kind).toBe('churn-logistic-subscores');
		// The model is the suggest fit (label = retained, coefficients ≥ 0) made here in node, with the sign turned.
		const want = await suggestFit();
		expect(model.metricIds).toEqual(want.metricIds);
		expect(model.intercept).toBeCloseTo(-want.fit.interceptRaw, 5);
		model.coef.forEach((b, j) => expect(b).toBeCloseTo(-want.fit.coefRaw[j], 6));
		expect(model.fill).toEqual(want.fill);

		// The Learn page says where the model is used, and links there.
		await page.getByTestId('runs-worklist').getByRole('link', { name: 'Worklist' }).click();
		await page.getByTestId('worklist-ranking').waitFor({ timeout: 30_000 });
		await expect.poll(() => page.getByTestId('worklist-ranking').textContent()).toBe(`Ranked by revenue at risk: ARR × churn probability from the churn model “run of ${await page.evaluate((iso) => { const d = new Date(iso); const two = (n: number) => String(n).padStart(2, '0'); return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`; }, createdAt)}”.`);

		// In node, from the stored run: P(churn) = 1 / (1 + e^−(intercept + Σ coef × sub-score)) on the latest snapshot.
		const k = model.metricIds.map((id) => expected.scorecard.metrics.findIndex((m) => m.id === id));
		const arr = t.columns.arr.kind === 'number' ? t.columns.arr.values : new Float64Array();
		const probability = (j: number) => {
			let logit = model.intercept;
			k.forEach((metric, n) => {
				const s = latest.result.subScores(metric)[j];
				logit += model.coef[n] * (s === s ? s : model.fill[n]);
			});
			return 1 / (1 + Math.exp(-logit));
		};
		const revenue = (j: number) => arr[j] * probability(j);
		const order = [...atRisk].sort((a, b) => revenue(b) - revenue(a) || a - b);
		const rows = await rowsOf(page);
		expect(rows.slice(0, 10).map((r) => [r[1], r.at(-2), r.at(-1)])).toEqual(order.slice(0, 10).map((j) => [customerCell(j), formatPercent(probability(j) * 100), formatMoney(revenue(j), 'USD')]));

		// The revenue at risk the list is ranked by, with ARR and the probability, in view on a phone too.
		await expectCardsOnAPhone(page, 9);

		const owner = text('owner', order[0]);
		await page.getByRole('combobox', { name: 'Owner', exact: true }).selectOption(owner);
		const mine = order.filter((j) => text('owner', j) === owner);
		await expect.poll(() => page.getByRole('button', { name: /^Export/ }).textContent()).toBe(`Export ${mine.length} as CSV`);
		expect((await rowsOf(page)).map((r) => r[1])).toEqual(mine.slice(0, 50).map(customerCell));

		// An owner with no At risk customer: the list says so instead of showing an empty table.
		const owners = await page.getByRole('combobox', { name: 'Owner', exact: true }).locator('option').allTextContents();
		const idle = owners.find((o) => o !== 'Every owner' && !order.some((j) => text('owner', j) === o));
		if (idle) {
			await page.getByRole('combobox', { name: 'Owner', exact: true }).selectOption(idle);
			await expect.poll(() => page.getByRole('status').filter({ hasText: 'No customer matches these filters.' }).count()).toBe(1);
			expect(await page.getByTestId('worklist').count()).toBe(0);
		} else {
			// Every owner has one: a segment and owner pair then.
			const pairs = owners.flatMap((o) => ['SMB', 'Mid-market', 'Enterprise'].map((seg) => [o, seg] as const));
			const [o, seg] = pairs.find(([o, seg]) => o !== 'Every owner' && !order.some((j) => text('owner', j) === o && text('segment', j) === seg))!;
			await page.getByRole('combobox', { name: 'Owner', exact: true }).selectOption(o);
			await page.getByRole('combobox', { name: 'Segment', exact: true }).selectOption(seg);
			await expect.poll(() => page.getByRole('status').filter({ hasText: 'No customer matches these filters.' }).count()).toBe(1);
			expect(await page.getByTestId('worklist').count()).toBe(0);
			await page.getByRole('combobox', { name: 'Segment', exact: true }).selectOption({ index: 0 });
		}
		await page.getByRole('combobox', { name: 'Owner', exact: true }).selectOption({ label: 'Every owner' });
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
		await importCsvFile(page, file, { asOf: '2026-12-01', consoleErrors: app.consoleErrors });
		await openWorklist(page);
		await page.getByRole('combobox', { name: 'Band', exact: true }).selectOption({ label: 'Every band' });
		await page.getByRole('combobox', { name: 'Owner', exact: true }).selectOption({ label: 'Every owner' });
		await expect.poll(() => page.getByRole('button', { name: /^Export/ }).textContent()).toBe('Export 4 as CSV');
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export/ }).click()]);
		const path = join(dir, 'worklist.csv');
		await download.saveAs(path);
		const lines = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '').split('\r\n');
		// The page's columns: one snapshot (no change) and no model (no churn probability or revenue at risk).
		expect(lines[0]).toBe('rank,customer_id,name,score,band,recommended_action,segment,owner,arr');
		// Lowest score first: R1 (logins 1, NPS 0), R2, then the healthier two.
		expect(lines.slice(1, 5).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['1,R1', '2,R2', '3,R4', '4,R3'].map((x) => x));
		expect(lines[1]).toContain(`,"'=HYPERLINK(""http://example.invalid"",""open"")",`);
		expect(lines[2]).toContain(",'+SUM(1;2),");
		expect(lines[5]).toBe('');
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
	});
});
