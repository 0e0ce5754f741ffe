/** A column's cells as written, each mapped to the code it reads as, so every spelling is read only once. */

/** Spellings kept in the array searched first. */
const FEW = 8;

/**
 * The code of each spelling met in one column. The first few are searched with ===: a string fresh from the
 * parser has no hash yet, and comparing it with a handful of short spellings is cheaper than hashing it for a
 * Map. Later spellings go to a Map, up to `max` of them (a column of all-different cells stops adding there).
 */
export class Spellings {
	readonly #few: string[] = [];
	readonly #fewCodes: number[] = [];
	readonly #many = new Map<string, number>();
	readonly #max: number;

	constructor(max = 1 << 16) {
		if (!Number.isInteger(max) || max < 0) throw new Error(`invalid max; not an integer ≥ 0: ${max}`);
		this.#max = max;
	}

	/** The code remembered for this spelling, or undefined. */
	get(s: string): number | undefined {
		const few = this.#few;
		for (let i = 0; i < few.length; i++) if (few[i] === s) return this.#fewCodes[i];
		return this.#many.size === 0 ? undefined : this.#many.get(s);
	}

	set(s: string, code: number): void {
		if (this.#few.length < FEW) {
			this.#few.push(s);
			this.#fewCodes.push(code);
		} else if (this.#many.size < this.#max) this.#many.set(s, code);
	}
}
