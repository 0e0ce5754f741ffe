/**
 * The import worker's CPU work in node on the generated 1,000,000-row × 20-column CSV (test/fixtures/
 * generate-large-csv.mjs, cached in the OS temp directory): read, decode, tokenize + columns (push), text cells
 * taken, finish, duplicate IDs, the notices about negative values, build. Prints the ms of each step per run.
 * CHECKUP_BENCH_ROWS changes the row count. Run: npx vitest bench --run --project unit test/bench/import-worker.bench.ts.
 * Measures only.
 */
import { bench, describe } from 'vitest';
import { formatBytes } from '../../src/lib/format';
import { largeCsv } from './browser/large-csv';
import { importSteps } from './import-steps';

const ROWS = Number(process.env.CHECKUP_BENCH_ROWS ?? 1_000_000);
const csv = await largeCsv(ROWS);

describe(`import worker steps, ${ROWS.toLocaleString('en')} rows (${formatBytes(csv.bytes)})`, () => {
	bench('read → push → finish → duplicates → notices → build', async () => {
		const { times, rowCount } = await importSteps(csv.path);
		if (rowCount !== csv.rows) throw new Error(`imported ${rowCount} rows, the file has ${csv.rows}`);
		console.log(Object.entries(times).map(([step, ms]) => `${step} ${ms.toFixed(0)}`).join(' · '));
	}, { time: 0, iterations: 3, warmupTime: 0, warmupIterations: 0 });
});
