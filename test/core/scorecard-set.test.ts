// When two scorecard sets are the same (an import of one over the other would change nothing).
import { describe, expect, it } from 'vitest';
import { demoScorecard } from '../../src/lib/core/demo';
import { readScorecardText, toScorecardFile, writeScorecardFile } from '../../src/lib/core/scorecard-file';
import { sameSet, type ScorecardSet } from '../../src/lib/core/scorecard-set';

const enterprise = () => ({ segment: 'Enterprise', scorecard: { ...demoScorecard(), id: 'enterprise', name: 'Enterprise' } });
const set = (): ScorecardSet => ({ default: demoScorecard(), segments: [enterprise()] });

describe('sameSet', () => {
	it('is true for a set written to a scorecard file and read back, and whatever the order of keys', () => {
		const file = writeScorecardFile(toScorecardFile(demoScorecard(), { exportedAt: '2026-03-01T00:00:00.000Z', segments: [enterprise()] }));
		const read = readScorecardText(file);
		if (!read.ok) throw new Error(read.problems.join('\n'));
		expect(sameSet(set(), { default: read.file.scorecard, segments: read.file.segments ?? [] })).toBe(true);
		const reordered = set();
		reordered.default.metrics = reordered.default.metrics.map((m) => Object.fromEntries(Object.entries(m).reverse()) as typeof m);
		expect(sameSet(set(), reordered)).toBe(true);
	});
	it('leaves out the default’s id, which an import replaces with the workspace’s', () => {
		expect(sameSet(set(), { ...set(), default: { ...demoScorecard(), id: 'from-a-file' } })).toBe(true);
	});
	it('is false for any other difference: a weight, a name, a band, a segment scorecard', () => {
		const edits: ((s: ScorecardSet) => void)[] = [
			(s) => (s.default.metrics[0].weight = 21),
			(s) => (s.default.name = 'Renamed'),
			(s) => (s.default.bands[1].min = 41),
			(s) => (s.default.metrics[0].id = 'usage-2'),
			(s) => (s.segments[0].scorecard.metrics[1].weight = 0),
			(s) => (s.segments[0].segment = 'SMB'),
			(s) => (s.segments = [])
		];
		for (const edit of edits) {
			const other = set();
			edit(other);
			expect(sameSet(set(), other), String(edit)).toBe(false);
		}
	});
});
