/**
 * The blocks an import's worker stores while it reads the file (db/staging.ts), from the page's side: held while
 * the import is under way, handed to the dataset on Import, removed when the import does not finish.
 */

/**
 * Storing a file's columns while it is read (db/staging.ts): the blocks wait under the dataset's id, with no
 * dataset record, until Import writes that record; an import that does not finish has its blocks removed.
 */
export interface ImportStaging {
	/** The IndexedDB database the workspace is stored in. */
	database: string;
	/** Marks the import as under way (its blocks are not leftovers to remove) until the function returned is called. */
	hold(datasetId: string): () => void;
	/** Removes the blocks of an import that did not finish. */
	discard(datasetId: string): Promise<void>;
}

/** One import's staged blocks: under their dataset's id, held until `release` is called. */
export interface Staged {
	id: string;
	release: () => void;
}

/** The staged blocks of a session's import, one import at a time. */
export class StagedBlocks {
	/**
	 * Counts the times the blocks the browser stores outside the workspace's commits changed: staged (`stored`)
	 * or removed.
	 */
	changes = $state(0);

	#staging: ImportStaging | undefined;
	#staged: Staged | null = null;

	constructor(staging: ImportStaging | undefined) {
		this.#staging = staging;
	}

	/** The staged import, if any. */
	get current(): Staged | null {
		return this.#staged;
	}

	/** Holds the blocks of a new import under `datasetId` (none without staging), removing those of the last. */
	hold(datasetId: string): void {
		this.drop();
		if (this.#staging) this.#staged = { id: datasetId, release: this.#staging.hold(datasetId) };
	}

	/** Says the blocks are all stored (the file has been read). */
	stored(): void {
		if (this.#staged) this.changes++;
	}

	/** The staged import, which is then no longer this session's to remove. */
	take(): Staged | null {
		const staged = this.#staged;
		this.#staged = null;
		return staged;
	}

	/** Removes what an import that did not finish stored, then lets it go. */
	discard(staged: Staged | null): void {
		if (!staged) return;
		const discard = this.#staging?.discard(staged.id) ?? Promise.resolve();
		// A removal that fails leaves blocks of no dataset: the next start removes them.
		void discard
			.catch(() => {})
			.finally(() => {
				staged.release();
				this.changes++;
			});
	}

	/** The worker is stopped (or stopping): remove what it stored. */
	drop(): void {
		this.discard(this.take());
	}
}
