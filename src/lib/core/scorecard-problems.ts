/** Where the Scorecard page shows each of checkScorecard's problems: beside its metric, under the bands, or in the summary. */
import type { ScorecardProblem } from './check';

/** A problem said in the summary's alert itself, with the element id that the fields it is about point at. */
export interface PageProblem extends ScorecardProblem {
	id: string;
}

/** The problems not shown beside a metric, and how many errors are. */
export interface PlacedProblems {
	/** Of the bands: shown under the bands' table. */
	bands: ScorecardProblem[];
	/** Of the whole scorecard (all weights 0), or naming a metric not in the list (cannot happen today): said in the summary. */
	page: PageProblem[];
	errors: number;
	/** The errors the summary does not say itself: each is beside its metric or band. */
	beside: number;
}

// Problems without a metric are either about the bands (checkScorecard words them "Band …" / "… no bands") or the whole scorecard.
const isBandProblem = (message: string) => /^Band\b/.test(message) || message === 'the scorecard has no bands';

export function placeProblems(problems: readonly ScorecardProblem[], metricIds: ReadonlySet<string>): PlacedProblems {
	const errors = problems.filter((p) => p.severity === 'error').length;
	const bands = problems.filter((p) => !p.metricId && isBandProblem(p.message));
	const wide = problems.filter((p) => !p.metricId && !isBandProblem(p.message));
	const orphans = problems.filter((p) => p.metricId && !metricIds.has(p.metricId));
	const page = [...wide, ...orphans].map((p, i) => ({ ...p, id: `scorecard-problem-${i + 1}` }));
	return { bands, page, errors, beside: errors - page.filter((p) => p.severity === 'error').length };
}
