/**
 * THE demo test of Learn: through the training set (90 days before churn) and the suggest-weights fit on the
 * scorecard's own sub-scores, the weights recover the generator's true model (src/lib/core/demo-model.ts).
 */
import { describe, expect, it } from 'vitest';
import { DEMO_TRUE_MODEL, demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { DEMO_FEATURES, type DemoFeature } from '../../src/lib/core/demo-model';
import { driverDesign, readDrivers } from '../../src/lib/ml/drivers';
import { fitLogistic } from '../../src/lib/ml/logistic';
import { suggestWeights } from '../../src/lib/ml/suggest';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { buildTrainingSet } from '../../src/lib/ml/training';

const demo = generateDemo();
const card = demoScorecard();
const set = buildTrainingSet(demo, card);
const metricOf = (k: DemoFeature) => card.metrics.find((m) => m.column === k)!.id;

describe('suggested weights on the demo', async () => {
	const lt = await loadTfNode();
	const retained = Uint8Array.from(set.y, (v) => 1 - v);
	const fit = await fitLogistic(lt, { n: set.rows.length, names: set.features.metricIds, columns: set.features.columns }, retained, { nonNegative: true });
	const at = (id: string) => fit.names.indexOf(id);
	const weights = suggestWeights(card, { metricIds: fit.names, coefRaw: [...fit.coefRaw], stdErrRaw: [...fit.stdErrRaw], pValue: [...fit.pValue] });

	it('give every metric of the true model the true sign (healthier sub-score, fewer churners) and a positive weight', () => {
		for (const k of DEMO_FEATURES) {
			// Sub-scores point to health; the true model's support-ticket sign (+) means more tickets, more churn,
			// which the scorecard's target range also scores as less healthy above 4 tickets.
			expect(fit.coef[at(metricOf(k))], k).toBeGreaterThan(0);
			expect(weights.find((w) => w.metricId === metricOf(k))!.suggested, k).toBeGreaterThan(0);
		}
		for (const k of ['seat_utilization', 'feature_adoption', 'nps', 'days_paid_late', 'exec_sponsor'] as const) expect(fit.pValue[at(metricOf(k))], k).toBeLessThan(0.001);
	});

	it('rank the true model\'s metrics in its order of importance (effect of one standard deviation)', () => {
		const truth = [...DEMO_FEATURES].sort((a, b) => Math.abs(DEMO_TRUE_MODEL.coefficients[b]) - Math.abs(DEMO_TRUE_MODEL.coefficients[a]));
		const learned = [...DEMO_FEATURES].sort((a, b) => fit.coef[at(metricOf(b))] - fit.coef[at(metricOf(a))]);
		console.info('learned per SD', DEMO_FEATURES.map((k) => `${k} ${fit.coef[at(metricOf(k))].toFixed(3)}`).join(', '));
		expect(learned).toEqual(truth);
	});

	it('leave the metrics outside the true model without a significant weight', () => {
		const outside = card.metrics.filter((m) => !(DEMO_FEATURES as readonly string[]).includes(m.column));
		expect(outside.map((m) => m.id)).toEqual(['webinars', 'community', 'csat', 'growth']);
		for (const m of outside) expect(fit.pValue[at(m.id)], m.id).toBeGreaterThan(0.05);
	});

	it('weights add up to 100 %', () => {
		expect(weights.reduce((s, w) => s + w.suggested, 0)).toBeCloseTo(100, 9);
	});

	it('find the true model\'s drivers among every column, with their signs', async () => {
		const design = driverDesign(set.table, demo.meta.roles);
		const dfit = await fitLogistic(lt, { n: set.rows.length, names: design.inputs.map((d) => d.name), columns: design.columns }, set.y, {});
		const kept = design.inputs.map((_, j) => j).filter((j) => !dfit.dropped.includes(design.inputs[j].name));
		const drivers = readDrivers(design.inputs, {
			intercept: dfit.intercept, coef: kept.map((j) => dfit.coef[j]), stdErr: kept.map((j) => dfit.stdErr[j]), pValue: kept.map((j) => dfit.pValue[j]), dropped: dfit.dropped, notices: dfit.notices
		}, card);
		const byName = new Map(drivers.map((d) => [d.name, d]));
		expect(byName.get('seat_utilization')!.sign).toBe(-1);
		expect(byName.get('feature_adoption')!.sign).toBe(-1);
		expect(byName.get('days_paid_late')!.sign).toBe(1);
		expect(byName.get('exec_sponsor = Yes')!.sign).toBe(-1);
		expect(drivers.slice(0, 3).map((d) => d.name).sort()).toEqual(['days_paid_late', 'feature_adoption', 'seat_utilization']);
		// The demo scorecard scores every one of them in the healthy direction: nothing is flagged.
		expect(drivers.filter((d) => d.contradicts).map((d) => d.name)).toEqual([]);
	});
});
