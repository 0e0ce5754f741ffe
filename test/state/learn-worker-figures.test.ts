/**
 * What the Learn page no longer computes on its main thread: the evaluations of the manual and learned scores come
 * with the worker's result, the blend slider's steps after it, and the training data is prepared in steps after
 * the click's task. The figures are those the page computed itself (evaluateBlend: out-of-fold scores, then
 * evaluateScore, checked against scikit-learn and pROC in test/workers/learn-validate.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { outOfFoldScore } from '../../src/lib/ml/suggest';
import { buildTrainingSet } from '../../src/lib/ml/training';
import { loadTfNode } from '../../src/lib/ml/tf-node';
import { LearnSession, type LearnWorker } from '../../src/lib/state/learn.svelte';
import type { LearnRequest, ToLearnWorker } from '../../src/lib/workers/learn-protocol';
import { evaluateScore } from '../../src/lib/workers/learn-validate';
import type { Later } from '../../src/lib/unfold.svelte';
import { InProcessWorker } from '../helpers/in-process-learn-worker';

const lt = await loadTfNode();
const dataset = generateDemo();

/** A session on the demo; `later` queues its steps when given. */
function setup(later?: Later) {
	const workers: InProcessWorker[] = [];
	const requests: LearnRequest[] = [];
	const session = new LearnSession({
		worker: () => {
			const w = new InProcessWorker(lt);
			workers.push(w);
			const post = w.postMessage.bind(w);
			(w as LearnWorker).postMessage = (m: ToLearnWorker) => {
				if (m.type === 'train') requests.push(structuredClone(m.request));
				post(m);
			};
			return w;
		},
		dataset: () => dataset,
		scorecard: () => demoScorecard(),
		imports: () => [dataset.meta],
		currentTable: () => dataset.table,
		applyScorecard: async () => 2,
		runs: { save: async () => undefined, list: async () => [], delete: async () => undefined, recordApplied: async () => undefined },
		later
	});
	session.settings.resamples = 200;
	return { session, workers, requests };
}

async function until(done: () => boolean): Promise<void> {
	while (!done()) await new Promise((r) => setTimeout(r, 10));
}

/** The evaluation at blend t as the page computed it before the worker did, at target share `target`. */
function onThePage(t: number, target = 0.7) {
	const card = demoScorecard();
	const set = buildTrainingSet(dataset, card, { horizonDays: 90 });
	return (fold: Int32Array, foldWeights: number[][]) => {
		const manual = card.metrics.map((m) => m.weight);
		const score = outOfFoldScore(set.features.subScores, fold, manual, foldWeights, t);
		const reference = t === 0 ? undefined : outOfFoldScore(set.features.subScores, fold, manual, foldWeights, 0);
		return evaluateScore({ score, y: set.y, bands: card.bands, targetRecall: target, reference });
	};
}

