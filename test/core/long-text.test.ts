import { describe, expect, test } from 'vitest';
import { cutText, shortText } from '../../src/lib/core/long-text';

describe('cutText', () => {
	test('a text of at most max characters is shown whole', () => {
		expect(cutText('', 3)).toEqual({ shown: '', count: null });
		expect(cutText('abc', 3)).toEqual({ shown: 'abc', count: null });
		// Two emoji are four UTF-16 units but two characters: within a max of 3.
		expect(cutText('😀😀', 3)).toEqual({ shown: '😀😀', count: null });
	});
	test('a longer one is its first max characters and "…", with its length in characters', () => {
		expect(cutText('abcd', 3)).toEqual({ shown: 'abc…', count: 4 });
		// The emoji is the third character: kept whole, never half of its surrogate pair.
		expect(cutText('ab😀d', 3)).toEqual({ shown: 'ab😀…', count: 4 });
		expect(cutText('ab😀d', 2)).toEqual({ shown: 'ab…', count: 4 });
		const huge = 'x'.repeat(99_999) + '😀';
		expect(cutText(huge, 80)).toEqual({ shown: 'x'.repeat(80) + '…', count: 100_000 });
		expect(shortText(huge, 5)).toBe('xxxxx…');
		expect(shortText('SMB', 5)).toBe('SMB');
	});
});
