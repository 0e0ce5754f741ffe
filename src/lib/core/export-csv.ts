/**
 * Scored customers as CSV (RFC 4180, CRLF), safe to open in a spreadsheet: text that a spreadsheet would run
 * as a formula is neutralised with a leading apostrophe (OWASP's advice for CSV injection).
 */
import { outcomeAt, outcomeWords, recordsChurn } from './churned';
import type { DatasetRoles } from './dataset';
import { roleText } from './customers';
import { columnContribution, isColumnScores, ownColumns } from './metric-columns';
import { contribution, type ScoreResult } from './score';
import type { Scorecard } from './scorecard';
import type { Table } from './table';

/** A cell: text from the data, a number we computed (NaN = empty), or nothing. */
export type CsvValue = string | number | null;

/**
 * Text that Excel, LibreOffice or Google Sheets may read as a formula (or that hides one): a tab, carriage return or
 * NUL first (OWASP; ASVS 1.2.10), or =, +, -, @ (or, as a precaution, their full-width forms) after any run of spaces
 * and quotes (OWASP's advice), since a spreadsheet that trims spaces or quotes on import would leave them first.
 */
const FORMULA_START = /^(?:[\t\r\0]|[\s"']*[=+\-@\uff1d\uff0b\uff0d\uff20])/;

/** Text that a spreadsheet would not run: text that starts like a formula (see FORMULA_START) gets an apostrophe before it. */
export function neutralize(text: string): string {
	return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field. Text is neutralised; numbers are written as numbers (a negative number is not a formula). */
export function csvField(value: CsvValue): string {
	if (value === null) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	const text = neutralize(value);
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows of cells as CSV text, CRLF line ends and a final CRLF. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
	return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * Metric k's contribution to row i for a CSV cell: empty where the metric has no sub-score or the row has no
 * score (every weight with a sub-score is 0). contribution() gives 0 there, which a spreadsheet would count.
 */
export function contributionCell(result: ScoreResult, k: number, i: number): number | null {
	const s = result.subScores(k)[i];
	const score = result.score[i];
	return s === s && score === score ? contribution(result, k, i) : null;
}

/** What {@link scoredCustomersCsv} writes. */
export interface ScoredCustomers {
	table: Table;
	roles: DatasetRoles;
	/** A scorecard's result, or ColumnScores (metric columns of several scorecards, as the Customers page has them). */
	result: ScoreResult;
	/** Its metrics are the columns, and its bands name each row's band, when `result` is not ColumnScores. */
	scorecard: Scorecard;
	/** Which rows, in which order (e.g. the Customers page's filtered, sorted list). */
	rows: ArrayLike<number>;
	/** Which scorecard scored row i, as the Customers table names it (its segment, or "Default"); not given: no such columns. */
	scoredBy?: (i: number) => ScoredBy | null;
	/**
	 * Write the Customers table's Outcome column ("Churned", "Churned on …", "Leaving on …", "Not churned"), after the
	 * scorecard's, placing churn dates against `asOf` (the table's snapshot date); only where the data records churn.
	 * Not given: no such column.
	 */
	outcome?: { asOf: string | null };
}

/** The scorecard that scored a customer: "Default" or its segment; and whether an override set a sub-score. */
export interface ScoredBy {
	scorecard: string;
	overridden: boolean;
}

/**
 * The columns in the Customers table's order (Customer, Score, Band, Segment, Owner, ARR, Scorecard, then the
 * metrics), the customer as its ID (the key a spreadsheet looks up and joins on: names need not be unique) and its
 * name; the table's "· overridden" beside the scorecard is a column of its own ("yes" or empty).
 */
export const SCORED_CUSTOMER_COLUMNS = ['customer_id', 'name', 'score', 'band', 'recommended_action', 'segment', 'owner', 'arr', 'scorecard', 'overridden'] as const;

/**
 * Which of SCORED_CUSTOMER_COLUMNS a file writes: as the Customers table, none for a role the data does not have
 * (Telco's file has no name, segment, owner or ARR: four columns blank on every line), and the scorecard and override
 * only where there is a choice of scorecard or an override to say (else "Default" and blank on every line).
 */
export function keptColumns(roles: DatasetRoles, scoredBy: boolean): boolean[] {
	const role = { name: roles.name, segment: roles.segment, owner: roles.owner, arr: roles.arr } as Record<string, string | undefined>;
	return SCORED_CUSTOMER_COLUMNS.map((c) => (c === 'scorecard' || c === 'overridden' ? scoredBy : c in role ? Boolean(role[c]) : true));
}

/** The cells of the columns kept (keptColumns). */
export function keptCells<T>(cells: readonly T[], kept: readonly boolean[]): T[] {
	return cells.filter((_, k) => kept[k]);
}

/**
 * One line per customer: ID, name, score, band, recommended action, segment, owner, ARR, scorecard, overridden (those
 * keptColumns keeps), the outcome when asked for and recorded, then every metric column's sub-score and contribution in points. "No score", skipped metrics and
 * metrics the customer's scorecard does not have are empty cells, never 0 (the scorecard column says which scorecard's
 * metrics count). Without `scoredBy` the scorecard and overridden columns are left out.
 */
export function scoredCustomersCsv({ table, roles, result, scorecard, rows, scoredBy, outcome }: ScoredCustomers): string {
	const scores = isColumnScores(result) ? result : ownColumns(result, scorecard);
	const arr = roles.arr ? table.columns[roles.arr] : undefined;
	const kept = keptColumns(roles, scoredBy !== undefined);
	const outcomeAsOf = outcome && recordsChurn(roles) ? outcome.asOf : undefined;
	const header: CsvValue[] = keptCells<CsvValue>(SCORED_CUSTOMER_COLUMNS, kept);
	if (outcomeAsOf !== undefined) header.push('outcome');
	for (const label of scores.labels) header.push(`${label} sub-score`, `${label} contribution`);
	const subScores = scores.labels.map((_, k) => scores.subScores(k));
	const lines: CsvValue[][] = [header];
	for (let r = 0; r < rows.length; r++) {
		const i = rows[r];
		const band = scores.bandAt(i);
		const by = scoredBy ? scoredBy(i) : null;
		const line: CsvValue[] = keptCells<CsvValue>([
			roleText(table, roles.id, i),
			roleText(table, roles.name, i),
			scores.score[i],
			band?.label ?? null,
			band?.action ?? null,
			roleText(table, roles.segment, i),
			roleText(table, roles.owner, i),
			arr?.kind === 'number' ? arr.values[i] : null,
			by?.scorecard ?? null,
			by?.overridden ? 'yes' : null
		], kept);
		if (outcomeAsOf !== undefined) line.push(outcomeWords(outcomeAt(table, roles, i, outcomeAsOf)) || null);
		subScores.forEach((s, k) => line.push(s[i], columnContribution(scores, k, i)));
		lines.push(line);
	}
	return toCsv(lines);
}
