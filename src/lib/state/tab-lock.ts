/**
 * One tab at a time, across every tab of this origin, with the Web Locks API: the browser hands the lock to the
 * next tab once `work` settles or its tab closes. Without the API (an insecure http: origin) `work` runs at once;
 * what it writes must then check storage itself, in its own transaction.
 */
export function oneTabAtATime<T>(name: string, work: () => Promise<T>): Promise<T> {
	const manager = typeof navigator !== 'undefined' ? navigator.locks : undefined;
	return manager ? manager.request(name, work) : work();
}
