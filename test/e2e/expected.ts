/** What the app should show, computed in node straight from the core engine (no UI, no state, no storage). */
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
