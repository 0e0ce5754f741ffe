/**
 * The generated scale-test CSV (test/fixtures/generate-large-csv.mjs), made once and cached in the OS temp
 * directory, with the figures the app should show for it, counted here from the file itself.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { formatBytes } from '../../../src/lib/format';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const GENERATOR = fileURLToPath(new URL('../../fixtures/generate-large-csv.mjs', import.meta.url));
const AS_OF_FIELD = 5;

/** The file and what it holds, as counted from its lines. */
export interface LargeCsv {
	path: string;
	bytes: number;
	rows: number;
	/** The latest as-of date: the snapshot the Overview shows. */
	latest: string;
	/** Rows of the latest snapshot: the customers the Overview counts. */
	latestRows: number;
}

/**
 * The CSV of `rows` rows, generated on first use. The cache key is the row count and a hash of the
 * generator, so an edited generator never serves a stale file; a file is renamed into place only once
 * complete, so an interrupted run never leaves half a file behind.
 */
export async function largeCsv(rows: number): Promise<LargeCsv> {
	if (!Number.isInteger(rows) || rows < 1) throw new Error(`invalid rows; not a positive integer: ${rows}`);
	const hash = createHash('sha256').update(await readFile(GENERATOR)).digest('hex').slice(0, 10);
	const path = join(tmpdir(), `checkup-bench-${rows}-${hash}.csv`);
	const facts = `${path}.json`;
	const cached = await readFile(facts, 'utf8').then((text) => JSON.parse(text) as LargeCsv, () => null);
	if (cached && (await stat(path).then((s) => s.size === cached.bytes, () => false))) return cached;

	const started = performance.now();
	await promisify(execFile)(process.execPath, [GENERATOR, String(rows), `${path}.part`]);
	await rename(`${path}.part`, path);
	const counted = { path, bytes: (await stat(path)).size, ...(await countSnapshots(path)) };
	if (counted.rows !== rows) throw new Error(`the generator wrote ${counted.rows} rows, not ${rows}: ${path}`);
	await writeFile(facts, JSON.stringify(counted));
	console.log(`[import bench] generated ${path} (${formatBytes(counted.bytes)}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
	return counted;
}

/**
 * The next export of the same customers: `csv` with every as-of date a year later (made once, next to it). Imported
 * on top of `csv`, each customer then has the rows of both, and the portfolio twice the rows.
 */
export async function nextYear(csv: LargeCsv): Promise<LargeCsv> {
	const path = csv.path.replace(/\.csv$/, '-next-year.csv');
	const facts = `${path}.json`;
	const cached = await readFile(facts, 'utf8').then((text) => JSON.parse(text) as LargeCsv, () => null);
	if (cached && (await stat(path).then((s) => s.size === cached.bytes, () => false))) return cached;
	const out = createWriteStream(`${path}.part`);
	let first = true;
	for await (const line of createInterface({ input: createReadStream(csv.path), crlfDelay: Infinity })) {
		if (line === '') continue;
		let shifted = line;
		if (!first) {
			const [start, end] = fieldAt(line, AS_OF_FIELD);
			const year = Number(line.slice(start, start + 4));
			if (!(end - start === 10 && year > 1900)) throw new Error(`an as-of date that is not yyyy-mm-dd: ${line.slice(start, end)}`);
			shifted = `${line.slice(0, start)}${year + 1}${line.slice(start + 4)}`;
		}
		first = false;
		if (!out.write(`${shifted}\n`)) await once(out, 'drain');
	}
	out.end();
	await once(out, 'finish');
	await rename(`${path}.part`, path);
	const counted = { path, bytes: (await stat(path)).size, ...(await countSnapshots(path)) };
	if (counted.rows !== csv.rows || counted.latestRows !== csv.latestRows) throw new Error(`the next year's file has ${counted.rows} rows, ${counted.latestRows} in its latest snapshot: ${path}`);
	await writeFile(facts, JSON.stringify(counted));
	return counted;
}

/** Data rows, and rows per as-of date, read line by line (the generator never quotes a line break). */
async function countSnapshots(path: string): Promise<Omit<LargeCsv, 'path' | 'bytes'>> {
	const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
	const perDate = new Map<string, number>();
	let rows = -1;
	for await (const line of lines) {
		if (line === '') continue;
		rows++;
		if (rows === 0) continue;
		const asOf = field(line, AS_OF_FIELD);
		perDate.set(asOf, (perDate.get(asOf) ?? 0) + 1);
	}
	const latest = [...perDate.keys()].sort().at(-1);
	if (latest === undefined) throw new Error(`no data rows in ${path}`);
	return { rows, latest, latestRows: perDate.get(latest) ?? 0 };
}

/** Field `n` of a comma-separated line whose quoted fields hold no doubled quotes (true of the generator's). */
function field(line: string, n: number): string {
	const [start, end] = fieldAt(line, n);
	return line.slice(start, end);
}

/** Where field `n` starts and ends in the line. */
function fieldAt(line: string, n: number): [number, number] {
	let start = 0;
	for (let k = 0; k < n; k++) {
		const end = line[start] === '"' ? line.indexOf('"', start + 1) + 1 : start;
		start = line.indexOf(',', end) + 1;
		if (start === 0) throw new Error(`a line with fewer than ${n + 1} fields: ${line.slice(0, 80)}`);
	}
	const end = line.indexOf(',', start);
	return [start, end < 0 ? line.length : end];
}
