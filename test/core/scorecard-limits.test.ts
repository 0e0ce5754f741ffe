import { describe, expect, it } from 'vitest';
import { checkScorecard, ScorecardError } from '../../src/lib/core/check';
import { readScorecardText, toScorecardFile, writeScorecardFile } from '../../src/lib/core/scorecard-file';
import { LIMITS } from '../../src/lib/core/scorecard-limits';
import { segmentProblems } from '../../src/lib/core/scorecard-set';
import { scoreTable } from '../../src/lib/core/score';
import { defaultBands, type Band, type Metric, type Scorecard } from '../../src/lib/core/scorecard';
import { tableOf } from '../helpers/tables';

const metric = (over: Partial<Metric> = {}): Metric => ({
	id: 'm', column: 'usage', label: 'Usage', weight: 1, normalization: { kind: 'linear', worst: 0, best: 100 }, missing: { kind: 'skip' }, ...over
});
const card = (over: Partial<Scorecard> = {}): Scorecard => ({ id: 's', name: 's', metrics: [metric()], bands: defaultBands(), ...over });
const errors = (sc: Scorecard) => checkScorecard(sc).filter((p) => p.severity === 'error').map((p) => p.message);
const readsBack = (sc: Scorecard) => readScorecardText(writeScorecardFile(toScorecardFile(sc, { exportedAt: '2026-01-01T00:00:00.000Z' }))).ok;
const bands = (n: number): Band[] => Array.from({ length: n }, (_, i) => ({ label: `B${i}`, min: (i * 100) / n, color: '#336699', action: '' }));
const levels = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`v${i}`, 50]));
const long = (n: number) => 'x'.repeat(n);

/** Pairs of scorecards: one at a limit, one just past it. */
const cases: [string, Scorecard, Scorecard][] = [
	['linear bounds', card({ metrics: [metric({ normalization: { kind: 'linear', worst: -1e15, best: 1e15 } })] }), card({ metrics: [metric({ normalization: { kind: 'linear', worst: 0, best: 2e15 } })] })],
	['target bounds', card({ metrics: [metric({ normalization: { kind: 'target', zeroBelow: -1e15, lo: 0, hi: 1, zeroAbove: 1e15 } })] }), card({ metrics: [metric({ normalization: { kind: 'target', zeroBelow: -2e15, lo: 0, hi: 1, zeroAbove: 1 } })] })],
	['threshold bounds', card({ metrics: [metric({ normalization: { kind: 'thresholds', ranges: [{ from: null, to: 1e15, points: 0 }, { from: 1e15, to: null, points: 100 }] } })] }), card({ metrics: [metric({ normalization: { kind: 'thresholds', ranges: [{ from: null, to: 3e15, points: 0 }, { from: 3e15, to: null, points: 100 }] } })] })],
	['weight', card({ metrics: [metric({ weight: 1e9 })] }), card({ metrics: [metric({ weight: 2e9 })] })],
	['metric label', card({ metrics: [metric({ label: long(200) })] }), card({ metrics: [metric({ label: long(201) })] })],
	['metric id', card({ metrics: [metric({ id: long(200) })] }), card({ metrics: [metric({ id: long(201) })] })],
	['empty metric id', card(), card({ metrics: [metric({ id: '' })] })],
	['column name', card({ metrics: [metric({ column: long(1000) })] }), card({ metrics: [metric({ column: long(1001) })] })],
	['scorecard name', card({ name: long(200) }), card({ name: long(201) })],
	['band label and action', card({ bands: [{ label: long(200), min: 0, color: '#336699', action: long(1000) }] }), card({ bands: [{ label: 'B', min: 0, color: '#336699', action: long(1001) }] })],
	['bands', card({ bands: bands(20) }), card({ bands: bands(21) })],
	['metrics', card({ metrics: Array.from({ length: 500 }, (_, i) => metric({ id: `m${i}` })) }), card({ metrics: Array.from({ length: 501 }, (_, i) => metric({ id: `m${i}` })) })],
	['category values', card({ metrics: [metric({ normalization: { kind: 'category', points: levels(5000), otherPoints: null } })] }), card({ metrics: [metric({ normalization: { kind: 'category', points: levels(5001), otherPoints: null } })] })],
	['category value length', card({ metrics: [metric({ normalization: { kind: 'category', points: { [long(1000)]: 1 }, otherPoints: null } })] }), card({ metrics: [metric({ normalization: { kind: 'category', points: { [long(1001)]: 1 }, otherPoints: null } })] })],
	['grading table rows', card({ metrics: [metric({ normalization: { kind: 'thresholds', ranges: Array.from({ length: 200 }, (_, i) => ({ from: i, to: i + 1, points: 0 })) } })] }), card({ metrics: [metric({ normalization: { kind: 'thresholds', ranges: Array.from({ length: 201 }, (_, i) => ({ from: i, to: i + 1, points: 0 })) } })] })]
];

describe('checkScorecard applies the scorecard file’s limits, so what it accepts round-trips', () => {
	it.each(cases)('%s: at the limit it is accepted and reads back; past it checkScorecard says so', (_, atLimit, past) => {
		expect(errors(atLimit)).toEqual([]);
		expect(readsBack(atLimit)).toBe(true);
		expect(errors(past).length).toBeGreaterThan(0);
		expect(readsBack(past)).toBe(false);
	});
	it('names the value and the limit in plain words', () => {
		expect(errors(cases[0][2])).toEqual(['Metric "Usage": best value must be between −1,000,000,000,000,000 and 1,000,000,000,000,000, got 2000000000000000']);
		expect(errors(cases[3][2])).toEqual(['Metric "Usage": weight must be at most 1,000,000,000, got 2000000000']);
		expect(errors(cases[10][2])).toEqual(['The scorecard has 21 bands; at most 20 are allowed.']);
		expect(errors(cases[9][2])).toEqual(['Band "B": action must be at most 1,000 characters, got 1,001']);
	});
	it('refuses to score with more bands than fit (a band index past 127 would wrap in score.ts’s Int8Array)', () => {
		const table = tableOf({ usage: [100] });
		const many = card({ bands: bands(130) });
		expect(() => scoreTable(table, many)).toThrow(ScorecardError);
		const ok = scoreTable(table, card({ bands: bands(LIMITS.bands) }));
		expect(ok.band[0]).toBe(LIMITS.bands - 1);
	});
	it('segment scorecards: at most LIMITS.segments, each segment value at most LIMITS.text characters', () => {
		const set = (segments: string[]) => ({ default: card(), segments: segments.map((segment, i) => ({ segment, scorecard: card({ id: `s${i}` }) })) });
		expect(segmentProblems(set([long(1000)]))).toEqual([]);
		expect(segmentProblems(set([long(1001)]))).toEqual(['the segment of “s” must be at most 1,000 characters, got 1,001']);
		expect(segmentProblems(set(Array.from({ length: 1001 }, (_, i) => `g${i}`)))).toEqual(['there are 1,001 segment scorecards; at most 1,000 are allowed']);
	});
});
