import { describe, expect, it } from 'vitest';
import { rowWindow } from '../../src/lib/core/row-window';

describe('rowWindow', () => {
	it('draws the rows in view and the overscan on each side, worked by hand', () => {
		// Rows of 36 px, scrolled 1,000 px, 560 px tall: rows 27 (1000/36 = 27.8) to 43 (1560/36 = 43.3, up) in view.
		expect(rowWindow({ scrollTop: 1000, viewport: 560, rowHeight: 36, count: 2000, overscan: 8 })).toEqual({ first: 19, last: 52, slots: 34 });
	});
	it('stops at the first and the last row', () => {
		expect(rowWindow({ scrollTop: 0, viewport: 560, rowHeight: 56, count: 5, overscan: 8 })).toEqual({ first: 0, last: 5, slots: 28 });
		expect(rowWindow({ scrollTop: 0, viewport: 560, rowHeight: 36, count: 0, overscan: 8 })).toMatchObject({ first: 0, last: 0 });
	});
	it('draws nothing when scrolled past the rows (the list shortened under it)', () => {
		const w = rowWindow({ scrollTop: 36_000, viewport: 560, rowHeight: 36, count: 10, overscan: 8 });
		expect(w.last - w.first).toBe(0);
	});
	it('holds more slots than any window draws, so no two rows drawn share one', () => {
		for (const scrollTop of [0, 17, 35, 36, 999.5, 5000]) {
			const w = rowWindow({ scrollTop, viewport: 560, rowHeight: 36, count: 10_000, overscan: 8 });
			expect(w.last - w.first).toBeLessThanOrEqual(w.slots);
		}
	});
	it('rejects a row height or overscan it cannot use, naming the value', () => {
		expect(() => rowWindow({ scrollTop: 0, viewport: 560, rowHeight: 0, count: 10, overscan: 8 })).toThrow('invalid rowHeight; not > 0: 0');
		expect(() => rowWindow({ scrollTop: 0, viewport: 560, rowHeight: 36, count: 10, overscan: -1 })).toThrow('overscan');
	});
});
