/**
 * tfjs for the browser (the training worker): tfjs-core and the wasm backend are imported only when training
 * starts, the .wasm files are served by Vite (`?url`), and the cpu backend takes over when wasm fails.
 */
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
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
				// setWasmPaths wants all three names; the threaded build is never chosen (multithreading is off).
				wasm.setWasmPaths({
					'tfjs-backend-wasm.wasm': plainWasm,
					'tfjs-backend-wasm-simd.wasm': simdWasm,
					'tfjs-backend-wasm-threaded-simd.wasm': threadedWasm
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
