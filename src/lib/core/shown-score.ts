/**
 * A score as it is shown: to one decimal. Bands are decided on this value too, so a customer shown as 70.0 is
 * never in the band below 70, half-way cases (69.95) included. Only the display and the band use it: the
 * score itself, which Learn, AUC, calibration and exports read, stays continuous.
 */

/**
 * The shown score in tenths of a point: floor(s × 10 + 0.5), half-way up. Math.round(s × 10) but for the
 * double just below 0.5 (a score under 0.05, never near a band start); written this way because the SQL
 * export (core/sql.ts) writes the same three double operations, so a warehouse bands every score alike.
 */
export function scoreTenths(s: number): number {
	return Math.floor(s * 10 + 0.5);
}

/** The score as shown, to one decimal (69.96 → 70); NaN stays NaN (no score). */
export function roundScore(s: number): number {
	return scoreTenths(s) / 10;
}

/**
 * The lowest shown score, in tenths, that a band starting at `min` takes: 70 → 700, 33.35 → 334. The
 * 1e-9 keeps 0.3 × 10 = 3.0000000000000004 at 3, as `roundScore(s) >= min` has it.
 */
export function bandStartTenths(min: number): number {
	return Math.ceil(min * 10 - 1e-9) + 0; // + 0: a start of 0 is 0, not −0
}
