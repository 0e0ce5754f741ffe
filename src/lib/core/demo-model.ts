/**
 * The true model behind the demo portfolio: how one account's monthly metrics are drawn, and the known
 * logistic model that decides which accounts churn. Kept apart from the table assembly in demo.ts so the
 * mechanism that later work (weight learning, backtests) must recover reads in one place.
 */
import type { Random } from './random';

/** The twelve monthly snapshot dates of the demo, ascending. Fixed, not relative to today, so the demo never changes. */
export const DEMO_SNAPSHOTS: readonly string[] = Object.freeze([
	'2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01',
	'2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01'
]);

export const DEMO_SEGMENTS = ['SMB', 'Mid-market', 'Enterprise'] as const;

/** The metrics that change month to month, in table order; exec_sponsor is the 0/1 indicator here. */
export const DEMO_MONTHLY = [
	'arr', 'licensed_seats', 'active_users', 'seat_utilization', 'logins_per_user', 'feature_adoption',
	'support_tickets', 'days_paid_late', 'webinar_attendance', 'community_posts', 'nps', 'csat',
	'contract_growth_pct', 'exec_sponsor'
] as const;
export type DemoMonthly = (typeof DEMO_MONTHLY)[number];

/** The metrics that enter the true churn model, strongest first. */
export const DEMO_FEATURES = [
	'seat_utilization', 'feature_adoption', 'nps', 'days_paid_late', 'exec_sponsor', 'support_tickets'
] as const;
export type DemoFeature = (typeof DEMO_FEATURES)[number];

/** A logistic churn model on standardized metrics. */
export interface TrueChurnModel {
	intercept: number;
	/** Log-odds per standard deviation of the metric. */
	coefficients: Record<DemoFeature, number>;
	standardization: Record<DemoFeature, { mean: number; sd: number }>;
	/** Days from the decision snapshot to the first possible churn date. */
	horizonDays: number;
	/** Decisions are drawn on this many first snapshots only, so every churn date falls inside the observed year. */
	decisionSnapshots: number;
}

/**
 * THE TRUE MODEL. Each month m of the first 9 snapshots, an account that has not yet decided to leave decides
 * to, with probability
 *
 *     p = sigmoid(intercept + Σ_k coefficients[k] · (x_k(m) − mean_k) / sd_k)
 *
 * where x_k(m) is the value written in its row of snapshot m (exec_sponsor as 0 = No, 1 = Yes) and a missing
 * NPS (no survey answer) contributes 0, i.e. counts as the mean. The churn date is the decision snapshot plus
 * 90 + d days, d uniform in 0…27, so the latest snapshot at least 90 days before a churn date is exactly the
 * decision snapshot (d < 28 keeps it inside that month). Between decision and churn date the account's
 * health slides, as real leavers' does; the model speaks of the decision snapshot only. Accounts that never
 * decide are retained. The means and sds are the demo population's over active account-months of the first
 * 9 snapshots (default seed), rounded; any fixed values would do, they only set the units of the coefficients.
 *
 * Signs follow the business story. The magnitudes are larger and further apart than a real portfolio's
 * (1.8 > 1.4 > 1.05 > 0.75 > 0.45 > 0.2) on purpose: with 2,000 accounts and ~350 churners, a fit on one row
 * per account has standard errors of 0.07–0.15, and these gaps let it recover the ranking for most seeds
 * (171 of 180 tried), which is what later weight learning is checked against. The intercept gives ~17.5%
 * churn a year (an average monthly decision rate near 2%).
 */
export const DEMO_TRUE_MODEL: TrueChurnModel = frozen({
	intercept: -6.9,
	coefficients: {
		seat_utilization: -1.8,
		feature_adoption: -1.4,
		nps: -1.05,
		days_paid_late: 0.75,
		exec_sponsor: -0.45,
		support_tickets: 0.2
	},
	standardization: {
		seat_utilization: { mean: 69, sd: 16 },
		feature_adoption: { mean: 47, sd: 21.5 },
		nps: { mean: 7.5, sd: 2 },
		days_paid_late: { mean: 4.5, sd: 8.4 },
		exec_sponsor: { mean: 0.37, sd: 0.48 },
		support_tickets: { mean: 3.1, sd: 2.4 }
	},
	horizonDays: 90,
	decisionSnapshots: 9
});

// Later code reads the true model as a reference; freezing it keeps anyone from tuning it by accident.
function frozen(model: TrueChurnModel): TrueChurnModel {
	for (const k of DEMO_FEATURES) Object.freeze(model.standardization[k]);
	Object.freeze(model.coefficients);
	Object.freeze(model.standardization);
	return Object.freeze(model);
}

/** The log-odds of deciding to leave, for metric values as written in a row (NaN NPS counts as the mean). */
export function trueChurnLogit(x: Record<DemoFeature, number>, model: TrueChurnModel = DEMO_TRUE_MODEL): number {
	let eta = model.intercept;
	for (const k of DEMO_FEATURES) {
		const { mean, sd } = model.standardization[k];
		if (!Number.isNaN(x[k])) eta += (model.coefficients[k] * (x[k] - mean)) / sd;
	}
	return eta;
}

