import { describe, expect, it } from 'vitest';
import { formatP, pInWords } from '../../src/lib/core/stat-format';
import { aucAsShare, blendVerdict, validationSummary } from '../../src/lib/components/learn/plain';

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

	it('says beside Apply what the validation says of the weights at the blend: both AUCs with intervals, and the test', () => {
		const manual = { auc: 0.7412, lo: 0.7288, hi: 0.7536 };
		const learned = { auc: 0.8123, lo: 0.8011, hi: 0.8236 };
		expect(blendVerdict(100, learned, manual, 0.00001)).toBe(
			'The learned weights tell churners apart with AUC 0.812 (95\u00a0% interval 0.801 – 0.824), against 0.741 (95\u00a0% interval 0.729 – 0.754) with the manual weights. The difference is larger than chance (p\u00a0<\u00a00.0001): they rank churners better than the manual weights.'
		);
		expect(blendVerdict(35, learned, manual, 0.003)).toMatch(/^The weights at blend 35\u00a0% tell churners apart with AUC 0\.812 /);
		// Worse than the manual weights, by more than chance: Apply would make the score worse, and it says so.
		expect(blendVerdict(100, manual, learned, 0.003)).toMatch(/\(p\u00a0=\u00a00\.0030\): the manual weights are better; applying these would make the score worse at it\.$/);
		expect(blendVerdict(50, learned, manual, 0.2)).toMatch(/The difference is not larger than chance \(p\u00a0=\u00a00\.2000\): applying them would not clearly improve the score\.$/);
		expect(blendVerdict(50, learned, manual, NaN)).toMatch(/could not be tested\.$/);
		// At 0 % the blend is the manual weights: nothing to compare.
		expect(blendVerdict(0, manual, manual, NaN)).toBe('At blend 0\u00a0% the weights are the manual ones the run had, with AUC 0.741 (95\u00a0% interval 0.729 – 0.754): move the slider toward learned to compare.');
	});
});
