import { describe, expect, it } from 'vitest';
import { requestPersistence, storageStatus, type StorageLike } from '../../src/lib/db';

describe('storageStatus / requestPersistence', () => {
	it('say "unknown" (null) where there is no navigator.storage, as in node', async () => {
		expect(await storageStatus()).toEqual({ persisted: null, usage: null, quota: null });
		expect(await requestPersistence()).toBeNull();
		expect(await storageStatus(undefined)).toEqual({ persisted: null, usage: null, quota: null });
	});

	it('report what the browser reports', async () => {
		const storage: StorageLike = {
			persisted: async () => false,
			persist: async () => true,
			estimate: async () => ({ usage: 1234, quota: 5_000_000 })
		};
		expect(await storageStatus(storage)).toEqual({ persisted: false, usage: 1234, quota: 5_000_000 });
		expect(await requestPersistence(storage)).toBe(true);
	});

	it('tolerate missing methods, missing fields and methods that throw', async () => {
		const partial: StorageLike = { estimate: async () => ({ usage: 10 }) };
		expect(await storageStatus(partial)).toEqual({ persisted: null, usage: 10, quota: null });
		expect(await requestPersistence(partial)).toBeNull();
		const failing: StorageLike = {
			persisted: () => Promise.reject(new Error('private window')),
			persist: () => {
				throw new Error('not allowed');
			},
			estimate: () => Promise.reject(new Error('nope'))
		};
		expect(await storageStatus(failing)).toEqual({ persisted: null, usage: null, quota: null });
		expect(await requestPersistence(failing)).toBeNull();
	});
});
