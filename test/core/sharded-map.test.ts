import { describe, expect, it } from 'vitest';
import { ShardedMap } from '../../src/lib/core/sharded-map';

describe('ShardedMap', () => {
	it('holds what a Map holds, split over shards', () => {
		const keys = Array.from({ length: 5000 }, (_, i) => `CUST-${String(i).padStart(7, '0')}`);
		const map = new ShardedMap<number>(keys.length, 100);
		keys.forEach((k, i) => map.set(k, i));
		map.set(keys[7], -7);
		expect(map.size).toBe(5000);
		expect(keys.every((k, i) => map.get(k) === (i === 7 ? -7 : i))).toBe(true);
		expect(map.get('CUST-9999999')).toBeUndefined();
		expect(new Map(map)).toEqual(new Map(keys.map((k, i) => [k, i === 7 ? -7 : i])));
	});

	it('is one Map when small, and rejects a size that is not one', () => {
		const map = new ShardedMap<string>(10);
		map.set('', 'empty').set('a', 'A');
		expect([...map]).toEqual([['', 'empty'], ['a', 'A']]);
		expect(() => new ShardedMap(NaN)).toThrow('invalid expected size; not a number ≥ 0: NaN');
		expect(() => new ShardedMap(10, 0)).toThrow('invalid shard size; not a number ≥ 1: 0');
	});
});