/** The logistic function 1 / (1 + e^−x). */
export function sigmoid(x: number): number {
	return 1 / (1 + Math.exp(-x));
}

/** An ISO date plus whole days, in UTC so no time zone or daylight saving shifts it. */
export function addDays(isoDate: string, days: number): string {
	const t = Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000;
	return new Date(t).toISOString().slice(0, 10);
}

/**
 * The monthly values of all accounts, account-major: account a's snapshot m sits at a·12 + m (NaN where it
 * has no row or no value). One buffer per metric, because 28,000 small typed arrays cost more than the
 * whole simulation.
 */
export type MonthlyValues = Record<DemoMonthly, Float64Array>;

export function allocateMonthly(accounts: number): MonthlyValues {
	const values = {} as MonthlyValues;
	for (const k of DEMO_MONTHLY) values[k] = new Float64Array(accounts * DEMO_SNAPSHOTS.length).fill(NaN);
	return values;
}

/** One account's simulated fate; its metrics are in the shared MonthlyValues. */
export interface AccountHistory {
	/** Rows it has: the snapshots strictly before its churn date (all 12 when retained). */
	months: number;
	/** The snapshot index where it decided to leave, −1 when retained. */
	decision: number;
	churnDate: string | null;
}

interface SegmentProfile {
	arrMedian: number;
	arrSigma: number;
	seatPrice: number;
	health: number;
	sponsorLogit: number;
}

// Enterprise: bigger contracts, more seats, more often an executive sponsor, slightly healthier.
const SEGMENT_PROFILES: readonly SegmentProfile[] = [
	{ arrMedian: 14_000, arrSigma: 0.55, seatPrice: 420, health: -0.1, sponsorLogit: -1.1 },
	{ arrMedian: 65_000, arrSigma: 0.5, seatPrice: 520, health: 0, sponsorLogit: -0.2 },
	{ arrMedian: 260_000, arrSigma: 0.55, seatPrice: 640, health: 0.15, sponsorLogit: 0.8 }
];

const AR_PHI = 0.75; // month-to-month persistence of the health drift
const DRIFT_SD = 0.5; // stationary sd of the drift around the account's own level
const DECLINE = 0.25; // health lost per month once an account has decided to leave
const KEY_FEATURES = 12;

/** Account-level traits: its own health level and how each metric sits relative to that health. */
interface Traits {
	level: number;
	usage: number;
	adoption: number;
	lateness: number;
	community: number;
	npsBias: number;
	/** The snapshot where its contract renews. */
	renewal: number;
}

