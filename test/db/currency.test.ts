/** A dataset's currency (meta.currency) through IndexedDB and a backup; a dataset stored without one loads as it was. */
import { describe, expect, it } from 'vitest';
import { decodeBackup, encodeBackup } from '../../src/lib/core/backup-format';
import { demoScorecard } from '../../src/lib/core/demo';
import { listDatasets, loadDataset, saveDataset } from '../../src/lib/db';
import { createBackup, readBackup, restoreBackup } from '../../src/lib/db/backup';
import { datasetDifferences, sampleDataset, testDatabase } from './helpers';
import { indexedDbStore } from '../../src/lib/state/store';

const euros = () => {
	const dataset = sampleDataset(30, 'eur', 'Euro accounts');
	return { ...dataset, meta: { ...dataset.meta, currency: 'EUR' } };
};

describe('meta.currency in IndexedDB', () => {
	it('is stored and loaded with the dataset; a dataset without one loads without one', async () => {
		const { db, reopen } = testDatabase('currency-meta');
		const plain = sampleDataset(20, 'plain', 'Plain accounts');
		await saveDataset(db, euros());
		await saveDataset(db, plain);
		db.close();
		const again = reopen();
		expect(datasetDifferences(euros(), await loadDataset(again, 'eur'))).toEqual([]);
		expect((await loadDataset(again, 'eur'))!.meta.currency).toBe('EUR');
		const loadedPlain = await loadDataset(again, 'plain');
		expect(datasetDifferences(plain, loadedPlain)).toEqual([]);
		expect(loadedPlain!.meta).not.toHaveProperty('currency');
		expect((await listDatasets(again)).map((m) => m.currency ?? null)).toEqual(['EUR', null]);
		again.close();
	});
});

describe('meta.currency in a backup', { timeout: 60_000 }, () => {
	it('round-trips: backup → wipe → restore gives the currency back', async () => {
		const { db } = testDatabase('currency-backup');
		await indexedDbStore(db).replaceWith(euros(), demoScorecard());
		const plan = await readBackup(db, await createBackup(db));
		await db.datasets.clear();
		await db.blocks.clear();
		await restoreBackup(db, plan);
		expect((await loadDataset(db, 'eur'))!.meta.currency).toBe('EUR');
		db.close();
	});
	it('refuses a backup whose dataset names no currency code Checkup knows, saying which dataset and value', async () => {
		const { db } = testDatabase('currency-backup-bad');
		await indexedDbStore(db).replaceWith(euros(), demoScorecard());
		const contents = await decodeBackup(await createBackup(db));
		for (const bad of ['euros', 42, null, '']) {
			const copy = structuredClone(contents);
			(copy.tables.datasets.records[0] as { currency: unknown }).currency = bad;
			await expect(readBackup(db, await encodeBackup(copy))).rejects.toThrow(
				`dataset "Euro accounts" has the currency ${JSON.stringify(bad)}, which is not a currency code Checkup knows (such as EUR or USD)`
			);
		}
		db.close();
	});
});
