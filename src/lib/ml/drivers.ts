/**
 * "Find drivers": every number, yes/no and category column of the training set (not only the scorecard's)
 * as model inputs, and the fitted model read as effects on the churn probability, with flags for the
 * scorecard. The design is built here without tfjs; the fit itself is the worker's.
 */
import type { Notice } from '../core/csv/types';
import type { DatasetRoles } from '../core/dataset';
import type { Normalization, Scorecard } from '../core/scorecard';
import type { Table } from '../core/table';

/** Categories with more levels than this are left out of the drivers (too many indicators for the data). */
export const MAX_DRIVER_LEVELS = 20;

/** One model input of the drivers fit, and the column it comes from. */
export interface DriverInput {
	/** Shown name: the column, or "column = level" for an indicator. */
	name: string;
	column: string;
	/** The level an indicator is 1 for; undefined for a number column. */
	level?: string;
	/** For an indicator, the level it is compared with (the most common one). */
	reference?: string;
	/** Values filled with the column's mean (numbers) because they were missing. */
	filled: number;
}

/** The drivers' design: complete, column-major. */
export interface DriverDesign {
	n: number;
	inputs: DriverInput[];
	columns: Float64Array[];
	notices: Notice[];
}

/** The columns no role claims (id, dates, outcome are never inputs; segment, owner and ARR are). */
function candidateColumns(table: Table, roles: DatasetRoles): string[] {
	const never = new Set([roles.id, roles.name, roles.asOf, roles.outcome, roles.churnDate, roles.renewalDate].filter(Boolean));
	return Object.keys(table.columns).filter((name) => !never.has(name));
}

/** Every number column (missing → its mean) and every category as indicators against its most common level. */
export function driverDesign(table: Table, roles: DatasetRoles): DriverDesign {
	const design: DriverDesign = { n: table.rowCount, inputs: [], columns: [], notices: [] };
	for (const name of candidateColumns(table, roles)) {
		const column = table.columns[name];
		if (column.kind === 'number') {
			const values = column.values.slice();
			let sum = 0, present = 0;
			for (const v of values) if (Number.isFinite(v)) [sum, present] = [sum + v, present + 1];
			if (present === 0) continue;
			let filled = 0;
			for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) [values[i], filled] = [sum / present, filled + 1];
			design.inputs.push({ name, column: name, filled });
			design.columns.push(values);
		} else if (column.kind === 'category') {
			const counts = new Array<number>(column.levels.length).fill(0);
			for (const c of column.codes) if (c >= 0) counts[c]++;
			const used = counts.map((c, k) => (c > 0 ? k : -1)).filter((k) => k >= 0);
			if (used.length < 2) continue;
			if (used.length > MAX_DRIVER_LEVELS) {
				design.notices.push({ level: 'info', message: `“${name}” has ${used.length} values, more than ${MAX_DRIVER_LEVELS}: it is left out of the drivers.` });
				continue;
			}
			// Yes/no columns are read as "= Yes"; other categories against their most common value.
			const yes = column.levels.findIndex((l) => /^(yes|true)$/i.test(l));
			const reference = used.length === 2 && yes >= 0 && counts[yes] > 0 ? used.find((k) => k !== yes)! : used.reduce((a, b) => (counts[b] > counts[a] ? b : a));
			for (const k of used) {
				if (k === reference) continue;
				const values = new Float64Array(column.codes.length);
				for (let i = 0; i < values.length; i++) if (column.codes[i] === k) values[i] = 1;
				design.inputs.push({ name: `${name} = ${column.levels[k]}`, column: name, level: column.levels[k], reference: column.levels[reference], filled: 0 });
				design.columns.push(values);
			}
		}
	}
	const filled = design.inputs.filter((d) => d.filled > 0);
	for (const d of filled) design.notices.push({ level: 'info', message: `${d.name}: ${d.filled.toLocaleString('en-US')} missing ${d.filled === 1 ? 'value counts' : 'values count'} as the column's average in the drivers.` });
	return design;
}

