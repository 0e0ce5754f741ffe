/** Several imports → one portfolio, against expectations worked out by hand from the three small files below. */
import { describe, expect, it } from 'vitest';
import { assemblePortfolio, assembleSteps, compareImports, followRoleColumns, hasSnapshotRows, PORTFOLIO_ID, type Portfolio } from '../../src/lib/core/assemble';
import { describeColumns, type Dataset, type DatasetRoles } from '../../src/lib/core/dataset';
import { currentView } from '../../src/lib/core/portfolio';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import { STEP_ROWS, type Steps } from '../../src/lib/core/steps';
import { columnLength, encodeCategories, type Column } from '../../src/lib/core/table';
import { PackedTexts } from '../../src/lib/core/text-values';
import { nextTask, runInSteps } from '../../src/lib/workers/next-task';

function dataset(id: string, createdAt: string, roles: DatasetRoles, columns: Record<string, Column>): Dataset {
	const rowCount = columnLength(Object.values(columns)[0]);
	const table = { rowCount, columns };
	const asOf = roles.asOf ? columns[roles.asOf] : undefined;
	const levels = asOf?.kind === 'category' ? asOf.levels : [];
	return { meta: { id, name: `${id}.csv`, source: 'file', createdAt, rowCount, columns: describeColumns(table), roles, snapshots: [...levels] }, table };
}
const text = (...values: (string | null)[]): Column => ({ kind: 'text', values });
const num = (...values: number[]): Column => ({ kind: 'number', values: Float64Array.from(values) });

/** January: A, B, C as of 2026-01-01, with a name, a segment, ARR, logins and a category "plan". */
const jan = () =>
	dataset('jan', '2026-01-05T09:00:00.000Z', { id: 'cid', name: 'nm', segment: 'seg', arr: 'ARR', asOf: 'as_of' }, {
		cid: text('A', 'B', 'C'),
		nm: text('Acme', 'Beta', 'Gamma'),
		seg: encodeCategories(['Pro', 'Basic', 'Pro']),
		ARR: num(100, 200, 300),
		logins: num(10, 20, 30),
		plan: encodeCategories(['Gold', 'Silver', null]),
		as_of: encodeCategories(['2026-01-01', '2026-01-01', '2026-01-01'])
	});

/** February: A, B, D as of 2026-02-01 plus a corrected C as of 2026-01-01; "plan" is a number here; tickets is new. */
const feb = () =>
	dataset('feb', '2026-02-05T09:00:00.000Z', { id: 'customer', segment: 'tier', asOf: 'month', outcome: 'churn' }, {
		customer: text('A', 'B', 'D', 'C'),
		tier: encodeCategories(['Pro', 'Enterprise', 'Pro', 'Enterprise']),
		month: { kind: 'category', codes: Int32Array.of(1, 1, 1, 0), levels: ['2026-01-01', '2026-02-01'] },
		logins: num(11, 21, 41, 33),
		plan: num(1, 2, 3, 4),
		tickets: num(0, 1, 2, 5),
		churn: encodeCategories(['No', 'No', 'Yes', 'Yes'], ['No', 'Yes'])
	});

/** Outcomes: B churned on 2026-02-20, C did not after all, Z is nobody's. */
const outcomes = () =>
	dataset('outcomes', '2026-03-01T09:00:00.000Z', { id: 'id', outcome: 'churned', churnDate: 'churned_on' }, {
		id: text('B', 'C', 'Z'),
		churned: encodeCategories(['Yes', 'No', 'Yes'], ['No', 'Yes']),
		churned_on: text('2026-02-20', null, '2026-03-01')
	});

const codes = (c: Column) => (c.kind === 'category' ? [Array.from(c.codes), c.levels] : null);
const values = (c: Column): unknown[] | null => (c.kind === 'category' ? null : Array.from<unknown>(c.values));

