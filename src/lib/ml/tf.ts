/** What the numeric engine needs from TensorFlow.js, however it was loaded (browser, worker or node). */

/** The tfjs-core namespace. */
export type Tf = typeof import('@tensorflow/tfjs-core');

/** A ready tfjs with its active backend; `fallback` says why the cpu backend is used instead of wasm. */
export interface LoadedTf {
	tf: Tf;
	backend: 'wasm' | 'cpu';
	fallback?: string;
}

/** Which backend a loader should try first: wasm (the default) or cpu only. */
export type BackendChoice = 'wasm' | 'cpu';

/**
 * Switches tfjs to the wasm backend, or to cpu when wasm is not wanted or fails to start. `registerWasm` and
 * `registerCpu` import the backend packages (which register themselves) and, for wasm, set the .wasm paths.
 */
export async function startBackend(
	tf: Tf,
	choice: BackendChoice,
	registerWasm: () => Promise<void>,
	registerCpu: () => Promise<void>
): Promise<LoadedTf> {
	let fallback: string | undefined;
	if (choice === 'wasm') {
		try {
			await registerWasm();
			// The single-threaded SIMD build: the threaded one needs cross-origin isolation and gained nothing on 2 cores.
			// (The flag exists once the wasm package is imported.)
			tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
			if (await tf.setBackend('wasm')) {
				await tf.ready();
				return { tf, backend: 'wasm' };
			}
			fallback = 'the WebAssembly backend did not start';
		} catch (err) {
			fallback = `the WebAssembly backend did not start: ${err instanceof Error ? err.message : String(err)}`;
		}
	}
	await registerCpu();
	if (!(await tf.setBackend('cpu'))) throw new Error('TensorFlow.js: neither the wasm nor the cpu backend started');
	await tf.ready();
	return fallback === undefined ? { tf, backend: 'cpu' } : { tf, backend: 'cpu', fallback };
}
