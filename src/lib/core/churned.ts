/**
 * Whether a customer has already churned, as its latest-snapshot row records it: the Worklist lists the customers
 * a CSM can still act on, so these are left out of it unless asked for (scores, bands and Learn keep them).
 */
import { isIsoDate } from './dates';
import type { DatasetRoles } from './dataset';
import { runSteps, STEP_ROWS, type Steps } from './steps';
import { cell, type Column, type Table } from './table';

/** Per customer: still a customer (or nothing recorded), already churned, or still here with a churn date to come. */
export const STAYING = 0;
export const CHURNED = 1;
export const LEAVING = 2;
export type ChurnState = typeof STAYING | typeof CHURNED | typeof LEAVING;

/** What one latest-snapshot row records of the customer's outcome. */
export interface CustomerOutcome {
	state: ChurnState;
	/** The churn outcome as yes / no, null where the data has no value (or no outcome column). */
	churned: boolean | null;
	/** The churn date (yyyy-mm-dd), null where there is none (or it is not a date). */
	churnDate: string | null;
	/** The next renewal date (yyyy-mm-dd), null where there is none. */
	renewalDate: string | null;
}

/** An outcome cell as yes / no (trimmed, any case, as Learn reads it); null for anything else. */
function yesNo(text: string): boolean | null {
	const v = text.trim().toLowerCase();
	return v === 'yes' ? true : v === 'no' ? false : null;
}

/**
 * A role column's cell as text, '' where there is none: customers.ts's roleText, not imported from there, since the
 * customer list sorts by outcomeOrder (one module would import the other both ways).
 */
function roleText(table: Table, name: string | undefined, row: number): string {
	const column = name ? table.columns[name] : undefined;
	const v = column && row >= 0 ? cell(column, row) : null;
	return v === null || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v);
}

function dateOrNull(text: string): string | null {
	const v = text.trim();
	return isIsoDate(v) ? v : null;
}

/**
 * The rule. An explicit "No" is a customer still here, whatever date is beside it: a customer is never hidden on
 * a guess. A churn date on or before the snapshot's as-of date has happened (churned); one after it is a customer
 * still here who is known to be leaving. Without a churn date (or without an as-of date to place it), "Yes" alone
 * says the customer churned.
 */
export function churnState(churned: boolean | null, churnDate: string | null, asOf: string | null): ChurnState {
	if (churned === false) return STAYING;
	if (churnDate !== null && asOf !== null) return churnDate <= asOf ? CHURNED : LEAVING;
	return churned === true ? CHURNED : STAYING;
}

/** Whether the data records churn at all: an outcome or a churn date column. Without one nothing is hidden or said. */
export function recordsChurn(roles: DatasetRoles): boolean {
	return !!(roles.outcome || roles.churnDate);
}

/** Row `row`'s churn date (yyyy-mm-dd), null where it has none or it is not a date. */
export function churnDateAt(table: Table, roles: DatasetRoles, row: number): string | null {
	return dateOrNull(roleText(table, roles.churnDate, row));
}

/** Row `row`'s outcome in a table of one snapshot whose as-of date is `asOf` ('' or null: none). */
export function outcomeAt(table: Table, roles: DatasetRoles, row: number, asOf: string | null): CustomerOutcome {
	const churned = yesNo(roleText(table, roles.outcome, row));
	const churnDate = churnDateAt(table, roles, row);
	const renewalDate = dateOrNull(roleText(table, roles.renewalDate, row));
	return { state: churnState(churned, churnDate, asOf || null), churned, churnDate, renewalDate };
}

/**
 * A column's cells read through `read`: a category's levels are read once each (a yes/no outcome is two levels for
 * 100,000 rows), other columns cell by cell; no column reads as null.
 */
function reader<T>(column: Column | undefined, read: (text: string) => T | null): (row: number) => T | null {
	if (!column) return () => null;
	if (column.kind === 'category') {
		const byLevel = column.levels.map(read);
		return (row) => (column.codes[row] < 0 ? null : byLevel[column.codes[row]]);
	}
	return (row) => {
		const v = cell(column, row);
		return v === null || (typeof v === 'number' && Number.isNaN(v)) ? null : read(String(v));
	};
}

/** Each row's ChurnState in a table of one snapshot; null when the data records no churn (recordsChurn). */
export function churnStates(table: Table, roles: DatasetRoles, asOf: string | null): Uint8Array | null {
	if (!recordsChurn(roles)) return null;
	const churned = reader(roles.outcome ? table.columns[roles.outcome] : undefined, yesNo);
	const churnDate = reader(roles.churnDate ? table.columns[roles.churnDate] : undefined, dateOrNull);
	const out = new Uint8Array(table.rowCount);
	const date = asOf || null;
	for (let i = 0; i < out.length; i++) out[i] = churnState(churned(i), churnDate(i), date);
	return out;
}

