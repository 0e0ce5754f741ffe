import { describe, expect, it } from 'vitest';
import { alertId, defaultRules, describeRule, evaluateAlerts, evaluatedBefore, evaluateInSteps, evaluateNewest, ruleProblems, type AlertHistory, type AlertRule } from '../../src/lib/core/alerts';

const BANDS = ['At risk', 'Needs attention', 'Healthy'];
const bandOf = (s: number) => (s !== s ? null : BANDS[s >= 70 ? 2 : s >= 40 ? 1 : 0]);

/**
 * Three snapshots. A: 75 → 62 → 61 (drop of 13 at Feb), logins 12 → 8 → 9 (crossed below 10 at Feb).
 * B: 50 → 38 (At risk at Feb; drop 12) → 60. C: only in Mar, 20 (first snapshot: nothing to compare).
 * Rows are in table order (by snapshot), so each customer's rows are listed through customerRows.
 */
function history(): AlertHistory {
	const snapshotOf = [0, 0, 1, 1, 2, 2, 2];
	const score = [75, 50, 62, 38, 61, 60, 20];
	const logins = [12, 5, 8, 10, 9, 11, NaN];
	const ids = ['A', 'B', 'C'];
	return {
		snapshots: ['2026-01-01', '2026-02-01', '2026-03-01'],
		snapshotOf,
		customerStart: [0, 3, 6, 7],
		customerRows: [0, 2, 4, 1, 3, 5, 6],
		customerId: (c) => ids[c],
		score,
		bandLabel: (row) => bandOf(score[row]),
		numbers: (column) => (column === 'logins' ? logins : null)
	};
}

const rule = (r: Partial<AlertRule> & Pick<AlertRule, 'kind'>): AlertRule => ({ id: r.kind, enabled: true, evaluated: [], ...r }) as AlertRule;

describe('alert rules', () => {
	it('fires a drop of at least N points, with the values, at the snapshot it happened', () => {
		const hits = evaluateAlerts([rule({ kind: 'drop', points: 12 })], history());
		expect(hits.map((h) => [h.customerId, h.snapshot, h.previousSnapshot, h.from, h.to])).toEqual([
			['A', '2026-02-01', '2026-01-01', 75, 62],
			['B', '2026-02-01', '2026-01-01', 50, 38]
		]);
		expect(hits[0].message).toBe('Score fell 13.0 points, from 75.0 to 62.0');
		expect(hits[0].rule).toBe('Score dropped by at least 12 points');
		expect(hits[0].id).toBe(alertId('drop', 'A', '2026-02-01'));
		// 13 is not ≥ 14; 12 is ≥ 12 exactly.
		expect(evaluateAlerts([rule({ kind: 'drop', points: 13.5 })], history())).toHaveLength(0);
	});
	it('measures a drop between the scores as shown, so the sentence adds up and the rule fires as it reads', () => {
		const pair = (from: number, to: number): AlertHistory => ({
			snapshots: ['2026-01-01', '2026-02-01'],
			snapshotOf: [0, 1],
			customerStart: [0, 2],
			customerRows: [0, 1],
			customerId: () => 'A',
			score: [from, to],
			bandLabel: () => 'Healthy',
			numbers: () => null
		});
		const drop10 = [rule({ kind: 'drop', points: 10 })];
		// Exactly 10.09 apart, shown 75.1 → 65.1: a drop of 10.0, not "10.1".
		expect(evaluateAlerts(drop10, pair(75.14, 65.05)).map((h) => h.message)).toEqual(['Score fell 10.0 points, from 75.1 to 65.1']);
		// Exactly 9.96 apart, shown 75.1 → 65.1: it reads as a drop of 10.0, so it fires.
		expect(evaluateAlerts(drop10, pair(75.06, 65.1)).map((h) => h.message)).toEqual(['Score fell 10.0 points, from 75.1 to 65.1']);
		// Exactly 9.91 apart, shown 75.1 → 65.2: 9.9 points, no alert. (Half-way up, a drop of 10 or more exactly
		// always shows as 10.0 or more: only drops just under 10 that show as 10.0 are new.)
		expect(evaluateAlerts(drop10, pair(75.14, 65.23))).toEqual([]);
		// A rule of 10.3 points against a shown drop of 10.3 (floats: 103 / 10).
		expect(evaluateAlerts([rule({ kind: 'drop', points: 10.3 })], pair(70.3, 60))).toHaveLength(1);
	});
	it('fires entering a band only when the previous snapshot was in another band', () => {
		const hits = evaluateAlerts([rule({ kind: 'band', band: 'At risk' })], history());
		expect(hits.map((h) => [h.customerId, h.snapshot, h.from, h.to])).toEqual([['B', '2026-02-01', 'Needs attention', 'At risk']]);
		expect(hits[0].message).toBe('Entered At risk from Needs attention, score 38.0');
	});
	it('fires a metric crossing in either direction, never on a missing value', () => {
		const below = evaluateAlerts([rule({ kind: 'crossed', column: 'logins', label: 'Logins', direction: 'below', value: 10 })], history());
		// A: 12 → 8 crosses below 10; B: 10 → 11 does not (it rises).
		expect(below.map((h) => [h.customerId, h.snapshot, h.from, h.to])).toEqual([['A', '2026-02-01', 12, 8]]);
		expect(below[0].message).toBe('Logins fell below 10: 12 → 8');
		const above = evaluateAlerts([rule({ kind: 'crossed', column: 'logins', label: 'Logins', direction: 'above', value: 10 })], history());
		// B: 5 → 10 does not go above 10; 10 → 11 does.
		expect(above.map((h) => [h.customerId, h.snapshot])).toEqual([['B', '2026-03-01']]);
	});
	it('evaluates only snapshots not evaluated yet, and skips disabled rules and unknown columns', () => {
		const drop = rule({ kind: 'drop', points: 10, evaluated: ['2026-01-01', '2026-02-01'] });
		expect(evaluateAlerts([drop], history())).toEqual([]);
		expect(evaluateAlerts([{ ...drop, evaluated: [] , enabled: false }], history())).toEqual([]);
		expect(evaluateAlerts([rule({ kind: 'crossed', column: 'gone', label: 'Gone', direction: 'above', value: 1 })], history())).toEqual([]);
		expect(evaluatedBefore(history().snapshots)).toEqual(['2026-01-01', '2026-02-01']);
	});
	it('marks past every hit at a snapshot older than the newest: history the rules read late, not news', () => {
		// Drop ≥ 1 fires A Feb (75 → 62), A Mar (62 → 61), B Feb (50 → 38); March is the newest snapshot.
		const hits = evaluateAlerts([rule({ kind: 'drop', points: 1 })], history());
		expect(hits.map((h) => [h.customerId, h.snapshot, h.past])).toEqual([['A', '2026-02-01', true], ['A', '2026-03-01', undefined], ['B', '2026-02-01', true]]);
		// A rule that has seen January and February evaluates March alone: news.
		const later = evaluateAlerts([rule({ kind: 'drop', points: 1, evaluated: ['2026-01-01', '2026-02-01'] })], history());
		expect(later.map((h) => [h.customerId, h.snapshot, 'past' in h])).toEqual([['A', '2026-03-01', false]]);
	});
	it('gives the same id to the same rule, customer and snapshot, whatever the characters', () => {
		expect(alertId('r', 'a","b', 'd')).not.toBe(alertId('r", "a', 'b', 'd'));
		const twice = [...evaluateAlerts(defaultRules('At risk'), history()), ...evaluateAlerts(defaultRules('At risk'), history())];
		expect(new Set(twice.map((h) => h.id)).size).toBe(twice.length / 2);
	});
	it('describes rules and names what is wrong with one', () => {
		expect(describeRule(rule({ kind: 'band', band: 'At risk' }))).toBe('Entered At risk');
		expect(describeRule(rule({ kind: 'crossed', column: 'nps', label: 'NPS', direction: 'above', value: 8.5 }))).toBe('NPS crossed above 8.5');
		const known = { bands: BANDS, columns: ['logins'] };
		expect(ruleProblems(rule({ kind: 'drop', points: 0 }), known)).toEqual(['The drop must be a number of points above 0, not “0”.']);
		expect(ruleProblems(rule({ kind: 'band', band: 'Gold' }), known)).toEqual(['There is no band “Gold”.']);
		expect(ruleProblems(rule({ kind: 'crossed', column: 'x', label: 'X', direction: 'above', value: NaN }), known)).toHaveLength(2);
		expect(ruleProblems(rule({ kind: 'drop', points: 10 }), known)).toEqual([]);
	});
});

