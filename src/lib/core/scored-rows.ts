/**
 * Which rows of a table one scorecard of a set scores, routed as scoring routes them (history.ts): by each row's
 * own segment value, to its segment's scorecard, else to the default. The Scorecard page reads a metric's
 * customers and churn outcomes on these rows, so a segment scorecard's figures are its customers', not everyone's.
 */
import { scorecardIndexFor, type SegmentScorecard } from './scorecard-set';
import { cell, type Column, type Table } from './table';

/**
 * 1 for each row of `table` that scorecard `index` of scorecardsOf(set) scores (0: the default), else 0; null when every row is
 * (the set has no segment scorecards, or the data no segment column).
 */
export function rowsScoredBy(table: Table, segmentName: string | undefined, set: { segments: readonly Pick<SegmentScorecard, 'segment'>[] }, index: number): Uint8Array | null {
	if (!(Number.isInteger(index) && index >= 0 && index <= set.segments.length)) throw new Error(`invalid scorecard index; not in [0, ${set.segments.length}]: ${index}`);
	const segment: Column | undefined = segmentName && Object.hasOwn(table.columns, segmentName) ? table.columns[segmentName] : undefined;
	if (set.segments.length === 0 || !segment) return null;
	const scorecardOf = rowRouter(segment, (value) => scorecardIndexFor(set, value));
	const mask = new Uint8Array(table.rowCount);
	for (let i = 0; i < table.rowCount; i++) mask[i] = scorecardOf(i) === index ? 1 : 0;
	return mask;
}

/**
 * Which scorecard scores a row, by its segment value as `route` sends it; a missing value (no code, null, NaN) goes
 * to the default, 0. Scoring (history.ts) and the Scorecard page's figures route by this one rule.
 */
export function rowRouter(segment: Column, route: (segment: string | null) => number): (row: number) => number {
	if (segment.kind === 'category') {
		const byCode = Int32Array.from(segment.levels, (level) => route(level));
		const codes = segment.codes;
		return (row) => (codes[row] < 0 ? 0 : byCode[codes[row]]);
	}
	return (row) => {
		const v = cell(segment, row);
		return v === null || (typeof v === 'number' && v !== v) ? 0 : route(String(v));
	};
}

/** The rows of `rows` the mask keeps (all of them when it is null), in order. */
export function keptRows(rows: Uint32Array, mask: Uint8Array | null): Uint32Array {
	if (!mask) return rows;
	let n = 0;
	for (let j = 0; j < rows.length; j++) n += mask[rows[j]];
	const out = new Uint32Array(n);
	for (let j = 0, k = 0; j < rows.length; j++) if (mask[rows[j]]) out[k++] = rows[j];
	return out;
}
