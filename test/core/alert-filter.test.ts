/** The Alerts page's list logic on a hand-made set of alerts whose expected matches are worked out by hand below. */
import { describe, expect, it } from 'vitest';
import { CHURNED, LEAVING, type ChurnOf } from '../../src/lib/core/churned';
import {
	alertChoices,
	alertState,
	bandChoices,
	bandKey,
	countBySnapshot,
	countOpen,
	countStates,
	DEFAULT_ALERT_FILTER,
	filterAlerts,
	groupBySnapshot,
	ofChurned,
	toAcknowledge,
	type AlertCustomer,
	type AlertFilter,
	type ListedAlert
} from '../../src/lib/core/alert-filter';

const DROP = 'Score dropped by at least 10 points', RISK = 'Entered At risk';
const at = (id: string, customerId: string, snapshot: string, ruleId: 'drop' | 'band', state: 'open' | 'past' | 'ack'): ListedAlert => ({
	id, customerId, snapshot, ruleId, rule: ruleId === 'drop' ? DROP : RISK,
	acknowledgedAt: state === 'ack' ? '2026-03-02T10:00:00.000Z' : null,
	...(state === 'past' ? { past: true as const } : {})
});

/** Newest snapshot first, as stored alerts are listed. */
const ALERTS = [
	at('a1', 'ACC-1', '2026-03-01', 'drop', 'open'),
	at('a2', 'ACC-1', '2026-03-01', 'band', 'open'),
	at('a3', 'ACC-2', '2026-03-01', 'drop', 'ack'),
	at('a4', 'ACC-3', '2026-03-01', 'band', 'open'),
	at('a5', 'ACC-2', '2026-02-01', 'drop', 'past'),
	at('a6', 'ACC-4', '2026-02-01', 'band', 'past'),
	at('a7', 'acc-10', '2026-02-01', 'drop', 'ack')
];

/** Now: ACC-1 At risk, ACC-2 Healthy, ACC-3 no score, ACC-4 churned (not in the latest snapshot), acc-10 unknown. */
const CUSTOMERS = new Map<string, AlertCustomer>([
	['ACC-1', { name: 'Apex Energy', inLatest: true, band: 'At risk' }],
	['ACC-2', { name: 'Beacon Media', inLatest: true, band: 'Healthy' }],
	['ACC-3', { name: 'Cedar Apex Labs', inLatest: true, band: null }],
	['ACC-4', { name: 'Delta Freight', inLatest: false, band: null }]
]);

const ids = (filter: Partial<AlertFilter>) => filterAlerts(ALERTS, { ...DEFAULT_ALERT_FILTER, openOnly: false, ...filter }, CUSTOMERS).map((a) => a.id);

describe('alert list filters', () => {
	it('tells open, past and acknowledged apart; an acknowledged past alert is acknowledged', () => {
		expect(ALERTS.map(alertState)).toEqual(['open', 'open', 'acknowledged', 'open', 'past', 'past', 'acknowledged']);
		expect(alertState({ ...ALERTS[4], acknowledgedAt: '2026-03-03T00:00:00.000Z' })).toBe('acknowledged');
		expect(countStates(ALERTS)).toEqual({ open: 3, past: 2, acknowledged: 2 });
	});

	it('narrows by each filter on its own', () => {
		expect(ids({})).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']);
		expect(ids({ openOnly: true })).toEqual(['a1', 'a2', 'a4']);
		expect(ids({ ruleId: 'band' })).toEqual(['a2', 'a4', 'a6']);
		expect(ids({ snapshot: '2026-02-01' })).toEqual(['a5', 'a6', 'a7']);
		expect(ids({ band: 'band:At risk' })).toEqual(['a1', 'a2']);
		expect(ids({ band: 'band:Healthy' })).toEqual(['a3', 'a5']);
		expect(ids({ band: 'none' })).toEqual(['a4']);
		// Churned, and a customer the history no longer has at all.
		expect(ids({ band: 'gone' })).toEqual(['a6', 'a7']);
	});

	it('searches the ID and the name, in any case, ignoring spaces around', () => {
		// "apex" is in ACC-1's name and ACC-3's; "acc-1" is in ACC-1 and acc-10.
		expect(ids({ text: '  APEX ' })).toEqual(['a1', 'a2', 'a4']);
		expect(ids({ text: 'acc-1' })).toEqual(['a1', 'a2', 'a7']);
		expect(ids({ text: 'delta' })).toEqual(['a6']);
		expect(ids({ text: 'nobody' })).toEqual([]);
	});

	it('combines every filter: all must match', () => {
		expect(ids({ openOnly: true, ruleId: 'drop' })).toEqual(['a1']);
		expect(ids({ ruleId: 'drop', snapshot: '2026-02-01' })).toEqual(['a5', 'a7']);
		expect(ids({ ruleId: 'drop', snapshot: '2026-02-01', band: 'band:Healthy' })).toEqual(['a5']);
		expect(ids({ openOnly: true, text: 'apex', band: 'none' })).toEqual(['a4']);
		expect(ids({ openOnly: true, snapshot: '2026-02-01' })).toEqual([]);
	});

	it('keys a band so no label can pass for "no score" or "gone"', () => {
		expect(bandKey(CUSTOMERS.get('ACC-1'))).toBe('band:At risk');
		expect(bandKey(CUSTOMERS.get('ACC-3'))).toBe('none');
		expect(bandKey(CUSTOMERS.get('ACC-4'))).toBe('gone');
		expect(bandKey(undefined)).toBe('gone');
		expect(bandKey({ name: '', inLatest: true, band: 'none' })).toBe('band:none');
	});
});

