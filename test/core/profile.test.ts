import { bin, utcDay, utcMonday, utcMonth, utcYear, type TimeInterval } from 'd3';
import { describe, expect, it } from 'vitest';
import { parseCsvBytes } from '../../src/lib/core/csv';
import { defaultMapping } from '../../src/lib/core/csv/infer';
import { binEdges, profileColumn, type DateProfile, type NumberProfile } from '../../src/lib/core/profile';
import { Random } from '../../src/lib/core/random';
import { encodeCategories, type Column } from '../../src/lib/core/table';
import { PackedTexts } from '../../src/lib/core/text-values';
import { readFileSync } from 'node:fs';
import { SHARED_DATA } from '../helpers/shared-data';

const numbers = (values: number[]): Column => ({ kind: 'number', values: Float64Array.from(values) });
const asNumber = (p: ReturnType<typeof profileColumn>): NumberProfile => {
	if (p.kind !== 'number') throw new Error(`expected a number profile, got ${p.kind}`);
	return p;
};

describe('profileColumn: numbers', () => {
	it('counts, missing, min, median and max of a small column (by hand)', () => {
		// Present values sorted: 1 1 2 3 4 5 6 9 → median (3 + 4) / 2.
		const p = asNumber(profileColumn(numbers([3, 1, NaN, 4, 1, 5, 9, 2, 6])));
		expect(p).toMatchObject({ rows: 9, missing: 1, count: 8, min: 1, median: 3.5, max: 9 });
	});

	it('whole numbers get bins one wide, the maximum in a bin of its own (by hand)', () => {
		const p = asNumber(profileColumn(numbers([3, 1, NaN, 4, 1, 5, 9, 2, 6])));
		expect(p.bins.map((b) => [b.from, b.to, b.count])).toEqual([
			[1, 2, 2], [2, 3, 1], [3, 4, 1], [4, 5, 1], [5, 6, 1], [6, 7, 1], [7, 8, 0], [8, 9, 0], [9, 10, 1]
		]);
	});

	it('decimals: 1-2-5 steps on exact decimal edges; a value on an edge counts in the bin it starts', () => {
		// Extent 0.1–0.9 over about 20 bins: step 0.05, edges 0.1, 0.15, … 0.9 and one more (0.9 is on the last edge).
		const p = asNumber(profileColumn(numbers([0.1, 0.25, 0.3, 0.9])));
		expect(p.bins).toHaveLength(17);
		expect(p.bins[0]).toEqual({ from: 0.1, to: 0.15, count: 1 });
		expect(p.bins[3]).toEqual({ from: 0.25, to: 0.3, count: 1 });
		expect(p.bins[4]).toEqual({ from: 0.3, to: 0.35, count: 1 });
		expect(p.bins[16]).toEqual({ from: 0.9, to: 0.95, count: 1 });
		expect(p.bins.reduce((s, b) => s + b.count, 0)).toBe(4);
	});

	it('matches d3.bin().thresholds(20) on random decimals and on wide whole numbers', () => {
		const rng = new Random(7);
		const random = () => rng.uniform();
		for (const values of [
			Array.from({ length: 5000 }, () => random() * 137.3 - 20),
			Array.from({ length: 5000 }, () => Math.round(random() * random() * 250_000)),
			Array.from({ length: 300 }, () => 1e-4 * random())
		]) {
			const ours = asNumber(profileColumn(numbers(values))).bins;
			const d3 = bin().thresholds(20)(values);
			expect(ours.map((b) => [b.from, b.to, b.count])).toEqual(d3.map((b) => [b.x0, b.x1, b.length]));
		}
	});

	it('one distinct value is one bin; no values, no bins', () => {
		expect(asNumber(profileColumn(numbers([5, 5, NaN, 5]))).bins).toEqual([{ from: 5, to: 5, count: 3 }]);
		const none = asNumber(profileColumn(numbers([NaN, NaN])));
		expect(none).toMatchObject({ missing: 2, count: 0, bins: [] });
		expect(none.median).toBeNaN();
		expect(asNumber(profileColumn(numbers([]))).bins).toEqual([]);
	});

	it('binEdges rejects an extent upside down, with the values', () => {
		expect(() => binEdges(3, 1, 20)).toThrow('3 > 1');
	});
});

