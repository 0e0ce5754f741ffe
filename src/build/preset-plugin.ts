/**
 * Vite plugin: the deployment's preset. Reads the preset folder (static/preset/, or CHECKUP_PRESET_DIR), refuses to
 * build when its files would not open (the same readPreset the app runs), and gives the app the module
 * 'virtual:checkup-preset': the scorecard and mapping text, and the CSV's URL relative to the app.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runnerImport, type Plugin } from 'vite';
import type { PresetSource } from '../lib/core/preset';
import { recordsWasmPlugin } from './wasm-plugin';

/** The preset folder's file names (as in core/preset.ts, which the config does not import; a test checks they agree). */
export const PRESET_FILES = { scorecard: 'scorecard.json', data: 'data.csv', mapping: 'mapping.json' } as const;

/** The preset cannot be used; the message names the folder or file and what is wrong. */
class PresetFolderError extends Error {}

/**
 * Runs core's readPreset on the files. Loaded through Vite's module runner rather than imported, so the Vite config
 * imports no TypeScript of the app (Vite's native config loader could not).
 */
async function checkPreset(root: string, source: PresetSource): Promise<string[]> {
	type Check = typeof import('./preset-check');
	// The CSV reader's WebAssembly module is made by its plugin.
	const { module } = await runnerImport<Check>(resolve(root, 'src/build/preset-check.ts'), { configFile: false, root, logLevel: 'error', plugins: [recordsWasmPlugin()] });
	try {
		return module.checkPreset(source);
	} catch (err) {
		if (err instanceof module.PresetError) throw new PresetFolderError(err.message);
		throw err;
	}
}

const VIRTUAL_ID = 'virtual:checkup-preset';
const RESOLVED_ID = '\0' + VIRTUAL_ID;
/** Where the CSV is served from, relative to the app. */
export const PRESET_DATA_PATH = `preset/${PRESET_FILES.data}`;

/** The preset files in `dir`, or null when it has no scorecard.json (no preset: the demo). */
export function readPresetDir(dir: string): PresetSource | null {
	const file = (name: string) => join(dir, name);
	if (!existsSync(file(PRESET_FILES.scorecard))) {
		for (const other of [PRESET_FILES.data, PRESET_FILES.mapping]) {
			if (existsSync(file(other))) throw new PresetFolderError(`The preset folder ${dir} has ${other} but no ${PRESET_FILES.scorecard}: a preset needs its scorecard.`);
		}
		return null;
	}
	return {
		scorecard: readFileSync(file(PRESET_FILES.scorecard), 'utf8'),
		data: existsSync(file(PRESET_FILES.data)) ? new Uint8Array(readFileSync(file(PRESET_FILES.data))) : undefined,
		mapping: existsSync(file(PRESET_FILES.mapping)) ? readFileSync(file(PRESET_FILES.mapping), 'utf8') : undefined
	};
}

/** `dir` defaults to CHECKUP_PRESET_DIR, else <root>/static/preset. */
export function presetPlugin(options: { dir?: string } = {}): Plugin {
	let root = '';
	let dir = '';
	let publicPreset = '';
	let source: PresetSource | null = null;
	return {
		name: 'checkup-preset',
		configResolved(config) {
			root = config.root;
			dir = resolve(config.root, options.dir ?? process.env.CHECKUP_PRESET_DIR ?? 'static/preset');
			publicPreset = config.publicDir ? resolve(config.publicDir, 'preset') : '';
		},
		async buildStart() {
			try {
				source = readPresetDir(dir);
				if (!source) return;
				for (const warning of await checkPreset(root, source)) this.warn(`preset: ${warning}`);
			} catch (err) {
				if (err instanceof PresetFolderError) this.error(`The preset in ${dir} cannot be used: ${err.message}`);
				throw err;
			}
			this.addWatchFile(join(dir, PRESET_FILES.scorecard));
		},
		resolveId(id) {
			return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
		},
		load(id) {
			if (id !== RESOLVED_ID) return undefined;
			const value = { scorecard: source?.scorecard ?? null, mapping: source?.mapping ?? null, data: source?.data ? PRESET_DATA_PATH : null };
			return `export default ${JSON.stringify(value)};`;
		},
		generateBundle() {
			// static/preset/ is copied with the other static files; a preset from elsewhere is copied here.
			if (source?.data && dir !== publicPreset) this.emitFile({ type: 'asset', fileName: PRESET_DATA_PATH, source: source.data });
		}
	};
}
