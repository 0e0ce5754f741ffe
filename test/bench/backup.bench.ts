/**
 * Backup and restore of the demo workspace (24,000 snapshot rows) and of 100,000 rows × 20 number columns in
 * fake-indexeddb (node). Run: npx vitest bench --run --project unit test/bench/backup.bench.ts
 * Measures only; the file sizes are printed once.
 */
import { bench, describe } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { describeColumns, type Dataset } from '../../src/lib/core/dataset';
import type { Column } from '../../src/lib/core/table';
import { createBackup, readBackup, restoreBackup } from '../../src/lib/db/backup';
import { indexedDbStore } from '../../src/lib/state/store';
import { testDatabase } from '../db/helpers';

function wide(rows: number): Dataset {
	const columns: Record<string, Column> = { id: { kind: 'text', values: Array.from({ length: rows }, (_, i) => `c${i}`) } };
	for (let c = 0; c < 20; c++) columns[`n${c}`] = { kind: 'number', values: Float64Array.from({ length: rows }, (_, i) => (i % 97 === 0 ? NaN : Math.round(Math.sin(i * (c + 1)) * 1e4) / 100)) };
	const table = { rowCount: rows, columns };
	return { meta: { id: 'wide', name: 'wide', source: 'file', createdAt: '2026-01-01T00:00:00.000Z', rowCount: rows, columns: describeColumns(table), roles: { id: 'id' }, snapshots: [] }, table };
}

const options = { time: 0, iterations: 5, warmupIterations: 1 };

for (const [title, make] of [['demo workspace (24,000 rows)', generateDemo], ['100,000 rows × 20 number columns', () => wide(100_000)]] as const) {
	describe(title, async () => {
		const { db } = testDatabase(`bench-backup-${title}`);
		await indexedDbStore(db).replaceWith(make(), demoScorecard());
		const file = await createBackup(db);
		const plan = await readBackup(db, file);
		console.log(`${title}: backup file ${(file.size / 1024).toFixed(0)} KB`);
		bench('create the backup file', async () => void (await createBackup(db)), options);
		bench('read and check it', async () => void (await readBackup(db, file)), options);
		bench('restore it (one transaction)', async () => restoreBackup(db, plan), options);
	});
}
