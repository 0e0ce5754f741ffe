/** How statistics are written, on the Learn page and by the CLI's train summary. */
import { formatFixed, UNIT_SPACE } from './format';

/**
 * A p-value: four decimals, "< 0.0001" below that, "—" when unknown. The space after "<" is a no-break one, so
 * a narrow table cell never leaves the "<" alone on a line above its number.
 */
export function formatP(p: number): string {
	if (!Number.isFinite(p)) return '—';
	return p < 0.0001 ? `<${UNIT_SPACE}0.0001` : p.toFixed(4);
}

/** "p = 0.0123", or "p < 0.0001" below that: a p-value inside a sentence, held on one line by no-break spaces. */
export function pInWords(p: number): string {
	const text = formatP(p);
	return text.startsWith('<') ? `p${UNIT_SPACE}${text}` : `p${UNIT_SPACE}=${UNIT_SPACE}${text}`;
}

/** An AUC or correlation: three decimals, "—" when unknown. */
export function formatStat(x: number, digits = 3): string {
	return Number.isFinite(x) ? formatFixed(x, digits) : '—';
}

/** A share 0–1 as a percentage with one decimal. */
export function formatShare(x: number): string {
	return Number.isFinite(x) ? `${formatFixed(x * 100, 1)}${UNIT_SPACE}%` : '—';
}
