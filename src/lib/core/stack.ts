/** Columns of several tables stacked into one: picked rows of each part, one after another. */
import { MISSING_CODE, cell, type CategoryColumn, type Column, type NumberColumn, type TextColumn } from './table';

/** The rows one table gives to the stack, in order; `column` is undefined where the table lacks it. */
export interface StackPart {
	column: Column | undefined;
	rows: Int32Array;
}

/** A cell as text: null when missing; numbers written as JavaScript writes them. */
export function textAt(column: Column, row: number): string | null {
	const v = cell(column, row);
	return v === null || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v);
}

function total(parts: readonly StackPart[]): number {
	return parts.reduce((n, p) => n + p.rows.length, 0);
}

/** Numbers one after another; NaN where a part lacks the column or does not hold numbers. */
export function stackNumbers(parts: readonly StackPart[]): NumberColumn {
	const values = new Float64Array(total(parts)).fill(NaN);
	let at = 0;
	for (const { column, rows } of parts) {
		if (column?.kind === 'number') for (let i = 0; i < rows.length; i++) values[at + i] = column.values[rows[i]];
		at += rows.length;
	}
	return { kind: 'number', values };
}

/** Text one after another; null where a part lacks the column. */
export function stackTexts(parts: readonly StackPart[]): TextColumn {
	const values = new Array<string | null>(total(parts)).fill(null);
	let at = 0;
	for (const { column, rows } of parts) {
		if (column) for (let i = 0; i < rows.length; i++) values[at + i] = textAt(column, rows[i]);
		at += rows.length;
	}
	return { kind: 'text', values };
}

/** What {@link stackCategories} made, and how many present values fell outside fixed levels. */
export interface StackedCategories {
	column: CategoryColumn;
	/** Present values that are not one of `fixed` (they become missing). */
	unknown: number;
}

/**
 * Categories re-encoded over the union of every part's levels (first seen first), or over `fixed` levels
 * only, when given. Text and number parts are read as text.
 */
export function stackCategories(parts: readonly StackPart[], fixed?: readonly string[]): StackedCategories {
	const levels: string[] = [...(fixed ?? [])];
	const code = new Map(levels.map((l, i) => [l, i]));
	const codeOf = (level: string): number => {
		let c = code.get(level);
		if (c === undefined) {
			if (fixed) return MISSING_CODE;
			c = levels.length;
			code.set(level, c);
			levels.push(level);
		}
		return c;
	};
	const codes = new Int32Array(total(parts)).fill(MISSING_CODE);
	let at = 0, unknown = 0;
	for (const { column, rows } of parts) {
		if (column?.kind === 'category') {
			const remap = column.levels.map(codeOf);
			for (let i = 0; i < rows.length; i++) {
				const c = column.codes[rows[i]];
				if (c === MISSING_CODE) continue;
				codes[at + i] = remap[c];
				if (remap[c] === MISSING_CODE) unknown++;
			}
		} else if (column) {
			for (let i = 0; i < rows.length; i++) {
				const t = textAt(column, rows[i]);
				if (t === null) continue;
				codes[at + i] = codeOf(t);
				if (codes[at + i] === MISSING_CODE) unknown++;
			}
		}
		at += rows.length;
	}
	return { column: { kind: 'category', codes, levels }, unknown };
}
