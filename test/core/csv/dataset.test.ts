/** Parsed file + mapping → Dataset and its first scorecard. */
import { describe, expect, it } from 'vitest';
import { checkScorecard } from '../../../src/lib/core/check';
import { checkMapping, defaultScorecardFor, isOutcomeMapping, toDataset } from '../../../src/lib/core/csv/dataset';
import type { ColumnMapping, ParsedColumns } from '../../../src/lib/core/csv/types';
import { columnTypeLabel, fileColumns } from '../../../src/lib/core/dataset';
import { currentView } from '../../../src/lib/core/portfolio';
import { scoreTable } from '../../../src/lib/core/score';
import { defaultBands } from '../../../src/lib/core/scorecard';
import { encodeCategories, type Column } from '../../../src/lib/core/table';

const options = { id: 'file-1', fileName: 'customers.csv', importedAt: '2026-03-01T10:00:00.000Z', asOf: '2026-02-28' };

function parsedOf(columns: Record<string, Column>, rowCount: number): ParsedColumns {
	return {
		rowCount,
		columns,
		sourceRows: Int32Array.from({ length: rowCount }, (_, i) => i + 2),
		problems: [],
		problemCount: 0,
		rowsRead: rowCount,
		rowsSkipped: 0
	};
}

const map = (index: number, name: string, type: ColumnMapping['type'], role: ColumnMapping['role']): ColumnMapping => ({ index, name, type, role });

/** Three customers, no as-of column. */
function single() {
	const parsed = parsedOf(
		{
			account: { kind: 'text', values: ['A-1', 'A-2', 'A-3'] },
			plan: encodeCategories(['Pro', 'Basic', 'Pro']),
			seats: { kind: 'number', values: Float64Array.of(10, NaN, 30) },
			churned: encodeCategories(['No', 'Yes', 'No'], ['No', 'Yes']),
			support: encodeCategories(['Yes', 'No', null], ['No', 'Yes'])
		},
		3
	);
	const mapping = [
		map(0, 'account', 'text', 'id'),
		map(1, 'plan', 'category', 'segment'),
		map(2, 'seats', 'number', 'metric'),
		map(3, 'notes', 'text', 'ignore'),
		map(4, 'churned', 'boolean', 'outcome'),
		map(5, 'support', 'boolean', 'metric')
	];
	return { parsed, mapping };
}

