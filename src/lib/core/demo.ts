/**
 * The demo portfolio: a deterministic synthetic SaaS customer base for a first open with an empty database,
 * plus its default scorecard. The metric simulation and the true churn model live in demo-model.ts.
 */
import { describeColumns, type Dataset } from './dataset';
import type { Column, Table } from './table';
import { defaultBands, type Metric, type Normalization, type Scorecard } from './scorecard';
import { Random, assertSeed, deriveSeed } from './random';
import {
	DEMO_MONTHLY, DEMO_SEGMENTS, DEMO_SNAPSHOTS, allocateMonthly, simulateAccount,
	type AccountHistory, type DemoMonthly, type MonthlyValues
} from './demo-model';

export { DEMO_TRUE_MODEL, DEMO_SNAPSHOTS, DEMO_SEGMENTS, trueChurnLogit } from './demo-model';
export type { DemoFeature, TrueChurnModel } from './demo-model';

export const DEMO_SEED = 20251201;
export const DEMO_ACCOUNTS = 2000;

/** Options of generateDemo. */
export interface DemoOptions {
	seed?: number;
	accounts?: number;
}

/** Fixed, so the stored demo is identical on every machine. */
export const DEMO_CREATED_AT = '2026-11-30T00:00:00.000Z';

const SEGMENT_SHARES = [0.6, 0.28, 0.12];
const YES_NO = ['No', 'Yes'];

interface DemoAccount extends AccountHistory {
	id: string;
	name: string;
	segment: number;
	owner: number;
}

/** The CSMs. Enterprise books go to the first three; each CSM nudges account health a little (±0.15). */
const OWNERS = [
	'Maya Chen', 'Daniel Okafor', 'Sofia Lindqvist', 'Arjun Mehta', 'Lucía Romero',
	'Tom Becker', 'Hana Sato', 'Grace Mwangi', 'Oliver Grant'
];
const OWNER_EFFECTS = [0.1, -0.05, 0.15, 0, -0.15, 0.05, -0.1, 0.1, 0];
const OWNERS_BY_SEGMENT: readonly number[][] = [[3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7, 8], [0, 1, 2]];

const NAME_HEADS = [
	'Acme', 'Apex', 'Arbor', 'Aster', 'Atlas', 'Beacon', 'Birch', 'Blue Harbor', 'Bright', 'Cedar', 'Cobalt',
	'Copper', 'Crescent', 'Delta', 'Ember', 'Evergreen', 'Falcon', 'Fjord', 'Granite', 'Harbor', 'Helix',
	'Horizon', 'Ironwood', 'Juniper', 'Keystone', 'Lumen', 'Maple', 'Meridian', 'Nimbus', 'North Star',
	'Northwind', 'Oak', 'Orbit', 'Pacific', 'Pinnacle', 'Polaris', 'Prairie', 'Quarry', 'Redwood', 'Ridge',
	'River', 'Sable', 'Sierra', 'Silver', 'Solstice', 'Summit', 'Tidal', 'Trident', 'Vertex', 'Willow'
];
const NAME_TRADES = [
	'Analytics', 'Biotech', 'Builders', 'Capital', 'Cloud', 'Consulting', 'Data', 'Design', 'Dynamics',
	'Energy', 'Foods', 'Freight', 'Health', 'Insurance', 'Labs', 'Learning', 'Legal', 'Logistics', 'Media',
	'Medical', 'Mobility', 'Networks', 'Outdoor', 'Pharma', 'Realty', 'Retail', 'Robotics', 'Security',
	'Software', 'Solar', 'Studios', 'Supply', 'Systems', 'Telecom', 'Textiles', 'Travel', 'Ventures', 'Water'
];
const NAME_FORMS = ['', '', '', ' Inc.', ' LLC', ' Group', ' Co.', ' Ltd', ' GmbH', ' Partners'];

/** Generates the demo portfolio: one row per (account, monthly snapshot), sorted by snapshot then account. */
export function generateDemo(options: DemoOptions = {}): Dataset {
	const seed = assertSeed(options.seed ?? DEMO_SEED);
	const n = options.accounts ?? DEMO_ACCOUNTS;
	if (!(Number.isInteger(n) && n >= 1 && n <= 100_000)) throw new Error(`invalid accounts; not an integer in [1, 100000]: ${n}`);

	// Separate streams: each account's numbers depend only on the seed and its index, so 100 accounts are
	// the first 100 of the 2,000, and the names never shift the metrics.
	const setup = new Random(deriveSeed(seed, 'accounts'));
	const accounts: DemoAccount[] = [];
	const values = allocateMonthly(n);
	const names = companyNames(new Random(deriveSeed(seed, 'names')), n);
	for (let a = 0; a < n; a++) {
		const segment = setup.weighted([0, 1, 2], SEGMENT_SHARES);
		const owner = setup.pick(OWNERS_BY_SEGMENT[segment]);
		const history = simulateAccount(new Random(deriveSeed(seed, a)), segment, OWNER_EFFECTS[owner], values, a);
		accounts.push({ id: `ACC-${String(a + 1).padStart(4, '0')}`, name: names[a], segment, owner, ...history });
	}
	const table = assembleTable(accounts, values);
	return {
		meta: {
			id: 'demo',
			name: 'Demo portfolio',
			source: 'demo',
			createdAt: DEMO_CREATED_AT,
			rowCount: table.rowCount,
			columns: describeColumns(table),
			roles: {
				id: 'account_id', name: 'account_name', segment: 'segment', owner: 'owner', arr: 'arr',
				asOf: 'as_of', outcome: 'churned', churnDate: 'churn_date'
			},
			snapshots: [...DEMO_SNAPSHOTS],
			currency: 'USD'
		},
		table
	};
}

