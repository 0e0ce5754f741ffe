/** A waterfall of contributions: each metric's points stacked from 0 up to the score. */

/** One metric's step: it lifts the running total from `start` to `end`. */
export interface WaterfallStep {
	id: string;
	label: string;
	start: number;
	end: number;
	points: number;
}

export interface Waterfall {
	steps: WaterfallStep[];
	/** The sum of the steps: the score. */
	total: number;
}

/**
 * Steps in the given (scorecard) order; metrics that add nothing (skipped, zero weight or zero sub-score) are
 * kept with a zero step so every metric is listed. Contributions are non-negative, so the running total only rises.
 */
export function waterfallOf(contributions: readonly { id: string; label: string; points: number }[]): Waterfall {
	let total = 0;
	const steps = contributions.map(({ id, label, points }) => {
		if (!(Number.isFinite(points) && points >= 0)) throw new Error(`invalid contribution of ${label}; not a finite number ≥ 0: ${points}`);
		const start = total;
		total += points;
		return { id, label, start, end: total, points };
	});
	return { steps, total };
}
