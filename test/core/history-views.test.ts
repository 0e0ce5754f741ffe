import { describe, expect, it } from 'vitest';
import { bandOfRow, bandsAsDefault, customerIdOf, previousRows, rowsOfCustomer, scorecardsOfScorers, type ScoredHistory } from '../../src/lib/core/history-views';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import { encodeCategories } from '../../src/lib/core/table';

const base: Scorecard = { id: 'base', name: 'Base', metrics: [], bands: defaultBands() };
// An Enterprise scorecard with two bands of its own: "Healthy" (matches the default's third) and "Watch" (no match: by position).
const ent: Scorecard = { id: 'ent', name: 'Enterprise', metrics: [], bands: [{ label: 'Watch', min: 0, color: '#000', action: '' }, { label: 'Healthy', min: 60, color: '#0f0', action: '' }] };

// Rows by snapshot: Jan A, Jan B, Feb B, Feb A. A is scored by base, B by ent.
const h: ScoredHistory = {
	table: { rowCount: 4, columns: { id: encodeCategories(['A', 'B', 'B', 'A']) } },
	layout: {
		snapshots: ['2026-01-01', '2026-02-01'],
		snapshotOf: [0, 0, 1, 1],
		customerOf: [0, 1, 1, 0],
		customerStart: [0, 2, 4],
		customerRows: [0, 3, 1, 2],
		latest: [3, 2],
		viewRows: [2, 3]
	},
	scores: {
		score: Float64Array.of(30, 20, 70, NaN),
		band: Int8Array.of(0, 0, 1, -1),
		scorerOf: Uint16Array.of(0, 1, 1, 0),
		scorers: [
			{ version: 0, versionId: 'v1', scorecardId: 'base', scorecardName: 'Base', segment: null },
			{ version: 0, versionId: 'v1', scorecardId: 'ent', scorecardName: 'Enterprise', segment: 'Enterprise' }
		]
	},
	versions: [{ id: 'v1', number: 1, note: '', set: { default: base, segments: [{ scorecard: ent }] } }]
};

describe('history views', () => {
	const cards = scorecardsOfScorers(h);
	it('finds each scorer’s scorecard and a row’s band by it', () => {
		expect(cards.map((c) => c?.id)).toEqual(['base', 'ent']);
		expect(bandOfRow(h, cards, 0)?.label).toBe('At risk');
		expect(bandOfRow(h, cards, 2)?.label).toBe('Healthy');
		expect(bandOfRow(h, cards, 3)).toBeUndefined();
	});
	it('maps segment bands onto the default bands by label, else by position', () => {
		// Row 1: ent's "Watch" (0) → no label match → position 0; row 2: ent's "Healthy" (1) → default 2.
		expect([...bandsAsDefault(h, cards, base.bands)]).toEqual([0, 0, 2, -1]);
		const plain = { ...h, scores: { ...h.scores, scorerOf: Uint16Array.of(0, 0, 0, 0), scorers: h.scores.scorers.slice(0, 1) } };
		expect(bandsAsDefault(plain, scorecardsOfScorers(plain), base.bands)).toBe(plain.scores.band);
	});
	it('gives a customer’s rows in date order and each latest row’s previous row', () => {
		expect(rowsOfCustomer(h, 0)).toEqual([0, 3]);
		expect([...previousRows(h)]).toEqual([1, 0]);
		expect(customerIdOf(h, 'id', 1)).toBe('B');
	});
});
