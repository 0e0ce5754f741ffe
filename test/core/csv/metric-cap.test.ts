/** How many metrics an import proposes (PROPOSED_METRICS) and allows (LIMITS.metrics), with hand-counted cases. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkMapping, defaultScorecardFor, toDataset } from '../../../src/lib/core/csv/dataset';
import { defaultMapping, previewText } from '../../../src/lib/core/csv/infer';
import { PROPOSED_METRICS, capProposedMetrics, tooManyMetrics } from '../../../src/lib/core/csv/metric-cap';
import type { ColumnMapping, ColumnProfile, Dialect, ParsedColumns } from '../../../src/lib/core/csv/types';
import { LIMITS } from '../../../src/lib/core/scorecard-limits';
import type { Column } from '../../../src/lib/core/table';

const DIALECT: Dialect = { encoding: 'utf-8', bom: false, delimiter: ',', decimalComma: false };

const column = (index: number, name: string, type: ColumnProfile['type'], role: ColumnProfile['role']): ColumnProfile => ({
	index,
	header: name,
	name,
	type,
	role,
	samples: [],
	missingShare: 0,
	distinct: 2
});

/** id, a category metric first, two numbers, a yes/no, a text: four metric candidates. */
const FILE = [
	column(0, 'id', 'text', 'id'),
	column(1, 'plan', 'category', 'metric'),
	column(2, 'seats', 'number', 'metric'),
	column(3, 'logins', 'number', 'metric'),
	column(4, 'sso', 'boolean', 'metric'),
	column(5, 'notes', 'text', 'ignore')
];
const metricNames = (cs: readonly { name: string; role: string }[]) => cs.filter((c) => c.role === 'metric').map((c) => c.name);

describe('capProposedMetrics', () => {
	it('keeps number and yes/no columns before categories, in file order, and ignores the rest', () => {
		const two = capProposedMetrics(FILE, 2);
		expect(metricNames(two.columns)).toEqual(['seats', 'logins']);
		// 4 candidates − 2 kept.
		expect(two.leftOut).toBe(2);
		expect(two.columns.find((c) => c.name === 'plan')?.role).toBe('ignore');
		expect(two.columns.find((c) => c.name === 'sso')?.role).toBe('ignore');
		expect(two.notice?.message).toMatch(/^4 columns could be metrics: Checkup proposes 2 of them and sets the other 2 to Ignore/);
		expect(two.notice?.message).toContain('at most 500 metrics');

		const three = capProposedMetrics(FILE, 3);
		// The category comes first in the file but last in the choice.
		expect(metricNames(three.columns)).toEqual(['seats', 'logins', 'sso']);
		expect(three.leftOut).toBe(1);
		expect(three.columns.map((c) => c.role)).toEqual(['id', 'ignore', 'metric', 'metric', 'metric', 'ignore']);
	});

	it('changes nothing when the candidates fit, and never changes its input', () => {
		const all = capProposedMetrics(FILE, 4);
		expect(all.leftOut).toBe(0);
		expect(all.notice).toBeNull();
		expect(all.columns).toEqual(FILE);
		capProposedMetrics(FILE, 1);
		expect(metricNames(FILE)).toEqual(['plan', 'seats', 'logins', 'sso']);
	});

	it('refuses a cap that is not a whole number from 1 to LIMITS.metrics', () => {
		for (const bad of [0, 2.5, NaN, LIMITS.metrics + 1]) expect(() => capProposedMetrics(FILE, bad)).toThrow(/invalid max/);
	});
});

describe('a 10,000-column file', () => {
	const text = readFileSync(new URL('../../fixtures/bad/ten-thousand-columns.csv', import.meta.url), 'utf8');
	const preview = previewText('ten-thousand-columns.csv', text.length, text, DIALECT, []);
	const mapping = defaultMapping(preview);

	it(`proposes the first ${PROPOSED_METRICS} of its 9,999 number columns as metrics, and says so`, () => {
		expect(PROPOSED_METRICS).toBe(40);
		const roles = new Map<string, number>();
		for (const m of mapping) roles.set(m.role, (roles.get(m.role) ?? 0) + 1);
		// customer_id + m1…m9999: one ID, m1…m40 metrics, m41…m9999 (9,959) ignored.
		expect(Object.fromEntries(roles)).toEqual({ id: 1, metric: 40, ignore: 9959 });
		expect(metricNames(mapping)).toEqual(Array.from({ length: 40 }, (_, i) => `m${i + 1}`));
		const notice = preview.notices.find((n) => /could be metrics/.test(n.message));
		expect(notice?.message).toMatch(/^9,999 columns could be metrics: Checkup proposes 40 of them and sets the other 9,959 to Ignore/);
		expect(checkMapping(mapping)).toEqual([]);
	});

	it('refuses 501 metrics before the file is read, naming the count and the limit', () => {
		const many = mapping.map((m, i) => (i >= 1 && i <= 501 ? { ...m, role: 'metric' as const } : m));
		expect(checkMapping(many)).toEqual(['501 columns are set to Metric, but a scorecard holds at most 500 metrics: set 1 of them to Ignore.']);
		const limit = mapping.map((m, i) => (i >= 1 && i <= 500 ? { ...m, role: 'metric' as const } : m));
		expect(checkMapping(limit)).toEqual([]);
	});
});

describe('tooManyMetrics and the first scorecard', () => {
	const mappingOf = (metrics: number): ColumnMapping[] => [
		{ index: 0, name: 'id', type: 'text', role: 'id' },
		...Array.from({ length: metrics }, (_, i) => ({ index: i + 1, name: `m${i + 1}`, type: 'number' as const, role: 'metric' as const }))
	];
	const parsedOf = (metrics: number): ParsedColumns => {
		const columns: Record<string, Column> = { id: { kind: 'text', values: ['A', 'B'] } };
		for (let i = 1; i <= metrics; i++) columns[`m${i}`] = { kind: 'number', values: Float64Array.of(1, 2) };
		return { rowCount: 2, columns, sourceRows: Int32Array.of(2, 3), problems: [], problemCount: 0, rowsRead: 2, rowsSkipped: 0 };
	};
	const options = { id: 'f', fileName: 'wide.csv', importedAt: '2026-03-01T10:00:00.000Z', asOf: '2026-02-28' };

	it('counts metric roles against LIMITS.metrics', () => {
		expect(tooManyMetrics(mappingOf(500))).toBeNull();
		expect(tooManyMetrics(mappingOf(502))).toBe('502 columns are set to Metric, but a scorecard holds at most 500 metrics: set 2 of them to Ignore.');
	});

	it('never makes a first scorecard of more than LIMITS.metrics metrics', () => {
		const at = toDataset(parsedOf(500), mappingOf(500), options);
		expect(defaultScorecardFor(at, mappingOf(500)).metrics).toHaveLength(500);
		const over = toDataset(parsedOf(501), mappingOf(501), options);
		expect(() => defaultScorecardFor(over, mappingOf(501))).toThrow('501 columns are set to Metric, but a scorecard holds at most 500 metrics');
	});
});
