/**
 * Every snapshot of the portfolio scored with the scorecard version in force for its date, each row by its
 * segment's scorecard (else the default), with manual overrides applied while in force.
 *
 * The result, per row of the table (customer × snapshot), beside the table's HistoryLayout:
 *
 *   HistoryScores {
 *     score: Float64Array          0–100, NaN = no score
 *     band: Int8Array              index into the bands of the scorecard that scored the row; −1 = no score
 *     scorerOf: Uint16Array        index into `scorers` (NO_SCORER when nothing could score the row)
 *     overridden: Uint8Array       1 when an override set one of the row's sub-scores
 *     scorers: Scorer[]            which version and scorecard (id, name, segment)
 *     versions: VersionInfo[]      the versions scored with, in save order (the draft last, when previewed)
 *     snapshotVersion: Int32Array  per snapshot, index into `versions`
 *     changes: number[]            snapshot indices where the version in force differs from the previous snapshot's
 *     problems: string[]           versions that could not score a snapshot (e.g. a column an import took away)
 *   }
 *
 * Per-row sub-scores come on demand from HistoryScorer.explain. The population of a percentile rank or a
 * median fill is the rows one scorecard scores in one snapshot.
 */
import type { DatasetRoles } from './dataset';
import { rowsOfSnapshot, type HistoryLayout } from './history-layout';
import { overrideInForce, overridesByCustomer, type Override } from './overrides';
import { scorecardIndexFor, scorecardsOf, versionInForce, type ScorecardVersion } from './scorecard-set';
import { bandIndex, scoreTable, type ScoreResult } from './score';
import { rowRouter } from './scored-rows';
import type { Scorecard } from './scorecard';
import { cell, type Column, type Table } from './table';
import { PackedTexts } from './text-values';

/** What scores the history: the versions in save order (the unsaved draft last), the overrides, and today's date. */
export interface ScoringPlan {
	versions: ScorecardVersion[];
	overrides: Override[];
	/** yyyy-mm-dd: an undated snapshot uses the overrides not expired by today. */
	today: string;
}

/** One scorecard of one version, as it scored some rows. */
export interface Scorer {
	/** Index into HistoryScores.versions. */
	version: number;
	versionId: string;
	scorecardId: string;
	scorecardName: string;
	/** The segment it scores; null for the default scorecard. */
	segment: string | null;
}

/** What the history chart needs to know of a version. */
export interface VersionInfo {
	id: string;
	number: number;
	note: string;
	createdAt: string;
	appliesFrom: string | null;
}

export interface HistoryScores {
	score: Float64Array;
	band: Int8Array;
	scorerOf: Uint16Array;
	overridden: Uint8Array;
	scorers: Scorer[];
	versions: VersionInfo[];
	snapshotVersion: Int32Array;
	changes: number[];
	problems: string[];
}

export const NO_SCORER = 0xffff;

/** The rows one scorecard scored in one snapshot, and its result with overrides applied. */
export interface ScoredGroup {
	/** What makes it: snapshot, segment routing, scorecard and overrides (equal keys, equal results). */
	key: string;
	snapshot: number;
	scorer: number;
	scorecard: Scorecard;
	rows: Uint32Array;
	result: ScoreResult;
	/** Overrides applied: local row → metric index → override. */
	applied: Map<number, Map<number, Override>>;
}

/** The table's columns a scorecard reads, for these rows: views when the rows are one run, copies otherwise. */
export function groupTable(table: Table, rows: Uint32Array, scorecard: Scorecard): Table {
	const columns: Record<string, Column> = {};
	const run = rows.length > 0 && rows[rows.length - 1] - rows[0] === rows.length - 1;
	const a = rows.length ? rows[0] : 0, b = a + rows.length;
	for (const { column: name } of scorecard.metrics) {
		const column = table.columns[name];
		if (!column || columns[name]) continue;
		if (column.kind === 'number') columns[name] = { kind: 'number', values: run ? column.values.subarray(a, b) : gather(column.values, rows, new Float64Array(rows.length)) };
		else if (column.kind === 'category') columns[name] = { kind: 'category', levels: column.levels, codes: run ? column.codes.subarray(a, b) : gather(column.codes, rows, new Int32Array(rows.length)) };
		else columns[name] = { kind: 'text', values: column.values instanceof PackedTexts ? column.values.pick(rows) : gather(column.values as readonly (string | null)[], rows, new Array<string | null>(rows.length)) };
	}
	return { rowCount: rows.length, columns };
}

