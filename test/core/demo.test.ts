import { describe, expect, it } from 'vitest';
import {
	DEMO_CREATED_AT, DEMO_SNAPSHOTS, DEMO_TRUE_MODEL, demoScorecard, generateDemo, trueChurnLogit, type DemoFeature
} from '../../src/lib/core/demo';
import { DEMO_FEATURES } from '../../src/lib/core/demo-model';
import { Random, deriveSeed } from '../../src/lib/core/random';
import { describeColumns, type Dataset } from '../../src/lib/core/dataset';
import { cell, type CategoryColumn, type Column, type NumberColumn, type TextColumn } from '../../src/lib/core/table';
import { defaultBands } from '../../src/lib/core/scorecard';
import { textArray } from '../../src/lib/core/text-values';

const demo = generateDemo();
const rows = demo.table.rowCount;

const num = (d: Dataset, name: string): Float64Array => (d.table.columns[name] as NumberColumn).values;
const cat = (d: Dataset, name: string): CategoryColumn => d.table.columns[name] as CategoryColumn;
const txt = (d: Dataset, name: string): (string | null)[] => textArray((d.table.columns[name] as TextColumn).values);
const addDays = (iso: string, days: number) =>
	new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

interface AccountView {
	churnDate: string | null;
	churned: string;
	/** Whether every row of the account carries the same outcome and churn date. */
	consistent: boolean;
	/** Row index by snapshot date. */
	rows: Map<string, number>;
}

function accounts(d: Dataset): Map<string, AccountView> {
	const ids = txt(d, 'account_id');
	const asOf = cat(d, 'as_of');
	const churned = cat(d, 'churned');
	const churnDate = txt(d, 'churn_date');
	const out = new Map<string, AccountView>();
	for (let r = 0; r < d.table.rowCount; r++) {
		let view = out.get(ids[r]!);
		const outcome = churned.levels[churned.codes[r]];
		if (!view) out.set(ids[r]!, (view = { churnDate: churnDate[r], churned: outcome, consistent: true, rows: new Map() }));
		if (churnDate[r] !== view.churnDate || outcome !== view.churned) view.consistent = false;
		view.rows.set(asOf.levels[asOf.codes[r]], r);
	}
	return out;
}
const byAccount = accounts(demo);

function sameTable(a: Dataset, b: Dataset): boolean {
	if (a.table.rowCount !== b.table.rowCount) return false;
	if (Object.keys(a.table.columns).join() !== Object.keys(b.table.columns).join()) return false;
	for (const [name, column] of Object.entries(a.table.columns)) {
		const other = b.table.columns[name] as Column | undefined;
		if (!other) return false;
		for (let r = 0; r < a.table.rowCount; r++) if (!Object.is(cell(column, r), cell(other, r))) return false;
	}
	return true;
}

describe('Random', () => {
	it('repeats a sequence for a seed and differs between seeds', () => {
		const draw = (seed: number) => {
			const rng = new Random(seed);
			return Array.from({ length: 5 }, () => rng.uniform());
		};
		expect(draw(7)).toEqual(draw(7));
		expect(draw(7)).not.toEqual(draw(8));
		expect(deriveSeed(7, 'names')).not.toBe(deriveSeed(7, 'accounts'));
	});

	it('draws uniform in [0, 1) and normals with the asked mean and sd', () => {
		const rng = new Random(1);
		let sum = 0, sq = 0, lo = 1, hi = 0;
		for (let i = 0; i < 20_000; i++) {
			const u = rng.uniform();
			lo = Math.min(lo, u);
			hi = Math.max(hi, u);
			const z = rng.normal(3, 2);
			sum += z;
			sq += z * z;
		}
		expect(lo).toBeGreaterThanOrEqual(0);
		expect(hi).toBeLessThan(1);
		const mean = sum / 20_000;
		expect(mean).toBeCloseTo(3, 1);
		expect(Math.sqrt(sq / 20_000 - mean * mean)).toBeCloseTo(2, 1);
	});

	it('draws Poisson and binomial counts with the right mean and variance', () => {
		const rng = new Random(2);
		const moments = (draw: () => number) => {
			const x = Array.from({ length: 20_000 }, draw);
			const mean = x.reduce((s, v) => s + v, 0) / x.length;
			return [mean, x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length];
		};
		const [pm, pv] = moments(() => rng.poisson(3));
		expect(Math.abs(pm - 3)).toBeLessThan(0.05);
		expect(Math.abs(pv - 3)).toBeLessThan(0.15);
		const [bm, bv] = moments(() => rng.binomial(12, 0.3));
		expect(Math.abs(bm - 3.6)).toBeLessThan(0.05);
		expect(Math.abs(bv - 2.52)).toBeLessThan(0.12);
		expect(rng.binomial(12, 1)).toBe(12);
		expect(rng.binomial(12, 0)).toBe(0);
		expect(rng.poisson(0)).toBe(0);
	});

	it('rejects seeds that are not 32-bit integers', () => {
		expect(() => new Random(-1)).toThrow(/-1/);
		expect(() => new Random(1.5)).toThrow(/1.5/);
	});
});

