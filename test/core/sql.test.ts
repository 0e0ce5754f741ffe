/**
 * The exported SQL, run in DuckDB, against the app's own scoring: every row's score, band and its action, sub-scores and
 * contributions within 1e-9, on the demo (every snapshot) and on Telco read the way the app reads it, with a
 * scorecard using every normalization and missing-value policy and hostile column names and values.
 */
import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { duckDbPerFile } from '../helpers/duckdb';
import { CANONICAL_COLUMNS } from '../../src/lib/core/assemble';
import { defaultMapping, parseCsvBytes } from '../../src/lib/core/csv/index';
import { toDataset } from '../../src/lib/core/csv/dataset';
import type { Dataset, DatasetRoles } from '../../src/lib/core/dataset';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { currentView } from '../../src/lib/core/portfolio';
import { contributionsOf, scoreTable } from '../../src/lib/core/score';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import { numberLiteral, quoteIdent, quoteString, scorecardSetSql, scorecardSql } from '../../src/lib/core/sql';
import { selectRows, type Column, type ColumnKind, type Table, type TextColumn } from '../../src/lib/core/table';
import { SHARED_DATA } from '../helpers/shared-data';
import { textArray, textCell } from '../../src/lib/core/text-values';

const db = duckDbPerFile();

/** The name a column has in the SQL table: its canonical name when a role claims it. */
function sqlName(name: string, roles: DatasetRoles): string {
	const role = (Object.keys(CANONICAL_COLUMNS) as (keyof DatasetRoles)[]).find((r) => roles[r] === name);
	return role ? CANONICAL_COLUMNS[role] : name;
}

/** Loads a dataset into DuckDB with the appender: numbers as DOUBLE (missing as NaN or NULL), the rest as VARCHAR. */
async function load(name: string, { table, meta }: Dataset, missingNumber: 'nan' | 'null'): Promise<void> {
	const columns = Object.entries(table.columns);
	const ddl = columns.map(([c, col]) => `${quoteIdent(sqlName(c, meta.roles))} ${col.kind === 'number' ? 'DOUBLE' : 'VARCHAR'}`).join(', ');
	await db().run(`CREATE OR REPLACE TABLE ${quoteIdent(name)} (${ddl})`);
	const appender = await db().createAppender(name);
	for (let i = 0; i < table.rowCount; i++) {
		for (const [, col] of columns) append(appender, col, i, missingNumber);
		appender.endRow();
	}
	appender.closeSync();
}

function append(appender: Awaited<ReturnType<DuckDBConnection['createAppender']>>, col: Column, i: number, missingNumber: 'nan' | 'null') {
	if (col.kind === 'number') {
		const v = col.values[i];
		if (Number.isNaN(v) && missingNumber === 'null') appender.appendNull();
		else appender.appendDouble(v);
	} else if (col.kind === 'category') {
		if (col.codes[i] < 0) appender.appendNull();
		else appender.appendVarchar(col.levels[col.codes[i]]);
	} else if (textCell(col.values, i) === null) appender.appendNull();
	else appender.appendVarchar(textCell(col.values, i)!);
}

function kindsOf(table: Table): Record<string, ColumnKind> {
	return Object.fromEntries(Object.entries(table.columns).map(([n, c]) => [n, c.kind]));
}

type Row = Record<string, unknown>;

async function run(sql: string): Promise<Row[]> {
	return (await db().runAndReadAll(sql)).getRowObjectsJS() as Row[];
}