/** What the contract says this month. */
interface Contract {
	arr: number;
	seats: number;
	growth: number;
	sponsor: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/**
 * Simulates account `a`'s 12 months into `values` and draws its churn decision. `ownerEffect` shifts its
 * health level.
 */
export function simulateAccount(
	rng: Random, segment: number, ownerEffect: number, values: MonthlyValues, a: number
): AccountHistory {
	const profile = SEGMENT_PROFILES[segment];
	const traits = drawTraits(rng, profile.health + ownerEffect);
	const contract = drawContract(rng, profile, traits.level);
	let drift = rng.normal(0, DRIFT_SD);
	const out: AccountHistory = { months: DEMO_SNAPSHOTS.length, decision: -1, churnDate: null };

	for (let m = 0; m < DEMO_SNAPSHOTS.length; m++) {
		if (m > 0) drift = AR_PHI * drift + rng.normal(0, DRIFT_SD * Math.sqrt(1 - AR_PHI * AR_PHI));
		const health = traits.level + drift - (out.decision >= 0 ? DECLINE * (m - out.decision) : 0);
		// A leaving account does not renew.
		if (m === traits.renewal && out.decision < 0) renew(rng, contract, health);
		if (m > 0) contract.sponsor = nextSponsor(rng, contract.sponsor, health);
		const i = a * DEMO_SNAPSHOTS.length + m;
		drawMonth(rng, values, i, health, traits, contract.seats);
		values.arr[i] = contract.arr;
		values.licensed_seats[i] = contract.seats;
		values.contract_growth_pct[i] = contract.growth;
		values.exec_sponsor[i] = contract.sponsor;

		if (out.decision < 0 && m < DEMO_TRUE_MODEL.decisionSnapshots) {
			if (rng.bernoulli(sigmoid(trueChurnLogit(featuresAt(values, i))))) {
				out.decision = m;
				out.churnDate = addDays(DEMO_SNAPSHOTS[m], DEMO_TRUE_MODEL.horizonDays + rng.int(0, 27));
			}
		}
		if (out.churnDate !== null && (m + 1 === DEMO_SNAPSHOTS.length || DEMO_SNAPSHOTS[m + 1] >= out.churnDate)) {
			out.months = m + 1;
			break;
		}
	}
	return out;
}

function drawTraits(rng: Random, mean: number): Traits {
	return {
		level: rng.normal(mean, 0.6),
		usage: rng.normal(0, 0.6),
		adoption: rng.normal(0, 0.6),
		lateness: rng.normal(0, 0.9),
		community: rng.normal(0, 0.5),
		npsBias: rng.normal(0, 1.2),
		renewal: rng.int(0, 11)
	};
}

// Seats follow what the contract pays for at the segment's price per seat; growth at the last renewal and
// a sponsor are likelier for healthy accounts.
function drawContract(rng: Random, profile: SegmentProfile, level: number): Contract {
	const arr = Math.round(rng.logNormal(Math.log(profile.arrMedian), profile.arrSigma));
	const seats = Math.max(3, Math.round((arr / profile.seatPrice) * rng.logNormal(0, 0.15)));
	const growth = round1(rng.normal(4 + 8 * level, 9));
	const sponsor = rng.bernoulli(sigmoid(profile.sponsorLogit + 0.4 * level)) ? 1 : 0;
	return { arr, seats, growth, sponsor };
}

/** A renewal sets this year's contract growth from current health and resizes ARR and seats by it. */
function renew(rng: Random, contract: Contract, health: number): void {
	contract.growth = round1(clamp(rng.normal(3 + 10 * health, 8), -50, 60));
	contract.arr = Math.round(contract.arr * (1 + contract.growth / 100));
	contract.seats = Math.max(3, Math.round(contract.seats * (1 + contract.growth / 100)));
}

/** The true model's inputs at position i of the monthly values. */
export function featuresAt(values: MonthlyValues, i: number): Record<DemoFeature, number> {
	return {
		seat_utilization: values.seat_utilization[i],
		feature_adoption: values.feature_adoption[i],
		days_paid_late: values.days_paid_late[i],
		nps: values.nps[i],
		exec_sponsor: values.exec_sponsor[i],
		support_tickets: values.support_tickets[i]
	};
}

// Sponsors leave now and then, more often from struggling accounts; a new one is found more rarely.
function nextSponsor(rng: Random, sponsor: number, health: number): number {
	if (sponsor === 1) return rng.bernoulli(health < -0.5 ? 0.05 : 0.015) ? 0 : 1;
	return rng.bernoulli(0.012) ? 1 : 0;
}

/** Draws the usage, support, billing, engagement and survey metrics at position i from the account's health. */
function drawMonth(rng: Random, v: MonthlyValues, i: number, health: number, t: Traits, seats: number): void {
	const active = Math.round(seats * sigmoid(0.9 + 0.6 * health + t.usage + rng.normal(0, 0.25)));
	v.active_users[i] = active;
	v.seat_utilization[i] = round1((100 * active) / seats);
	v.logins_per_user[i] = active === 0 ? 0 : round1(rng.logNormal(Math.log(9) + 0.25 * health, 0.2));
	const used = rng.binomial(KEY_FEATURES, sigmoid(-0.1 + 0.5 * health + t.adoption + rng.normal(0, 0.2)));
	v.feature_adoption[i] = round1((100 * used) / KEY_FEATURES);
	// Tickets grow with the people using the product and with frustration; disengaged accounts file none.
	const tickets = rng.poisson(0.9 * Math.pow(active, 0.3) * rng.logNormal(-0.25 * health, 0.3));
	v.support_tickets[i] = tickets;
	// Paying late is mostly a habit of the customer's finance team, a little worse when the account struggles.
	const late = rng.bernoulli(sigmoid(-1.0 + t.lateness - 0.5 * health));
	v.days_paid_late[i] = late ? round1(Math.min(120, rng.logNormal(Math.log(12) - 0.3 * health, 0.5))) : 0;
	v.webinar_attendance[i] = rng.poisson(0.3 * Math.pow(active, 0.4) * Math.exp(0.4 * health));
	v.community_posts[i] = rng.poisson(0.4 * Math.pow(active, 0.35) * Math.exp(0.5 * health + t.community));
	// About a third skip the NPS survey, unhappy customers a little more often. Now and then a respondent
	// reacts to one bad (or great) week, which gives the scale its zeros.
	const answers = rng.bernoulli(0.67 + 0.06 * Math.tanh(health));
	const mood = rng.normal(0, rng.bernoulli(0.08) ? 3.5 : 1.4);
	v.nps[i] = answers ? Math.round(clamp(7.7 + 0.9 * health + t.npsBias + mood, 0, 10)) : NaN;
	// CSAT comes from ticket surveys: no tickets, no CSAT; and not every ticket survey is answered.
	const csatAnswered = tickets > 0 && rng.bernoulli(0.75);
	v.csat[i] = csatAnswered ? round1(100 * sigmoid(1.5 + 0.6 * health + rng.normal(0, 0.5))) : NaN;
}
