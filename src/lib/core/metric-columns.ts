/**
 * The metric columns of a scorecard set, as the Customers table, its CSV and `checkup score` show them: a segment
 * scorecard may drop metrics of the default and add its own, so a column per metric of any scorecard, each
 * customer's cell filled from the scorecard that scored it and marked where that scorecard has no such metric.
 */
import type { ViewScores } from './history-scorer';
import type { ScoreResult } from './score';
import type { Band, Scorecard } from './scorecard';

/** One metric column: its header (the metric's label, numbered where labels repeat: uniqueLabels) and the id of the first scorecard's metric in it. */
export interface MetricColumn {
	label: string;
	id: string;
}

/** The union of the metrics of some scorecards. */
export interface MetricColumns {
	/** The first scorecard's metrics in its order, then each later scorecard's others in its order. */
	columns: MetricColumn[];
	/** Per metric of a scorecard (one of these, or an equal copy), its column; −1 for a metric in none of them. */
	columnsOf(card: Scorecard): Int32Array;
}

/** Each metric's key: its label (its id when it has none) and which metric of that label it is in its scorecard (the SQL export matches by it too). */
export function keysOf(card: Scorecard): string[] {
	const seen = new Map<string, number>();
	return card.metrics.map((m) => {
		const label = m.label || m.id;
		const n = seen.get(label) ?? 0;
		seen.set(label, n + 1);
		return JSON.stringify([label, n]);
	});
}

/**
 * Headers that name one column each: a label already taken gets the lowest free " (2)", " (3)"… so two metrics of
 * one label (a scorecard may have them) are two columns a spreadsheet or `checkup score` reader can tell apart;
 * labels that differ only in case or outer spaces count as one (and lose those spaces).
 */
export function uniqueLabels(labels: readonly string[]): string[] {
	// Compared as a reader (and DuckDB, or Excel's lookups) compares them: "Logins" and "logins " are one name.
	const key = (name: string) => name.trim().toLowerCase();
	const taken = new Set(labels.map(key));
	const used = new Set<string>();
	return labels.map((label) => {
		const base = label.trim() || label;
		let name = base;
		// Nor the label of a later column: "Logins", "Logins", "Logins (2)" are "Logins", "Logins (3)", "Logins (2)".
		for (let n = 2; used.has(key(name)) || (key(name) !== key(label) && taken.has(key(name))); n++) name = `${base} (${n})`;
		used.add(key(name));
		return name;
	});
}

/**
 * The columns of these scorecards (the default first). A metric is matched by its label, what the column's header
 * says, and which metric of that label it is in its scorecard (labels can repeat), as the SQL export matches them.
 */
export function metricColumns(cards: readonly Scorecard[]): MetricColumns {
	const columns: MetricColumn[] = [];
	const at = new Map<string, number>();
	for (const card of cards)
		keysOf(card).forEach((key, k) => {
			if (!at.has(key)) at.set(key, columns.push({ label: card.metrics[k].label || card.metrics[k].id, id: card.metrics[k].id }) - 1);
		});
	uniqueLabels(columns.map((c) => c.label)).forEach((label, k) => (columns[k].label = label));
	return { columns, columnsOf: (card) => Int32Array.from(keysOf(card), (key) => at.get(key) ?? -1) };
}

/**
 * Scores over metric columns that not every row's scorecard has (the Customers page's view): `subScores(k)` is NaN
 * both where metric k was skipped and where the row's scorecard has no metric k; `weightAt` tells them apart.
 */
export interface ColumnScores extends ScoreResult {
	/** Each column's header, the metric's label. */
	labels: string[];
	/** Metric k's weight in the scorecard that scored row i; NaN where that scorecard has no metric k (or nothing scored the row). */
	weightAt(k: number, i: number): number;
	/** Row i's band in the scorecard that scored it (`band` indexes that scorecard's bands, which a segment's may have of its own); undefined for no score. */
	bandAt(i: number): Band | undefined;
	/** Per row, its band as an index into the default scorecard's bands (a segment's own matched by label, else position); −1 for no score. */
	defaultBand: ArrayLike<number>;
}

/** True when `result` says which rows' scorecards have which metric columns. */
export function isColumnScores(result: ScoreResult): result is ColumnScores {
	return 'weightAt' in result && 'labels' in result;
}

/** One scorecard's result as ColumnScores: its own metrics, every row scored by it. */
export function ownColumns(result: ScoreResult, scorecard: Scorecard): ColumnScores {
	if (result.metricIds.length !== scorecard.metrics.length) {
		throw new Error(`invalid result; it has ${result.metricIds.length} metrics, the scorecard ${scorecard.metrics.length}`);
	}
	const { rowCount, metricIds, weights, missingCounts, weightTotals, score, band } = result;
	const labels = uniqueLabels(scorecard.metrics.map((m) => m.label || m.id));
	const bandAt = (i: number) => (band[i] < 0 ? undefined : scorecard.bands[band[i]]);
	return { rowCount, metricIds, weights, missingCounts, weightTotals, score, band, subScores: (k) => result.subScores(k), labels, weightAt: (k) => weights[k], bandAt, defaultBand: band };
}

/** True when the scorecard that scored row i has metric column k. */
export function hasMetric(scores: ColumnScores, k: number, i: number): boolean {
	const w = scores.weightAt(k, i);
	return w === w;
}

/**
 * Column k's points in row i's score, as its own scorecard weighs it; null where that scorecard has no metric k, the
 * metric was skipped, or the row has no score (a spreadsheet would count a 0). The points of a row add up to its score.
 */
export function columnContribution(scores: ColumnScores, k: number, i: number): number | null {
	const s = scores.subScores(k)[i];
	const w = scores.weightAt(k, i);
	const total = scores.weightTotals[i];
	if (s !== s || w !== w || scores.score[i] !== scores.score[i]) return null;
	return total > 0 && w > 0 ? (w * s) / total : 0;
}

/** The latest snapshot's scores (history-scorer's view) as the Customers page reads them (row i = the view's row i). */
export function columnScoresOf(view: ViewScores): ColumnScores {
	return {
		rowCount: view.score.length,
		labels: view.labels,
		metricIds: view.metricIds,
		weights: view.weights,
		missingCounts: view.missingCounts,
		weightTotals: view.weightTotals,
		score: view.score,
		band: view.band,
		subScores: (k) => view.subScores[k],
		weightAt: (k, i) => view.scorecardWeights[view.scorecardOf[i]]?.[k] ?? NaN,
		bandAt: (i) => (view.band[i] < 0 ? undefined : view.scorecardBands[view.scorecardOf[i]]?.[view.band[i]]),
		defaultBand: view.defaultBand
	};
}
