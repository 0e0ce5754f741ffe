import { describe, expect, it } from 'vitest';
import { nextTie, runName, runNames, type NamedRun } from '../../src/lib/core/run-names';

/** An ISO timestamp of this local time (names read the computer's time zone, as formatStamp does). */
const at = (h: number, m: number, s: number, ms = 0) => new Date(2026, 10, 24, h, m, s, ms).toISOString();

describe('runNames', () => {
	it('names every run by its second, with or without another run in its minute', () => {
		const runs = [
			{ id: 'c', createdAt: at(6, 25, 41) },
			{ id: 'b', createdAt: at(6, 25, 3) },
			{ id: 'a', createdAt: at(6, 19, 59) },
			{ id: 'z', createdAt: at(5, 25, 3) }
		];
		expect([...runNames(runs)]).toEqual([
			['z', '2026-11-24 05:25:03'],
			['a', '2026-11-24 06:19:59'],
			['b', '2026-11-24 06:25:03'],
			['c', '2026-11-24 06:25:41']
		]);
	});

	it('never changes a run’s name when another run is added or deleted', () => {
		const runs: NamedRun[] = [];
		const seen = new Map<string, string>();
		const check = () => {
			for (const [id, name] of runNames(runs)) {
				if (seen.has(id)) expect(name, id).toBe(seen.get(id));
				seen.set(id, name);
			}
			expect(new Set(runNames(runs).values()).size).toBe(runs.length);
		};
		// Trained one after another, each given its tie among those stored then; some deleted in between.
		const train = (id: string, createdAt: string) => {
			runs.push({ id, createdAt, tie: nextTie(createdAt, runs) });
			check();
		};
		const remove = (id: string) => {
			runs.splice(runs.findIndex((r) => r.id === id), 1);
			check();
		};
		train('1', at(6, 25, 13, 100));
		train('2', at(6, 25, 40));
		train('3', at(6, 25, 40, 300));
		train('4', at(6, 25, 40, 900));
		expect([...runNames(runs).values()]).toEqual(['2026-11-24 06:25:13', '2026-11-24 06:25:40', '2026-11-24 06:25:40 (2)', '2026-11-24 06:25:40 (3)']);
		remove('2');
		remove('1');
		// Alone in its second and in its minute now, run 3 is still "(2)"; a new run of that second takes a number not used yet.
		expect(runNames(runs).get('3')).toBe('2026-11-24 06:25:40 (2)');
		remove('4');
		train('5', at(6, 25, 40, 950));
		expect(runNames(runs).get('5')).toBe('2026-11-24 06:25:40 (3)');
		train('6', at(6, 26, 0));
		expect(runNames(runs).get('6')).toBe('2026-11-24 06:26:00');
	});

	it('tells apart runs of one second stored without a tie (before runs had one, or by two tabs), in the order they were trained', () => {
		const runs = [
			{ id: 'run-2', createdAt: at(6, 25, 13, 900) },
			{ id: 'run-1', createdAt: at(6, 25, 13, 100) },
			{ id: 'run-0', createdAt: at(6, 25, 13, 100) },
			{ id: 'tied', createdAt: at(6, 25, 13, 950), tie: 2 },
			{ id: 'other', createdAt: at(6, 25, 14) }
		];
		const names = runNames(runs);
		expect(names.get('run-0')).toBe('2026-11-24 06:25:13');
		// "(2)" is the tied run's own name: the others take the numbers after it.
		expect(names.get('tied')).toBe('2026-11-24 06:25:13 (2)');
		expect(names.get('run-1')).toBe('2026-11-24 06:25:13 (3)');
		expect(names.get('run-2')).toBe('2026-11-24 06:25:13 (4)');
		expect(names.get('other')).toBe('2026-11-24 06:25:14');
		expect(new Set(names.values()).size).toBe(runs.length);
	});

	it('names a run not yet listed among the listed ones', () => {
		const listed = [{ id: 'old', createdAt: at(6, 25, 3) }];
		expect(runName({ id: 'new', createdAt: at(6, 25, 50) }, listed)).toBe('2026-11-24 06:25:50');
		expect(runName(listed[0], listed)).toBe('2026-11-24 06:25:03');
		expect(runName({ id: 'x', createdAt: 'not a date' }, [])).toBe('not a date');
	});
});

describe('nextTie', () => {
	it('is none for the first run of its second, else one more than the highest tie there', () => {
		expect(nextTie(at(6, 25, 13, 500), [])).toBeUndefined();
		// Another second, even of the same minute, is no tie.
		expect(nextTie(at(6, 25, 13, 500), [{ id: 'a', createdAt: at(6, 25, 12, 999) }, { id: 'b', createdAt: at(6, 25, 14) }])).toBeUndefined();
		expect(nextTie(at(6, 25, 13, 500), [{ id: 'a', createdAt: at(6, 25, 13) }])).toBe(2);
		expect(nextTie(at(6, 25, 13, 999), [{ id: 'a', createdAt: at(6, 25, 13) }, { id: 'c', createdAt: at(6, 25, 13, 400), tie: 3 }])).toBe(4);
	});
});
