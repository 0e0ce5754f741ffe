/** A parsed file, as mapped by the user, made into a Dataset and a first scorecard for it. */
import { columnCurrency } from '../currency';
import { isIsoDate } from '../dates';
import { describeColumns, type Dataset, type DatasetRoles } from '../dataset';
import { defaultDirection, outcomeGroups } from '../direction';
import { proposeMetric } from '../propose';
import { defaultBands, type Scorecard } from '../scorecard';
import { MISSING_CODE, assertTable, type CategoryColumn, type Column, type TextColumn } from '../table';
import { textArray, textCell } from '../text-values';
import { tooManyMetrics } from './metric-cap';
import type { ColumnMapping, ColumnRole, ParsedColumns, ValueType } from './types';

/** Options of {@link toDataset}. */
export interface ToDatasetOptions {
	id: string;
	fileName: string;
	/** ISO date-time of the import. */
	importedAt: string;
	/** The as-of date (yyyy-mm-dd) of every row when no column has the as-of role (unused for an outcomes file). */
	asOf: string;
	/** Bytes of the file, kept in `meta.file`. */
	fileSize?: number;
}

/** The name of the as-of column added when the file has none. */
export const ADDED_AS_OF = 'as_of';

const SINGLE_ROLES = ['name', 'segment', 'owner', 'arr', 'asOf', 'outcome', 'churnDate', 'renewalDate'] as const;
const OUTCOME_ROLES: readonly ColumnRole[] = ['outcome', 'churnDate', 'renewalDate'];

/**
 * True for an outcomes file: a customer ID and outcome columns (churned, churn date, renewal date), nothing
 * else. It adds no snapshot rows; its outcomes join the customers of the other imports by ID.
 */
export function isOutcomeMapping(mapping: readonly ColumnMapping[]): boolean {
	return mapping.some((m) => OUTCOME_ROLES.includes(m.role)) && mapping.every((m) => m.role === 'id' || m.role === 'ignore' || OUTCOME_ROLES.includes(m.role));
}

/** How a role reads in the UI. */
export const ROLE_LABELS: Readonly<Record<ColumnRole, string>> = {
	id: 'Customer ID',
	name: 'Name',
	asOf: 'As-of date',
	outcome: 'Outcome (churned)',
	churnDate: 'Churn date',
	renewalDate: 'Renewal date',
	segment: 'Segment',
	owner: 'Owner',
	arr: 'ARR',
	metric: 'Metric',
	ignore: 'Ignore'
};

/** How a value type reads in the UI. */
export const TYPE_LABELS: Readonly<Record<ValueType, string>> = {
	number: 'Number',
	boolean: 'Yes/no',
	category: 'Category',
	date: 'Date',
	text: 'Text'
};

/** The type a role's column must have, where it matters. */
const ROLE_TYPES: Partial<Record<ColumnRole, ValueType>> = { outcome: 'boolean', asOf: 'date', churnDate: 'date', renewalDate: 'date', arr: 'number' };

const NO_METRIC =
	'Choose at least one metric column to score. (A file of outcomes only has just a customer ID and churned, churn date or renewal date columns.)';

/**
 * What stops a mapping from being imported, in words for the user (empty when it can be): exactly one
 * customer ID, at least one metric (unless it is an outcomes file) and at most LIMITS.metrics, each other role at most once, roles on columns of the right type,
 * and a chosen format for every date column.
 */
