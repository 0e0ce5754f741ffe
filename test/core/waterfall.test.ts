import { describe, expect, it } from 'vitest';
import { waterfallOf } from '../../src/lib/core/waterfall';

describe('waterfallOf', () => {
	it('stacks the README’s worked example from 0 to 77', () => {
		const w = waterfallOf([
			{ id: 'u', label: 'Product usage', points: 24 },
			{ id: 's', label: 'Support tickets', points: 14 },
			{ id: 'p', label: 'Payment history', points: 22.5 },
			{ id: 'e', label: 'Engagement', points: 9 },
			{ id: 'n', label: 'NPS', points: 7.5 }
		]);
		expect(w.steps.map((s) => [s.start, s.end])).toEqual([[0, 24], [24, 38], [38, 60.5], [60.5, 69.5], [69.5, 77]]);
		expect(w.total).toBe(77);
	});
	it('keeps a metric that adds nothing as a zero step', () => {
		const w = waterfallOf([{ id: 'a', label: 'A', points: 0 }, { id: 'b', label: 'B', points: 5 }]);
		expect(w.steps[0]).toEqual({ id: 'a', label: 'A', start: 0, end: 0, points: 0 });
	});
	it('rejects a negative or non-finite contribution with the value', () => {
		expect(() => waterfallOf([{ id: 'a', label: 'A', points: -1 }])).toThrow('A; not a finite number ≥ 0: -1');
		expect(() => waterfallOf([{ id: 'a', label: 'A', points: NaN }])).toThrow('NaN');
	});
});
