/**
 * Which way a new metric scores by default: from the churn outcomes when the data has them (churned customers
 * had more of it → lower is better), else from a few words of its name ("tickets" → lower is better), else
 * higher is better. One column at a time, on one snapshot (`outcomeGroups`): a first guess the user checks, not
 * a model.
 */
import type { DatasetRoles } from './dataset';
import { headerWords } from './csv/roles';
import { fillSteps, inRowSteps, runSteps, type Steps } from './steps';
import { MISSING_CODE, type Column, type Table } from './table';

/** Fewer churned or fewer retained customers with a value than this and the outcomes say nothing. */
export const MIN_GROUP = 10;
/** |t| of the point-biserial correlation from which the difference counts (two-sided 5 %, large samples). */
export const CLEAR_T = 1.959963984540054;

/** The customers of one snapshot whose outcome is known: the rows and whether each churned. */
export interface OutcomeGroups {
	/** The snapshot's as-of date, or null when the data has no as-of column. */
	snapshot: string | null;
	rows: Uint32Array;
	/** 1 = churned, 0 = retained, aligned with rows. */
	churned: Uint8Array;
}

/** How a metric's values differ between churned and retained customers (yes/no: the share of Yes, 0–1). */
export interface Association {
	churnedMean: number;
	retainedMean: number;
	churned: number;
	retained: number;
	/** Point-biserial correlation of the value with churned (1) / retained (0). */
	r: number;
	/** Large enough to read a direction from (|t| ≥ CLEAR_T, at least MIN_GROUP in each group). */
	clear: boolean;
}

/** Where a default direction came from. */
export type DirectionReason =
	| { from: 'outcomes'; association: Association; snapshot: string | null }
	| { from: 'name'; word: string; association: Association | null; snapshot: string | null }
	| { from: 'default'; association: Association | null; snapshot: string | null };

/** A default direction and why. */
export interface DirectionDefault {
	higherIsBetter: boolean;
	reason: DirectionReason;
}

const YES = /^(yes|y|true|t|1)$/i;
const NO = /^(no|n|false|f|0)$/i;
const LOWER_IS_BETTER = /(?:^| )(tickets?|calls?|complaints?|late|overdue|days since|churn risk)(?: |$)/;

/** The word of the name that says lower is better ("tickets", "days since"), or null. */
export function lowerIsBetterWord(name: string): string | null {
	return LOWER_IS_BETTER.exec(headerWords(name))?.[1] ?? null;
}

/** A yes/no category's code of Yes, or −1 when the column is not yes/no (two levels, one yes-like, one no-like). */
export function yesCode(column: Column): number {
	if (column.kind !== 'category' || column.levels.length !== 2) return -1;
	const yes = column.levels.findIndex((l) => YES.test(l.trim()));
	const no = column.levels.findIndex((l) => NO.test(l.trim()));
	return yes >= 0 && no >= 0 && yes !== no ? yes : -1;
}

/** Churned (1), retained (0) or unknown (−1) per row, from the outcome column's Yes / No; in steps of STEP_ROWS rows. */
function* outcomesOf(column: Column | undefined, rowCount: number): Steps<Int8Array> {
	const out = yield* fillSteps(new Int8Array(rowCount), -1);
	if (column?.kind !== 'category') return out;
	const code = column.levels.map((l) => (/^(yes|true)$/i.test(l.trim()) ? 1 : /^(no|false)$/i.test(l.trim()) ? 0 : -1));
	const codes = column.codes;
	yield* inRowSteps(rowCount, (start, end) => {
		for (let i = start; i < end; i++) if (codes[i] !== MISSING_CODE) out[i] = code[codes[i]];
	});
	return out;
}

/**
 * The snapshot with the most churned customers, the latest of equals, among those with at least MIN_GROUP
 * churned and MIN_GROUP retained (every row when there is no as-of column); null when none has. A churned
 * customer leaves the later snapshots: in the demo the latest holds 31 of its churned customers, 2026-02-01
 * 355, as they were before they left. `within`: only the rows it marks 1 count (a segment scorecard's customers:
 * scored-rows.ts), the snapshot picked by their outcomes.
 */
export function outcomeGroups(table: Table, roles: Pick<DatasetRoles, 'asOf' | 'outcome'>, within: Uint8Array | null = null): OutcomeGroups | null {
	return runSteps(outcomeGroupsSteps(table, roles, within));
}