/** The Worklist's mark of a customer: "Churned", "Churned on <date>", "Leaving on <date>"; '' for one staying. */
export function churnMark(outcome: Pick<CustomerOutcome, 'state' | 'churnDate'>): string {
	if (outcome.state === CHURNED) return outcome.churnDate ? `Churned on ${outcome.churnDate}` : 'Churned';
	if (outcome.state === LEAVING) return `Leaving on ${outcome.churnDate}`;
	return '';
}

/**
 * What the customer's page says of its outcome: its churn mark, else "Not churned" and the renewal date as the
 * data has them; null when the row records none of them.
 */
export function outcomeText(outcome: CustomerOutcome): string | null {
	const mark = churnMark(outcome);
	if (mark) return mark;
	const parts = [outcome.churned === false ? 'Not churned' : '', outcome.renewalDate ? `Renewal ${outcome.renewalDate}` : ''].filter(Boolean);
	return parts.length ? parts.join(' · ') : null;
}

/** A customer's churn as a list marks it: its state and churn date. */
export type ChurnOf = Pick<CustomerOutcome, 'state' | 'churnDate'>;

/** Where each customer's newest row is: how many customers, the row of customer c, and its ID. */
export interface NewestRows {
	customers: number;
	row(c: number): number;
	id(c: number): string;
}

/**
 * Each customer's churn as of `asOf` (the latest snapshot), read from its newest row as the Worklist reads the latest
 * snapshot's (an outcomes file's values are on every row of its customers): only the customers churned or leaving,
 * by ID. A customer no longer in the latest snapshot has churned when its newest row says so. Null when the data
 * records no churn (recordsChurn): nothing is then left out or marked.
 */
export function churnByCustomer(table: Table, roles: DatasetRoles, asOf: string | null, newest: NewestRows): Map<string, ChurnOf> | null {
	return runSteps(churnByCustomerSteps(table, roles, asOf, newest));
}

/** Customers churnByCustomerSteps reads a step: a million took 111 ms of one task in Chromium after an import. */
export const CHURN_STEP_CUSTOMERS = STEP_ROWS;

/** churnByCustomer in steps of CHURN_STEP_CUSTOMERS customers, so that the page runs between them. */
export function* churnByCustomerSteps(table: Table, roles: DatasetRoles, asOf: string | null, newest: NewestRows): Steps<Map<string, ChurnOf> | null> {
	if (!recordsChurn(roles)) return null;
	const churned = reader(roles.outcome ? table.columns[roles.outcome] : undefined, yesNo);
	const churnDate = reader(roles.churnDate ? table.columns[roles.churnDate] : undefined, dateOrNull);
	const out = new Map<string, ChurnOf>();
	const date = asOf || null;
	for (let c = 0; c < newest.customers; c++) {
		if (c > 0 && c % CHURN_STEP_CUSTOMERS === 0) yield;
		const row = newest.row(c);
		const state = churnState(churned(row), churnDate(row), date);
		if (state !== STAYING) out.set(newest.id(c), { state, churnDate: churnDate(row) });
	}
	return out;
}

/**
 * The Customers list's Outcome cell: the churn mark ("Churned", "Churned on …", "Leaving on …"), "Not churned" for an
 * explicit No, '' where the row records nothing (the customer page's words, without the renewal date).
 */
export function outcomeWords(outcome: Pick<CustomerOutcome, 'state' | 'churned' | 'churnDate'>): string {
	return churnMark(outcome) || (outcome.churned === false ? 'Not churned' : '');
}

/**
 * A number per row that sorts the Outcome column as its words sort: Churned (no date, then by date), Leaving (by
 * date), Not churned; NaN (last either way) where the row records nothing.
 */
export function outcomeOrder(table: Table, roles: DatasetRoles, asOf: string | null): Float64Array {
	const out = new Float64Array(table.rowCount).fill(NaN);
	if (!recordsChurn(roles)) return out;
	const churned = reader(roles.outcome ? table.columns[roles.outcome] : undefined, yesNo);
	const churnDate = reader(roles.churnDate ? table.columns[roles.churnDate] : undefined, dateOrNull);
	const date = asOf || null;
	for (let i = 0; i < out.length; i++) {
		const yes = churned(i), day = churnDate(i);
		const state = churnState(yes, day, date);
		const rank = state === CHURNED ? 0 : state === LEAVING ? 1 : yes === false ? 2 : NaN;
		// yyyymmdd < 1e8: the date orders within its state, no date first (as "Churned" sorts before "Churned on …").
		out[i] = rank * 1e8 + (state !== STAYING && day ? Number(day.replaceAll('-', '')) : 0);
	}
	return out;
}
