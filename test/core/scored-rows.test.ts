// Which customers a segment scorecard's figures are read on: its segment's rows, routed as scoring routes them, and
// the churn outcomes of those rows alone (a hand-worked portfolio of two snapshots).
import { describe, expect, it } from 'vitest';
import { associationWithChurn, outcomeGroups } from '../../src/lib/core/direction';
import { keptRows, rowsScoredBy } from '../../src/lib/core/scored-rows';
import type { Column, Table } from '../../src/lib/core/table';

/** [snapshot, segment, churned, value, how many such rows]. */
const blocks: [string, string | null, 0 | 1, number, number][] = [
	['2026-01-01', 'Enterprise', 0, 2, 12],
	['2026-01-01', 'Enterprise', 1, 6, 10],
	['2026-01-01', 'SMB', 0, 5, 10],
	['2026-01-01', 'SMB', 1, 1, 20],
	['2026-01-01', null, 0, 9, 1],
	['2026-02-01', 'Enterprise', 0, 3, 10],
	['2026-02-01', 'Enterprise', 1, 7, 11],
	['2026-02-01', 'SMB', 0, 4, 5]
];
const rows = blocks.flatMap(([date, segment, churned, value, n]) => Array.from({ length: n }, () => ({ date, segment, churned, value })));
const category = (levels: string[], values: (string | null)[]): Column => ({ kind: 'category', levels, codes: Int32Array.from(values, (v) => (v === null ? -1 : levels.indexOf(v))) });
const table: Table = {
	rowCount: rows.length,
	columns: {
		as_of: category(['2026-01-01', '2026-02-01'], rows.map((r) => r.date)),
		segment: category(['SMB', 'Enterprise'], rows.map((r) => r.segment)),
		segment_text: { kind: 'text', values: rows.map((r) => r.segment) },
		churned: category(['No', 'Yes'], rows.map((r) => (r.churned ? 'Yes' : 'No'))),
		usage: { kind: 'number', values: Float64Array.from(rows, (r) => r.value) }
	}
};
const roles = { asOf: 'as_of', outcome: 'churned' };
const set = { segments: [{ segment: 'Enterprise' }] };
const count = (mask: Uint8Array | null) => (mask ? mask.reduce((a, b) => a + b, 0) : table.rowCount);

describe('rowsScoredBy', () => {
	it('marks a segment scorecard’s rows, and the default’s everyone else’s (a missing segment included)', () => {
		const enterprise = rowsScoredBy(table, 'segment', set, 1)!;
		const rest = rowsScoredBy(table, 'segment', set, 0)!;
		expect([count(enterprise), count(rest)]).toEqual([12 + 10 + 10 + 11, 10 + 20 + 1 + 5]);
		expect(rows.every((r, i) => enterprise[i] === (r.segment === 'Enterprise' ? 1 : 0) && rest[i] === 1 - enterprise[i])).toBe(true);
		// A segment column of text routes the same way.
		expect(rowsScoredBy(table, 'segment_text', set, 1)).toEqual(enterprise);
	});
	it('is null when every row is scored by it, and refuses an index past the set', () => {
		expect(rowsScoredBy(table, 'segment', { segments: [] }, 0)).toBeNull();
		expect(rowsScoredBy(table, undefined, set, 1)).toBeNull();
		expect(() => rowsScoredBy(table, 'segment', set, 2)).toThrow('invalid scorecard index; not in [0, 1]: 2');
	});
	it('keeps the rows of a snapshot the mask marks', () => {
		const latest = Uint32Array.from({ length: 26 }, (_, j) => 53 + j);
		expect(keptRows(latest, rowsScoredBy(table, 'segment', set, 1))).toHaveLength(21);
		expect(keptRows(latest, rowsScoredBy(table, 'segment', set, 0))).toHaveLength(5);
		expect(keptRows(latest, null)).toBe(latest);
	});
});

describe('outcomeGroups within a scorecard’s rows', () => {
	const means = (mask: Uint8Array | null) => {
		const groups = outcomeGroups(table, roles, mask)!;
		const a = associationWithChurn(table.columns.usage, groups)!;
		return { snapshot: groups.snapshot, customers: groups.rows.length, churned: a.churned, churnedMean: a.churnedMean, retainedMean: a.retainedMean };
	};
	it('reads the whole portfolio without a mask: 2026-01-01 has the most churned (30)', () => {
		// Churned: (10·6 + 20·1) / 30 = 2.667; retained: (12·2 + 10·5 + 1·9) / 23 = 83 / 23 = 3.609.
		const m = means(null);
		expect(m).toMatchObject({ snapshot: '2026-01-01', customers: 53, churned: 30 });
		expect([m.churnedMean, m.retainedMean]).toEqual([expect.closeTo(80 / 30, 12), expect.closeTo(83 / 23, 12)]);
	});
	it('reads Enterprise customers on their own: 2026-02-01 has more of them churned (11 against 10)', () => {
		const m = means(rowsScoredBy(table, 'segment', set, 1));
		expect(m).toMatchObject({ snapshot: '2026-02-01', customers: 21, churned: 11, churnedMean: 7, retainedMean: 3 });
	});
	it('reads the default scorecard’s customers on their own: 2026-02-01 has none of them churned', () => {
		// Retained: (10·5 + 1·9) / 11 = 59 / 11 = 5.364; churned: 1.
		const m = means(rowsScoredBy(table, 'segment', set, 0));
		expect(m).toMatchObject({ snapshot: '2026-01-01', customers: 31, churned: 20, churnedMean: 1 });
		expect(m.retainedMean).toBeCloseTo(59 / 11, 12);
	});
	it('refuses a mask of another table', () => {
		expect(() => outcomeGroups(table, roles, new Uint8Array(3))).toThrow(`invalid within; 3 flags for ${table.rowCount} rows`);
	});
});
