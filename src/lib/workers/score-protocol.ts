/** The messages between the scoring worker and the page, both directions. Plain structured-cloneable data. */
import type { DatasetRoles } from '../core/dataset';
import type { HistoryScores, ScoringPlan } from '../core/history';
import type { HistoryLayout } from '../core/history-layout';
import type { BandChange, HistoryTrend, RowExplanation, ViewScores } from '../core/history-scorer';
import type { Override } from '../core/overrides';
import type { ScorecardSet } from '../core/scorecard-set';
import type { Column } from '../core/table';
import { checkPacked, PackedTexts, type PackedText } from '../core/text-values';

/** Text columns go in slices of this many values, so that no single message blocks the page for long. */
export const TEXT_SLICE = 50_000;

/**
 * The values of a packed slice (a slice of a text column as one string and where each value ends: cloning one
 * string is a copy, where 50,000 strings cost the worker ~25–50 ms each slice to take apart), written into
 * out[offset …]; throws when the slice does not hold together or does not fit.
 */
export function unpackText(packed: PackedText, out: (string | null)[], offset = 0): void {
	const n = packed.ends.length;
	if (offset + n > out.length) throw new Error(`invalid text slice; rows ${offset}…${offset + n - 1} are outside 0…${out.length - 1}`);
	checkPacked(packed, () => 'invalid text slice');
	const cells = new PackedTexts(packed);
	for (let k = 0; k < n; k++) out[offset + k] = cells.at(k);
}

/** Page → worker. A table arrives as begin, its columns (text in slices), then end; the worker answers `layout`. */
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
