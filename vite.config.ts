import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { presetPlugin } from './src/build/preset-plugin.ts';
import { serviceWorkerPlugin } from './src/build/service-worker-plugin.ts';
import { recordsWasmPlugin } from './src/build/wasm-plugin.ts';
import { devStylesPlugin } from './src/build/dev-styles-plugin.ts';

// Relative base: the built dist/ works from any sub-path of any static host.
export default defineConfig({
	base: './',
	publicDir: 'static',
	plugins: [
		svelte({
			// Vitest transforms for node (SSR), where Svelte would compile runes for the server and effects never
			// run; state tests need the client runtime. The app itself is always built for the client.
			dynamicCompileOptions: () => (process.env.VITEST ? { generate: 'client' } : undefined)
		}),
		// The team's preset (static/preset/ or CHECKUP_PRESET_DIR), checked at build time; dist/sw.js for offline use.
		presetPlugin(),
		serviceWorkerPlugin(),
		// The CSV reader's WebAssembly, compiled from its AssemblyScript source.
		recordsWasmPlugin(),
		// npm start: Vite's inline styles, which the strict policy of the built app refuses.
		devStylesPlugin()
	],
	build: { target: 'es2022', sourcemap: true },
	// Workers are bundled with their own plugins: the import workers read CSV with the WebAssembly reader.
	worker: { format: 'es', plugins: () => [recordsWasmPlugin()] },
	test: {
		projects: [
			{
				extends: true,
				// Svelte's client runtime, so runes ($state, $derived, $effect) really run in state tests.
				resolve: { conditions: ['browser'] },
				test: {
					name: 'unit',
					environment: 'node',

					include: ['test/**/*.test.ts'],
					exclude: ['test/e2e/**'],
					benchmark: { include: ['test/bench/*.bench.ts'] }
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					environment: 'node',
					include: ['test/e2e/**/*.test.ts'],
					globalSetup: ['test/e2e/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000,
					// What a page shows after a click can take more than vitest's default second on a loaded machine
					// (a CI run at twice its usual time failed a poll for a saved version after 1 s).
					expect: { poll: { timeout: 15_000 } },
					fileParallelism: false
				}
			},
			{
				extends: true,
				test: {
					// Benchmarks in real Chromium against the production build (npm run bench runs them after node's).
					name: 'browser-bench',
					environment: 'node',
					include: [],
					benchmark: { include: ['test/bench/browser/**/*.bench.ts'] },
					globalSetup: ['test/e2e/global-setup.ts'],
					hookTimeout: 120_000,
					fileParallelism: false
				}
			}
		]
	}
});
