/**
 * Which rows of a table one scorecard of a set scores, routed as scoring routes them (history.ts): by each row's
 * own segment value, to its segment's scorecard, else to the default. The Scorecard page reads a metric's
 * customers and churn outcomes on these rows, so a segment scorecard's figures are its customers', not everyone's.
 */
import { scorecardIndexFor, type SegmentScorecard } from './scorecard-set';
import { cell, MISSING_CODE, type Column, type Table } from './table';

/**
 * 1 for each row of `table` that scorecard `index` of scorecardsOf(set) scores (0: the default), else 0; null when every row is
 * (the set has no segment scorecards, or the data no segment column).
 */
export function rowsScoredBy(table: Table, segmentName: string | undefined, set: { segments: readonly Pick<SegmentScorecard, 'segment'>[] }, index: number): Uint8Array | null {
	if (!(Number.isInteger(index) && index >= 0 && index <= set.segments.length)) throw new Error(`invalid scorecard index; not in [0, ${set.segments.length}]: ${index}`);
	const segment: Column | undefined = segmentName && Object.hasOwn(table.columns, segmentName) ? table.columns[segmentName] : undefined;
	if (set.segments.length === 0 || !segment) return null;
	const route = (value: string | null) => scorecardIndexFor(set, value);
	const mask = new Uint8Array(table.rowCount);
	if (segment.kind === 'category') {
		const byCode = segment.levels.map((level) => route(level) === index);
		const missing = index === 0;
		for (let i = 0; i < table.rowCount; i++) mask[i] = (segment.codes[i] === MISSING_CODE ? missing : byCode[segment.codes[i]]) ? 1 : 0;
		return mask;
	}
	for (let i = 0; i < table.rowCount; i++) {
		const v = cell(segment, i);
		mask[i] = route(v === null || (typeof v === 'number' && v !== v) ? null : String(v)) === index ? 1 : 0;
	}
	return mask;
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
