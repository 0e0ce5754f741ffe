/**
 * Whether a CSM can act on a metric: the flag's default (absent = actionable), files and links with and without it,
 * its change in the scorecard diff, the next-band table leaving such metrics out, and the name rule for new metrics.
 */
import { describe, expect, it } from 'vitest';
import { NOT_ACTIONABLE_NAMES, notActionableWord } from '../../src/lib/core/actionable';
import { checkScorecard } from '../../src/lib/core/check';
import type { DatasetMeta } from '../../src/lib/core/dataset';
import { demoScorecard } from '../../src/lib/core/demo';
import { anyAlone, describeLeftOut, describeNeed, describeNextBand, metricStatesOf, nextBand } from '../../src/lib/core/next-band';
import { proposeMetric } from '../../src/lib/core/propose';
import { scoreTable } from '../../src/lib/core/score';
import { defaultBands, isActionable, type Metric, type Normalization, type Scorecard } from '../../src/lib/core/scorecard';
import { diffScorecards, setChanges } from '../../src/lib/core/scorecard-diff';
import { singleSet } from '../../src/lib/core/scorecard-set';
import { readScorecardText, toScorecardFile, writeScorecardFile } from '../../src/lib/core/scorecard-file';
import { decodeScorecardPayload, encodeScorecardPayload } from '../../src/lib/core/share-link';
import type { Table } from '../../src/lib/core/table';
import { workspaceChanges } from '../../src/lib/state/learn-results';
import { addMetric, setActionable } from '../../src/lib/state/scorecard-edits';
import { imported, num, text } from '../helpers/imported';
import { tableOf } from '../helpers/tables';

const metric = (id: string, weight: number, normalization: Normalization, actionable?: boolean): Metric => ({
	id, column: id, label: id[0].toUpperCase() + id.slice(1), weight, normalization, missing: { kind: 'skip' }, ...(actionable === undefined ? {} : { actionable })
});
const card = (metrics: Metric[]): Scorecard => ({ id: 's', name: 'S', metrics, bands: defaultBands() });

function nextOf(table: Table, scorecard: Scorecard) {
	return nextBand(metricStatesOf(table, scorecard, scoreTable(table, scorecard), 0), scorecard.bands);
}

