/**
 * Where history scoring runs: in the scoring worker (the app), or in process (node tests). Either way the
 * workspace sends a table once, then plans; a plan posted while another is being scored replaces any plan
 * still waiting, so dragging a weight scores the newest weights, not every step.
 */
import type { DatasetRoles } from '../core/dataset';
import type { HistoryScores, ScoringPlan } from '../core/history';
import type { HistoryLayout } from '../core/history-layout';
import { HistoryScorer, type BandChange, type HistoryTrend, type RowExplanation, type ViewScores } from '../core/history-scorer';
import type { Override } from '../core/overrides';
import type { ScorecardSet } from '../core/scorecard-set';
import type { Column, Table } from '../core/table';
import { COLUMN_SLICE, TEXT_SLICE, type FromScoreWorker, type ToScoreWorker } from '../workers/score-protocol';
import { packText } from '../core/text-values';
import { nextTask } from '../workers/next-task';

/** A table's scores under one plan. */
export interface Scored {
	scores: HistoryScores;
	view: ViewScores;
	/** The portfolio trend, aggregated in the scorer (only the snapshots scored again are aggregated again). */
	trend: HistoryTrend;
}

export interface HistoryBackend {
	/** Hands over a new table; resolves with its layout. Earlier scores are forgotten. */
	setTable(table: Table, roles: DatasetRoles): Promise<HistoryLayout>;
	/**
	 * Scores the table's history; resolves null when a newer plan replaced this one before it ran. `onView` gets
	 * the latest snapshot's scores as soon as they are ready, before the other snapshots are (the same `view`
	 * the promise then resolves with).
	 */
	score(plan: ScoringPlan, onView?: (view: ViewScores) => void): Promise<Scored | null>;
	/** Sub-scores, overrides and contributions of these rows, as last scored. */
	explain(rows: number[]): Promise<RowExplanation[]>;
	/** The latest snapshot's customers whose band differs between two scorecard sets. */
	compare(a: ScorecardSet, b: ScorecardSet, overrides: Override[], today: string): Promise<BandChange[]>;
	dispose(): void;
}

/** Scores on the calling thread (node tests; the app uses the worker). */
export function inProcessBackend(): HistoryBackend {
	const scorer = new HistoryScorer();
	return {
		setTable: async (table, roles) => structuredClone(scorer.setTable(table, roles)),
		score: async (plan, onView) => {
			// As the worker, answer after the caller's turn: never inside the effect that asked (it would track
			// whatever onView reads).
			await Promise.resolve();
			const scored = scorer.score(structuredClone(plan));
			onView?.(scored.view);
			return scored;
		},
		explain: async (rows) => scorer.explain(rows),
		compare: async (a, b, overrides, today) => scorer.compare(a, b, overrides, today),
		dispose: () => {}
	};
}

/** The part of a Worker the backend uses. */
export interface ScoreWorker {
	postMessage(message: ToScoreWorker, transfer?: Transferable[]): void;
	onmessage: ((event: MessageEvent<FromScoreWorker>) => void) | null;
	/** A worker that fails to load or crashes (out of memory) says so here, and only here. */
	onerror?: ((event: ErrorEvent) => void) | null;
	terminate(): void;
}

