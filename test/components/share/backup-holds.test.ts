/** What the restore step says a backup holds: snapshot rows as the Data page counts them, outcomes files apart, and every history table a restore replaces. */
import { describe, expect, it } from 'vitest';
import { backupHolds } from '../../../src/lib/components/share/backup-holds';
import type { BackupSummary } from '../../../src/lib/db/backup';

const base: BackupSummary = { createdAt: '2026-11-24T10:05:33.000Z', imports: 1, rows: 80, outcomeImports: 0, outcomeRows: 0, scorecards: 1, records: { datasets: 1, blocks: 9, scorecards: 1, settings: 4 } };

describe('backupHolds', () => {
	it('one import with no history says its rows and its scorecard', () => {
		expect(backupHolds(base)).toBe('made 2026-11-24 10:05 UTC, holds 1 import (80 rows) and 1 scorecard.');
	});

	it('an outcomes file’s rows are said apart from the customers’ rows, which are the Data page’s', () => {
		// The session's audit: 3 monthly files of 19,431 rows and an outcomes file of 7,043 read "4 imports (26,474 rows)".
		const summary = { ...base, imports: 4, rows: 19_431, outcomeImports: 1, outcomeRows: 7_043 };
		expect(backupHolds(summary)).toBe('made 2026-11-24 10:05 UTC, holds 4 imports (19,431 rows of customers, plus an outcomes file of 7,043 rows) and 1 scorecard.');
		expect(backupHolds({ ...summary, imports: 5, outcomeImports: 2, outcomeRows: 7_100 })).toContain('(19,431 rows of customers, plus 2 outcomes files of 7,100 rows)');
	});

	it('names every history table the backup fills, in one list, and none it leaves empty', () => {
		const records = { ...base.records, versions: 3, runs: 1, overrides: 12, alertRules: 0, alerts: 1_204 };
		expect(backupHolds({ ...base, records })).toBe(
			'made 2026-11-24 10:05 UTC, holds 1 import (80 rows), 1 scorecard, 3 scorecard versions, 1 training run, 12 overrides and 1,204 alerts.'
		);
		expect(backupHolds({ ...base, records: { ...records, alertRules: 2 } })).toContain('12 overrides, 2 alert rules and 1,204 alerts.');
	});
});
