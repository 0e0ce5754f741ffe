/** What the app should show, computed in node straight from the core engine (no UI, no state, no storage). */
import { parseCsvBytes } from '../../src/lib/core/csv';
import { defaultScorecardFor, toDataset } from '../../src/lib/core/csv/dataset';
import { defaultMapping } from '../../src/lib/core/csv/infer';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { currentView, summarizePortfolio } from '../../src/lib/core/portfolio';
import { contributionsOf, scoreTable } from '../../src/lib/core/score';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { formatCount, formatScore } from '../../src/lib/format';
import { textCell } from '../../src/lib/core/text-values';

/**
 * Customers per band, counted here rather than by the app's bandIndex: a score is banded as it is shown, to one
 * decimal (README), so 69.96, shown as 70.0, counts as Healthy. Math.round(s × 10) / 10 is this test's own
 * rounding (the app writes floor(s × 10 + 0.5)); the two differ only for the double just below 0.05.
 */
function bandCountsAsShown(score: Float64Array, scorecard: Scorecard): number[] {
	const counts = scorecard.bands.map(() => 0);
	for (const s of score) {
		if (Number.isNaN(s)) continue;
		const shown = Math.round(s * 10) / 10;
		let b = 0;
		for (let k = 1; k < scorecard.bands.length; k++) if (shown >= scorecard.bands[k].min) b = k;
		counts[b]++;
	}
	return counts;
}

export function expectedDemo(edit: (scorecard: Scorecard) => void = () => {}) {
	const dataset = generateDemo();
	const scorecard = demoScorecard();
	edit(scorecard);
	const view = currentView(dataset);
	const result = scoreTable(view.table, scorecard);
	const arr = view.table.columns.arr;
	const summary = summarizePortfolio(result, scorecard.bands, arr.kind === 'number' ? arr.values : undefined);
	const ids = view.table.columns.account_id;
	return {
		view,
		result,
		scorecard,
		summary,
		customers: formatCount(summary.customers),
		average: formatScore(summary.averageScore),
		bandCounts: bandCountsAsShown(result.score, scorecard).map(formatCount),
		idAt: (i: number) => (ids.kind === 'text' ? (textCell(ids.values, i) ?? '') : ''),
		contributionsOf: (i: number) => contributionsOf(result, i)
	};
}

/** A small customer file (80 clients, three metrics) the backup and write tests import in place of the demo. */
export const CLIENTS_CSV = ['customer_id,name,logins,nps,tickets', ...Array.from({ length: 80 }, (_, i) => `K${i + 1},Client ${i + 1},${(i * 13) % 50},${((i * 7) % 21) - 10},${i % 6}`)].join('\n') + '\n';

/** CLIENTS_CSV's Overview figures, from the node pipeline: read, proposed mapping, default scorecard, engine. */
export function expectedClientsImport(): { customers: string; average: string } {
	const { preview, parsed } = parseCsvBytes(new TextEncoder().encode(CLIENTS_CSV), 'clients.csv');
	const mapping = defaultMapping(preview);
	const dataset = toDataset(parsed, mapping, { id: 'x', fileName: 'clients.csv', importedAt: '2026-01-01T00:00:00.000Z', asOf: '2026-01-01' });
	const scorecard = defaultScorecardFor(dataset, mapping);
	const summary = summarizePortfolio(scoreTable(currentView(dataset).table, scorecard), scorecard.bands);
	return { customers: formatCount(summary.customers), average: formatScore(summary.averageScore) };
}