/** Scores in a worker. The table goes column by column, one message per task, so the page stays responsive. */
export function workerBackend(make: () => ScoreWorker, { columnSlice = COLUMN_SLICE } = {}): HistoryBackend {
	const worker = make();
	let tableId = 0;
	let requestId = 0;
	const waiting = new Map<number, { resolve: (value: never) => void; reject: (err: Error) => void }>();
	let layoutWaiter: { tableId: number; resolve: (layout: HistoryLayout) => void; reject: (err: Error) => void } | null = null;
	let inFlight = false;
	let pending: { plan: ScoringPlan; onView?: (view: ViewScores) => void; resolve: (s: Scored | null) => void; reject: (err: Error) => void } | null = null;
	/** Per score request: its latest snapshot's scores once they came, and who wants them. */
	const views = new Map<number, { view: ViewScores | null; onView?: (view: ViewScores) => void }>();

	/** Why the worker is gone (it failed to load or crashed): every waiting and later request is refused with it. */
	let dead: Error | null = null;
	worker.onerror = (event) => {
		event.preventDefault?.();
		dead = new Error(`The scoring worker stopped (${event.message || 'it failed to load or ran out of memory'}): reload the page to score again.`);
		layoutWaiter?.reject(dead);
		layoutWaiter = null;
		for (const w of waiting.values()) w.reject(dead);
		waiting.clear();
		views.clear();
		pending?.reject(dead);
		pending = null;
	};

	worker.onmessage = ({ data }) => {
		if (data.type === 'layout') {
			if (layoutWaiter?.tableId === data.tableId) layoutWaiter.resolve(data.layout);
			return;
		}
		if (data.type === 'error' && data.requestId === null) {
			if (layoutWaiter?.tableId === data.tableId) layoutWaiter.reject(new Error(data.message));
			return;
		}
		const id = data.requestId ?? -1;
		if (data.type === 'view') {
			const entry = views.get(id);
			if (!entry) return;
			entry.view = data.view;
			entry.onView?.(data.view);
			return;
		}
		const w = waiting.get(id);
		if (!w) return;
		waiting.delete(id);
		const view = views.get(id)?.view;
		views.delete(id);
		if (data.type === 'error') w.reject(new Error(data.message));
		else if (data.type === 'scored') {
			if (view) (w.resolve as (s: Scored) => void)({ scores: data.scores, view, trend: data.trend });
			else w.reject(new Error('the scoring worker sent the history before the latest snapshot'));
		}
		else if (data.type === 'compared') (w.resolve as (c: BandChange[]) => void)(data.changes);
		else (w.resolve as (r: RowExplanation[]) => void)(data.rows);
	};

	function request<T>(message: (id: number) => ToScoreWorker): Promise<T> {
		const id = ++requestId;
		if (dead) return Promise.reject(dead);
		return new Promise<T>((resolve, reject) => {
			waiting.set(id, { resolve: resolve as (value: never) => void, reject });
			worker.postMessage(message(id));
		});
	}

	function run(plan: ScoringPlan, onView: ((view: ViewScores) => void) | undefined, resolve: (s: Scored | null) => void, reject: (err: Error) => void): void {
		inFlight = true;
		request<Scored>((id) => {
			views.set(id, { view: null, onView });
			return { type: 'score', requestId: id, tableId, plan };
		})
			.then(resolve, reject)
			.finally(() => {
				inFlight = false;
				const next = pending;
				pending = null;
				if (next) run(next.plan, next.onView, next.resolve, next.reject);
			});
	}

	return {
		async setTable(table, roles) {
			const id = ++tableId;
			if (dead) throw dead;
			layoutWaiter?.reject(new Error('a newer table replaced this one'));
			const done = new Promise<HistoryLayout>((resolve, reject) => (layoutWaiter = { tableId: id, resolve, reject }));
			// A newer table may reject it while this one is still being sent, before it is awaited below.
			done.catch(() => {});
			worker.postMessage({ type: 'begin', tableId: id, rowCount: table.rowCount, roles });
			// The first column in a task of its own: setTable is called as the page shows a new table, whose
			// rendering is already most of a task (a million-row table's latest snapshot, its first text slice:
			// 55 ms in one task on reload).
			await nextTask();
			// The ID column first: the worker codes it once whole, while the others come.
			const columns = Object.entries(table.columns).sort(([a], [b]) => Number(b === roles.id) - Number(a === roles.id));
			for (const [name, column] of columns) {
				if (id !== tableId) break;
				if (column.kind !== 'text') {
					// A copy whose buffer is transferred (structured cloning an 8 MB Float64Array serialises and
					// deserialises it, ~20 ms of the page's time a column), made COLUMN_SLICE rows a task.
					const n = table.rowCount;
					const copy = column.kind === 'number' ? new Float64Array(n) : new Int32Array(n);
					const from = column.kind === 'number' ? column.values : column.codes;
					for (let offset = 0; offset < n && id === tableId; offset += columnSlice) {
						if (offset > 0) await nextTask();
						copy.set(from.subarray(offset, Math.min(n, offset + columnSlice)), offset);
					}
					if (id !== tableId) break;
					const sent: Exclude<Column, { kind: 'text' }> =
						column.kind === 'number' ? { kind: 'number', values: copy as Float64Array } : { kind: 'category', codes: copy as Int32Array, levels: column.levels };
					worker.postMessage({ type: 'column', tableId: id, name, column: sent }, [copy.buffer]);
				} else if (name === roles.id || name === roles.segment) {
					for (let offset = 0; offset < column.values.length; offset += TEXT_SLICE) {
						const values = packText(column.values, offset, Math.min(offset + TEXT_SLICE, column.values.length));
						worker.postMessage({ type: 'text', tableId: id, name, offset, values }, [values.ends.buffer]);
						await nextTask();
					}
				}
				await nextTask();
			}
			worker.postMessage({ type: 'end', tableId: id });
			return done;
		},
		score(plan, onView) {
			return new Promise((resolve, reject) => {
				if (!inFlight) return run(plan, onView, resolve, reject);
				pending?.resolve(null);
				pending = { plan, onView, resolve, reject };
			});
		},
		explain: (rows) => request<RowExplanation[]>((id) => ({ type: 'explain', requestId: id, tableId, rows })),
		compare: (a, b, overrides, today) => request<BandChange[]>((id) => ({ type: 'compare', requestId: id, tableId, a, b, overrides, today })),
		dispose: () => worker.terminate()
	};
}