describe('generateDemo: shape', () => {
	it('is deterministic for a seed and differs between seeds', () => {
		expect(sameTable(generateDemo(), demo)).toBe(true);
		const other = generateDemo({ seed: 7 });
		expect(sameTable(other, demo)).toBe(false);
		expect(txt(other, 'account_name').slice(0, 20)).not.toEqual(txt(demo, 'account_name').slice(0, 20));
	});

	it('gives fewer accounts as the first accounts of the full portfolio', () => {
		const small = generateDemo({ accounts: 40 });
		const smallAccounts = accounts(small);
		expect(smallAccounts.size).toBe(40);
		for (const [id, view] of smallAccounts) {
			const full = byAccount.get(id)!;
			expect(view.churnDate).toBe(full.churnDate);
			for (const [date, r] of view.rows) {
				for (const name of Object.keys(demo.table.columns)) {
					expect(cell(small.table.columns[name], r)).toEqual(cell(demo.table.columns[name], full.rows.get(date)!));
				}
			}
		}
	});

	it('has 2,000 accounts, 12 snapshots and one row per active account-month, sorted by snapshot then account', () => {
		expect(byAccount.size).toBe(2000);
		expect(cat(demo, 'as_of').levels).toEqual(DEMO_SNAPSHOTS);
		expect(DEMO_SNAPSHOTS).toEqual(Array.from({ length: 12 }, (_, m) => `${m === 0 ? 2025 : 2026}-${String(((m + 11) % 12) + 1).padStart(2, '0')}-01`));
		let expected = 0;
		for (const view of byAccount.values()) expected += DEMO_SNAPSHOTS.filter((s) => view.churnDate === null || s < view.churnDate).length;
		expect(rows).toBe(expected);
		const asOf = cat(demo, 'as_of').codes;
		const ids = txt(demo, 'account_id');
		for (let r = 1; r < rows; r++) {
			expect(asOf[r] > asOf[r - 1] || (asOf[r] === asOf[r - 1] && ids[r]! > ids[r - 1]!)).toBe(true);
		}
		expect(ids[0]).toBe('ACC-0001');
		expect(new Set(txt(demo, 'account_name')).size).toBe(2000);
	});

	it('has the specified columns, kinds and levels, and meta', () => {
		const kinds = Object.fromEntries(Object.entries(demo.table.columns).map(([name, c]) => [name, c.kind]));
		expect(kinds).toEqual({
			account_id: 'text', account_name: 'text', segment: 'category', owner: 'category', arr: 'number', as_of: 'category',
			licensed_seats: 'number', active_users: 'number', seat_utilization: 'number', logins_per_user: 'number',
			feature_adoption: 'number', support_tickets: 'number', days_paid_late: 'number', webinar_attendance: 'number',
			community_posts: 'number', nps: 'number', csat: 'number', contract_growth_pct: 'number', exec_sponsor: 'category',
			churned: 'category', churn_date: 'text'
		});
		expect(cat(demo, 'segment').levels).toEqual(['SMB', 'Mid-market', 'Enterprise']);
		expect(cat(demo, 'exec_sponsor').levels).toEqual(['No', 'Yes']);
		expect(cat(demo, 'churned').levels).toEqual(['No', 'Yes']);
		const owners = cat(demo, 'owner').levels;
		expect(owners.length).toBeGreaterThanOrEqual(8);
		expect(owners.length).toBeLessThanOrEqual(10);
		for (const name of ['segment', 'owner', 'as_of', 'exec_sponsor', 'churned']) {
			expect(cat(demo, name).codes.every((c) => c >= 0)).toBe(true);
		}
		expect(demo.meta).toEqual({
			id: 'demo', name: 'Demo portfolio', source: 'demo', createdAt: DEMO_CREATED_AT, rowCount: rows,
			columns: describeColumns(demo.table), snapshots: DEMO_SNAPSHOTS, currency: 'USD',
			roles: {
				id: 'account_id', name: 'account_name', segment: 'segment', owner: 'owner', arr: 'arr',
				asOf: 'as_of', outcome: 'churned', churnDate: 'churn_date'
			}
		});
	});

	it('rejects bad options with the value in the message', () => {
		expect(() => generateDemo({ accounts: 0 })).toThrow(/: 0$/);
		expect(() => generateDemo({ accounts: 2.5 })).toThrow(/2.5/);
		expect(() => generateDemo({ seed: -3 })).toThrow(/-3/);
	});
});

