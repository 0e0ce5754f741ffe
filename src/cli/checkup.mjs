#!/usr/bin/env node
/**
 * The `checkup` command (package.json "bin"). Node cannot run the TypeScript core directly, so on first use,
 * and whenever a source file is newer than the bundle, this builds src/cli/ with vite.cli.config.ts into
 * node_modules/.cache/checkup-cli/ (about 2 s), then runs it. Build messages go to stderr: stdout is the result.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// One bundle per checkout: git worktrees that share one node_modules (a symlink) must not run each other's build.
const cache = join(root, 'node_modules', '.cache', 'checkup-cli', createHash('sha256').update(root).digest('hex').slice(0, 12));
const bundle = join(cache, 'checkup.mjs');
const SOURCES = ['src/cli', 'src/lib/core', 'src/lib/ml', 'src/lib/workers', 'src/build/wasm-plugin.ts', 'vite.cli.config.ts', 'package.json', 'package-lock.json'];

/** The newest modification time under the sources the bundle is made of. */
function newest(path) {
	const stat = statSync(path, { throwIfNoEntry: false });
	if (!stat) return 0;
	if (!stat.isDirectory()) return stat.mtimeMs;
	return readdirSync(path).reduce((t, name) => Math.max(t, newest(join(path, name))), stat.mtimeMs);
}

async function build() {
	process.stderr.write('checkup: building the command line from src/cli (first run or sources changed)…\n');
	const { build } = await import('vite');
	// Each process builds into its own folder and moves the result into place: two runs at once never see half a file.
	const outDir = join(cache, `build-${process.pid}`);
	try {
		await build({ root, configFile: join(root, 'vite.cli.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
		mkdirSync(cache, { recursive: true });
		renameSync(join(outDir, 'checkup.mjs'), bundle);
	} finally {
		rmSync(outDir, { recursive: true, force: true });
	}
}

const stale = !existsSync(bundle) || SOURCES.some((s) => newest(join(root, s)) > statSync(bundle).mtimeMs);
if (stale) {
	try {
		await build();
	} catch (err) {
		process.stderr.write(`checkup: could not build the command line: ${err instanceof Error ? err.message : String(err)}\nRun \`npm ci\` in ${root} first.\n`);
		process.exit(1);
	}
}
await import(pathToFileURL(bundle).href);