describe('assemblePortfolio', () => {
	it('returns a single import as it is', () => {
		const only = jan();
		const { dataset: out, notices } = assemblePortfolio([only]);
		expect(out).toBe(only);
		expect(notices).toEqual([]);
	});

	it('stacks two snapshot files and joins an outcomes file by customer ID', () => {
		const { dataset: out, notices } = assemblePortfolio([jan(), feb(), outcomes()]);
		const c = out.table.columns;
		// Rows: A, B of January (its C is replaced by February's C of the same date), then all of February.
		expect(out.table.rowCount).toBe(6);
		expect(Object.keys(c)).toEqual(['customer_id', 'customer_name', 'segment', 'arr', 'as_of', 'churned', 'churn_date', 'logins', 'plan', 'plan (feb.csv)', 'tickets']);
		expect(values(c.customer_id)).toEqual(['A', 'B', 'A', 'B', 'D', 'C']);
		// Names stay text, as an import's name column is (csv/profile.ts), not a category of one level per customer.
		expect(values(c.customer_name)).toEqual(['Acme', 'Beta', null, null, null, null]);
		expect(codes(c.segment)).toEqual([[0, 1, 0, 2, 0, 2], ['Pro', 'Basic', 'Enterprise']]);
		expect(values(c.arr)).toEqual([100, 200, NaN, NaN, NaN, NaN]);
		expect(codes(c.as_of)).toEqual([[0, 0, 1, 1, 1, 0], ['2026-01-01', '2026-02-01']]);
		// February's churn column, then the outcomes file wins for B (Yes) and C (No); January's A has none.
		expect(codes(c.churned)).toEqual([[-1, 1, 0, 1, 1, 0], ['No', 'Yes']]);
		expect(values(c.churn_date)).toEqual([null, '2026-02-20', null, '2026-02-20', null, null]);
		expect(values(c.logins)).toEqual([10, 20, 11, 21, 41, 33]);
		expect(codes(c.plan)).toEqual([[0, 1, -1, -1, -1, -1], ['Gold', 'Silver']]);
		expect(values(c['plan (feb.csv)'])).toEqual([NaN, NaN, 1, 2, 3, 4]);
		expect(values(c.tickets)).toEqual([NaN, NaN, 0, 1, 2, 5]);
		expect(out.meta).toMatchObject({
			id: PORTFOLIO_ID,
			name: 'Portfolio of 3 imports',
			createdAt: '2026-03-01T09:00:00.000Z',
			rowCount: 6,
			snapshots: ['2026-01-01', '2026-02-01'],
			roles: { id: 'customer_id', name: 'customer_name', segment: 'segment', arr: 'arr', asOf: 'as_of', outcome: 'churned', churnDate: 'churn_date' }
		});
		expect(out.meta.columns).toEqual(describeColumns(out.table));
		expect(notices).toEqual([
			{ level: 'info', message: '1 row of jan.csv is left out: a later import has the same customer ID and as-of date.' },
			{ level: 'info', message: 'outcomes.csv adds outcomes only: they join 2 customers by customer ID.' },
			{ level: 'warning', message: '1 customer ID of outcomes.csv is in no snapshot file.' },
			{ level: 'warning', message: '“plan” holds numbers in feb.csv but not in earlier imports: it is kept apart as “plan (feb.csv)”.' },
			{ level: 'info', message: '“plan” is not in feb.csv: 4 rows have no value for it.' },
			{ level: 'info', message: '“plan (feb.csv)” and “tickets” are not in jan.csv: 2 rows have no value for them.' }
		]);
		// The current view is February's snapshot: A, B, D.
		const view = currentView(out);
		expect(view.asOf).toBe('2026-02-01');
		expect(values(view.table.columns.customer_id)).toEqual(['A', 'B', 'D']);
	});

	it('says in one notice which columns a file lacks, naming the first 8 and counting the rest', () => {
		// Two files with nothing in common but the customer ID, as the Telco and BigML tables: one note per file, not per column.
		const metrics = (prefix: string, n: number) => Object.fromEntries(Array.from({ length: n }, (_, k) => [`${prefix}${k + 1}`, num(k, k)]));
		const a = dataset('a', '2026-01-05T09:00:00.000Z', { id: 'id', asOf: 'as_of' }, { id: text('A', 'B'), as_of: encodeCategories(['2026-01-01', '2026-01-01']), ...metrics('x', 10) });
		const b = dataset('b', '2026-01-06T09:00:00.000Z', { id: 'id', asOf: 'as_of' }, { id: text('C', 'D'), as_of: encodeCategories(['2026-01-01', '2026-01-01']), ...metrics('y', 2) });
		expect(assemblePortfolio([a, b]).notices).toEqual([
			{ level: 'info', message: '10 columns are not in b.csv (“x1”, “x2”, “x3”, “x4”, “x5”, “x6”, “x7”, “x8” and 2 more): 2 rows have no value for them.' },
			{ level: 'info', message: '“y1” and “y2” are not in a.csv: 2 rows have no value for them.' }
		]);
	});

	it('lets the later of two imports win for the same customer and date, whatever the file order of rows', () => {
		const again = feb();
		again.meta.id = 'feb2';
		again.meta.createdAt = '2026-02-06T00:00:00.000Z';
		(again.table.columns.logins as { values: Float64Array }).values.set([12, 22, 42, 34]);
		const { dataset: out } = assemblePortfolio([jan(), feb(), again]);
		expect(values(out.table.columns.customer_id)).toEqual(['A', 'B', 'A', 'B', 'D', 'C']);
		expect(values(out.table.columns.logins)).toEqual([10, 20, 12, 22, 42, 34]);
	});

	it('lets the latest outcomes file win over an earlier one, column by column it has', () => {
		const later = dataset('later', '2026-04-01T00:00:00.000Z', { id: 'id', outcome: 'churned' }, { id: text('C'), churned: encodeCategories(['Yes'], ['No', 'Yes']) });
		const { dataset: out } = assemblePortfolio([jan(), feb(), outcomes(), later]);
		expect(codes(out.table.columns.churned)).toEqual([[-1, 1, 0, 1, 1, 1], ['No', 'Yes']]);
		// The later file has no churn date: the earlier outcomes file's dates stay.
		expect(values(out.table.columns.churn_date)).toEqual([null, '2026-02-20', null, '2026-02-20', null, null]);
	});

	it('leaves the snapshot files\' outcome where the outcomes file has a blank', () => {
		const blanks = dataset('blanks', '2026-04-01T00:00:00.000Z', { id: 'id', outcome: 'churned', churnDate: 'churned_on' }, {
			id: text('B', 'C'),
			churned: { kind: 'category', codes: Int32Array.of(-1, 0), levels: ['No', 'Yes'] },
			churned_on: text(null, '2026-03-15')
		});
		const before = assemblePortfolio([jan(), feb(), outcomes()]).dataset.table.columns;
		const { dataset: out } = assemblePortfolio([jan(), feb(), outcomes(), blanks]);
		const ids = values(out.table.columns.customer_id) ?? [];
		// B: both of the blanks file's cells are blank, so B keeps everything the earlier files said.
		const b = ids.flatMap((id, j) => (id === 'B' ? [j] : []));
		for (const j of b) {
			expect(codes(out.table.columns.churned)![0][j]).toBe(codes(before.churned)![0][j]);
			expect(values(out.table.columns.churn_date)![j]).toBe('2026-02-20');
		}
		// C: the blanks file says No, dated 2026-03-15, and wins.
		const c = ids.indexOf('C');
		expect(codes(out.table.columns.churned)![0][c]).toBe(0);
		expect(values(out.table.columns.churn_date)![c]).toBe('2026-03-15');
	});

	it('keeps a metric named like a role column apart, and dates a file without as-of by its import day', () => {
		const other = dataset('other', '2026-02-10T23:00:00.000Z', { id: 'id' }, { id: text('A', 'E'), segment: num(5, 6) });
		const { dataset: out, notices } = assemblePortfolio([jan(), other]);
		expect(Object.keys(out.table.columns)).toContain('segment (other.csv)');
		expect(values(out.table.columns['segment (other.csv)'])).toEqual([NaN, NaN, NaN, 5, 6]);
		expect(codes(out.table.columns.as_of)).toEqual([[0, 0, 0, 1, 1], ['2026-01-01', '2026-02-10']]);
		expect(notices.map((n) => n.message)).toContain('other.csv has no as-of dates: its rows count as of the day it was imported, 2026-02-10.');
		expect(notices.map((n) => n.message)).toContain('The metric “segment” of other.csv has the name of a role column: it is kept as “segment (other.csv)”.');
	});

	it('refuses imports without any snapshot rows, and nothing at all', () => {
		expect(hasSnapshotRows(outcomes().meta)).toBe(false);
		expect(() => assemblePortfolio([outcomes(), outcomes()])).toThrow('invalid datasets; none has metric columns: outcomes.csv, outcomes.csv');
		expect(() => assemblePortfolio([])).toThrow('invalid datasets; none given');
	});
});

