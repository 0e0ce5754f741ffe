import { describe, expect, it } from 'vitest';
import { defaultBands, type Metric, type Scorecard } from '../../src/lib/core/scorecard';
import { MAX_DRIVER_LEVELS, driverDesign, healthyDirection, readDrivers, type DriverInput } from '../../src/lib/ml/drivers';
import { tableOf } from '../helpers/tables';

const table = tableOf({
	id: ['a', 'b', 'c', 'd', 'e'],
	usage: [10, null, 30, 40, 20],
	sponsor: ['No', 'Yes', 'No', null, 'Yes'],
	plan: ['Gold', 'Silver', 'Silver', 'Bronze', 'Silver'],
	churned: ['Yes', 'No', 'No', 'No', 'Yes'],
	empty: [null, null, null, null, null],
	single: ['x', 'x', 'x', 'x', 'x']
});
const roles = { id: 'id', outcome: 'churned' };

describe('driverDesign', () => {
	const d = driverDesign(table, roles);
	it('takes numbers (missing at the mean), yes/no as "= Yes" and other categories against their most common value', () => {
		expect(d.inputs.map((i) => i.name)).toEqual(['usage', 'sponsor = Yes', 'plan = Gold', 'plan = Bronze']);
		expect([...d.columns[0]]).toEqual([10, 25, 30, 40, 20]);
		expect(d.inputs[0].filled).toBe(1);
		expect([...d.columns[1]]).toEqual([0, 1, 0, 0, 1]);
		expect(d.inputs[2]).toMatchObject({ column: 'plan', level: 'Gold', reference: 'Silver' });
		expect([...d.columns[3]]).toEqual([0, 0, 0, 1, 0]);
		expect(d.notices.map((n) => n.message)).toEqual(['usage: 1 missing value counts as the column\'s average in the drivers.']);
	});
	it('leaves out role columns, columns without values and single-valued categories', () => {
		expect(d.inputs.some((i) => ['id', 'churned', 'empty', 'single'].includes(i.column))).toBe(false);
	});
	it(`leaves out categories of more than ${MAX_DRIVER_LEVELS} values, saying so`, () => {
		const wide = tableOf({ id: Array.from({ length: 30 }, (_, i) => `c${i}`), city: Array.from({ length: 30 }, (_, i) => `City ${i % 25}`) });
		const w = driverDesign(wide, { id: 'id' });
		expect(w.inputs).toEqual([]);
		expect(w.notices[0].message).toBe('“city” has 25 values, more than 20: it is left out of the drivers.');
	});
});

const metric = (id: string, column: string, normalization: Metric['normalization'], weight = 10): Metric => ({ id, column, label: id, weight, normalization, missing: { kind: 'skip' } });

describe('healthyDirection', () => {
	const num: DriverInput = { name: 'x', column: 'x', filled: 0 };
	it('reads the direction each normalization scores', () => {
		expect(healthyDirection({ kind: 'linear', worst: 0, best: 10 }, num)).toBe(1);
		expect(healthyDirection({ kind: 'linear', worst: 25, best: 0 }, num)).toBe(-1);
		expect(healthyDirection({ kind: 'percentile', higherIsBetter: false }, num)).toBe(-1);
		expect(healthyDirection({ kind: 'target', zeroBelow: 0, lo: 1, hi: 4, zeroAbove: 8 }, num)).toBe(0);
		expect(healthyDirection({ kind: 'thresholds', ranges: [{ from: null, to: 7, points: 0 }, { from: 7, to: 9, points: 50 }, { from: 9, to: null, points: 100 }] }, num)).toBe(1);
		expect(healthyDirection({ kind: 'thresholds', ranges: [{ from: null, to: 7, points: 0 }, { from: 7, to: 9, points: 100 }, { from: 9, to: null, points: 50 }] }, num)).toBe(0);
	});
	it('reads a category indicator against its reference level', () => {
		const yes: DriverInput = { name: 's = Yes', column: 's', level: 'Yes', reference: 'No', filled: 0 };
		expect(healthyDirection({ kind: 'category', points: { No: 0, Yes: 100 }, otherPoints: null }, yes)).toBe(1);
		expect(healthyDirection({ kind: 'category', points: { No: 100, Yes: 0 }, otherPoints: null }, yes)).toBe(-1);
		expect(healthyDirection({ kind: 'linear', worst: 0, best: 1 }, yes)).toBe(0);
	});
});

describe('readDrivers', () => {
	const inputs: DriverInput[] = [
		{ name: 'usage', column: 'usage', filled: 0 },
		{ name: 'late', column: 'late', filled: 0 },
		{ name: 'sponsor = Yes', column: 'sponsor', level: 'Yes', reference: 'No', filled: 0 },
		{ name: 'flat', column: 'flat', filled: 0 },
		{ name: 'tickets', column: 'tickets', filled: 0 }
	];
	const card: Scorecard = {
		id: 'c', name: 'c', bands: defaultBands(),
		metrics: [
			metric('u', 'usage', { kind: 'linear', worst: 0, best: 100 }),
			// Scored the wrong way round: more days late scores higher.
			metric('l', 'late', { kind: 'linear', worst: 0, best: 30 }),
			metric('s', 'sponsor', { kind: 'category', points: { No: 0, Yes: 100 }, otherPoints: null })
		]
	};
	const fit = { intercept: -1.5, coef: [-0.8, 0.6, -0.05, 0.5], stdErr: [0.1, 0.1, 0.2, 0.1], pValue: [1e-9, 1e-8, 0.8, 1e-6], dropped: ['flat'], notices: [] };
	const drivers = readDrivers(inputs, fit, card);
	const sig = (x: number) => 1 / (1 + Math.exp(-x));

	it('turns each coefficient into the change in churn probability from an average customer, strongest first', () => {
		// |Δp|: late 0.107, usage 0.091, tickets 0.087, sponsor 0.007.
		expect(drivers.map((d) => d.name)).toEqual(['late', 'usage', 'tickets', 'sponsor = Yes']);
		const usage = drivers[1];
		expect(usage.effect).toBeCloseTo(sig(-2.3) - sig(-1.5), 12);
		expect(usage.ci95[0]).toBeCloseTo(-0.8 - 1.959963984540054 * 0.1, 12);
		expect(usage.effectCi[1]).toBeCloseTo(sig(-1.5 - 0.8 + 1.959963984540054 * 0.1) - sig(-1.5), 12);
		expect(usage.sign).toBe(-1);
		expect(drivers[3].sign).toBe(0);
	});

	it('flags a metric scored against what the data shows, and a strong column missing from the scorecard', () => {
		expect(drivers.filter((d) => d.contradicts).map((d) => d.name)).toEqual(['late']);
		expect(drivers.filter((d) => d.missingFromScorecard).map((d) => d.name)).toEqual(['tickets']);
		expect(drivers[1].metrics).toEqual(['u']);
	});

	it('rejects a fit that does not match the inputs', () => {
		expect(() => readDrivers(inputs, { ...fit, dropped: [] }, card)).toThrow('4 coefficients for 5 inputs');
	});
});
