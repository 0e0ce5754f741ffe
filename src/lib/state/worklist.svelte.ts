/**
 * The at-risk worklist: the latest snapshot's customers ranked by revenue at risk (ARR × churn probability from the
 * newest stored churn model), else by score; filtered by band, segment and owner; those who already churned left
 * out unless asked for.
 */
import { distinctValues, roleText } from '../core/customers';
import { bandMapsToDefault, bandOfRow, previousRows, scorecardsOfScorers, type ScoredHistory } from '../core/history-views';
import type { ScoreResult } from '../core/score';
import type { Scorecard } from '../core/scorecard';
import type { Table } from '../core/table';
import { churnProbabilities, readChurnModel, worklistCsv, worklistOf, type ChurnModel, type ImportOfRun, type Worklist, type WorklistFilter, type WorklistInput } from '../core/worklist';
import type { DatasetRoles } from '../core/dataset';
import { scoreChanges } from '../core/momentum';
import * as db from '../db';
import { listRuns } from '../db/runs';
import { runName } from '../core/run-names';
import { churnDateAt, churnMark, churnStates, CHURNED, recordsChurn, type ChurnState } from '../core/churned';

/** A stored churn model and the run it came from. */
export interface StoredModel {
	model: ChurnModel;
	runId: string;
	createdAt: string;
	/** The run's name as the Learn page lists it (core/run-names.ts); its time when not given. */
	name?: string;
	/** The imports the run was trained on (to say when the workspace has others now). */
	imports?: ImportOfRun[];
}

/** What the worklist reads of the workspace. */
export interface WorklistSource {
	history: ScoredHistory | null;
	/** The latest snapshot as its own table, row for row with history.layout.viewRows and `result`. */
	table: Table | undefined;
	roles: DatasetRoles | undefined;
	result: ScoreResult | null;
	scorecard: Scorecard | null;
}

export interface WorklistDeps {
	source: () => WorklistSource;
	/** The newest stored churn model, or null. */
	latestModel: () => Promise<StoredModel | null>;
}

/** The newest run on the app's IndexedDB that holds a churn model. */
export function indexedDbModels(database: db.CheckupDatabase = db.openDatabase()): () => Promise<StoredModel | null> {
	return async () => {
		const runs = await listRuns(database);
		for (const run of runs) {
			const model = readChurnModel(run.results);
			if (model) return { model, runId: run.id, createdAt: run.createdAt, name: runName(run, runs), imports: run.data.imports };
		}
		return null;
	};
}

/** Each layout's previous rows (previousRows): they change with the table, not with the scores. */
const previousOf = new WeakMap<ScoredHistory['layout'], Int32Array>();

function previousRowsOf(history: ScoredHistory): Int32Array {
	let previous = previousOf.get(history.layout);
	if (!previous) previousOf.set(history.layout, (previous = previousRows(history)));
	return previous;
}

/** Each latest-snapshot table's churn states (churnStates), by the roles and as-of date read: a re-scoring keeps the table. */
const churnOf = new WeakMap<Table, { key: string; states: Uint8Array | null }>();

function churnStatesOf(table: Table, roles: DatasetRoles, asOf: string | null): Uint8Array | null {
	const key = JSON.stringify([roles.outcome, roles.churnDate, asOf]);
	let known = churnOf.get(table);
	if (known?.key !== key) churnOf.set(table, (known = { key, states: churnStates(table, roles, asOf) }));
	return known.states;
}

/**
 * The Band filter's choice: a band of the default scorecard by its label, so that it stays that band when the
 * Scorecard page adds or removes others (an index then pointed at another band, or past the last one), NO_SCORE_BAND,
 * `null` for every band, or `undefined` for the lowest band (the default: "At risk").
 */
export type BandChoice = string | null | undefined;
/** The Band filter's value for customers without a score: a NUL, which no band's label is. */
export const NO_SCORE_BAND = '\u0000';

/** What the page filters by: the band by label (BandChoice), the segment, the owner, and whether churned customers are listed. */
export interface WorklistChoices {
	band: BandChoice;
	segment: string | null;
	owner: string | null;
	churned: boolean;
}

export class WorklistState {
	filter = $state<WorklistChoices>({ band: undefined, segment: null, owner: null, churned: false });
	stored = $state.raw<StoredModel | null>(null);
	error = $state<string | null>(null);
	#deps: WorklistDeps;

