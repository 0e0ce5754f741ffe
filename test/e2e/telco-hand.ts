/**
 * The Telco file's hand score (telco-figures.test.ts, worklist-churned.test.ts): the first scorecard the import
 * proposes, written out here from the CSV with no app scoring code: the 5th and 95th percentiles of each number
 * column, rounded to three figures of their spread, in the direction the churn outcomes give; yes/no points from
 * which value churned more; equal weights, a missing TotalCharges skipped.
 */
import { fileURLToPath } from 'node:url';
import { readSharedCsv } from '../helpers/shared-data';

export const TELCO = fileURLToPath(new URL('../../../shared/data/telco_customer_churn.csv', import.meta.url));

/** Numbers: linear from worst (0) to best (100), clamped. Worked from the CSV with plain Python: p5 / p95 of tenure 1 / 72, MonthlyCharges 19.65 / 107.4, TotalCharges 49.605 / 6,923.59. */
export const LINEAR = { tenure: [1, 72], MonthlyCharges: [107.4, 19.6], TotalCharges: [50, 6920] } as const;
/** Yes/no: 100 for the value whose customers churned less (SeniorCitizen 1: 41.7 % against 23.6 %; PhoneService's 26.7 % / 24.9 % differ too little, so higher is better). */
export const YES_NO = { SeniorCitizen: '0', Partner: 'Yes', Dependents: 'Yes', PhoneService: 'Yes', PaperlessBilling: 'No' } as const;

/** One CSV row's sub-scores (NaN where missing), score (the mean of the sub-scores present) and churn outcome as the row has it. */
export function handScore(r: Record<string, string>) {
	const points: Record<string, number> = {};
	for (const [name, [worst, best]] of Object.entries(LINEAR)) {
		const v = r[name].trim() === '' ? NaN : Number(r[name]);
		points[name] = Math.min(100, Math.max(0, ((v - worst) / (best - worst)) * 100));
	}
	for (const [name, good] of Object.entries(YES_NO)) points[name] = r[name] === good ? 100 : 0;
	const present = Object.values(points).filter((p) => !Number.isNaN(p));
	return { id: r.customerID, points, score: present.reduce((a, b) => a + b, 0) / present.length, churned: r.Churn === 'Yes' };
}

/** Each customer's hand score (handScore) in the Telco file. */
export function handScores() {
	return readSharedCsv('telco_customer_churn.csv').map(handScore);
}

/** A score as shown, to one decimal. */
export const one = (x: number) => (Math.round(x * 10) / 10).toFixed(1);
export const count = (n: number) => n.toLocaleString('en-US');

/** Banded as shown, to one decimal: At risk below 40, Needs attention below 70, Healthy from 70. */
export function bandAsShown(score: number): 0 | 1 | 2 {
	const shown = Number(one(score));
	return shown < 40 ? 0 : shown < 70 ? 1 : 2;
}
