import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	BLOCK_ROWS,
	QUOTA_MESSAGE,
	StorageQuotaError,
	describeFailure,
	guardQuota,
	isQuotaError,
	listDatasets,
	loadDataset,
	saveDataset,
	setSetting,
	getSetting,
	type CheckupDatabase
} from '../../src/lib/db';
import { datasetDifferences, sampleDataset, testDatabase } from './helpers';

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('isQuotaError', () => {
	it('finds a quota error directly and inside Dexie wrappers', () => {
		expect(isQuotaError(quota())).toBe(true);
		expect(isQuotaError(new Dexie.QuotaExceededError('full'))).toBe(true);
		expect(isQuotaError(new Dexie.AbortError('Transaction aborted', quota()))).toBe(true);
		expect(isQuotaError(new Dexie.BulkError('1 of 3 failed', { 1: quota() }))).toBe(true);
		expect(isQuotaError(new Error('outer', { cause: quota() }))).toBe(true);
		expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
	});

	it('ignores other errors and non-errors', () => {
		expect(isQuotaError(new Dexie.AbortError('Transaction aborted', new Error('boom')))).toBe(false);
		expect(isQuotaError(new DOMException('x', 'DataCloneError'))).toBe(false);
		expect(isQuotaError('QuotaExceededError')).toBe(false);
		expect(isQuotaError(null)).toBe(false);
	});
});

describe('describeFailure', () => {
	it('gives the quota message, keeping what failed and the original error', () => {
		const original = new Dexie.AbortError('Transaction aborted', quota());
		const err = describeFailure('save dataset "A" (id a)', original);
		expect(err).toBeInstanceOf(StorageQuotaError);
		expect(err.message).toBe(QUOTA_MESSAGE);
		expect(err.message).toBe(
			'The browser refused to store more data (storage quota exceeded). Free space or delete a dataset; nothing was changed.'
		);
		expect(err instanceof StorageQuotaError && err.operation).toBe('save dataset "A" (id a)');
		expect(err.cause).toBe(original);
	});

	it('prefixes other failures with the operation, including the reason inside an AbortError', () => {
		expect(describeFailure('load dataset a', new Error('boom')).message).toBe('Could not load dataset a: boom');
		const aborted = describeFailure('save dataset "A" (id a)', new Dexie.AbortError('Transaction aborted', new Error('disk gone')));
		expect(aborted.message).toBe('Could not save dataset "A" (id a): Transaction aborted; Error: disk gone');
		const bare = Object.assign(new Error('Transaction aborted'), { inner: new Error('disk gone') });
		expect(describeFailure('x', bare).message).toBe('Could not x: Transaction aborted (disk gone)');
		expect(describeFailure('x', 'plain string').message).toBe('Could not x: plain string');
	});
});

describe('guardQuota', () => {
	it('says a full disk as the quota message, also when a transaction aborts as it commits; other failures pass as they are', async () => {
		const commit = new Dexie.AbortError('Transaction aborted', quota());
		const err = await guardQuota('delete import a', () => Promise.reject(commit)).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(StorageQuotaError);
		expect([(err as StorageQuotaError).message, (err as StorageQuotaError).operation, (err as Error).cause]).toEqual([QUOTA_MESSAGE, 'delete import a', commit]);
		class Elsewhere extends Error {}
		const other = new Elsewhere('changed in another tab');
		await expect(guardQuota('x', () => Promise.reject(other))).rejects.toBe(other);
		const inner = new StorageQuotaError('save dataset', quota());
		await expect(guardQuota('x', () => Promise.reject(inner))).rejects.toBe(inner);
		expect(await guardQuota('x', () => 7)).toBe(7);
	});
});

describe('quota errors from a real transaction', () => {
	const open: CheckupDatabase[] = [];
	afterEach(() => {
		for (const db of open.splice(0)) db.close();
		vi.restoreAllMocks();
	});

	it('saveDataset rejects with the quota message and leaves the stored dataset as it was', async () => {
		const { db } = testDatabase();
		open.push(db);
		const original = sampleDataset(2 * BLOCK_ROWS + 5_001);
		await saveDataset(db, original);
		const bulkPut = db.blocks.bulkPut.bind(db.blocks);
		let calls = 0;
		vi.spyOn(db.blocks, 'bulkPut').mockImplementation((...args: Parameters<typeof bulkPut>) => {
			if (++calls === 2) return Dexie.Promise.reject(quota());
			return bulkPut(...args);
		});
		const replacement = sampleDataset(30_000);
		await expect(saveDataset(db, replacement)).rejects.toThrow(QUOTA_MESSAGE);
		expect(await db.blocks.count()).toBe(12);
		expect((await listDatasets(db))[0].rowCount).toBe(2 * BLOCK_ROWS + 5_001);
		expect(datasetDifferences(original, await loadDataset(db, 'd1'))).toEqual([]);
	});

	it('setSetting maps a quota error too', async () => {
		const { db } = testDatabase();
		open.push(db);
		vi.spyOn(db.settings, 'put').mockImplementation(() => Dexie.Promise.reject(quota()));
		await expect(setSetting(db, 'theme', 'dark')).rejects.toBeInstanceOf(StorageQuotaError);
		expect(await getSetting(db, 'theme')).toBeUndefined();
	});
});
