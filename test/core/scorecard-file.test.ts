import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import {
	MAX_SCORECARD_FILE_BYTES, SCORECARD_FILE_VERSION, missingColumns, readScorecardBytes, readScorecardText, readScorecardValue,
	scorecardFileName, toScorecardFile, writeScorecardFile, type ScorecardFile
} from '../../src/lib/core/scorecard-file';
import { scoreTable } from '../../src/lib/core/score';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { currentView } from '../../src/lib/core/portfolio';

const EXPORTED_AT = '2026-11-22T15:00:00.000Z';

/** A scorecard using every normalization and missing-value policy, with awkward level names. */
function everyKind(): Scorecard {
	const card = demoScorecard();
	card.metrics[0].normalization = { kind: 'percentile', higherIsBetter: false };
	card.metrics[0].missing = { kind: 'median' };
	card.metrics[1].normalization = { kind: 'asIs' };
	card.metrics[1].missing = { kind: 'zero' };
	card.metrics[2].missing = { kind: 'fixed', value: 42.5 };
	card.metrics[9].normalization = { kind: 'category', points: { __proto__: 10, constructor: 20, Yes: 100, 'No "really"': 0 } as Record<string, number>, otherPoints: 5 };
	// The literal above sets the prototype; define the own key the way JSON.parse does.
	Object.defineProperty(card.metrics[9].normalization, 'points', {
		value: JSON.parse('{"__proto__": 10, "constructor": 20, "Yes": 100, "No \\"really\\"": 0}'), enumerable: true, writable: true
	});
	return card;
}

function roundTrip(card: Scorecard, segments?: ScorecardFile['segments']) {
	const text = writeScorecardFile(toScorecardFile(card, { exportedAt: EXPORTED_AT, segments }));
	return { text, result: readScorecardText(text) };
}

/** The file's text with one change made to its parsed JSON. */
function edited(change: (file: any) => void): string {
	const file = JSON.parse(writeScorecardFile(toScorecardFile(demoScorecard(), { exportedAt: EXPORTED_AT })));
	change(file);
	return JSON.stringify(file);
}

function problemsOf(text: string): string[] {
	const result = readScorecardText(text);
	if (result.ok) throw new Error('expected the file to be refused');
	return result.problems;
}

describe('scorecard file round trip', () => {
	it('reads back exactly the scorecard it wrote, every normalization and policy, "__proto__" level included', () => {
		const card = everyKind();
		const { result } = roundTrip(card);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.migratedFrom).toBeNull();
		expect(result.file.schemaVersion).toBe(SCORECARD_FILE_VERSION);
		expect(result.file.scorecard).toEqual(JSON.parse(JSON.stringify(card)));
		const points = (result.file.scorecard.metrics[9].normalization as { points: Record<string, number> }).points;
		expect(Object.hasOwn(points, '__proto__')).toBe(true);
		expect(points['__proto__']).toBe(10);
		expect(Object.getPrototypeOf(points)).toBe(Object.prototype);
	});

	it('scores the demo exactly as the original does', () => {
		const { result } = roundTrip(demoScorecard());
		if (!result.ok) throw new Error(result.problems.join('\n'));
		const table = currentView(generateDemo({ accounts: 300 })).table;
		expect(scoreTable(table, result.file.scorecard).score).toEqual(scoreTable(table, demoScorecard()).score);
	});

	it('holds segment scorecards beside the default one', () => {
		const enterprise = { ...demoScorecard(), id: 'enterprise', name: 'Enterprise' };
		const { result } = roundTrip(demoScorecard(), [{ segment: 'Enterprise', scorecard: enterprise }]);
		if (!result.ok) throw new Error(result.problems.join('\n'));
		expect(result.file.segments).toEqual([{ segment: 'Enterprise', scorecard: enterprise }]);
	});

	it('names a safe file', () => {
		expect(scorecardFileName({ ...demoScorecard(), name: '../Ünïcode: health / score' })).toBe('unicode-health-score.checkup-scorecard.json');
		expect(scorecardFileName({ ...demoScorecard(), name: '***' })).toBe('scorecard.checkup-scorecard.json');
	});
});