describe('compareImports', () => {
	it('orders by import time, then name, then id', () => {
		const metas = [feb().meta, { ...jan().meta, id: 'z' }, jan().meta].sort(compareImports);
		expect(metas.map((m) => m.id)).toEqual(['jan', 'z', 'feb']);
	});
});

describe('followRoleColumns', () => {
	const card = (column: string): Scorecard => ({
		id: 's', name: 'S', bands: defaultBands(),
		metrics: [{ id: 'm', column, label: 'M', weight: 1, normalization: { kind: 'linear', worst: 0, best: 1 }, missing: { kind: 'skip' } }]
	});
	it('moves a metric on a role column to the role column of the new portfolio', () => {
		expect(followRoleColumns(card('ARR'), jan().meta.roles, { id: 'customer_id', arr: 'arr' }).metrics[0].column).toBe('arr');
		const same = card('logins');
		expect(followRoleColumns(same, jan().meta.roles, { id: 'customer_id', arr: 'arr' })).toBe(same);
	});
});

/**
 * The portfolio worked out the plain way, for random imports: a string key per row in Maps and Sets, every
 * cell as text. assemblePortfolio codes customers, packs text and runs in steps; it must give the same.
 */
function reference(datasets: Dataset[]) {
	const plain = new Map<object, (string | null)[]>();
	const cellText = (d: Dataset, name: string | undefined, i: number) => {
		const column = name === undefined ? undefined : d.table.columns[name];
		if (!column) return null;
		if (column.kind === 'number') return Number.isNaN(column.values[i]) ? null : String(column.values[i]);
		if (column.kind === 'category') return column.codes[i] < 0 ? null : column.levels[column.codes[i]];
		if (!plain.has(column.values)) plain.set(column.values, Array.from(column.values));
		return plain.get(column.values)![i];
	};
	const snapshots = datasets.filter((d) => hasSnapshotRows(d.meta));
	const rowsOf = (d: Dataset) => Array.from({ length: d.table.rowCount }, (_, i) => ({
		d, i, id: cellText(d, d.meta.roles.id, i), date: d.meta.roles.asOf ? cellText(d, d.meta.roles.asOf, i) : d.meta.createdAt.slice(0, 10)
	}));
	// A row is kept unless a later snapshot file has a row of its customer at its date.
	const later = new Set<string>();
	const keptPerFile = snapshots.map(rowsOf).reverse().map((rows) => {
		const kept = rows.filter((r) => r.id === null || r.date === null || !later.has(JSON.stringify([r.id, r.date])));
		for (const r of rows) if (r.id !== null && r.date !== null) later.add(JSON.stringify([r.id, r.date]));
		return kept;
	});
	const kept = keptPerFile.reverse().flat();
	// Each outcomes file, in order, overwrites a role's value with its customer's last row's, unless blank.
	const outcomeFiles = datasets.filter((d) => !hasSnapshotRows(d.meta)).map((o) => {
		const last = new Map<string, number>();
		for (const r of rowsOf(o)) if (r.id !== null) last.set(r.id, r.i);
		return { o, last };
	});
	const joined = (role: 'outcome' | 'churnDate') => kept.map((r) => {
		let v = cellText(r.d, r.d.meta.roles[role], r.i);
		for (const { o, last } of outcomeFiles) {
			const i = r.id === null ? undefined : last.get(r.id);
			const w = i === undefined ? null : cellText(o, o.meta.roles[role], i);
			if (w !== null) v = w;
		}
		return v;
	});
	const churned = joined('outcome').map((v) => (v === 'Yes' || v === 'No' ? v : null));
	const churnDate = joined('churnDate');
	return {
		ids: kept.map((r) => r.id),
		dates: kept.map((r) => r.date),
		churned,
		churnDate,
		usage: kept.map((r) => (r.d.table.columns.usage?.kind === 'number' ? (r.d.table.columns.usage.values[r.i] as number) : NaN)),
		note: kept.map((r) => cellText(r.d, r.d.table.columns.note ? 'note' : undefined, r.i))
	};
}

