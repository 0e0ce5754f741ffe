/** What the preset plugin runs at build time, loaded through Vite's module runner (see preset-plugin.ts). */
import { generateDemo } from '../lib/core/demo';
import { PresetError, readPreset, type PresetSource } from '../lib/core/preset';

/** The preset's warnings; throws a PresetError naming the file and the problem when it would not open. */
export function checkPreset(source: PresetSource, now = new Date()): string[] {
	const importedAt = now.toISOString();
	return readPreset(source, { importedAt, asOf: importedAt.slice(0, 10), demoColumns: () => Object.keys(generateDemo().table.columns) }).warnings;
}

export { PresetError };