describe('generateDemo: values', () => {
	const isInt = (x: number) => Number.isInteger(x);

	it('keeps counts whole and within range, and utilization consistent with users and seats', () => {
		const seats = num(demo, 'licensed_seats');
		const active = num(demo, 'active_users');
		const util = num(demo, 'seat_utilization');
		const bad: number[] = [];
		for (let r = 0; r < rows; r++) {
			const ok =
				isInt(seats[r]) && seats[r] >= 1 && isInt(active[r]) && active[r] >= 0 && active[r] <= seats[r] &&
				util[r] === Math.round((1000 * active[r]) / seats[r]) / 10;
			if (!ok) bad.push(r);
		}
		expect(bad).toEqual([]);
		for (const name of ['support_tickets', 'webinar_attendance', 'community_posts', 'arr']) {
			expect(num(demo, name).every((x) => isInt(x) && x >= 0)).toBe(true);
		}
		expect(num(demo, 'arr').every((x) => x > 0)).toBe(true);
		expect(num(demo, 'days_paid_late').every((x) => x >= 0 && x <= 120)).toBe(true);
		expect(num(demo, 'feature_adoption').every((x) => x >= 0 && x <= 100)).toBe(true);
		expect(num(demo, 'logins_per_user').every((x) => x >= 0 && x < 100)).toBe(true);
		const growth = num(demo, 'contract_growth_pct');
		expect(growth.some((x) => x < 0) && growth.some((x) => x > 10)).toBe(true);
	});

	it('has NPS as whole 0–10 scores with 30–40% unanswered, and CSAT as 0–100 with some missing', () => {
		const nps = num(demo, 'nps');
		const answered = nps.filter((x) => !Number.isNaN(x));
		expect(answered.every((x) => isInt(x) && x >= 0 && x <= 10)).toBe(true);
		expect(new Set(answered).size).toBe(11);
		const missingShare = 1 - answered.length / rows;
		expect(missingShare).toBeGreaterThan(0.3);
		expect(missingShare).toBeLessThan(0.4);
		const csat = num(demo, 'csat');
		const csatAnswered = csat.filter((x) => !Number.isNaN(x));
		expect(csatAnswered.every((x) => x >= 0 && x <= 100)).toBe(true);
		expect(csatAnswered.length).toBeGreaterThan(rows / 2);
		expect(csatAnswered.length).toBeLessThan(rows);
	});

	it('gives Enterprise more seats and ARR than Mid-market, and Mid-market more than SMB', () => {
		const segment = cat(demo, 'segment').codes;
		const medianBy = (name: string) =>
			[0, 1, 2].map((s) => {
				const v = num(demo, name).filter((_, r) => segment[r] === s).sort();
				return v[Math.floor(v.length / 2)];
			});
		for (const name of ['licensed_seats', 'arr']) {
			const [smb, mid, ent] = medianBy(name);
			expect(smb).toBeLessThan(mid);
			expect(mid).toBeLessThan(ent);
		}
	});

	it('correlates the usage, survey and payment metrics through account health', () => {
		const corr = (a: Float64Array, b: Float64Array) => {
			let n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
			for (let r = 0; r < a.length; r++) {
				if (Number.isNaN(a[r]) || Number.isNaN(b[r])) continue;
				n++, (sa += a[r]), (sb += b[r]), (saa += a[r] * a[r]), (sbb += b[r] * b[r]), (sab += a[r] * b[r]);
			}
			return (sab / n - (sa / n) * (sb / n)) / Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2));
		};
		expect(corr(num(demo, 'seat_utilization'), num(demo, 'feature_adoption'))).toBeGreaterThan(0.1);
		expect(corr(num(demo, 'seat_utilization'), num(demo, 'nps'))).toBeGreaterThan(0.1);
		expect(corr(num(demo, 'nps'), num(demo, 'csat'))).toBeGreaterThan(0.05);
		expect(corr(num(demo, 'seat_utilization'), num(demo, 'days_paid_late'))).toBeLessThan(-0.05);
	});
});

