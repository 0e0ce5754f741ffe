/**
 * Edits of a scorecard, in place, on plain data: no Svelte, no DOM. The Scorecard page calls them on the
 * workspace's `$state` scorecard, so every edit re-scores and is saved; tests call them on plain objects.
 */
import { nice, proposeMetric, proposeNormalization } from '../core/propose';
import type { Band, CategoryNormalization, Metric, MissingPolicy, Normalization, NormalizationKind, Scorecard, ThresholdsNormalization } from '../core/scorecard';
import { sortedPresent } from '../core/stats';
import type { Column, Table } from '../core/table';

/** A column a metric can score: number or category (text is never scored). */
export interface ColumnChoice {
	name: string;
	kind: 'number' | 'category';
	/** How many metrics of the scorecard already score it. */
	usedBy: number;
}

/** Short words people write in capitals. */
const ACRONYMS = new Set(['nps', 'csat', 'ces', 'arr', 'mrr', 'acv', 'sla', 'qbr', 'id', 'api', 'sso', 'roi', 'ltv', 'cac', 'csm']);

/** A readable label for a column name: "seat_utilization" → "Seat utilization", "nps" → "NPS", "MonthlyCharges" → "Monthly charges". */
export function labelOfColumn(name: string): string {
	const words = name
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.split(/[\s_\-.]+/)
		.filter(Boolean)
		.map((w) => (w.toLowerCase() === 'pct' ? '%' : ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : /^[A-Z0-9]+$/.test(w) && w.length > 1 ? w : w.toLowerCase()));
	if (words.length === 0) return name;
	words[0] = words[0][0].toUpperCase() + words[0].slice(1);
	return words.join(' ');
}

/**
 * The columns of a table a metric can score, in table order, with how often each is already used. `exclude`
 * leaves out columns that are not customer measurements (the snapshot date, the outcome).
 */
export function columnChoices(table: Table, scorecard: Scorecard, exclude: readonly string[] = []): ColumnChoice[] {
	const choices: ColumnChoice[] = [];
	// Counted once, not per column: a wide table has thousands of columns and a scorecard up to LIMITS.metrics metrics.
	const used = new Map<string, number>();
	for (const m of scorecard.metrics) used.set(m.column, (used.get(m.column) ?? 0) + 1);
	const excluded = new Set(exclude);
	for (const [name, column] of Object.entries(table.columns)) {
		if (column.kind === 'text' || excluded.has(name)) continue;
		choices.push({ name, kind: column.kind, usedBy: used.get(name) ?? 0 });
	}
	return choices;
}

/** An id not used by any metric of the scorecard, readable from the column name: "m-seat-utilization", then "-2"… */
export function uniqueMetricId(scorecard: Scorecard, columnName: string): string {
	const slug = columnName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'metric';
	const ids = new Set(scorecard.metrics.map((m) => m.id));
	let id = `m-${slug}`;
	for (let k = 2; ids.has(id); k++) id = `m-${slug}-${k}`;
	return id;
}

function scorableColumn(table: Table, columnName: string): Column {
	const column = table.columns[columnName];
	if (!column) throw new Error(`invalid column; not in the data: ${JSON.stringify(columnName)}`);
	if (column.kind === 'text') throw new Error(`invalid column; holds text, which cannot be scored: ${JSON.stringify(columnName)}`);
	return column;
}

/**
 * Appends a metric on the column with defaults proposed from its distribution, scoring higher values (Yes) higher
 * unless `higherIsBetter` is false (the page passes the column's default direction); a second metric on a column
 * gets "(2)" in its label.
 */
/** A metric's name as the Scorecard page shows it: its label, else its column. */
export function metricName(metric: Pick<Metric, 'label' | 'column'>): string {
	return metric.label.trim() || metric.column;
}

/**
 * Names that read as one to a user are one name: case and spaces aside ("Logins", "logins ", as SQL engines and
 * spreadsheets also take a column's name).
 */