describe('the actionable flag', () => {
	it('is actionable when absent or true, not when false', () => {
		const m = demoScorecard().metrics[0];
		expect('actionable' in m).toBe(false);
		expect([isActionable(m), isActionable({ actionable: true }), isActionable({ actionable: false })]).toEqual([true, true, false]);
	});

	it('goes through a scorecard file and a share link and back; a file without it reads without it', async () => {
		const marked = demoScorecard();
		marked.metrics[9].actionable = false;
		const file = toScorecardFile(marked, { exportedAt: '2026-11-24T22:00:00.000Z' });
		const read = readScorecardText(writeScorecardFile(file));
		expect(read.ok && read.file.scorecard).toEqual(marked);
		const link = await decodeScorecardPayload(await encodeScorecardPayload(file));
		expect(link.ok && link.file.scorecard.metrics.map(isActionable)).toEqual([true, true, true, true, true, true, true, true, true, false]);
		// A file written before the flag existed: read as it is, every metric actionable.
		const old = readScorecardText(writeScorecardFile(toScorecardFile(demoScorecard(), { exportedAt: '2026-01-01T00:00:00.000Z' })));
		expect(old.ok && old.file.scorecard).toEqual(demoScorecard());
		expect(old.ok && old.file.scorecard.metrics.every((m) => !('actionable' in m) && isActionable(m))).toBe(true);
		// Version 1 (a stored record) with and without it.
		const v1 = (m: Metric[]) => JSON.stringify({ ...demoScorecard(), metrics: m, datasetId: 'workspace', updatedAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 });
		const v1Read = readScorecardText(v1(marked.metrics));
		expect(v1Read.ok && v1Read.file.scorecard.metrics[9].actionable).toBe(false);
		expect(readScorecardText(v1(demoScorecard().metrics)).ok).toBe(true);
	});

	it('is refused by the file schema and by the check when it is not true or false, naming where', () => {
		const text = writeScorecardFile(toScorecardFile(demoScorecard(), { exportedAt: '2026-11-24T22:00:00.000Z' })).replace('"missing": {', '"actionable": "no",\n"missing": {');
		const read = readScorecardText(text);
		expect(read.ok).toBe(false);
		expect(!read.ok && read.problems).toEqual(['scorecard.metrics[0].actionable: expected a boolean, got "no"']);
		// A backup's scorecards skip the file's schema: the check says so with the metric's name.
		const bad = demoScorecard();
		(bad.metrics[0] as { actionable?: unknown }).actionable = 'no';
		expect(checkScorecard(bad).map((p) => p.message)).toEqual(['Metric "Product usage": "actionable" must be true or false, got "no"']);
		expect(checkScorecard({ ...bad, metrics: [{ ...bad.metrics[0], actionable: false }] })).toEqual([]);
	});

	it('is reported by the scorecard diff in words, absent and true being the same', () => {
		const before = demoScorecard();
		const after = demoScorecard();
		after.metrics[9].actionable = false;
		after.metrics[0].actionable = true;
		const diff = diffScorecards(before, after);
		expect(diff.changed.map((c) => [c.after.label, c.changes, c.actionableOnly])).toEqual([['Executive sponsor', ['actionable → not actionable'], true]]);
		expect(diff.same).toBe(false);
		const back = diffScorecards(after, before);
		expect(back.changed.map((c) => c.changes)).toEqual([['not actionable → actionable']]);
		after.metrics[9].weight = 12;
		expect(diffScorecards(before, after).changed.map((c) => [c.changes, c.actionableOnly])).toEqual([[['weight 10 → 12', 'actionable → not actionable'], false]]);
		expect(diffScorecards(before, { ...before, metrics: before.metrics.map((m) => ({ ...m, actionable: true })) }).same).toBe(true);
	});

	it('is said by the version compare, per scorecard when there are segment scorecards', () => {
		const after = demoScorecard();
		after.metrics[9].actionable = false;
		expect(setChanges(singleSet(demoScorecard()), singleSet(after))).toEqual(['Executive sponsor: actionable → not actionable']);
		expect(setChanges(singleSet(demoScorecard()), singleSet(demoScorecard()))).toEqual([]);
		const segment = (scorecard: Scorecard) => ({ default: demoScorecard(), segments: [{ segment: 'Enterprise', scorecard }] });
		const bands = demoScorecard();
		bands.bands[1].min = 45;
		expect(setChanges(segment(demoScorecard()), segment({ ...after, bands: bands.bands }))).toEqual([
			'Enterprise: Executive sponsor: actionable → not actionable',
			'Enterprise: bands: “At risk” 0–40 → 0–45',
			'Enterprise: bands: “Needs attention” 40–70 → 45–70'
		]);
	});

	it('is no change Learn’s results depend on (a metric not actionable still predicts churn)', () => {
		const run = { data: { imports: [{ id: 'a', name: 'Jan', rowCount: 100 }], customers: 90, churned: 30, retained: 60, mode: 'single' as const } };
		const now = demoScorecard();
		now.metrics[9].actionable = false;
		const imports = [{ id: 'a', name: 'Jan', rowCount: 100 } as DatasetMeta];
		expect(workspaceChanges(run, demoScorecard(), { imports, scorecard: now })).toEqual([]);
		now.metrics[8].weight = 11;
		expect(workspaceChanges(run, demoScorecard(), { imports, scorecard: now })).toEqual(['the scorecard has changed: 1 metric changed (weights or scoring)']);
	});

	it('is set by the editor as its absence when ticked, so ticking again leaves nothing to save', () => {
		const m = demoScorecard().metrics[0];
		const saved = JSON.stringify(m);
		setActionable(m, false);
		expect(m.actionable).toBe(false);
		setActionable(m, true);
		expect(JSON.stringify(m)).toBe(saved);
	});
});

