/**
 * The demo portfolio at scale as a CSV: `accounts` × 12 monthly snapshots (1.2 million rows at 100,000), with
 * the columns an import proposes roles for (customer_id, as_of, segment, arr) and the demo's metrics. Made
 * once per size and cached in the OS temp directory; what the app should show is counted from the same data.
 */
import { createWriteStream } from 'node:fs';
import { rename, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo } from '../../../src/lib/core/demo';
import { cell } from '../../../src/lib/core/table';

const ROLE_COLUMNS: [string, string][] = [['customer_id', 'account_id'], ['as_of', 'as_of'], ['segment', 'segment'], ['arr', 'arr']];
const METRICS = ['seat_utilization', 'feature_adoption', 'support_tickets', 'days_paid_late', 'webinar_attendance', 'community_posts', 'nps', 'csat', 'contract_growth_pct'];

/** The file of the demo at `accounts` accounts, and how many customers its latest snapshot has. */
export async function historyCsv(accounts: number): Promise<{ path: string; rows: number; latestCustomers: number }> {
	const dataset = generateDemo({ accounts });
	const { table } = dataset;
	const latest = dataset.meta.snapshots.at(-1)!;
	let latestCustomers = 0;
	for (let i = 0; i < table.rowCount; i++) if (cell(table.columns.as_of, i) === latest) latestCustomers++;
	const path = join(tmpdir(), `checkup-history-${accounts}.csv`);
	const done = await stat(path).then(() => true, () => false);
	if (!done) {
		const partial = `${path}.partial`;
		const out = createWriteStream(partial);
		const columns = [...ROLE_COLUMNS.map(([, from]) => table.columns[from]), ...METRICS.map((m) => table.columns[m])];
		out.write([...ROLE_COLUMNS.map(([to]) => to), ...METRICS].join(',') + '\n');
		let chunk: string[] = [];
		for (let i = 0; i < table.rowCount; i++) {
			chunk.push(columns.map((c) => {
				const v = cell(c, i);
				return v === null || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v);
			}).join(','));
			if (chunk.length === 10_000) {
				if (!out.write(chunk.join('\n') + '\n')) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
				chunk = [];
			}
		}
		out.write(chunk.length ? chunk.join('\n') + '\n' : '');
		await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
		await rename(partial, path);
	}
	return { path, rows: table.rowCount, latestCustomers };
}