describe('generateDemo: churn', () => {
	const views = [...byAccount.values()];
	const churners = views.filter((v) => v.churnDate !== null);

	it('gives every row of an account the same outcome, and a churn date exactly to churners', () => {
		expect(views.every((v) => v.consistent)).toBe(true);
		expect(views.every((v) => (v.churned === 'Yes') === (v.churnDate !== null))).toBe(true);
	});

	it('churns 12–20% of accounts, at least 200, with dates 90–117 days after a decision snapshot in the year', () => {
		expect(churners.length).toBeGreaterThanOrEqual(200);
		expect(churners.length / views.length).toBeGreaterThan(0.12);
		expect(churners.length / views.length).toBeLessThan(0.2);
		const decisions = DEMO_SNAPSHOTS.slice(0, DEMO_TRUE_MODEL.decisionSnapshots);
		for (const v of churners) {
			const decision = decisionSnapshot(v.churnDate!);
			expect(decisions).toContain(decision);
			const days = (Date.parse(v.churnDate!) - Date.parse(decision)) / 86_400_000;
			expect(days >= 90 && days <= 117).toBe(true);
			expect(v.churnDate! <= '2026-11-30').toBe(true);
		}
	});

	it('shows churned accounts only on snapshots strictly before their churn date, with no gaps', () => {
		for (const v of views) {
			const dates = [...v.rows.keys()];
			expect(dates).toEqual(DEMO_SNAPSHOTS.slice(0, dates.length));
			if (v.churnDate === null) expect(dates.length).toBe(12);
			else expect(dates).toEqual(DEMO_SNAPSHOTS.filter((s) => s < v.churnDate!));
		}
	});

	it('uses the standardization of the demo population (so the true coefficients are per sd)', () => {
		const early = (r: number) => cat(demo, 'as_of').codes[r] < DEMO_TRUE_MODEL.decisionSnapshots;
		for (const k of DEMO_FEATURES) {
			const x = featureColumn(demo, k).filter((v, r) => early(r) && !Number.isNaN(v));
			const mean = x.reduce((s, v) => s + v, 0) / x.length;
			const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length);
			const model = DEMO_TRUE_MODEL.standardization[k];
			expect(Math.abs(mean - model.mean) / model.sd, k).toBeLessThan(0.1);
			expect(sd / model.sd, k).toBeGreaterThan(0.9);
			expect(sd / model.sd, k).toBeLessThan(1.1);
		}
	});
});

/** The latest snapshot at least the true model's horizon before a date: where the decision was made. */
function decisionSnapshot(date: string): string {
	const cutoff = addDays(date, -DEMO_TRUE_MODEL.horizonDays);
	return DEMO_SNAPSHOTS.filter((s) => s <= cutoff).at(-1)!;
}

/** A true-model feature as numbers (exec_sponsor as 0/1). */
function featureColumn(d: Dataset, k: DemoFeature): Float64Array {
	if (k !== 'exec_sponsor') return num(d, k);
	const c = cat(d, k);
	return Float64Array.from(c.codes, (code) => (c.levels[code] === 'Yes' ? 1 : 0));
}

