/**
 * The baseline the import is measured against: papaparse alone, in a worker in the page, reading a File the
 * way the import worker does (split-read.ts filePieces itself: one stream of the file cut into CHUNK_BYTES
 * pieces; one streaming TextDecoder; a Papa.Parser per piece carrying the cut last row over), and
 * building nothing from the records. Read this way it is faster than papaparse's own file reading
 * (Papa.parse(file) reads 10 MB slices with a FileReader: 5.0–6.4 s against 4.1–6.0 s for 1 MB slices, on
 * the 1,000,000-row file under load).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { CHUNK_BYTES } from '../../../src/lib/workers/protocol';
import { filePieces } from '../../../src/lib/workers/split-read';

/** The worker's own part: read and parse every piece as the import worker does, count the records, keep none. */
const STREAM = `
${filePieces.toString()}
self.onmessage = async (event) => {
	const file = event.data;
	const started = performance.now();
	const decoder = new TextDecoder('utf-8');
	let partial = '', base = 0, records = 0, newline, end = 0;
	try {
		for await (const bytes of filePieces(file, 0, file.size, ${CHUNK_BYTES})) {
			end += bytes.length;
			const last = end === file.size;
			const input = partial + decoder.decode(bytes, { stream: !last });
			newline ??= Papa.parse(input.slice(0, 64 << 10), { delimiter: ',', preview: 1 }).meta.linebreak;
			const result = new Papa.Parser({ delimiter: ',', newline }).parse(input, base, !last);
			partial = last ? '' : input.slice(result.meta.cursor - base);
			base = result.meta.cursor;
			for (const record of result.data) if (record.length > 1) records++;
		}
	} catch (err) {
		// A rejected async handler fires no error event at the page: say it, or the bench waits for ever.
		self.postMessage({ error: String((err && err.stack) || err) });
		return;
	}
	self.postMessage({ records, ms: performance.now() - started });
};`;

/**
 * papaparse's browser build (the same release the app bundles) followed by the streaming loop. papaparse
 * claims onmessage in a worker (its own `worker: true` mode); the loop's handler, set after, replaces it.
 */
export function bareParseWorkerSource(): string {
	const require = createRequire(import.meta.url);
	return readFileSync(require.resolve('papaparse/papaparse.min.js'), 'utf8') + '\n' + STREAM;
}

/** Puts the file in a hidden input of the page, so a worker can be handed the File (read from disk as it goes). */
export async function fileInPage(page: Page, path: string): Promise<void> {
	await page.evaluate(() => {
		const input = document.createElement('input');
		input.type = 'file';
		input.id = 'bench-file';
		input.hidden = true;
		document.body.append(input);
	});
	await page.setInputFiles('#bench-file', path);
}

/** Where the page loads the bare-parse worker from: the app's origin, as its Content-Security-Policy (worker-src 'self') requires. */
const WORKER_PATH = '__bench-bare-parse.js';

/**
 * Serves the bare-parse worker's source at WORKER_PATH of the app's origin for this page's browser context
 * (Playwright answers the request; nothing is added to the build).
 */
export async function serveBareParseWorker(page: Page, source: string): Promise<void> {
	await page.context().route(`**/${WORKER_PATH}`, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: source }));
}

/**
 * Parses the file put there by {@link fileInPage} in a fresh worker (served by {@link serveBareParseWorker});
 * the records read (header included) and the worker's time.
 */
export function bareParse(page: Page): Promise<{ records: number; ms: number }> {
	return page.evaluate(
		(path) =>
			new Promise<{ records: number; ms: number }>((resolve, reject) => {
				const file = (document.getElementById('bench-file') as HTMLInputElement).files?.[0];
				if (!file) return reject(new Error('no file in #bench-file'));
				const worker = new Worker(new URL(path, location.href));
				worker.onmessage = (event) => {
					worker.terminate();
					if (event.data.error) reject(new Error(`the bare parse failed: ${event.data.error}`));
					else resolve(event.data);
				};
				worker.onerror = (event) => {
					worker.terminate();
					reject(new Error(event.message || 'the bare-parse worker failed to start'));
				};
				worker.postMessage(file);
			}),
		WORKER_PATH
	);
}
