import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { currentView } from '../../src/lib/core/portfolio';
import { distinctValues } from '../../src/lib/core/customers';
import { bandMoves, diffScorecards, missingColumnsSentence, reviewImport } from '../../src/lib/core/scorecard-diff';
import { toScorecardFile } from '../../src/lib/core/scorecard-file';
import { defaultBands, type Metric, type Scorecard } from '../../src/lib/core/scorecard';
import { scoreTable } from '../../src/lib/core/score';
import {
	MAX_PAYLOAD_CHARS, decodeScorecardPayload, encodeScorecardPayload, fromBase64Url, scorecardLink, scorecardLinkHash, toBase64Url
} from '../../src/lib/core/share-link';
import { parseHash } from '../../src/lib/state/router.svelte';
import { tableOf } from '../helpers/tables';

const file = (card: Scorecard) => toScorecardFile(card, { exportedAt: '2026-11-22T15:00:00.000Z' });

/** 200 metrics with 150-level category tables each: far bigger than any real scorecard (a link of ~100,000 characters). */
function largeScorecard(): Scorecard {
	const metrics: Metric[] = Array.from({ length: 200 }, (_, k) => ({
		id: `m${k}`, column: `column ${k} "quoted" / ü`, label: `Metric ${k}`, weight: k % 7,
		normalization: { kind: 'category', points: Object.fromEntries(Array.from({ length: 150 }, (_, l) => [`level ${l} of ${k}`, (l * 37) % 101])), otherPoints: null },
		missing: { kind: 'skip' }
	}));
	return { ...demoScorecard(), metrics };
}

describe('base64url', () => {
	it('agrees with node’s Buffer for every length mod 3', () => {
		for (let n = 0; n < 50; n++) {
			const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 13) & 255);
			const text = toBase64Url(bytes);
			expect(text).toBe(Buffer.from(bytes).toString('base64url'));
			expect(Array.from(fromBase64Url(text))).toEqual(Array.from(bytes));
		}
	});
});

describe('share link', () => {
	it('round-trips the demo scorecard through the URL fragment and the router', async () => {
		const payload = await encodeScorecardPayload(file(demoScorecard()));
		expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
		// What the payload is: deflate-raw of the file's JSON, readable by any zlib.
		expect(JSON.parse(inflateRawSync(Buffer.from(payload, 'base64url')).toString('utf8'))).toEqual(file(demoScorecard()));
		const link = scorecardLink('https://example.org/team/checkup/?x=1#/share', payload);
		expect(link).toBe('https://example.org/team/checkup/?x=1#/open-scorecard/' + payload);
		const route = parseHash(new URL(link).hash);
		expect(route).toEqual({ page: 'open-scorecard', payload });
		const result = await decodeScorecardPayload((route as { payload: string }).payload);
		expect(result).toEqual({ ok: true, file: file(demoScorecard()), migratedFrom: null });
	});

	it('carries a large scorecard (200 metrics × 150 levels) intact', async () => {
		const big = file(largeScorecard());
		const payload = await encodeScorecardPayload(big);
		const json = JSON.stringify(big).length;
		expect(payload.length).toBeLessThan(MAX_PAYLOAD_CHARS);
		expect(payload.length).toBeLessThan(json / 3);
		const route = parseHash(scorecardLinkHash(payload));
		if (route.page !== 'open-scorecard') throw new Error(`routed to ${route.page}`);
		expect(route.payload).toBe(payload);
		const result = await decodeScorecardPayload(route.payload);
		if (!result.ok) throw new Error(result.problems.join('\n'));
		// Compared as JSON text: a deep toEqual of 30,000 keys takes seconds.
		expect(JSON.stringify(result.file)).toBe(JSON.stringify(big));
		expect(payload.length).toBeGreaterThan(50_000);
	}, 30_000);

	it('reads a link with what a mail or chat tool left after it: punctuation, a slash, spaces', async () => {
		const payload = await encodeScorecardPayload(file(demoScorecard()));
		for (const tail of ['.', ').', '/', '%20', '%3E', '">', ' \n', '%22%3E.']) {
			const route = parseHash(scorecardLinkHash(payload) + tail);
			if (route.page !== 'open-scorecard') throw new Error(`${JSON.stringify(tail)}: ${route.page}`);
			const result = await decodeScorecardPayload(route.payload);
			if (!result.ok) throw new Error(`${JSON.stringify(tail)}: ${result.problems.join('\n')}`);
			expect(result.file.scorecard).toEqual(demoScorecard());
		}
	});

	it('refuses a damaged, cut or hostile link with a message', async () => {
		const payload = await encodeScorecardPayload(file(demoScorecard()));
		const problem = async (p: string) => {
			const r = await decodeScorecardPayload(p);
			if (r.ok) throw new Error('expected a refusal');
			return r.problems[0];
		};
		expect(await problem('')).toContain('holds no scorecard');
		expect(await problem(payload.slice(0, payload.length - 9))).toContain('The link is damaged');
		expect(await problem(payload + '%20x')).toContain('not base64url');
		expect(await problem(payload.slice(0, 40) + '/' + payload.slice(40))).toContain('not base64url');
		expect(await problem('A'.repeat(MAX_PAYLOAD_CHARS + 1))).toContain('at most 1,000,000 are read');
		// A zip bomb: 20 MB of spaces compress to a short link.
		const bomb = deflateRawSync(Buffer.alloc(20 * 1024 * 1024, 32)).toString('base64url');
		expect(bomb.length).toBeLessThan(40_000);
		expect(await problem(bomb)).toContain('unpacks to more than 5\u00a0MB');
		// Valid compression of a hostile file: the file's own checks answer.
		const hostile = deflateRawSync(Buffer.from(JSON.stringify({ ...file(demoScorecard()), __proto__: null, schemaVersion: 2, scorecard: { ...demoScorecard(), metrics: [{ ...demoScorecard().metrics[0], weight: 'abc' }] } }))).toString('base64url');
		expect(await problem(hostile)).toBe('scorecard.metrics[0].weight: expected a number, got "abc"');
	});
});