describe('alert list choices, groups and the bulk set', () => {
	it('offers the rules the alerts have by their words, and their snapshots newest first', () => {
		const choices = alertChoices(ALERTS);
		expect(choices.rules).toEqual([{ value: 'band', label: RISK }, { value: 'drop', label: DROP }]);
		expect(choices.snapshots.map((s) => s.value)).toEqual(['2026-03-01', '2026-02-01']);
		expect(alertChoices([])).toEqual({ rules: [], snapshots: [] });
	});

	it('offers the scorecard’s bands in order, any other band a customer of the alerts is in now, then no score and gone', () => {
		const segment = new Map([...CUSTOMERS, ['ACC-9', { name: '', inLatest: true, band: 'Watch' }], ['ACC-8', { name: '', inLatest: true, band: 'Quiet' }], ['ACC-7', { name: '', inLatest: false, band: 'Gone band' }]]);
		// ACC-8 has no alert: no alert could match its band. ACC-7's band is not now.
		const alerts = [...ALERTS, at('a8', 'ACC-9', '2026-03-01', 'band', 'open'), at('a9', 'ACC-7', '2026-02-01', 'band', 'past')];
		expect(bandChoices(['At risk', 'Needs attention', 'Healthy'], alerts, segment, 'No score').map((c) => c.label)).toEqual([
			'At risk', 'Needs attention', 'Healthy', 'Watch', 'No score', 'Not in the latest snapshot'
		]);
	});

	it('acknowledges in bulk only what is not acknowledged yet: open and past', () => {
		expect(toAcknowledge(ALERTS)).toEqual(['a1', 'a2', 'a4', 'a5', 'a6']);
		expect(toAcknowledge(filterAlerts(ALERTS, { ...DEFAULT_ALERT_FILTER, openOnly: false, text: 'beacon' }, CUSTOMERS))).toEqual(['a5']);
	});

	it('groups runs of a snapshot and counts each snapshot by state', () => {
		expect(groupBySnapshot(ALERTS.slice(2, 6)).map((g) => [g.snapshot, g.alerts.map((a) => a.id)])).toEqual([
			['2026-03-01', ['a3', 'a4']],
			['2026-02-01', ['a5', 'a6']]
		]);
		expect(Object.fromEntries(countBySnapshot(ALERTS))).toEqual({
			'2026-03-01': { open: 3, past: 0, acknowledged: 1 },
			'2026-02-01': { open: 0, past: 2, acknowledged: 1 }
		});
	});
});

describe('alerts of customers who already churned', () => {
	/** Now: ACC-1 already churned (its open a1, a2 go), ACC-3 leaving on a date to come (a4 stays), ACC-4 churned on a date. */
	const CHURN = new Map<string, ChurnOf>([
		['ACC-1', { state: CHURNED, churnDate: null }],
		['ACC-3', { state: LEAVING, churnDate: '2026-04-15' }],
		['ACC-4', { state: CHURNED, churnDate: '2026-02-20' }]
	]);
	const listed = (filter: Partial<AlertFilter>, churn: Map<string, ChurnOf> | null = CHURN) =>
		filterAlerts(ALERTS, { ...DEFAULT_ALERT_FILTER, openOnly: false, ...filter }, CUSTOMERS, churn).map((a) => a.id);

	it('are left out by default, whatever their state; a customer leaving stays listed', () => {
		expect(DEFAULT_ALERT_FILTER.churned).toBe(false);
		expect(listed({})).toEqual(['a3', 'a4', 'a5', 'a7']);
		expect(listed({ openOnly: true })).toEqual(['a4']);
		expect(ALERTS.filter((a) => ofChurned(a, CHURN)).map((a) => a.id)).toEqual(['a1', 'a2', 'a6']);
	});

	it('are listed again when asked for, with every other filter still applied', () => {
		expect(listed({ churned: true })).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']);
		expect(listed({ churned: true, openOnly: true, ruleId: 'band' })).toEqual(['a2', 'a4']);
		expect(listed({ churned: true, band: 'gone' })).toEqual(['a6', 'a7']);
		expect(listed({ band: 'gone' })).toEqual(['a7']);
	});

	it('are not counted open: the navigation counts what the page lists by default', () => {
		expect(countOpen(ALERTS, CHURN)).toBe(1);
		expect(countOpen(ALERTS, CHURN)).toBe(listed({ openOnly: true }).length);
		// Acknowledging in bulk takes the listed only.
		expect(toAcknowledge(filterAlerts(ALERTS, { ...DEFAULT_ALERT_FILTER, openOnly: false }, CUSTOMERS, CHURN))).toEqual(['a4', 'a5']);
	});

	it('change nothing when the data records no churn', () => {
		expect(listed({}, null)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']);
		expect(countOpen(ALERTS, null)).toBe(3);
		expect(countOpen(ALERTS, undefined)).toBe(3);
	});
});
