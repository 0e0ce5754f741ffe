import { describe, expect, it } from 'vitest';
import { formatStamp } from '../src/lib/format';

describe('formatStamp', () => {
	it("writes a stored UTC moment in this computer's time zone, as yyyy-mm-dd hh:mm", () => {
		// Made from local fields, so the test holds in any time zone the tests run in.
		expect(formatStamp(new Date(2026, 10, 24, 1, 42, 59).toISOString())).toBe('2026-11-24 01:42');
		expect(formatStamp(new Date(2027, 0, 1, 23, 5).toISOString())).toBe('2027-01-01 23:05');
	});
	it('leaves what is not a moment as it is', () => expect(formatStamp('soon')).toBe('soon'));
});
