/** The scorecard model: metrics with weights and normalizations, plus bands. Plain data, JSON-safe. */

/** Linear between a worst and a best value (either order), clamped to 0–100. */
export interface LinearNormalization {
	kind: 'linear';
	worst: number;
	best: number;
}

/** One row of a grading table: values in [from, to) get `points`. `null` bounds are open (−∞ / +∞). */
export interface ThresholdRange {
	from: number | null;
	to: number | null;
	points: number;
}

/** A grading table of value ranges → points. Values outside every range count as missing. */
export interface ThresholdsNormalization {
	kind: 'thresholds';
	ranges: ThresholdRange[];
}

/** Full points inside [lo, hi], falling linearly to 0 at `zeroBelow` and `zeroAbove`. */
export interface TargetNormalization {
	kind: 'target';
	zeroBelow: number;
	lo: number;
	hi: number;
	zeroAbove: number;
}

/** Percentile rank within the scored population: 0 for the lowest value, 100 for the highest, ties share their mean rank. */
export interface PercentileNormalization {
	kind: 'percentile';
	higherIsBetter: boolean;
}

/** Category → points; levels not listed get `otherPoints` (or count as missing when it is null). */
export interface CategoryNormalization {
	kind: 'category';
	points: Record<string, number>;
	otherPoints: number | null;
}

/** The value is already a 0–100 sub-score; it is clamped. */
export interface AsIsNormalization {
	kind: 'asIs';
}

export type Normalization =
	| LinearNormalization
	| ThresholdsNormalization
	| TargetNormalization
	| PercentileNormalization
	| CategoryNormalization
	| AsIsNormalization;

export type NormalizationKind = Normalization['kind'];

/** What a metric does for a customer with no value. */
export type MissingPolicy =
	| { kind: 'skip' } // leave it out and re-share its weight among the present metrics
	| { kind: 'zero' }
	| { kind: 'fixed'; value: number }
	| { kind: 'median' }; // the median sub-score of the customers that have a value

/** One scored component of the health score. */
export interface Metric {
	id: string;
	column: string;
	label: string;
	/** Any non-negative number; shown as % of the total. */
	weight: number;
	normalization: Normalization;
	missing: MissingPolicy;
	/**
	 * Whether a customer success manager can act on it (usage, NPS), unlike what a customer simply is (tenure, age):
	 * the next-band table suggests only metrics that are. Absent means true, so every scorecard written before the
	 * flag keeps its meaning; scoring and Learn ignore it.
	 */
	actionable?: boolean;
}

/** True unless the metric is marked as not actionable (absent counts as actionable). */
export function isActionable(metric: Pick<Metric, 'actionable'>): boolean {
	return metric.actionable !== false;
}

/** A band starts at `min` and runs up to the next band's `min` (the last one to 100). */
export interface Band {
	label: string;
	min: number;
	color: string;
	action: string;
}

/** A list of metrics plus ordered bands. */
export interface Scorecard {
	id: string;
	name: string;
	metrics: Metric[];
	bands: Band[];
}

export const DEFAULT_BANDS: readonly Band[] = Object.freeze([
	{ label: 'At risk', min: 0, color: '#c0392b', action: 'Reach out this week' },
	{ label: 'Needs attention', min: 40, color: '#d68910', action: 'Review the account plan with the CSM' },
	{ label: 'Healthy', min: 70, color: '#1e8449', action: 'Upsell candidate' }
]);

export function defaultBands(): Band[] {
	return DEFAULT_BANDS.map((b) => ({ ...b }));
}
