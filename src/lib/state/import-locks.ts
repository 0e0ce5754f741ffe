/**
 * Which imports are under way, across every tab of this origin, with the Web Locks API: an import holds a
 * lock named after its dataset id while its blocks are staged, and the browser lets go of it when the tab
 * closes. Without the API (an insecure http: origin) nothing is held and nothing is in progress; a tab that
 * opens meanwhile may then remove another tab's staged blocks, whose Import then fails and says so.
 */
const PREFIX = 'checkup-import:';

function locks(): LockManager | undefined {
	return typeof navigator !== 'undefined' ? navigator.locks : undefined;
}

/** Holds the lock of an import until the function returned is called. */
export function holdImport(datasetId: string): () => void {
	let release = () => {};
	const held = new Promise<void>((resolve) => (release = resolve));
	void locks()
		?.request(PREFIX + datasetId, () => held)
		.catch(() => {});
	return release;
}

/** The dataset ids of the imports under way in any tab. */
export async function importsInProgress(): Promise<ReadonlySet<string>> {
	const manager = locks();
	if (!manager) return new Set();
	const { held = [], pending = [] } = await manager.query();
	const names = [...held, ...pending].map((lock) => lock.name ?? '').filter((name) => name.startsWith(PREFIX));
	return new Set(names.map((name) => name.slice(PREFIX.length)));
}