	constructor(deps: WorklistDeps) {
		this.#deps = deps;
	}

	/** Reads the newest stored model again (the Learn page may have trained one). */
	async refreshModel(): Promise<void> {
		try {
			this.stored = await this.#deps.latestModel();
			this.error = null;
		} catch (err) {
			this.error = `The churn model could not be read: ${err instanceof Error ? err.message : String(err)}`;
		}
	}

	/**
	 * Each latest-snapshot customer's band (as the default scorecard's) and churn state: what the Overview's next step
	 * reads too (churnedPerBand), without the change and ranking the page needs.
	 */
	#bands = $derived.by(() => {
		const { history, table, roles, result, scorecard } = this.#deps.source();
		if (!history || !table || !roles || !result || !scorecard || result.rowCount !== history.layout.viewRows.length) return null;
		const cards = scorecardsOfScorers(history);
		const viewRows = history.layout.viewRows;
		// Each view row's band as the default scorecard's (history-views bandsAsDefault), for the view's rows only.
		const maps = bandMapsToDefault(cards, scorecard.bands);
		const { band: ownBand, scorerOf } = history.scores;
		const band = new Int8Array(viewRows.length);
		for (let j = 0; j < viewRows.length; j++) {
			const r = viewRows[j], b = ownBand[r];
			band[j] = !maps ? b : b < 0 ? -1 : (maps[scorerOf[r]]?.[b] ?? -1);
		}
		const asOf = history.layout.snapshots[history.layout.snapshots.length - 1] || null;
		return { history, table, roles, result, scorecard, cards, band, churn: churnStatesOf(table, roles, asOf) };
	});

	/** The inputs of the ranking, per latest-snapshot customer. */
	#data = $derived.by(() => {
		const bands = this.#bands;
		if (!bands) return null;
		const { history, table, roles, result, cards, band, churn } = bands;
		const viewRows = history.layout.viewRows;
		const arrColumn = roles.arr ? table.columns[roles.arr] : undefined;
		const arr = arrColumn?.kind === 'number' ? arrColumn.values : null;
		let probability: Float64Array | null = null;
		let modelProblem: string | null = null;
		if (this.stored) {
			const out = churnProbabilities(this.stored.model, (id) => {
				const k = result.metricIds.indexOf(id);
				return k < 0 ? null : result.subScores(k);
			}, result.rowCount);
			if (typeof out === 'string') modelProblem = `The churn model uses the metric “${out}”, which the scorecard no longer has, so the list is ranked by score.`;
			else probability = out;
		}
		const input: WorklistInput = {
			score: result.score, band, arr, probability, churn,
			segment: (i) => roleText(table, roles.segment, i),
			owner: (i) => roleText(table, roles.owner, i)
		};
		const previous = previousRowsOf(history);
		const change = scoreChanges(viewRows, previous, history.scores.score);
		return { input, churn, history, cards, table, roles, change, previous, modelProblem };
	});

	/** The ranked, filtered customers; null until the scores are ready. */
	list: Worklist | null = $derived.by(() => (this.#data ? worklistOf(this.#data.input, this.#filterOf(this.#deps.source().scorecard)) : null));
	/** The band chosen, as the default scorecard's labels have it now: a label no longer among them matches no one. */
	#filterOf(scorecard: Scorecard | null): WorklistFilter {
		const { band, segment, owner, churned } = this.filter;
		const index = band === undefined ? 0 : band === null ? null : band === NO_SCORE_BAND ? -1 : (scorecard?.bands.findIndex((b) => b.label === band) ?? -1);
		return { band: index === -1 && band !== NO_SCORE_BAND ? -2 : index, segment, owner, churned };
	}
	#recordsChurn: boolean = $derived.by(() => {
		const roles = this.#deps.source().roles;
		return !!roles && recordsChurn(roles);
	});
	/**
	 * Per band of the default scorecard (by index), its customers in the latest snapshot who already churned; null
	 * until the scores are ready, or when the data records no churn. The Overview's next step says how many of the
	 * lowest band's customers the Worklist leaves out for it.
	 */
	churnedPerBand: number[] | null = $derived.by(() => {
		// Data with no outcome or churn date has no one to count: the bands are not worked out for the Overview then.
		if (!this.#recordsChurn) return null;
		const d = this.#bands;
		if (!d?.churn) return null;
		const { churn, band } = d;
		const out = d.scorecard.bands.map(() => 0);
		for (let i = 0; i < churn.length; i++) if (churn[i] === CHURNED && band[i] >= 0) out[band[i]]++;
		return out;
	});
	/** Whether the latest snapshot has a customer who already churned: the page then offers to list them. */
	hasChurned: boolean = $derived.by(() => {
		if (!this.#recordsChurn) return false;
		const churn = this.#bands?.churn;
		return !!churn && churn.includes(CHURNED);
	});
	/** The table and roles alone, so that the filters' choices are not listed again on every re-scoring. */
	#table = $derived(this.#data?.table);
	#roles = $derived(this.#data?.roles);
	/**
	 * The columns the data has a role for: a file without segment, owner or ARR (the telco sample) shows no empty
	 * column and no filter with nothing to choose for them.
	 */
	has: { segment: boolean; owner: boolean; arr: boolean } = $derived({ segment: !!this.#roles?.segment, owner: !!this.#roles?.owner, arr: !!this.#data?.input.arr });
	segments: string[] = $derived(this.#table && this.#roles ? distinctValues(this.#table, this.#roles.segment) : []);
	owners: string[] = $derived(this.#table && this.#roles ? distinctValues(this.#table, this.#roles.owner) : []);
	/**
	 * The snapshot before the latest, which the Change column compares with (a customer missing from it is compared
	 * with its own previous snapshot: see `row(i).since`); null when there is only one snapshot.
	 */
	previousSnapshot: string | null = $derived.by(() => {
		const snapshots = this.#data?.history.layout.snapshots;
		return snapshots && snapshots.length >= 2 ? snapshots[snapshots.length - 2] : null;
	});
	/** Why the stored model is not used, when it is not. */
	modelProblem: string | null = $derived(this.#data?.modelProblem ?? null);

	/** One customer of the list, as the page shows it. */
	row(i: number) {
		const d = this.#data!;
		const tableRow = d.history.layout.viewRows[i];
		const band = bandOfRow(d.history, d.cards, tableRow);
		return {
			id: roleText(d.table, d.roles.id, i),
			name: roleText(d.table, d.roles.name, i),
			segment: roleText(d.table, d.roles.segment, i),
			owner: roleText(d.table, d.roles.owner, i),
			arr: d.input.arr ? d.input.arr[i] : NaN,
			score: d.input.score[i],
			change: d.change[i],
			/** The as-of date of the snapshot the change is measured from: the customer's previous one (null: none). */
			since: this.#snapshotOf(d.previous[i]),
			band,
			probability: d.input.probability ? d.input.probability[i] : NaN,
			revenueAtRisk: this.list?.revenueAtRisk ? this.list.revenueAtRisk[i] : NaN,
			/** "Churned", "Churned on <date>" or "Leaving on <date>"; '' for a customer staying. */
			mark: d.churn ? churnMark({ state: d.churn[i] as ChurnState, churnDate: this.#churnDate(i) }) : ''
		};
	}

	#churnDate(i: number): string | null {
		const d = this.#data!;
		return churnDateAt(d.table, d.roles, i);
	}

	#snapshotOf(row: number): string | null {
		const layout = this.#data!.history.layout;
		return row < 0 ? null : layout.snapshots[layout.snapshotOf[row]];
	}

	/** The whole filtered list as CSV, in rank order, with the page's columns. */
	csv(): string {
		const d = this.#data, list = this.list;
		if (!d || !list) throw new Error('There are no scores to export yet.');
		const band = (i: number) => bandOfRow(d.history, d.cards, d.history.layout.viewRows[i]);
		return worklistCsv(list, d.input, {
			id: (i) => roleText(d.table, d.roles.id, i),
			name: (i) => roleText(d.table, d.roles.name, i),
			segment: (i) => roleText(d.table, d.roles.segment, i),
			owner: (i) => roleText(d.table, d.roles.owner, i),
			band: (i) => band(i)?.label ?? '',
			action: (i) => band(i)?.action ?? '',
			change: (i) => d.change[i],
			since: (i) => this.#snapshotOf(d.previous[i]) ?? '',
			churn: d.churn ? (i) => d.churn![i] : undefined,
			churnDate: (i) => this.#churnDate(i) ?? ''
		}, { name: !!d.roles.name, change: this.previousSnapshot !== null, segment: this.has.segment, owner: this.has.owner });
	}
}
