/** Test files as the import pipeline makes them, for the workspace's tests: parsed columns + a mapping → toDataset. */
import { defaultScorecardFor, toDataset } from '../../src/lib/core/csv/dataset';
import type { ColumnMapping } from '../../src/lib/core/csv/types';
import type { Column } from '../../src/lib/core/table';

/** A file imported at `importedAt` (its id says when), each column a metric unless `roles` says otherwise; its default scorecard, or null without metrics. */
export function imported(fileName: string, importedAt: string, columns: Record<string, Column>, roles: Record<string, ColumnMapping['role']>, asOf = '2026-01-01') {
	const names = Object.keys(columns);
	const rowCount = (Object.values(columns)[0] as { values: ArrayLike<unknown> }).values.length;
	const types: Record<Column['kind'], ColumnMapping['type']> = { number: 'number', category: 'boolean', text: 'text' };
	const mapping: ColumnMapping[] = names.map((name, index) => ({
		index, name, role: roles[name] ?? 'metric',
		type: roles[name] === 'asOf' || roles[name] === 'churnDate' ? 'date' : types[columns[name].kind],
		...(roles[name] === 'asOf' || roles[name] === 'churnDate' ? { dateFormat: 'iso' as const } : {})
	}));
	const parsed = { rowCount, columns, sourceRows: new Int32Array(rowCount), problems: [], problemCount: 0, rowsRead: rowCount, rowsSkipped: 0 };
	const dataset = toDataset(parsed, mapping, { id: `file-${Date.parse(importedAt)}`, fileName, importedAt, asOf, fileSize: 100 });
	return { dataset, scorecard: mapping.some((m) => m.role === 'metric') ? defaultScorecardFor(dataset, mapping) : null };
}
export const text = (...values: (string | null)[]): Column => ({ kind: 'text', values });
export const num = (...values: number[]): Column => ({ kind: 'number', values: Float64Array.from(values) });
