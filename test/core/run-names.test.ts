import { describe, expect, it } from 'vitest';
import { runName, runNames } from '../../src/lib/core/run-names';

/** An ISO timestamp of this local time (names read the computer's time zone, as formatStamp does). */
const at = (h: number, m: number, s: number, ms = 0) => new Date(2026, 10, 24, h, m, s, ms).toISOString();

describe('runNames', () => {
	it('names a run by its minute, and by its second when another run shares the minute', () => {
		const runs = [
			{ id: 'c', createdAt: at(6, 25, 41) },
			{ id: 'b', createdAt: at(6, 25, 3) },
			{ id: 'a', createdAt: at(6, 19, 59) },
			{ id: 'z', createdAt: at(5, 25, 3) }
		];
		expect([...runNames(runs)]).toEqual([
			['c', '2026-11-24 06:25:41'],
			['b', '2026-11-24 06:25:03'],
			['a', '2026-11-24 06:19'],
			['z', '2026-11-24 05:25']
		]);
	});

	it('numbers runs of one second in the order they were trained, so that no two names are the same', () => {
		const runs = [
			{ id: 'run-2', createdAt: at(6, 25, 13, 900) },
			{ id: 'run-1', createdAt: at(6, 25, 13, 100) },
			{ id: 'run-0', createdAt: at(6, 25, 13, 100) },
			{ id: 'other', createdAt: at(6, 25, 14) }
		];
		const names = runNames(runs);
		expect(names.get('run-0')).toBe('2026-11-24 06:25:13 (1)');
		expect(names.get('run-1')).toBe('2026-11-24 06:25:13 (2)');
		expect(names.get('run-2')).toBe('2026-11-24 06:25:13 (3)');
		expect(names.get('other')).toBe('2026-11-24 06:25:14');
		expect(new Set(names.values()).size).toBe(runs.length);
	});

	it('names a run not yet listed among the listed ones', () => {
		const listed = [{ id: 'old', createdAt: at(6, 25, 3) }];
		expect(runName({ id: 'new', createdAt: at(6, 25, 50) }, listed)).toBe('2026-11-24 06:25:50');
		expect(runName(listed[0], listed)).toBe('2026-11-24 06:25');
		expect(runName({ id: 'x', createdAt: 'not a date' }, [])).toBe('not a date');
	});
});
