/** A stored dataset: a columnar table plus what each column means. */
import type { ColumnKind, Table } from './table';

/** Which column plays which part. Only `id` is required; the rest are optional. */
export interface DatasetRoles {
	id: string;
	name?: string;
	segment?: string;
	owner?: string;
	arr?: string;
	/** The as-of date of each row (ISO yyyy-mm-dd); several dates make a dataset of snapshots. */
	asOf?: string;
	/** Churned yes/no (category column with levels that include 'Yes'). */
	outcome?: string;
	/** Churn date (ISO yyyy-mm-dd text) where churned. */
	churnDate?: string;
	/** Next renewal date (ISO yyyy-mm-dd text). */
	renewalDate?: string;
}

/** The description of one column, kept beside its blocks. */
export interface ColumnMeta {
	name: string;
	kind: ColumnKind;
	/** Category levels, in code order. */
	levels?: string[];
	/** Not in the file: the as-of column an import adds when no column has that role (its chosen date). */
	added?: true;
}

/** The levels the import gives a yes/no column (and the demo its yes/no columns). */
export const YES_NO_LEVELS: readonly string[] = ['No', 'Yes'];

/** How a column's type reads, as the import's mapping step named it: a yes/no column is stored as a category of No / Yes. */
export function columnTypeLabel(meta: ColumnMeta): 'number' | 'yes/no' | 'category' | 'text' {
	const yesNo = meta.kind === 'category' && meta.levels?.length === 2 && meta.levels.every((l, k) => l === YES_NO_LEVELS[k]);
	return yesNo ? 'yes/no' : meta.kind;
}

/** Columns a dataset took from its file, and whether the import added an as-of column to them. */
export function fileColumns(meta: Pick<DatasetMeta, 'columns'>): { fromFile: number; addedAsOf: boolean } {
	const added = meta.columns.filter((c) => c.added).length;
	return { fromFile: meta.columns.length - added, addedAsOf: added > 0 };
}

/** Everything about a dataset except its values. */
export interface DatasetMeta {
	id: string;
	name: string;
	source: 'demo' | 'file';
	createdAt: string;
	rowCount: number;
	columns: ColumnMeta[];
	roles: DatasetRoles;
	/** Distinct as-of dates, ascending (empty when the dataset has no as-of column). */
	snapshots: string[];
	/**
	 * The ISO code of the currency the ARR column's values are written in (core/currency.ts): absent when they
	 * name none or several (money is then shown as plain numbers), and on every dataset stored before it was read.
	 */
	currency?: string;
	/** The file an imported dataset was read from. */
	file?: { name: string; size: number; importedAt: string };
}

/** A dataset in memory. */
export interface Dataset {
	meta: DatasetMeta;
	table: Table;
}

/** The column descriptions of a table, in its key order. */
export function describeColumns(table: Table): ColumnMeta[] {
	return Object.entries(table.columns).map(([name, c]) =>
		c.kind === 'category' ? { name, kind: c.kind, levels: [...c.levels] } : { name, kind: c.kind }
	);
}
