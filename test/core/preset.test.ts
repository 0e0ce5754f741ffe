/** Presets: the team's scorecard file, CSV and mapping made into a starting workspace, or refused with the reason. */
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/lib/core/demo';
import { PresetError, readPreset, type PresetSource } from '../../src/lib/core/preset';
import { scoreTable } from '../../src/lib/core/score';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import { toScorecardFile, writeScorecardFile } from '../../src/lib/core/scorecard-file';

const card = (column: string): Scorecard => ({
	id: 'c',
	name: 'Team',
	metrics: [{ id: 'm', column, label: 'Metric', weight: 1, normalization: { kind: 'linear', worst: 0, best: 10 }, missing: { kind: 'skip' } }],
	bands: defaultBands()
});
const file = (scorecard: Scorecard, segments?: { segment: string; scorecard: Scorecard }[]) => writeScorecardFile(toScorecardFile(scorecard, { exportedAt: '2026-11-01T00:00:00.000Z', segments }));
const bytes = (text: string) => new TextEncoder().encode(text);
const options = { importedAt: '2026-11-22T10:00:00.000Z', asOf: '2026-11-22', demoColumns: () => Object.keys(generateDemo().table.columns) };
const read = (source: PresetSource) => readPreset(source, options);

describe('readPreset', () => {
	it('scores its CSV with its scorecard; the mapping overrides the proposal by column name', () => {
		const csv = 'id,tier,logins\nA,Gold,2\nB,Silver,\nC,Gold,9\n';
		const preset = read({ scorecard: file(card('logins')), data: bytes(csv), mapping: JSON.stringify([{ index: 1, name: 'tier', type: 'category', role: 'segment' }]) });
		expect(preset.dataset!.meta.roles).toMatchObject({ id: 'id', segment: 'tier' });
		expect(preset.dataset!.meta.snapshots).toEqual(['2026-11-22']);
		// Hand-computed: linear 0..10, B has no value and so no score.
		expect(Array.from(scoreTable(preset.dataset!.table, preset.scorecard).score)).toEqual([20, NaN, 90]);
		expect(preset.warnings).toEqual([]);
	});

	it('without a CSV, uses the demo, and warns that segment scorecards are not applied', () => {
		const preset = read({ scorecard: file(card('seat_utilization'), [{ segment: 'Enterprise', scorecard: card('nps') }]) });
		expect(preset.dataset).toBeNull();
		expect(preset.scorecard.metrics[0].column).toBe('seat_utilization');
		expect(preset.warnings).toEqual(['scorecard.json: its 1 segment scorecards are not applied; everyone starts with its default scorecard.']);
	});

	it('refuses what would not open, naming the file and the problem', () => {
		const refused = (source: PresetSource) => {
			try {
				read(source);
			} catch (err) {
				expect(err).toBeInstanceOf(PresetError);
				return (err as Error).message;
			}
			throw new Error('accepted');
		};
		expect(refused({ scorecard: '{"not": "a scorecard"}' })).toMatch(/^scorecard\.json is not a scorecard file Checkup can use: /);
		expect(refused({ scorecard: file(card('logins')) })).toBe('scorecard.json reads columns that the demo data (there is no data.csv) does not have: "logins" (Metric).');
		expect(refused({ scorecard: file(card('visits')), data: bytes('id,logins\nA,1\n') })).toBe('scorecard.json reads columns that data.csv does not have: "visits" (Metric).');
		// A column the file has but the proposal leaves out (text of few values) is named as such, with what to write.
		expect(refused({ scorecard: file(card('plan')), data: bytes('id,plan,logins\nA,Gold,3\nB,Silver,5\nC,Gold,7\n') })).toBe(
			'scorecard.json reads columns of data.csv that are not imported: "plan" (Metric). Give it a role and type in mapping.json, e.g. { "index": 1, "name": "plan", "type": "category", "role": "metric" }.'
		);
		// What it says to write opens.
		const graded = { ...card('plan'), metrics: [{ ...card('plan').metrics[0], normalization: { kind: 'category' as const, points: { Gold: 100, Silver: 50 }, otherPoints: null } }] };
		const mapping = JSON.stringify([{ index: 1, name: 'plan', type: 'category', role: 'metric' }]);
		expect(Array.from(scoreTable(read({ scorecard: file(graded), data: bytes('id,plan,logins\nA,Gold,3\nB,Silver,5\nC,Gold,7\n'), mapping }).dataset!.table, graded).score)).toEqual([100, 50, 100]);
		// Imported, but not as a linear scale can read it.
		expect(refused({ scorecard: file(card('plan')), data: bytes('id,plan,logins\nA,Gold,3\nB,Silver,5\nC,Gold,7\n'), mapping })).toMatch(/^scorecard\.json cannot score data\.csv: Metric "Metric": .*categor/);
		const two = { ...card('plan'), metrics: [card('plan').metrics[0], { ...card('visits').metrics[0], id: 'v', label: 'Visits' }] };
		expect(refused({ scorecard: file(two), data: bytes('id,plan,logins\nA,Gold,3\nB,Silver,5\nC,Gold,7\n') })).toBe(
			'scorecard.json reads columns that data.csv does not have: "visits" (Visits). scorecard.json reads columns of data.csv that are not imported: "plan" (Metric). Give it a role and type in mapping.json, e.g. { "index": 1, "name": "plan", "type": "category", "role": "metric" }.'
		);
		expect(refused({ scorecard: file(card('logins')), mapping: '[]' })).toMatch(/^mapping\.json is there without data\.csv/);
		expect(refused({ scorecard: file(card('logins')), data: bytes('id,logins\nA,1\n'), mapping: '{' })).toMatch(/^mapping\.json is not JSON/);
		expect(refused({ scorecard: file(card('logins')), data: bytes('id,logins\nA,1\n'), mapping: '{"version":1,"names":["x"],"mapping":[]}' })).toMatch(/^mapping\.json is not a mapping for the columns of data\.csv/);
		const asId = JSON.stringify([{ index: 0, name: 'id', type: 'text', role: 'id' }]);
		expect(refused({ scorecard: file(card('logins')), data: bytes('id,logins\nA,1\nB,2\nA,3\n'), mapping: asId })).toMatch(/^data\.csv: 1 customer IDs appear more than once in one snapshot, e\.g\. "A" on rows 2, 4\./);
		expect(refused({ scorecard: file(card('logins')), data: new Uint8Array() })).toMatch(/^data\.csv: /);
	});
});
