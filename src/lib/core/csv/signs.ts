/**
 * Negative values in a metric column that is otherwise never negative (tenure, support tickets, logins): most
 * likely a slip in the export (a tenure of −3 months). They are kept as they are, since a signed metric is valid
 * (contract growth), but the report says where they are. Worked out after reading, in one pass over each metric's
 * typed values: reading adds nothing per cell for it.
 */
import { formatCount, formatValue } from '../format';
import type { ColumnMapping, Notice, ParsedColumns } from './types';

/** A column reads as "otherwise ≥ 0" when at most one value in this many is negative. */
export const FEW_NEGATIVES = 20;
/** The rows the notice names; it counts the others. */
const NAMED = 3;

/** A notice per number metric whose values are all ≥ 0 but a few (1 to 1 in FEW_NEGATIVES of those present). */
export function negativeValueNotices(parsed: ParsedColumns, mapping: readonly ColumnMapping[]): Notice[] {
	const notices: Notice[] = [];
	for (const m of mapping) {
		if (m.role !== 'metric' || m.type !== 'number') continue;
		const column = Object.hasOwn(parsed.columns, m.name) ? parsed.columns[m.name] : undefined;
		if (column?.kind !== 'number') continue;
		const found = negatives(column.values, parsed.rowCount);
		if (!found || found.count * FEW_NEGATIVES > found.present) continue;
		const rows = found.first.map((r) => `row ${parsed.sourceRows[r]} (${formatValue(column.values[r])})`);
		const more = found.count - found.first.length;
		const values = found.count === 1 ? 'value' : 'values';
		notices.push({
			level: 'warning',
			message: `${formatCount(found.count)} negative ${values} in "${m.name}", a column otherwise ≥ 0: ${rows.join(', ')}${more > 0 ? ` and ${formatCount(more)} more` : ''}; kept as ${found.count === 1 ? 'it is' : 'they are'}.`
		});
	}
	return notices;
}

/**
 * How many of the first `n` values are present (not NaN) and negative, and the first NAMED negative ones' rows;
 * null when none is negative. Such a column (most) costs one comparison a value: the count is made once one is met.
 */
function negatives(values: Float64Array, n: number): { present: number; count: number; first: number[] } | null {
	let r = 0;
	while (r < n && !(values[r] < 0)) r++;
	if (r === n) return null;
	let missing = 0;
	let count = 0;
	const first: number[] = [];
	for (let k = 0; k < n; k++) {
		const x = values[k];
		if (x !== x) missing++;
		else if (x < 0 && count++ < NAMED) first.push(k);
	}
	return { present: n - missing, count, first };
}
