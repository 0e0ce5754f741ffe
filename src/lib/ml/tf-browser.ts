/**
 * tfjs for the browser (the training worker): tfjs-core and the wasm backend are imported only when training
 * starts, the .wasm files are served by Vite (`?url`), and the cpu backend takes over when wasm fails.
 */
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import { startBackend, type BackendChoice, type LoadedTf } from './tf';

/** Loads tfjs-core with the wasm backend (cpu when asked or when wasm fails). */
export async function loadTfBrowser(choice: BackendChoice = 'wasm'): Promise<LoadedTf> {
	const tf = await import('@tensorflow/tfjs-core');
	return startBackend(
		tf,
		choice,
		async () => {
			const wasm = await import('@tensorflow/tfjs-backend-wasm');
			try {
				// setWasmPaths wants all three names, but the threaded build is never chosen (no SharedArrayBuffer
				// without cross-origin isolation, and it gained nothing on 2 cores): its name points at the SIMD
				// file, so the build neither emits nor precaches 435 KB nobody loads.
				wasm.setWasmPaths({
					'tfjs-backend-wasm.wasm': plainWasm,
					'tfjs-backend-wasm-simd.wasm': simdWasm,
					'tfjs-backend-wasm-threaded-simd.wasm': simdWasm
				});
			} catch {
				// Already initialised by an earlier load: the paths are in place.
			}
		},
		async () => {
			await import('@tensorflow/tfjs-backend-cpu');
		}
	);
}
