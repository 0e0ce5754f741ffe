import { defineConfig } from 'vite';
import { recordsWasmPlugin } from './src/build/wasm-plugin.ts';

// The command line (src/cli/) as one node ESM file. Dependencies (papaparse, zod, tfjs) stay in node_modules,
// imported at run time. src/cli/checkup.mjs builds this on first use, so a clean clone needs only `npm ci`.
export default defineConfig({
	publicDir: false,
	plugins: [recordsWasmPlugin()],
	logLevel: 'warn',
	build: {
		ssr: 'src/cli/index.ts',
		target: 'node20',
		outDir: 'node_modules/.cache/checkup-cli/build',
		emptyOutDir: true,
		minify: false,
		sourcemap: false,
		copyPublicDir: false,
		// One file, so the launcher can move it into place in one rename (train's lazy import of tfjs is inlined).
		rolldownOptions: { output: { format: 'es', entryFileNames: 'checkup.mjs', codeSplitting: false } }
	}
});