describe('what importing would change', () => {
	const before = demoScorecard();
	const after = demoScorecard();
	after.metrics[0].weight = 40; // usage 20 → 40
	after.metrics[3].normalization = { kind: 'linear', worst: 30, best: 0 };
	after.metrics.splice(7, 1); // CSAT removed
	after.metrics.push({ id: 'logins', column: 'logins_per_user', label: 'Logins', weight: 5, normalization: { kind: 'percentile', higherIsBetter: true }, missing: { kind: 'median' } });
	after.bands[1] = { ...after.bands[1], min: 50 };

	it('lists metrics added, removed and changed, weights before → after, and band changes', () => {
		const diff = diffScorecards(before, after);
		expect(diff.added.map((m) => m.id)).toEqual(['logins']);
		expect(diff.removed.map((m) => m.id)).toEqual(['csat']);
		expect(diff.changed.map((c) => [c.after.id, c.changes])).toEqual([
			['usage', ['weight 20 → 40']],
			['payment', ['normalization linear from 25 (0) to 0 (100) → linear from 30 (0) to 0 (100)']]
		]);
		// Total weight before 100, after 100 − 10 (CSAT) + 20 (usage) + 5 (logins) = 115.
		const usage = diff.weights.find((w) => w.label === 'Product usage')!;
		expect(usage.before).toBeCloseTo(20, 12);
		expect(usage.after).toBeCloseTo((40 / 115) * 100, 12);
		expect(diff.weights.find((w) => w.label === 'CSAT')).toEqual({ label: 'CSAT', before: 10, after: null });
		expect(diff.weights.find((w) => w.label === 'Logins')!.before).toBeNull();
		expect(diff.bands).toEqual(['“At risk” 0–40 → 0–50', '“Needs attention” 40–70 → 50–70']);
		expect(diff.same).toBe(false);
		expect(diffScorecards(before, demoScorecard()).same).toBe(true);
	});

	it('counts the customers whose band would change, as two scorings by hand do', () => {
		const table = currentView(generateDemo({ accounts: 400 })).table;
		const result = bandMoves(table, before, after);
		if (!('moves' in result)) throw new Error(result.errors.join('\n'));
		const a = scoreTable(table, before), b = scoreTable(table, after);
		let changed = 0;
		for (let i = 0; i < table.rowCount; i++) if (before.bands[a.band[i]]?.label !== after.bands[b.band[i]]?.label) changed++;
		expect(changed).toBeGreaterThan(0);
		expect(result.moves.changed).toBe(changed);
		expect(result.moves.moves.reduce((t, m) => t + m.customers, 0)).toBe(changed);
		expect(result.moves.customers).toBe(table.rowCount);
	});

	it('moves customers by their score as shown: with Healthy from 69.9, only 69.94 (shown 69.9) moves', () => {
		// 69.96 and 69.95 show as 70.0, Healthy already; 39.96 shows as 40.0, Needs attention under both.
		const table = tableOf({ x: [69.94, 69.95, 69.96, 39.96] });
		const card: Scorecard = { id: 'x', name: 'X', metrics: [{ id: 'x', column: 'x', label: 'X', weight: 1, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } }], bands: defaultBands() };
		const lower = { ...card, bands: card.bands.map((b, k) => (k === 2 ? { ...b, min: 69.9 } : b)) };
		expect(bandMoves(table, card, lower)).toEqual({ moves: { customers: 4, changed: 1, moves: [{ from: 'Needs attention', to: 'Healthy', customers: 1 }] } });
	});

	it('says why a scorecard cannot score this data instead of counting', () => {
		const table = currentView(generateDemo({ accounts: 50 })).table;
		const other = demoScorecard();
		other.metrics[0].column = 'not_here';
		const result = bandMoves(table, before, other);
		expect('errors' in result && result.errors[0]).toMatch(/column "not_here" is not in the data/);
	});
});

