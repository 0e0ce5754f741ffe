/** Manual overrides of one customer's sub-score for one metric: which are in force for which snapshot. */
import { dayNumber, isIsoDate, isoOfDay } from './dates';

/** A sub-score set by hand, with why and until when. Applies to snapshots dated from `from` to `expires`. */
export interface Override {
	id: string;
	customerId: string;
	/** The metric's id in the scorecard (an override follows the metric, whatever its column). */
	metricId: string;
	/** 0–100. */
	subScore: number;
	/** Why: required. */
	comment: string;
	/** The first snapshot date (yyyy-mm-dd) it applies to: the latest snapshot when it was made. */
	from: string;
	/** The last snapshot date (yyyy-mm-dd) it applies to; a later snapshot is scored without it. */
	expires: string;
	/** ISO date-time it was made or last edited. */
	createdAt: string;
}

/** True when the override applies to a snapshot with this as-of date ('' = undated: applies while not expired by `today`). */
export function overrideInForce(o: Override, date: string, today: string): boolean {
	if (date === '') return today <= o.expires;
	return o.from <= date && date <= o.expires;
}

/** How long a new override lasts by default: 90 days. */
export const DEFAULT_OVERRIDE_DAYS = 90;

/** A new override's expiry: DEFAULT_OVERRIDE_DAYS after the latest snapshot or today (yyyy-mm-dd), whichever is later. */
export function defaultExpiry(latestSnapshot: string, today: string): string {
	const base = [latestSnapshot, today].filter(isIsoDate).sort().at(-1) ?? today;
	return isoOfDay(dayNumber(base) + DEFAULT_OVERRIDE_DAYS);
}

/** What is wrong with an override, in words naming the field and value; empty when it is fine. */
export function overrideProblems(o: Override): string[] {
	const problems: string[] = [];
	if (!o.customerId) problems.push('the override names no customer');
	if (!o.metricId) problems.push('the override names no metric');
	if (!(typeof o.subScore === 'number' && Number.isFinite(o.subScore) && o.subScore >= 0 && o.subScore <= 100))
		problems.push(`the sub-score must be a number from 0 to 100, got ${JSON.stringify(o.subScore)}`);
	if (typeof o.comment !== 'string' || o.comment.trim() === '') problems.push('a comment saying why is required');
	if (!isIsoDate(o.from)) problems.push(`the start must be a date as yyyy-mm-dd, got ${JSON.stringify(o.from)}`);
	if (!isIsoDate(o.expires)) problems.push(`the expiry must be a date as yyyy-mm-dd, got ${JSON.stringify(o.expires)}`);
	else if (isIsoDate(o.from) && o.expires < o.from) problems.push(`the expiry ${o.expires} is before the snapshot it starts from (${o.from})`);
	return problems;
}

/** Overrides by customer ID, for lookup while scoring. */
export function overridesByCustomer(overrides: readonly Override[]): Map<string, Override[]> {
	const map = new Map<string, Override[]>();
	for (const o of overrides) {
		const list = map.get(o.customerId);
		if (list) list.push(o);
		else map.set(o.customerId, [o]);
	}
	return map;
}
