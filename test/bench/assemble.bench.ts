/**
 * Assembling imports: two snapshot files of 100,000 customers × 10 metrics (a third of the IDs in both at one
 * date) and an outcomes file; then at scale, with IDs packed as loaded from storage: a year of monthly files of
 * the same 100,000 customers, and two files of the same 1,000,000.
 */
import { bench, describe } from 'vitest';
import { assemblePortfolio } from '../../src/lib/core/assemble';
import { describeColumns, type Dataset, type DatasetRoles } from '../../src/lib/core/dataset';
import type { Column } from '../../src/lib/core/table';
import { PackedTexts } from '../../src/lib/core/text-values';

const N = 100_000;
let seed = 7;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);

function dataset(id: string, createdAt: string, roles: DatasetRoles, columns: Record<string, Column>, rowCount: number): Dataset {
	const table = { rowCount, columns };
	return { meta: { id, name: `${id}.csv`, source: 'file', createdAt, rowCount, columns: describeColumns(table), roles, snapshots: [] }, table };
}

/** 100,000 customers as of `date`, IDs from `first`, with a segment, ARR and 10 number metrics. */
function snapshot(id: string, createdAt: string, date: string, first: number): Dataset {
	const columns: Record<string, Column> = {
		customer: { kind: 'text', values: Array.from({ length: N }, (_, i) => `C${first + i}`) },
		plan: { kind: 'category', codes: Int32Array.from({ length: N }, () => Math.floor(rand() * 3)), levels: ['Basic', 'Pro', 'Enterprise'] },
		arr: { kind: 'number', values: Float64Array.from({ length: N }, () => rand() * 1e5) },
		as_of: { kind: 'category', codes: new Int32Array(N), levels: [date] }
	};
	for (let k = 0; k < 10; k++) columns[`m${k}`] = { kind: 'number', values: Float64Array.from({ length: N }, () => rand() * 100) };
	return dataset(id, createdAt, { id: 'customer', segment: 'plan', arr: 'arr', asOf: 'as_of' }, columns, N);
}

const jan = snapshot('jan', '2026-01-05T00:00:00Z', '2026-01-01', 0);
// February at a later date, plus a third of January's customers again at January's date (those replace January's rows).
const feb = snapshot('feb', '2026-02-05T00:00:00Z', '2026-02-01', 0);
(feb.table.columns.as_of as { codes: Int32Array; levels: string[] }).levels = ['2026-02-01', '2026-01-01'];
(feb.table.columns.as_of as { codes: Int32Array }).codes.fill(1, 0, N / 3);
const outcomes = dataset('outcomes', '2026-03-01T00:00:00Z', { id: 'id', outcome: 'churned' }, {
	id: { kind: 'text', values: Array.from({ length: N / 10 }, (_, i) => `C${i * 10}`) },
	churned: { kind: 'category', codes: Int32Array.from({ length: N / 10 }, (_, i) => i % 2), levels: ['No', 'Yes'] }
}, N / 10);

describe('assemblePortfolio', () => {
	bench('2 × 100,000 rows × 10 metrics', () => void assemblePortfolio([jan, feb]), { iterations: 10 });
	bench('2 × 100,000 rows × 10 metrics + 10,000 outcomes', () => void assemblePortfolio([jan, feb, outcomes]), { iterations: 10 });
});

/** `n` customers as of `date`, IDs packed (as a stored import loads), with a segment, ARR and 10 number metrics. */
function packedSnapshot(id: string, month: number, n: number): Dataset {
	const date = `2026-${String(month).padStart(2, '0')}-01`;
	const columns: Record<string, Column> = {
		customer: { kind: 'text', values: PackedTexts.of(Array.from({ length: n }, (_, i) => `CUST-${String(i).padStart(7, '0')}`)) },
		plan: { kind: 'category', codes: Int32Array.from({ length: n }, () => Math.floor(rand() * 3)), levels: ['Basic', 'Pro', 'Enterprise'] },
		arr: { kind: 'number', values: Float64Array.from({ length: n }, () => rand() * 1e5) },
		as_of: { kind: 'category', codes: new Int32Array(n), levels: [date] }
	};
	for (let k = 0; k < 10; k++) columns[`m${k}`] = { kind: 'number', values: Float64Array.from({ length: n }, () => rand() * 100) };
	return dataset(id, `${date.slice(0, 8)}05T00:00:00Z`, { id: 'customer', segment: 'plan', arr: 'arr', asOf: 'as_of' }, columns, n);
}

const year = Array.from({ length: 12 }, (_, m) => packedSnapshot(`month${m + 1}`, m + 1, 100_000));
const twoMillion = [packedSnapshot('big1', 1, 1_000_000), packedSnapshot('big2', 2, 1_000_000)];

describe('assemblePortfolio at scale', () => {
	bench('12 monthly imports × 100,000 customers', () => void assemblePortfolio(year), { iterations: 4 });
	bench('2 × 1,000,000 customers', () => void assemblePortfolio(twoMillion), { iterations: 3 });
});
