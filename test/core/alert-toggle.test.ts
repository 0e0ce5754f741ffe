/** A rule turned off and on again: which snapshots it missed, and what the page says it raised. */
import { describe, expect, it } from 'vitest';
import { missedSnapshots, toggleInWords } from '../../src/lib/core/alert-toggle';

const rule = 'Score dropped by at least 10 points';

describe('missedSnapshots', () => {
	it('is the snapshots the rule has not read, in the history’s order', () => {
		expect(missedSnapshots({ evaluated: ['2026-01-01'] }, ['2026-01-01', '2026-02-01', '2026-03-01'])).toEqual(['2026-02-01', '2026-03-01']);
		// A date it read that has since gone is no snapshot it missed.
		expect(missedSnapshots({ evaluated: ['2025-12-01', '2026-01-01'] }, ['2026-01-01'])).toEqual([]);
	});
});

describe('toggleInWords', () => {
	it('counts what a rule on again raised, open and past, for the snapshots it missed', () => {
		expect(toggleInWords({ rule, enabled: true, missed: 2, open: 2, past: 1_035 })).toBe(`“${rule}” is on again: it read the 2 snapshots that arrived while it was off and raised 1,037 alerts, 2 open and 1,035 past.`);
		expect(toggleInWords({ rule, enabled: true, missed: 1, open: 1, past: 0 })).toBe(`“${rule}” is on again: it read the snapshot that arrived while it was off and raised 1 open alert.`);
		expect(toggleInWords({ rule, enabled: true, missed: 3, open: 0, past: 2 })).toBe(`“${rule}” is on again: it read the 3 snapshots that arrived while it was off and raised 2 past alerts.`);
		expect(toggleInWords({ rule, enabled: true, missed: 3, open: 0, past: 0 })).toBe(`“${rule}” is on again: it read the 3 snapshots that arrived while it was off and raised no alerts.`);
	});

	it('says when nothing arrived while it was off, and what turning it off means', () => {
		expect(toggleInWords({ rule, enabled: true, missed: 0, open: 0, past: 0 })).toBe(`“${rule}” is on again: no snapshot arrived while it was off, so it raised no alerts.`);
		expect(toggleInWords({ rule, enabled: false, missed: 0, open: 0, past: 0 })).toBe(`“${rule}” is off: it raises no alerts until it is on again, and then reads the snapshots that arrived meanwhile.`);
	});

	it('refuses a negative count, naming it', () => {
		expect(() => toggleInWords({ rule, enabled: true, missed: -1, open: 0, past: 0 })).toThrow(/invalid toggle; counts must be ≥ 0: .*"missed":-1/);
	});
});
