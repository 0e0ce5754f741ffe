/** How much the browser lets us store, and whether it promises not to evict it. */

/** What the browser says about our storage; null where it cannot say (node, insecure contexts, old browsers). */
export interface StorageStatus {
	persisted: boolean | null;
	/** Bytes used by this origin. */
	usage: number | null;
	/** Bytes this origin may use. */
	quota: number | null;
}

/** The parts of navigator.storage we use; any of them may be missing. */
export type StorageLike = Partial<Pick<StorageManager, 'persist' | 'persisted' | 'estimate'>>;

function browserStorage(): StorageLike | undefined {
	// navigator is absent in node 20 and navigator.storage in insecure (non-https) contexts.
	if (typeof navigator === 'undefined') return undefined;
	const storage: StorageLike | undefined = navigator.storage;
	return storage;
}

async function orNull<T>(ask: () => Promise<T> | undefined): Promise<T | null> {
	try {
		return (await ask()) ?? null;
	} catch {
		// Some browsers throw here in private windows; "unknown" is the honest answer.
		return null;
	}
}

/** Whether storage is persistent, and how much is used of how much. */
export async function storageStatus(storage: StorageLike | undefined = browserStorage()): Promise<StorageStatus> {
	const persisted = await orNull(() => storage?.persisted?.());
	const estimate = await orNull(() => storage?.estimate?.());
	return { persisted, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}

/** Asks the browser not to evict our data; true when granted, null when the browser cannot be asked. */
export async function requestPersistence(storage: StorageLike | undefined = browserStorage()): Promise<boolean | null> {
	return orNull(() => storage?.persist?.());
}