const demoFeatures = DEMO_FEATURES.map((k) => featureColumn(demo, k));

/** Standardized true-model features of one demo row; a missing value counts as the mean, as in the true model. */
function standardized(r: number): number[] {
	return DEMO_FEATURES.map((k, i) => {
		const v = demoFeatures[i][r];
		const { mean, sd } = DEMO_TRUE_MODEL.standardization[k];
		return Number.isNaN(v) ? 0 : (v - mean) / sd;
	});
}

/** Plain Newton–Raphson (IRLS) for a logistic regression with an intercept; `ridge` keeps the solve stable. */
function fitLogistic(x: number[][], y: number[], ridge = 1e-6): number[] {
	const p = x[0].length + 1;
	let beta = new Array<number>(p).fill(0);
	for (let iter = 0; iter < 50; iter++) {
		const grad = new Array<number>(p).fill(0);
		const hess = Array.from({ length: p }, () => new Array<number>(p).fill(0));
		for (let i = 0; i < x.length; i++) {
			const row = [1, ...x[i]];
			const mu = 1 / (1 + Math.exp(-row.reduce((s, v, j) => s + v * beta[j], 0)));
			for (let j = 0; j < p; j++) {
				grad[j] += (y[i] - mu) * row[j];
				for (let k = 0; k < p; k++) hess[j][k] += mu * (1 - mu) * row[j] * row[k];
			}
		}
		for (let j = 1; j < p; j++) {
			grad[j] -= ridge * beta[j];
			hess[j][j] += ridge;
		}
		const step = solve(hess, grad);
		beta = beta.map((b, j) => b + step[j]);
		if (Math.max(...step.map(Math.abs)) < 1e-10) return beta;
	}
	throw new Error('logistic fit did not converge');
}

/** Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
	const n = b.length;
	const m = a.map((row, i) => [...row, b[i]]);
	for (let c = 0; c < n; c++) {
		let pivot = c;
		for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
		[m[c], m[pivot]] = [m[pivot], m[c]];
		for (let r = c + 1; r < n; r++) {
			const f = m[r][c] / m[c][c];
			for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
		}
	}
	const out = new Array<number>(n).fill(0);
	for (let r = n - 1; r >= 0; r--) {
		let s = m[r][n];
		for (let k = r + 1; k < n; k++) s -= m[r][k] * out[k];
		out[r] = s / m[r][r];
	}
	return out;
}

describe('DEMO_TRUE_MODEL', () => {
	const truth = DEMO_FEATURES.map((k) => DEMO_TRUE_MODEL.coefficients[k]);
	const views = [...byAccount.values()];

	it('counts a missing NPS as the mean', () => {
		const atMean = Object.fromEntries(DEMO_FEATURES.map((k) => [k, DEMO_TRUE_MODEL.standardization[k].mean])) as Record<DemoFeature, number>;
		expect(trueChurnLogit(atMean)).toBeCloseTo(DEMO_TRUE_MODEL.intercept, 12);
		expect(trueChurnLogit({ ...atMean, nps: NaN })).toBeCloseTo(DEMO_TRUE_MODEL.intercept, 12);
		expect(trueChurnLogit({ ...atMean, nps: 10 })).toBeLessThan(DEMO_TRUE_MODEL.intercept);
	});

	it('is recovered in sign and ranking by a fit on one row per account, 90 days before churn or the end', () => {
		// Churners at the snapshot ~90 days before their churn date; the retained at 2026-11-01 minus 90 days.
		const end = addDays(DEMO_SNAPSHOTS[DEMO_SNAPSHOTS.length - 1], -DEMO_TRUE_MODEL.horizonDays);
		const retainedAt = DEMO_SNAPSHOTS.filter((s) => s <= end).at(-1)!;
		const x: number[][] = [];
		const y: number[] = [];
		for (const v of views) {
			const at = v.churnDate === null ? retainedAt : decisionSnapshot(v.churnDate);
			x.push(standardized(v.rows.get(at)!));
			y.push(v.churnDate === null ? 0 : 1);
		}
		const fitted = fitLogistic(x, y).slice(1);
		console.info('true   ', truth.join(' '), '\nfitted ', fitted.map((b) => b.toFixed(2)).join(' '));
		expect(fitted.map(Math.sign)).toEqual(truth.map(Math.sign));
		const ranking = (b: number[]) => DEMO_FEATURES.map((_, i) => i).sort((i, j) => Math.abs(b[j]) - Math.abs(b[i]));
		expect(ranking(fitted).map((i) => DEMO_FEATURES[i])).toEqual(ranking(truth).map((i) => DEMO_FEATURES[i]));
	});

	it('is recovered in value by a fit on every account-month up to the decision (the exact mechanism)', () => {
		const x: number[][] = [];
		const y: number[] = [];
		for (const v of views) {
			const decision = v.churnDate === null ? null : decisionSnapshot(v.churnDate);
			for (const s of DEMO_SNAPSHOTS.slice(0, DEMO_TRUE_MODEL.decisionSnapshots)) {
				x.push(standardized(v.rows.get(s)!));
				y.push(s === decision ? 1 : 0);
				if (s === decision) break;
			}
		}
		const [intercept, ...fitted] = fitLogistic(x, y);
		expect(Math.abs(intercept - DEMO_TRUE_MODEL.intercept)).toBeLessThan(0.4);
		fitted.forEach((b, i) => expect(Math.abs(b - truth[i]), DEMO_FEATURES[i]).toBeLessThan(0.25));
	});
});

describe('demoScorecard', () => {
	const card = demoScorecard();

	it('covers the demo columns with unique ids, weights totalling 100 and the default bands', () => {
		expect(new Set(card.metrics.map((m) => m.id)).size).toBe(card.metrics.length);
		expect(card.metrics.reduce((s, m) => s + m.weight, 0)).toBe(100);
		expect(card.bands).toEqual(defaultBands());
		for (const m of card.metrics) {
			const column = demo.table.columns[m.column];
			expect(column, m.column).toBeDefined();
			expect(column.kind === 'category', m.id).toBe(m.normalization.kind === 'category');
			expect(m.missing).toEqual({ kind: 'skip' });
		}
		const columns = card.metrics.map((m) => m.column);
		for (const c of ['seat_utilization', 'feature_adoption', 'support_tickets', 'days_paid_late', 'nps', 'csat', 'contract_growth_pct', 'exec_sponsor']) {
			expect(columns).toContain(c);
		}
		expect(columns.some((c) => c === 'webinar_attendance' || c === 'community_posts')).toBe(true);
		expect(demoScorecard()).toEqual(card);
	});

	it('scores support tickets on a target, late payment from high (worst) to 0 (best), and a sponsor as 100', () => {
		const byId = Object.fromEntries(card.metrics.map((m) => [m.id, m.normalization]));
		expect(byId.support.kind).toBe('target');
		expect(byId.payment).toMatchObject({ kind: 'linear', best: 0 });
		expect(byId.payment.kind === 'linear' && byId.payment.worst > 10).toBe(true);
		expect(byId.sponsor).toEqual({ kind: 'category', points: { No: 0, Yes: 100 }, otherPoints: null });
	});

	it('puts linear bounds inside the 1st–99th percentile range of the data', () => {
		for (const m of card.metrics) {
			if (m.normalization.kind !== 'linear') continue;
			const values = num(demo, m.column).filter((v) => !Number.isNaN(v)).sort();
			const q = (p: number) => values[Math.floor(p * (values.length - 1))];
			for (const bound of [m.normalization.worst, m.normalization.best]) {
				expect(bound, m.id).toBeGreaterThanOrEqual(q(0.01));
				expect(bound, m.id).toBeLessThanOrEqual(q(0.99));
			}
		}
	});

	it('differs from the true model, so weight learning has something to suggest', () => {
		const weighted = card.metrics.filter((m) => m.weight > 0).map((m) => m.column);
		expect(weighted.some((c) => !(DEMO_FEATURES as readonly string[]).includes(c))).toBe(true);
	});
});
