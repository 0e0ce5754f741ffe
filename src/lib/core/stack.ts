/**
 * Columns of several tables stacked into one: picked rows of each part, one after another. Each is made in
 * steps (core/steps.ts) of at most STEP_ROWS rows, so that the page can assemble a portfolio of millions of
 * rows without stopping for longer than a step.
 */
import { fillSteps, inRowSteps, SLOW_STEP_ROWS, STEP_ROWS, type Steps } from './steps';
import { MISSING_CODE, cell, isMissing, type CategoryColumn, type Column, type NumberColumn, type TextColumn } from './table';
import { packText, PackedTexts, PackedTextsBuilder } from './text-values';

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
export function* stackNumbers(parts: readonly StackPart[]): Steps<NumberColumn> {
	// Not filled at once: each part's rows are written in steps (core/steps.ts FILL_STEP).
	const values = new Float64Array(total(parts));
	let at = 0;
	for (const { column, rows } of parts) {
		const base = at;
		if (column?.kind === 'number') {
			const from = column.values;
			yield* inRowSteps(rows.length, (start, end) => {
				for (let i = start; i < end; i++) values[base + i] = from[rows[i]];
			});
		} else yield* fillSteps(values, NaN, base, base + rows.length);
		at += rows.length;
	}
	return { kind: 'number', values };
}

/**
 * Text cells gathered into one packed column: cells that follow each other in the same column are copied as one
 * run (a part whose rows are all kept costs a slice of its text per STEP_ROWS cells, not a string per cell).
 */
export class TextGatherer {
	readonly #out: PackedTextsBuilder;
	#column: Column | undefined;
	#from = 0;
	#to = 0;

	constructor(rows: number) {
		this.#out = new PackedTextsBuilder(Math.max(rows, 1));
	}

	/** Appends cell `row` of `column` (missing when the column is undefined). */
	push(column: Column | undefined, row: number): void {
		// A run is copied at most STEP_ROWS cells at a time, so that copying it fits in the step that ends it.
		if (column === this.#column && row === this.#to && row - this.#from < STEP_ROWS) {
			this.#to++;
			return;
		}
		this.#flush();
		this.#column = column;
		this.#from = row;
		this.#to = row + 1;
	}

	finish(): PackedTexts {
		this.#flush();
		return this.#out.finish();
	}

	#flush(): void {
		const column = this.#column, from = this.#from, n = this.#to - from;
		if (n === 0) return;
		if (!column) this.#out.append({ text: '', ends: new Int32Array(n).fill(-1) });
		else if (column.kind !== 'text') this.#out.append(packText(Array.from({ length: n }, (_, i) => textAt(column, from + i))));
		else if (column.values instanceof PackedTexts) this.#out.append(column.values.slice(from, from + n));
		else this.#out.append(packText(column.values, from, from + n));
		this.#from = this.#to = 0;
	}
}

/** Text one after another, packed; null where a part lacks the column; numbers and categories as text. */
export function* stackTexts(parts: readonly StackPart[]): Steps<TextColumn> {
	const out = new TextGatherer(total(parts));
	for (const { column, rows } of parts) {
		yield* inRowSteps(rows.length, (start, end) => {
			for (let i = start; i < end; i++) out.push(column, rows[i]);
		});
	}
	return { kind: 'text', values: out.finish() };
}

/** Cells of another column that replace a text column's: row j takes `column`'s cell rows[j] (−1 = none). */
export interface TextOverlay {
	column: Column;
	rows: Int32Array;
}

/** `base` with, in each row, the last overlay's cell that is not missing (a missing one replaces nothing). */
export function* overlayTexts(base: TextColumn, overlays: readonly TextOverlay[]): Steps<TextColumn> {
	const n = base.values.length;
	const out = new TextGatherer(n);
	yield* inRowSteps(n, (start, end) => {
		for (let j = start; j < end; j++) {
			let column: Column = base, row = j;
			for (const o of overlays) {
				const r = o.rows[j];
				if (r >= 0 && !isMissing(o.column, r)) (column = o.column), (row = r);
			}
			out.push(column, row);
		}
	});
	return { kind: 'text', values: out.finish() };
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
export function* stackCategories(parts: readonly StackPart[], fixed?: readonly string[]): Steps<StackedCategories> {
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
	// Not filled at once: each part's rows are written in steps (core/steps.ts FILL_STEP), missing ones too.
	const codes = new Int32Array(total(parts));
	let at = 0, unknown = 0;
	for (const { column, rows } of parts) {
		const base = at;
		if (column?.kind === 'category') {
			const remap = column.levels.map(codeOf), from = column.codes;
			yield* inRowSteps(rows.length, (start, end) => {
				for (let i = start; i < end; i++) {
					const c = from[rows[i]];
					const out = c === MISSING_CODE ? MISSING_CODE : remap[c];
					codes[base + i] = out;
					if (out === MISSING_CODE && c !== MISSING_CODE) unknown++;
				}
			});
		} else if (column) {
			yield* inRowSteps(rows.length, (start, end) => {
				for (let i = start; i < end; i++) {
					const t = textAt(column, rows[i]);
					const out = t === null ? MISSING_CODE : codeOf(t);
					codes[base + i] = out;
					if (out === MISSING_CODE && t !== null) unknown++;
				}
			}, SLOW_STEP_ROWS);
		} else yield* fillSteps(codes, MISSING_CODE, base, base + rows.length);
		at += rows.length;
	}
	return { column: { kind: 'category', codes, levels }, unknown };
}