/** Compares the query's rows for the customers of `table` with scoreTable's: score, band, sub-scores, contributions. */
function expectSameAsApp(rows: Row[], table: Table, ids: readonly (string | null)[], card: Scorecard): number {
	const app = scoreTable(table, card);
	const byId = new Map(rows.map((r) => [r.customer_id as string, r]));
	expect(byId.size).toBe(table.rowCount);
	const subNames = Object.keys(rows[0]).filter((c) => c.startsWith('sub_score_'));
	const contributionNames = Object.keys(rows[0]).filter((c) => c.startsWith('contribution_'));
	expect(subNames).toHaveLength(card.metrics.length);
	let worst = 0, bandMismatches = 0, scored = 0;
	const close = (a: unknown, b: number, what: string, i: number) => {
		if (Number.isNaN(b)) {
			if (a !== null) throw new Error(`${what} of ${ids[i]}: SQL ${a}, app has none`);
			return;
		}
		if (typeof a !== 'number') throw new Error(`${what} of ${ids[i]}: SQL ${String(a)}, app ${b}`);
		worst = Math.max(worst, Math.abs(a - b));
	};
	for (let i = 0; i < table.rowCount; i++) {
		const row = byId.get(ids[i]!);
		if (!row) throw new Error(`no SQL row for ${ids[i]}`);
		close(row.score, app.score[i], 'score', i);
		if (!Number.isNaN(app.score[i])) scored++;
		const band = app.band[i] < 0 ? null : card.bands[app.band[i]];
		// The band's action under the name the CSV exports give it (recommended_action), as the band editor calls it.
		if (row.band !== (band?.label ?? null) || row.recommended_action !== (band?.action ?? null)) bandMismatches++;
		const contributions = contributionsOf(app, i);
		card.metrics.forEach((_, k) => {
			close(row[subNames[k]], app.subScores(k)[i], `sub-score ${k + 1}`, i);
			close(row[contributionNames[k]], contributions[k], `contribution ${k + 1}`, i);
		});
	}
	expect(bandMismatches).toBe(0);
	expect(worst).toBeLessThan(1e-9);
	return scored;
}

describe('literals and names', { timeout: 60_000 }, () => {
	it('quotes names and strings so that nothing escapes', () => {
		expect(quoteIdent('a"b')).toBe('"a""b"');
		expect(quoteString("it's")).toBe("'it''s'");
		expect(() => quoteIdent('a\0b')).toThrow(/NUL/);
	});

	it('writes numbers that read back as the same double', async () => {
		const values = [0, -0, 1, -7, 100 / 7, 1 / 3, -2.5e-12, 1e21, 123456789012345.6, Number.MIN_VALUE, -Number.MAX_VALUE];
		const rows = await run(`SELECT ${values.map((v, i) => `CAST(${numberLiteral(v)} AS DOUBLE) AS x${i}`).join(', ')}`);
		values.forEach((v, i) => expect(rows[0][`x${i}`]).toBe(v === 0 ? 0 : v));
	});
});

describe('the demo scorecard as SQL, in DuckDB', { timeout: 60_000 }, () => {
	const dataset = generateDemo();
	const card = demoScorecard();
	const ids = (t: Table) => textArray((t.columns.account_id as TextColumn).values);

	it('gives the app’s scores, bands, sub-scores and contributions for every customer of the latest snapshot', async () => {
		await load('demo', dataset, 'nan');
		const sql = scorecardSql(card, { table: 'demo', columnKinds: kindsOf(dataset.table), roles: dataset.meta.roles });
		const rows = await run(sql);
		const view = currentView(dataset);
		const latest = rows.filter((r) => r.as_of === view.asOf);
		expect(expectSameAsApp(latest, view.table, ids(view.table), card)).toBeGreaterThan(1500);
	});

	it('and every earlier snapshot as if it were the latest', async () => {
		const sql = scorecardSql(card, { table: 'demo', columnKinds: kindsOf(dataset.table), roles: dataset.meta.roles });
		const rows = await run(sql);
		const asOf = dataset.table.columns.as_of as { codes: Int32Array; levels: string[] };
		expect(asOf.levels).toHaveLength(12);
		for (let code = 0; code < asOf.levels.length; code++) {
			const picked = Uint32Array.from(asOf.codes.keys()).filter((i) => asOf.codes[i] === code);
			const snapshot = selectRows(dataset.table, picked);
			expectSameAsApp(rows.filter((r) => r.as_of === asOf.levels[code]), snapshot, ids(snapshot), card);
		}
	});
});