/** outcomeGroups in steps of at most STEP_ROWS rows (a million rows took 57 ms of one task on the Data page). */
export function* outcomeGroupsSteps(table: Table, roles: Pick<DatasetRoles, 'asOf' | 'outcome'>, within: Uint8Array | null = null): Steps<OutcomeGroups | null> {
	if (within && within.length !== table.rowCount) throw new Error(`invalid within; ${within.length} flags for ${table.rowCount} rows`);
	if (!roles.outcome) return null;
	const n = table.rowCount;
	const outcome = yield* outcomesOf(table.columns[roles.outcome], n);
	const asOf = roles.asOf ? table.columns[roles.asOf] : undefined;
	const snapshotOf = asOf?.kind === 'category' ? asOf.codes : new Int32Array(n); // one snapshot: every row 0, as allocated
	const levels = asOf?.kind === 'category' ? asOf.levels : [null];
	const counts = levels.map(() => [0, 0]);
	yield* inRowSteps(n, (start, end) => {
		for (let i = start; i < end; i++) if (outcome[i] >= 0 && snapshotOf[i] !== MISSING_CODE && (!within || within[i])) counts[snapshotOf[i]][outcome[i]]++;
	});
	let pick = -1;
	for (let k = 0; k < levels.length; k++) {
		if (counts[k][0] < MIN_GROUP || counts[k][1] < MIN_GROUP) continue;
		const more = pick < 0 || counts[k][1] > counts[pick][1];
		if (more || (counts[k][1] === counts[pick][1] && String(levels[k]) > String(levels[pick]))) pick = k;
	}
	if (pick < 0) return null;
	const size = counts[pick][0] + counts[pick][1];
	const rows = new Uint32Array(size);
	const churned = new Uint8Array(size);
	let k = 0;
	yield* inRowSteps(n, (start, end) => {
		for (let i = start; i < end; i++) if (snapshotOf[i] === pick && outcome[i] >= 0 && (!within || within[i])) [rows[k], churned[k++]] = [i, outcome[i]];
	});
	return { snapshot: levels[pick], rows, churned };
}

/** The metric's value at a row as a number (yes/no: 1 / 0), NaN when missing or not scorable this way. */
function valueReader(column: Column): ((row: number) => number) | null {
	const yes = yesCode(column);
	if (yes < 0 || column.kind !== 'category') return null;
	return (row) => (column.codes[row] === MISSING_CODE ? NaN : column.codes[row] === yes ? 1 : 0);
}

/**
 * Means of churned and retained customers and the point-biserial correlation; null for a column with no order.
 * One pass, Welford's update per group (a million rows: about 6 ms in node), the groups' squares combined after.
 */
export function associationWithChurn(column: Column, groups: OutcomeGroups): Association | null {
	const numbers = column.kind === 'number' ? column.values : null;
	const read = numbers ? null : valueReader(column);
	if (!numbers && !read) return null;
	const count = [0, 0], mean = [0, 0], squares = [0, 0];
	const { rows, churned } = groups;
	for (let k = 0; k < rows.length; k++) {
		const x = numbers ? numbers[rows[k]] : read!(rows[k]);
		if (!Number.isFinite(x)) continue;
		const g = churned[k];
		const d = x - mean[g];
		mean[g] += d / ++count[g];
		squares[g] += d * (x - mean[g]);
	}
	const n = count[0] + count[1];
	const [retainedMean, churnedMean] = [count[0] ? mean[0] : NaN, count[1] ? mean[1] : NaN];
	const gap = churnedMean - retainedMean;
	const sd = Math.sqrt((squares[0] + squares[1] + (gap * gap * count[0] * count[1]) / n) / n);
	const r = sd > 0 ? (gap / sd) * Math.sqrt((count[1] * count[0]) / (n * n)) : 0;
	const t = Math.abs(r) < 1 ? (r * Math.sqrt(n - 2)) / Math.sqrt(1 - r * r) : r * Infinity;
	const clear = count[0] >= MIN_GROUP && count[1] >= MIN_GROUP && Math.abs(t) >= CLEAR_T;
	return { churnedMean, retainedMean, churned: count[1], retained: count[0], r, clear };
}

/**
 * The default direction of a metric on `column` named `name`: the sign of its association with churn when clear
 * (churned customers had more → lower is better), else lower is better when the name says so, else higher.
 */
export function defaultDirection(column: Column, name: string, groups: OutcomeGroups | null): DirectionDefault {
	const association = groups ? associationWithChurn(column, groups) : null;
	const snapshot = groups?.snapshot ?? null;
	if (association?.clear) return { higherIsBetter: association.r < 0, reason: { from: 'outcomes', association, snapshot } };
	const word = lowerIsBetterWord(name);
	if (word) return { higherIsBetter: false, reason: { from: 'name', word, association, snapshot } };
	return { higherIsBetter: true, reason: { from: 'default', association, snapshot } };
}
