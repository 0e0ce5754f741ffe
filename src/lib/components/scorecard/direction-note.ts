/**
 * The line under a metric's sub-score saying which way it scores and where that default comes from: the churn
 * outcomes, the name, or neither (`defaultDirection`), and when the metric now scores the other way, that it was
 * set so here. Plain text (never HTML).
 */
import type { DatasetRoles } from '../../core/dataset';
import { MIN_GROUP, defaultDirection, outcomeGroupsSteps, yesCode, type Association, type DirectionDefault } from '../../core/direction';
import { runSteps, type Steps } from '../../core/steps';
import type { Normalization, Scorecard } from '../../core/scorecard';
import type { Column, Table } from '../../core/table';
import { formatCount, formatPercent, withMinus } from '../../format';
import { higherIsBetter } from '../../state/scorecard-edits';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const figures = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });

/** A mean as read beside another: whole from 100 up, else three significant figures ("2.23", "37.6", "1,532", "−0.822"). */
export function formatMean(x: number): string {
	return withMinus(Math.abs(x) >= 100 ? whole.format(x) : figures.format(x));
}

/** +1 when the metric scores higher values (Yes) higher, −1 lower (No), null when it has no single direction. */
function scoredDirection(n: Normalization, column: Column | undefined): 1 | -1 | null {
	if (n.kind === 'linear' || n.kind === 'percentile' || (n.kind === 'thresholds' && n.ranges.length > 1)) return higherIsBetter(n) ? 1 : -1;
	if (n.kind !== 'category' || column?.kind !== 'category') return null;
	const yes = yesCode(column);
	if (yes < 0) return null;
	const points = (level: string) => (Object.hasOwn(n.points, level) ? n.points[level] : (n.otherPoints ?? NaN));
	const d = points(column.levels[yes]) - points(column.levels[1 - yes]);
	return d > 0 ? 1 : d < 0 ? -1 : null;
}

/**
 * "churned customers had more: 2.23 on average against 1.45 for retained ones (3,333 customers with an outcome in the
 * snapshot of 2026-11-01)"; `who` names them when they are some customers only ("45 Enterprise customers with …").
 */
function evidence(a: Association, yesNo: boolean, snapshot: string | null, who: string): string {
	const more = a.churnedMean > a.retainedMean;
	const on = `${formatCount(a.churned + a.retained)} ${who} with an outcome${snapshot ? ` in the snapshot of ${snapshot}` : ''}`;
	if (yesNo)
		return `churned customers were Yes ${more ? 'more' : 'less'} often: ${formatPercent(a.churnedMean * 100)} against ${formatPercent(a.retainedMean * 100)} of retained ones (${on})`;
	return `churned customers had ${more ? 'more' : 'less'}: ${formatMean(a.churnedMean)} on average against ${formatMean(a.retainedMean)} for retained ones (${on})`;
}

function unclear(a: Association, yesNo: boolean): string {
	const [c, r] = yesNo ? [formatPercent(a.churnedMean * 100), formatPercent(a.retainedMean * 100)] : [formatMean(a.churnedMean), formatMean(a.retainedMean)];
	return `churned and retained customers differ too little to tell (${c} against ${r}${yesNo ? ' Yes' : ' on average'})`;
}

/**
 * The note for a metric scored by `n` on `column`, given its default direction from the data; null when it has no
 * direction. `who`: whose outcomes `d` was read on ("Enterprise customers"), null when every customer's.
 */
export function directionNote(n: Normalization, column: Column | undefined, d: DirectionDefault | null, who: string | null = null): string | null {
	const scored = scoredDirection(n, column);
	if (scored === null || !d || !column) return null;
	const yesNo = column.kind === 'category';
	const words = (up: boolean) => (yesNo ? (up ? 'Yes is better' : 'No is better') : up ? 'Higher is better' : 'Lower is better');
	const now = words(scored > 0);
	const agrees = scored > 0 === d.higherIsBetter;
	const r = d.reason;
	const fuzzy = r.association && !r.association.clear ? unclear(r.association, yesNo) : null;
	if (r.from === 'outcomes') {
		const why = evidence(r.association, yesNo, r.snapshot, who ?? 'customers');
		return agrees ? `${now} — ${why}.` : `${now}, as set here, though ${why}: the outcomes say ${words(d.higherIsBetter).toLowerCase()}.`;
	}
	if (r.from === 'name') {
		const tail = fuzzy ? `; ${fuzzy}.` : '.';
		return agrees ? `${now} — from the name (“${r.word}”)${tail}` : `${now}, as set here; the name (“${r.word}”) suggests ${words(false).toLowerCase()}${tail}`;
	}
	const none = `no churn outcomes of at least ${MIN_GROUP} churned and ${MIN_GROUP} retained ${who ?? 'customers'} to go by`;
	const why = `${fuzzy ?? none}, and the name does not say`;
	return agrees ? `${now} — the default: ${why}.` : `${now}, as set here (${why}).`;
}

/** A metric that scores the other way than the churn outcomes clearly say: its label and the way they say ("lower is better"). */
export interface AgainstOutcomes {
	label: string;
	says: string;
}

/**
 * The metrics of `scorecard` (read on every row of `table`) that score the other way than the outcomes clearly say,
 * in the scorecard's order: the Scorecard page's "as set here, though … the outcomes say …", gathered in one list.
 */
export function againstOutcomes(scorecard: Scorecard, table: Table, roles: Pick<DatasetRoles, 'asOf' | 'outcome'>): AgainstOutcomes[] {
	return runSteps(againstOutcomesSteps(scorecard, table, roles));
}

/** againstOutcomes in steps: the outcomes read STEP_ROWS rows at a time, then one metric a step (the Data page runs it after an import). */
export function* againstOutcomesSteps(scorecard: Scorecard, table: Table, roles: Pick<DatasetRoles, 'asOf' | 'outcome'>): Steps<AgainstOutcomes[]> {
	const groups = yield* outcomeGroupsSteps(table, roles);
	if (!groups) return [];
	const out: AgainstOutcomes[] = [];
	for (const metric of scorecard.metrics) {
		const column = table.columns[metric.column];
		const scored = column ? scoredDirection(metric.normalization, column) : null;
		if (scored === null) continue;
		const d = defaultDirection(column, metric.column, groups);
		yield;
		if (d.reason.from !== 'outcomes' || scored > 0 === d.higherIsBetter) continue;
		const yesNo = column.kind === 'category';
		out.push({ label: metric.label || metric.column, says: yesNo ? (d.higherIsBetter ? 'Yes is better' : 'No is better') : d.higherIsBetter ? 'higher is better' : 'lower is better' });
	}
	return out;
}
