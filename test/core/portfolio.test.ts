import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY, distinctValues, findCustomer, queryCustomers } from '../../src/lib/core/customers';
import type { Dataset } from '../../src/lib/core/dataset';
import { currentView, scoreHistogram, summarizePortfolio } from '../../src/lib/core/portfolio';
import { scoreTable } from '../../src/lib/core/score';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import { encodeCategories, type Table, type TextColumn } from '../../src/lib/core/table';
import { textArray } from '../../src/lib/core/text-values';

const table: Table = {
	rowCount: 6,
	columns: {
		id: { kind: 'text', values: ['a', 'b', 'c', 'a', 'b', 'd'] },
		name: { kind: 'text', values: ['Acme', 'Beta', 'Cobalt', 'Acme', 'Beta', 'Delta Co'] },
		segment: encodeCategories(['SMB', 'SMB', 'Enterprise', 'SMB', 'SMB', 'Enterprise']),
		arr: { kind: 'number', values: Float64Array.from([10, 20, 30, 100, 200, NaN]) },
		as_of: encodeCategories(['2026-01-01', '2026-01-01', '2026-01-01', '2026-02-01', '2026-02-01', '2026-02-01']),
		health: { kind: 'number', values: Float64Array.from([1, 2, 3, 20, 85, NaN]) }
	}
};
const dataset: Dataset = {
	table,
	meta: {
		id: 't', name: 't', source: 'demo', createdAt: '', rowCount: 6, columns: [], snapshots: ['2026-01-01', '2026-02-01'],
		roles: { id: 'id', name: 'name', segment: 'segment', arr: 'arr', asOf: 'as_of' }
	}
};
const card: Scorecard = {
	id: 's', name: 's', bands: defaultBands(),
	metrics: [{ id: 'h', column: 'health', label: 'Health', weight: 1, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } }]
};

describe('current view', () => {
	const view = currentView(dataset);
	it('keeps only the latest snapshot’s rows', () => {
		expect(view.asOf).toBe('2026-02-01');
		expect(Array.from(view.rows)).toEqual([3, 4, 5]);
		expect(textArray((view.table.columns.id as TextColumn).values)).toEqual(['a', 'b', 'd']);
	});
	it('is the whole table without an as-of column', () => {
		const flat = currentView({ ...dataset, meta: { ...dataset.meta, roles: { id: 'id' } } });
		expect(flat.asOf).toBeNull();
		expect(flat.table.rowCount).toBe(6);
	});
});

describe('portfolio summary', () => {
	const view = currentView(dataset);
	const result = scoreTable(view.table, card);
	const arr = (view.table.columns.arr as { values: Float64Array }).values;
	const s = summarizePortfolio(result, card.bands, arr);
	it('counts customers, scored and unscored, and averages only scores that exist', () => {
		expect(s).toMatchObject({ customers: 3, scored: 2, unscored: 1, averageScore: 52.5, medianScore: 52.5, totalArr: 300 });
	});
	it('shares customers and ARR by band', () => {
		expect(s.bands.map((b) => [b.band.label, b.customers, b.arr, b.share, b.arrShare])).toEqual([
			['At risk', 1, 100, 50, (100 / 300) * 100],
			['Needs attention', 0, 0, 0, 0],
			['Healthy', 1, 200, 50, (200 / 300) * 100]
		]);
	});
	it('bins scores in tens, 100 in the last bin, no score left out', () => {
		const h = scoreHistogram(Float64Array.from([0, 9.94, 10, 55, 100, NaN]));
		expect(h.map((b) => b.count)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
		expect(() => scoreHistogram(new Float64Array(0), 7)).toThrow('7');
	});
	it('bins a score as it is shown, like its band: 69.96 (70.0) in 70–79.9, 69.94 (69.9) in 60–69.9', () => {
		const h = scoreHistogram(Float64Array.from([69.94, 69.95, 69.96, 70, 9.95, 99.96]));
		expect(h.map((b) => b.count)).toEqual([0, 1, 0, 0, 0, 0, 1, 3, 0, 1]);
	});
});

describe('customer list', () => {
	const result = scoreTable(table, card);
	const roles = dataset.meta.roles;
	const q = (over: Partial<typeof DEFAULT_QUERY>) => Array.from(queryCustomers(table, roles, result, { ...DEFAULT_QUERY, ...over }));
	it('sorts by score, lowest first, no score last in both directions', () => {
		expect(q({})).toEqual([0, 1, 2, 3, 4, 5]);
		expect(q({ descending: true })).toEqual([4, 3, 2, 1, 0, 5]);
	});
	it('sorts text naturally and ARR numerically', () => {
		expect(q({ sort: { by: 'name' }, descending: true })).toEqual([5, 2, 1, 4, 0, 3]);
		expect(q({ sort: { by: 'arr' } })).toEqual([0, 1, 2, 3, 4, 5]);
	});
	it('filters by text in name or ID, band and segment', () => {
		expect(q({ text: 'BET' })).toEqual([1, 4]);
		expect(q({ text: 'd' })).toEqual([5]);
		expect(q({ band: 2 })).toEqual([4]);
		expect(q({ band: -1 })).toEqual([5]);
		expect(q({ segment: 'Enterprise' })).toEqual([2, 5]);
	});
	it('finds a customer by ID and lists distinct values', () => {
		expect(findCustomer(table, roles, 'c')).toBe(2);
		expect(findCustomer(table, roles, 'zzz')).toBe(-1);
		expect(distinctValues(table, 'segment')).toEqual(['Enterprise', 'SMB']);
	});
});
