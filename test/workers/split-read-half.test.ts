/** The second import worker: stopped once its half is appended; its failure before anyone waits is not an unhandled rejection. */
import { describe, expect, it, vi } from 'vitest';
import { CsvReader } from '../../src/lib/core/csv/reader';
import type { ColumnMapping, Dialect } from '../../src/lib/core/csv/types';
import { readFile, readRest, workerRest, type HalfWorker, type RestHandle } from '../../src/lib/workers/split-read';

const dialect: Dialect = { encoding: 'utf-8', bom: false, delimiter: ',', decimalComma: false };
const two: ColumnMapping[] = [
	{ index: 0, name: 'id', type: 'text', role: 'id' },
	{ index: 1, name: 'amount', type: 'number', role: 'metric' }
];

describe('split read: the second worker', () => {
	it('stops the rest’s worker once its part is appended', async () => {
		const plain = 'id,amount\n' + Array.from({ length: 5000 }, (_, i) => `C${i},${i}\n`).join('');
		const file = new Blob([plain]);
		const mid = plain.indexOf('\n', plain.length / 2) + 1;
		const stop = vi.fn();
		let appended = false;
		const reader = new CsvReader(two, dialect, { lineBreak: '\n' });
		const append = reader.append.bind(reader);
		reader.append = (p) => ((appended = true), append(p));
		const done = await readFile(file, reader, two, dialect, {
			chunkBytes: 2048,
			minBytes: 0,
			splitAt: async () => mid,
			startRest: (request): RestHandle => ({ result: readRest(request).then((p) => structuredClone(p)), rows: 0, bytes: 0, stop }),
			piece: async () => {},
			progress: () => {},
			stopped: () => false,
			pollMs: 1
		});
		expect(done).toBe(true);
		expect(appended).toBe(true);
		expect(stop, 'the half worker (its CsvReader, WebAssembly memory) is left running').toHaveBeenCalled();
	});

	it('a rest worker that fails while the first half is still read is not an unhandled rejection', async () => {
		const unhandled: unknown[] = [];
		const on = (r: unknown) => unhandled.push(r);
		process.on('unhandledRejection', on);
		try {
			const fake: HalfWorker = { onmessage: null, onerror: null, postMessage() {}, terminate() {} };
			workerRest(fake, {} as never);
			// The second worker fails at once (the file changed under it), before readFile waits for it.
			fake.onmessage!({ data: { type: 'error', message: 'the file ended 10 bytes early' } } as MessageEvent);
			await new Promise((r) => setTimeout(r, 20));
			expect(unhandled).toEqual([]);
		} finally {
			process.off('unhandledRejection', on);
		}
	});
});