describe('the Learn worker computes what the page shows', () => {
	it('sends the manual and learned evaluations with the result, and the page shows them as they came', async () => {
		const { session, requests } = setup();
		session.start();
		await until(() => session.phase !== 'running');
		expect(requests[0].bands).toEqual(demoScorecard().bands);
		const result = session.result!;
		expect(result.evaluations).toBeDefined();
		expect(session.shown!.manual).toBe(result.evaluations!.manual);
		expect(session.shown!.learned).toBe(result.evaluations!.learned);
		expect(result.evaluations!.manual).toEqual(onThePage(0)(result.fold, result.foldWeights));
		expect(result.evaluations!.learned).toEqual(onThePage(1)(result.fold, result.foldWeights));
	}, 60_000);

	it('sends every step of the blend slider after the result; the slider shows them, the same figures as computed on the page', async () => {
		const { session, workers } = setup();
		session.start();
		await until(() => workers[0].terminated);
		const result = session.result!;
		session.blendT = 0.35;
		const worker = session.blendEval;
		expect(worker).toEqual(onThePage(0.35)(result.fold, result.foldWeights));
		// The worker's: the same object on a second read, not one made again.
		session.blendT = 0.4;
		session.blendT = 0.35;
		expect(session.blendEval).toBe(worker);
		// A target the run was not evaluated for: the suggestion is read off the worker's cut-off table, nothing evaluated again.
		session.settings.targetRecall = 0.5;
		expect(session.blendEval).not.toBe(worker);
		expect(session.blendEval!.cutoffs).toBe(worker!.cutoffs);
	}, 60_000);

	it('shows another target share from the worker\'s evaluations, the same figures as the page computed at that target', async () => {
		const { session, workers } = setup();
		session.start();
		await until(() => workers[0].terminated);
		const result = session.result!;
		const made = new Map([0, 100].map((pct) => [pct, pct === 0 ? session.shown!.manual : session.shown!.learned]));
		for (let pct = 5; pct <= 95; pct += 5) {
			session.blendT = pct / 100;
			made.set(pct, session.blendEval!);
		}
		for (const target of [0.5, 0.9, 0.33, 1]) {
			session.settings.targetRecall = target;
			expect(session.targetRecall).toBe(target);
			const manual = onThePage(0, target)(result.fold, result.foldWeights);
			expect(session.manualEval).toEqual(manual);
			expect(session.manualEval!.cutoffs).toBe(made.get(0)!.cutoffs);
			for (let pct = 0; pct <= 100; pct += 5) {
				session.blendT = pct / 100;
				expect(session.blendPending).toBe(false);
				expect(session.blendEval).toEqual(pct === 0 ? manual : onThePage(pct / 100, target)(result.fold, result.foldWeights));
				// Read off the evaluation the worker sent (or the result's), not made again on the page.
				expect(session.blendEval!.cutoffs).toBe(made.get(pct)!.cutoffs);
			}
		}
		// Back at the run's target: the worker's own objects.
		session.settings.targetRecall = 0.7;
		session.blendT = 0.45;
		expect(session.blendEval).toBe(made.get(45));
		expect(session.manualEval).toBe(made.get(0));
	}, 120_000);

	it('evaluates the step the slider moved to first, showing the nearest step it has meanwhile, then every other step, nearest first', async () => {
		const { session, workers } = setup();
		session.start();
		await until(() => workers[0]?.onmessage !== null && workers[0]?.onmessage !== undefined);
		const w = workers[0];
		const handle = w.onmessage!;
		let meanwhile: { pending: boolean; shownT: number; same: boolean; busy: boolean } | null = null;
		w.onmessage = (event) => {
			handle(event);
			if (event.data.type !== 'done') return;
			// Moved at once, before the worker sent any step: nothing is computed here, the manual figures (blend 0 %, the nearest made) are shown.
			session.blendT = 0.3;
			meanwhile = { pending: session.blendPending, shownT: session.shownBlendT, same: session.blendEval === session.shown!.manual, busy: w.sent.length > 0 };
		};
		await until(() => w.terminated);
		expect(meanwhile).toEqual({ pending: true, shownT: 0, same: true, busy: false });
		expect(w.asked.at(-1)).toBe(30);
		// The slider's step first, then those nearest it (the higher on a tie), each once; 0 and 100 % came with the result.
		expect(w.sent).toEqual([30, 35, 25, 40, 20, 45, 15, 50, 10, 55, 5, 60, 65, 70, 75, 80, 85, 90, 95]);
		expect(session.blendPending).toBe(false);
		expect(session.shownBlendT).toBe(0.3);
		const result = session.result!;
		// Every step the same figures as the page computed them.
		for (let pct = 5; pct <= 95; pct += 5) {
			session.blendT = pct / 100;
			expect(session.blendEval).toEqual(onThePage(pct / 100)(result.fold, result.foldWeights));
		}
	}, 120_000);

	it('evaluates the slider\'s step on the page once the worker no longer sends them (a new run stopped it)', async () => {
		const { session, workers } = setup();
		session.start();
		await until(() => workers[0]?.sent.length > 0);
		const result = session.result!;
		session.start(); // stops the first worker: its steps will not come
		expect(workers[0].terminated).toBe(true);
		const missing = [5, 10, 15, 20, 25, 30].find((pct) => !workers[0].sent.includes(pct))!;
		session.blendT = missing / 100;
		expect(session.blendPending).toBe(false);
		expect(session.blendEval).toEqual(onThePage(missing / 100)(result.fold, result.foldWeights));
		session.dispose();
	}, 120_000);

	it('prepares the data in steps after the click: Cancel in between starts no worker', () => {
		const queued: (() => void)[] = [];
		const { session, workers } = setup((step) => (queued.push(step), () => undefined));
		session.start();
		expect(session.phase).toBe('running');
		expect(session.progress?.message).toBe('Preparing the data');
		expect(workers).toHaveLength(0);
		queued.shift()!(); // the first step of the training set
		expect(workers).toHaveLength(0);
		session.cancel();
		while (queued.length) queued.shift()!();
		expect(workers).toHaveLength(0);
		expect(session.phase).toBe('cancelled');
		expect(session.message).toBe('Training was cancelled; nothing changed.');
	});

	it('posts the request once every step has run, the same as when prepared at once', async () => {
		const queued: (() => void)[] = [];
		const stepped = setup((step) => (queued.push(step), () => undefined));
		const atOnce = setup();
		stepped.session.start();
		atOnce.session.start();
		let steps = 0;
		while (queued.length) {
			expect(stepped.workers).toHaveLength(0);
			queued.shift()!();
			steps++;
		}
		// Picking, reading and scoring the rows, each metric's sub-scores (six), then the request.
		expect(steps).toBeGreaterThan(6);
		expect(stepped.workers).toHaveLength(1);
		expect(stepped.requests).toEqual(atOnce.requests);
		stepped.session.dispose();
		atOnce.session.dispose();
	});
});
