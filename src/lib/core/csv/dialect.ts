/** Which delimiter a file uses and whether its numbers have decimal commas, from its first ~64 KB of text. */
import Papa from 'papaparse';
import type { Delimiter } from './types';

const CANDIDATES: readonly Delimiter[] = [',', ';', '\t', '|'];
const SAMPLE_ROWS = 100;

function isEmptyRecord(row: string[]): boolean {
	return row.length === 1 && row[0].trim() === '';
}

/** The first complete records of the sample under one delimiter (a record cut off at the end is dropped). */
function records(sample: string, delimiter: Delimiter): string[][] {
	const parsed = Papa.parse<string[]>(sample, { delimiter, header: false, preview: SAMPLE_ROWS + 1 });
	const rows = parsed.data.filter((r) => !isEmptyRecord(r));
	if (!parsed.meta.truncated && !/[\r\n]$/.test(sample) && rows.length > 2) rows.pop();
	return rows.slice(0, SAMPLE_ROWS);
}

/** How well a delimiter explains the sample: rows agreeing with the header's field count, then field count. */
function fit(rows: string[][]): { agree: number; fields: number } {
	if (rows.length === 0) return { agree: 0, fields: 0 };
	const fields = rows[0].length;
	if (fields < 2) return { agree: 0, fields };
	let agree = 0;
	for (const r of rows) if (r.length === fields) agree++;
	return { agree: agree / rows.length, fields };
}

const COMMA_DECIMAL = /^[-+(]?[$€£]?\s?\d+,(\d{1,2}|\d{4,})\s?[%€)]?$/; // 3,5 · 12,75 · 0,1234: only a decimal
const COMMA_GROUPED = /^[-+(]?[$€£]?\s?\d{1,3}(\.\d{3})*,\d{3}\s?[%€)]?$/; // 1,234 · 1.234,567: either
const POINT_DECIMAL = /^[-+(]?[$€£]?\s?\d+\.(\d{1,2}|\d{4,})\s?[%$)]?$/; // 3.5 · 12.75: only a decimal

/** Decimal commas: more values read only as decimal commas than as decimal points (";" and tab files only). */
function detectDecimalComma(rows: string[][], delimiter: Delimiter): boolean {
	if (delimiter !== ';' && delimiter !== '\t') return false;
	let comma = 0;
	let point = 0;
	let either = 0;
	for (let i = 1; i < rows.length; i++) {
		for (const v of rows[i]) {
			if (v.length > 30) continue;
			if (COMMA_DECIMAL.test(v)) comma++;
			else if (POINT_DECIMAL.test(v)) point++;
			else if (COMMA_GROUPED.test(v)) either++;
		}
	}
	if (comma + point > 0) return comma > point;
	// Only values like "1,234": in a ";" file that is most likely 1.234 written the European way.
	return delimiter === ';' && either > 0;
}

/**
 * The delimiter whose rows most often have as many fields as the header (ties: more fields, then the order
 * comma, semicolon, tab, pipe), and whether numbers use a decimal comma. Comma when nothing fits.
 */
export function detectDialect(sample: string): { delimiter: Delimiter; decimalComma: boolean } {
	let best: Delimiter = ',';
	let bestFit = { agree: 0, fields: 0 };
	let bestRows: string[][] = [];
	for (const delimiter of CANDIDATES) {
		// A delimiter that never occurs cannot be the one.
		if (!sample.includes(delimiter)) continue;
		const rows = records(sample, delimiter);
		const f = fit(rows);
		if (f.agree > bestFit.agree || (f.agree === bestFit.agree && f.fields > bestFit.fields)) {
			best = delimiter;
			bestFit = f;
			bestRows = rows;
		}
	}
	return { delimiter: best, decimalComma: bestFit.agree > 0 && detectDecimalComma(bestRows, best) };
}
