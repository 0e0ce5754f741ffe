/**
 * The mapping step's edits and checks, on the user's mapping as it stands: the import session calls these on its
 * state, so they change the mapping in place.
 */
import { checkMapping, isOutcomeMapping } from './dataset';
import type { ColumnMapping, DateFormat, FilePreview, ValueType } from './types';
import { detectDateFormat } from './values';
import { isIsoDate } from '../dates';

/** The mapping of the column at `index`; throws when there is none. */
export function mappedColumn(mapping: readonly ColumnMapping[], index: number): ColumnMapping {
	const m = mapping.find((c) => c.index === index);
	if (!m) throw new Error(`no column at index ${index}`);
	return m;
}

/** Changes a column's type; a column becoming a date gets the format its samples show, if they show one. */
export function setColumnType(mapping: readonly ColumnMapping[], preview: FilePreview | null, index: number, type: ValueType): void {
	const m = mappedColumn(mapping, index);
	m.type = type;
	if (type !== 'date') {
		delete m.dateFormat;
		return;
	}
	const profile = preview?.columns.find((c) => c.index === index);
	const found = profile?.dateFormat ?? (profile ? detectDateFormat(profile.samples) : null);
	if (found === 'iso' || found === 'mdy' || found === 'dmy') m.dateFormat = found;
}

/**
 * Sets many columns at once between Metric and Ignore: Metric goes to the ignored columns of a type that can be
 * scored, Ignore to the metrics; other roles are left alone.
 */
export function setMetricRoles(mapping: readonly ColumnMapping[], indices: readonly number[], role: 'metric' | 'ignore'): void {
	const wanted = new Set(indices);
	for (const m of mapping) {
		if (!wanted.has(m.index)) continue;
		if (role === 'ignore' && m.role === 'metric') m.role = 'ignore';
		else if (role === 'metric' && m.role === 'ignore' && (m.type === 'number' || m.type === 'boolean' || m.type === 'category')) m.role = 'metric';
	}
}

/** Sets or clears a date column's format. */
export function setColumnDateFormat(mapping: readonly ColumnMapping[], index: number, format: DateFormat | undefined): void {
	const m = mappedColumn(mapping, index);
	if (format) m.dateFormat = format;
	else delete m.dateFormat;
}

/** Whether the rows' as-of date is the one typed in (no column has that role and it is not an outcomes file). */
function asOfTyped(mapping: readonly ColumnMapping[]): boolean {
	return !mapping.some((m) => m.role === 'asOf') && !isOutcomeMapping(mapping);
}

/** What stops the mapping (with `asOf`, the date typed in, yyyy-mm-dd) from being used; empty when the user may continue. */
export function mappingProblems(mapping: readonly ColumnMapping[], asOf: string): string[] {
	const problems = checkMapping(mapping);
	if (asOfTyped(mapping) && !isIsoDate(asOf)) problems.push('Enter the date these figures are as of.');
	return problems;
}

/**
 * A word about a typed as-of date after `today` (a typo in the year, or a month ahead): allowed, since the user
 * may mean it, but said, because every score of the file is dated then. Null when there is nothing to say.
 */
export function asOfNotice(mapping: readonly ColumnMapping[], asOf: string, today: string): string | null {
	if (!asOfTyped(mapping) || !isIsoDate(asOf)) return null;
	return asOf > today ? `${asOf} is after today (${today}): every row of this file will be dated then. Is that the date these figures are as of?` : null;
}
