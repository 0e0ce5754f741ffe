// Where WebAssembly cannot run (a host whose Content-Security-Policy forbids it), the reader tokenizes in
// JavaScript: the whole import reads every file the same either way, the two real churn files and the
// bad-input corpus included, whole and in small pieces (where spellings are looked up in WebAssembly).
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { SHARED_DATA } from '../../helpers/shared-data';

type Index = typeof import('../../../src/lib/core/csv/index');
const BAD = fileURLToPath(new URL('../../fixtures/bad/', import.meta.url));
const PIECE = 4096;

interface Read {
	/** parseCsvBytes's result, its columns read again in pieces of PIECE characters, or the error message. */
	result: unknown;
	/** Pieces the WebAssembly reader read, reading in pieces. */
	wasmPieces: number;
}

/** How the import reads a file with the WebAssembly reader (true) or without it. */
async function importer(wasm: boolean): Promise<(bytes: Uint8Array, name: string) => Read> {
	vi.resetModules();
	if (wasm) vi.doUnmock('../../../src/lib/core/csv/records-wasm');
	else vi.doMock('../../../src/lib/core/csv/records-wasm', () => ({ wasmRecords: () => null }));
	const { CsvReader, decodeBytes, defaultMapping, parseCsvBytes }: Index = await import('../../../src/lib/core/csv/index');
	const { wasmRecords } = await import('../../../src/lib/core/csv/records-wasm');
	expect(wasmRecords() !== null).toBe(wasm);
	return (bytes, name) => {
		try {
			const whole = parseCsvBytes(bytes, name);
			const reader = new CsvReader(defaultMapping(whole.preview), whole.preview.dialect);
			const { text } = decodeBytes(bytes);
			for (let at = 0; at < text.length; at += PIECE) reader.push(text.slice(at, at + PIECE), at + PIECE >= text.length);
			return { result: { whole, pieces: reader.finish() }, wasmPieces: reader.wasmPieces };
		} catch (err) {
			return { result: { error: err instanceof Error ? err.message : String(err) }, wasmPieces: 0 };
		}
	};
}

describe('the import without WebAssembly', () => {
	it('reads the real files and every file of the bad-input corpus exactly as with it, whole and in pieces', async () => {
		const files: [string, Uint8Array][] = [
			...['telco_customer_churn.csv', 'telecom_churn_bigml.csv'].map((name): [string, Uint8Array] => [name, new Uint8Array(readFileSync(SHARED_DATA + name))]),
			...readdirSync(BAD)
				.filter((n) => /\.(csv|tsv)$/.test(n))
				.map((name): [string, Uint8Array] => [name, new Uint8Array(readFileSync(BAD + name))])
		];
		const withWasm = await importer(true);
		const expected = files.map(([name, bytes]) => withWasm(bytes, name));
		// The real files went through WebAssembly, piece after piece.
		expect(expected[0].wasmPieces).toBeGreaterThan(200);
		expect(expected[1].wasmPieces).toBeGreaterThan(50);
		const withoutWasm = await importer(false);
		files.forEach(([name, bytes], i) => {
			const read = withoutWasm(bytes, name);
			expect(read.wasmPieces).toBe(0);
			expect(read.result, name).toEqual(expected[i].result);
		});
		expect(files.length).toBeGreaterThan(30);
	}, 120_000);
});
