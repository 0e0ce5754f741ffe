/**
 * Holds one table and scores its history on demand: what the scoring worker runs (and node tests run in
 * process). Also the current view's scores in the shape the Overview and Customers pages read, and the
 * per-row explanation (sub-scores, overrides, contributions) the Customer page shows.
 */
import type { DatasetRoles } from './dataset';
import { gather, scoreHistory, type HistoryScores, type ScoredGroup, type ScoringPlan } from './history';
import { layoutOf, rowsOfSnapshot, type HistoryLayout } from './history-layout';
import { metricColumns } from './metric-columns';
import type { Band } from './scorecard';
import { bandMapsToDefault, scorecardsOfScorers } from './history-views';
import type { Override } from './overrides';
import { summarizePortfolio, type PortfolioSummary } from './portfolio';
import { scorecardsOf, type ScorecardSet } from './scorecard-set';
import { cell, type Table } from './table';
import { snapshotTrend, type TrendPoint } from './trend';

/**
 * The portfolio trend (core/trend.ts portfolioTrend) of a scoring, stacked on the bands of the plan's newest
 * version's default scorecard, whose labels are `bands`: the trend to show while the page's bands have these labels.
 */
export interface HistoryTrend {
	bands: string[];
	points: TrendPoint[];
}

/**
 * The latest snapshot's scores, row for row with HistoryLayout.viewRows, by metric column: every metric of the
 * scorecards of the version in force for the latest snapshot (core/metric-columns), the default's first.
 */
export interface ViewScores {
	score: Float64Array;
	band: Int8Array;
	weightTotals: Float64Array;
	/** Per metric column, its label and the id of its metric in the first scorecard that has it (the default's where it has it). */
	labels: string[];
	metricIds: string[];
	/** Per metric column, its weight in the default scorecard (0 where the default has no such metric). */
	weights: Float64Array;
	/** Per metric column, the default scorecard's customers without a usable value. */
	missingCounts: Int32Array;
	/** Per metric column, the sub-score of each view row from the scorecard that scored it (NaN where skipped or it has no such metric). */
	subScores: Float64Array[];
	/** The scorecards of the version in force: "Default", then each segment scorecard's segment. */
	scorecardNames: string[];
	/** Per scorecard (as scorecardNames), per metric column, its weight; NaN where it has no such metric. */
	scorecardWeights: Float64Array[];
	/** Per scorecard (as scorecardNames), its bands: `band` indexes those of the row's scorecard. */
	scorecardBands: Band[][];
	/** Per view row, the index of the scorecard that scored it in scorecardNames; NO_SCORECARD when none did. */
	scorecardOf: Uint16Array;
	/** Per view row, its band as an index into the default scorecard's bands (a segment's own by label, else position), as the Overview counts and the Band filter matches it; −1 for no score. */
	defaultBand: Int8Array;
	summary: PortfolioSummary;
}

/** ViewScores.scorecardOf of a row no scorecard scored. */
export const NO_SCORECARD = 0xffff;

/** One metric of one row as its scorecard scored it. */
export interface MetricExplanation {
	id: string;
	label: string;
	column: string;
	weight: number;
	/** The raw value, as the table holds it (NaN / null = missing). */
	value: number | string | null;
	/** The sub-score used (the override's when one applies); NaN when the metric was skipped. */
	subScore: number;
	/** Points it adds to the score (0 when it does not count). */
	contribution: number;
	override: Override | null;
}

/** A customer of the latest snapshot whose band differs between two scorecard sets (labels; null = no score). */
export interface BandChange {
	row: number;
	from: string | null;
	to: string | null;
	scoreA: number;
	scoreB: number;
}

/** Why one row has its score. */
export interface RowExplanation {
	row: number;
	scorer: number;
	score: number;
	band: number;
	metrics: MetricExplanation[];
}

