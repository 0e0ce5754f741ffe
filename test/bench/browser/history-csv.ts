/**
 * The demo portfolio at scale as a CSV file: `accounts` × 12 monthly snapshots from the demo generator (the same
 * accounts, metrics and churn the app's demo has, 100,000 instead of 2,000), written once and cached in the OS
 * temp directory under a name that includes a hash of the generator's source.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile, rename, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDemo } from '../../../src/lib/core/demo';
import { cell } from '../../../src/lib/core/table';

const SOURCES = ['../../../src/lib/core/demo.ts', '../../../src/lib/core/demo-model.ts'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

export async function demoHistoryCsv(accounts: number): Promise<{ path: string; rows: number; snapshots: number }> {
	const hash = createHash('sha256');
	for (const source of SOURCES) hash.update(await readFile(source));
	const path = join(tmpdir(), `checkup-bench-history-${accounts}-${hash.digest('hex').slice(0, 10)}.csv`);
	const dataset = generateDemo({ accounts });
	const { table, meta } = dataset;
	const facts = { path, rows: table.rowCount, snapshots: meta.snapshots.length };
	if (await stat(path).then((s) => s.size > 0, () => false)) return facts;
	const names = Object.keys(table.columns);
	const columns = names.map((n) => table.columns[n]);
	const quote = (v: number | string | null) => {
		if (v === null || (typeof v === 'number' && v !== v)) return '';
		const text = String(v);
		return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
	};
	const partial = `${path}.partial`;
	const out = createWriteStream(partial);
	out.write(names.join(',') + '\n');
	const BLOCK = 5_000;
	for (let start = 0; start < table.rowCount; start += BLOCK) {
		let text = '';
		for (let i = start; i < Math.min(table.rowCount, start + BLOCK); i++) text += columns.map((c) => quote(cell(c, i))).join(',') + '\n';
		if (!out.write(text)) await once(out, 'drain');
	}
	out.end();
	await once(out, 'finish');
	await rename(partial, path);
	return facts;
}
