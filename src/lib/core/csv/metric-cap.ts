/**
 * How many metrics an import proposes and allows. A file of thousands of numeric columns would otherwise make
 * them all metrics: a first scorecard no one can read, and past LIMITS.metrics one that cannot score at all.
 */
import { LIMITS } from '../scorecard-limits';
import type { ColumnMapping, ColumnProfile, Notice } from './types';

/** The most columns the proposal makes metrics; the user may choose more, up to LIMITS.metrics. */
export const PROPOSED_METRICS = 40;

const big = (n: number) => n.toLocaleString('en-US');

/** Number and yes/no columns first (the first scorecard scores them), then categories; file order within each. */
function keepOrder(columns: readonly ColumnProfile[]): ColumnProfile[] {
	const metrics = columns.filter((c) => c.role === 'metric');
	const scored = (c: ColumnProfile) => c.type === 'number' || c.type === 'boolean';
	return [...metrics.filter(scored), ...metrics.filter((c) => !scored(c))];
}

/**
 * The proposal with at most `max` metric columns (the rest set to Ignore) and how many were left out, with a
 * notice saying so when any were. Columns are copied, not changed.
 */
export function capProposedMetrics(
	columns: readonly ColumnProfile[],
	max: number = PROPOSED_METRICS
): { columns: ColumnProfile[]; leftOut: number; notice: Notice | null } {
	if (!(Number.isInteger(max) && max >= 1 && max <= LIMITS.metrics)) throw new Error(`invalid max; not an integer in [1, ${LIMITS.metrics}]: ${max}`);
	const ordered = keepOrder(columns);
	if (ordered.length <= max) return { columns: [...columns], leftOut: 0, notice: null };
	const kept = new Set(ordered.slice(0, max).map((c) => c.index));
	const capped = columns.map((c) => (c.role === 'metric' && !kept.has(c.index) ? { ...c, role: 'ignore' as const } : c));
	const leftOut = ordered.length - max;
	const message =
		`${big(ordered.length)} columns could be metrics: Checkup proposes ${big(max)} of them and sets the other ${big(leftOut)} to Ignore, ` +
		`so the first scorecard stays readable. Choose any of them as Metric in the Role column (a scorecard holds at most ${big(LIMITS.metrics)} metrics).`;
	return { columns: capped, leftOut, notice: { level: 'info', message } };
}

/** Why the mapping has too many metrics for a scorecard, naming the count and the limit; null when it has not. */
export function tooManyMetrics(mapping: readonly ColumnMapping[]): string | null {
	let count = 0;
	for (const m of mapping) if (m.role === 'metric') count++;
	if (count <= LIMITS.metrics) return null;
	return `${big(count)} columns are set to Metric, but a scorecard holds at most ${big(LIMITS.metrics)} metrics: set ${big(count - LIMITS.metrics)} of them to Ignore.`;
}