describe('segment scorecards as SQL, in DuckDB', { timeout: 60_000 }, () => {
	it('scores each segment with its scorecard, ranked within the segment and snapshot; everyone else with the default', async () => {
		const dataset = generateDemo({ accounts: 800 });
		await load('demo_segments', dataset, 'nan');
		const enterprise = demoScorecard();
		enterprise.name = "Enterprise 'top'";
		enterprise.metrics[0] = { ...enterprise.metrics[0], weight: 50, normalization: { kind: 'percentile', higherIsBetter: true }, missing: { kind: 'median' } };
		enterprise.metrics.push({ id: 'seats', column: 'arr', label: 'ARR rank', weight: 7, normalization: { kind: 'percentile', higherIsBetter: true }, missing: { kind: 'skip' } });
		const smb = demoScorecard();
		smb.name = 'SMB';
		smb.metrics = smb.metrics.slice(2);
		const segments = [{ segment: 'Enterprise', scorecard: enterprise }, { segment: 'SMB', scorecard: smb }, { segment: 'Nobody', scorecard: smb }];
		const sql = scorecardSetSql(demoScorecard(), segments, { table: 'demo_segments', columnKinds: kindsOf(dataset.table), roles: dataset.meta.roles });
		const rows = await run(sql);
		expect(rows).toHaveLength(dataset.table.rowCount);
		const asOf = dataset.table.columns.as_of as { codes: Int32Array; levels: string[] };
		const segment = dataset.table.columns.segment as { codes: Int32Array; levels: string[] };
		const cardOf = (level: string) => (level === 'Enterprise' ? enterprise : level === 'SMB' ? smb : demoScorecard());
		let compared = 0;
		// By hand: every (snapshot, segment) group scored as its own table with its card.
		for (let d = 0; d < asOf.levels.length; d++) {
			for (let g = 0; g < segment.levels.length; g++) {
				const picked = Uint32Array.from(asOf.codes.keys()).filter((i) => asOf.codes[i] === d && segment.codes[i] === g);
				const group = selectRows(dataset.table, picked);
				const card = cardOf(segment.levels[g]);
				const mine = rows.filter((r) => r.as_of === asOf.levels[d] && r.segment === segment.levels[g]);
				expect(mine.every((r) => r.scorecard === card.name)).toBe(true);
				const app = scoreTable(group, card);
				const byId = new Map(mine.map((r) => [r.customer_id, r]));
				const ids = textArray((group.columns.account_id as TextColumn).values);
				ids.forEach((id, i) => {
					const r = byId.get(id)!;
					if (Number.isNaN(app.score[i])) expect(r.score).toBeNull();
					else expect(Math.abs((r.score as number) - app.score[i])).toBeLessThan(1e-9);
					expect(r.band).toBe(app.band[i] < 0 ? null : card.bands[app.band[i]].label);
					compared++;
				});
			}
		}
		expect(compared).toBe(dataset.table.rowCount);
		// A metric only the Enterprise card has is NULL for the others.
		expect(rows.filter((r) => r.segment !== 'Enterprise').every((r) => r[Object.keys(r).find((c) => c.startsWith('sub_score_') && c.endsWith('arr_rank'))!] === null)).toBe(true);
	});

	it('quotes hostile segment values, scorecard names, metric labels and band labels: the query runs and returns them verbatim', async () => {
		const dataset = generateDemo({ accounts: 200 });
		const hostile = (what: string) => `${what} 'x'; DROP TABLE demo_hostile; --\n\r\u2028*/ "q" \\`;
		const segment = dataset.table.columns.segment as { levels: string[] };
		const smb = segment.levels.indexOf('SMB');
		segment.levels[smb] = hostile('segment');
		await load('demo_hostile', dataset, 'nan');
		const card = demoScorecard();
		card.name = hostile('default');
		card.metrics[0] = { ...card.metrics[0], id: hostile('id'), label: hostile('label') };
		card.bands[0] = { ...card.bands[0], label: hostile('band'), action: hostile('action') };
		const other = demoScorecard();
		other.name = hostile('segment card');
		const sql = scorecardSetSql(card, [{ segment: segment.levels[smb], scorecard: other }], { table: 'demo_hostile', columnKinds: kindsOf(dataset.table), roles: dataset.meta.roles, generatedBy: hostile('by') });
		// No line of the query starts with the injected statement: each name is inside quotes or a comment.
		expect(sql.split(/\r?\n|\r/).filter((l) => /^\s*DROP/.test(l))).toEqual([]);
		const rows = await run(sql);
		expect(rows).toHaveLength(dataset.table.rowCount);
		expect(new Set(rows.map((r) => r.scorecard))).toEqual(new Set([card.name, other.name]));
		expect(rows.filter((r) => r.segment === segment.levels[smb]).every((r) => r.scorecard === other.name)).toBe(true);
		expect(rows.some((r) => r.band === card.bands[0].label && r.recommended_action === card.bands[0].action)).toBe(true);
		expect((await run('SELECT COUNT(*) AS n FROM demo_hostile'))[0].n).toBe(BigInt(dataset.table.rowCount));
	});

	it('keeps every metric of a scorecard whose metrics share a label: the contributions still add up to the score', async () => {
		const dataset = generateDemo({ accounts: 200 });
		await load('demo_same_label', dataset, 'nan');
		const card = demoScorecard();
		card.metrics[1] = { ...card.metrics[1], label: card.metrics[0].label };
		const sql = scorecardSetSql(card, [{ segment: 'SMB', scorecard: demoScorecard() }], { table: 'demo_same_label', columnKinds: kindsOf(dataset.table), roles: dataset.meta.roles });
		const rows = await run(sql);
		const contributions = Object.keys(rows[0]).filter((c) => c.startsWith('contribution_'));
		let checked = 0;
		for (const r of rows) {
			if (r.score === null) continue;
			const sum = contributions.reduce((total, c) => total + ((r[c] as number | null) ?? 0), 0);
			expect(Math.abs(sum - (r.score as number))).toBeLessThan(1e-9);
			checked++;
		}
		expect(checked).toBeGreaterThan(0);
	});
});

