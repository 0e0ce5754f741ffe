import { describe, expect, it } from 'vitest';
import { checkScorecard, type ScorecardProblem } from '../../src/lib/core/check';
import { defaultBands, type Metric, type Scorecard } from '../../src/lib/core/scorecard';
import { placeProblems } from '../../src/lib/core/scorecard-problems';
import { tableOf } from '../helpers/tables';

const table = tableOf({ usage: [10, 20] });
const metric = (over: Partial<Metric> = {}): Metric => ({
	id: 'm', column: 'usage', label: 'Usage', weight: 1, normalization: { kind: 'linear', worst: 0, best: 100 }, missing: { kind: 'skip' }, ...over
});
const placed = (sc: Scorecard) => placeProblems(checkScorecard(sc, table), new Set(sc.metrics.map((m) => m.id)));

describe('placeProblems', () => {
	it('puts a metric’s problem beside it, counted as beside, not in the summary', () => {
		const p = placed({ id: 's', name: 's', metrics: [metric({ weight: -5 }), metric({ id: 'n' })], bands: defaultBands() });
		expect(p).toEqual({ bands: [], page: [], errors: 1, beside: 1 });
	});
	it('puts band problems under the bands, and a scorecard without bands there too', () => {
		const bands = defaultBands();
		bands[1] = { ...bands[1], label: ' ' };
		const p = placed({ id: 's', name: 's', metrics: [metric()], bands });
		expect(p.bands.map((b) => b.message)).toEqual(['Band 2 needs a label']);
		expect(p.page).toEqual([]);
		expect(placed({ id: 's', name: 's', metrics: [metric()], bands: [] }).bands.map((b) => b.message)).toEqual(['the scorecard has no bands']);
	});
	it('says a problem of the whole scorecard in the summary, with an id, and counts the others beside', () => {
		const p = placed({ id: 's', name: 's', metrics: [metric({ weight: 0 }), metric({ id: 'n', weight: 0, column: 'gone' })], bands: defaultBands() });
		expect(p.page).toEqual([{ severity: 'error', about: 'weights', message: 'All weights are 0: give at least one metric a positive weight.', id: 'scorecard-problem-1' }]);
		// The missing column is metric n's, beside it: 2 errors, 1 said in the summary.
		expect([p.errors, p.beside]).toEqual([2, 1]);
	});
	it('says in the summary a problem naming a metric not in the list, after the scorecard’s own', () => {
		const problems: ScorecardProblem[] = [
			{ severity: 'warning', metricId: 'x', message: 'orphan' },
			{ severity: 'error', message: 'The scorecard has no metrics: add at least one.' }
		];
		const p = placeProblems(problems, new Set());
		expect(p.page.map((q) => [q.id, q.message])).toEqual([['scorecard-problem-1', 'The scorecard has no metrics: add at least one.'], ['scorecard-problem-2', 'orphan']]);
		expect([p.errors, p.beside]).toEqual([1, 0]);
	});
});
