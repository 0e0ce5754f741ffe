/** Remembered mappings: the mapping a file was imported with, offered again for the next file with the same columns. */
import { applyRemembered, headerSetKey, readRemembered, toRemembered, type RememberedMapping } from '../core/csv/remember';
import type { ColumnMapping, FilePreview } from '../core/csv/types';

/** Storage of remembered mappings, by the key of a file's column names (see headerSetKey). */
export interface MappingMemory {
	/** The stored value, whatever it is: the session checks it before using it. */
	load(key: string): Promise<unknown>;
	save(key: string, remembered: RememberedMapping): Promise<void>;
}

/** The mapping remembered for the preview's columns, applied to Checkup's proposal; null when there is none. A lookup that fails is none. */
export async function recallMapping(memory: MappingMemory, preview: FilePreview, proposal: readonly ColumnMapping[]): Promise<ColumnMapping[] | null> {
	const names = preview.columns.map((c) => c.name);
	const remembered = readRemembered(await memory.load(headerSetKey(names)).catch(() => undefined), names);
	return remembered ? applyRemembered(proposal, remembered) : null;
}

/** Remembers the mapping a file was imported with. The import has already succeeded: failing to remember it is not an error. */
export async function rememberMapping(memory: MappingMemory, preview: FilePreview, mapping: readonly ColumnMapping[]): Promise<void> {
	const names = preview.columns.map((c) => c.name);
	await memory.save(headerSetKey(names), toRemembered(names, mapping)).catch(() => undefined);
}
