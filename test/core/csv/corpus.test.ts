// Every file of the bad-input corpus (test/fixtures/bad/, outcomes in its README) through parseCsvBytes.
//
// Each parse runs in its own worker thread with a deadline: parseCsvBytes is synchronous, so a file that sent
// it into an endless loop would otherwise freeze the whole run instead of failing its test. The pipeline is
// bundled once with Vite so the worker can load it without TypeScript support.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnMapping, FilePreview, ImportProblem, Notice, ParsedColumns } from '../../../src/lib/core/csv/types';
import { cell, columnLength } from '../../../src/lib/core/table';
import { recordsWasmPlugin } from '../../../src/build/wasm-plugin';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BAD = join(ROOT, 'test/fixtures/bad/');
const CSV = join(ROOT, 'src/lib/core/csv/');
const PARSE_DEADLINE_MS = 20_000;
const TEST_TIMEOUT_MS = 30_000;

type Imported = { kind: 'imported'; preview: FilePreview; parsed: ParsedColumns; columnKeys: string[]; duplicates?: { id: string; rows: number[] }[]; notices: Notice[] };
type Outcome = Imported | { kind: 'import-error'; message: string } | { kind: 'crash'; message: string } | { kind: 'timeout' };
interface RunOptions {
	/** Changes to the proposed mapping, by column name (the mapping is otherwise the preview's proposal). */
	overrides?: Record<string, Partial<ColumnMapping>>;
	/** Also run duplicateIds on the result with this ID column. */
	duplicatesOf?: string;
}

// Plain JS: runs in the worker against the bundle. Anything thrown that is not an ImportError is a crash.
const RUNNER = `
import { parentPort, workerData } from 'node:worker_threads';
const { bundle, bytes, fileName, overrides, duplicatesOf } = workerData;
const { parseCsvBytes } = await import(bundle + 'index.js');
const { ImportError } = await import(bundle + 'types.js');
try {
	const mapping = overrides && ((p) => p.columns.map((c) => ({ index: c.index, name: c.name, type: c.type, role: c.role,
		dateFormat: c.dateFormat === 'ambiguous' ? undefined : c.dateFormat, ...overrides[c.name] })));
	const { preview, parsed } = parseCsvBytes(bytes, fileName, mapping);
	const duplicates = duplicatesOf === undefined ? undefined : (await import(bundle + 'validate.js')).duplicateIds(parsed, duplicatesOf);
	// The report's notices about the values, as the import worker makes them once reading is done.
	const used = (mapping ?? ((p) => p.columns.map((c) => ({ index: c.index, name: c.name, type: c.type, role: c.role }))))(preview);
	const notices = (await import(bundle + 'signs.js')).negativeValueNotices(parsed, used);
	parentPort.postMessage({ kind: 'imported', preview, parsed, columnKeys: Object.keys(parsed.columns), duplicates, notices });
} catch (e) {
	parentPort.postMessage(e instanceof ImportError ? { kind: 'import-error', message: e.message } : { kind: 'crash', message: String(e?.stack ?? e) });
}
`;

let bundleDir = '';
let runner = '';

beforeAll(async () => {
	bundleDir = mkdtempSync(join(tmpdir(), 'checkup-corpus-'));
	await build({
		configFile: false,
		logLevel: 'silent',
		root: ROOT,
		plugins: [recordsWasmPlugin()],
		ssr: { noExternal: true },
		build: {
			ssr: true,
			outDir: bundleDir,
			emptyOutDir: true,
			minify: false,
			rolldownOptions: { input: { index: CSV + 'index.ts', types: CSV + 'types.ts', validate: CSV + 'validate.ts', signs: CSV + 'signs.ts' }, output: { format: 'es' } }
		}
	});
	runner = join(bundleDir, 'runner.mjs');
	writeFileSync(runner, RUNNER);
}, 120_000);