/** out[j] = values[rows[j]]: a plain loop (TypedArray.from with a map function is many times slower in V8). */
export function gather<T extends { [i: number]: V; length: number }, V>(values: { readonly [i: number]: V }, rows: ArrayLike<number>, out: T): T {
	for (let j = 0; j < rows.length; j++) out[j] = values[rows[j]];
	return out;
}

/**
 * Scores every row of `table` by `plan`. Returns the scores and the groups (kept by the caller for explain,
 * and passed back as `earlier`: a snapshot scored by the same scorecard, routing and overrides as then is not
 * scored again, so a draft that applies from the latest snapshot re-scores only that snapshot). `only`: score
 * that snapshot alone (the others' rows stay unscored), as the Overview needs the latest one first.
 */
export function scoreHistory(table: Table, layout: HistoryLayout, roles: Pick<DatasetRoles, 'id' | 'segment'>, plan: ScoringPlan, earlier: readonly ScoredGroup[] = [], only?: number): { scores: HistoryScores; groups: ScoredGroup[] } {
	const n = layout.rowCount;
	const { versions } = plan;
	const score = new Float64Array(n).fill(NaN);
	const band = new Int8Array(n).fill(-1);
	const scorerOf = new Uint16Array(n).fill(NO_SCORER);
	const overridden = new Uint8Array(n);
	const scorers: Scorer[] = [];
	const scorerIndex = new Map<string, number>();
	const problems: string[] = [];
	const groups: ScoredGroup[] = [];
	const segment = roles.segment ? table.columns[roles.segment] : undefined;
	const byCustomer = overridesByCustomer(plan.overrides);
	const idOf = customerIds(table, layout, roles.id);
	const snapshotVersion = Int32Array.from(layout.snapshots, (date) => versionInForce(versions, date));
	const reusable = new Map(earlier.map((g) => [g.key, g]));
	const overridesKey = plan.overrides.length ? JSON.stringify([plan.overrides, plan.today]) : '';
	const cardKeys = versions.map((v) => scorecardsOf(v.set).map((card) => JSON.stringify(card)));
	for (let s = 0; s < layout.snapshots.length; s++) {
		if (only !== undefined && s !== only) continue;
		const v = snapshotVersion[s];
		const cards = scorecardsOf(versions[v].set);
		const routing = JSON.stringify(versions[v].set.segments.map((x) => x.segment));
		const all = rowsOfSnapshot(layout, s);
		for (const [k, rows] of routeRows(all, segment, versions[v].set.segments.length ? (seg) => scorecardIndexFor(versions[v].set, seg) : null, cards.length)) {
			const scorecard = cards[k];
			const key = `${v}:${k}`;
			let index = scorerIndex.get(key);
			if (index === undefined) {
				index = scorers.length;
				scorerIndex.set(key, index);
				const seg = k === 0 ? null : versions[v].set.segments[k - 1].segment;
				scorers.push({ version: v, versionId: versions[v].id, scorecardId: scorecard.id, scorecardName: scorecard.name, segment: seg });
			}
			const groupKey = `${s}\n${routing}\n${k}\n${cardKeys[v][k]}\n${overridesKey}`;
			const before = reusable.get(groupKey);
			let group: ScoredGroup;
			if (before) group = { ...before, scorer: index };
			else {
				let result: ScoreResult;
				try {
					result = scoreTable(groupTable(table, rows, scorecard), scorecard);
				} catch (err) {
					problems.push(`Version ${versions[v].number} (${scorecard.name}) cannot score the snapshot ${layout.snapshots[s] || '(undated)'}: ${err instanceof Error ? err.message : String(err)}`);
					continue;
				}
				group = { key: groupKey, snapshot: s, scorer: index, scorecard, rows, result, applied: new Map() };
				applyOverrides(group, layout.snapshots[s], plan, layout.customerOf, byCustomer, idOf);
			}
			groups.push(group);
			scatter(group, score, band, scorerOf, index);
			for (const j of group.applied.keys()) overridden[group.rows[j]] = 1;
		}
	}
	const changes: number[] = [];
	for (let s = 1; s < snapshotVersion.length; s++) if (snapshotVersion[s] !== snapshotVersion[s - 1]) changes.push(s);
	const infos = versions.map(({ id, number, note, createdAt, appliesFrom }) => ({ id, number, note, createdAt, appliesFrom }));
	return { scores: { score, band, scorerOf, overridden, scorers, versions: infos, snapshotVersion, changes, problems }, groups };
}

