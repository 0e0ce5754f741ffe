/** The sentence the restore step shows of a backup it has checked: everything restoring would bring back. */
import { formatCount } from '../../core/format';
import type { BackupSummary } from '../../db/backup';

const count = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "a", "a and b", "a, b and c". */
function list(parts: string[]): string {
	return parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The history tables a restore replaces, by table name, in the words the pages use; a table the backup leaves empty is not named. */
const HISTORY: [table: string, one: string, many: string][] = [
	['versions', 'scorecard version', 'scorecard versions'],
	['runs', 'training run', 'training runs'],
	['overrides', 'override', 'overrides'],
	['alertRules', 'alert rule', 'alert rules'],
	['alerts', 'alert', 'alerts']
];

/**
 * "made 2026-11-24 10:00 UTC, holds 4 imports (19,431 rows of customers, plus an outcomes file of 7,043 rows),
 * 1 scorecard, 3 scorecard versions and 2 training runs." Rows are the snapshot files' rows, as the Data page
 * lists them: an outcomes file's rows (one a customer) add no customers, so they are said apart.
 */
export function backupHolds(summary: BackupSummary): string {
	const { createdAt, imports, rows, outcomeImports, outcomeRows, scorecards, records } = summary;
	const outcomes = outcomeImports === 0 ? '' : `, plus ${outcomeImports === 1 ? 'an outcomes file' : `${formatCount(outcomeImports)} outcomes files`} of ${count(outcomeRows, 'row', 'rows')}`;
	const rowsOf = outcomeImports === 0 ? count(rows, 'row', 'rows') : `${count(rows, 'row', 'rows')} of customers`;
	const parts = [`${count(imports, 'import', 'imports')} (${rowsOf}${outcomes})`, count(scorecards, 'scorecard', 'scorecards')];
	for (const [table, one, many] of HISTORY) if (records[table]) parts.push(count(records[table], one, many));
	return `made ${createdAt.slice(0, 16).replace('T', ' ')} UTC, holds ${list(parts)}.`;
}
