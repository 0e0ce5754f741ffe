// Default directions of new metrics: from the outcomes (hand-worked tables), from the name, and on the two public
// churn files against SciPy's point-biserial correlations and scikit-learn's coefficients.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultMapping, parseCsvBytes } from '../../src/lib/core/csv/index';
import { defaultScorecardFor, toDataset } from '../../src/lib/core/csv/dataset';
import { associationWithChurn, defaultDirection, lowerIsBetterWord, outcomeGroups } from '../../src/lib/core/direction';
import { DEMO_TRUE_MODEL, generateDemo } from '../../src/lib/core/demo';
import { DEMO_FEATURES } from '../../src/lib/core/demo-model';
import type { Scorecard } from '../../src/lib/core/scorecard';
import type { Column, Table } from '../../src/lib/core/table';
import { higherIsBetter } from '../../src/lib/state/scorecard-edits';
import { readReference, SHARED_DATA } from '../helpers/shared-data';

const num = (...values: number[]): Column => ({ kind: 'number', values: Float64Array.from(values) });
const cat = (levels: string[], codes: number[]): Column => ({ kind: 'category', levels, codes: Int32Array.from(codes) });
const yesNo = (flags: number[]) => cat(['No', 'Yes'], flags);

/** 20 retained then 10 churned customers of one snapshot, for MIN_GROUP (10) churned. */
const churnFlags = [...Array(20).fill(0), ...Array(10).fill(1)];
function tableOf(columns: Record<string, Column>): Table {
	return { rowCount: churnFlags.length, columns: { churned: yesNo(churnFlags), ...columns } };
}

describe('associationWithChurn', () => {
	it('gives the means of churned and retained customers and the point-biserial r, worked by hand', () => {
		// Retained: ten 1s and ten 3s (mean 2); churned: ten 5s (mean 5). Overall mean 3, variance
		// (10·4 + 10·0 + 10·4) / 30 = 8/3; r = (5 − 2) / √(8/3) · √(10·20 / 30²) = 3 / 1.63299 · 0.471405 = 0.866025.
		const table = tableOf({ tickets: num(...Array(10).fill(1), ...Array(10).fill(3), ...Array(10).fill(5)) });
		const groups = outcomeGroups(table, { outcome: 'churned' })!;
		const a = associationWithChurn(table.columns.tickets, groups)!;
		expect(a).toMatchObject({ churnedMean: 5, retainedMean: 2, churned: 10, retained: 20, clear: true });
		expect(a.r).toBeCloseTo(Math.sqrt(3) / 2, 12);
	});
	it('reads a yes/no column as the share of Yes', () => {
		// Retained: 5 of 20 Yes (0.25); churned: 8 of 10 Yes (0.8).
		const flags = [...Array(5).fill(1), ...Array(15).fill(0), ...Array(8).fill(1), 0, 0];
		const table = tableOf({ plan: yesNo(flags) });
		const a = associationWithChurn(table.columns.plan, outcomeGroups(table, { outcome: 'churned' })!)!;
		expect(a.churnedMean).toBeCloseTo(0.8, 12);
		expect(a.retainedMean).toBeCloseTo(0.25, 12);
	});
	it('has nothing to say of a category without order', () => {
		const table = tableOf({ region: cat(['North', 'South', 'East'], churnFlags.map((_, i) => i % 3)) });
		expect(associationWithChurn(table.columns.region, outcomeGroups(table, { outcome: 'churned' })!)).toBeNull();
	});
});

describe('outcomeGroups', () => {
	it('takes the snapshot with the most churned customers (the churned leave the later ones), the latest of equals', () => {
		// 2026-01-01: the 30 customers; 2026-02-01: only the 20 retained and 9 churned (one left).
		const asOf = cat(['2026-01-01', '2026-02-01'], [...Array(30).fill(0), ...Array(29).fill(1)]);
		const churned = yesNo([...churnFlags, ...churnFlags.slice(0, 29)]);
		const table: Table = { rowCount: 59, columns: { as_of: asOf, churned } };
		const groups = outcomeGroups(table, { asOf: 'as_of', outcome: 'churned' })!;
		expect(groups.snapshot).toBe('2026-01-01');
		expect(groups.rows).toHaveLength(30);
		expect([...groups.churned].filter(Boolean)).toHaveLength(10);
		// Levels in any order; with 10 churned in both, the later one.
		const twice: Table = { rowCount: 60, columns: { as_of: cat(['2026-02-01', '2026-01-01'], [...Array(30).fill(1), ...Array(30).fill(0)]), churned: yesNo([...churnFlags, ...churnFlags]) } };
		const later = outcomeGroups(twice, { asOf: 'as_of', outcome: 'churned' })!;
		expect(later.snapshot).toBe('2026-02-01');
		expect([...later.rows]).toEqual(Array.from({ length: 30 }, (_, i) => 30 + i));
	});
	it('is null without an outcome or with fewer than 10 churned customers', () => {
		expect(outcomeGroups(tableOf({}), {})).toBeNull();
		const few: Table = { rowCount: 29, columns: { churned: yesNo(churnFlags.slice(1, 30).map((_, i) => (i < 20 ? 0 : 1))) } };
		expect(outcomeGroups(few, { outcome: 'churned' })).toBeNull();
	});
});

