/**
 * Write and read time of whole datasets in fake-indexeddb (node). Run: npx vitest bench --run --project unit test/bench/db.bench.ts
 * Measures only; a browser's IndexedDB has different costs (see STACK.md).
 */
import { bench, describe } from 'vitest';
import { describeColumns, type Dataset } from '../../src/lib/core/dataset';
import { encodeCategories, type Column, type Table } from '../../src/lib/core/table';
import { loadDataset, saveDataset } from '../../src/lib/db';
import { testDatabase } from '../db/helpers';

function numberColumn(rows: number, seed: number): Column {
	const values = new Float64Array(rows);
	for (let i = 0; i < rows; i++) values[i] = i % 97 === 0 ? NaN : Math.sin(i * seed) * 1000;
	return { kind: 'number', values };
}

function categoryColumn(rows: number, seed: number): Column {
	const levels = ['Gold', 'Silver', 'Bronze', 'Trial', 'Enterprise'];
	return encodeCategories(Array.from({ length: rows }, (_, i) => (i % 53 === 0 ? null : levels[(i * seed) % levels.length])));
}

function textColumn(rows: number, seed: number): Column {
	return { kind: 'text', values: Array.from({ length: rows }, (_, i) => `customer-${seed}-${i}`) };
}

function dataset(id: string, rows: number, kinds: { number: number; category?: number; text?: number }): Dataset {
	const columns: Record<string, Column> = {};
	for (let c = 0; c < kinds.number; c++) columns[`n${c}`] = numberColumn(rows, c + 1);
	for (let c = 0; c < (kinds.category ?? 0); c++) columns[`c${c}`] = categoryColumn(rows, c + 1);
	for (let c = 0; c < (kinds.text ?? 0); c++) columns[`t${c}`] = textColumn(rows, c + 1);
	const table: Table = { rowCount: rows, columns };
	const columnMetas = describeColumns(table);
	const createdAt = '2026-01-01T00:00:00.000Z';
	return { meta: { id, name: id, source: 'demo', createdAt, rowCount: rows, columns: columnMetas, roles: { id: 't0' }, snapshots: [] }, table };
}

const options = { time: 0, iterations: 8, warmupIterations: 1 };

function benchDataset(title: string, data: Dataset) {
	describe(title, () => {
		const writes = testDatabase('bench-write').db;
		const reads = testDatabase('bench-read').db;
		const stored = saveDataset(reads, data);
		// Every iteration after the first replaces the dataset, so this includes deleting the old blocks.
		bench('write (saveDataset)', () => saveDataset(writes, data), options);
		bench('read (loadDataset)', async () => {
			await stored;
			await loadDataset(reads, data.meta.id);
		}, options);
	});
}

benchDataset('24,000 rows × 25 columns (15 number, 7 category, 3 text)', dataset('mixed', 24_000, { number: 15, category: 7, text: 3 }));
benchDataset('100,000 rows × 20 number columns', dataset('numeric', 100_000, { number: 20 }));
