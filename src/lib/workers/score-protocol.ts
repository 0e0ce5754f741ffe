/** The messages between the scoring worker and the page, both directions. Plain structured-cloneable data. */
import type { DatasetRoles } from '../core/dataset';
import type { HistoryScores, ScoringPlan } from '../core/history';
import type { HistoryLayout } from '../core/history-layout';
import type { BandChange, HistoryTrend, RowExplanation, ViewScores } from '../core/history-scorer';
import type { Override } from '../core/overrides';
import type { ScorecardSet } from '../core/scorecard-set';
import type { Column } from '../core/table';
import type { PackedText } from '../core/text-values';

/**
 * Text columns go in slices of this many values, in row order, so that no single message blocks the page for
 * long; the worker keeps them packed (one string and where each value ends, as sent) and codes the ID column once
 * it is whole (the page sends it first).
 */
export const TEXT_SLICE = 50_000;

/**
 * Number and category columns go whole, one message each, as copies (the page keeps its own columns): the page
 * copies at most this many rows a task (a 2,000,000-row column copied at once held the page for 44–52 ms in a
 * CPU profile; in the bench, blocks of 51–70 ms), and the worker keeps the copy as it came. Sent in slices
 * instead, the worker had to join them into a column of its own, a second copy into fresh memory: the
 * 2,000,000-row portfolio's Overview took 0.92–1.05 s sent whole, 1.18–1.46 s in slices.
 */
export const COLUMN_SLICE = 1 << 20;

/**
 * Page → worker. A table arrives as begin, its columns (number and category ones whole, text in TEXT_SLICE
 * slices in row order), then end; the worker answers `layout`.
 */
export type ToScoreWorker =
	| { type: 'begin'; tableId: number; rowCount: number; roles: DatasetRoles }
	| { type: 'column'; tableId: number; name: string; column: Exclude<Column, { kind: 'text' }> }
	| { type: 'text'; tableId: number; name: string; offset: number; values: PackedText }
	| { type: 'end'; tableId: number }
	/** Score the whole history of the table by this plan; the worker answers `scored`. */
	| { type: 'score'; requestId: number; tableId: number; plan: ScoringPlan }
	/** Explain these rows as last scored; the worker answers `explained`. */
	| { type: 'explain'; requestId: number; tableId: number; rows: number[] }
	/** The latest snapshot's band changes between two sets; the worker answers `compared`. */
	| { type: 'compare'; requestId: number; tableId: number; a: ScorecardSet; b: ScorecardSet; overrides: Override[]; today: string };

/** Worker → page. Typed arrays come transferred. A `score` request is answered twice: `view` (the latest snapshot), then `scored`. */
export type FromScoreWorker =
	| { type: 'layout'; tableId: number; layout: HistoryLayout }
	| { type: 'view'; requestId: number; tableId: number; view: ViewScores }
	| { type: 'scored'; requestId: number; tableId: number; scores: HistoryScores; trend: HistoryTrend }
	| { type: 'explained'; requestId: number; tableId: number; rows: RowExplanation[] }
	| { type: 'compared'; requestId: number; tableId: number; changes: BandChange[] }
	| { type: 'error'; requestId: number | null; tableId: number; message: string };