describe('defaultDirection', () => {
	it('follows the outcomes when the difference is clear, whatever the name says', () => {
		const table = tableOf({ calls: num(...Array(20).fill(1), ...Array(10).fill(5)) });
		const d = defaultDirection(table.columns.calls, 'support calls', outcomeGroups(table, { outcome: 'churned' }));
		expect(d).toMatchObject({ higherIsBetter: false, reason: { from: 'outcomes' } });
		const logins = tableOf({ logins: num(...Array(20).fill(5), ...Array(10).fill(1)) });
		expect(defaultDirection(logins.columns.logins, 'tickets', outcomeGroups(logins, { outcome: 'churned' })).higherIsBetter).toBe(true);
	});
	it('falls back to the name when churned and retained customers do not differ clearly', () => {
		// Both groups alternate 1, 2: the same mean, r = 0.
		const table = tableOf({ x: num(...churnFlags.map((_, i) => 1 + (i % 2))) });
		const groups = outcomeGroups(table, { outcome: 'churned' });
		expect(defaultDirection(table.columns.x, 'Support tickets', groups)).toMatchObject({ higherIsBetter: false, reason: { from: 'name', word: 'tickets', association: { r: 0, clear: false } } });
		expect(defaultDirection(table.columns.x, 'logins', groups)).toMatchObject({ higherIsBetter: true, reason: { from: 'default' } });
	});
	it('reads the name without outcomes', () => {
		for (const name of ['support_tickets', 'SupportTickets', 'customer service calls', 'Complaints', 'days_late', 'invoices overdue', 'days since last login', 'churn risk', 'ticket'])
			expect(lowerIsBetterWord(name), name).not.toBeNull();
		for (const name of ['logins', 'tenure', 'NPS', 'callsign', 'latency', 'Recalls']) expect(lowerIsBetterWord(name), name).toBeNull();
	});
});

describe('on the demo', () => {
	it("reads on the snapshot with the most churned customers the true model's sign of every feature", () => {
		const demo = generateDemo();
		const groups = outcomeGroups(demo.table, demo.meta.roles)!;
		expect(groups.snapshot).toBe('2026-02-01');
		expect([groups.rows.length, groups.churned.reduce((a, b) => a + b, 0)]).toEqual([2000, 355]);
		for (const k of DEMO_FEATURES) {
			const d = defaultDirection(demo.table.columns[k], k, groups);
			expect(d.higherIsBetter, k).toBe(DEMO_TRUE_MODEL.coefficients[k] < 0);
			// Support tickets differ too little in one snapshot (3.34 against 3.08): its name decides.
			expect(d.reason.from, k).toBe(k === 'support_tickets' ? 'name' : 'outcomes');
		}
	});
});

/** The first scorecard of a CSV, as an import makes it. */
function firstScorecard(csv: string | Uint8Array, fileName = 'file.csv'): Scorecard {
	const { preview, parsed } = parseCsvBytes(typeof csv === 'string' ? new TextEncoder().encode(csv) : csv, fileName);
	const mapping = defaultMapping(preview);
	const dataset = toDataset(parsed, mapping, { id: 'x', fileName, importedAt: '2026-11-22T00:00:00Z', asOf: '2026-11-01' });
	return defaultScorecardFor(dataset, mapping);
}
const directions = (s: Scorecard) => Object.fromEntries(s.metrics.map((m) => [m.column, higherIsBetter(m.normalization) && !(m.normalization.kind === 'category' && m.normalization.points.Yes === 0)]));

describe('the first scorecard of an import', () => {
	it('scores each metric in the direction of the outcomes in the file', () => {
		// 12 retained with few tickets and many logins, 12 churned the other way round; "premium" is Yes for the retained.
		const lines = ['customer_id,support_tickets,logins,premium,churned'];
		for (let i = 0; i < 24; i++) {
			const churned = i >= 12;
			lines.push(`c${i},${churned ? 5 + (i % 3) : i % 3},${churned ? 10 + (i % 4) : 40 + (i % 4)},${churned ? 'No' : 'Yes'},${churned ? 'Yes' : 'No'}`);
		}
		const scorecard = firstScorecard(lines.join('\n'));
		expect(directions(scorecard)).toEqual({ support_tickets: false, logins: true, premium: true });
		const tickets = scorecard.metrics[0].normalization;
		expect(tickets.kind === 'linear' && tickets.worst > tickets.best).toBe(true);
	});
	it('scores a yes/no metric No 100, Yes 0 when churned customers said Yes more often', () => {
		const lines = ['customer_id,logins,late_payer,churned'];
		for (let i = 0; i < 24; i++) lines.push(`c${i},${i % 5},${i >= 12 ? 'Yes' : 'No'},${i >= 12 ? 'Yes' : 'No'}`);
		const late = firstScorecard(lines.join('\n')).metrics.find((m) => m.column === 'late_payer')!;
		expect(late.normalization).toEqual({ kind: 'category', points: { No: 100, Yes: 0 }, otherPoints: null });
	});
	it('goes by the name without outcomes', () => {
		const scorecard = firstScorecard('customer_id,support_tickets,logins,days_since_login,overdue\na,1,5,3,Yes\nb,2,6,9,No\nc,3,7,4,No\n');
		expect(directions(scorecard)).toEqual({ support_tickets: false, logins: true, days_since_login: false, overdue: false });
	});
});

