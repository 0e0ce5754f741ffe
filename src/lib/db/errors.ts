/** Turns IndexedDB / Dexie failures into errors a user can act on. */

export const QUOTA_MESSAGE =
	'The browser refused to store more data (storage quota exceeded). Free space or delete a dataset; nothing was changed.';

const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

/** The browser's storage quota stopped a write; the transaction was rolled back. */
export class StorageQuotaError extends Error {
	override name = 'StorageQuotaError';
	/** What was being done, e.g. `save dataset "Accounts" (id a1)`. */
	readonly operation: string;

	constructor(operation: string, cause: unknown) {
		super(QUOTA_MESSAGE, { cause });
		this.operation = operation;
	}
}

/** The errors an error wraps: Dexie's `inner` (AbortError) and `failures` (BulkError), and the standard `cause`. */
function wrapped(err: object): unknown[] {
	const out: unknown[] = [];
	if ('inner' in err) out.push(err.inner);
	if ('cause' in err) out.push(err.cause);
	if ('failures' in err && Array.isArray(err.failures)) out.push(...err.failures);
	return out;
}

/** True when the error, or any error it wraps, is a quota error. */
export function isQuotaError(err: unknown, depth = 0): boolean {
	if (typeof err !== 'object' || err === null || depth > 8) return false;
	if ('name' in err && typeof err.name === 'string' && QUOTA_NAMES.has(err.name)) return true;
	return wrapped(err).some((inner) => isQuotaError(inner, depth + 1));
}

function messageOf(err: unknown): string {
	if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') {
		// Dexie appends the inner error's text on a new line; keep the message on one line.
		const message = err.message.trim().replace(/\s*\n\s*/g, '; ');
		const inner = 'inner' in err ? messageOf(err.inner) : '';
		return inner && !message.includes(inner) ? `${message} (${inner})` : message;
	}
	return err === undefined || err === null ? '' : String(err);
}

/** The error to show for a failed `operation`: the quota message, or the original message prefixed with what failed. */
export function describeFailure(operation: string, err: unknown): Error {
	if (isQuotaError(err)) return new StorageQuotaError(operation, err);
	return new Error(`Could not ${operation}: ${messageOf(err) || 'unknown error'}`, { cause: err });
}

/** Runs `work`, rethrowing any failure through `describeFailure`. */
export async function guard<T>(operation: string, work: () => PromiseLike<T> | T): Promise<T> {
	try {
		return await work();
	} catch (err) {
		throw describeFailure(operation, err);
	}
}

/**
 * Runs `work` (a transaction of several writes, some not guarded, or one that fails as it commits: where a browser
 * reports a full disk) and rethrows a quota error as StorageQuotaError; any other failure as it is, its type kept.
 */
export async function guardQuota<T>(operation: string, work: () => PromiseLike<T> | T): Promise<T> {
	try {
		return await work();
	} catch (err) {
		if (!(err instanceof StorageQuotaError) && isQuotaError(err)) throw new StorageQuotaError(operation, err);
		throw err;
	}
}