afterAll(() => {
	if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

function run(bytes: Uint8Array, fileName: string, options: RunOptions = {}): Promise<Outcome> {
	return new Promise((resolve) => {
		const bundle = pathToFileURL(bundleDir + '/').href;
		const worker = new Worker(runner, { workerData: { bundle, bytes, fileName, ...options }, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
		const done = (outcome: Outcome) => {
			clearTimeout(timer);
			void worker.terminate();
			resolve(outcome);
		};
		const timer = setTimeout(() => done({ kind: 'timeout' }), PARSE_DEADLINE_MS);
		worker.once('message', (m: Outcome) => done(m));
		worker.once('error', (e) => done({ kind: 'crash', message: String(e.stack ?? e) }));
		worker.once('exit', (code) => done({ kind: 'crash', message: `worker exited with code ${code} before answering` }));
	});
}

const runFile = (name: string, options?: RunOptions) => run(readFileSync(BAD + name), name, options);

function summary(o: Outcome): string {
	if (o.kind === 'imported') return `an import of ${o.parsed.rowCount} rows, problems ${JSON.stringify(o.parsed.problems.slice(0, 3))}`;
	if (o.kind === 'timeout') return `no answer within ${PARSE_DEADLINE_MS} ms`;
	return `${o.kind === 'crash' ? 'a crash' : 'an ImportError'}: ${o.message}`;
}

/** The import, after checking what the contract promises of every import. */
function imported(o: Outcome): Imported {
	if (o.kind !== 'imported') throw new Error(`expected an import, got ${summary(o)}`);
	const { parsed, preview } = o;
	expect(parsed.sourceRows.length).toBe(parsed.rowCount);
	expect(parsed.rowsRead).toBe(parsed.rowCount + parsed.rowsSkipped);
	expect(parsed.problemCount).toBeGreaterThanOrEqual(parsed.problems.length);
	for (const [name, column] of Object.entries(parsed.columns)) expect(columnLength(column), name).toBe(parsed.rowCount);
	for (const p of parsed.problems) {
		expect(p.row).toBeGreaterThanOrEqual(2);
		expect(p.value.length).toBeLessThanOrEqual(200);
		expect(['treated as missing', 'row skipped', 'rows skipped']).toContain(p.action);
	}
	expect(preview.columns.map((c) => c.index)).toEqual(preview.columns.map((_, i) => i));
	return o;
}

function importError(o: Outcome): string {
	if (o.kind !== 'import-error') throw new Error(`expected an ImportError, got ${summary(o)}`);
	return o.message;
}

/** A column's values as plain values (NaN / null for missing), read as an own property. */
function values(parsed: ParsedColumns, name: string): (number | string | null)[] {
	const column = Object.hasOwn(parsed.columns, name) ? parsed.columns[name] : undefined;
	if (!column) throw new Error(`no column "${name}" in ${Object.keys(parsed.columns).join(', ')}`);
	return Array.from({ length: parsed.rowCount }, (_, i) => cell(column, i));
}

const profile = (preview: FilePreview, name: string) => preview.columns.find((c) => c.name === name);

function expectProblem(parsed: ParsedColumns, where: Partial<ImportProblem>, message: RegExp): void {
	const found = parsed.problems.filter((p) => Object.entries(where).every(([k, v]) => p[k as keyof ImportProblem] === v));
	expect(found, `a problem ${JSON.stringify(where)} among ${JSON.stringify(parsed.problems)}`).toHaveLength(1);
	expect(found[0].message).toMatch(message);
}

const EMPTY = /empty/i;
const NO_ROWS = /no (data )?rows|only (a|the) header|header only/i;

/** Files the pipeline must refuse as a whole, and what the message must name. */
const REFUSED: Record<string, RegExp> = {
	'empty.csv': EMPTY,
	'whitespace-only.csv': EMPTY,
	'bom-only.csv': EMPTY,
	'header-only.csv': NO_ROWS,
	'ten-thousand-columns-header-only.csv': NO_ROWS,
	'one-column.csv': /one column|single column|1 column/i,
	'nul-bytes.csv': /NUL|binary|not a text/i,
	'png-renamed.csv': /PNG|image/i,
	'xlsx-renamed.csv': /xlsx|Excel/i,
	'pdf-renamed.csv': /PDF/,
	'gzip-renamed.csv': /gzip|compressed/i,
	'utf16le-bom.csv': /UTF-16/,
	'utf16be-bom.csv': /UTF-16/
};

describe('files refused as a whole, with a message that names why', () => {
	for (const [file, message] of Object.entries(REFUSED)) {
		it(file, async () => expect(importError(await runFile(file))).toMatch(message), TEST_TIMEOUT_MS);
	}
});

/** Files that import, and what must come out. */
const IMPORTED: Record<string, (o: Imported) => void> = {
	'ragged-rows.csv': ({ parsed }) => {
		expect(values(parsed, 'customer_id')).toEqual(['C001', 'C003', 'C005', 'C006']);
		expect([...parsed.sourceRows]).toEqual([2, 4, 6, 7]);
		expect(parsed.rowsSkipped).toBe(2);
		expectProblem(parsed, { row: 3, column: '', action: 'row skipped' }, /has 5 fields, the header has 4/);
		expectProblem(parsed, { row: 5, column: '', action: 'row skipped' }, /has 3 fields, the header has 4/);
	},
	'unmatched-quote.csv': ({ preview, parsed }) => {
		// Everything after the opening quote is one field up to the end of the file, so only row 2 survives.
		expect(values(parsed, 'customer_id')).toEqual(['C001']);
		// The quote opened in "name" on row 3 swallowed rows 3–5 (C002, C003, C004): each read and skipped.
		expectProblem(parsed, { row: 3, lastRow: 5, column: 'name', value: 'C002,"Beta Corp,2000,7\nC003,Gamma,3000,9\nC004,Delta,4000,11', action: 'rows skipped' }, /^a quote opened in column “name” is never closed: this row and the 2 after it were read as one value$/);
		expect(parsed).toMatchObject({ rowCount: 1, rowsRead: 4, rowsSkipped: 3, problemCount: 1 });
		// The quote must be named, with its row: in that problem or in a notice.
		const said = [...preview.notices.map((n) => n.message), ...parsed.problems.map((p) => `row ${p.row}: ${p.message}`)];
		expect(said.some((m) => /quote/i.test(m) && /row 3\b/.test(m)), said.join('\n')).toBe(true);
	},
	'mixed-delimiters.csv': ({ preview, parsed }) => {
		expect(preview.dialect.delimiter).toBe(',');
		expect(values(parsed, 'customer_id')).toEqual(['C001', 'C003', 'C004']);
		expectProblem(parsed, { row: 3, column: '', action: 'row skipped' }, /has 1 fields?, the header has 4/);
	},
	'row-with-1000-extra-fields.csv': ({ parsed }) => {
		expect(values(parsed, 'customer_id')).toEqual(['C001', 'C003']);
		expectProblem(parsed, { row: 3, column: '', action: 'row skipped' }, /has 1004 fields, the header has 4/);
		// Cut, and seen to be: the report must not show 200 characters of the row as the whole of it.
		const value = parsed.problems[0].value;
		expect(value).toMatch(/^C002,Beta,2000,7,x0,x1,.*…$/);
		expect(value.length).toBe(200);
	},
	'empty-column.csv': ({ preview, parsed }) => {
		expect(profile(preview, 'nps')?.missingShare).toBe(1);
		expect(parsed.problemCount).toBe(0);
		// Proposed as ignored (nothing to score), or kept with every value missing.
		if (Object.hasOwn(parsed.columns, 'nps')) expect(values(parsed, 'nps').every((v) => v === null || Number.isNaN(v))).toBe(true);
		else expect(profile(preview, 'nps')?.role).toBe('ignore');
		expect(values(parsed, 'arr')).toEqual([200, 300, 400, 500, 600]);
	},
	'text-in-numeric.csv': ({ preview, parsed }) => {
		expect(profile(preview, 'arr')?.type).toBe('number');
		expectProblem(parsed, { row: 3, column: 'arr', value: 'abc', action: 'treated as missing' }, /not a number/i);
		expect(parsed.problemCount).toBe(1);
		expect(values(parsed, 'arr').slice(0, 3)).toEqual([2000, NaN, 4000]);
	},
	'nan-infinity-1e400.csv': ({ preview, parsed }) => {
		expect(profile(preview, 'logins')?.type).toBe('number');
		const logins = values(parsed, 'logins');
		expect(logins.slice(1, 7)).toEqual([NaN, NaN, NaN, NaN, NaN, 1e300]);
		expect(logins.some((v) => v === Infinity || v === -Infinity)).toBe(false);
		for (const [row, value] of [[4, 'Infinity'], [5, '-Infinity'], [6, '1e400'], [7, '-1e400']] as const) {
			expectProblem(parsed, { row, column: 'logins', value, action: 'treated as missing' }, /not a number/i);
		}
		// "NaN" may be read as a missing-value marker; if it is reported instead, then as written.
		for (const p of parsed.problems.filter((q) => q.row === 3)) expect(p.value).toBe('NaN');
	},
	'negative-arr.csv': ({ parsed }) => {
		// Import refuses a negative ARR as a value, and says so for each one.
		expect(values(parsed, 'arr')).toEqual([1000, NaN, NaN, 0]);
		expectProblem(parsed, { row: 3, column: 'arr', value: '-5000', action: 'treated as missing' }, /negative/i);
		expectProblem(parsed, { row: 4, column: 'arr', value: '-0.5', action: 'treated as missing' }, /negative/i);
		expect(parsed.problemCount).toBe(2);
	},
	'negative-metrics.csv': ({ parsed, notices }) => {
		// Kept as they are, with a notice; the signed column (growth, a third negative) and the clean one have none.
		expect(values(parsed, 'tenure').slice(9, 12)).toEqual([11, -3, 13]);
		expect(parsed.problemCount).toBe(0);
		expect(notices).toEqual([{ level: 'warning', message: '3 negative values in "tenure", a column otherwise ≥ 0: row 12 (−3), row 41 (−1), row 78 (−12); kept as they are.' }]);
	},
	'duplicate-ids.csv': ({ parsed, duplicates }) => {
		expect(parsed.rowCount).toBe(6);
		expect(parsed.problemCount).toBe(0);
		expect(duplicates).toEqual([{ id: 'C003', rows: [4, 7] }]);
	},
	'formula-cells.csv': ({ parsed }) => {
		const formulas = ['=HYPERLINK("http://x","click")', '+cmd', '-2+3', '@SUM(A1)', "=cmd|' /C calc'!A0"];
		expect(values(parsed, 'name').slice(0, 5)).toEqual(formulas);
		expectProblem(parsed, { row: 8, column: 'arr', value: '-2+3', action: 'treated as missing' }, /not a number/i);
		expect(parsed.problemCount).toBe(1);
	},
	'html-script-names.csv': ({ preview, parsed }) => {
		const names = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<b>Bold</b> & Co', '"><svg onload=alert(1)>', '&lt;escaped&gt; &amp;'];
		expect(values(parsed, 'name')).toEqual(names);
		for (const sample of profile(preview, 'name')?.samples ?? []) expect(names).toContain(sample);
		expect(parsed.problemCount).toBe(0);
	},
	'emoji-rtl.csv': ({ parsed }) => {
		const names = ['🚀 Rocket Co', 'شركة الأمل', 'חברה בע"מ', '👩‍👩‍👧 Family Ltd', 'evil\u202Egnp.exe', 'Cafe\u0301 zero\u200Bwidth'];
		expect(values(parsed, 'name')).toEqual(names);
	},
	'latin1-names.csv': ({ preview, parsed }) => {
		expect(preview.dialect.encoding).toBe('windows-1252');
		expect(preview.notices.map((n) => n.message).join('\n')).toMatch(/1252|UTF-8/);
		expect(values(parsed, 'name')).toEqual(['Müller GmbH', 'Société Générale', 'Ørsted A/S', 'Café €uro', '‘quoted’ name']);
	},
	'stray-quote-mid-field.csv': ({ parsed }) => {
		expect(values(parsed, 'name')).toEqual(['Bob "The Builder" Ltd', '6" Pipes', 'Gamma']);
		expect(parsed.problemCount).toBe(0);
	},
	'prototype-names.csv': ({ preview, parsed, columnKeys }) => {
		expect(preview.columns.map((c) => c.name)).toEqual(['customer_id', 'segment', '__proto__', 'constructor', 'toString', 'arr']);
		expect(columnKeys).toEqual(expect.arrayContaining(['segment', '__proto__', 'constructor', 'toString']));
		expect(values(parsed, '__proto__')).toEqual([2, 3, 4, 5, 6, 7]);
		expect(values(parsed, 'toString')).toEqual([6, 9, 12, 15, 18, 21]);
		expect(values(parsed, 'segment')).toEqual(['toString', '__proto__', 'constructor', 'toString', '__proto__', 'constructor']);
	},
	'bom-semicolon-decimal-comma.csv': ({ preview, parsed }) => {
		expect(preview.dialect).toEqual({ encoding: 'utf-8', bom: true, delimiter: ';', decimalComma: true });
		expect(preview.columns[0].header).toBe('customer_id');
		expect(values(parsed, 'arr')).toEqual([1234.56, 980, 12000.5]);
		expect(values(parsed, 'score')).toEqual([3.5, 4, 2.25]);
		expect(parsed.problemCount).toBe(0);
	},
	'crlf-quoted-newlines.csv': ({ preview, parsed }) => {
		expect(preview.columns.map((c) => c.header)).toEqual(['customer_id', 'name', 'arr']);
		expect(values(parsed, 'name')).toEqual(['Acme\r\nWest', 'line one\nline two', 'Gamma, "the" third']);
		expect(values(parsed, 'arr')).toEqual([1000, 2000, 3000]);
		expect(parsed.problemCount).toBe(0);
	},
	'lone-cr-line-endings.csv': ({ parsed }) => {
		expect(values(parsed, 'arr')).toEqual([1000, 2000, 3000]);
		expect(parsed.problemCount).toBe(0);
	},
	'duplicate-empty-headers.csv': ({ preview, parsed }) => {
		expect(preview.columns.map((c) => c.header)).toEqual(['customer_id', ' name ', 'arr', 'arr', '', 'name']);
		expect(preview.columns.map((c) => c.name)).toEqual(['customer_id', 'name', 'arr', 'arr (2)', 'column 5', 'name (2)']);
		const notices = preview.notices.map((n) => n.message).join('\n');
		expect(notices).toMatch(/arr/);
		expect(notices).toMatch(/column 5/);
		expect(values(parsed, 'arr (2)')).toEqual([1100, 2100]);
	},
	'trailing-empty-lines.csv': ({ parsed }) => {
		expect(values(parsed, 'customer_id')).toEqual(['C001', 'C002', 'C003']);
		expect(parsed.problemCount).toBe(0);
	},
	'very-long-header.csv': ({ preview, parsed }) => {
		const header = 'metric_' + 'x'.repeat(4993);
		expect(preview.columns[2].header).toBe(header);
		expect(preview.columns[2].name).toBe(header);
		expect(values(parsed, header)).toEqual([1, 2, 3]);
	},
	'unterminated-last-line.csv': ({ parsed }) => {
		expect(values(parsed, 'name')).toEqual(['Acme', 'Beta', 'Gamma']);
		expect(values(parsed, 'arr')).toEqual([1000, 2000, 3000]);
	},
	'tab-separated.tsv': ({ preview, parsed }) => {
		expect(preview.dialect.delimiter).toBe('\t');
		expect(values(parsed, 'name')).toEqual(['Acme, Inc.', 'Beta, LLC', 'Gamma']);
		expect(parsed.problemCount).toBe(0);
	},
	'pipe-separated.csv': ({ preview, parsed }) => {
		expect(preview.dialect.delimiter).toBe('|');
		expect(values(parsed, 'name')).toEqual(['Acme, Inc.', 'Beta', 'Gamma']);
		expect(parsed.problemCount).toBe(0);
	},
	'dates-dmy.csv': ({ preview, parsed }) => {
		expect(profile(preview, 'as_of')).toMatchObject({ type: 'date', dateFormat: 'dmy' });
		expect(values(parsed, 'as_of')).toEqual(['2024-04-03', '2024-12-25', '2024-12-11']);
	},
	'booleans-yn.csv': ({ preview, parsed }) => {
		expect(profile(preview, 'churned')?.type).toBe('boolean');
		expect(parsed.columns.churned).toMatchObject({ kind: 'category', levels: ['No', 'Yes'] });
		expect(values(parsed, 'churned')).toEqual(['Yes', 'No', 'Yes', 'No', 'No']);
	},
	'spaces-around-values.csv': ({ parsed }) => {
		expect(values(parsed, 'arr')).toEqual([1000, 2000, 3000]);
		expect(values(parsed, 'churned')).toEqual(['Yes', 'No', 'Yes']);
		expect(values(parsed, 'as_of')).toEqual(['2024-01-31', '2024-02-29', '2024-03-31']);
		// Whether text keeps its surrounding spaces is the pipeline's call; the words must not change.
		expect(values(parsed, 'name').map((v) => String(v).trim())).toEqual(['Acme', 'Beta', 'Gamma']);
		expect(parsed.problemCount).toBe(0);
	},
	'thousands-separators.csv': ({ parsed }) => {
		expect(values(parsed, 'arr')).toEqual([1234567, 12500.5, 980]);
		expect(parsed.problemCount).toBe(0);
	},
	'currency-percent.csv': ({ parsed }) => {
		expect(values(parsed, 'arr')).toEqual([1200, 900, 50.5]);
		expect(values(parsed, 'usage')).toEqual([12, 7.5, 100]);
		expect(parsed.problemCount).toBe(0);
	},
	'ten-thousand-columns.csv': ({ preview, parsed }) => {
		expect(preview.columns).toHaveLength(10_000);
		expect(preview.columns[9999].name).toBe('m9999');
		// 40 of the 9,999 number columns are proposed as metrics (PROPOSED_METRICS), the rest ignored and not kept: ID + 40.
		expect(values(parsed, 'm40')).toEqual([1, 2]);
		expect(Object.keys(parsed.columns)).toHaveLength(41);
		expect(preview.columns[9999].role).toBe('ignore');
		expect(parsed.problemCount).toBe(0);
	}
};

describe('files that import, with every problem named by row, column and value', () => {
	for (const [file, check] of Object.entries(IMPORTED)) {
		it(file, async () => {
			check(imported(await runFile(file, file === 'duplicate-ids.csv' ? { duplicatesOf: 'customer_id' } : {})));
		}, TEST_TIMEOUT_MS);
	}

	it('ambiguous-dates.csv', async () => {
		// Without a chosen format the pipeline may ask for one or import the dates as written; never guess.
		const asProposed = await runFile('ambiguous-dates.csv');
		if (asProposed.kind === 'import-error') expect(asProposed.message).toMatch(/as_of/);
		else if (Object.hasOwn(imported(asProposed).parsed.columns, 'as_of')) {
			expect(values(imported(asProposed).parsed, 'as_of')).toEqual(['03/04/2024', '05/06/2024', '11/12/2024', '01/02/2024']);
		}
		const dmy = imported(await runFile('ambiguous-dates.csv', { overrides: { as_of: { type: 'date', dateFormat: 'dmy' } } }));
		expect(profile(dmy.preview, 'as_of')).toMatchObject({ type: 'date', dateFormat: 'ambiguous' });
		expect(values(dmy.parsed, 'as_of')).toEqual(['2024-04-03', '2024-06-05', '2024-12-11', '2024-02-01']);
		const mdy = imported(await runFile('ambiguous-dates.csv', { overrides: { as_of: { type: 'date', dateFormat: 'mdy' } } }));
		expect(values(mdy.parsed, 'as_of')).toEqual(['2024-03-04', '2024-05-06', '2024-11-12', '2024-01-02']);
	}, TEST_TIMEOUT_MS);

	it('a 1 MB single field (made here, not committed) comes back whole', async () => {
		const big = 'x'.repeat(1_000_000);
		const bytes = new TextEncoder().encode(`customer_id,name,arr\nC001,${big},1000\nC002,Beta,2000\n`);
		const { parsed } = imported(await run(bytes, 'one-megabyte-field.csv'));
		expect(values(parsed, 'name')[0] === big).toBe(true);
		expect(values(parsed, 'arr')).toEqual([1000, 2000]);
		expect(parsed.problemCount).toBe(0);
	}, TEST_TIMEOUT_MS);
});

describe('the corpus itself', () => {
	const files = readdirSync(BAD).filter((f) => f !== 'README.md' && f !== 'make.mjs' && !f.startsWith('.'));
	it('has a tested outcome for every file and a README row for each', () => {
		const readme = readFileSync(BAD + 'README.md', 'utf8');
		expect(files.length).toBeGreaterThanOrEqual(30);
		for (const f of files) {
			expect(f in REFUSED || f in IMPORTED || f === 'ambiguous-dates.csv', `${f} has a test`).toBe(true);
			expect(readme, `${f} is in the README`).toContain('`' + f + '`');
		}
	});
});

describe('generate-large-csv.mjs', () => {
	it('writes a 10,000-row export that imports with 0 problems', async () => {
		const out = join(bundleDir, 'large.csv');
		execFileSync(process.execPath, [join(ROOT, 'test/fixtures/generate-large-csv.mjs'), '10000', out]);
		const { preview, parsed } = imported(await run(readFileSync(out), 'large.csv'));
		expect(parsed.problemCount).toBe(0);
		expect(parsed.rowCount).toBe(10_000);
		expect(preview.columns).toHaveLength(20);
		const types = Object.fromEntries(preview.columns.map((c) => [c.name, c.type]));
		expect(types).toMatchObject({ arr: 'number', as_of: 'date', auto_renew: 'boolean', churned: 'boolean', churn_date: 'date', logins_30d: 'number', csat: 'number' });
		expect(profile(preview, 'churned')?.role).toBe('outcome');
	}, 60_000);
});
