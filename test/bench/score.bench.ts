/** Scoring speed: 1,000,000 customers × 10 metrics in node (the target: under 100 ms). */
import { bench, describe } from 'vitest';
import { scoreTable } from '../../src/lib/core/score';
import { defaultBands, type Metric, type Normalization, type Scorecard } from '../../src/lib/core/scorecard';
import type { Table } from '../../src/lib/core/table';

const N = 1_000_000;
let seed = 42;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);

function makeTable(): Table {
	const columns: Table['columns'] = {};
	for (let k = 0; k < 9; k++) {
		const values = new Float64Array(N);
		for (let i = 0; i < N; i++) values[i] = rand() < 0.05 ? NaN : rand() * 100;
		columns[`m${k}`] = { kind: 'number', values };
	}
	const codes = new Int32Array(N);
	for (let i = 0; i < N; i++) codes[i] = Math.floor(rand() * 3);
	columns.plan = { kind: 'category', codes, levels: ['Month-to-month', 'One year', 'Two year'] };
	return { rowCount: N, columns };
}

const metric = (k: number, normalization: Normalization): Metric => ({
	id: `m${k}`, column: `m${k}`, label: `Metric ${k}`, weight: 10 - k, normalization, missing: { kind: 'skip' }
});
const mixed: Normalization[] = [
	{ kind: 'linear', worst: 5, best: 95 },
	{ kind: 'linear', worst: 90, best: 10 },
	{ kind: 'thresholds', ranges: [{ from: null, to: 25, points: 0 }, { from: 25, to: 50, points: 40 }, { from: 50, to: 75, points: 80 }, { from: 75, to: null, points: 100 }] },
	{ kind: 'target', zeroBelow: 0, lo: 20, hi: 40, zeroAbove: 90 },
	{ kind: 'asIs' },
	{ kind: 'linear', worst: 0, best: 100 },
	{ kind: 'linear', worst: 100, best: 0 },
	{ kind: 'target', zeroBelow: 10, lo: 30, hi: 60, zeroAbove: 100 },
	{ kind: 'linear', worst: 20, best: 80 }
];
const planMetric: Metric = {
	id: 'plan', column: 'plan', label: 'Plan', weight: 5,
	normalization: { kind: 'category', points: { 'Month-to-month': 0, 'One year': 60, 'Two year': 100 }, otherPoints: null },
	missing: { kind: 'skip' }
};

const table = makeTable();
const card = (metrics: Metric[]): Scorecard => ({ id: 'bench', name: 'bench', metrics, bands: defaultBands() });
const typical = card([...mixed.map((n, k) => metric(k, n)), planMetric]);
const allLinear = card([...mixed.map((_, k) => metric(k, { kind: 'linear', worst: 5, best: 95 })), planMetric]);
const withPercentiles = card([...mixed.map((n, k) => metric(k, k < 2 ? { kind: 'percentile', higherIsBetter: true } : n)), planMetric]);
const withMedians = card(typical.metrics.map((m) => ({ ...m, missing: { kind: 'median' } })));

describe('score 1,000,000 customers × 10 metrics', () => {
	bench('typical mix (linear, thresholds, target, as-is, category)', () => void scoreTable(table, typical), { iterations: 10 });
	bench('all linear + category', () => void scoreTable(table, allLinear), { iterations: 10 });
	bench('mix with 2 percentile-rank metrics (sorts)', () => void scoreTable(table, withPercentiles), { iterations: 5 });
	bench('mix with median fill for missing values', () => void scoreTable(table, withMedians), { iterations: 5 });
});