/** Telco read as the app reads it, with one column and one category value renamed to something hostile. */
function telco(): Dataset {
	const bytes = readFileSync(SHARED_DATA + 'telco_customer_churn.csv');
	const { preview, parsed } = parseCsvBytes(bytes, 'telco_customer_churn.csv');
	const dataset = toDataset(parsed, defaultMapping(preview), { id: 'telco', fileName: 'telco.csv', importedAt: '2026-11-22T00:00:00.000Z', asOf: '2026-11-01' });
	const columns = dataset.table.columns;
	const entries = Object.entries(columns).map(([name, c]) => [name === 'MonthlyCharges' ? HOSTILE : name, c] as const);
	const contract = columns.Contract as { levels: string[] };
	contract.levels = contract.levels.map((l) => (l === 'Two year' ? HOSTILE_LEVEL : l));
	return { ...dataset, table: { ...dataset.table, columns: Object.fromEntries(entries) } };
}

const HOSTILE = 'Monthly "Charges"; DROP TABLE telco; --\n*/ \'x\'';
const HOSTILE_LEVEL = "Two 'year'\" --";

/** Every normalization and every missing-value policy, with awkward weights. */
function telcoScorecard(): Scorecard {
	const m = (id: string, column: string, weight: number, normalization: Scorecard['metrics'][number]['normalization'], missing: Scorecard['metrics'][number]['missing']) =>
		({ id, column, label: id, weight, normalization, missing });
	return {
		id: 'telco-all', name: 'Telco: every kind', bands: [...defaultBands().slice(0, 2), { label: "Healthy 'n' \"happy\"", min: 66.6, color: '#1e8449', action: "Say 'thanks'" }],
		metrics: [
			m('tenure rank', 'tenure', 1 / 3, { kind: 'percentile', higherIsBetter: true }, { kind: 'median' }),
			m('charges target', HOSTILE, 2.5, { kind: 'target', zeroBelow: 18, lo: 30, hi: 70.25, zeroAbove: 118.75 }, { kind: 'zero' }),
			m('total linear reversed', 'TotalCharges', 1.7, { kind: 'linear', worst: 8000, best: 0 }, { kind: 'median' }),
			m('total rank lower better', 'TotalCharges', 0.9, { kind: 'percentile', higherIsBetter: false }, { kind: 'fixed', value: 25 }),
			m('contract', 'Contract', 4, { kind: 'category', points: { 'Month-to-month': 0, 'One year': 62.5, [HOSTILE_LEVEL]: 100 }, otherPoints: null }, { kind: 'skip' }),
			m('payment two of four', 'PaymentMethod', 1, { kind: 'category', points: { 'Electronic check': 10, 'Mailed check': 70 }, otherPoints: null }, { kind: 'median' }),
			m('tenure grades with a gap', 'tenure', 1.25, { kind: 'thresholds', ranges: [{ from: null, to: 12, points: 20 }, { from: 24, to: 48, points: 60 }, { from: 48, to: null, points: 100 }] }, { kind: 'fixed', value: 50 }),
			m('tenure as is', 'tenure', 0.5, { kind: 'asIs' }, { kind: 'zero' }),
			m('tenure as category', 'tenure', 0.75, { kind: 'category', points: { '0': 0, '1': 10, '72': 100, 'x': 5 }, otherPoints: 50 }, { kind: 'skip' }),
			m('senior', 'SeniorCitizen', 0, { kind: 'category', points: { No: 100, Yes: 40 }, otherPoints: null }, { kind: 'skip' }),
			m('dependents by zero', 'Dependents', 0.3, { kind: 'category', points: { Yes: 100 }, otherPoints: null }, { kind: 'zero' })
		]
	};
}

