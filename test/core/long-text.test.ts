import { describe, expect, test } from 'vitest';
import { cutText, PIECE_MAX, shortText, textPieces } from '../../src/lib/core/long-text';

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

describe('textPieces', () => {
	test('a text of at most max characters is one piece', () => {
		expect(textPieces('', 4)).toEqual(['']);
		expect(textPieces('abcd', 4)).toEqual(['abcd']);
		expect(textPieces('x'.repeat(PIECE_MAX))).toEqual(['x'.repeat(PIECE_MAX)]);
	});
	test('a longer one is cut every max graphemes, the last piece the rest; joined, it is the text', () => {
		expect(textPieces('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
		const huge = 'S'.repeat(59) + '😀' + 'T'.repeat(99_940);
		const pieces = textPieces(huge);
		expect(pieces.join('')).toBe(huge);
		// 100,000 characters in pieces of 64: 1,562 whole pieces and 32 characters left.
		expect(pieces).toHaveLength(1563);
		expect(pieces[0]).toBe('S'.repeat(59) + '😀' + 'TTTT');
		expect(pieces.every((p) => Array.from(p).length <= PIECE_MAX)).toBe(true);
	});
	test('never cuts a grapheme: an emoji sequence, a flag or a letter and its accent stays in one piece', () => {
		const family = '👩\u200d👩\u200d👧\u200d👦'; // four emoji joined by ZWJ: 11 UTF-16 units, one grapheme
		const flag = '🇫🇷'; // two regional indicators
		const accented = 'e\u0301'; // e + combining acute
		expect(textPieces(`ab${family}c`, 3)).toEqual([`ab${family}`, 'c']);
		expect(textPieces(`a${flag}${accented}d`, 2)).toEqual([`a${flag}`, `${accented}d`]);
		expect(textPieces(`${accented}${accented}${accented}`, 2)).toEqual([`${accented}${accented}`, accented]);
	});
});

describe('textPieces, cut where its windows end', () => {
	test('the same pieces as one segmentation of the whole text, whatever falls at a window’s end', () => {
		const family = '👩\u200d👩\u200d👧\u200d👦';
		const all = (text: string, max: number) => {
			const pieces: string[] = [];
			let piece = '';
			let count = 0;
			for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
				piece += segment;
				if (++count === max) {
					pieces.push(piece);
					piece = '';
					count = 0;
				}
			}
			return piece ? [...pieces, piece] : pieces;
		};
		// Each shift puts a different unit of the emoji sequences and flags at the windows' ends (4 × max units).
		for (let shift = 0; shift < 16; shift++) {
			const text = 'x'.repeat(shift) + `${family}🇫🇷e\u0301😀`.repeat(40);
			for (const max of [2, 3, 5]) expect(textPieces(text, max), `shift ${shift}, max ${max}`).toEqual(all(text, max));
		}
	});
});
