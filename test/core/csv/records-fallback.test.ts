// Where WebAssembly cannot run (a host whose Content-Security-Policy forbids it), the reader tokenizes in
// JavaScript: the whole import reads every file the same either way, the two real churn files and the
// bad-input corpus included.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { SHARED_DATA } from '../../helpers/shared-data';

type Index = typeof import('../../../src/lib/core/csv/index');
const BAD = fileURLToPath(new URL('../../fixtures/bad/', import.meta.url));

/** parseCsvBytes's result or its error message, with the WebAssembly reader (true) or without it. */
async function importer(wasm: boolean): Promise<(bytes: Uint8Array, name: string) => unknown> {
	vi.resetModules();
	if (wasm) vi.doUnmock('../../../src/lib/core/csv/records-wasm');
	else vi.doMock('../../../src/lib/core/csv/records-wasm', () => ({ wasmRecords: () => null }));
	const { parseCsvBytes }: Index = await import('../../../src/lib/core/csv/index');
	const { wasmRecords } = await import('../../../src/lib/core/csv/records-wasm');
	expect(wasmRecords() !== null).toBe(wasm);
	return (bytes, name) => {
		try {
			return parseCsvBytes(bytes, name);
		} catch (err) {
			return { error: err instanceof Error ? err.message : String(err) };
		}
	};
}

describe('the import without WebAssembly', () => {
	it('reads the real files and every file of the bad-input corpus exactly as with it', async () => {
		const files: [string, Uint8Array][] = [
			...['telco_customer_churn.csv', 'telecom_churn_bigml.csv'].map((name): [string, Uint8Array] => [name, new Uint8Array(readFileSync(SHARED_DATA + name))]),
			...readdirSync(BAD)
				.filter((n) => /\.(csv|tsv)$/.test(n))
				.map((name): [string, Uint8Array] => [name, new Uint8Array(readFileSync(BAD + name))])
		];
		const withWasm = await importer(true);
		const expected = files.map(([name, bytes]) => withWasm(bytes, name));
		const withoutWasm = await importer(false);
		files.forEach(([name, bytes], i) => expect(withoutWasm(bytes, name), name).toEqual(expected[i]));
		expect(files.length).toBeGreaterThan(30);
	}, 120_000);
});
