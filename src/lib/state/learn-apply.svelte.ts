/**
 * Apply (weights, "At risk" cut-off) and Add as metric: a shown run's suggestions saved as scorecard versions.
 * A suggestion is never saved twice: while one is being saved every button waits, one the scorecard already
 * has saves nothing, one another tab saved meanwhile saves nothing and says which version is now current
 * (the store refuses a version number taken since this tab read them), and one this run saved before says which
 * version has it ("Applied as version N"). Only when the scorecard has changed since, so that applying would
 * save a different scorecard (after a revert or an edit), is Apply offered again, saying what it was applied as
 * before.
 */
import { formatPercentAsIs } from '../core/format';
import type { Scorecard } from '../core/scorecard';
import type { Table } from '../core/table';
import type { AppliedCutoff, AppliedWeights, TrainingRunInput } from '../db';
import type { Driver } from '../ml/drivers';
import { withAtRiskCutoff, withWeights } from '../ml/suggest';
import type { ScoreEvaluation } from '../workers/learn-validate';
import type { RunResults, ScorecardWeights } from './learn-results';
import { addMetric, flipDirection, higherIsBetter, labelOfColumn, metricName, metricNamed } from './scorecard-edits';
import { ChangedElsewhereError } from './store';

/** Which button a message of Apply or Add answers: it is shown next to that button. */
export type ApplyPlace = 'weights' | 'cutoff' | 'drivers';

/** What the last Apply / Add did, or why it did nothing; `saved`: the version it saved, if any. */
export interface ApplyMessage {
	place: ApplyPlace;
	text: string;
	saved?: number;
}

/** A suggestion of the shown run that was saved as a scorecard version. */
export interface Applied {
	/** The newest version it was saved as. */
	version: number;
	/**
	 * The scorecard has changed since so that applying it would save a new version: Apply is offered again.
	 * False while the scorecard has it, and when it can no longer be applied (the metrics changed).
	 */
	again: boolean;
}

/** What Apply reads of the page: the run shown, and its weights and evaluation at the blend. */
export interface ApplySource {
	readonly shownRun: TrainingRunInput | null;
	readonly shown: Pick<RunResults, 'scorecard'> | null;
	readonly blendT: number;
	/** The blend whose evaluation blendEval is (the slider's, unless the worker is still making that step). */
	readonly shownBlendT: number;
	readonly blended: number[];
	readonly blendEval: ScoreEvaluation | null;
	/** The manual weights' evaluation: what a cut-off flags on a scorecard that still has them. */
	readonly manualEval: ScoreEvaluation | null;
	readonly scorecardWeights: ScorecardWeights | null;
}

/** What Apply needs from the workspace (see LearnDeps). */
export interface ApplyDeps {
	scorecard: () => Scorecard | null;
	currentTable: () => Table | null;
	/** Saves the version; `alsoWrite` (given its number) writes in the same storage transaction: both are stored, or neither. */
	applyScorecard: (scorecard: Scorecard, note: string, alsoWrite?: (version: number) => Promise<unknown>) => Promise<number>;
	now?: () => Date;
}

/**
 * Notes on a run that one of its suggestions became a version: `store` writes it on the stored run, in the version's
 * own transaction (a tab closed or a full disk then leaves neither, never a version the run does not name); `shown`
 * shows it once stored, and says, never throws, when it cannot.
 */
export interface NoteApplied {
	/**
	 * Resolves once the run is stored, or could not be (a run just trained is stored a frame after it is shown): its
	 * note is written only then, as there is no stored run to write it on before. At once when not given.
	 */
	ready?(run: TrainingRunInput): Promise<void>;
	store(run: TrainingRunInput, applied: AppliedWeights | AppliedCutoff): Promise<unknown>;
	shown(run: TrainingRunInput, applied: AppliedWeights | AppliedCutoff): Promise<void>;
}

/** What Apply would do: save `next`; or nothing, saying why (`same`: the scorecard has it already). */
type Change = { next: Scorecard } | { same: string } | { refused: string };

export class LearnApplier {
	/** An Apply or Add is being saved and noted: its buttons wait, so a second click cannot save a second version. */
	applying = $state(false);
	/** What the last Apply / Add did, or why it did nothing, shown next to its button. */
	message = $state.raw<ApplyMessage | null>(null);

	#deps: ApplyDeps;
	#source: ApplySource;
	#note: NoteApplied;

	constructor(deps: ApplyDeps, source: ApplySource, note: NoteApplied) {
		this.#deps = deps;
		this.#source = source;
		this.#note = note;
	}