describe('toDataset', () => {
	it('keeps mapped columns in file order, sets roles and meta, and adds the chosen as-of date', () => {
		const { parsed, mapping } = single();
		const { meta, table } = toDataset(parsed, mapping, options);
		expect(meta).toMatchObject({ id: 'file-1', name: 'customers.csv', source: 'file', createdAt: options.importedAt, rowCount: 3 });
		expect(meta.roles).toEqual({ id: 'account', segment: 'plan', outcome: 'churned', asOf: 'as_of' });
		expect(meta.columns.map((c) => c.name)).toEqual(['account', 'plan', 'seats', 'churned', 'support', 'as_of']);
		// Only the added as-of column is marked: 5 columns from the file (of 6, "notes" ignored) + as-of.
		expect(meta.columns.filter((c) => c.added).map((c) => c.name)).toEqual(['as_of']);
		expect(fileColumns(meta)).toEqual({ fromFile: 5, addedAsOf: true });
		// The mapping typed churned and support yes/no: stored as categories of No / Yes, read as yes/no.
		expect(meta.columns.map(columnTypeLabel)).toEqual(['text', 'category', 'number', 'yes/no', 'yes/no', 'category']);
		expect(meta.snapshots).toEqual(['2026-02-28']);
		expect(table.columns.as_of).toEqual({ kind: 'category', codes: Int32Array.of(0, 0, 0), levels: ['2026-02-28'] });
		expect(table.columns.seats).toBe(parsed.columns.seats);
		const view = currentView({ meta, table });
		expect(view.asOf).toBe('2026-02-28');
		expect(view.table.rowCount).toBe(3);
	});

	it('turns an as-of column of ISO dates into snapshots, the latest being the current view', () => {
		const parsed = parsedOf(
			{
				id: { kind: 'text', values: ['a', 'b', 'a', 'b', 'c'] },
				month: { kind: 'text', values: ['2026-02-01', '2026-02-01', '2026-01-01', '2026-01-01', null] },
				usage: { kind: 'number', values: Float64Array.of(1, 2, 3, 4, 5) }
			},
			5
		);
		const mapping = [map(0, 'id', 'text', 'id'), map(1, 'month', 'date', 'asOf'), map(2, 'usage', 'number', 'metric')];
		const dataset = toDataset(parsed, mapping, options);
		expect(dataset.meta.snapshots).toEqual(['2026-01-01', '2026-02-01']);
		expect(dataset.table.columns.month).toEqual({ kind: 'category', codes: Int32Array.of(1, 1, 0, 0, -1), levels: ['2026-01-01', '2026-02-01'] });
		expect(dataset.meta.roles.asOf).toBe('month');
		expect(dataset.meta.columns.map((c) => c.name)).toEqual(['id', 'month', 'usage']);
		expect(fileColumns(dataset.meta)).toEqual({ fromFile: 3, addedAsOf: false });
		const view = currentView(dataset);
		expect(view.asOf).toBe('2026-02-01');
		expect(Array.from(view.rows)).toEqual([0, 1]);
	});

	it('makes a numeric or category ID column text', () => {
		const parsed = parsedOf({ n: { kind: 'number', values: Float64Array.of(1001, NaN, 2.5) }, x: { kind: 'number', values: Float64Array.of(1, 2, 3) } }, 3);
		const dataset = toDataset(parsed, [map(0, 'n', 'number', 'id'), map(1, 'x', 'number', 'metric')], options);
		expect(dataset.table.columns.n).toEqual({ kind: 'text', values: ['1001', null, '2.5'] });
		const cat = parsedOf({ n: encodeCategories(['k', null, 'm']), x: { kind: 'number', values: Float64Array.of(1, 2, 3) } }, 3);
		expect(toDataset(cat, [map(0, 'n', 'category', 'id'), map(1, 'x', 'number', 'metric')], options).table.columns.n).toEqual({ kind: 'text', values: ['k', null, 'm'] });
	});

	it('names the added as-of column so it clashes with no file column, and keeps "__proto__" a column', () => {
		const parsed = parsedOf(
			Object.fromEntries([
				['id', { kind: 'text', values: ['a'] }],
				['as_of', { kind: 'text', values: ['x'] }],
				['__proto__', { kind: 'number', values: Float64Array.of(7) }]
			]) as Record<string, Column>,
			1
		);
		const mapping = [map(0, 'id', 'text', 'id'), map(1, 'as_of', 'text', 'name'), map(2, '__proto__', 'number', 'metric')];
		const dataset = toDataset(parsed, mapping, options);
		expect(dataset.meta.roles.asOf).toBe('as_of (2)');
		expect(Object.keys(dataset.table.columns)).toEqual(['id', 'as_of', '__proto__', 'as_of (2)']);
		expect(Object.getPrototypeOf(dataset.table.columns)).toBe(Object.prototype);
	});

	it('adds no as-of column to an outcomes file, and keeps the file name, size and import time', () => {
		const parsed = parsedOf(
			{ account: { kind: 'text', values: ['A-1', 'A-2'] }, churned: encodeCategories(['Yes', 'No'], ['No', 'Yes']), renews: { kind: 'text', values: ['2026-06-30', null] } },
			2
		);
		const mapping = [map(0, 'account', 'text', 'id'), map(1, 'churned', 'boolean', 'outcome'), map(2, 'renews', 'date', 'renewalDate')];
		// The as-of date does not matter to an outcomes file, even when it is not a date.
		const { meta } = toDataset(parsed, mapping, { ...options, asOf: '', fileSize: 64 });
		expect(meta.roles).toEqual({ id: 'account', outcome: 'churned', renewalDate: 'renews' });
		expect(meta.columns.map((c) => c.name)).toEqual(['account', 'churned', 'renews']);
		expect(meta.snapshots).toEqual([]);
		expect(meta.file).toEqual({ name: 'customers.csv', size: 64, importedAt: options.importedAt });
	});

	it('rejects bad options and mappings with the value in the message', () => {
		const { parsed, mapping } = single();
		expect(() => toDataset(parsed, mapping, { ...options, asOf: '28/02/2026' })).toThrow('not yyyy-mm-dd: 28/02/2026');
		expect(() => toDataset(parsed, mapping.map((m) => ({ ...m, role: m.role === 'id' ? 'name' : m.role })), options)).toThrow('no column has the role "id"');
		expect(() => toDataset(parsed, [...mapping, map(9, 'ghost', 'number', 'metric')], options)).toThrow('"ghost"');
	});
});

