/**
 * The public churn tables as designs, preprocessed exactly as reference/sklearn_reference.py does, so fits can be
 * compared with its scikit-learn results.
 */
import type { Design } from '../../src/lib/ml/logistic';
import { readSharedCsv } from '../helpers/shared-data';

const TELCO_NUMERIC = ['SeniorCitizen', 'tenure', 'MonthlyCharges', 'TotalCharges'];
const TELCO_CATEGORICAL = [
	'gender', 'Partner', 'Dependents', 'PhoneService', 'MultipleLines', 'InternetService', 'OnlineSecurity',
	'OnlineBackup', 'DeviceProtection', 'TechSupport', 'StreamingTV', 'StreamingMovies', 'Contract',
	'PaperlessBilling', 'PaymentMethod'
];
const BIGML_NUMERIC = [
	'account length', 'number vmail messages', 'total day minutes', 'total day calls', 'total day charge',
	'total eve minutes', 'total eve calls', 'total eve charge', 'total night minutes', 'total night calls',
	'total night charge', 'total intl minutes', 'total intl calls', 'total intl charge', 'customer service calls'
];

export interface ChurnTable {
	rows: Record<string, string>[];
	y: Uint8Array;
	variants: Record<string, Design>;
}

function numberColumn(rows: Record<string, string>[], name: string): Float64Array {
	return Float64Array.from(rows, (r, i) => {
		const v = Number(r[name]);
		if (r[name].trim() === '' || !Number.isFinite(v)) throw new Error(`${name}, row ${i + 1}: not a number: "${r[name]}"`);
		return v;
	});
}

function design(n: number, named: [string, Float64Array][]): Design {
	return { n, names: named.map(([k]) => k), columns: named.map(([, v]) => v) };
}

let telco: ChurnTable | undefined;
export function loadTelco(): ChurnTable {
	if (telco) return telco;
	const rows = readSharedCsv('telco_customer_churn.csv');
	// 11 blank TotalCharges (tenure 0) are 0, as in the reference.
	for (const r of rows) if (r.TotalCharges.trim() === '') r.TotalCharges = '0';
	const numeric: [string, Float64Array][] = TELCO_NUMERIC.map((c) => [c, numberColumn(rows, c)]);
	// pandas.get_dummies(drop_first=True): levels sorted, the first one dropped, named "column=level".
	const onehot: [string, Float64Array][] = [];
	for (const c of TELCO_CATEGORICAL) {
		const levels = [...new Set(rows.map((r) => r[c]))].sort();
		for (const level of levels.slice(1)) onehot.push([`${c}=${level}`, Float64Array.from(rows, (r) => (r[c] === level ? 1 : 0))]);
	}
	telco = {
		rows,
		y: Uint8Array.from(rows, (r) => (r.Churn === 'Yes' ? 1 : 0)),
		variants: { numeric_only: design(rows.length, numeric), numeric_plus_onehot: design(rows.length, [...numeric, ...onehot]) }
	};
	return telco;
}

let bigml: ChurnTable | undefined;
export function loadBigml(): ChurnTable {
	if (bigml) return bigml;
	const rows = readSharedCsv('telecom_churn_bigml.csv');
	const numeric: [string, Float64Array][] = BIGML_NUMERIC.map((c) => [c, numberColumn(rows, c)]);
	const plans: [string, Float64Array][] = ['international plan', 'voice mail plan'].map((c) => [c, Float64Array.from(rows, (r) => (r[c].trim() === 'yes' ? 1 : 0))]);
	bigml = {
		rows,
		y: Uint8Array.from(rows, (r, i) => {
			if (r.churn !== 'True' && r.churn !== 'False') throw new Error(`churn, row ${i + 1}: "${r.churn}"`);
			return r.churn === 'True' ? 1 : 0;
		}),
		variants: { numeric_only: design(rows.length, numeric), numeric_plus_plans: design(rows.length, [...numeric, ...plans]) }
	};
	return bigml;
}