export class HistoryScorer {
	#table: Table | null = null;
	#roles: DatasetRoles | null = null;
	#layout: HistoryLayout | null = null;
	#groups: ScoredGroup[] = [];
	/** Per row: its group and its index within it (−1 when no group scored it). */
	#groupOf = new Int32Array(0);
	#localOf = new Int32Array(0);
	/** Per snapshot, its trend point and what made it (bands, and the keys of the groups that scored it). */
	#trendOf: { key: string; point: TrendPoint }[] = [];
	/** Per row, its position in layout.viewRows (−1 when not a latest-snapshot row); made on first use per table. */
	#viewPosition: Int32Array | null = null;
	/** The latest snapshot scored ahead by scoreView, for score(plan) with the same plan to go on from. */
	#first: { plan: ScoringPlan; groups: ScoredGroup[]; view: ViewScores } | null = null;

	/** Takes a new table; returns its layout. Earlier scores are forgotten. `coded`: its ID column's customer codes, when known (see layoutOf). */
	setTable(table: Table, roles: DatasetRoles, coded?: { codes: Int32Array; count: number }): HistoryLayout {
		this.#table = table;
		this.#roles = roles;
		this.#layout = layoutOf(table, roles, coded);
		this.#groups = [];
		this.#groupOf = new Int32Array(table.rowCount).fill(-1);
		this.#localOf = new Int32Array(table.rowCount);
		this.#trendOf = [];
		this.#viewPosition = null;
		this.#first = null;
		return this.#layout;
	}

