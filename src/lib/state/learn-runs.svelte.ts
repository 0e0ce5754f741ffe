/** The stored training runs, newest first: read, saved and deleted, each failure said in words, never thrown (the note of an applied version is written with the version: learn-apply.svelte.ts). */
import type { AppliedCutoff, AppliedWeights, TrainingRunInput, TrainingRunRecord } from '../db';

/** Where runs are kept. */
export interface RunStore {
	save(run: TrainingRunInput): Promise<unknown>;
	list(): Promise<TrainingRunRecord[]>;
	delete(id: string): Promise<unknown>;
	/** Notes on a run that its weights or cut-off became a scorecard version. */
	recordApplied(id: string, applied: AppliedWeights | AppliedCutoff): Promise<unknown>;
}

export class PastRuns {
	list = $state.raw<TrainingRunRecord[]>([]);

	#store: RunStore;
	#say: (message: string) => void;

	constructor(store: RunStore, say: (message: string) => void) {
		this.#store = store;
		this.#say = say;
	}

	/** Reads the stored runs; false when they could not be read (the list is left as it was). */
	async load(): Promise<boolean> {
		try {
			this.list = await this.#store.list();
			return true;
		} catch (err) {
			this.#say(`Past runs could not be read: ${message(err)}`);
			return false;
		}
	}

	/** Stores a finished run; false when it could not be stored. */
	async save(run: TrainingRunInput): Promise<boolean> {
		return this.#try(() => this.#store.save(run), 'The run could not be stored');
	}

	/** Deletes a stored run; false when it could not be deleted. */
	async delete(id: string): Promise<boolean> {
		return this.#try(() => this.#store.delete(id), 'The run could not be deleted');
	}

	async #try(action: () => Promise<unknown>, failed: string): Promise<boolean> {
		try {
			await action();
			return true;
		} catch (err) {
			this.#say(`${failed}: ${message(err)}`);
			return false;
		}
	}
}

function message(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}
