/**
 * The import worker's CPU path in node, step by step, with a timer per step: the head previewed and mapped as
 * proposed, the file read in CHUNK_BYTES slices through one streaming TextDecoder into a CsvReader, the text
 * cells taken after each slice (as sendText does, less the postMessage), finish, the duplicate-ID check, and
 * `build` on Import. The same calls as src/lib/workers/import.worker.ts, which cannot run in node.
 */
import { open } from 'node:fs/promises';
import { detectEncoding } from '../../src/lib/core/csv/decode';
import { detectDialect } from '../../src/lib/core/csv/dialect';
import { defaultMapping, previewText } from '../../src/lib/core/csv/infer';
import { CsvReader, lineBreakOf } from '../../src/lib/core/csv/reader';
import { tokenize, type LineBreak } from '../../src/lib/core/csv/tokenize';
import type { Dialect } from '../../src/lib/core/csv/types';
import { duplicateIds } from '../../src/lib/core/csv/validate';
import { negativeValueNotices } from '../../src/lib/core/csv/signs';
import { build, textColumnsOf, type HeldParse } from '../../src/lib/workers/build';
import { CHUNK_BYTES, type BuildRequest } from '../../src/lib/workers/protocol';

/** Milliseconds per step of one import. */
export type StepTimes = Record<'read' | 'decode' | 'push' | 'takeText' | 'finish' | 'duplicates' | 'notices' | 'build' | 'total' | 'tokenizeAgain', number>;

/**
 * Imports the CSV at `path` as the worker does and returns the time of each step. `tokenizeAgain` is a second
 * tokenize of every slice, outside the import and not in `total`: push minus it is about what the columns cost.
 */
export async function importSteps(path: string): Promise<{ times: StepTimes; rowCount: number }> {
	const times: StepTimes = { read: 0, decode: 0, push: 0, takeText: 0, finish: 0, duplicates: 0, notices: 0, build: 0, total: 0, tokenizeAgain: 0 };
	let again = 0;
	const file = await open(path);
	const size = (await file.stat()).size;
	const t0 = performance.now();
	try {
		const slice = async (start: number) => {
			const bytes = new Uint8Array(Math.min(CHUNK_BYTES, size - start));
			await file.read(bytes, 0, bytes.length, start);
			return bytes;
		};
		let t = performance.now();
		const head = await slice(0);
		times.read += performance.now() - t;
		const { encoding, bom, notices } = detectEncoding(head);
		const headText = new TextDecoder(encoding).decode(head, { stream: size > CHUNK_BYTES });
		const dialect: Dialect = { encoding, bom, ...detectDialect(headText.slice(0, 64 << 10)) };
		const mapping = defaultMapping(previewText(path, size, headText, dialect, notices));
		const idName = mapping.find((m) => m.role === 'id')?.name;
		const asOfName = mapping.find((m) => m.role === 'asOf')?.name;
		const keep = new Set([idName, asOfName].filter((name) => name !== undefined));

		const reader = new CsvReader(mapping, dialect);
		const decoder = new TextDecoder(encoding);
		let partial = '';
		let newline: LineBreak | undefined;
		for (let start = 0; start < size; start += CHUNK_BYTES) {
			t = performance.now();
			const bytes = start === 0 ? head : await slice(start);
			const last = start + bytes.length === size;
			times.read += performance.now() - t;
			t = performance.now();
			const text = decoder.decode(bytes, { stream: !last });
			times.decode += performance.now() - t;
			t = performance.now();
			reader.push(text, last);
			times.push += performance.now() - t;
			t = performance.now();
			reader.builder?.takeTextCells(keep);
			times.takeText += performance.now() - t;
			t = performance.now();
			const input = partial + text;
			newline ??= lineBreakOf(input, dialect.delimiter);
			const records = tokenize(input, dialect.delimiter, newline, last);
			if (!records) throw new Error('the bench file needs papaparse');
			partial = input.slice(records.cursor);
			again += performance.now() - t;
		}
		t = performance.now();
		const parsed = reader.finish();
		if (!parsed) throw new Error(`no header in ${path}`);
		times.finish = performance.now() - t;
		t = performance.now();
		const all = idName ? duplicateIds(parsed, idName, asOfName) : [];
		times.duplicates = performance.now() - t;
		let extraRows = 0;
		for (const d of all) extraRows += d.rows.length - 1;
		t = performance.now();
		const valueNotices = negativeValueNotices(parsed, mapping);
		times.notices = performance.now() - t;
		const held: HeldParse = { parsed, text: textColumnsOf(parsed).filter((name) => name !== asOfName), duplicates: { listed: all.slice(0, 1000), ids: all.length, extraRows }, notices: valueNotices, reader: reader.wasmPieces > 0 ? 'webassembly' : 'javascript' };
		const request: BuildRequest = { mapping, asOf: '2026-01-01', duplicateChoice: 'last', id: 'bench', fileName: 'bench.csv', fileSize: size, importedAt: '2026-01-01T00:00:00.000Z' };
		t = performance.now();
		build(held, request);
		times.build = performance.now() - t;
		times.total = performance.now() - t0 - again;
		times.tokenizeAgain = again;
		return { times, rowCount: parsed.rowCount };
	} finally {
		await file.close();
	}
}