export function checkMapping(mapping: readonly ColumnMapping[]): string[] {
	const problems: string[] = [];
	const quoted = (ms: readonly ColumnMapping[]) => ms.map((m) => `"${m.name}"`).join(', ');
	const ids = mapping.filter((m) => m.role === 'id');
	if (ids.length === 0) problems.push('Choose which column identifies the customer.');
	else if (ids.length > 1) problems.push(`Only one column can identify the customer: ${quoted(ids)} are all set to Customer ID.`);
	for (const role of SINGLE_ROLES) {
		const many = mapping.filter((m) => m.role === role);
		if (many.length > 1) problems.push(`Only one column can be the ${ROLE_LABELS[role]}: ${quoted(many)}.`);
	}
	if (!mapping.some((m) => m.role === 'metric') && !isOutcomeMapping(mapping)) problems.push(NO_METRIC);
	const tooMany = tooManyMetrics(mapping);
	if (tooMany) problems.push(tooMany);
	for (const m of mapping) {
		const wanted = ROLE_TYPES[m.role];
		if (wanted && m.type !== wanted)
			problems.push(`The ${ROLE_LABELS[m.role]} column "${m.name}" must be of type ${TYPE_LABELS[wanted]}, not ${TYPE_LABELS[m.type]}.`);
		if (m.role === 'metric' && (m.type === 'text' || m.type === 'date'))
			problems.push(`"${m.name}" is ${TYPE_LABELS[m.type].toLowerCase()}, which cannot be scored: a metric must be a number, yes/no or a category.`);
		if (m.type === 'date' && m.role !== 'ignore' && !m.dateFormat)
			problems.push(`Choose how "${m.name}" writes its dates: month/day or day/month.`);
	}
	return problems;
}

/** Which column plays which part, from the mapping; throws when no column identifies the customer. */
export function rolesOf(mapping: readonly ColumnMapping[]): DatasetRoles {
	const id = mapping.find((m) => m.role === 'id');
	if (!id) throw new Error('no column has the role "id"');
	const roles: DatasetRoles = { id: id.name };
	for (const role of SINGLE_ROLES) {
		const m = mapping.find((c) => c.role === role);
		if (m) roles[role] = m.name;
	}
	return roles;
}

/**
 * The dataset of an imported file: mapped columns in file order (the ID as text, the as-of dates as a
 * category whose levels ascend), plus an `as_of` column holding `options.asOf` when no column has that role
 * (except in an outcomes file, whose outcomes are not of a date).
 */
export function toDataset(parsed: ParsedColumns, mapping: readonly ColumnMapping[], options: ToDatasetOptions): Dataset {
	if (!options.id) throw new Error(`invalid id; empty: ${JSON.stringify(options.id)}`);
	const outcomesOnly = isOutcomeMapping(mapping);
	if (!outcomesOnly && !isIsoDate(options.asOf)) throw new Error(`invalid asOf; not yyyy-mm-dd: ${options.asOf}`);
	const roles = rolesOf(mapping);
	const entries: [string, Column][] = [];
	for (const m of mapping) {
		if (m.role === 'ignore') continue;
		const column = Object.hasOwn(parsed.columns, m.name) ? parsed.columns[m.name] : undefined;
		if (!column) throw new Error(`column "${m.name}" is mapped but was not parsed`);
		entries.push([m.name, m.role === 'id' ? asText(column) : m.role === 'asOf' ? asDateCategory(column, m.name) : column]);
	}
	let addedAsOf: string | undefined;
	if (!roles.asOf && !outcomesOnly) {
		roles.asOf = addedAsOf = uniqueName(ADDED_AS_OF, new Set(entries.map(([name]) => name)));
		entries.push([roles.asOf, { kind: 'category', codes: new Int32Array(parsed.rowCount), levels: [options.asOf] }]);
	}
	// fromEntries defines own properties: a column named "__proto__" from an untrusted header stays a column.
	const columns: Record<string, Column> = Object.fromEntries(entries);
	const table = assertTable({ rowCount: parsed.rowCount, columns });
	const asOf = roles.asOf ? (columns[roles.asOf] as CategoryColumn) : undefined;
	const meta: Dataset['meta'] = {
		id: options.id,
		name: options.fileName,
		source: 'file',
		createdAt: options.importedAt,
		rowCount: parsed.rowCount,
		columns: describeColumns(table).map((c) => (c.name === addedAsOf ? { ...c, added: true as const } : c)),
		roles,
		snapshots: asOf ? [...asOf.levels] : []
	};
	const currency = roles.arr === undefined ? null : columnCurrency(parsed.arrCurrencies);
	if (currency !== null) meta.currency = currency;
	if (options.fileSize !== undefined) meta.file = { name: options.fileName, size: options.fileSize, importedAt: options.importedAt };
	return { meta, table };
}

/**
 * The first scorecard of an imported dataset: one metric per column mapped as a metric, each with a
 * normalization proposed from its values in the direction the file's outcomes (else the name) suggest
 * (`defaultDirection`), equal weights and the default bands. Throws for more than
 * LIMITS.metrics metrics.
 */