/** Random imports: IDs plain, packed or numbers (with blanks, '' and repeats), as-of dates shared or not, outcomes files with blanks. */
function randomImports(seed: number, maxRows: number): Dataset[] {
	let x = seed;
	const next = (n: number) => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n;
	const pool = ['A', 'B', 'C', 'D', 'E', '', 'é', '名', 'A ', 'a'];
	const days = ['2026-01-01', '2026-02-01', '2026-03-01'];
	const idOf = () => (next(12) === 0 ? null : next(3) === 0 ? pool[next(pool.length)] : `C${next(maxRows)}`);
	const out: Dataset[] = [];
	const files = 2 + next(4);
	for (let f = 0; f < files; f++) {
		const n = next(maxRows) + 1;
		const createdAt = `2026-0${1 + next(4)}-1${f}T00:00:00.000Z`;
		const ids = Array.from({ length: n }, idOf);
		const idColumn: Column = next(4) === 0
			? { kind: 'number', values: Float64Array.from(ids, (id) => (id === null ? NaN : id.length + next(5))) }
			: { kind: 'text', values: next(2) ? PackedTexts.of(ids) : ids };
		const outcomeOnly = f > 0 && next(3) === 0;
		const columns: Record<string, Column> = { id: idColumn };
		const roles: DatasetRoles = { id: 'id' };
		if (!outcomeOnly) {
			columns.usage = num(...ids.map(() => next(100)));
			if (next(2)) columns.note = { kind: 'text', values: PackedTexts.of(ids.map((id) => (next(5) ? `n-${id}` : null))) };
			const asOf = next(3);
			if (asOf === 1) (columns.as_of = encodeCategories(ids.map(() => (next(15) ? days[next(3)] : null)))), (roles.asOf = 'as_of');
			if (asOf === 2) (columns.as_of = text(...ids.map(() => days[next(2)]))), (roles.asOf = 'as_of');
		}
		if (outcomeOnly || next(2)) {
			columns.churn = encodeCategories(ids.map(() => (next(4) ? ['Yes', 'No'][next(2)] : null)), ['No', 'Yes']);
			columns.churned_on = { kind: 'text', values: PackedTexts.of(ids.map(() => (next(3) ? days[next(3)] : null))) };
			roles.outcome = 'churn';
			roles.churnDate = 'churned_on';
		}
		out.push(dataset(`f${f}`, createdAt, roles, columns));
	}
	if (!out.some((d) => hasSnapshotRows(d.meta))) out[0] = randomImports(seed + 1, maxRows)[0];
	return out.sort((a, b) => compareImports(a.meta, b.meta));
}

