/** tfjs for node (tests, benchmarks, the CLI): the wasm backend read from node_modules, cpu as fallback. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startBackend, type BackendChoice, type LoadedTf } from './tf';

/** Loads tfjs-core with the wasm backend (or cpu when asked, or when wasm fails). */
export async function loadTfNode(choice: BackendChoice = 'wasm'): Promise<LoadedTf> {
	const tf = await import('@tensorflow/tfjs-core');
	return startBackend(
		tf,
		choice,
		async () => {
			const wasm = await import('@tensorflow/tfjs-backend-wasm');
			// An absolute directory: node's glue reads the .wasm file from disk (a URL would go through fetch).
			const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
			try {
				wasm.setWasmPaths(join(dirname(pkg), 'dist') + '/');
			} catch {
				// Already initialised by an earlier load in this process: the paths are in place.
			}
		},
		async () => {
			await import('@tensorflow/tfjs-backend-cpu');
		}
	);
}