interface PointBiserial {
	columns: Record<string, { kind: string; churned_mean: number; retained_mean: number; churned: number; retained: number; r: number; p_value: number }>;
}
type Sklearn = { variants: Record<string, { coef_standardized: Record<string, number> }> };

/** Each metric column's default direction (+1 higher is better) and reason, on a real file. */
function realFile(name: string) {
	const bytes = new Uint8Array(readFileSync(SHARED_DATA + name));
	const { preview, parsed } = parseCsvBytes(bytes, name);
	const mapping = defaultMapping(preview);
	const dataset = toDataset(parsed, mapping, { id: 'x', fileName: name, importedAt: '2026-11-22T00:00:00Z', asOf: '2026-11-01' });
	const groups = outcomeGroups(dataset.table, dataset.meta.roles)!;
	return { dataset, groups, scorecard: defaultScorecardFor(dataset, mapping) };
}

describe.each([
	['telco_customer_churn.csv', 'telco', 'telco.json'],
	['telecom_churn_bigml.csv', 'bigml', 'bigml.json']
])('%s', (file, key, sklearnFile) => {
	const { dataset, groups, scorecard } = realFile(file);
	const reference = (JSON.parse(readFileSync(new URL('../fixtures/directions/point_biserial.json', import.meta.url), 'utf8')) as Record<string, PointBiserial>)[key].columns;

	it('gives the means and point-biserial r of SciPy for every number and yes/no column, and calls clear what p < 0.05 is', () => {
		expect(Object.keys(reference).length).toBeGreaterThanOrEqual(8);
		// BigML's area code (408, 415, 510) is a code, not an amount: the import proposes it ignored, so it is not in the table.
		const left = Object.keys(reference).filter((column) => !(column in dataset.table.columns));
		expect(left).toEqual(key === 'bigml' ? ['area code'] : []);
		for (const [column, ref] of Object.entries(reference)) {
			if (left.includes(column)) continue;
			const a = associationWithChurn(dataset.table.columns[column], groups)!;
			expect(a, column).not.toBeNull();
			expect(a.churnedMean, column).toBeCloseTo(ref.churned_mean, 9);
			expect(a.retainedMean, column).toBeCloseTo(ref.retained_mean, 9);
			expect([a.churned, a.retained], column).toEqual([ref.churned, ref.retained]);
			expect(a.r, column).toBeCloseTo(ref.r, 9);
			expect(a.clear, column).toBe(ref.p_value < 0.05);
		}
	});
	it('scores every metric of the first scorecard as the sign of its correlation where it is clear', () => {
		for (const m of scorecard.metrics) {
			const ref = reference[m.column];
			if (ref && ref.p_value < 0.05) expect(directions(scorecard)[m.column], m.column).toBe(ref.r < 0);
		}
	});
	it("agrees with scikit-learn's logistic coefficients but where one column alone tells another story", () => {
		const sklearn = readReference<Sklearn>(sklearnFile).variants;
		// Yes/no columns from the variant that has them; numbers from the numbers-only model.
		const coef = { ...sklearn[key === 'telco' ? 'numeric_plus_onehot' : 'numeric_plus_plans'].coef_standardized, ...sklearn.numeric_only.coef_standardized };
		const mine = directions(scorecard);
		const disagree: string[] = [];
		for (const [feature, b] of Object.entries(coef)) {
			const column = feature.replace(/=Yes$/, '');
			if (!(column in mine)) continue;
			if (mine[column] !== b < 0) disagree.push(column);
		}
		// TotalCharges: churned customers had less in total because they were newer; beside tenure the model gives
		// it a positive coefficient. Account length: no clear difference (p = 0.34), so higher is better by default.
		expect(disagree).toEqual(key === 'telco' ? ['TotalCharges'] : ['account length']);
		if (key === 'telco') expect(mine).toMatchObject({ tenure: true, MonthlyCharges: false, SeniorCitizen: false, Partner: true });
		else expect(mine).toMatchObject({ 'customer service calls': false, 'international plan': false, 'voice mail plan': true, 'total day calls': false });
	});
});