describe('points to the next band suggest only actionable metrics', () => {
	// Usage 50 → 50 (weight 30), tickets 6 on 10 → 0 → 40 (weight 20), NPS as is 30 (weight 50): score 38, At risk.
	const table = tableOf({ usage: [50], tickets: [6], nps: [30] });
	const metrics = (tickets?: boolean, usage?: boolean, nps?: boolean) => card([
		metric('usage', 30, { kind: 'linear', worst: 0, best: 100 }, usage),
		metric('tickets', 20, { kind: 'linear', worst: 10, best: 0 }, tickets),
		metric('nps', 50, { kind: 'asIs' }, nps)
	]);

	it('leaves a metric marked as not actionable out, still counting it in the score and the values the others need', () => {
		const next = nextOf(table, metrics(false));
		// By hand, as in next-band.test.ts: usage 50 + 200 / 30 = 56.67 → 57, score (1710 + 800 + 1500) / 100 = 40.1;
		// NPS 30 + 200 / 50 = 34, score (1500 + 800 + 1700) / 100 = 40. Tickets stays at its 40 in both.
		expect(next.score).toBe(38);
		expect(next.options.map((o) => [o.label, describeNeed(o.need), o.score])).toEqual([['Usage', 'at least 57', 40.1], ['Nps', 'at least 34', 40]]);
		expect(next.leftOut).toEqual([{ id: 'tickets', label: 'Tickets' }]);
		expect(describeNextBand(next)).toBe('2.0 points to Needs attention: what each metric alone would need, the others staying as they are.');
		expect(describeLeftOut(next)).toBe('Tickets is marked as not actionable (a CSM cannot change it), so it is not suggested; it still counts in the score.');
		// Unmarked, every metric is suggested and no line is added.
		const all = nextOf(table, metrics());
		expect([all.options.length, all.leftOut, describeLeftOut(all)]).toEqual([3, [], null]);
	});

	it('says so when no metric a CSM can act on is enough alone, or there is none', () => {
		// Every sub-score 0: score 0, 40 to Needs attention. NPS alone at 100 gives 50 (enough); tickets alone gives
		// 20, 20.0 short; usage 30, 10.0 short.
		const low = tableOf({ usage: [0], tickets: [10], nps: [0] });
		expect(anyAlone(nextOf(low, metrics()))).toBe(true);
		const next = nextOf(low, metrics(undefined, undefined, false));
		expect(anyAlone(next)).toBe(false);
		expect(next.options.map((o) => [o.label, o.need])).toEqual([['Usage', { kind: 'short', points: 10 }], ['Tickets', { kind: 'short', points: 20 }]]);
		expect(describeNextBand(next)).toMatch(/^40\.0 points to Needs attention: no metric a CSM can act on alone is enough\. /);
		const none = nextOf(low, metrics(false, false, false));
		expect(none.options).toEqual([]);
		expect(describeNextBand(none)).toBe('40.0 points to Needs attention: no metric a CSM can act on is in the scorecard, so there is nothing to suggest.');
		expect(describeLeftOut(none)).toBe('Usage, Tickets and Nps are marked as not actionable (a CSM cannot change them), so they are not suggested; they still count in the score.');
	});

	it('names at most eight metrics left out, then how many more; none in the top band', () => {
		const many = card(Array.from({ length: 11 }, (_, k) => metric(`m${k}`, 1, { kind: 'asIs' }, k === 0 ? undefined : false)));
		const columns = Object.fromEntries(many.metrics.map((m) => [m.column, [10]]));
		const next = nextOf(tableOf(columns), many);
		expect(describeLeftOut(next)).toBe('M1, M2, M3, M4, M5, M6, M7, M8 and 2 more are marked as not actionable (a CSM cannot change them), so they are not suggested; they still count in the score.');
		const top = nextOf(tableOf({ usage: [100], tickets: [0], nps: [100] }), metrics(false));
		expect([top.target, describeLeftOut(top)]).toEqual([null, null]);
	});
});

describe('new metrics are proposed as not actionable only when the name says so', () => {
	it('matches the listed words as whole words of the name, in any of its spellings', () => {
		const words = ['tenure', 'SeniorCitizen', 'gender', 'account_age_days', 'DateOfBirth', 'signup_date', 'SignUpDate', 'CustomerSince', 'contract start date', 'ContractStart', 'AGE'];
		expect(words.map(notActionableWord)).toEqual(['tenure', 'senior', 'gender', 'age', 'birth', 'signup', 'sign up', 'customer since', 'contract start', 'contract start', 'age']);
		// "age" inside other words, and Telco's or the demo's measures a CSM works on, are not matched.
		const others = ['average_usage', 'usage', 'message_count', 'teenager', 'Contract', 'MonthlyCharges', 'Partner', 'PaperlessBilling', 'seat_utilization', 'nps', 'contract_growth_pct', 'start_date_x'];
		expect(others.map(notActionableWord)).toEqual(others.map(() => null));
		expect(NOT_ACTIONABLE_NAMES.length).toBeLessThanOrEqual(12);
	});

	it('proposes the flag on new metrics: on tenure, not on usage (left absent)', () => {
		const column = num(1, 5, 30);
		expect(proposeMetric('m1', 'tenure', column).actionable).toBe(false);
		expect('actionable' in proposeMetric('m2', 'usage', column)).toBe(false);
		const scorecard = card([]);
		const table = tableOf({ tenure: [1, 5, 30], logins: [3, 4, 9] });
		expect([addMetric(scorecard, 'tenure', table), addMetric(scorecard, 'logins', table)].map(isActionable)).toEqual([false, true]);
	});

	it('proposes Telco-like columns of a first import: tenure and SeniorCitizen not actionable, the charges actionable', () => {
		const first = imported('telco.csv', '2026-11-24T22:00:00.000Z', { customerID: text('a', 'b', 'c'), tenure: num(1, 34, 2), SeniorCitizen: num(0, 1, 0), MonthlyCharges: num(29.85, 56.95, 53.85) }, { customerID: 'id' });
		expect(first.scorecard!.metrics.map((m) => [m.column, isActionable(m)])).toEqual([['tenure', false], ['SeniorCitizen', false], ['MonthlyCharges', true]]);
	});
});
