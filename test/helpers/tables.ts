import { encodeCategories, type Table } from '../../src/lib/core/table';

/** A table from plain arrays: numbers (NaN/null = missing) become number columns, strings become categories. */
export function tableOf(columns: Record<string, (number | null)[] | (string | null)[]>): Table {
	const out: Table = { rowCount: 0, columns: {} };
	for (const [name, values] of Object.entries(columns)) {
		out.rowCount = values.length;
		const isText = values.some((v) => typeof v === 'string');
		out.columns[name] = isText
			? encodeCategories(values as (string | null)[])
			: { kind: 'number', values: Float64Array.from(values as (number | null)[], (v) => (v === null ? NaN : v)) };
	}
	return out;
}
