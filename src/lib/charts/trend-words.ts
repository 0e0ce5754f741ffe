/**
 * The trend chart in words. Its name says what it shows and over which snapshots, short enough to hear whole
 * (each snapshot's figures in the name made 1,051 characters on the demo); its description gives the first and
 * the last snapshot's figures and points to the table under the chart, which has every snapshot's.
 */
import type { TrendPoint } from '../core/trend';
import { formatCount, formatPercent, formatScore } from '../core/format';

const dated = (asOf: string) => asOf || 'undated';

/** "Share of customers in each band and the average score, 12 snapshots from 2025-01-31 to 2025-12-31". */
export function trendName(points: readonly TrendPoint[], measure: 'customers' | 'arr'): string {
	const what = `Share of ${measure === 'customers' ? 'customers' : 'ARR'} in each band and the average score`;
	if (points.length === 0) return what;
	if (points.length === 1) return `${what}, 1 snapshot (${dated(points[0].asOf)})`;
	return `${what}, ${formatCount(points.length)} snapshots from ${dated(points[0].asOf)} to ${dated(points[points.length - 1].asOf)}`;
}

/** The first and last snapshots' average score and band shares, then where the rest is. */
export function trendSummary(points: readonly TrendPoint[], bands: readonly { label: string }[], measure: 'customers' | 'arr'): string {
	if (points.length === 0) return '';
	const first = points[0];
	const last = points[points.length - 1];
	const share = (p: TrendPoint, b: number) => formatPercent(measure === 'customers' ? p.bands[b].share : p.bands[b].arrShare);
	const of = measure === 'customers' ? 'customers' : 'ARR';
	if (points.length === 1) {
		return `Average score ${formatScore(first.averageScore)}; ${bands.map((band, b) => `${band.label} ${share(first, b)}`).join(', ')} of ${of}.`;
	}
	return (
		`From ${dated(first.asOf)} to ${dated(last.asOf)}: average score ${formatScore(first.averageScore)} to ${formatScore(last.averageScore)}; ` +
		`${bands.map((band, b) => `${band.label} ${share(first, b)} to ${share(last, b)}`).join(', ')} of ${of}. ` +
		'Every snapshot’s figures are in the table of the trend, below the chart.'
	);
}
