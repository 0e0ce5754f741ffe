/**
 * Bulk acknowledgement and its undo on fake-indexeddb: one transaction each, all or nothing, including a storage
 * failure in the middle of the writes (after a first batch of records was written).
 */
import { describe, expect, it } from 'vitest';
import type { Middleware, DBCore } from 'dexie';
import { acknowledgeAlerts, listAlerts, undoAcknowledgement, updateAlert } from '../../src/lib/db/alerts';
import type { AlertRecord, CheckupDatabase } from '../../src/lib/db/schema';
import { testDatabase } from './helpers';

const alert = (k: number, state: Partial<AlertRecord> = {}): AlertRecord => ({
	id: JSON.stringify(['default-drop', `ACC-${k}`, '2026-11-01']), ruleId: 'default-drop', customerId: `ACC-${k}`, snapshot: '2026-11-01',
	previousSnapshot: '2026-10-01', rule: 'Score dropped by at least 10 points', message: 'Score fell 12.0 points, from 60.0 to 48.0',
	from: 60, to: 48, score: 48, createdAt: '2026-11-02T08:00:00.000Z', acknowledgedAt: null, note: '', schemaVersion: 1, ...state
});

/** 1,200 alerts (more than one batch of writes): open, open again with a note kept, past, and acknowledged with a note. */
function seed(): AlertRecord[] {
	return Array.from({ length: 1200 }, (_, k) =>
		k % 4 === 1 ? alert(k, { note: 'Reopened: renewal at risk' })
		: k % 4 === 2 ? alert(k, { past: true })
		: k % 4 === 3 ? alert(k, { acknowledgedAt: '2026-11-03T09:00:00.000Z', note: 'Called the sponsor' })
		: alert(k)
	);
}

const byId = (records: AlertRecord[]) => [...records].sort((a, b) => (a.id < b.id ? -1 : 1));

/** Every put of alerts after the first `ok` fails, as a full disk or a crashed backend would fail it. */
function failPutsAfter(db: CheckupDatabase, ok: number): { puts: number } {
	const seen = { puts: 0 };
	const middleware: Middleware<DBCore> = {
		stack: 'dbcore',
		name: 'fail-puts',
		create: (down) => ({
			...down,
			table: (name) => {
				const table = down.table(name);
				if (name !== 'alerts') return table;
				return {
					...table,
					mutate: (req) => {
						if (req.type === 'put' && ++seen.puts > ok) return Promise.reject(new Error('simulated failure: the disk is full'));
						return table.mutate(req);
					}
				};
			}
		})
	};
	db.use(middleware);
	return seen;
}

describe('bulk acknowledgement', () => {
	it('acknowledges every alert not acknowledged yet with one note; undo restores each exactly', async () => {
		const { db } = testDatabase('bulk-ack');
		const before = seed();
		await db.alerts.bulkAdd(before);
		const bulk = await acknowledgeAlerts(db, before.map((a) => a.id), 'Reviewed at rollout', '2026-11-24T10:00:00.000Z');
		// 900 were open or past; the 300 acknowledged keep their time and note.
		expect(bulk.before).toHaveLength(900);
		const after = byId(await listAlerts(db));
		expect(after.filter((a) => a.acknowledgedAt === '2026-11-24T10:00:00.000Z' && a.note === 'Reviewed at rollout')).toHaveLength(900);
		expect(after.filter((a) => a.acknowledgedAt === '2026-11-03T09:00:00.000Z' && a.note === 'Called the sponsor')).toHaveLength(300);
		// Past stays past underneath: undone, it is past again, not open.
		expect(after.filter((a) => a.past)).toHaveLength(300);

		expect(await undoAcknowledgement(db, bulk)).toBe(900);
		expect(byId(await listAlerts(db))).toEqual(byId(before));
	});

	it('changes nothing when an alert is no longer stored, and says so', async () => {
		const { db } = testDatabase('bulk-missing');
		const before = seed().slice(0, 4);
		await db.alerts.bulkAdd(before);
		await expect(acknowledgeAlerts(db, [...before.map((a) => a.id), 'gone'], '')).rejects.toThrow(
			'Could not acknowledge 5 alerts: 1 of them is no longer stored: the alerts changed since they were listed'
		);
		expect(byId(await listAlerts(db))).toEqual(byId(before));
	});

	it('leaves every alert as it was when the storage fails after the first batch is written', async () => {
		const { db, reopen } = testDatabase('bulk-fail');
		const before = seed();
		await db.alerts.bulkAdd(before);
		const failing = reopen();
		const seen = failPutsAfter(failing, 1);
		await expect(acknowledgeAlerts(failing, before.map((a) => a.id), 'Reviewed')).rejects.toThrow(
			'Could not acknowledge 1,200 alerts: simulated failure: the disk is full'
		);
		// The first batch went down to IndexedDB, the second failed: the transaction rolled the first back.
		expect(seen.puts).toBe(2);
		expect(byId(await listAlerts(reopen()))).toEqual(byId(before));
	});

	it('undo is all or nothing too: a failure mid-way, or an alert changed since, leaves them acknowledged', async () => {
		const { db, reopen } = testDatabase('bulk-undo-fail');
		const before = seed();
		await db.alerts.bulkAdd(before);
		const bulk = await acknowledgeAlerts(db, before.map((a) => a.id), 'Reviewed', '2026-11-24T10:00:00.000Z');
		const acknowledged = byId(await listAlerts(db));

		const failing = reopen();
		const seen = failPutsAfter(failing, 1);
		await expect(undoAcknowledgement(failing, bulk)).rejects.toThrow('Could not undo acknowledging 900 alerts: simulated failure: the disk is full');
		expect(seen.puts).toBe(2);
		expect(byId(await listAlerts(reopen()))).toEqual(acknowledged);

		// One of them reopened meanwhile (another tab): undoing the rest would mix two histories, so nothing is undone.
		await updateAlert(db, bulk.before[0].id, { acknowledged: false, note: 'Not yet' });
		const now = byId(await listAlerts(db));
		await expect(undoAcknowledgement(db, bulk)).rejects.toThrow('Could not undo acknowledging 900 alerts: 1 of them was changed or removed since');
		expect(byId(await listAlerts(db))).toEqual(now);
	});

	it('a past alert reopened after being acknowledged is open: to act on now', async () => {
		const { db } = testDatabase('bulk-reopen-past');
		const past = alert(1, { past: true });
		await db.alerts.add(past);
		await updateAlert(db, past.id, { acknowledged: true, note: 'Seen' });
		expect((await listAlerts(db))[0].past).toBe(true);
		const reopened = await updateAlert(db, past.id, { acknowledged: false, note: 'Seen' });
		expect([reopened.acknowledgedAt, reopened.past, 'past' in (await listAlerts(db))[0]]).toEqual([null, undefined, false]);
	});
});
