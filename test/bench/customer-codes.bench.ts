/**
 * Coding customer IDs: a portfolio's ID column arriving packed in TEXT_SLICE-row slices, coded slice by slice
 * (CustomerCoder, as portfolios of several imports are) or once whole (customerCodes, as the scoring worker
 * does). A year of monthly imports repeats the same customers, so every slice after the first month looks up
 * IDs that lie in other slices' texts (of the same length and content: compared whole by ===, that was 4.8 s
 * for two months of 100,000 customers and 13 s for four, before the coder compared places instead).
 */
import { bench, describe } from 'vitest';
import { CustomerCoder, customerCodes } from '../../src/lib/core/customer-codes';
import { PackedTexts, packText } from '../../src/lib/core/text-values';
import { TEXT_SLICE } from '../../src/lib/workers/score-protocol';

function monthlySlices(months: number, customers: number) {
	const ids: string[] = [];
	for (let m = 0; m < months; m++) for (let i = 0; i < customers; i++) ids.push(`CUST-${String(i).padStart(7, '0')}`);
	const slices = [];
	for (let start = 0; start < ids.length; start += TEXT_SLICE) slices.push(packText(ids, start, Math.min(ids.length, start + TEXT_SLICE)));
	return { rows: ids.length, slices };
}

const year = monthlySlices(12, 100_000);
const million = monthlySlices(1, 1_000_000);

describe('CustomerCoder, packed slices as the scoring worker gets them', () => {
	for (const [name, { rows, slices }] of [['12 months × 100,000 customers', year], ['1,000,000 customers once', million]] as const) {
		bench(name, () => {
			const coder = new CustomerCoder(rows);
			let offset = 0;
			for (const slice of slices) {
				coder.addSlice(slice, offset);
				offset += slice.ends.length;
			}
		}, { iterations: 5 });
	}
});

describe('customerCodes, the packed slices joined into one column (as the scoring worker has it)', () => {
	for (const [name, { slices }] of [['12 months × 100,000 customers', year], ['1,000,000 customers once', million]] as const) {
		bench(name, () => {
			customerCodes(PackedTexts.join(slices));
		}, { iterations: 5 });
	}
});
