/** What the app should show, computed in node straight from the core engine (no UI, no state, no storage). */
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { currentView, summarizePortfolio } from '../../src/lib/core/portfolio';
import { contributionsOf, scoreTable } from '../../src/lib/core/score';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { formatCount, formatScore } from '../../src/lib/format';
import { textCell } from '../../src/lib/core/text-values';

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
		bandCounts: summary.bands.map((b) => formatCount(b.customers)),
		idAt: (i: number) => (ids.kind === 'text' ? (textCell(ids.values, i) ?? '') : ''),
		contributionsOf: (i: number) => contributionsOf(result, i)
	};
}