describe('a scorecard of every normalization and policy as SQL, on Telco, in DuckDB', { timeout: 60_000 }, () => {
	const dataset = telco();
	const card = telcoScorecard();

	it('gives the app’s numbers for all 7,043 customers, hostile names included', async () => {
		await load('telco "quoted"', dataset, 'null');
		const sql = scorecardSql(card, { table: 'telco "quoted"', columnKinds: kindsOf(dataset.table), roles: dataset.meta.roles, generatedBy: 'test\nDROP TABLE x' });
		// The hostile name is only ever inside quotes or a comment line, never loose.
		expect(sql).toContain('"Monthly ""Charges""; DROP TABLE telco; --\n*/ \'x\'"');
		expect(sql.split('\n').filter((l) => l.startsWith('DROP'))).toEqual([]);
		const rows = await run(sql);
		expect(rows).toHaveLength(7043);
		const view = currentView(dataset);
		const missingTotal = (view.table.columns.TotalCharges as { values: Float64Array }).values.filter(Number.isNaN).length;
		expect(missingTotal).toBe(11);
		expectSameAsApp(rows, view.table, textArray((view.table.columns.customerID as TextColumn).values), card);
		// The table is still there after running a query built from its hostile names.
		expect((await run(`SELECT COUNT(*) AS n FROM ${quoteIdent('telco "quoted"')}`))[0].n).toBe(7043n);
	});

	it('takes medians and ranks over the whole table when there is no as-of column', async () => {
		const roles = { ...dataset.meta.roles, asOf: undefined };
		const sql = scorecardSql(card, { table: 'telco "quoted"', columnKinds: kindsOf(dataset.table), roles });
		expect(sql).not.toContain('PARTITION BY');
		const rows = await run(sql);
		expectSameAsApp(rows, dataset.table, textArray((dataset.table.columns.customerID as TextColumn).values), card);
	});

	it('refuses a scorecard it cannot score, naming the metric', () => {
		const bad = telcoScorecard();
		bad.metrics[1].column = 'nope';
		expect(() => scorecardSql(bad, { table: 't', columnKinds: kindsOf(dataset.table), roles: dataset.meta.roles })).toThrow('Metric "charges target": column "nope" is not in the data');
		const text = telcoScorecard();
		text.metrics[0].column = 'customerID';
		expect(() => scorecardSql(text, { table: 't', columnKinds: kindsOf(dataset.table), roles: dataset.meta.roles })).toThrow('holds text');
	});
});
