/**
 * `checkup score`, spawned as a user runs it (the package's bin), against the app's core in-process and an
 * independent formula: the Telco hand score of reference/telco_stats.json and the demo portfolio written as CSV.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { currentView } from '../../src/lib/core/portfolio';
import { contributionsOf, scoreTable } from '../../src/lib/core/score';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import { toScorecardFile, writeScorecardFile } from '../../src/lib/core/scorecard-file';
import { cell, selectRows } from '../../src/lib/core/table';
import { runCheckup } from './run-checkup';
import { SHARED_DATA, readSharedCsv } from '../helpers/shared-data';

let dir: string;

const checkup = (...args: string[]) => runCheckup(dir, args);

function writeCard(name: string, card: Scorecard): string {
	const path = join(dir, name);
	writeFileSync(path, writeScorecardFile(toScorecardFile(card, { exportedAt: '2026-11-22T00:00:00.000Z' })));
	return path;
}

function rowsOf(csv: string): Record<string, string>[] {
	const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
	expect(parsed.errors).toEqual([]);
	return parsed.data;
}

// health = 40·min(tenure, 36)/36 + contract (two-year 40, one-year 25, month-to-month 0) + charges (<50: 20, <80: 10, else 0)
const handScore: Scorecard = {
	id: 'hand', name: 'Telco hand score', bands: defaultBands(),
	metrics: [
		{ id: 'tenure', column: 'tenure', label: 'Tenure', weight: 40, normalization: { kind: 'linear', worst: 0, best: 36 }, missing: { kind: 'skip' } },
		{ id: 'contract', column: 'Contract', label: 'Contract', weight: 40, normalization: { kind: 'category', points: { 'Month-to-month': 0, 'One year': 62.5, 'Two year': 100 }, otherPoints: null }, missing: { kind: 'skip' } },
		{ id: 'charges', column: 'MonthlyCharges', label: 'Monthly charges', weight: 20, normalization: { kind: 'thresholds', ranges: [{ from: null, to: 50, points: 100 }, { from: 50, to: 80, points: 50 }, { from: 80, to: null, points: 0 }] }, missing: { kind: 'skip' } }
	]
};

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'checkup-cli-'));
	// The first run may build the bundle; later runs in this file reuse it.
	expect(checkup('--help').code).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkup score', { timeout: 60_000 }, () => {
	it('scores Telco exactly as the reference formula (numpy’s, in reference/telco_stats.json’s hand score)', () => {
		const run = checkup('score', SHARED_DATA + 'telco_customer_churn.csv', '--scorecard', writeCard('hand.json', handScore));
		expect(run.err).toBe('');
		expect(run.code).toBe(0);
		const rows = rowsOf(run.out);
		const source = readSharedCsv('telco_customer_churn.csv');
		expect(rows).toHaveLength(7043);
		let worst = 0, wrongBands = 0;
		rows.forEach((r, i) => {
			const s = source[i];
			expect(r.customer_id).toBe(s.customerID);
			const t = Number(s.tenure), m = Number(s.MonthlyCharges);
			const health = (Math.min(t, 36) / 36) * 40 + (s.Contract === 'Two year' ? 40 : s.Contract === 'Month-to-month' ? 0 : 25) + (m < 50 ? 20 : m < 80 ? 10 : 0);
			worst = Math.max(worst, Math.abs(Number(r.score) - health));
			// The band of the score as shown, to one decimal (README), rounded with toFixed, not the app's code: the
			// hand scores (10·tenure/9 + whole points) never fall on a half-tenth, where toFixed's rule could differ.
			const shown = Number(health.toFixed(1));
			if (r.band !== (shown >= 70 ? 'Healthy' : shown >= 40 ? 'Needs attention' : 'At risk')) wrongBands++;
			const contributions = ['Tenure', 'Contract', 'Monthly charges'].reduce((sum, l) => sum + Number(r[`${l} contribution`]), 0);
			expect(contributions).toBeCloseTo(Number(r.score), 9);
		});
		expect(worst).toBeLessThan(1e-9);
		expect(wrongBands).toBe(0);
	});

	it('gives the app’s numbers for the demo portfolio written as CSV: latest snapshot, every score, band, sub-score and contribution', () => {
		const demo = generateDemo({ accounts: 600 });
		const names = Object.keys(demo.table.columns);
		const lines = Array.from({ length: demo.table.rowCount }, (_, i) => names.map((n) => {
			const v = cell(demo.table.columns[n], i);
			return v === null || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v);
		}));
		const csv = join(dir, 'demo.csv');
		writeFileSync(csv, Papa.unparse({ fields: names, data: lines }));
		const run = checkup('score', csv, '-s', writeCard('demo.json', demoScorecard()));
		expect(run.code, run.err).toBe(0);
		const view = currentView(demo);
		expect(run.err).toContain(`Scored the latest snapshot, ${view.asOf}: ${view.table.rowCount} customers.`);
		const app = scoreTable(view.table, demoScorecard());
		const rows = rowsOf(run.out);
		expect(rows).toHaveLength(view.table.rowCount);
		const card = demoScorecard();
		rows.forEach((r, i) => {
			expect(r.customer_id).toBe(cell(view.table.columns.account_id, i));
			expect(r.score === '' ? NaN : Number(r.score)).toBe(app.score[i]);
			expect(r.band).toBe(app.band[i] < 0 ? '' : card.bands[app.band[i]].label);
			const contributions = contributionsOf(app, i);
			card.metrics.forEach((m, k) => {
				const sub = app.subScores(k)[i];
				expect(r[`${m.label} sub-score`]).toBe(Number.isNaN(sub) ? '' : String(sub));
				expect(r[`${m.label} contribution`]).toBe(Number.isNaN(sub) ? '' : String(contributions[k]));
			});
		});
	});

	it('scores with segment scorecards as the app does: each segment by its own scorecard, ranked within itself', () => {
		const demo = generateDemo({ accounts: 600 });
		const names = Object.keys(demo.table.columns);
		const lines = Array.from({ length: demo.table.rowCount }, (_, i) => names.map((n) => {
			const v = cell(demo.table.columns[n], i);
			return v === null || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v);
		}));
		const csv = join(dir, 'demo-segments.csv');
		writeFileSync(csv, Papa.unparse({ fields: names, data: lines }));
		const enterprise = demoScorecard();
		enterprise.id = 'enterprise';
		enterprise.name = 'Enterprise card';
		enterprise.metrics[0] = { ...enterprise.metrics[0], weight: 50, normalization: { kind: 'percentile', higherIsBetter: true }, missing: { kind: 'median' } };
		const file = join(dir, 'set.json');
		writeFileSync(file, writeScorecardFile(toScorecardFile(demoScorecard(), { exportedAt: 'x', segments: [{ segment: 'Enterprise', scorecard: enterprise }] })));
		const run = checkup('score', csv, '-s', file);
		expect(run.code, run.err).toBe(0);
		const rows = rowsOf(run.out);
		// The app's export columns, in the Customers table's order.
		expect(run.out.split(/\r?\n/)[0].replace(/^\uFEFF/, '').split(',').slice(0, 10)).toEqual(['customer_id', 'name', 'score', 'band', 'recommended_action', 'segment', 'owner', 'arr', 'scorecard', 'overridden']);
		const view = currentView(demo);
		expect(rows).toHaveLength(view.table.rowCount);
		const segment = view.table.columns.segment;
		const isEnterprise = (i: number) => cell(segment, i) === 'Enterprise';
		// By hand: the Enterprise customers scored as their own table with their card; everyone else with the default.
		const pick = (want: boolean) => Uint32Array.from({ length: view.table.rowCount }, (_, i) => i).filter((i) => isEnterprise(i) === want);
		const ent = pick(true), rest = pick(false);
		expect(ent.length).toBeGreaterThan(20);
		const entScores = scoreTable(selectRows(view.table, ent), enterprise).score;
		const restScores = scoreTable(selectRows(view.table, rest), demoScorecard()).score;
		const expected = new Float64Array(view.table.rowCount);
		ent.forEach((i, j) => (expected[i] = entScores[j]));
		rest.forEach((i, j) => (expected[i] = restScores[j]));
		rows.forEach((r, i) => {
			expect(r.customer_id).toBe(cell(view.table.columns.account_id, i));
			expect(r.scorecard).toBe(isEnterprise(i) ? 'Enterprise' : 'Default');
			expect(r.score === '' ? NaN : Number(r.score)).toBe(expected[i]);
		});
		expect(run.err).toContain(`customers per scorecard: Demo health score: ${rest.length}, Enterprise card: ${ent.length}`);
	});

	it('writes a column for every metric of any scorecard, empty where the customer’s scorecard has no such metric', () => {
		// The hand-worked case of test/core/metric-columns.test.ts: Gold drops Usage, adds NPS and weighs Tickets 3.
		const csv = join(dir, 'gold.csv');
		writeFileSync(csv, 'customer_id,segment,u,t,n\ng1,Gold,10,40,80\nd1,Basic,90,20,0\ng2,Gold,50,,60\n');
		const metric = (id: string, label: string, weight: number) => ({ id, column: id, label, weight, normalization: { kind: 'asIs' as const }, missing: { kind: 'skip' as const } });
		const def: Scorecard = { id: 'default', name: 'Default card', bands: defaultBands(), metrics: [metric('u', 'Usage', 1), metric('t', 'Tickets', 1)] };
		const gold: Scorecard = { id: 'gold', name: 'Gold card', bands: defaultBands(), metrics: [metric('t', 'Tickets', 3), metric('n', 'NPS', 1)] };
		const file = join(dir, 'gold-set.json');
		writeFileSync(file, writeScorecardFile(toScorecardFile(def, { exportedAt: 'x', segments: [{ segment: 'Gold', scorecard: gold }] })));
		const run = checkup('score', csv, '-s', file, '--role', 'segment=segment');
		expect(run.code, run.err).toBe(0);
		const lines = Papa.parse<string[]>(run.out.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
		// No name, owner or ARR in the file: those columns are left out, not written blank (as in the app).
		expect(lines[0].slice(0, 5)).toEqual(['customer_id', 'score', 'band', 'recommended_action', 'segment']);
		expect(lines[0].slice(5)).toEqual(['scorecard', 'overridden', 'Usage sub-score', 'Usage contribution', 'Tickets sub-score', 'Tickets contribution', 'NPS sub-score', 'NPS contribution']);
		// g1: (3 · 40 + 80) / 4 = 50, points 30 and 20; d1: (90 + 20) / 2 = 55; g2: NPS alone, 60.
		expect(lines.slice(1).map((l) => [l[0], l[1], ...l.slice(5)])).toEqual([
			['g1', '50', 'Gold', '', '', '', '40', '30', '80', '20'],
			['d1', '55', 'Default', '', '90', '45', '20', '10', '', ''],
			['g2', '60', 'Gold', '', '', '', '', '', '60', '60']
		]);
	});

	it('reads the BigML file (header with a trailing space) like the app, and writes to --output', () => {
		const card: Scorecard = {
			id: 'b', name: 'BigML', bands: defaultBands(),
			metrics: [
				{ id: 'calls', column: 'customer service calls', label: 'Service calls', weight: 2, normalization: { kind: 'target', zeroBelow: -1, lo: 0, hi: 2, zeroAbove: 6 }, missing: { kind: 'skip' } },
				{ id: 'plan', column: 'international plan', label: 'Intl plan', weight: 1, normalization: { kind: 'category', points: { No: 100, Yes: 20 }, otherPoints: null }, missing: { kind: 'zero' } },
				{ id: 'day', column: 'total day minutes', label: 'Day minutes', weight: 1, normalization: { kind: 'percentile', higherIsBetter: false }, missing: { kind: 'median' } }
			]
		};
		const out = join(dir, 'bigml-scored.csv');
		const run = checkup('score', SHARED_DATA + 'telecom_churn_bigml.csv', '--scorecard', writeCard('bigml.json', card), '--output', out);
		expect(run.code, run.err).toBe(0);
		expect(run.out).toBe('');
		const rows = rowsOf(readFileSync(out, 'utf8'));
		const source = readSharedCsv('telecom_churn_bigml.csv');
		expect(rows.map((r) => r.customer_id)).toEqual(source.map((s) => s['phone number']));
		// Service calls by hand: 100 inside 0–2, falling to 0 at 6.
		rows.forEach((r, i) => {
			const c = Number(source[i]['customer service calls']);
			expect(Number(r['Service calls sub-score'])).toBeCloseTo(c <= 2 ? 100 : c >= 6 ? 0 : ((6 - c) * 100) / 4, 12);
		});
	});

	it('neutralises text a spreadsheet would run as a formula', () => {
		const csv = join(dir, 'formula.csv');
		writeFileSync(csv, 'customer_id,name,usage\n=1+1,"@SUM(A1)",5\n-2+3,+cmd,7\n');
		const card: Scorecard = { id: 'f', name: 'F', bands: defaultBands(), metrics: [{ id: 'u', column: 'usage', label: '=usage', weight: 1, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } }] };
		const run = checkup('score', csv, '-s', writeCard('f.json', card));
		expect(run.code, run.err).toBe(0);
		const lines = run.out.trim().split('\r\n');
		expect(lines[0]).toContain("'=usage sub-score");
		expect(lines[1].startsWith("'=1+1,'@SUM(A1),")).toBe(true);
		expect(lines[2].startsWith("'-2+3,'+cmd,")).toBe(true);
	});

	it('names the row and column of every value it could not read, and scores the rest', () => {
		const csv = join(dir, 'problems.csv');
		writeFileSync(csv, 'customer_id,usage,logins\nA,10,3\nB,abc,4\nC,30,x7\n');
		const card: Scorecard = { id: 'p', name: 'P', bands: defaultBands(), metrics: [{ id: 'u', column: 'usage', label: 'Usage', weight: 1, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } }] };
		const refused = checkup('score', csv, '-s', writeCard('p.json', card));
		expect(refused.code).toBe(2);
		expect(refused.err).toContain('The columns were read as: "customer_id" text, id; "usage" text, ignore; "logins" text, ignore.');
		const run = checkup('score', csv, '-s', writeCard('p.json', card), '--type', 'usage=number', '--type', 'logins=number');
		expect(run.code).toBe(0);
		expect(run.err).toContain('row 3, column "usage": "abc"');
		expect(run.err).toContain('row 4, column "logins": "x7"');
		expect(rowsOf(run.out).map((r) => r.score)).toEqual(['10', '', '30']);
	});
});

describe('checkup score refuses bad input with a message and exit code 2', { timeout: 60_000 }, () => {
	const card = () => writeCard('ok.json', handScore);
	const telco = SHARED_DATA + 'telco_customer_churn.csv';
	const cases: [string, () => string[], RegExp][] = [
		['a missing data file', () => ['score', 'nope.csv', '-s', card()], /The data file nope\.csv does not exist\./],
		['a missing scorecard file', () => ['score', telco, '-s', 'nope.json'], /The scorecard file nope\.json does not exist\./],
		['no --scorecard', () => ['score', telco], /score needs --scorecard/],
		['an unknown option', () => ['score', telco, '--bogus'], /Unknown option '--bogus'/],
		['an unknown command', () => ['frobnicate'], /unknown command "frobnicate"/],
		['a hostile scorecard', () => {
			writeFileSync(join(dir, 'hostile.json'), JSON.stringify({ ...toScorecardFile(handScore, { exportedAt: 'x' }), __proto__: null, scorecard: { ...handScore, metrics: [{ ...handScore.metrics[0], weight: 'abc' }] } }));
			return ['score', telco, '-s', 'hostile.json'];
		}, /hostile\.json is not a scorecard Checkup can use:\n {2}scorecard\.metrics\[0\]\.weight: expected a number, got "abc"/],
		['a scorecard that does not fit the data', () => ['score', SHARED_DATA + 'telecom_churn_bigml.csv', '-s', card()], /cannot score telecom_churn_bigml\.csv:\n {2}Metric "Tenure": column "tenure" is not in the data/],
		['segment scorecards for data without a segment column', () => {
			writeFileSync(join(dir, 'seg.json'), writeScorecardFile(toScorecardFile(handScore, { exportedAt: 'x', segments: [{ segment: 'Gold', scorecard: { ...handScore, id: 'gold' } }] })));
			return ['score', telco, '-s', 'seg.json'];
		}, /seg\.json has segment scorecards, but telco_customer_churn\.csv has no segment column: name it with --role "<column>=segment"\./],
		['a PNG renamed .csv', () => ['score', new URL('../fixtures/bad/png-renamed.csv', import.meta.url).pathname, '-s', card()], /^checkup: "png-renamed\.csv" looks like a PNG image, not a CSV\.\n$/],
		['an empty file', () => ['score', new URL('../fixtures/bad/empty.csv', import.meta.url).pathname, '-s', card()], /^checkup: "empty\.csv" is empty\.\n$/],
		['dates that could be either way', () => {
			writeFileSync(join(dir, 'dates.csv'), 'customer_id,as_of,usage\nA,03/04/2024,1\nB,05/06/2024,2\n');
			return ['score', 'dates.csv', '-s', card()];
		}, /Choose how "as_of" writes its dates: month\/day or day\/month\.\nGive a date format with --date-format/],
		['the same customer twice', () => {
			writeFileSync(join(dir, 'dupes.csv'), 'customer_id,usage\nA,1\nB,2\nA,3\n');
			return ['score', 'dupes.csv', '-s', card()];
		}, /1 customer ID is in the file more than once \("A" on rows 2, 4\)\. Choose which row to keep with --duplicates first or --duplicates last\./],
		['a role for a column the file lacks', () => ['score', telco, '-s', card(), '--role', 'Nope=id'], /has no column "Nope"/],
		['a bad --as-of', () => ['score', telco, '-s', card(), '--as-of', '2026-13-45'], /--as-of must be a date as yyyy-mm-dd, got "2026-13-45"/]
	];
	for (const [name, args, message] of cases) {
		it(name, () => {
			const run = checkup(...args());
			expect(run.err).toMatch(message);
			expect(run.code).toBe(2);
			expect(run.out).toBe('');
		});
	}

	it('leaves a contribution empty where a customer has no score, with or without segment scorecards', () => {
		// c1: A (weight 0) is 80, B (weight 1) is missing and skipped, so no weight is left and there is no score.
		writeFileSync(join(dir, 'noscore.csv'), 'customer_id,tier,a,b\nc1,gold,80,\nc2,gold,80,40\n');
		const metric = (id: string, weight: number) => ({ id, column: id, label: id.toUpperCase(), weight, normalization: { kind: 'asIs' as const }, missing: { kind: 'skip' as const } });
		const card: Scorecard = { id: 'n', name: 'N', bands: defaultBands(), metrics: [metric('a', 0), metric('b', 1)] };
		writeFileSync(join(dir, 'noscore-set.json'), writeScorecardFile(toScorecardFile(card, { exportedAt: 'x', segments: [{ segment: 'gold', scorecard: { ...card, id: 'g', name: 'Gold' } }] })));
		for (const args of [['-s', writeCard('noscore.json', card)], ['-s', 'noscore-set.json', '--role', 'tier=segment']]) {
			const run = checkup('score', 'noscore.csv', ...args);
			expect(run.code, run.err).toBe(0);
			const [c1, c2] = rowsOf(run.out);
			expect([c1.score, c1['A sub-score'], c1['A contribution'], c1['B contribution']]).toEqual(['', '80', '', '']);
			expect([c2.score, c2['A contribution'], c2['B contribution']]).toEqual(['40', '0', '40']);
		}
	});

	it('takes decisions as options: --date-format, --duplicates, --role', () => {
		writeFileSync(join(dir, 'decided.csv'), 'account,as_of,usage\nA,03/04/2024,10\nB,05/06/2024,20\nA,03/04/2024,30\n');
		const card: Scorecard = { id: 'd', name: 'D', bands: defaultBands(), metrics: [{ id: 'u', column: 'usage', label: 'Usage', weight: 1, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } }] };
		const run = checkup('score', 'decided.csv', '-s', writeCard('d.json', card), '--role', 'account=id', '--date-format', 'as_of=dmy', '--duplicates', 'last');
		expect(run.code, run.err).toBe(0);
		// dmy: 03/04 is 3 April, 05/06 is 5 June, the latest; only B is in it.
		expect(rowsOf(run.out)).toEqual([expect.objectContaining({ customer_id: 'B', score: '20' })]);
	});

	it('applies a remembered mapping file (as the app stores one) by column name, and refuses one made for other columns', () => {
		writeFileSync(join(dir, 'mapped.csv'), 'ref,usage,tier\nA,10,gold\nB,20,silver\n');
		const mapping = [
			{ index: 0, name: 'ref', type: 'text', role: 'id' },
			{ index: 1, name: 'usage', type: 'number', role: 'metric' },
			{ index: 2, name: 'tier', type: 'category', role: 'segment' }
		];
		writeFileSync(join(dir, 'mapping.json'), JSON.stringify({ version: 1, names: ['ref', 'tier', 'usage'], mapping }));
		const card: Scorecard = { id: 'm', name: 'M', bands: defaultBands(), metrics: [{ id: 'u', column: 'usage', label: 'Usage', weight: 1, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } }] };
		const run = checkup('score', 'mapped.csv', '-s', writeCard('m.json', card), '--mapping', 'mapping.json');
		expect(run.code, run.err).toBe(0);
		expect(rowsOf(run.out).map((r) => [r.customer_id, r.segment, r.score])).toEqual([['A', 'gold', '10'], ['B', 'silver', '20']]);
		writeFileSync(join(dir, 'other.json'), JSON.stringify({ version: 1, names: ['a', 'b'], mapping }));
		const refused = checkup('score', 'mapped.csv', '-s', 'm.json', '--mapping', 'other.json');
		expect(refused.code).toBe(2);
		expect(refused.err).toContain('The mapping file other.json is not a mapping for these columns');
	});

	it('prints help with exit code 0', () => {
		const run = checkup('score', '--help');
		expect(run.code).toBe(0);
		expect(run.out).toContain('Usage: checkup score <data.csv> --scorecard <scorecard.json>');
	});
});

describe('npx checkup, inside the repository', { timeout: 60_000 }, () => {
	it('runs the project’s own bin (offline: npx never asks the registry)', () => {
		const root = new URL('../..', import.meta.url).pathname;
		const run = spawnSync('npx', ['--offline', '--no', 'checkup', 'help'], { encoding: 'utf8', cwd: root });
		expect(run.status, run.stderr).toBe(0);
		expect(run.stdout).toContain('checkup score <data.csv> --scorecard <scorecard.json>');
	});
});
