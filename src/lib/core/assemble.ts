/**
 * Several imports made into one portfolio: the snapshot rows of every import with metrics stacked under
 * canonical role columns, and the outcomes of outcomes files joined to every row of their customer by ID.
 */
import { currencyOfDataset, portfolioCurrency } from './currency';
import type { Notice } from './csv/types';
import { describeColumns, type ColumnMeta, type Dataset, type DatasetMeta, type DatasetRoles } from './dataset';
import type { Scorecard } from './scorecard';
import { codeCustomers, pickSnapshotRows, type SnapshotRows } from './snapshot-rows';
import { overlayTexts, stackCategories, stackNumbers, stackTexts, textAt, type StackPart, type TextOverlay } from './stack';
import { fillSteps, inRowSteps, runSteps, type Steps } from './steps';
import { assertTable, type Column, type ColumnKind, type TextColumn } from './table';

/** The id of an assembled portfolio (never a stored dataset's). */
export const PORTFOLIO_ID = 'portfolio';

type Role = keyof DatasetRoles;

/** The column each role gets in an assembled portfolio, in column order. */
export const CANONICAL_COLUMNS: Readonly<Record<Role, string>> = {
	id: 'customer_id', name: 'customer_name', segment: 'segment', owner: 'owner', arr: 'arr',
	asOf: 'as_of', outcome: 'churned', churnDate: 'churn_date', renewalDate: 'renewal_date'
};
const ROLES = Object.keys(CANONICAL_COLUMNS) as Role[];
const OUTCOME_ROLES: readonly Role[] = ['outcome', 'churnDate', 'renewalDate'];
const YES_NO = ['No', 'Yes'];

/** An assembled portfolio, and what the user should know about how it was made. */
export interface Portfolio {
	dataset: Dataset;
	notices: Notice[];
	/** Per outcomes file (by dataset id), its distinct IDs that join a customer of the snapshot files and those that match none. */
	outcomeJoins?: Map<string, OutcomeJoin>;
}

/** How an outcomes file's IDs met the snapshot files' customers. */
export interface OutcomeJoin {
	joined: number;
	unmatched: number;
}

