// The Data page's profiles and account count come from a worker, one column per message; here the worker's
// own function answers in node, and the results must equal profiling on the spot.
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/lib/core/demo';
import { profileColumn } from '../../src/lib/core/profile';
import { PackedTexts, textArray } from '../../src/lib/core/text-values';
import type { Table } from '../../src/lib/core/table';
import { ColumnProfiles, type ProfileWorker } from '../../src/lib/state/column-profiles.svelte';
import { answer, countAccounts, type FromProfileWorker, type ToProfileWorker } from '../../src/lib/workers/profile-protocol';

/** A worker that answers with the real worker's function, after a structured clone each way. */
function fakeWorker(log: ToProfileWorker[] = [], fail?: (m: ToProfileWorker) => boolean): ProfileWorker {
	const worker: ProfileWorker = {
		onmessage: null,
		onerror: null,
		postMessage(message) {
			const copy = structuredClone(message);
			log.push(copy);
			queueMicrotask(() => {
				if (fail?.(copy)) worker.onerror?.({ message: 'worker crashed', preventDefault() {} } as ErrorEvent);
				else worker.onmessage?.({ data: structuredClone(answer(copy)) } as MessageEvent<FromProfileWorker>);
			});
		},
		terminate() {}
	};
	return worker;
}

const demo = generateDemo();

async function settle(): Promise<void> {
	for (let i = 0; i < 200; i++) await Promise.resolve();
	flushSync();
}

describe('ColumnProfiles', () => {
	it('gives each column the profile made on the spot, in the dataset’s column order, one column per message', async () => {
		const log: ToProfileWorker[] = [];
		const profiles = new ColumnProfiles(() => fakeWorker(log));
		await profiles.profile(demo.meta, demo.table);
		expect(profiles.status).toBe('done');
		expect(profiles.rows.map((r) => r.name)).toEqual(demo.meta.columns.map((c) => c.name));
		for (const { name, profile } of profiles.rows) expect(profile).toEqual(profileColumn(demo.table.columns[name]));
		expect(log.filter((m) => m.type === 'profile')).toHaveLength(demo.meta.columns.length);
		// The same table again: nothing is asked.
		await profiles.profile(demo.meta, demo.table);
		expect(log).toHaveLength(demo.meta.columns.length);
	});

	it('profiles packed text as it profiles the same cells in an array', async () => {
		const cells = ['a', null, 'b', 'a', '', null];
		const table: Table = { rowCount: cells.length, columns: { t: { kind: 'text', values: PackedTexts.of(cells) } } };
		const profiles = new ColumnProfiles(() => fakeWorker());
		await profiles.profile({ ...demo.meta, rowCount: cells.length, columns: [{ name: 't', kind: 'text' }] }, table);
		expect(profiles.rows[0].profile).toEqual(profileColumn({ kind: 'text', values: cells }));
		expect(profiles.rows[0].profile).toEqual({ kind: 'text', rows: 6, missing: 2, distinct: 3 });
	});

	it('counts accounts and churned accounts as a plain loop over the rows does', async () => {
		const profiles = new ColumnProfiles(() => fakeWorker());
		await profiles.count(demo.meta, demo.table);
		const ids = demo.table.columns[demo.meta.roles.id];
		const outcome = demo.table.columns[demo.meta.roles.outcome!];
		if (ids.kind !== 'text' || outcome.kind !== 'category') throw new Error('demo columns');
		const idList = textArray(ids.values);
		const all = new Set(idList);
		const gone = new Set(idList.filter((_, i) => outcome.levels[outcome.codes[i]] === 'Yes'));
		expect(profiles.accounts).toEqual({ table: demo.table, accounts: all.size, churned: gone.size });
		expect(all.size).toBeGreaterThan(0);
		expect(gone.size).toBeGreaterThan(0);
		expect(countAccounts(PackedTexts.of(['x', 'y', 'x', null]), Int32Array.of(1, 0, 0, 1), 1)).toEqual({ accounts: 3, churned: 2 });
		expect(() => countAccounts(['x'], Int32Array.of(1, 0), 1)).toThrow(/1 IDs for 2 outcomes/);
	});

	it('drops the answers for a table replaced while it was profiled', async () => {
		const profiles = new ColumnProfiles(() => fakeWorker());
		const other: Table = { rowCount: 2, columns: { n: { kind: 'number', values: Float64Array.of(1, 2) } } };
		const first = profiles.profile(demo.meta, demo.table);
		const second = profiles.profile({ ...demo.meta, rowCount: 2, columns: [{ name: 'n', kind: 'number' }] }, other);
		await Promise.all([first, second]);
		expect(profiles.rows.map((r) => r.name)).toEqual(['n']);
		expect(profiles.status).toBe('done');
	});

	it('says so when the worker fails, keeps nothing half done, and tries again when asked again', async () => {
		let crash = true;
		const profiles = new ColumnProfiles(() => fakeWorker([], (m) => crash && m.type === 'profile'));
		await profiles.profile(demo.meta, demo.table);
		await settle();
		expect(profiles.status).toBe('failed');
		expect(profiles.error).toMatch(/could not profile the columns: worker crashed/);
		crash = false;
		await profiles.profile(demo.meta, demo.table);
		expect(profiles.status).toBe('done');
		expect(profiles.error).toBeNull();
		expect(profiles.rows).toHaveLength(demo.meta.columns.length);
	});
});
