import { describe, expect, it } from 'vitest';
import { formatP, pInWords } from '../../src/lib/core/stat-format';
import { aucAsShare, validationSummary } from '../../src/lib/components/learn/plain';

describe('the Learn results in plain words', () => {
	it('writes an AUC as the share of pairs from the AUC as the table shows it', () => {
		expect(aucAsShare(0.8123)).toBe('81.2\u00a0%');
		// 0.8125 is exact in binary: the table shows 0.813, and the share says 81.3.
		expect(aucAsShare(0.8125)).toBe('81.3\u00a0%');
		expect(aucAsShare(0.5)).toBe('50.0\u00a0%');
		expect(aucAsShare(NaN)).toBe('an unknown share');
	});

	it('says whether the difference is larger than chance, and which weights do better', () => {
		expect(validationSummary(0.741, 0.812, 0.003)).toBe(
			'Take one customer who churned and one who stayed: the learned weights give the one who churned the lower score 81.2\u00a0% of the time, the manual weights 74.1\u00a0%. The difference is larger than chance (p\u00a0=\u00a00.0030): the learned weights are better at telling churners apart.'
		);
		expect(validationSummary(0.8, 0.75, 0.00001)).toMatch(/\(p\u00a0<\u00a00\.0001\): the manual weights are better/);
		expect(validationSummary(0.74, 0.75, 0.21)).toMatch(/The difference is not larger than chance \(p\u00a0=\u00a00\.2100\): neither set of weights is clearly better\.$/);
		expect(validationSummary(0.74, 0.75, NaN)).toMatch(/could not be tested\.$/);
	});

	it('keeps a p-value on one line: no-break spaces after “<” in a table, and around “<” and “=” in a sentence', () => {
		expect(formatP(0.00001)).toBe('<\u00a00.0001');
		expect(formatP(0.0604)).toBe('0.0604');
		expect(formatP(NaN)).toBe('—');
		expect(pInWords(0.00001)).toBe('p\u00a0<\u00a00.0001');
		expect(pInWords(0.003)).toBe('p\u00a0=\u00a00.0030');
		for (const p of [0.00001, 0.003, 1]) expect(pInWords(p)).not.toContain(' ');
	});
});
