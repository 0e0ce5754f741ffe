/**
 * The blend slider's steps after a run, as the worker sends them (and node tests' in-process worker): one at a
 * time, the step the slider is on first, then those nearest it, reading between steps where the page says the
 * slider now is. A step the page waits for is thus one evaluation away, not up to nineteen.
 */
import type { FromLearnWorker, LearnRequest, LearnResult } from './learn-protocol';
import { blendStepper, nextBlendStep, type ScoreEvaluation } from './learn-validate';
import { nextTask } from './next-task';

/** How the steps are sent, and where the slider is. */
export interface StepsIo {
	/** The slider's step, % (the page posts `blend` on each move; 100 until it does). */
	wanted(): number;
	post(message: FromLearnWorker): void;
	signal?: AbortSignal;
}

/**
 * Evaluates and posts every step between 0 and 100 % (`blend`), then `blends-done`; complete: false when they could
 * not be evaluated (the page then evaluates the missing ones itself). Nothing for a request without the bands.
 */
export async function sendBlendSteps(request: LearnRequest, result: Pick<LearnResult, 'fold' | 'foldWeights'>, io: StepsIo): Promise<void> {
	const { bands, subScores, manualWeights, y, settings } = request;
	if (!bands) return;
	let evaluate: (pct: number) => ScoreEvaluation;
	try {
		evaluate = blendStepper({ subScores, fold: result.fold, manualWeights, foldWeights: result.foldWeights, y, bands }, settings.targetRecall);
	} catch {
		return io.post({ type: 'blends-done', complete: false });
	}
	const done = new Set<number>();
	for (;;) {
		// A task of its own per step: the page's `blend` message, sent as the slider moved, is read in between.
		await nextTask();
		io.signal?.throwIfAborted();
		const pct = nextBlendStep(done, io.wanted());
		if (pct === null) break;
		let evaluation: ScoreEvaluation;
		try {
			evaluation = evaluate(pct);
		} catch {
			return io.post({ type: 'blends-done', complete: false });
		}
		done.add(pct);
		io.post({ type: 'blend', pct, evaluation });
	}
	io.post({ type: 'blends-done', complete: true });
}
