/** The messages between the scoring worker and the page, both directions. Plain structured-cloneable data. */
import type { DatasetRoles } from '../core/dataset';
import type { HistoryScores, ScoringPlan } from '../core/history';
import type { HistoryLayout } from '../core/history-layout';
import type { BandChange, HistoryTrend, RowExplanation, ViewScores } from '../core/history-scorer';
import type { Override } from '../core/overrides';
import type { ScorecardSet } from '../core/scorecard-set';
import type { Column } from '../core/table';

/** Text columns go in slices of this many values, so that no single message blocks the page for long. */
export const TEXT_SLICE = 50_000;

/**
 * A slice of a text column as one string and each value's length (−1 for null): cloning one string is a copy,
 * where 50,000 strings cost the worker ~25–50 ms each slice to take apart (more than it takes to code the IDs).
 */
export interface PackedText {
	joined: string;
	lengths: Int32Array;
}

export function packText(values: readonly (string | null)[]): PackedText {
	const lengths = new Int32Array(values.length);
	for (let k = 0; k < values.length; k++) {
		const v = values[k];
		lengths[k] = v === null ? -1 : v.length;
	}
	return { joined: values.join(''), lengths };
}

/** The values of a packed slice, written into out[offset …]. */
export function unpackText({ joined, lengths }: PackedText, out: (string | null)[], offset = 0): void {
	if (offset + lengths.length > out.length) throw new Error(`invalid text slice; rows ${offset}…${offset + lengths.length - 1} are outside 0…${out.length - 1}`);
	let at = 0;
	for (let k = 0; k < lengths.length; k++) {
		const n = lengths[k];
		if (n < 0) out[offset + k] = null;
		else {
			out[offset + k] = joined.slice(at, at + n);
			at += n;
		}
	}
	if (at !== joined.length) throw new Error(`invalid text slice; its lengths add up to ${at} characters, not ${joined.length}`);
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
