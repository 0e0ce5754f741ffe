/** The Learn page's results in plain words, for readers who do not speak AUC and DeLong. */
import { UNIT_SPACE } from '../../format';
import { formatStat, pInWords } from '../../core/stat-format';

/**
 * An AUC as the share of (churned, stayed) pairs the score orders right: "81.2 %" for an AUC shown as 0.812 (a
 * no-break space before the %, so a narrow screen never leaves it alone on a line). Made
 * from the AUC as the table writes it, so the sentence and the table agree to the digit.
 */
export function aucAsShare(auc: number): string {
	const shown = formatStat(auc);
	return shown === '—' ? 'an unknown share' : `${(Number(shown) * 100).toFixed(1)}${UNIT_SPACE}%`;
}

/** Whether the learned weights tell churners apart better than the manual ones, with the shares and DeLong's p of the table. */
export function validationSummary(manual: number, learned: number, p: number): string {
	const pairs = `Take one customer who churned and one who stayed: the learned weights give the one who churned the lower score ${aucAsShare(learned)} of the time, the manual weights ${aucAsShare(manual)}.`;
	if (!Number.isFinite(p)) return `${pairs} Whether the difference is larger than chance could not be tested.`;
	if (p >= 0.05) return `${pairs} The difference is not larger than chance (${pInWords(p)}): neither set of weights is clearly better.`;
	const better = learned > manual ? 'learned' : 'manual';
	return `${pairs} The difference is larger than chance (${pInWords(p)}): the ${better} weights are better at telling churners apart.`;
}