describe('assemblePortfolio against the plain way', () => {
	it('gives the same rows, IDs, dates, joined outcomes and metrics for random imports, small and past a step', () => {
		let checked = 0;
		for (const [seed, maxRows] of [...Array.from({ length: 60 }, (_, s) => [s + 1, 12]), [101, 300], [102, 300], [103, 40_000]] as [number, number][]) {
			const datasets = randomImports(seed, maxRows);
			if (!datasets.some((d) => hasSnapshotRows(d.meta)) || datasets.length < 2) continue;
			const want = reference(datasets);
			const { dataset: out } = assemblePortfolio(datasets);
			const c = out.table.columns;
			const label = (col: Column) => (col.kind === 'category' ? Array.from(col.codes, (k) => (k < 0 ? null : col.levels[k])) : null);
			expect(out.table.rowCount, `seed ${seed}`).toBe(want.ids.length);
			expect(Array.from(values(c.customer_id)!), `seed ${seed}`).toEqual(want.ids);
			expect(label(c.as_of), `seed ${seed}`).toEqual(want.dates);
			if (c.churned) expect(label(c.churned), `seed ${seed}`).toEqual(want.churned);
			if (c.churn_date) expect(values(c.churn_date), `seed ${seed}`).toEqual(want.churnDate);
			expect(values(c.usage), `seed ${seed}`).toEqual(want.usage);
			if (c.note) expect(values(c.note), `seed ${seed}`).toEqual(want.note);
			checked++;
		}
		expect(checked).toBeGreaterThan(40);
	});
});

