/**
 * Learn's drivers against the first scorecard of an import, on the two public churn files: the directions the
 * import took from the outcomes are the ones the drivers find, so Learn flags only the columns a model of every
 * column reads the other way; and the flag still fires once a metric is turned against the data.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultMapping, parseCsvBytes } from '../../src/lib/core/csv/index';
import { defaultScorecardFor, toDataset } from '../../src/lib/core/csv/dataset';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { driverDesign, readDrivers, type Driver } from '../../src/lib/ml/drivers';
import { fitLogistic } from '../../src/lib/ml/logistic';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { flipDirection } from '../../src/lib/state/scorecard-edits';
import { SHARED_DATA } from '../helpers/shared-data';

async function drivers(file: string, edit?: (scorecard: Scorecard) => void): Promise<Driver[]> {
	const { preview, parsed } = parseCsvBytes(new Uint8Array(readFileSync(SHARED_DATA + file)), file);
	const mapping = defaultMapping(preview);
	const dataset = toDataset(parsed, mapping, { id: 'x', fileName: file, importedAt: '2026-11-22T00:00:00Z', asOf: '2026-11-01' });
	const scorecard = defaultScorecardFor(dataset, mapping);
	edit?.(scorecard);
	const design = driverDesign(dataset.table, dataset.meta.roles);
	const outcome = dataset.table.columns[dataset.meta.roles.outcome!];
	if (outcome.kind !== 'category') throw new Error('outcome is not yes/no');
	const y = Uint8Array.from(outcome.codes, (c) => (outcome.levels[c] === 'Yes' ? 1 : 0));
	const lt = await loadTfNode();
	const fit = await fitLogistic(lt, { n: y.length, names: design.inputs.map((d) => d.name), columns: design.columns }, y, {});
	const kept = design.inputs.map((_, j) => j).filter((j) => !fit.dropped.includes(design.inputs[j].name));
	return readDrivers(design.inputs, {
		intercept: fit.intercept, coef: kept.map((j) => fit.coef[j]), stdErr: kept.map((j) => fit.stdErr[j]), pValue: kept.map((j) => fit.pValue[j]), dropped: fit.dropped, notices: fit.notices
	}, scorecard);
}

const flagged = (ds: Driver[]) => ds.filter((d) => d.contradicts).map((d) => `${d.name} ${d.sign > 0 ? '+' : '-'}`).sort();

describe('Learn drivers on a first scorecard', { timeout: 60_000 }, () => {
	it('flag on Telco only TotalCharges, which churned customers had less of but which, beside tenure, goes with more churn', async () => {
		// Scored all "higher is better", as before, customer service calls, SeniorCitizen and PaperlessBilling were flagged too.
		expect(flagged(await drivers('telco_customer_churn.csv'))).toEqual(['TotalCharges +']);
	});
	it('flag nothing on the BigML file, and still flag a number or a yes/no metric turned against the data', async () => {
		expect(flagged(await drivers('telecom_churn_bigml.csv'))).toEqual([]);
		const turned = await drivers('telecom_churn_bigml.csv', (scorecard) => {
			const calls = scorecard.metrics.find((m) => m.column === 'customer service calls')!;
			expect(flipDirection(calls)).toBe(true);
			const plan = scorecard.metrics.find((m) => m.column === 'international plan')!;
			expect(plan.normalization).toEqual({ kind: 'category', points: { No: 100, Yes: 0 }, otherPoints: null });
			plan.normalization = { kind: 'category', points: { No: 0, Yes: 100 }, otherPoints: null };
		});
		expect(flagged(turned)).toEqual(['customer service calls +', 'international plan = Yes +']);
	});
});
