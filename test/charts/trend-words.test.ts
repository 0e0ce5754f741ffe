import { describe, expect, it } from 'vitest';
import { trendName, trendSummary } from '../../src/lib/charts/trend-words';
import { portfolioTrend } from '../../src/lib/core/trend';

const bands = [{ label: 'At risk' }, { label: 'Needs attention' }, { label: 'Healthy' }];
// As in trend.test.ts, by hand: snapshot 0 has one At risk (20, ARR 100) and one Healthy (80, ARR 300): shares
// 50/0/50, ARR 25/0/75, average 50. Snapshot 1 has one Needs attention (60, ARR 100): 0/100/0, average 60.
const points = portfolioTrend({ snapshots: ['2026-01-01', '2026-02-01'], snapshotOf: [0, 0, 1], score: [20, 80, 60], band: [0, 2, 1], bandCount: 3, arr: [100, 300, 100] });

describe('the trend chart in words', () => {
	it('is named by what it shows and its snapshots, not by every figure', () => {
		expect(trendName(points, 'customers')).toBe('Share of customers in each band and the average score, 2 snapshots from 2026-01-01 to 2026-02-01');
		expect(trendName(points, 'arr')).toBe('Share of ARR in each band and the average score, 2 snapshots from 2026-01-01 to 2026-02-01');
		expect(trendName(points.slice(0, 1), 'customers')).toBe('Share of customers in each band and the average score, 1 snapshot (2026-01-01)');
	});
	it('is described by the first and last snapshots, and sends the reader to the table for the rest', () => {
		expect(trendSummary(points, bands, 'customers')).toBe(
			'From 2026-01-01 to 2026-02-01: average score 50.0 to 60.0; At risk 50.0\u00a0% to 0.0\u00a0%, Needs attention 0.0\u00a0% to 100.0\u00a0%, Healthy 50.0\u00a0% to 0.0\u00a0% of customers. ' +
				'Every snapshot’s figures are in the table of the trend, below the chart.'
		);
		expect(trendSummary(points.slice(0, 1), bands, 'arr')).toBe('Average score 50.0; At risk 25.0\u00a0%, Needs attention 0.0\u00a0%, Healthy 75.0\u00a0% of ARR.');
	});
	it('stays short on a year of monthly snapshots', () => {
		const month = (i: number) => `2026-${String(i + 1).padStart(2, '0')}-01`;
		const year = portfolioTrend({ snapshots: Array.from({ length: 12 }, (_, i) => month(i)), snapshotOf: Array.from({ length: 12 }, (_, i) => i), score: Array.from({ length: 12 }, (_, i) => 30 + 5 * i), band: Array.from({ length: 12 }, (_, i) => (i < 2 ? 0 : i < 8 ? 1 : 2)), bandCount: 3 });
		expect(trendName(year, 'customers').length).toBeLessThan(120);
		expect(trendSummary(year, bands, 'customers').length).toBeLessThan(300);
	});
});