/** Unique "Head Trade[ Form]" names; after too many collisions a number keeps them unique at any count. */
function companyNames(rng: Random, n: number): string[] {
	const seen = new Set<string>();
	const out: string[] = [];
	while (out.length < n) {
		let name = `${rng.pick(NAME_HEADS)} ${rng.pick(NAME_TRADES)}${rng.pick(NAME_FORMS)}`;
		for (let tries = 0; seen.has(name) && tries < 20; tries++) {
			name = `${rng.pick(NAME_HEADS)} ${rng.pick(NAME_TRADES)}${rng.pick(NAME_FORMS)}`;
		}
		for (let k = 2; seen.has(name); k++) name = `${name.replace(/ \d+$/, '')} ${k}`;
		seen.add(name);
		out.push(name);
	}
	return out;
}

/** Long format, snapshot-major: row r is account rowAccount[r] at snapshot rowMonth[r]. */
function assembleTable(accounts: DemoAccount[], values: MonthlyValues): Table {
	const months = DEMO_SNAPSHOTS.length;
	let rowCount = 0;
	for (const acc of accounts) rowCount += acc.months;
	const rowAccount = new Int32Array(rowCount);
	const rowMonth = new Int32Array(rowCount);
	for (let m = 0, r = 0; m < months; m++) {
		for (let a = 0; a < accounts.length; a++) {
			if (m >= accounts[a].months) continue;
			rowAccount[r] = a;
			rowMonth[r++] = m;
		}
	}
	const perAccount = <T>(f: (acc: DemoAccount) => T): T[] => Array.from(rowAccount, (a) => f(accounts[a]));
	const category = (levels: readonly string[], code: (r: number) => number): Column => {
		const codes = new Int32Array(rowCount);
		for (let r = 0; r < rowCount; r++) codes[r] = code(r);
		return { kind: 'category', codes, levels: [...levels] };
	};
	const monthly = (k: DemoMonthly): Column => {
		const src = values[k];
		const out = new Float64Array(rowCount);
		for (let r = 0; r < rowCount; r++) out[r] = src[rowAccount[r] * months + rowMonth[r]];
		return { kind: 'number', values: out };
	};
	const columns: Record<string, Column> = {
		account_id: { kind: 'text', values: perAccount((acc) => acc.id) },
		account_name: { kind: 'text', values: perAccount((acc) => acc.name) },
		segment: category(DEMO_SEGMENTS, (r) => accounts[rowAccount[r]].segment),
		owner: category(OWNERS, (r) => accounts[rowAccount[r]].owner),
		arr: monthly('arr'),
		as_of: category(DEMO_SNAPSHOTS, (r) => rowMonth[r])
	};
	for (const k of DEMO_MONTHLY) if (k !== 'arr' && k !== 'exec_sponsor') columns[k] = monthly(k);
	const sponsor = values.exec_sponsor;
	columns.exec_sponsor = category(YES_NO, (r) => sponsor[rowAccount[r] * months + rowMonth[r]]);
	columns.churned = category(YES_NO, (r) => (accounts[rowAccount[r]].churnDate === null ? 0 : 1));
	columns.churn_date = { kind: 'text', values: perAccount((acc) => acc.churnDate) };
	return { rowCount, columns };
}

/**
 * The default scorecard of the demo: a CS team's reasonable first guess, deliberately not the true churn
 * model (it weights CSAT and contract growth, which do not drive churn, and under-weights NPS), so weight
 * learning has something to suggest. Bounds are the demo's 5th / 95th percentiles rounded to nice numbers,
 * written out so the scorecard does not depend on the data it scores.
 */
export function demoScorecard(): Scorecard {
	const linear = (worst: number, best: number): Normalization => ({ kind: 'linear', worst, best });
	const metric = (id: string, column: string, label: string, weight: number, normalization: Normalization): Metric => ({
		id, column, label, weight, normalization, missing: { kind: 'skip' }
	});
	return {
		id: 'demo',
		name: 'Demo health score',
		metrics: [
			metric('usage', 'seat_utilization', 'Product usage', 20, linear(40, 90)),
			metric('adoption', 'feature_adoption', 'Feature adoption', 15, linear(10, 80)),
			// Some tickets mean the product is in real use; none means nobody cares enough to ask, many mean trouble.
			metric('support', 'support_tickets', 'Support tickets', 5, { kind: 'target', zeroBelow: -1, lo: 1, hi: 4, zeroAbove: 8 }),
			metric('payment', 'days_paid_late', 'Payment history', 10, linear(25, 0)),
			metric('webinars', 'webinar_attendance', 'Webinar engagement', 5, linear(0, 5)),
			metric('community', 'community_posts', 'Community engagement', 5, linear(0, 7)),
			// Detractors 0–6, passives 7–8, promoters 9–10; no answer is skipped, not punished.
			metric('nps', 'nps', 'NPS', 10, {
				kind: 'thresholds',
				ranges: [
					{ from: null, to: 7, points: 0 },
					{ from: 7, to: 9, points: 50 },
					{ from: 9, to: null, points: 100 }
				]
			}),
			metric('csat', 'csat', 'CSAT', 10, linear(60, 95)),
			metric('growth', 'contract_growth_pct', 'Contract growth', 10, linear(-15, 20)),
			metric('sponsor', 'exec_sponsor', 'Executive sponsor', 10, { kind: 'category', points: { No: 0, Yes: 100 }, otherPoints: null })
		],
		bands: defaultBands()
	};
}