describe('profileColumn: Telco, against numpy', () => {
	// numpy 2.4.6 on the csv module's rows of telco_customer_churn.csv: np.median, np.histogram(v, bins=np.arange(…)).
	const bytes = new Uint8Array(readFileSync(SHARED_DATA + 'telco_customer_churn.csv'));
	const { parsed } = parseCsvBytes(bytes, 'telco.csv', defaultMapping);
	const profile = (name: string) => asNumber(profileColumn(parsed.columns[name]));

	it('TotalCharges: 11 blanks missing, 18.8 / 1,397.475 / 8,684.8, bins of 500 from 0', () => {
		const p = profile('TotalCharges');
		expect(p).toMatchObject({ missing: 11, count: 7032, min: 18.8, median: 1397.475, max: 8684.8 });
		expect(p.bins.map((b) => b.from)).toEqual(Array.from({ length: 18 }, (_, k) => k * 500));
		expect(p.bins.map((b) => b.count)).toEqual([2000, 893, 768, 515, 359, 293, 294, 262, 252, 261, 204, 239, 194, 171, 133, 116, 70, 8]);
	});

	it('MonthlyCharges: bins of 5 from 15 to 120', () => {
		const p = profile('MonthlyCharges');
		expect(p).toMatchObject({ min: 18.25, median: 70.35, max: 118.75 });
		expect(p.bins.map((b) => b.count)).toEqual([613, 776, 264, 78, 106, 182, 275, 326, 287, 232, 313, 463, 451, 481, 452, 436, 400, 382, 307, 154, 65]);
		expect([p.bins[0].from, p.bins[20].to]).toEqual([15, 120]);
	});

	it('tenure (whole months 0–72): bins of 5 from 0 to 75', () => {
		const p = profile('tenure');
		expect(p).toMatchObject({ min: 0, median: 29, max: 72 });
		expect(p.bins.map((b) => b.count)).toEqual([1238, 616, 517, 436, 403, 359, 335, 318, 315, 333, 354, 336, 374, 458, 651]);
	});

	it('PaymentMethod: the four levels by count', () => {
		const p = profileColumn(parsed.columns.PaymentMethod);
		expect(p).toMatchObject({
			kind: 'category',
			missing: 0,
			levels: [
				{ level: 'Electronic check', count: 2365 },
				{ level: 'Mailed check', count: 1612 },
				{ level: 'Bank transfer (automatic)', count: 1544 },
				{ level: 'Credit card (automatic)', count: 1522 }
			],
			other: null
		});
	});
});

describe('profileColumn: categories and text', () => {
	it('counts levels, most frequent first, ties in level order, the rest as "other" (by hand)', () => {
		const column = encodeCategories(['b', 'a', 'b', '', 'c', 'b', 'a', 'd', null]);
		expect(profileColumn(column)).toEqual({
			kind: 'category',
			rows: 9,
			missing: 2,
			levels: [{ level: 'b', count: 3 }, { level: 'a', count: 2 }, { level: 'c', count: 1 }, { level: 'd', count: 1 }],
			other: null
		});
		expect(profileColumn(column, { levels: 2 })).toMatchObject({ levels: [{ level: 'b' }, { level: 'a' }], other: { levels: 2, count: 2 } });
	});

	it('a level no row uses is listed with 0 but is not an "other" value', () => {
		const column = encodeCategories(['No', 'No'], ['No', 'Yes']);
		expect(profileColumn(column)).toMatchObject({ levels: [{ level: 'No', count: 2 }, { level: 'Yes', count: 0 }], other: null });
		expect(profileColumn(column, { levels: 1 })).toMatchObject({ other: null });
	});

	it('text: missing and distinct present values', () => {
		expect(profileColumn({ kind: 'text', values: ['x', null, 'y', 'x', ''] })).toEqual({ kind: 'text', rows: 5, missing: 1, distinct: 3 });
	});

	it('rejects bad options with the value', () => {
		expect(() => profileColumn(numbers([1]), { bins: 0 })).toThrow('not a positive integer: 0');
		expect(() => profileColumn(numbers([1]), { levels: 2.5 })).toThrow('2.5');
	});
});

const DAY_MS = 86_400_000;
const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const asDates = (p: ReturnType<typeof profileColumn>): DateProfile => {
	if (p.kind !== 'date') throw new Error(`expected a date profile, got ${p.kind}`);
	return p;
};
/** Seeded dates from `from`, up to `span` days on, some missing. */
function seededDates(seed: number, n: number, from: string, span: number, missing = 0.3): (string | null)[] {
	const random = new Random(seed);
	const start = Date.parse(`${from}T00:00:00Z`);
	return Array.from({ length: n }, () => (random.uniform() < missing ? null : isoOf(start + random.int(0, span - 1) * DAY_MS)));
}

