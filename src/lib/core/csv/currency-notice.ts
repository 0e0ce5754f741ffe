/** What the report says of an ARR column whose values are written in several currencies. */
import type { Notice, ParsedColumns } from './types';

/**
 * A warning naming the first row and value of each currency when the ARR column writes several: their amounts are
 * read as numbers, but a total of euros and dollars is no amount, so money is then shown without a currency.
 */
export function mixedCurrencyNotices(parsed: ParsedColumns, arrName: string | undefined): Notice[] {
	const cells = parsed.arrCurrencies ?? [];
	if (arrName === undefined || cells.length < 2) return [];
	const each = cells.map((c) => `${c.currency} (row ${c.row}: "${c.value}")`).join(', ');
	return [
		{
			level: 'warning',
			message: `The ARR column "${arrName}" is written in ${cells.length} currencies: ${each}. Its totals add different currencies, so money is shown as plain numbers, without a currency.`
		}
	];
}