describe('the review before an import', () => {
	const table = currentView(generateDemo({ accounts: 100 })).table;

	it('names the columns the data lacks, with the metrics reading them, and counts no band moves then', () => {
		const incoming = demoScorecard();
		incoming.metrics[0].column = 'seats_used';
		incoming.metrics[1].column = 'seats_used';
		const review = reviewImport({ scorecard: demoScorecard(), segments: [] }, { scorecard: incoming }, table);
		expect(review.missing).toEqual([{ column: 'seats_used', metrics: ['Product usage', 'Feature adoption'] }]);
		expect(review.moves).toBeNull();
		expect(review.movesNote).toContain('reads columns your data does not have');
		expect(missingColumnsSentence(review.missing)).toBe('This scorecard reads a column your data does not have: “seats_used” (for “Product usage” and “Feature adoption”).');
	});

	it('says the missing columns in one sentence, naming a metric only where its label is not the column', () => {
		const telco = (column: string) => ({ column, metrics: [column] });
		expect(missingColumnsSentence([telco('SeniorCitizen'), telco('tenure'), telco('TotalCharges')])).toBe(
			'This scorecard reads 3 columns your data does not have: “SeniorCitizen”, “tenure” and “TotalCharges”.'
		);
		expect(missingColumnsSentence([telco('tenure'), { column: 'TotalCharges', metrics: ['TotalCharges', 'Spend'] }])).toBe(
			'This scorecard reads 2 columns your data does not have: “tenure” and “TotalCharges” (for “Spend”).'
		);
		expect(missingColumnsSentence([telco('SeniorCitizen')])).toBe('This scorecard reads a column your data does not have: “SeniorCitizen”.');
	});

	it('says what happens to segment scorecards', () => {
		const enterprise = { segment: 'Enterprise', scorecard: { ...demoScorecard(), id: 'ent' } };
		const keep = reviewImport({ scorecard: demoScorecard(), segments: [enterprise] }, { scorecard: demoScorecard() }, table);
		expect(keep.segments).toBe('Your segment scorecards (“Enterprise”) stay as they are.');
		const replace = reviewImport({ scorecard: demoScorecard(), segments: [] }, { scorecard: demoScorecard(), segments: [enterprise] }, table);
		expect(replace.segments).toBe('Segment scorecards: “Enterprise” replace none.');
		const none = reviewImport({ scorecard: demoScorecard(), segments: [] }, { scorecard: demoScorecard() }, table);
		expect(none.segments).toBeNull();
		expect(none.moves?.changed).toBe(0);
	});

	it('says which incoming segment scorecards would score no one here, and not when every segment is in the data', () => {
		const card = (segment: string) => ({ segment, scorecard: { ...demoScorecard(), id: segment } });
		const values = distinctValues(table, 'segment');
		expect(values).toEqual(['Enterprise', 'Mid-market', 'SMB']);
		const review = (segments: ReturnType<typeof card>[], data: readonly string[] | null) =>
			reviewImport({ scorecard: demoScorecard(), segments: [] }, { scorecard: demoScorecard(), segments }, table, data).segmentsUnmatched;
		expect(review([card('Enterprise'), card('SMB')], values)).toBeNull();
		expect(review([card('Enterprise'), card('Small business')], values)).toBe(
			'No customer here is in segment “Small business”, so its scorecard would score no one (your segments: “Enterprise”, “Mid-market”, “SMB”).'
		);
		expect(review([card('Small business'), card('Mid market')], values)).toBe(
			'No customer here is in segments “Small business” and “Mid market”, so their scorecards would score no one (your segments: “Enterprise”, “Mid-market”, “SMB”).'
		);
		expect(review([card('Enterprise')], null)).toBe(
			'Your data has no segment column, so no customer would be scored by the segment scorecards for “Enterprise”: everyone would be scored by the default.'
		);
		expect(review([], null)).toBeNull();
		const many = Array.from({ length: 12 }, (_, i) => `S${i + 1}`);
		expect(review([card('Other')], many)).toBe(
			'No customer here is in segment “Other”, so its scorecard would score no one (your segments: “S1”, “S2”, “S3”, “S4”, “S5”, “S6”, “S7”, “S8”, “S9”, “S10”, and 2 more).'
		);
	});
});
