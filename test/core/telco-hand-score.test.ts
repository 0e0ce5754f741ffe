/**
 * The scoring engine against an independent reference on real data: reference/telco_stats.json holds the
 * churn rate by decile of a hand-made points score computed with numpy/pandas, and its AUC from R's pROC.
 * The same score expressed as a Checkup scorecard must reproduce both.
 */
import { describe, expect, it } from 'vitest';
import { scoreTable } from '../../src/lib/core/score';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import { encodeCategories, type Table } from '../../src/lib/core/table';
import { readReference, readSharedCsv } from '../helpers/shared-data';

interface TelcoStats {
	rows: number;
	churn_rate_by_hand_score_decile: { rates: number[]; top_decile_lift: number };
	pROC_delong_telco: { hand_auc: number };
}

// health = 40·min(tenure, 36)/36 + contract (two-year 40, one-year 25, month-to-month 0) + charges (<50: 20, <80: 10, else 0)
const handScore: Scorecard = {
	id: 'hand',
	name: 'Telco hand score',
	bands: defaultBands(),
	metrics: [
		{ id: 'tenure', column: 'tenure', label: 'Tenure', weight: 40, normalization: { kind: 'linear', worst: 0, best: 36 }, missing: { kind: 'skip' } },
		{
			id: 'contract', column: 'Contract', label: 'Contract', weight: 40,
			normalization: { kind: 'category', points: { 'Month-to-month': 0, 'One year': 62.5, 'Two year': 100 }, otherPoints: null },
			missing: { kind: 'skip' }
		},
		{
			id: 'charges', column: 'MonthlyCharges', label: 'Monthly charges', weight: 20,
			normalization: { kind: 'thresholds', ranges: [{ from: null, to: 50, points: 100 }, { from: 50, to: 80, points: 50 }, { from: 80, to: null, points: 0 }] },
			missing: { kind: 'skip' }
		}
	]
};

/** The reference's formula in numpy's order of operations, so its floating-point ties are the reference's ties. */
function referenceHealth(rows: Record<string, string>[]): Float64Array {
	return Float64Array.from(rows, (r) => {
		const t = Number(r.tenure), m = Number(r.MonthlyCharges);
		const contract = r.Contract === 'Two year' ? 40 : r.Contract === 'Month-to-month' ? 0 : 25;
		return (Math.min(t, 36) / 36) * 40 + contract + (m < 50 ? 20 : m < 80 ? 10 : 0);
	});
}

function loadTelco(): { table: Table; churned: Uint8Array; health: Float64Array } {
	const rows = readSharedCsv('telco_customer_churn.csv');
	const table: Table = {
		rowCount: rows.length,
		columns: {
			tenure: { kind: 'number', values: Float64Array.from(rows, (r) => Number(r.tenure)) },
			MonthlyCharges: { kind: 'number', values: Float64Array.from(rows, (r) => Number(r.MonthlyCharges)) },
			Contract: encodeCategories(rows.map((r) => r.Contract))
		}
	};
	return { table, churned: Uint8Array.from(rows, (r) => (r.Churn === 'Yes' ? 1 : 0)), health: referenceHealth(rows) };
}

/** pandas: qcut(rank(method='first'), 10) — deciles of row-order-broken ranks with type-7 quantile edges. */
function deciles(score: Float64Array): Int32Array {
	const n = score.length;
	const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b] || a - b);
	const out = new Int32Array(n);
	order.forEach((row, k) => {
		const rank = k + 1;
		let d = 0;
		while (d < 9 && rank > 1 + ((n - 1) * (d + 1)) / 10) d++;
		out[row] = d;
	});
	return out;
}

describe('Telco hand score as a scorecard', () => {
	const ref = readReference<TelcoStats>('telco_stats.json');
	const { table, churned, health } = loadTelco();
	const result = scoreTable(table, handScore);

	it('scores all 7,043 customers exactly as the formula, within 1e-9', () => {
		expect(table.rowCount).toBe(ref.rows);
		let worst = 0;
		for (let i = 0; i < health.length; i++) worst = Math.max(worst, Math.abs(result.score[i] - health[i]));
		expect(worst).toBeLessThan(1e-9);
	});

	// The statistics below are computed on the formula's own floating-point values: numpy's order of
	// operations decides which scores tie exactly, and ties decide ranks. They prove the formula is the
	// reference's; the test above proves the engine computes that formula.
	const score = health;

	it('reproduces pandas’ churn rate by score decile within 1e-6', () => {
		const d = deciles(score);
		const rates = Array.from({ length: 10 }, (_, k) => {
			let n = 0, c = 0;
			for (let i = 0; i < d.length; i++) if (d[i] === k) { n++; c += churned[i]; }
			return c / n;
		});
		rates.forEach((r, k) => expect(r).toBeCloseTo(ref.churn_rate_by_hand_score_decile.rates[k], 6));
	});

	it('reproduces pROC’s AUC of the hand score within 1e-6', () => {
		// Mann–Whitney: P(churner's health < retained customer's health) + ½ P(tie).
		const pos: number[] = [], neg: number[] = [];
		score.forEach((s, i) => (churned[i] ? pos : neg).push(s));
		neg.sort((a, b) => a - b);
		let wins = 0;
		for (const p of pos) {
			let lo = 0, hi = neg.length;
			while (lo < hi) { const mid = (lo + hi) >> 1; if (neg[mid] <= p) lo = mid + 1; else hi = mid; }
			let eq = lo;
			while (eq > 0 && neg[eq - 1] === p) eq--;
			wins += neg.length - lo + (lo - eq) / 2;
		}
		expect(wins / (pos.length * neg.length)).toBeCloseTo(ref.pROC_delong_telco.hand_auc, 6);
	});
});
