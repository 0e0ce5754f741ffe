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

/** An AUC with its 95 % interval, as the validation's tables write it. */
interface AucShown {
	auc: number;
	lo: number;
	hi: number;
}

/**
 * What the validation says about the weights Apply would save, beside the blend slider and the Apply button: the
 * blend's out-of-fold AUC against the manual weights' (each with its 95 % DeLong interval, as the validation's “At
 * blend” line writes them) and DeLong's paired test between them, in words.
 */
export function blendVerdict(blendPct: number, blend: AucShown, manual: AucShown, p: number): string {
	const auc = (a: AucShown) => `${formatStat(a.auc)} (95${UNIT_SPACE}% interval ${formatStat(a.lo)} – ${formatStat(a.hi)})`;
	if (blendPct === 0) return `At blend 0${UNIT_SPACE}% the weights are the manual ones the run had, with AUC ${auc(manual)}: move the slider toward learned to compare.`;
	const which = blendPct === 100 ? 'The learned weights' : `The weights at blend ${blendPct}${UNIT_SPACE}%`;
	const figures = `${which} tell churners apart with AUC ${auc(blend)}, against ${auc(manual)} with the manual weights.`;
	if (!Number.isFinite(p)) return `${figures} Whether the difference is larger than chance could not be tested.`;
	if (p >= 0.05) return `${figures} The difference is not larger than chance (${pInWords(p)}): applying them would not clearly improve the score.`;
	return blend.auc > manual.auc
		? `${figures} The difference is larger than chance (${pInWords(p)}): they rank churners better than the manual weights.`
		: `${figures} The difference is larger than chance (${pInWords(p)}): the manual weights are better; applying these would make the score worse at it.`;
}
