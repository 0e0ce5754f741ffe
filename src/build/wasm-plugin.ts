/**
 * Vite plugin: the CSV reader's WebAssembly, compiled from its AssemblyScript source
 * (src/lib/core/csv/wasm/records.as.ts) whenever the app, the command line or the tests are built, so the binary
 * is never committed and never out of date. The module 'virtual:csv-records-wasm' is the binary in base64 (a
 * couple of kilobytes, compiled synchronously where it is used: no request, no file to serve).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const VIRTUAL_ID = 'virtual:csv-records-wasm';
const RESOLVED_ID = '\0' + VIRTUAL_ID;
export const RECORDS_SOURCE = fileURLToPath(new URL('../lib/core/csv/wasm/records.as.ts', import.meta.url));

/**
 * The options the binary is compiled with: optimized for speed, SIMD (every browser since 2021, node since 16.4),
 * no garbage collector (the module allocates nothing), no assertions or abort import: it imports nothing.
 */
const OPTIONS = { optimizeLevel: 3, shrinkLevel: 0, runtime: 'stub', noAssert: true, enable: ['simd'], use: ['abort='] };

/** The compiled binary of the AssemblyScript source `source` (its text). */
export async function compileRecords(source: string): Promise<Uint8Array> {
	const { default: asc } = await import('assemblyscript/asc');
	const { binary, error, stderr } = await asc.compileString({ 'records.ts': source }, OPTIONS);
	if (error || !binary) throw new Error(`the CSV reader's WebAssembly did not compile: ${error?.message ?? ''}\n${stderr.toString()}`);
	return binary;
}

export function recordsWasmPlugin(): Plugin {
	return {
		name: 'checkup-records-wasm',
		resolveId(id) {
			return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
		},
		async load(id) {
			if (id !== RESOLVED_ID) return undefined;
			this.addWatchFile(RECORDS_SOURCE);
			const binary = await compileRecords(readFileSync(RECORDS_SOURCE, 'utf8'));
			return `export default ${JSON.stringify(Buffer.from(binary).toString('base64'))};`;
		}
	};
}
