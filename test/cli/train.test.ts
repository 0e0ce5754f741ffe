/**
 * `checkup train`, spawned as a user runs it, against the same training run in-process (the Learn worker's
 * runLearning on tfjs wasm, fitLogistic inside it) on the Telco file read the way the app reads it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMapping, parseCsvBytes } from '../../src/lib/core/csv/index';
import { defaultScorecardFor, toDataset } from '../../src/lib/core/csv/dataset';
import { driverDesign } from '../../src/lib/ml/drivers';
import { fitLogistic } from '../../src/lib/ml/logistic';
import { suggestWeights } from '../../src/lib/ml/suggest';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { buildTrainingSet } from '../../src/lib/ml/training';
import { DEFAULT_SETTINGS } from '../../src/lib/workers/learn-protocol';
import { runLearning } from '../../src/lib/workers/learn-run';
import { runCheckup } from './run-checkup';
import { SHARED_DATA } from '../helpers/shared-data';

const TELCO = SHARED_DATA + 'telco_customer_churn.csv';
let dir: string;

const checkup = (...args: string[]) => runCheckup(dir, args);

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'checkup-train-'));
	expect(checkup('--help').code).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkup train', { timeout: 60_000 }, () => {
	const settings = { ...DEFAULT_SETTINGS, k: 3, resamples: 200 };

	it('gives the numbers of the Learn run in-process, on Telco', async () => {
		const run = checkup('train', TELCO, '--outcome', 'Churn', '--json', '--folds', '3', '--resamples', '200', '--as-of', '2026-11-01');
		expect(run.code, run.err).toBe(0);
		const report = JSON.parse(run.out);

		const { preview, parsed } = parseCsvBytes(readFileSync(TELCO), 'telco_customer_churn.csv');
		const mapping = defaultMapping(preview);
		const dataset = toDataset(parsed, mapping, { id: 'x', fileName: 'telco_customer_churn.csv', importedAt: '2026-11-22T00:00:00Z', asOf: '2026-11-01' });
		const scorecard = defaultScorecardFor(dataset, mapping);
		const set = buildTrainingSet(dataset, scorecard, { horizonDays: settings.horizonDays });
		const design = driverDesign(set.table, dataset.meta.roles);
		const lt = await loadTfNode('wasm');
		const result = await runLearning(lt, {
			settings, y: set.y, metricIds: set.features.metricIds, manualWeights: scorecard.metrics.map((m) => m.weight),
			features: set.features.columns, subScores: set.features.subScores, driverNames: design.inputs.map((d) => d.name), driverColumns: design.columns
		});
		expect(report.backend).toBe('wasm');
		expect(report.training).toMatchObject({ customers: 7043, churned: 1869, retained: 5174, mode: 'single' });
		expect(report.suggestFit.metricIds).toEqual(result.suggestFit.metricIds);
		report.suggestFit.coefRaw.forEach((b: number, j: number) => expect(b).toBeCloseTo(result.suggestFit.coefRaw[j], 12));
		const suggested = suggestWeights(scorecard, result.suggestFit);
		report.suggestedWeights.forEach((w: { suggested: number }, k: number) => expect(w.suggested).toBeCloseTo(suggested[k].suggested, 10));
		expect(report.validation.manual.auc).toBeCloseTo(result.validation.manual.auc, 12);
		expect(report.validation.learned.auc).toBeCloseTo(result.validation.learned.auc, 12);
		expect(report.validation.learned.lo).toBeCloseTo(result.validation.learned.lo, 12);
		// The churn model the app stores with a run: the suggest fit, as log-odds of churn per sub-score point.
		expect(report.model.metricIds).toEqual(result.model.metricIds);
		expect(report.model.intercept).toBeCloseTo(result.model.intercept, 12);
		report.model.coef.forEach((b: number, j: number) => expect(b).toBeCloseTo(result.model.coef[j], 12));
		expect(report.model.fill).toEqual(result.model.fill);
		expect(report.drivers.map((d: { name: string }) => d.name).sort()).toEqual(design.inputs.map((d) => d.name).filter((n) => !result.driverFit.dropped.includes(n)).sort());

		// And the suggest fit is fitLogistic's on the sub-scores (label = retained), non-negative, called directly.
		const fit = await fitLogistic(lt, { n: set.y.length, names: set.features.metricIds, columns: set.features.columns }, Uint8Array.from(set.y, (v) => 1 - v), { C: settings.C, nonNegative: true });
		const kept = set.features.metricIds.map((_, j) => j).filter((j) => !fit.dropped.includes(set.features.metricIds[j]));
		expect(report.suggestFit.coefRaw).toHaveLength(kept.length);
		kept.forEach((j, i) => expect(report.suggestFit.coefRaw[i]).toBeCloseTo(fit.coefRaw[j], 12));
	}, 180_000);

	it('prints a summary without --json', () => {
		const run = checkup('train', TELCO, '--outcome', 'Churn', '--folds', '2', '--resamples', '100');
		expect(run.code, run.err).toBe(0);
		expect(run.out).toMatch(/^telco_customer_churn\.csv: 7,043 customers, 1,869 churned \(one snapshot\); backend wasm/);
		expect(run.out).toContain('Out-of-fold AUC: your scorecard');
	}, 120_000);
});

describe('checkup train refuses bad input with a message and exit code 2', { timeout: 60_000 }, () => {
	const cases: [string, () => string[], RegExp][] = [
		['no --outcome', () => ['train', TELCO], /train needs --outcome <column>/],
		['an unknown outcome column', () => ['train', TELCO, '--outcome', 'Churned'], /telco_customer_churn\.csv has no column "Churned" \(its columns: "customerID", /],
		['an outcome that is not yes/no', () => ['train', TELCO, '--outcome', 'tenure'], /The Outcome \(churned\) column "tenure" must be of type Yes\/no, not Number\./],
		['a bad --C', () => ['train', TELCO, '--outcome', 'Churn', '--C=-1'], /--C must be a positive number, got "-1"/],
		['a bad --folds', () => ['train', TELCO, '--outcome', 'Churn', '--folds', '1'], /--folds must be a whole number from 2 to 20, got "1"/],
		['too few churned customers', () => {
			const rows = Array.from({ length: 80 }, (_, i) => `C${i},${i % 7},${i < 5 ? 'Yes' : 'No'}`);
			writeFileSync(join(dir, 'few.csv'), ['customer_id,usage,churned', ...rows].join('\n'));
			return ['train', 'few.csv', '--outcome', 'churned'];
		}, /Learning needs at least 30 churned and 30 retained customers; this data has 5 churned customers and 75 retained customers/],
		['a missing file', () => ['train', 'nope.csv', '--outcome', 'Churn'], /The data file nope\.csv does not exist\./]
	];
	for (const [name, args, message] of cases) {
		it(name, () => {
			const run = checkup(...args());
			expect(run.err).toMatch(message);
			expect(run.code).toBe(2);
			expect(run.out).toBe('');
		}, 60_000);
	}
});