describe('profileColumn: dates', () => {
	it('earliest, middle and latest date of a text column (by hand)', () => {
		// Present, sorted: 01-15 02-10 03-01 03-01 → four, so the middle is the earlier of the two middle ones.
		expect(profileColumn({ kind: 'text', values: ['2025-03-01', null, '2025-01-15', '2025-03-01', '2025-02-10'] })).toMatchObject({
			kind: 'date', rows: 5, missing: 1, count: 4, distinct: 3, min: '2025-01-15', median: '2025-02-10', max: '2025-03-01'
		});
		// Five: the third.
		expect(profileColumn({ kind: 'text', values: ['2024-12-31', '2025-01-01', '2023-06-30', '2025-01-01', '2024-12-31'] })).toMatchObject({
			min: '2023-06-30', median: '2024-12-31', max: '2025-01-01'
		});
		expect(profileColumn({ kind: 'text', values: [null, '2025-05-05', null] })).toEqual({
			kind: 'date', rows: 3, missing: 2, count: 1, distinct: 1, min: '2025-05-05', median: '2025-05-05', max: '2025-05-05',
			unit: 'day', step: 1, bins: [{ from: '2025-05-05', to: '2025-05-06', count: 1 }]
		});
	});

	it('as a full sort of the present dates says, on 20,000 seeded dates with repeats and gaps, arrays and packed alike', () => {
		const values = seededDates(11, 20_000, '2020-01-01', 900);
		const sorted = values.filter((v): v is string => v !== null).sort();
		const want = { min: sorted[0], median: sorted[Math.floor((sorted.length - 1) / 2)], max: sorted[sorted.length - 1], count: sorted.length };
		expect(profileColumn({ kind: 'text', values })).toMatchObject({ kind: 'date', ...want, distinct: new Set(sorted).size });
		expect(profileColumn({ kind: 'text', values: PackedTexts.of(values) })).toMatchObject({ kind: 'date', ...want });
	});

	it('text, not dates, when any present value is not a yyyy-mm-dd date that exists, or none is present', () => {
		const not = ['2025-01-05', '2025-1-5', '', 'soon', '2025-01-05T10:00', '05.01.2025', '2025-02-29', '2025-13-01', '2025-04-31', '0999-01-01'];
		for (const odd of not.slice(1)) {
			expect(profileColumn({ kind: 'text', values: ['2025-01-05', odd, '2025-02-01'] }), odd).toMatchObject({ kind: 'text', distinct: 3 });
			// The odd one first, and after the dates.
			expect(profileColumn({ kind: 'text', values: [odd, '2025-01-05'] }), odd).toMatchObject({ kind: 'text' });
			expect(profileColumn({ kind: 'text', values: ['2025-01-05', '2025-01-05', odd] }), odd).toMatchObject({ kind: 'text' });
		}
		expect(profileColumn({ kind: 'text', values: ['2024-02-29'] })).toMatchObject({ kind: 'date' });
		expect(profileColumn({ kind: 'text', values: [null, null] })).toEqual({ kind: 'text', rows: 2, missing: 2, distinct: 0 });
		expect(profileColumn({ kind: 'text', values: [] })).toEqual({ kind: 'text', rows: 0, missing: 0, distinct: 0 });
	});

	it('a category whose levels in use are all dates (the as-of column) is dates; a level no row uses does not count', () => {
		const asOf = encodeCategories(['2025-03-01', '2025-01-01', null, '2025-03-01', '2025-02-01'], ['2025-01-01', '2025-02-01', '2025-03-01', 'never used']);
		expect(profileColumn(asOf)).toEqual({
			kind: 'date', rows: 5, missing: 1, count: 4, distinct: 3, min: '2025-01-01', median: '2025-02-01', max: '2025-03-01', unit: 'week', step: 1,
			bins: Array.from({ length: 9 }, (_, k) => ({
				from: isoOf(Date.parse('2024-12-30') + k * 7 * DAY_MS),
				to: isoOf(Date.parse('2024-12-30') + (k + 1) * 7 * DAY_MS),
				count: k === 0 ? 1 : k === 4 ? 1 : k === 8 ? 2 : 0
			}))
		});
		expect(profileColumn(encodeCategories(['2025-01-01', 'Pro'], ['2025-01-01', 'Pro']))).toMatchObject({ kind: 'category' });
	});

	it('bins in the finest unit that takes at most `bins` bins: day, Monday week, month, quarter, then 1-2-5 years (by hand)', () => {
		const shape = (min: string, max: string, bins?: number) => {
			const p = asDates(profileColumn({ kind: 'text', values: [min, max] }, bins ? { bins } : {}));
			return [p.unit, p.step, p.bins.length, p.bins[0].from, p.bins.at(-1)!.to];
		};
		expect(shape('2025-01-01', '2025-01-20')).toEqual(['day', 1, 20, '2025-01-01', '2025-01-21']);
		// 21 days: 2025-01-01 is a Wednesday, so four weeks from Monday 2024-12-30.
		expect(shape('2025-01-01', '2025-01-21')).toEqual(['week', 1, 4, '2024-12-30', '2025-01-27']);
		expect(shape('2025-01-06', '2025-05-25')).toEqual(['week', 1, 20, '2025-01-06', '2025-05-26']);
		expect(shape('2025-01-06', '2025-05-26')).toEqual(['month', 1, 5, '2025-01-01', '2025-06-01']);
		expect(shape('2024-01-31', '2025-08-01')).toEqual(['month', 1, 20, '2024-01-01', '2025-09-01']);
		expect(shape('2024-01-31', '2025-09-01')).toEqual(['quarter', 1, 7, '2024-01-01', '2025-10-01']);
		expect(shape('2021-01-01', '2025-12-31')).toEqual(['quarter', 1, 20, '2021-01-01', '2026-01-01']);
		expect(shape('2020-12-31', '2025-10-01')).toEqual(['year', 1, 6, '2020-01-01', '2026-01-01']);
		expect(shape('2006-06-06', '2025-01-01')).toEqual(['year', 1, 20, '2006-01-01', '2026-01-01']);
		expect(shape('2005-06-06', '2025-01-01')).toEqual(['year', 2, 11, '2004-01-01', '2026-01-01']);
		expect(shape('1901-01-01', '2025-01-01')).toEqual(['year', 10, 13, '1900-01-01', '2030-01-01']);
		expect(shape('1000-01-01', '9999-12-31')).toEqual(['year', 500, 18, '1000-01-01', '10000-01-01']);
		// 1000-01-01 was a Wednesday (proleptic Gregorian): its week bin starts in year 999, written with four digits.
		expect(shape('1000-01-01', '1000-01-31')).toEqual(['week', 1, 5, '0999-12-30', '1000-02-03']);
		expect(shape('1000-01-01', '9999-12-31', 3)).toEqual(['year', 1000, 9, '1000-01-01', '10000-01-01']);
		expect(shape('2025-01-01', '2025-01-20', 1)).toEqual(['month', 1, 1, '2025-01-01', '2025-02-01']);
	});

	// d3's calendar intervals are an implementation of their own (on Date objects in UTC): their edges and
	// d3.bin's counts must be the profile's, bin for bin, wherever the unit is.
	const intervals: Record<string, TimeInterval> = {
		'day/1': utcDay, 'week/1': utcMonday, 'month/1': utcMonth, 'quarter/1': utcMonth.every(3)!,
		'year/1': utcYear, 'year/2': utcYear.every(2)!, 'year/5': utcYear.every(5)!, 'year/10': utcYear.every(10)!, 'year/50': utcYear.every(50)!
	};
	it.each([
		['a fortnight', '2026-11-10', 14, 'day/1'],
		['four months across a year end', '2025-10-15', 120, 'week/1'],
		['a leap February, 500 days', '2023-12-20', 500, 'month/1'],
		['four years', '2021-03-03', 1461, 'quarter/1'],
		['twelve years', '2013-07-07', 4383, 'year/1'],
		['38 years', '1986-02-02', 13_500, 'year/2'],
		['99 years', '1921-05-05', 36_000, 'year/5'],
		['two centuries', '1850-01-01', 73_000, 'year/10'],
		['eight centuries', '1200-01-01', 292_000, 'year/50']
	] as const)('bins and counts as d3.bin on d3 calendar intervals say: %s', (_, from, span, unit) => {
		const values = seededDates(span, 5_000, from, span);
		const p = asDates(profileColumn({ kind: 'text', values }));
		expect(`${p.unit}/${p.step}`).toBe(unit);
		const interval = intervals[unit];
		const present = values.filter((v): v is string => v !== null).map((v) => new Date(`${v}T00:00:00Z`));
		const lo = interval.floor(new Date(`${p.min}T00:00:00Z`));
		const hi = interval.offset(interval.floor(new Date(`${p.max}T00:00:00Z`)), 1);
		const thresholds = interval.range(lo, hi);
		const want = bin<Date, Date>().domain([lo, hi]).thresholds(thresholds)(present);
		expect(p.bins.map((b) => [b.from, b.to, b.count])).toEqual(want.map((b) => [isoOf(+b.x0!), isoOf(+b.x1!), b.length]));
		expect(p.bins.reduce((n, b) => n + b.count, 0)).toBe(present.length);
	});
});