/** Writes a group's scores, bands and scorer into the history's per-row arrays (a block copy when its rows are one run). */
function scatter({ rows, result }: ScoredGroup, score: Float64Array, band: Int8Array, scorerOf: Uint16Array, index: number): void {
	if (rows.length && rows[rows.length - 1] - rows[0] === rows.length - 1) {
		score.set(result.score, rows[0]);
		band.set(result.band, rows[0]);
		scorerOf.fill(index, rows[0], rows[0] + rows.length);
		return;
	}
	for (let j = 0; j < rows.length; j++) {
		const r = rows[j];
		score[r] = result.score[j];
		band[r] = result.band[j];
		scorerOf[r] = index;
	}
}

/** The rows of each scorecard (by index in the set): all to the default when there are no segment scorecards. */
function routeRows(rows: Uint32Array, segment: Column | undefined, route: ((segment: string | null) => number) | null, count: number): Map<number, Uint32Array> {
	if (!route || !segment) return new Map([[0, rows]]);
	const target = new Uint16Array(rows.length);
	const counts = new Int32Array(count);
	const scorecardOf = rowRouter(segment, route);
	for (let j = 0; j < rows.length; j++) {
		const k = scorecardOf(rows[j]);
		target[j] = k;
		counts[k]++;
	}
	const out = new Map<number, Uint32Array>();
	for (let k = 0; k < count; k++) if (counts[k]) out.set(k, new Uint32Array(counts[k]));
	const fill = new Int32Array(count);
	for (let j = 0; j < rows.length; j++) out.get(target[j])![fill[target[j]]++] = rows[j];
	return out;
}

/** Customer ID per customer index (text of the ID cell of its latest row), read on first use. */
function customerIds(table: Table, layout: HistoryLayout, idName: string): (c: number) => string {
	const column = table.columns[idName];
	const cache = new Map<number, string>();
	return (c) => {
		let id = cache.get(c);
		if (id === undefined) {
			const v = column ? cell(column, layout.latest[c]) : null;
			cache.set(c, (id = v === null ? '' : String(v)));
		}
		return id;
	};
}

/** Replaces the overridden sub-scores in the group's result and works out those rows' scores and bands again. */
function applyOverrides(group: ScoredGroup, date: string, plan: ScoringPlan, customerOf: Int32Array, byCustomer: Map<string, Override[]>, idOf: (c: number) => string): void {
	if (byCustomer.size === 0) return;
	const { result, scorecard, rows } = group;
	const metricIndex = new Map(scorecard.metrics.map((m, k) => [m.id, k]));
	for (let j = 0; j < rows.length; j++) {
		const c = customerOf[rows[j]];
		const list = c < 0 ? undefined : byCustomer.get(idOf(c));
		if (!list) continue;
		for (const o of list) {
			const k = metricIndex.get(o.metricId);
			if (k === undefined || !overrideInForce(o, date, plan.today)) continue;
			let row = group.applied.get(j);
			if (!row) group.applied.set(j, (row = new Map()));
			row.set(k, o);
		}
	}
	for (const [j, row] of group.applied) {
		let weighted = 0, total = 0;
		for (let k = 0; k < scorecard.metrics.length; k++) {
			const subs = result.subScores(k);
			const o = row.get(k);
			if (o) subs[j] = o.subScore;
			const sub = subs[j];
			if (sub !== sub) continue;
			weighted += result.weights[k] * sub;
			total += result.weights[k];
		}
		result.weightTotals[j] = total;
		result.score[j] = total > 0 ? weighted / total : NaN;
		result.band[j] = bandIndex(scorecard.bands, result.score[j]);
	}
}
