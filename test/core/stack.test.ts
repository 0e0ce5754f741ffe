import { describe, expect, it } from 'vitest';
import { stackCategories } from '../../src/lib/core/stack';
import { runSteps } from '../../src/lib/core/steps';
import { encodeCategories, type Column } from '../../src/lib/core/table';

const text = (...values: (string | null)[]): Column => ({ kind: 'text', values });

describe('stackCategories', () => {
	it('codes each part over fixed levels: missing stays missing, only present values outside them count as unknown', () => {
		const parts = [
			{ column: encodeCategories(['Yes', null, 'Maybe', 'No']), rows: Int32Array.of(0, 1, 2, 3) },
			{ column: undefined, rows: Int32Array.of(0, 1) },
			{ column: text('No', null, 'Perhaps'), rows: Int32Array.of(2, 1, 0) }
		];
		const { column, unknown } = runSteps(stackCategories(parts, ['No', 'Yes']));
		expect(column.levels).toEqual(['No', 'Yes']);
		expect(Array.from(column.codes)).toEqual([1, -1, -1, 0, -1, -1, -1, -1, 0]);
		expect(unknown).toBe(2);
	});
});