	/** The shown run's weights at this blend, when it saved them as a version. */
	get weights(): Applied | null {
		const pct = Math.round(this.#source.blendT * 100);
		const version = newest(this.#source.shownRun?.applied, (a) => a.blendPct === pct);
		const change = version === null ? null : this.#weightsChange();
		return version === null || !change ? null : { version, again: 'next' in change };
	}

	/** The shown run's suggested cut-off at this blend, when it saved it as a version. */
	get cutoff(): Applied | null {
		const cut = this.#source.blendEval?.suggestion?.cutoff;
		const version = cut === undefined ? null : newest(this.#source.shownRun?.appliedCutoffs, (a) => a.cutoff === cut);
		const change = version === null ? null : this.#cutoffChange(cut!);
		return version === null || !change ? null : { version, again: 'next' in change };
	}

	/** Saves the blended weights as a new scorecard version and notes the version on the run. */
	async applyWeights(): Promise<void> {
		const run = this.#source.shownRun, pct = Math.round(this.#source.blendT * 100);
		if (this.applying || !run) return;
		const applied = this.weights;
		if (applied && !applied.again) return this.#say('weights', `These weights were already applied as scorecard version ${applied.version}.`);
		const change = this.#weightsChange();
		if (!change) return;
		if (!('next' in change)) return this.#say('weights', 'same' in change ? change.same : change.refused);
		const note = pct === 100 ? 'Weights learned from churn outcomes (Learn)' : `Weights blended ${formatPercentAsIs(100 - pct)} manual / ${formatPercentAsIs(pct)} learned (Learn)`;
		await this.#save('weights', change.next, note, (v) => `The weights were applied as scorecard version ${v}.`, this.#noting(run, (version) => ({ version, blendPct: pct, at: this.#at() })));
	}

	/** Sets where "At risk" ends to the suggested cut-off and notes the version on the run. */
	async applyCutoff(): Promise<void> {
		const run = this.#source.shownRun, cut = this.#source.blendEval?.suggestion;
		if (this.applying || !run || !cut) return;
		const applied = this.cutoff;
		if (applied && !applied.again) return this.#say('cutoff', `The cut-off ${cut.cutoff} was already applied as scorecard version ${applied.version}.`);
		const change = this.#cutoffChange(cut.cutoff);
		if (!change) return;
		if (!('next' in change)) return this.#say('cutoff', 'same' in change ? change.same : change.refused);
		const atRisk = change.next.bands[0].label;
		const note = `“${atRisk}” below ${cut.cutoff} (Learn: ${this.#flagged(cut)})`;
		await this.#save('cutoff', change.next, note, (v) => `“${atRisk}” now ends at ${cut.cutoff} (scorecard version ${v}).`, this.#noting(run, (version) => ({ version, cutoff: cut.cutoff, at: this.#at() })));
	}

	/**
	 * The share of churners a cut-off flags, in the version's note: on the scorecard as saved. A cut-off suggested
	 * for the learned score flags another share on a scorecard that still has the manual weights.
	 */
	#flagged(cut: { cutoff: number; recall: number }): string {
		const pct = (r: number) => formatPercentAsIs(Math.round(r * 100));
		const t = Math.round(this.#source.shownBlendT * 100);
		const suggestedFor = t === 100 ? 'the learned ones' : `those at blend ${formatPercentAsIs(t)}`;
		const on = this.#source.scorecardWeights;
		const manual = this.#source.manualEval?.cutoffs.find((c) => c.cutoff === cut.cutoff);
		if (on === 'manual' && manual) return `${pct(manual.recall)} of churners flagged with the scorecard’s weights, ${pct(cut.recall)} with ${suggestedFor}`;
		if (on === 'other') return `${pct(cut.recall)} of churners flagged with ${suggestedFor === 'the learned ones' ? 'the learned weights' : `the weights at blend ${formatPercentAsIs(t)}`}`;
		return `${pct(cut.recall)} of churners flagged`;
	}

	/** The scorecard now has a metric reading the column (added since the run, by Add as metric or by hand). */
	scores(column: string): boolean {
		return this.#deps.scorecard()?.metrics.some((m) => m.column === column) ?? false;
	}

	/** Adds a driver's column as a metric, scored in the direction the data shows is healthy; once. */
	async addAsMetric(driver: Driver): Promise<void> {
		if (this.applying) return;
		const current = this.#deps.scorecard();
		const table = this.#deps.currentTable();
		if (!current || !table) return;
		if (this.scores(driver.column)) return this.#say('drivers', `“${driver.column}” is already in the scorecard.`);
		const next = JSON.parse(JSON.stringify(current)) as Scorecard;
		// Another metric of that name (addMetric then numbers this one): said, with its name, in the message.
		const namesake = metricNamed(current, labelOfColumn(driver.column));
		let metric;
		try {
			metric = addMetric(next, driver.column, table);
		} catch (err) {
			return this.#say('drivers', message(err));
		}
		// More of the column, more churn: lower values are healthier.
		if (driver.level === undefined && driver.sign > 0 && higherIsBetter(metric.normalization)) flipDirection(metric);
		const label = metric.label, weight = metric.weight;
		const numbered = namesake ? ` (another metric, on “${namesake.column}”, is named “${metricName(namesake)}”)` : '';
		await this.#save('drivers', next, `Added metric “${label}” (Learn: a driver of churn)`, () => `“${label}” was added to the scorecard with weight ${weight}${numbered}; adjust it on the Scorecard page.`);
	}

	/** The current scorecard, when its metrics are still the ones the run learned; null with nothing shown. */
	#current(): Scorecard | { refused: string } | null {
		const current = this.#deps.scorecard();
		const learned = this.#source.shown?.scorecard;
		if (!current || !learned) return null;
		const ids = (s: Scorecard) => s.metrics.map((m) => m.id).join('\u0000');
		return ids(current) === ids(learned) ? current : { refused: 'The scorecard’s metrics changed since this run: train again before applying.' };
	}

	#weightsChange(): Change | null {
		const current = this.#current();
		if (!current || 'refused' in current) return current;
		if (this.#source.blended.length !== current.metrics.length) return null;
		const next = withWeights(current, this.#source.blended);
		if (next.metrics.every((m, k) => m.weight === current.metrics[k].weight)) return { same: 'The scorecard already has these weights: nothing to apply.' };
		return { next };
	}

	#cutoffChange(cutoff: number): Change | null {
		const current = this.#current();
		if (!current || 'refused' in current) return current;
		let next: Scorecard;
		try {
			next = withAtRiskCutoff(current, cutoff);
		} catch (err) {
			return { refused: message(err) };
		}
		if (next.bands[1].min === current.bands[1].min) return { same: `“${current.bands[0].label}” already ends at ${cutoff}: nothing to apply.` };
		return { next };
	}

	/** The note on `run` of the version a suggestion is saved as: written with it, then shown. */
	#noting(run: TrainingRunInput, applied: (version: number) => AppliedWeights | AppliedCutoff): Noting {
		let note: AppliedWeights | AppliedCutoff | undefined;
		return {
			ready: () => this.#note.ready?.(run) ?? Promise.resolve(),
			write: (version) => this.#note.store(run, (note = applied(version))),
			shown: () => (note ? this.#note.shown(run, note) : Promise.resolve())
		};
	}

	/** Saves a scorecard version and notes it on the run (one transaction), every button waiting until both are done; says what happened next to the button. */
	async #save(place: ApplyPlace, scorecard: Scorecard, note: string, done: (version: number) => string, noted?: Noting): Promise<void> {
		this.applying = true;
		try {
			let version: number;
			// A run that finished a moment ago may not be stored yet: its note would find no run to go on.
			await noted?.ready();
			try {
				version = await this.#deps.applyScorecard(scorecard, note, noted?.write);
			} catch (err) {
				// Another tab saved a version meanwhile: its message says so, which version is current, and that nothing was saved.
				return this.#say(place, err instanceof ChangedElsewhereError ? err.message : `Nothing was changed: ${message(err)}`);
			}
			this.message = { place, text: done(version), saved: version };
			await noted?.shown();
		} finally {
			this.applying = false;
		}
	}

	#say(place: ApplyPlace, text: string): void {
		this.message = { place, text };
	}

	#at(): string {
		return (this.#deps.now?.() ?? new Date()).toISOString();
	}
}

/** A note to write with a version (given its number), and to show once both are stored. */
interface Noting {
	ready(): Promise<void>;
	write(version: number): Promise<unknown>;
	shown(): Promise<void>;
}

/** The version of the newest entry that matches; null when none does. */
function newest<T extends { version: number }>(list: readonly T[] | undefined, match: (entry: T) => boolean): number | null {
	return [...(list ?? [])].reverse().find(match)?.version ?? null;
}

function message(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}
