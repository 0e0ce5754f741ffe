import { resolve } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { findChromium } from './chromium';
import { serveStatic, type StaticServer } from './server';

declare module 'vitest' {
	export interface ProvidedContext {
		/** The app's URL: the served production build's sub-path root, ending in '/'. */
		baseURL: string;
		/** The Chromium executable the tests launch. */
		chromiumPath: string;
	}
}

/** Static hosts often put an app below the domain root; serving it there proves the relative base. */
const BASE_PATH = '/team/checkup/';

let server: StaticServer | undefined;

export async function setup(project: TestProject) {
	// First, so a machine without a browser fails in a second with the fix in the message.
	const chromiumPath = findChromium();
	const root = project.config.root;
	const started = performance.now();
	const dist = process.env.CHECKUP_E2E_DIST
		? resolve(process.env.CHECKUP_E2E_DIST)
		: await buildProduction(root);
	const built = performance.now();
	server = await serveStatic(dist, { basePath: BASE_PATH });
	if (process.env.CHECKUP_E2E_TIMINGS) {
		const ms = (t: number) => `${Math.round(t)} ms`;
		console.log(
			`[e2e] build ${ms(built - started)}, server ${ms(performance.now() - built)}: ${server.url}`
		);
	}
	project.provide('baseURL', server.url);
	project.provide('chromiumPath', chromiumPath);
}

export async function teardown() {
	await server?.close();
	server = undefined;
}

/**
 * Builds dist/ as `vite build` would. Vitest sets NODE_ENV=test, and Vite only makes a production
 * build (Svelte's non-dev runtime, `import.meta.env.PROD`) when NODE_ENV is 'production' or unset.
 */
async function buildProduction(root: string): Promise<string> {
	const outDir = resolve(root, 'dist');
	const nodeEnv = process.env.NODE_ENV;
	process.env.NODE_ENV = 'production';
	try {
		await build({
			root,
			configFile: resolve(root, 'vite.config.ts'),
			mode: 'production',
			logLevel: 'warn',
			clearScreen: false,
			build: { outDir, emptyOutDir: true }
		});
	} finally {
		if (nodeEnv === undefined) delete process.env.NODE_ENV;
		else process.env.NODE_ENV = nodeEnv;
	}
	return outDir;
}