/** What the fit says about one input, as the drivers table shows it. */
export interface Driver extends DriverInput {
	/** Log-odds of churn per standard deviation, with its standard error, 95 % interval and p-value. */
	coef: number;
	stdErr: number;
	ci95: [number, number];
	pValue: number;
	/** Change in churn probability for +1 SD from an average customer, and its 95 % interval. */
	effect: number;
	effectCi: [number, number];
	/** Whether more of it goes with more churn (+1), less (−1), or the interval spans 0 (0). */
	sign: -1 | 0 | 1;
	/** Metric ids of the scorecard that score this column. */
	metrics: string[];
	/** The scorecard scores this column in the direction the data contradicts. */
	contradicts: boolean;
	/** Significant, sizeable, and no metric scores its column. */
	missingFromScorecard: boolean;
}

/** The coefficients of a drivers fit on standardized inputs (log-odds of churn), aligned with the inputs. */
export interface DriverFit {
	intercept: number;
	coef: number[];
	stdErr: number[];
	pValue: number[];
	/** Inputs the fit dropped (constant), by name. */
	dropped: string[];
	/** What the fit had to say (dropped, collinear, separation). */
	notices: string[];
}

/** Strong = significant at 5 % and moving the churn probability by at least this much per SD. */
export const STRONG_EFFECT = 0.01;
const Z95 = 1.959963984540054;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Which way the scorecard says is healthy for a column: +1 when higher values score higher, −1 lower,
 * 0 when the normalization has no single direction (target range, or points not ordered). For a category
 * indicator, whether its level scores above the reference level.
 */
export function healthyDirection(n: Normalization, input: DriverInput): -1 | 0 | 1 {
	if (input.level !== undefined) {
		if (n.kind !== 'category') return 0;
		const points = (l: string) => (Object.hasOwn(n.points, l) ? n.points[l] : n.otherPoints ?? NaN);
		const d = points(input.level) - points(input.reference!);
		return d > 0 ? 1 : d < 0 ? -1 : 0;
	}
	if (n.kind === 'linear') return n.best > n.worst ? 1 : n.best < n.worst ? -1 : 0;
	if (n.kind === 'percentile') return n.higherIsBetter ? 1 : -1;
	if (n.kind === 'asIs') return 1;
	if (n.kind === 'thresholds' && n.ranges.length > 1) {
		const sorted = [...n.ranges].sort((a, b) => (a.from ?? -Infinity) - (b.from ?? -Infinity));
		const pts = sorted.map((r) => r.points);
		const up = pts.every((p, i) => i === 0 || p >= pts[i - 1]);
		const down = pts.every((p, i) => i === 0 || p <= pts[i - 1]);
		return up && !down ? 1 : down && !up ? -1 : 0;
	}
	return 0;
}

/** The drivers, strongest effect first, with the scorecard's flags. */
export function readDrivers(inputs: readonly DriverInput[], fit: DriverFit, scorecard: Scorecard): Driver[] {
	const dropped = new Set(fit.dropped);
	const base = sigmoid(fit.intercept);
	const kept = inputs.filter((d) => !dropped.has(d.name));
	if (kept.length !== fit.coef.length) throw new Error(`invalid drivers fit; ${fit.coef.length} coefficients for ${kept.length} inputs`);
	const drivers = kept.map((input, j): Driver => {
		const coef = fit.coef[j], se = fit.stdErr[j];
		const ci95: [number, number] = [coef - Z95 * se, coef + Z95 * se];
		const at = (b: number) => sigmoid(fit.intercept + b) - base;
		const sign = ci95[0] > 0 ? 1 : ci95[1] < 0 ? -1 : 0;
		const metrics = scorecard.metrics.filter((m) => m.column === input.column);
		// Churn goes up with the column (sign +1) while the scorecard calls higher healthier (+1): contradiction.
		const contradicts = sign !== 0 && metrics.some((m) => m.weight > 0 && healthyDirection(m.normalization, input) === sign);
		const effect = at(coef);
		return {
			...input, coef, stdErr: se, ci95, pValue: fit.pValue[j], effect, effectCi: [at(ci95[0]), at(ci95[1])], sign,
			metrics: metrics.map((m) => m.id), contradicts,
			missingFromScorecard: metrics.length === 0 && fit.pValue[j] < 0.05 && Math.abs(effect) >= STRONG_EFFECT
		};
	});
	return drivers.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || a.name.localeCompare(b.name));
}