describe('assembleSteps', () => {
	it('yields at least once per STEP_ROWS rows of each loop, and runInSteps gives what assemblePortfolio gives', async () => {
		const rows = 3 * STEP_ROWS;
		const big = (id: string, createdAt: string, day: string) =>
			dataset(id, createdAt, { id: 'id', asOf: 'as_of' }, {
				id: { kind: 'text', values: PackedTexts.of(Array.from({ length: rows }, (_, i) => `C${i}`)) },
				as_of: encodeCategories(Array.from({ length: rows }, () => day)),
				usage: { kind: 'number', values: Float64Array.from({ length: rows }, (_, i) => i % 7) }
			});
		const datasets = [big('a', '2026-01-02T00:00:00.000Z', '2026-01-01'), big('b', '2026-02-02T00:00:00.000Z', '2026-01-01')];
		let steps = 0;
		const run = assembleSteps(datasets);
		let next = run.next();
		for (; !next.done; next = run.next()) steps++;
		// At least: coding 2 × 3 steps, dropping (look and add) 3 + 3 + 3, stacking IDs 3 and usage 3.
		expect(steps).toBeGreaterThanOrEqual(24);
		const portfolio = next.value as Portfolio;
		expect(portfolio.dataset.table.rowCount).toBe(rows);
		expect(portfolio.notices.map((n) => n.message)).toContain(`${rows.toLocaleString('en-US')} rows of a.csv are left out: a later import has the same customer ID and as-of date.`);
		const again = await runInSteps(assembleSteps(datasets));
		expect(values(again.dataset.table.columns.customer_id)).toEqual(values(portfolio.dataset.table.columns.customer_id));
		expect(again).toEqual(assemblePortfolio(datasets));
	});

	it('starts in a task of its own and lets the thread run other tasks between steps once the budget is spent', async () => {
		const order: string[] = [];
		function* work(): Steps<string> {
			for (let i = 0; i < 3; i++) {
				order.push(`step ${i}`);
				if (i === 0) void nextTask().then(() => order.push('other task'));
				yield;
			}
			return 'done';
		}
		void nextTask().then(() => order.push('task before'));
		expect(await runInSteps(work(), 0)).toBe('done');
		expect(order).toEqual(['task before', 'step 0', 'other task', 'step 1', 'step 2']);
		order.length = 0;
		// With time left in the budget, the steps run on in the same task.
		const run = runInSteps(work(), 60_000);
		expect(await run).toBe('done');
		expect(order).toEqual(['step 0', 'step 1', 'step 2']);
		await nextTask();
		expect(order).toEqual(['step 0', 'step 1', 'step 2', 'other task']);
	});
});