describe('defaultScorecardFor', () => {
	it('scores every metric column with equal weights, proposed normalizations and the default bands', () => {
		const { parsed, mapping } = single();
		const dataset = toDataset(parsed, mapping, options);
		const scorecard = defaultScorecardFor(dataset, mapping);
		expect(scorecard.id).toBe(`imported-${Date.parse(options.importedAt)}`);
		expect(scorecard.bands).toEqual(defaultBands());
		expect(scorecard.metrics.map((m) => [m.id, m.column, m.label, m.weight])).toEqual([
			['metric-1', 'seats', 'seats', 10],
			['metric-2', 'support', 'support', 10]
		]);
		expect(scorecard.metrics[0].normalization.kind).toBe('linear');
		expect(scorecard.metrics[1].normalization).toEqual({ kind: 'category', points: { No: 0, Yes: 100 }, otherPoints: null });
		expect(checkScorecard(scorecard, dataset.table).filter((p) => p.severity === 'error')).toEqual([]);
		const result = scoreTable(currentView(dataset).table, scorecard);
		expect(result.rowCount).toBe(3);
		// Customer 3 has no support value: its seats sub-score is its whole score (weight re-shared).
		expect(result.score[2]).toBe(100);
	});

	it('leaves categories out of the proposal, two-valued ones too unless yes/no: their points have no order to guess', () => {
		const parsed = parsedOf(
			{
				account: { kind: 'text', values: ['A-1', 'A-2', 'A-3'] },
				tier: encodeCategories(['Gold', 'Silver', 'Bronze']),
				gender: encodeCategories(['Female', 'Male', 'Male']),
				trial: encodeCategories(['Yes', 'No', 'No'], ['No', 'Yes']),
				seats: { kind: 'number', values: Float64Array.of(1, 2, 3) }
			},
			3
		);
		const mapping = [
			map(0, 'account', 'text', 'id'), map(1, 'tier', 'category', 'metric'), map(2, 'gender', 'category', 'metric'),
			map(3, 'trial', 'boolean', 'metric'), map(4, 'seats', 'number', 'metric')
		];
		const scorecard = defaultScorecardFor(toDataset(parsed, mapping, options), mapping);
		expect(scorecard.metrics.map((m) => m.column)).toEqual(['trial', 'seats']);
	});

	it('refuses a mapping without metrics', () => {
		const { parsed, mapping } = single();
		const noMetrics = mapping.map((m) => ({ ...m, role: m.role === 'metric' ? ('ignore' as const) : m.role }));
		expect(() => defaultScorecardFor(toDataset(parsed, noMetrics, options), noMetrics)).toThrow('no column has the role "metric"');
	});
});

describe('checkMapping', () => {
	it('accepts one ID, a metric and well-typed roles', () => {
		expect(checkMapping(single().mapping)).toEqual([]);
	});

	it('asks for exactly one customer ID and at least one metric', () => {
		const { mapping } = single();
		const noId = mapping.map((m) => (m.role === 'id' ? { ...m, role: 'ignore' as const } : m));
		expect(checkMapping(noId)).toEqual(['Choose which column identifies the customer.']);
		const twoIds = mapping.map((m) => (m.name === 'plan' ? { ...m, role: 'id' as const } : m));
		expect(checkMapping(twoIds)).toEqual(['Only one column can identify the customer: "account", "plan" are all set to Customer ID.']);
		const noMetric = mapping.map((m) => (m.role === 'metric' ? { ...m, role: 'ignore' as const } : m));
		expect(checkMapping(noMetric)).toEqual([
			'Choose at least one metric column to score. (A file of outcomes only has just a customer ID and churned, churn date or renewal date columns.)'
		]);
	});

	it('accepts an outcomes file: a customer ID and outcome columns only', () => {
		const outcomes = [map(0, 'account', 'text', 'id'), map(1, 'churned', 'boolean', 'outcome'), map(2, 'left_on', 'date', 'churnDate'), map(3, 'notes', 'text', 'ignore')];
		outcomes[2].dateFormat = 'iso';
		expect(isOutcomeMapping(outcomes)).toBe(true);
		expect(checkMapping(outcomes)).toEqual([]);
		expect(isOutcomeMapping([...outcomes, map(4, 'plan', 'category', 'segment')])).toBe(false);
		expect(isOutcomeMapping([map(0, 'account', 'text', 'id')])).toBe(false);
	});

	it('wants a yes/no outcome, date as-of columns, scoreable metrics and a format for every date column', () => {
		const mapping = [
			map(0, 'id', 'text', 'id'),
			map(1, 'status', 'category', 'outcome'),
			map(2, 'month', 'date', 'asOf'),
			map(3, 'notes', 'text', 'metric'),
			map(4, 'usage', 'number', 'metric'),
			map(5, 'plan', 'category', 'segment'),
			map(6, 'tier', 'category', 'segment')
		];
		expect(checkMapping(mapping)).toEqual([
			'Only one column can be the Segment: "plan", "tier".',
			'The Outcome (churned) column "status" must be of type Yes/no, not Category.',
			'Choose how "month" writes its dates: month/day or day/month.',
			'"notes" is text, which cannot be scored: a metric must be a number, yes/no or a category.'
		]);
		mapping[2] = { ...mapping[2], dateFormat: 'dmy' };
		expect(checkMapping(mapping)).not.toContain('Choose how "month" writes its dates: month/day or day/month.');
	});
});