	/**
	 * Scores the history. After scoreView(plan) with this same plan, the latest snapshot's groups are not scored
	 * again and its view is the one given then (the scoring worker has sent it on already).
	 */
	score(plan: ScoringPlan): { scores: HistoryScores; view: ViewScores; trend: HistoryTrend } {
		const table = this.#table, layout = this.#layout, roles = this.#roles;
		if (!table || !layout || !roles) throw new Error('no table to score: setTable first');
		const first = this.#first?.plan === plan ? this.#first : null;
		this.#first = null;
		const { scores, groups } = scoreHistory(table, layout, roles, plan, first ? [...first.groups, ...this.#groups] : this.#groups);
		this.#index(this.#groups, groups);
		this.#groups = groups;
		return { scores, view: first?.view ?? this.#view(plan, scores, groups), trend: this.#trend(plan, scores) };
	}

	/**
	 * The latest snapshot's scores alone (what the Overview and Customers pages show), before the other snapshots
	 * are scored: a million-row history's view comes in a quarter of the time. score(plan) then goes on from it.
	 */
	scoreView(plan: ScoringPlan): ViewScores {
		const table = this.#table, layout = this.#layout, roles = this.#roles;
		if (!table || !layout || !roles) throw new Error('no table to score: setTable first');
		const last = layout.snapshots.length - 1;
		const { scores, groups } = scoreHistory(table, layout, roles, plan, this.#groups, last);
		const view = this.#view(plan, scores, groups);
		this.#first = { plan, groups, view };
		return view;
	}

	/**
	 * The trend of this scoring. A snapshot whose groups are the ones that scored it last time (same keys: same
	 * rows, scorecard, routing and overrides) keeps its point; only the others are aggregated again, so a draft
	 * applying from the latest snapshot aggregates that snapshot's rows only.
	 */
	#trend(plan: ScoringPlan, scores: HistoryScores): HistoryTrend {
		const layout = this.#layout!, table = this.#table!;
		const bands = plan.versions.at(-1)?.set.default.bands ?? [];
		const labels = bands.map((b) => b.label);
		if (bands.length === 0) return { bands: labels, points: [] };
		const keys = layout.snapshots.map(() => [JSON.stringify(labels)]);
		for (const g of this.#groups) keys[g.snapshot].push(g.key);
		const cards = scorecardsOfScorers({ table, layout, scores, versions: plan.versions });
		const maps = bandMapsToDefault(cards, bands);
		const arrName = this.#roles!.arr;
		const arrColumn = arrName ? table.columns[arrName] : undefined;
		const arr = arrColumn?.kind === 'number' ? arrColumn.values : null;
		const points = layout.snapshots.map((asOf, s) => {
			const key = keys[s].join('\n');
			const cached = this.#trendOf[s];
			if (cached?.key === key) return cached.point;
			const point = snapshotTrend({ asOf, rows: rowsOfSnapshot(layout, s), score: scores.score, band: scores.band, maps, scorerOf: scores.scorerOf, bandCount: bands.length, arr });
			this.#trendOf[s] = { key, point };
			return point;
		});
		return { bands: labels, points };
	}

	/**
	 * Points each row at its group and its place in it. A group at the same index with the same rows (kept from
	 * the last scoring) is pointed at already; only the rows of the other groups are visited: the ones the earlier
	 * groups held are cleared first, then the new ones set (each scoring's groups hold every row at most once).
	 */
	#index(before: readonly ScoredGroup[], after: readonly ScoredGroup[]): void {
		const groupOf = this.#groupOf, localOf = this.#localOf;
		before.forEach((g, index) => {
			if (after[index]?.rows === g.rows) return;
			for (let j = 0; j < g.rows.length; j++) groupOf[g.rows[j]] = -1;
		});
		after.forEach((g, index) => {
			if (before[index]?.rows === g.rows) return;
			for (let j = 0; j < g.rows.length; j++) {
				groupOf[g.rows[j]] = index;
				localOf[g.rows[j]] = j;
			}
		});
	}

	/** Per row, its position among the view rows (−1 for a row of an earlier snapshot). */
	#viewPositions(): Int32Array {
		if (this.#viewPosition) return this.#viewPosition;
		const layout = this.#layout!;
		const position = new Int32Array(layout.rowCount).fill(-1);
		for (let p = 0; p < layout.viewRows.length; p++) position[layout.viewRows[p]] = p;
		return (this.#viewPosition = position);
	}

	#view(plan: ScoringPlan, scores: HistoryScores, groups: readonly ScoredGroup[]): ViewScores {
		const layout = this.#layout!, table = this.#table!;
		const rows = layout.viewRows;
		const last = layout.snapshots.length - 1;
		const set = plan.versions[scores.snapshotVersion[last]].set;
		const card = set.default;
		const cards = scorecardsOf(set);
		const { columns, columnsOf } = metricColumns(cards);
		const score = gather(scores.score, rows, new Float64Array(rows.length));
		const band = gather(scores.band, rows, new Int8Array(rows.length));
		const weightTotals = new Float64Array(rows.length).fill(0);
		const subScores = columns.map(() => new Float64Array(rows.length).fill(NaN));
		const missingCounts = new Int32Array(columns.length);
		const scorecardWeights = cards.map((c) => {
			const out = new Float64Array(columns.length).fill(NaN);
			columnsOf(c).forEach((d, k) => (out[d] = c.metrics[k].weight));
			return out;
		});
		const scorecardOf = new Uint16Array(rows.length).fill(NO_SCORECARD);
		const at = this.#viewPositions();
		for (const g of groups) {
			if (g.snapshot !== last) continue;
			// The default scorecard of the version in force: a group kept from an earlier scoring holds an equal
			// scorecard, not the same object, so it is told by its scorer (and a segment's by its segment).
			const scorer = scores.scorers[g.scorer];
			const isDefault = scorer.version === scores.snapshotVersion[last] && scorer.segment === null;
			const c = scorer.segment === null ? 0 : set.segments.findIndex((x) => x.segment === scorer.segment) + 1;
			// A group of every view row holds them in view order (both in table order): block copies.
			const whole = g.rows.length === rows.length;
			columnsOf(g.scorecard).forEach((d, k) => {
				if (d < 0) return;
				const subs = g.result.subScores(k);
				const out = subScores[d];
				if (whole) out.set(subs);
				else for (let j = 0; j < g.rows.length; j++) out[at[g.rows[j]]] = subs[j];
				if (isDefault) missingCounts[d] += g.result.missingCounts[k];
			});
			if (whole) weightTotals.set(g.result.weightTotals);
			else for (let j = 0; j < g.rows.length; j++) weightTotals[at[g.rows[j]]] = g.result.weightTotals[j];
			if (whole) scorecardOf.fill(c);
			else for (let j = 0; j < g.rows.length; j++) scorecardOf[at[g.rows[j]]] = c;
		}
		const arrName = this.#roles!.arr;
		const arrColumn = arrName ? table.columns[arrName] : undefined;
		const arr = arrColumn?.kind === 'number' ? gather(arrColumn.values, rows, new Float64Array(rows.length)) : undefined;
		// Counted in the default's bands, as the trend stacks them: a segment scorecard's own bands by label, else position.
		const maps = bandMapsToDefault(cards, card.bands);
		const asDefault = maps ? band.map((b, j) => (b < 0 ? -1 : (maps[scorecardOf[j]]?.[b] ?? -1))) : band;
		const summary = summarizePortfolio({ rowCount: rows.length, score, band: asDefault } as Parameters<typeof summarizePortfolio>[0], card.bands, arr);
		const labels = columns.map((c) => c.label), metricIds = columns.map((c) => c.id);
		const weights = scorecardWeights[0].map((w) => (w === w ? w : 0));
		const scorecardNames = ['Default', ...set.segments.map((x) => x.segment)];
		const scorecardBands = cards.map((c) => c.bands);
		return { score, band, weightTotals, labels, metricIds, weights, missingCounts, subScores, scorecardNames, scorecardWeights, scorecardBands, scorecardOf, defaultBand: asDefault, summary };
	}

	/**
	 * The latest snapshot's customers whose band differs between two scorecard sets (each scoring every
	 * snapshot on its own, overrides included), with both scores. Bands are compared by label.
	 */
	compare(a: ScorecardSet, b: ScorecardSet, overrides: Override[], today: string): BandChange[] {
		const table = this.#table, layout = this.#layout, roles = this.#roles;
		if (!table || !layout || !roles) throw new Error('no table to compare on: setTable first');
		const run = (set: ScorecardSet) => scoreHistory(table, layout, roles, { versions: [{ id: 'compare', number: 1, createdAt: '', note: '', appliesFrom: null, set }], overrides, today }).scores;
		const sa = run(a), sb = run(b);
		const label = (scores: HistoryScores, set: ScorecardSet, r: number) => {
			const scorer = scores.scorers[scores.scorerOf[r]];
			const card = scorer ? scorecardsOf(set).find((c) => c.id === scorer.scorecardId) : undefined;
			return scores.band[r] < 0 || !card ? null : card.bands[scores.band[r]].label;
		};
		const changes: BandChange[] = [];
		for (const r of layout.viewRows) {
			const from = label(sa, a, r), to = label(sb, b, r);
			if (from !== to) changes.push({ row: r, from, to, scoreA: sa.score[r], scoreB: sb.score[r] });
		}
		return changes;
	}

	/** Each row's metrics, sub-scores, overrides and contributions, as last scored. */
	explain(rows: readonly number[]): RowExplanation[] {
		const table = this.#table;
		if (!table) return [];
		return rows.map((row) => {
			const g = this.#groupOf[row] >= 0 ? this.#groups[this.#groupOf[row]] : undefined;
			if (!g) return { row, scorer: -1, score: NaN, band: -1, metrics: [] };
			const j = this.#localOf[row];
			const { result, scorecard } = g;
			const total = result.weightTotals[j];
			const applied = g.applied.get(j);
			const metrics = scorecard.metrics.map((m, k): MetricExplanation => {
				const sub = result.subScores(k)[j];
				const column = table.columns[m.column];
				return {
					id: m.id, label: m.label, column: m.column, weight: m.weight,
					value: column ? cell(column, row) : null,
					subScore: sub,
					contribution: sub === sub && total > 0 && m.weight > 0 ? (m.weight * sub) / total : 0,
					override: applied?.get(k) ?? null
				};
			});
			return { row, scorer: g.scorer, score: result.score[j], band: result.band[j], metrics };
		});
	}
}
