/**
 * What the history views (trend, customer history, alerts, worklist) read of the scored history, and small
 * lookups on it: which scorecard scored a row, a row's band label, a customer's rows. The shape is the one the
 * workspace's `history` has (core/history.ts, core/history-layout.ts); only the fields read here are named.
 */
import type { Band, Scorecard } from './scorecard';
import { cell, type Table } from './table';
import { portfolioTrend, type TrendPoint } from './trend';

/** The scored history: every row of `table` (customer × snapshot) with its score, band and scorer. */
export interface ScoredHistory {
	table: Table;
	layout: {
		snapshots: string[];
		snapshotOf: ArrayLike<number>;
		customerOf: ArrayLike<number>;
		customerStart: ArrayLike<number>;
		customerRows: ArrayLike<number>;
		latest: ArrayLike<number>;
		viewRows: ArrayLike<number>;
	};
	scores: {
		score: Float64Array;
		/** Index into the bands of the row's scorecard; −1 = no score. */
		band: Int8Array;
		/** Index into `scorers` (0xffff when nothing scored the row). */
		scorerOf: ArrayLike<number>;
		scorers: readonly { version: number; versionId: string; scorecardId: string; scorecardName: string; segment: string | null }[];
	};
	versions: readonly { id: string; number: number; note: string; set: { default: Scorecard; segments: readonly { scorecard: Scorecard }[] } }[];
}

/** The scorecard each scorer stands for (undefined for a scorer whose version is gone). */
export function scorecardsOfScorers(h: ScoredHistory): (Scorecard | undefined)[] {
	return h.scores.scorers.map((s) => {
		const set = h.versions[s.version]?.set;
		if (!set) return undefined;
		return [set.default, ...set.segments.map((x) => x.scorecard)].find((c) => c.id === s.scorecardId);
	});
}

/** The band of a row as its own scorecard has it; undefined for no score. */
export function bandOfRow(h: ScoredHistory, cards: readonly (Scorecard | undefined)[], row: number): Band | undefined {
	const b = h.scores.band[row];
	return b < 0 ? undefined : cards[h.scores.scorerOf[row]]?.bands[b];
}

/**
 * Per scorer, its bands as indices into `bands` (the default scorecard's), matched by label, else by position;
 * null when every scorer has exactly these bands (each row's band is then already the default's).
 */
export function bandMapsToDefault(cards: readonly (Scorecard | undefined)[], bands: readonly { label: string }[]): Int8Array[] | null {
	const maps = cards.map((card) =>
		Int8Array.from(card?.bands ?? [], (b, k) => {
			const at = bands.findIndex((x) => x.label === b.label);
			return at >= 0 ? at : Math.min(k, bands.length - 1);
		})
	);
	return maps.every((m) => m.length === bands.length && m.every((v, k) => v === k)) ? null : maps;
}

/**
 * Every row's band as an index into `bands` (the default scorecard's), matched by label, so segment scorecards
 * with their own bands stack with the rest; a label `bands` lacks is matched by position. The band array as it is
 * when every scorer has these bands.
 */
export function bandsAsDefault(h: ScoredHistory, cards: readonly (Scorecard | undefined)[], bands: readonly Band[]): Int8Array {
	const maps = bandMapsToDefault(cards, bands);
	if (!maps) return h.scores.band;
	const out = new Int8Array(h.scores.band.length);
	for (let i = 0; i < out.length; i++) {
		const b = h.scores.band[i];
		out[i] = b < 0 ? -1 : (maps[h.scores.scorerOf[i]]?.[b] ?? -1);
	}
	return out;
}

/**
 * The portfolio trend of the whole history in one pass, each row's band as one of `bands` (the default
 * scorecard's): what the scorer aggregates a snapshot at a time, and what the Trend falls back on when its bands
 * are not the ones the scorer stacked on.
 */
export function historyTrend(h: ScoredHistory, bands: readonly Band[], arrName: string | undefined): TrendPoint[] {
	const arr = arrName ? h.table.columns[arrName] : undefined;
	return portfolioTrend({
		snapshots: h.layout.snapshots,
		snapshotOf: h.layout.snapshotOf,
		score: h.scores.score,
		band: bandsAsDefault(h, scorecardsOfScorers(h), bands),
		bandCount: bands.length,
		arr: arr?.kind === 'number' ? arr.values : null
	});
}

/** Customer c's rows, in date order. */
export function rowsOfCustomer(h: ScoredHistory, c: number): number[] {
	const out: number[] = [];
	for (let j = h.layout.customerStart[c]; j < h.layout.customerStart[c + 1]; j++) out.push(h.layout.customerRows[j]);
	return out;
}

/** Per latest-snapshot row (in `layout.viewRows` order), the customer's previous row; −1 when there is none. */
export function previousRows(h: ScoredHistory): Int32Array {
	const { viewRows, customerOf, customerStart, customerRows } = h.layout;
	const out = new Int32Array(viewRows.length).fill(-1);
	for (let j = 0; j < viewRows.length; j++) {
		const c = customerOf[viewRows[j]];
		if (c < 0) continue;
		// The view row is the customer's last row; the one before it is its previous snapshot.
		const end = customerStart[c + 1];
		if (end - customerStart[c] >= 2 && customerRows[end - 1] === viewRows[j]) out[j] = customerRows[end - 2];
	}
	return out;
}

/** The text of a customer's ID (read from its latest row). */
export function customerIdOf(h: ScoredHistory, idColumn: string, c: number): string {
	const column = h.table.columns[idColumn];
	const v = column ? cell(column, h.layout.latest[c]) : null;
	return v === null || (typeof v === 'number' && v !== v) ? '' : String(v);
}