describe('evaluateNewest', () => {
	it('keeps the hits of the newest snapshots up to the limit, and counts them all', () => {
		// Drop ≥ 1 fires A Feb (75 → 62), A Mar (62 → 61), B Feb (50 → 38).
		const rules = [rule({ kind: 'drop', points: 1 })];
		expect(evaluateNewest(rules, history(), Infinity).hits.map((h) => [h.customerId, h.snapshot])).toEqual([['A', '2026-02-01'], ['A', '2026-03-01'], ['B', '2026-02-01']]);
		const two = evaluateNewest(rules, history(), 2);
		expect(two.total).toBe(3);
		// March's one, then the first of February's in scan order.
		expect(two.hits.map((h) => [h.customerId, h.snapshot])).toEqual([['A', '2026-02-01'], ['A', '2026-03-01']]);
		expect(evaluateNewest(rules, history(), 1).hits.map((h) => h.snapshot)).toEqual(['2026-03-01']);
		expect(evaluateNewest(rules, history(), 0)).toEqual({ hits: [], total: 3 });
		expect(() => evaluateNewest(rules, history(), -1)).toThrow('-1');
	});

	it('in steps of any size gives the same hits and total, pausing between steps of customers', () => {
		const rules = [rule({ kind: 'drop', points: 1 }), rule({ id: 'b', kind: 'band', band: 'At risk' })];
		for (const limit of [Infinity, 2, 1, 0]) {
			const whole = evaluateNewest(rules, history(), limit);
			for (const customers of [1, 2, 1000]) {
				const steps = evaluateInSteps(rules, history(), limit, customers);
				let pauses = 0;
				let step = steps.next();
				for (; !step.done; step = steps.next()) pauses++;
				expect(step.value, `limit ${limit}, step ${customers}`).toEqual(whole);
				// Three customers, two rules, a pause before every `customers`-th customer of each rule; a limit counts in a first pass.
				const passes = limit === Infinity ? 1 : 2;
				expect(pauses, `limit ${limit}, step ${customers}`).toBe(passes * 2 * ({ 1: 2, 2: 1, 1000: 0 } as Record<number, number>)[customers]);
			}
		}
		expect(() => evaluateInSteps(rules, history(), 1, 0).next()).toThrow('invalid step');
	});
});
