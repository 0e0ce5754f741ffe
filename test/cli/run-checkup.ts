/** Runs the `checkup` command as a user runs it (the package's bin, in a child node), in `cwd`. */
import { spawnSync } from 'node:child_process';

const BIN = new URL('../../src/cli/checkup.mjs', import.meta.url).pathname;

export function runCheckup(cwd: string, args: readonly string[]): { code: number | null; out: string; err: string } {
	const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd, maxBuffer: 64 * 1024 * 1024 });
	return { code: run.status, out: run.stdout, err: run.stderr };
}