export function defaultScorecardFor(dataset: Dataset, mapping: readonly ColumnMapping[]): Scorecard {
	const candidates = mapping.filter((m) => m.role === 'metric');
	const columnOf = (name: string) => {
		const column = dataset.table.columns[name];
		if (!column) throw new Error(`metric column "${name}" is not in the dataset`);
		return column;
	};
	// A category has no order to guess points from (US states, payment methods, and two values that are not yes
	// and no, such as Female / Male): it is left for the user to add with points of their own. Numbers and yes/no
	// columns are scored.
	const scoreable = candidates.filter((m) => {
		const column = columnOf(m.name);
		return column.kind === 'number' || (column.kind === 'category' && m.type === 'boolean' && column.levels.length <= 2);
	});
	const chosen = scoreable.length ? scoreable : candidates;
	// checkMapping refuses such a mapping before the file is read; a caller that skipped it gets no unscoreable scorecard.
	const tooMany = tooManyMetrics(chosen);
	if (tooMany) throw new Error(tooMany);
	const groups = outcomeGroups(dataset.table, dataset.meta.roles);
	const metrics = chosen.map((m, k) => {
		const column = columnOf(m.name);
		return proposeMetric(`metric-${k + 1}`, m.name, column, m.name, defaultDirection(column, m.name, groups).higherIsBetter);
	});
	if (metrics.length === 0) throw new Error('no column has the role "metric"');
	const stamp = Date.parse(dataset.meta.createdAt);
	return { id: `imported-${Number.isNaN(stamp) ? dataset.meta.id : stamp}`, name: `Scorecard for ${dataset.meta.name}`, metrics, bands: defaultBands() };
}

/** IDs are matched as text, whatever they look like. */
function asText(column: Column): TextColumn {
	switch (column.kind) {
		case 'text':
			return column;
		case 'number':
			return { kind: 'text', values: Array.from(column.values, (v) => (Number.isNaN(v) ? null : String(v))) };
		case 'category':
			return { kind: 'text', values: Array.from(column.codes, (c) => (c === MISSING_CODE ? null : column.levels[c])) };
	}
}

/**
 * ISO dates as a category with ascending levels, so the latest snapshot is the last level. One pass gives
 * each distinct date a provisional code in order of appearance (a million rows hold a few dates, mostly the
 * very string of the row before); the few dates are sorted and the codes renumbered.
 */
export function asDateCategory(column: Column, name: string): CategoryColumn {
	if (column.kind === 'number') throw new Error(`as-of column "${name}" holds numbers, not dates`);
	const n = column.kind === 'text' ? column.values.length : column.codes.length;
	const seen = new Map<string, number>();
	const provisional = new Int32Array(n);
	let last: string | null = null;
	let lastCode = MISSING_CODE;
	for (let i = 0; i < n; i++) {
		let v: string | null;
		if (column.kind === 'text') v = textCell(column.values, i);
		else {
			const c = column.codes[i];
			v = c === MISSING_CODE ? null : column.levels[c];
		}
		if (v !== last) {
			last = v;
			if (v === null) lastCode = MISSING_CODE;
			else {
				const known = seen.get(v);
				lastCode = known === undefined ? seen.size : known;
				if (known === undefined) seen.set(v, lastCode);
			}
		}
		provisional[i] = lastCode;
	}
	const levels = [...seen.keys()].sort();
	const bad = levels.find((l) => !isIsoDate(l));
	if (bad !== undefined) throw new Error(`as-of column "${name}" holds ${JSON.stringify(bad)}, not a yyyy-mm-dd date`);
	const sortedCode = new Int32Array(levels.length);
	for (let k = 0; k < levels.length; k++) sortedCode[seen.get(levels[k])!] = k;
	const codes = provisional;
	for (let i = 0; i < n; i++) if (codes[i] !== MISSING_CODE) codes[i] = sortedCode[codes[i]];
	return { kind: 'category', codes, levels };
}

function uniqueName(wanted: string, taken: ReadonlySet<string>): string {
	if (!taken.has(wanted)) return wanted;
	let k = 2;
	while (taken.has(`${wanted} (${k})`)) k++;
	return `${wanted} (${k})`;
}