describe('version 1 (a stored scorecard record) migrates', () => {
	it('to the current version with the record’s save time as the export time', () => {
		const record = { ...demoScorecard(), datasetId: 'workspace', updatedAt: '2026-01-02T03:04:05.000Z', schemaVersion: 1 };
		const result = readScorecardValue(JSON.parse(JSON.stringify(record)));
		if (!result.ok) throw new Error(result.problems.join('\n'));
		expect(result.migratedFrom).toBe(1);
		expect(result.file).toEqual({ format: 'checkup-scorecard', schemaVersion: 2, exportedAt: '2026-01-02T03:04:05.000Z', scorecard: demoScorecard() });
	});

	it('and a broken version 1 file names the problem', () => {
		const record = { ...demoScorecard(), datasetId: 'workspace', updatedAt: 'x', schemaVersion: 1 };
		record.metrics[3] = { ...record.metrics[3], weight: -1 };
		const result = readScorecardValue(record);
		expect(result).toEqual({ ok: false, problems: ['metrics[3].weight: expected a number ≥ 0, got -1'] });
	});
});

describe('a wrong or hostile file is refused with the path of each problem', () => {
	const cases: [string, string, string][] = [
		['not JSON', 'name,weight\nusage,3', 'The file is not JSON'],
		['JSON but not an object', '[1,2,3]', 'Expected a scorecard file (a JSON object), got a list of 3.'],
		['no version', '{"scorecard": {}}', 'This is not a Checkup scorecard file: it has no schemaVersion.'],
		['a newer version, with what to do', '{"schemaVersion": 7}', 'written by a newer Checkup (schema version 7); this one reads versions 1 to 2. When this site has a newer Checkup, it offers “Reload to update” at the top of the page; otherwise ask whoever sent it for a file from the Checkup you use here.'],
		['a version that is not a number', '{"schemaVersion": "2"}', 'schemaVersion: expected 1 or 2, got "2"'],
		['a weight that is text', edited((f) => (f.scorecard.metrics[2].weight = 'abc')), 'scorecard.metrics[2].weight: expected a number, got "abc"'],
		['a negative weight', edited((f) => (f.scorecard.metrics[2].weight = -3)), 'scorecard.metrics[2].weight: expected a number ≥ 0, got -3'],
		['a weight of 1e999 (Infinity after JSON.parse)', edited((f) => (f.scorecard.metrics[0].weight = 0)).replace('"weight":0', '"weight":1e999'), 'scorecard.metrics[0].weight: expected a number, got Infinity'],
		['a NaN weight (not JSON)', edited(() => {}).replace('"weight":20', '"weight":NaN'), 'The file is not JSON'],
		['an unknown normalization', edited((f) => (f.scorecard.metrics[1].normalization = { kind: 'logarithmic', base: 10 })),
			'scorecard.metrics[1].normalization.kind: unknown normalization "logarithmic"; expected one of linear, thresholds, target, percentile, category, asIs'],
		['an unknown missing-value policy', edited((f) => (f.scorecard.metrics[1].missing = { kind: 'mean' })), 'scorecard.metrics[1].missing.kind: unknown missing-value policy "mean"'],
		['a "__proto__" field', edited(() => {}).replace('"format":', '"__proto__":{"polluted":true},"format":'), 'unknown field "__proto__"'],
		['a "__proto__" field in a metric', edited(() => {}).replace('"id":"usage",', '"id":"usage","__proto__":{"weight":1},'), 'scorecard.metrics[0]: unknown field "__proto__"'],
		['a huge string', edited((f) => (f.scorecard.metrics[0].label = 'x'.repeat(100_000))), 'scorecard.metrics[0].label: expected at most 200 characters, got 100,000'],
		['a huge array', edited((f) => (f.scorecard.metrics = Array.from({ length: 5000 }, () => f.scorecard.metrics[0]))), 'scorecard.metrics: expected at most 500 entries, got 5,000'],
		['a "constructor" field', edited((f) => (f.scorecard.constructor = { prototype: { polluted: true } })), 'scorecard: unknown field "constructor"'],
		['a weight written "NaN"', edited((f) => (f.scorecard.metrics[0].weight = 'NaN')), 'scorecard.metrics[0].weight: expected a number, got "NaN"'],
		['a 1 MB name', edited((f) => (f.scorecard.name = 'x'.repeat(1_000_000))), 'scorecard.name: expected at most 200 characters, got 1,000,000'],
		['a 1 MB category value', edited((f) => (f.scorecard.metrics[9].normalization.points['x'.repeat(1_000_000)] = 1)), `normalization.points["${'x'.repeat(40)}…"]: a value is at most 1,000 characters, got 1,000,000`],
		['200,000 category values', edited((f) => (f.scorecard.metrics[9].normalization.points = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`v${i}`, 1])))),
			'scorecard.metrics[9].normalization.points: expected at most 5,000 values, got 200,000'],
		['lists nested 100,000 deep', edited(() => {}).replace('"format":', `"deep":${'['.repeat(100_000)}${']'.repeat(100_000)},"format":`), 'unknown field "deep"'],
		['points out of range', edited((f) => (f.scorecard.metrics[9].normalization.points.Yes = 130)), 'scorecard.metrics[9].normalization.points.Yes: expected points between 0 and 100, got 130'],
		['a bad colour', edited((f) => (f.scorecard.bands[1].color = 'red')), 'scorecard.bands[1].color: expected a colour as #rrggbb, got "red"'],
		['a missing field', edited((f) => delete f.scorecard.metrics[4].column), 'scorecard.metrics[4].column: expected a string, got nothing'],
		['worst equal to best', edited((f) => (f.scorecard.metrics[0].normalization.best = 40)), 'scorecard.metrics[0]: Metric "Product usage": worst and best are both 40; they must differ'],
		['bands out of order', edited((f) => (f.scorecard.bands[2].min = 10)), 'scorecard: Band "Healthy": start 10 must be above the previous band\'s start 40'],
		['a segment twice', edited((f) => (f.segments = [{ segment: 'A', scorecard: f.scorecard }, { segment: 'A', scorecard: f.scorecard }])), 'segments[1].segment: segment "A" has more than one scorecard']
	];
	for (const [name, text, message] of cases) {
		it(name, () => {
			const problems = problemsOf(text);
			expect(problems.some((p) => p.includes(message)), `${problems.join('\n')}\nshould include: ${message}`).toBe(true);
		});
	}

	it('does not change Object.prototype', () => {
		problemsOf(edited(() => {}).replace('"format":', '"__proto__":{"polluted":true},"format":'));
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('refuses a 50 MB file before reading it', () => {
		const bytes = new Uint8Array(50 * 1024 * 1024);
		const result = readScorecardBytes(bytes);
		expect(result).toEqual({ ok: false, problems: [`The file is 50.0\u00a0MB; a scorecard file is at most ${(MAX_SCORECARD_FILE_BYTES / 1024 / 1024).toFixed(1)}\u00a0MB. Is it the right file?`] });
	});

	it('says an empty file is empty, and where a backup chosen as a scorecard file is restored', () => {
		expect(readScorecardBytes(new Uint8Array(0))).toEqual({ ok: false, problems: ['The file is empty.'] });
		// The first bytes of every backup: gzip's magic number and its deflate method.
		expect(readScorecardBytes(Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0xff]))).toEqual({
			ok: false,
			problems: ['It looks like a Checkup backup (a compressed file), not a scorecard file: a backup is restored under “Restore a backup” on the Share page.']
		});
	});
	it('refuses bytes that are not UTF-8', () => {
		expect(readScorecardBytes(Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]))).toEqual({ ok: false, problems: ['The file is not UTF-8 text, so it is not a scorecard file.'] });
	});

	it('lists at most 20 problems', () => {
		const many = edited((f) => (f.scorecard.metrics = Array.from({ length: 40 }, (_, i) => ({ ...f.scorecard.metrics[0], id: `m${i}`, weight: 'x' }))));
		expect(problemsOf(many)).toHaveLength(20);
	});
});

describe('missingColumns', () => {
	it('names each column the workspace lacks with the metrics that read it', () => {
		const file = toScorecardFile(demoScorecard(), { exportedAt: EXPORTED_AT, segments: [{ segment: 'SMB', scorecard: { ...demoScorecard(), id: 'smb' } }] });
		const columns = Object.keys(generateDemo({ accounts: 5 }).table.columns).filter((c) => c !== 'nps' && c !== 'csat');
		expect(missingColumns(file, columns)).toEqual([
			{ column: 'nps', metrics: ['NPS'] },
			{ column: 'csat', metrics: ['CSAT'] }
		]);
		expect(missingColumns(file, Object.keys(generateDemo({ accounts: 5 }).table.columns))).toEqual([]);
	});
});
