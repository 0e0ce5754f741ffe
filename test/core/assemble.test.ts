/** Several imports → one portfolio, against expectations worked out by hand from the three small files below. */
import { describe, expect, it } from 'vitest';
import { assemblePortfolio, compareImports, followRoleColumns, hasSnapshotRows, PORTFOLIO_ID } from '../../src/lib/core/assemble';
import { describeColumns, type Dataset, type DatasetRoles } from '../../src/lib/core/dataset';
import { currentView } from '../../src/lib/core/portfolio';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import { columnLength, encodeCategories, type Column } from '../../src/lib/core/table';

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
		expect(codes(c.customer_name)).toEqual([[0, 1, -1, -1, -1, -1], ['Acme', 'Beta']]);
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
			{ level: 'info', message: '“plan (feb.csv)” is not in jan.csv: 2 rows have no value for it.' },
			{ level: 'info', message: '“tickets” is not in jan.csv: 2 rows have no value for it.' }
		]);
		// The current view is February's snapshot: A, B, D.
		const view = currentView(out);
		expect(view.asOf).toBe('2026-02-01');
		expect(values(view.table.columns.customer_id)).toEqual(['A', 'B', 'D']);
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
