/**
 * `checkup train`'s summary writes its figures as the Learn page does (core/format, core/stat-format): a no-break space
 * before "%", p-values to four decimals or "< 0.0001", "held at 0" for a weight the ≥ 0 constraint holds at 0.
 * A hand-made report, so each line is known in advance.
 */
import { describe, expect, it } from 'vitest';
import { reportText } from '../../src/cli/train';

const NBSP = '\u00a0';
const report = {
	file: 'x.csv',
	backend: 'wasm',
	training: { customers: 7043, churned: 1869, mode: 'single' },
	suggestedWeights: [
		{ metricId: 'a', label: 'Tenure', manual: 50, suggested: 87.25, interval: [80, 95], per10Points: 0.3, pValue: 0.01234 },
		{ metricId: 'b', label: 'Partner', manual: 50, suggested: 0, interval: [0, 4], per10Points: 0, pValue: 1 },
		{ metricId: 'c', label: 'Calls', manual: 0, suggested: 12.75, interval: [5, 20], per10Points: 0.1, pValue: 3.1e-9 }
	],
	validation: { manual: { auc: 0.7561, lo: 0.7442, hi: 0.7663 }, learned: { auc: 0.8219, lo: 0.811, hi: 0.832 }, delongP: 3.8e-47 }
};

describe('checkup train summary', () => {
	const lines = reportText(report).split('\n');

	it('counts with thousands separators', () => {
		expect(lines[0]).toBe('x.csv: 7,043 customers, 1,869 churned (one snapshot); backend wasm');
	});

	it('writes the weights as the Learn page does, in columns under their headers', () => {
		expect(lines.slice(2, 7)).toEqual([
			'Weights',
			'      now suggested    p-value  metric',
			`   50.0${NBSP}%    87.3${NBSP}%     0.0123  Tenure`,
			`   50.0${NBSP}%     0.0${NBSP}%  held at 0  Partner`,
			`    0.0${NBSP}%    12.8${NBSP}%   <${NBSP}0.0001  Calls`
		]);
	});

	it('writes the AUCs and DeLong p as the Learn page does', () => {
		expect(lines[8]).toBe(`Out-of-fold AUC: your scorecard 0.756 (95${NBSP}% CI 0.744–0.766), suggested weights 0.822 (95${NBSP}% CI 0.811–0.832); DeLong p${NBSP}<${NBSP}0.0001`);
	});

	it('leaves no ordinary space before a unit', () => {
		expect(reportText(report)).not.toMatch(/\d %/);
	});
});
