/**
 * The exported SQL bands a score as the app shows it (one decimal), in DuckDB: scores at and beside every
 * half-way case, against the app's bands, against the band of the shown text read back, and by hand.
 */
import { describe, expect, it } from 'vitest';
import { duckDbPerFile } from '../helpers/duckdb';
import { bandIndex, scoreTable } from '../../src/lib/core/score';
import { defaultBands, type Band, type Metric, type Scorecard } from '../../src/lib/core/scorecard';
import { scorecardSql } from '../../src/lib/core/sql';
import { formatScore } from '../../src/lib/format';

const db = duckDbPerFile();

/** The doubles next to x (x > 0), by its bits. */
const bits = new Float64Array(1), word = new BigInt64Array(bits.buffer);
const nextTo = (x: number, by: bigint) => ((bits[0] = x), (word[0] += by), bits[0]);

/** Every hundredth 0–100, and each half-way case (k + 0.5) / 10 with the two doubles either side of it. */
function edgeScores(): number[] {
	const out: number[] = [];
	for (let k = 0; k <= 10000; k++) out.push(k / 100);
	for (let k = 0; k < 1000; k++) for (const by of [-2n, -1n, 0n, 1n, 2n]) out.push(nextTo((k + 0.5) / 10, by));
	return out;
}

const band = (label: string, min: number): Band => ({ label, min, color: '#000000', action: `act ${label}` });
/** Starts on a tenth, between tenths (12.25, 33.35, 50.05), just below one (0.3 is 0.29999…) and at 100. */
const MANY = [0, 0.3, 7, 12.25, 33.35, 40, 50.05, 66.6, 69.9, 70, 99.9, 100].map((min) => band(`from ${min}`, min));

const asIs = (id: string, weight: number): Metric => ({ id, column: id, label: id, weight, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } });

async function scoreInDuckDb(name: string, columns: Record<string, number[]>, card: Scorecard): Promise<{ id: string; score: number | null; band: string | null }[]> {
	const names = Object.keys(columns);
	await db().run(`CREATE OR REPLACE TABLE ${name} (customer_id VARCHAR, ${names.map((n) => `${n} DOUBLE`).join(', ')})`);
	const appender = await db().createAppender(name);
	const n = columns[names[0]].length;
	for (let i = 0; i < n; i++) {
		appender.appendVarchar(String(i));
		for (const c of names) appender.appendDouble(columns[c][i]);
		appender.endRow();
	}
	appender.closeSync();
	const sql = scorecardSql(card, { table: name, columnKinds: Object.fromEntries(names.map((c) => [c, 'number'])), roles: { id: 'customer_id' } });
	const rows = (await db().runAndReadAll(sql)).getRowObjectsJS() as { customer_id: string; score: number | null; band: string | null }[];
	return rows.map((r) => ({ id: r.customer_id, score: r.score, band: r.band })).sort((a, b) => Number(a.id) - Number(b.id));
}

function appTable(columns: Record<string, number[]>) {
	const names = Object.keys(columns);
	return { rowCount: columns[names[0]].length, columns: Object.fromEntries(names.map((c) => [c, { kind: 'number' as const, values: Float64Array.from(columns[c]) }])) };
}

describe('the SQL export bands as the app shows the score', { timeout: 60_000 }, () => {
	it('by hand on the default bands: 69.94 Needs attention, 69.95 and 69.96 Healthy, no score no band', async () => {
		const values = [69.94, 69.95, 69.96, 70, 39.94, 39.95, 39.96, 0, 100, NaN];
		const rows = await scoreInDuckDb('by_hand', { x: values }, { id: 'h', name: 'h', metrics: [asIs('x', 1)], bands: defaultBands() });
		expect(rows.map((r) => r.band)).toEqual([
			'Needs attention', 'Healthy', 'Healthy', 'Healthy', 'At risk', 'Needs attention', 'Needs attention', 'At risk', 'Healthy', null
		]);
		expect(rows.map((r) => r.score)).toEqual([...values.slice(0, -1), null]);
	});

	it('gives the app’s band, and the band of the shown text, to every hundredth and every half-way case', async () => {
		const scores = edgeScores();
		const card: Scorecard = { id: 'm', name: 'many', metrics: [asIs('x', 1)], bands: MANY };
		const rows = await scoreInDuckDb('edges', { x: scores }, card);
		const app = scoreTable(appTable({ x: scores }), card);
		expect(rows).toHaveLength(scores.length);
		const mismatches: string[] = [];
		rows.forEach((r, i) => {
			// The band whose start the shown text (read back as a number) reaches, found without bandIndex.
			const shown = Number(formatScore(scores[i]));
			const byText = MANY.filter((b) => shown >= b.min).at(-1)!.label;
			const byApp = MANY[app.band[i]].label;
			if (r.score !== scores[i] || r.band !== byApp || r.band !== byText) mismatches.push(`${scores[i]}: SQL ${r.band}, app ${byApp}, shown ${formatScore(scores[i])} → ${byText}`);
		});
		expect(mismatches).toEqual([]);
		// The half-way cases go up, the doubles below them down: 12.25 is "from 12.25", the double below is not.
		const at = (s: number) => rows[scores.indexOf(s)].band;
		expect([at(12.25), at(nextTo(12.25, -1n)), at(33.35), at(nextTo(33.35, -1n)), at(99.95), at(0.25)]).toEqual([
			'from 12.25', 'from 7', 'from 33.35', 'from 12.25', 'from 100', 'from 0.3'
		]);
	});

	it('and through the weighted mean: two metrics with awkward weights, scores landing on half-way cases', async () => {
		// (a / 3 + 2.5 b) / (1/3 + 2.5): a grid of values whose means fall on and beside tenths and half-tenths.
		const a: number[] = [], b: number[] = [];
		for (let i = 0; i <= 200; i++) for (let j = 0; j <= 60; j++) (a.push(i / 2), b.push(40 + j / 20));
		const card: Scorecard = { id: 'w', name: 'weighted', metrics: [asIs('a', 1 / 3), asIs('b', 2.5)], bands: MANY };
		const rows = await scoreInDuckDb('weighted', { a, b }, card);
		const app = scoreTable(appTable({ a, b }), card);
		let mismatches = 0, halfWay = 0;
		rows.forEach((r, i) => {
			if (r.band !== MANY[bandIndex(MANY, app.score[i])].label || r.band !== MANY[app.band[i]].label) mismatches++;
			if (Math.abs(app.score[i] * 10 - Math.floor(app.score[i] * 10) - 0.5) < 1e-9) halfWay++;
		});
		expect(mismatches).toBe(0);
		expect(halfWay).toBeGreaterThan(100);
	});
});
