/**
 * "Today" is the calendar date where the user is, not the UTC one. Run in Los Angeles (the time zone set for this
 * file, where 17:30 is already 00:30 UTC the next day) so a UTC date would show.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readOptions } from '../../src/cli/main';
import { localDate } from '../../src/lib/core/dates';
import { defaultExpiry } from '../../src/lib/core/overrides';
import type { WorkspaceStore } from '../../src/lib/state/store';
import { Workspace } from '../../src/lib/state/workspace.svelte';

const zone = process.env.TZ;
beforeAll(() => {
	process.env.TZ = 'America/Los_Angeles';
});
afterAll(() => {
	if (zone === undefined) delete process.env.TZ;
	else process.env.TZ = zone;
});
afterEach(() => {
	vi.useRealTimers();
});

/** 10 March 2024, 17:30 in Los Angeles (a Sunday: the clocks went forward that morning). */
const evening = () => new Date(2024, 2, 10, 17, 30);

describe('today is the local calendar date', () => {
	it('runs in a time zone where the UTC date is already tomorrow', () => {
		expect(evening().toISOString()).toBe('2024-03-11T00:30:00.000Z');
	});
	it('localDate gives the date on the user’s calendar, at either end of the day', () => {
		expect(localDate(evening())).toBe('2024-03-10');
		expect(localDate(new Date(2024, 2, 10, 23, 59))).toBe('2024-03-10');
		expect(localDate(new Date(2024, 2, 10, 0, 0))).toBe('2024-03-10');
		expect(localDate(new Date(2024, 11, 31, 23, 30))).toBe('2024-12-31');
	});
	it('the CLI’s default --as-of and the workspace’s today (overrides’ start, SQL stamp) are today’s local date', () => {
		vi.useFakeTimers({ now: evening(), toFake: ['Date'] });
		expect(readOptions({}).asOf).toBe('2024-03-10');
		const workspace = new Workspace({ store: {} as WorkspaceStore, demo: () => { throw new Error('not used'); }, saveDelay: 0 });
		expect(workspace.today()).toBe('2024-03-10');
	});
	it('a new override expires 90 days after the later of the latest snapshot and today', () => {
		expect(defaultExpiry('2024-01-31', '2024-03-10')).toBe('2024-06-08');
		expect(defaultExpiry('2024-12-31', '2024-03-10')).toBe('2025-03-31');
		expect(defaultExpiry('', '2024-03-10')).toBe('2024-06-08');
	});
});