function nameKey(name: string): string {
	return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The metric of the scorecard that already has this name (as nameKey reads it), if any. */
export function metricNamed(scorecard: Scorecard, name: string): Metric | undefined {
	return scorecard.metrics.find((m) => nameKey(metricName(m)) === nameKey(name));
}

/**
 * Adds a metric on the column, labelled from its name; numbered ("Logins (2)") when another metric has that name,
 * as a spreadsheet numbers a second column of one name: the add never fails for it, and the label can be changed.
 */
export function addMetric(scorecard: Scorecard, columnName: string, table: Table, higherIsBetter = true): Metric {
	const column = scorableColumn(table, columnName);
	const base = labelOfColumn(columnName);
	const taken = new Set(scorecard.metrics.map((m) => nameKey(metricName(m))));
	let label = base;
	for (let k = 2; taken.has(nameKey(label)); k++) label = `${base} (${k})`;
	const metric = proposeMetric(uniqueMetricId(scorecard, columnName), columnName, column, label, higherIsBetter);
	scorecard.metrics.push(metric);
	return metric;
}

/**
 * Marks the metric as one a CSM can act on or not. Actionable is the flag's absence (as every scorecard before it),
 * so ticking it again gives back the very scorecard that was saved, with no change left to save.
 */
export function setActionable(metric: Metric, actionable: boolean): void {
	if (actionable) delete metric.actionable;
	else metric.actionable = false;
}

/** A removed metric and where it was, so it can be put back. */
export interface RemovedMetric {
	metric: Metric;
	index: number;
}

export function removeMetric(scorecard: Scorecard, id: string): RemovedMetric | null {
	const index = scorecard.metrics.findIndex((m) => m.id === id);
	if (index < 0) return null;
	const [metric] = scorecard.metrics.splice(index, 1);
	return { metric, index };
}

/** Undoes removeMetric: the metric goes back where it was (or last, if the list has shrunk since). */
export function restoreMetric(scorecard: Scorecard, removed: RemovedMetric): void {
	if (scorecard.metrics.some((m) => m.id === removed.metric.id)) return;
	scorecard.metrics.splice(Math.min(removed.index, scorecard.metrics.length), 0, removed.metric);
}

/** Moves a metric up (by < 0) or down (by > 0) the list; false when it cannot move. */
export function moveMetric(scorecard: Scorecard, id: string, by: number): boolean {
	const from = scorecard.metrics.findIndex((m) => m.id === id);
	const to = from + by;
	if (from < 0 || by === 0 || to < 0 || to >= scorecard.metrics.length) return false;
	const [metric] = scorecard.metrics.splice(from, 1);
	scorecard.metrics.splice(to, 0, metric);
	return true;
}

/** The sum of the weights that count (finite, positive): what the "% of total" is a share of. */
export function totalWeight(scorecard: Scorecard): number {
	return scorecard.metrics.reduce((t, m) => t + (Number.isFinite(m.weight) && m.weight > 0 ? m.weight : 0), 0);
}

/** A number column with at most this many distinct values may also be scored with category points (0/1 flags, ratings). */
export const MAX_NUMBER_LEVELS = 12;

function distinctCount(values: Float64Array, limit: number): number {
	const seen = new Set<number>();
	for (const v of values) if (Number.isFinite(v) && seen.add(v).size > limit) break;
	return seen.size;
}

/** The normalizations a column can take. */
export function normalizationKinds(column: Column | undefined): NormalizationKind[] {
	if (!column || column.kind === 'text') return [];
	if (column.kind === 'category') return ['category'];
	const kinds: NormalizationKind[] = ['linear', 'thresholds', 'target', 'percentile'];
	if (distinctCount(column.values, MAX_NUMBER_LEVELS) <= MAX_NUMBER_LEVELS) kinds.push('category');
	kinds.push('asIs');
	return kinds;
}

/** The values a category normalization lists points for: a category column's levels, or a number column's distinct values as written in scoring ("0", "1"). */
export function columnLevels(column: Column | undefined): string[] {
	if (!column || column.kind === 'text') return [];
	if (column.kind === 'category') return column.levels;
	const seen = new Set<number>();
	for (const v of column.values) if (Number.isFinite(v)) seen.add(v);
	return [...seen].sort((a, b) => a - b).map(String);
}

/** Whether higher values score higher under this normalization (category and as-is: by convention yes). */
export function higherIsBetter(n: Normalization): boolean {
	if (n.kind === 'linear') return !(n.best < n.worst);
	if (n.kind === 'percentile') return n.higherIsBetter;
	if (n.kind === 'thresholds' && n.ranges.length > 1) {
		const byStart = sortedRanges(n);
		return !(byStart[byStart.length - 1].points < byStart[0].points);
	}
	return true;
}

/** Switches the metric to another normalization kind, with bounds proposed from the column and the same direction. */
export function changeNormalizationKind(metric: Metric, kind: NormalizationKind, column: Column): void {
	if (metric.normalization.kind === kind) return;
	metric.normalization = proposeNormalization(column, kind, higherIsBetter(metric.normalization));
}

/**
 * Points the metric at another column: the normalization is proposed again from that column (same kind when
 * the column can take it), and a label that was the old column's default follows the new column.
 */
export function changeColumn(metric: Metric, columnName: string, table: Table): void {
	if (metric.column === columnName) return;
	const column = scorableColumn(table, columnName);
	const kinds = normalizationKinds(column);
	const kind = kinds.includes(metric.normalization.kind) ? metric.normalization.kind : kinds[0];
	const keepsDefaultLabel = metric.label.trim() === '' || metric.label === labelOfColumn(metric.column);
	metric.normalization = proposeNormalization(column, kind, higherIsBetter(metric.normalization));
	metric.column = columnName;
	if (keepsDefaultLabel) metric.label = labelOfColumn(columnName);
}

function sortedRanges(n: ThresholdsNormalization) {
	return [...n.ranges].sort((a, b) => (a.from ?? -Infinity) - (b.from ?? -Infinity));
}

/** Reverses which end scores high: swaps worst and best, toggles percentile, mirrors threshold points. False when the kind has no direction. */
export function flipDirection(metric: Metric): boolean {
	const n = metric.normalization;
	if (n.kind === 'linear') [n.worst, n.best] = [n.best, n.worst];
	else if (n.kind === 'percentile') n.higherIsBetter = !n.higherIsBetter;
	else if (n.kind === 'thresholds') {
		const byStart = sortedRanges(n);
		const points = byStart.map((r) => r.points).reverse();
		byStart.forEach((r, i) => (r.points = points[i]));
	} else return false;
	return true;
}

/** Sets the missing-value policy; a fixed sub-score starts at 50, the middle of the scale. */
export function setMissingPolicy(metric: Metric, kind: MissingPolicy['kind']): void {
	if (metric.missing.kind === kind) return;
	metric.missing = kind === 'fixed' ? { kind, value: 50 } : { kind };
}

/**
 * Adds a row to a grading table by splitting the last row at the middle of its range (open ends stand for
 * the column's smallest / largest value); the new row starts with the same points, so scores do not move
 * until the user changes them.
 */
export function addThresholdRange(n: ThresholdsNormalization, column?: Column): void {
	const last = n.ranges[n.ranges.length - 1];
	if (!last) return void n.ranges.push({ from: null, to: null, points: 50 });
	const sorted = column?.kind === 'number' ? sortedPresent(column.values).filter(Number.isFinite) : new Float64Array();
	const lo = last.from ?? sorted[0] ?? NaN;
	const hi = last.to ?? sorted[sorted.length - 1] ?? NaN;
	let cut: number;
	if (lo < hi) {
		cut = nice((lo + hi) / 2);
		if (!(lo < cut && cut < hi)) cut = (lo + hi) / 2;
	} else if (last.to !== null) {
		return void n.ranges.push({ from: last.to, to: null, points: last.points });
	} else cut = last.from !== null ? last.from + 1 : 0;
	n.ranges.push({ from: cut, to: last.to, points: last.points });
	last.to = cut;
}

/** Removes a grading-table row; a neighbour that touched it takes over its values. False for the only row. */
export function removeThresholdRange(n: ThresholdsNormalization, index: number): boolean {
	if (n.ranges.length <= 1 || index < 0 || index >= n.ranges.length) return false;
	const [gone] = n.ranges.splice(index, 1);
	const before = n.ranges.find((r) => r.to !== null && r.to === gone.from);
	const after = n.ranges.find((r) => r.from !== null && r.from === gone.to);
	if (before) before.to = gone.to;
	else if (after) after.from = gone.from;
	return true;
}

/** Points for values without their own points; null counts them as missing. */
export function setOtherPoints(n: CategoryNormalization, points: number | null): void {
	n.otherPoints = points;
}

/**
 * Points for one level; null removes the level's own points (it then takes the "other values" points).
 * Levels come from user files: defining the property keeps a level named "__proto__" an ordinary key.
 */
export function setLevelPoints(n: CategoryNormalization, level: string, points: number | null): void {
	if (points === null) delete n.points[level];
	else Object.defineProperty(n.points, level, { value: points, writable: true, enumerable: true, configurable: true });
}

/** The level's own points, or null; never a property inherited from Object.prototype ("constructor", "toString"). */
export function levelPoints(n: CategoryNormalization, level: string): number | null {
	return Object.hasOwn(n.points, level) ? n.points[level] : null;
}

const startOf = (b: Band) => (Number.isFinite(b.min) ? b.min : Infinity);

/** Adds a band in the middle of the widest gap between band starts; null when no gap is 2 points wide. */
export function addBand(bands: Band[]): Band | null {
	let at = -1, width = 0;
	for (let i = 0; i < bands.length; i++) {
		const gap = (i + 1 < bands.length ? startOf(bands[i + 1]) : 100) - startOf(bands[i]);
		if (Number.isFinite(gap) && gap > width) [at, width] = [i, gap];
	}
	if (bands.length === 0) [at, width] = [-1, 200];
	if (width < 2) return null;
	const band: Band = { label: 'New band', min: at < 0 ? 0 : Math.round(bands[at].min + width / 2), color: '#5d6d7e', action: '' };
	bands.splice(at + 1, 0, band);
	return band;
}

/** Removes a band; the one that becomes first starts at 0. False for the only band. */
export function removeBand(bands: Band[], index: number): boolean {
	if (bands.length <= 1 || index < 0 || index >= bands.length) return false;
	bands.splice(index, 1);
	bands[0].min = 0;
	return true;
}

/** Puts bands in order of their start (stable; a start that is not a number goes last) and the first at 0. */
export function sortBands(bands: Band[]): void {
	const sorted = [...bands].sort((a, b) => startOf(a) - startOf(b));
	if (sorted.some((b, i) => b !== bands[i])) bands.splice(0, bands.length, ...sorted);
	if (bands.length) bands[0].min = 0;
}