/** Import order: oldest first; ties by name, then id, so stored and in-memory order agree. */
export function compareImports(a: DatasetMeta, b: DatasetMeta): number {
	return a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

/** The columns no role claims: the metrics. */
export function metricColumns(meta: DatasetMeta): ColumnMeta[] {
	const roles = new Set<string | undefined>(Object.values(meta.roles));
	return meta.columns.filter((c) => !roles.has(c.name));
}

/** True when the dataset adds snapshot rows (it has metrics); false for an outcomes file. */
export function hasSnapshotRows(meta: DatasetMeta): boolean {
	return metricColumns(meta).length > 0;
}

/**
 * One portfolio from the imports, in import order (later wins). One dataset is returned as it is. Several
 * give canonical role columns plus the union of metric columns by name; the same customer ID and as-of date
 * in two imports keeps the later row; an outcomes file's values replace the snapshot files' for its customers.
 */
export function assemblePortfolio(datasets: readonly Dataset[]): Portfolio {
	return runSteps(assembleSteps(datasets));
}

/**
 * assemblePortfolio in steps of at most STEP_ROWS rows of one loop each (core/steps.ts): the page runs it with
 * runInSteps, so that assembling a dozen imports of 100,000 rows does not stop it for seconds.
 */
export function* assembleSteps(datasets: readonly Dataset[]): Steps<Portfolio> {
	if (datasets.length === 0) throw new Error('invalid datasets; none given');
	if (datasets.length === 1) return { dataset: datasets[0], notices: [] };
	const snapshots = datasets.filter((d) => hasSnapshotRows(d.meta));
	if (snapshots.length === 0) throw new Error(`invalid datasets; none has metric columns: ${datasets.map((d) => d.meta.name).join(', ')}`);
	const outcomeFiles = datasets.filter((d) => !hasSnapshotRows(d.meta));
	const notices: Notice[] = [];
	// Snapshot files first, so that the customer codes of snapshots[k] are codes[k].
	const coded = yield* codeCustomers([...snapshots, ...outcomeFiles]);
	const picked = yield* pickSnapshotRows(snapshots, coded.codes, notices);
	const columns: Record<string, Column> = {};
	const roles: DatasetRoles = { id: CANONICAL_COLUMNS.id };
	for (const role of ROLES) {
		const from = OUTCOME_ROLES.includes(role) ? datasets : snapshots;
		if (role !== 'id' && role !== 'asOf' && !from.some((d) => d.meta.roles[role])) continue;
		roles[role] = CANONICAL_COLUMNS[role];
		columns[CANONICAL_COLUMNS[role]] = yield* roleColumn(role, picked, notices);
	}
	const overlays = new Map<Role, TextOverlay[]>();
	const outcomeJoins = new Map<string, OutcomeJoin>();
	for (let o = 0; o < outcomeFiles.length; o++) {
		const join = yield* joinOutcomes(outcomeFiles[o], coded.codes[snapshots.length + o], coded.count, picked, columns, overlays, notices);
		outcomeJoins.set(outcomeFiles[o].meta.id, join);
	}
	for (const [role, layers] of overlays) {
		const name = CANONICAL_COLUMNS[role];
		columns[name] = yield* overlayTexts(columns[name] as TextColumn, layers);
	}
	for (const [name, column] of yield* metricUnion(snapshots, picked, new Set(Object.keys(columns)), notices)) columns[name] = column;
	const table = assertTable({ rowCount: picked.customers.length, columns });
	const meta: DatasetMeta = {
		id: PORTFOLIO_ID,
		name: `Portfolio of ${datasets.length} imports`,
		source: 'file',
		createdAt: datasets.map((d) => d.meta.createdAt).reduce((a, b) => (b > a ? b : a)),
		rowCount: table.rowCount,
		columns: describeColumns(table),
		roles,
		snapshots: [...picked.dates]
	};
	const money = portfolioCurrency(snapshots.filter((d) => d.meta.roles.arr !== undefined).map((d) => currencyOfDataset(d.meta)));
	if (money.currency !== null) meta.currency = money.currency;
	if (money.mixed.length > 0) notices.push({ level: 'warning', message: `The imports' ARR is in ${money.mixed.length} currencies (${money.mixed.join(', ')}): their totals add different currencies, so money is shown as plain numbers, without a currency.` });
	return { dataset: { meta, table }, notices, outcomeJoins };
}

function partsOf(picked: SnapshotRows, columnOf: (d: Dataset) => string | undefined): StackPart[] {
	return picked.parts.map(({ dataset, rows }) => {
		const name = columnOf(dataset);
		return { column: name === undefined ? undefined : dataset.table.columns[name], rows };
	});
}

function* roleColumn(role: Role, picked: SnapshotRows, notices: Notice[]): Steps<Column> {
	const parts = partsOf(picked, (d) => d.meta.roles[role]);
	switch (role) {
		case 'asOf':
			return { kind: 'category', codes: picked.dateCodes, levels: [...picked.dates] };
		case 'arr':
			return yield* stackNumbers(parts);
		case 'id':
		case 'name':
		case 'churnDate':
		case 'renewalDate':
			return yield* stackTexts(parts);
		case 'outcome': {
			const { column, unknown } = yield* stackCategories(parts, YES_NO);
			if (unknown) notices.push({ level: 'warning', message: `${count(unknown, 'churned value')} other than Yes or No ${unknown === 1 ? 'is' : 'are'} treated as missing.` });
			return column;
		}
		default:
			return (yield* stackCategories(parts)).column;
	}
}

/**
 * Joins an outcomes file's churned, churn date and renewal date to every row of each of its customers (`codes`:
 * its rows' customer codes, in the numbering of `picked`): churned is written into its column; the dates are
 * added to `overlays`, laid over the stacked dates once every outcomes file is joined.
 */
function* joinOutcomes(
	{ meta, table }: Dataset,
	codes: Int32Array,
	customers: number,
	picked: SnapshotRows,
	columns: Record<string, Column>,
	overlays: Map<Role, TextOverlay[]>,
	notices: Notice[]
): Steps<OutcomeJoin> {
	// Per customer, its last row in the file (−1: not in it).
	const rowOf = yield* fillSteps(new Int32Array(customers), -1);
	let inFile = 0;
	yield* inRowSteps(codes.length, (start, end) => {
		for (let i = start; i < end; i++) {
			const c = codes[i];
			if (c < 0) continue;
			if (rowOf[c] < 0) inFile++;
			rowOf[c] = i;
		}
	});
	const joins = OUTCOME_ROLES.flatMap((role) => {
		const source = meta.roles[role] ? table.columns[meta.roles[role]!] : undefined;
		const target = columns[CANONICAL_COLUMNS[role]];
		return source && target ? [{ role, source, target }] : [];
	});
	// Per portfolio row, the file's row of its customer (−1: none).
	const match = yield* fillSteps(new Int32Array(picked.customers.length), -1);
	const joined = new Uint8Array(customers);
	let joinedCount = 0;
	if (joins.length) {
		yield* inRowSteps(match.length, (start, end) => {
			for (let j = start; j < end; j++) {
				const c = picked.customers[j];
				if (c < 0 || rowOf[c] < 0) continue;
				match[j] = rowOf[c];
				if (!joined[c]) (joined[c] = 1), joinedCount++;
			}
		});
	}
	for (const { role, source, target } of joins) {
		if (target.kind === 'text') {
			overlays.set(role, [...(overlays.get(role) ?? []), { column: source, rows: match }]);
			continue;
		}
		if (target.kind !== 'category') continue;
		yield* inRowSteps(match.length, (start, end) => {
			for (let j = start; j < end; j++) {
				if (match[j] < 0) continue;
				const value = textAt(source, match[j]);
				// A blank in the outcomes file says nothing: the snapshot files' value stands.
				if (value !== null) target.codes[j] = YES_NO.indexOf(value);
			}
		});
	}
	notices.push({ level: 'info', message: `${meta.name} adds outcomes only: they join ${count(joinedCount, 'customer')} by customer ID.` });
	const unmatched = inFile - joinedCount;
	if (unmatched) notices.push({ level: 'warning', message: `${count(unmatched, 'customer ID')} of ${meta.name} ${unmatched === 1 ? 'is' : 'are'} in no snapshot file.` });
	return { joined: joinedCount, unmatched };
}

/** The metric columns of every snapshot import, joined by name; a name with another kind than before is suffixed. */
function* metricUnion(snapshots: readonly Dataset[], picked: SnapshotRows, taken: Set<string>, notices: Notice[]): Steps<Map<string, Column>> {
	const byName = new Map<string, Map<ColumnKind, string>>();
	const plans = new Map<string, { kind: ColumnKind; sources: (string | undefined)[] }>();
	snapshots.forEach(({ meta }, k) => {
		for (const c of metricColumns(meta)) {
			const kinds = byName.get(c.name) ?? new Map<ColumnKind, string>();
			byName.set(c.name, kinds);
			let out = kinds.get(c.kind);
			if (out === undefined) {
				out = taken.has(c.name) ? uniqueName(`${c.name} (${meta.name})`, taken) : c.name;
				if (out !== c.name) notices.push({ level: 'warning', message: renamed(c, meta.name, out, kinds) });
				taken.add(out);
				kinds.set(c.kind, out);
				plans.set(out, { kind: c.kind, sources: new Array(snapshots.length) });
			}
			plans.get(out)!.sources[k] = c.name;
		}
	});
	const columns = new Map<string, Column>();
	// Columns missing from the same files make one notice: two files with nothing in common would otherwise list a note per column.
	const gaps = new Map<string, { names: string[]; rows: number }>();
	for (const [name, { kind, sources }] of plans) {
		const parts = partsOf(picked, (d) => sources[snapshots.indexOf(d)]);
		columns.set(name, kind === 'number' ? yield* stackNumbers(parts) : kind === 'category' ? (yield* stackCategories(parts)).column : yield* stackTexts(parts));
		const lacking = picked.parts.filter((p, k) => sources[k] === undefined && p.rows.length > 0);
		if (lacking.length === 0) continue;
		const files = lacking.map((p) => p.dataset.meta.name).join(', ');
		const gap = gaps.get(files) ?? { names: [], rows: lacking.reduce((n, p) => n + p.rows.length, 0) };
		gap.names.push(name);
		gaps.set(files, gap);
	}
	for (const [files, { names, rows }] of gaps) notices.push({ level: 'info', message: notInFiles(names, files, rows) });
	return columns;
}

/** Metric columns listed by name in a notice about columns some files lack; past that, counted. */
const LISTED_COLUMNS = 8;

/** "“a” and “b” are not in x.csv: 3 rows have no value for them", or for many columns their count and the first names. */
function notInFiles(names: readonly string[], files: string, rows: number): string {
	const quoted = names.map((n) => `“${n}”`);
	if (names.length === 1) return `${quoted[0]} is not in ${files}: ${count(rows, 'row')} have no value for it.`;
	const tail = `${count(rows, 'row')} have no value for them.`;
	if (names.length <= LISTED_COLUMNS) return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]} are not in ${files}: ${tail}`;
	const first = quoted.slice(0, LISTED_COLUMNS).join(', ');
	return `${count(names.length, 'column')} are not in ${files} (${first} and ${(names.length - LISTED_COLUMNS).toLocaleString('en-US')} more): ${tail}`;
}

function renamed(column: ColumnMeta, file: string, out: string, kinds: ReadonlyMap<ColumnKind, string>): string {
	const other = [...kinds.keys()][0];
	return other
		? `“${column.name}” holds ${column.kind === 'number' ? 'numbers' : column.kind === 'category' ? 'categories' : 'text'} in ${file} but not in earlier imports: it is kept apart as “${out}”.`
		: `The metric “${column.name}” of ${file} has the name of a role column: it is kept as “${out}”.`;
}

function uniqueName(wanted: string, taken: ReadonlySet<string>): string {
	let name = wanted;
	for (let k = 2; taken.has(name); k++) name = `${wanted} ${k}`;
	return name;
}

function count(n: number, noun: string): string {
	return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * The scorecard with every metric on a role column moved to that role's column in `after` (a metric on
 * ARR "MonthlyCharges" follows it to "arr" when a second import makes column names canonical). The same
 * object when nothing moves.
 */
export function followRoleColumns(scorecard: Scorecard, before: DatasetRoles, after: DatasetRoles): Scorecard {
	const moved = new Map<string, string>();
	for (const role of ROLES) {
		const from = before[role], to = after[role];
		if (from && to && from !== to) moved.set(from, to);
	}
	if (!scorecard.metrics.some((m) => moved.has(m.column))) return scorecard;
	return { ...scorecard, metrics: scorecard.metrics.map((m) => (moved.has(m.column) ? { ...m, column: moved.get(m.column)! } : m)) };
}
