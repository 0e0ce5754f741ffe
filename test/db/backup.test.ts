/** Workspace backup and restore on fake-indexeddb: a lossless round trip, and files that must change nothing. */
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { BackupFileError, decodeBackup, encodeBackup, type BackupContents } from '../../src/lib/core/backup-format';
import { BACKUP_NOT_SCORECARD, readScorecardBytes } from '../../src/lib/core/scorecard-file';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { scoreTable } from '../../src/lib/core/score';
import type { CheckupDatabase } from '../../src/lib/db';
import { createBackup, readBackup, restoreBackup } from '../../src/lib/db/backup';
import { BackupSession, indexedDbBackup } from '../../src/lib/state/backup.svelte';
import { StoredNotOpenedError } from '../../src/lib/state/workspace.svelte';
import { indexedDbStore } from '../../src/lib/state/store';
import { Workspace } from '../../src/lib/state/workspace.svelte';
import { describeColumns } from '../../src/lib/core/dataset';
import { encodeCategories } from '../../src/lib/core/table';
import { sampleDataset, testDatabase } from './helpers';

const demo = () => ({ dataset: generateDemo(), scorecard: demoScorecard() });

/** Every table's records, in key order: what "identical" means for a whole database. */
async function dump(db: CheckupDatabase): Promise<Record<string, unknown[]>> {
	const out: Record<string, unknown[]> = {};
	for (const table of db.tables) out[table.name] = await table.toArray();
	return out;
}

/** Records in the tables later issues fill, with values JSON cannot hold, so the round trip must keep them. */
/** History records that read as their tables' listings read them (a restore checks that), carrying odd values besides. */
async function addHistory(db: CheckupDatabase) {
	const set = { default: demoScorecard(), segments: [] };
	await db.table('runs').put({
		id: 'run-1', createdAt: '2026-11-01T10:00:00.000Z', schemaVersion: 1, data: {}, scorecard: demoScorecard(), settings: {}, results: {},
		weights: new Float64Array([0.5, NaN, -0, Infinity]), note: undefined, $odd: { $n: 'not a tag' }
	});
	await db.table('versions').bulkPut([
		{ id: 'v1', scorecardId: 'demo', number: 1, createdAt: '2026-10-01T00:00:00.000Z', note: 'first', appliesFrom: null, set, schemaVersion: 1 },
		{ id: 'v2', scorecardId: 'demo', number: 2, createdAt: '2026-10-02T00:00:00.000Z', note: 'second', appliesFrom: null, set, schemaVersion: 1, when: new Date('2026-10-02T00:00:00Z') }
	]);
	await db.table('overrides').put({ id: 'o1', customerId: 'ACC-0001', metricId: 'usage', subScore: 55, comment: 'call went well', expires: '2026-12-31', schemaVersion: 1 });
	await db.table('alertRules').put({ id: 'r1', kind: 'drop', points: 10, schemaVersion: 1, codes: new Int32Array([1, -1, 3]) });
	await db.table('alerts').put({ id: 'a1', customerId: 'ACC-0002', createdAt: '2026-11-02T00:00:00.000Z', acknowledged: false, schemaVersion: 1, bytes: new Uint8Array([1, 2, 3]) });
}

async function demoWorkspace(name: string) {
	const { db, reopen } = testDatabase(name);
	const ws = new Workspace({ store: indexedDbStore(db), demo, saveDelay: 0 });
	await ws.init();
	ws.scorecard!.metrics[0].weight *= 3;
	ws.scorecard!.bands[1].min = 45;
	flushSync();
	await ws.flush();
	return { db, reopen, ws };
}

async function unpack(blob: Blob): Promise<Uint8Array> {
	return new Uint8Array(await new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
}

async function pack(bytes: Uint8Array): Promise<Blob> {
	return new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
}

describe('workspace backup', { timeout: 60_000 }, () => {
	it('round-trips the demo workspace: backup → wipe → restore gives identical records, scores and history', async () => {
		const { db, reopen, ws } = await demoWorkspace('backup-roundtrip');
		const before = await dump(db);
		const scores = Array.from(ws.scoring.result!.score);
		const bands = Array.from(ws.scoring.result!.band);
		const file = await createBackup(db);
		expect(file.size).toBeGreaterThan(1000);

		// Wipe: every table emptied, as a new browser would be.
		await db.transaction('rw', db.tables, () => Promise.all(db.tables.map((t) => t.clear())));
		expect((await dump(db)).datasets).toEqual([]);

		const plan = await readBackup(db, file);
		expect(plan.summary.imports).toBe(1);
		expect(plan.summary.rows).toBe(before.datasets.reduce((n: number, d) => n + (d as { rowCount: number }).rowCount, 0));
		expect(plan.summary.records).toEqual(Object.fromEntries(Object.entries(before).map(([name, records]) => [name, records.length])));
		await ws.replaceStored(() => restoreBackup(db, plan));

		// toEqual compares typed arrays element by element with Object.is: NaN and -0 must survive.
		expect(await dump(db)).toEqual(before);
		expect(Array.from(ws.scoring.result!.score)).toEqual(scores);
		ws.dispose();
		db.close();

		// A fresh open of the database (a reload) shows the same scores, bands and scorecard edits.
		const again = new Workspace({ store: indexedDbStore(reopen()), demo, saveDelay: 0 });
		await again.init();
		expect(Array.from(again.scoring.result!.score)).toEqual(scores);
		expect(Array.from(again.scoring.result!.band)).toEqual(bands);
		expect(again.scorecard!.bands[1].min).toBe(45);
		// Independent of the state layer: the engine on the restored rows and the restored scorecard.
		const direct = scoreTable(again.view!.table, JSON.parse(JSON.stringify(again.scorecard)));
		expect(Array.from(direct.score)).toEqual(scores);
		again.dispose();
	}, 60_000);

	it('keeps every table’s records exactly, whatever they hold: typed arrays, NaN, -0, Infinity, undefined, dates, $ keys', async () => {
		const { db } = testDatabase('backup-every-table');
		await indexedDbStore(db).replaceWith(sampleDataset(300), demoScorecard());
		await addHistory(db);
		const before = await dump(db);
		for (const table of db.tables) expect(before[table.name].length, table.name).toBeGreaterThan(0);
		const plan = await readBackup(db, await createBackup(db));
		await db.transaction('rw', db.tables, () => Promise.all(db.tables.map((t) => t.clear())));
		await restoreBackup(db, plan);
		const after = await dump(db);
		expect(after).toEqual(before);
		const run = after.runs[0] as { weights: Float64Array; $odd: unknown };
		expect(run.weights).toBeInstanceOf(Float64Array);
		expect(Object.is(run.weights[2], -0)).toBe(true);
		expect(run.$odd).toEqual({ $n: 'not a tag' });
		expect((after.versions.find((v) => (v as { id: string }).id === 'v2') as { when: Date }).when).toEqual(new Date('2026-10-02T00:00:00Z'));
		expect((after.alertRules[0] as { codes: Int32Array }).codes).toBeInstanceOf(Int32Array);
	});

	it('keeps several imports with partial blocks, categories with missing codes and text with nulls', async () => {
		const { db } = testDatabase('backup-blocks');
		await indexedDbStore(db).replaceWith(sampleDataset(25_003, 'd1', 'Big'), demoScorecard());
		await indexedDbStore(db).addDataset(sampleDataset(7, 'd2', 'Small', '2026-02-01T00:00:00.000Z'));
		const before = await dump(db);
		const plan = await readBackup(db, await createBackup(db));
		await db.datasets.clear();
		await restoreBackup(db, plan);
		expect(await dump(db)).toEqual(before);
		expect(plan.summary).toMatchObject({ imports: 2, rows: 25_010, scorecards: 1 });
	});

	it('counts an outcomes file’s rows apart from the customers’ rows, which the Data page lists', async () => {
		const { db } = testDatabase('backup-outcomes-summary');
		await indexedDbStore(db).replaceWith(sampleDataset(300, 'd1', 'March'), demoScorecard());
		await indexedDbStore(db).addDataset(sampleDataset(120, 'd2', 'April', '2026-02-01T00:00:00.000Z'));
		const ids = Array.from({ length: 45 }, (_, i) => `acct-${i}`);
		const table = { rowCount: 45, columns: { account_id: { kind: 'text' as const, values: ids }, churned: encodeCategories(ids.map((_, i) => (i % 4 === 0 ? 'Yes' : 'No'))) } };
		const outcomes = { meta: { id: 'd3', name: 'Outcomes', source: 'file' as const, createdAt: '2026-03-01T00:00:00.000Z', rowCount: 45, columns: describeColumns(table), roles: { id: 'account_id', outcome: 'churned' }, snapshots: [] }, table };
		await indexedDbStore(db).addDataset(outcomes);
		const plan = await readBackup(db, await createBackup(db));
		expect(plan.summary).toMatchObject({ imports: 3, rows: 420, outcomeImports: 1, outcomeRows: 45, scorecards: 1 });
	});
});

describe('a bad backup file changes nothing', { timeout: 60_000 }, () => {
	async function setup(name: string) {
		const { db } = testDatabase(name);
		await indexedDbStore(db).replaceWith(sampleDataset(12_000), demoScorecard());
		await db.settings.bulkPut([{ key: 'mapping:x', value: { a: 1 } }, { key: 'not-a-number', value: NaN }]);
		const contents = await decodeBackup(await createBackup(db));
		return { db, contents, before: await dump(db) };
	}

	/** Tries the file through the session, as the page does; returns the message shown. */
	async function refused(db: CheckupDatabase, file: Blob, before: Record<string, unknown[]>): Promise<string> {
		let restored = false;
		const session = new BackupSession({ ...indexedDbBackup(db), workspace: { replaceStored: async () => void (restored = true) } });
		await session.choose(new File([file], 'bad.checkup-backup'));
		expect(session.pending).toBeNull();
		expect(restored).toBe(false);
		expect(await dump(db)).toEqual(before);
		expect(session.error).toMatch(/^bad\.checkup-backup was not restored, and your workspace is unchanged\. /);
		return session.error!;
	}

	it('refuses files that are not backups, cut short or damaged, saying which', async () => {
		const { db, before } = await setup('backup-bad-bytes');
		const good = await createBackup(db);
		const bytes = new Uint8Array(await good.arrayBuffer());
		// The reverse case: this backup chosen as a scorecard file says where a backup is restored.
		expect(readScorecardBytes(bytes)).toEqual({ ok: false, problems: [BACKUP_NOT_SCORECARD] });
		expect(await refused(db, new Blob(['{"format":"checkup-scorecard"}']), before)).toMatch(/not a Checkup backup.*JSON file/);
		expect(await refused(db, new Blob(['id,name\n1,a\n']), before)).toMatch(/not a Checkup backup/);
		expect(await refused(db, new Blob([]), before)).toBe('bad.checkup-backup was not restored, and your workspace is unchanged. The file is empty.');
		expect(await refused(db, new Blob([bytes.slice(0, bytes.length >> 1)]), before)).toMatch(/damaged or incomplete/);
		expect(await refused(db, await pack(new TextEncoder().encode('PK not ours at all')), before)).toMatch(/compressed file, but not one Checkup made/);
		const raw = await unpack(good);
		expect(await refused(db, await pack(raw.slice(0, raw.length - 100)), before)).toMatch(/past the end of the file/);
		const newer = raw.slice();
		new DataView(newer.buffer).setUint32(8, 2, true);
		expect(await refused(db, await pack(newer), before)).toMatch(/newer version of Checkup \(backup format 2/);
	});

	it('refuses hostile or inconsistent contents, naming the table, record or column', async () => {
		const { db, contents, before } = await setup('backup-bad-contents');
		const variant = async (edit: (c: BackupContents) => void) => {
			const copy = structuredClone(contents);
			edit(copy);
			return refused(db, await encodeBackup(copy), before);
		};
		expect(await variant((c) => (c.databaseVersion = 99))).toMatch(/newer version of Checkup \(database version 99/);
		expect(await variant((c) => (c.tables.secrets = { records: [{ id: 1 }] }))).toMatch(/table "secrets" that this version of Checkup does not know/);
		expect(await variant((c) => c.tables.settings.records.push({ key: 'mapping:x', value: 2 }))).toMatch(/repeats the key "mapping:x"/);
		expect(await variant((c) => c.tables.blocks.records.pop())).toMatch(/column "\w+" is damaged: 0 blocks stored, expected 1/);
		expect(await variant((c) => ((c.tables.datasets.records[0] as { blockRows: unknown }).blockRows = 0))).toMatch(/its blocks have 0 rows/);
		// Read as blocks of 5,000 rows, the 12,000 rows would need three.
		expect(await variant((c) => ((c.tables.datasets.records[0] as { blockRows: unknown }).blockRows = 5_000))).toMatch(/damaged: 1 blocks stored, expected 3/);
		expect(await variant((c) => ((c.tables.blocks.records[0] as { data: unknown }).data = new Float64Array(3)))).toMatch(/damaged/);
		expect(
			await variant((c) => {
				// Three categories' codes are stored as code + 1 in one byte each.
				const plan = c.tables.blocks.records.find((b) => (b as { column: string }).column === 'plan') as { data: Uint8Array };
				expect(plan.data).toBeInstanceOf(Uint8Array);
				plan.data[5] = 43;
			})
		).toMatch(/column "plan" of dataset "Accounts" row 6 has category code 42, but there are 3 categories/);
		expect(await variant((c) => c.tables.blocks.records.push({ datasetId: 'ghost', column: 'x', block: 0, data: new Float64Array(1) }))).toMatch(/a column of no dataset/);
		expect(await variant((c) => ((c.tables.scorecards.records[0] as { metrics: unknown }).metrics = 'all'))).toMatch(/has no list of metrics/);
		expect(await variant((c) => ((c.tables.scorecards.records[0] as { metrics: unknown[] }).metrics = [{}]))).toMatch(/cannot be read/);
		expect(await variant((c) => (c.tables.scorecards.records = []))).toMatch(/no scorecard for the workspace/);
		expect(await variant((c) => ((c.tables.datasets.records[0] as { rowCount: number }).rowCount = -1))).toMatch(/row count -1/);
		// The session's own opening says it was not restored; the reason does not say it again.
		for (const edit of [(c: BackupContents) => (c.tables.secrets = { records: [{ id: 1 }] }), (c: BackupContents) => (c.tables.scorecards.records = []), (c: BackupContents) => c.tables.blocks.records.pop()])
			expect((await variant(edit)).match(/restored/g)).toEqual(['restored']);
	});

	it('refuses __proto__ keys and forged tags in the table of contents', async () => {
		const { db, before } = await setup('backup-bad-tags');
		const raw = await unpack(await createBackup(db));
		const view = new DataView(raw.buffer);
		const headerLength = view.getUint32(12, true);
		const header = new TextDecoder().decode(raw.subarray(16, 16 + headerLength));
		const rewrite = async (text: string) => {
			expect(text).not.toBe(header);
			const head = new TextEncoder().encode(text);
			const out = new Uint8Array(Math.ceil((16 + head.length) / 8) * 8 + (raw.length - Math.ceil((16 + headerLength) / 8) * 8));
			out.set(raw.subarray(0, 16));
			new DataView(out.buffer).setUint32(12, head.length, true);
			out.set(head, 16);
			out.set(raw.subarray(Math.ceil((16 + headerLength) / 8) * 8), Math.ceil((16 + head.length) / 8) * 8);
			return refused(db, await pack(out), before);
		};
		expect(await rewrite(header.replace('"key":"mapping:x"', '"__proto__":{"polluted":1},"key":"mapping:x"'))).toMatch(/a field named __proto__/);
		expect(await rewrite(header.replace(/"o":\d+/, '"o":-8'))).toMatch(/impossible position/);
		expect(await rewrite(header.replace(/"\$a":"Float64Array"/, '"$a":"BigInt64Array"'))).toMatch(/unknown type "BigInt64Array"/);
		expect(await rewrite(header.replace(/\{"\$n":"NaN"\}/, '{"$n":"eval"}'))).toMatch(/tagged "\$n" that cannot be read/);
		expect(await rewrite(header.slice(0, 100))).toMatch(/table of contents cannot be read/);
		// Nesting deep enough to exhaust the stack is named, not "Maximum call stack size exceeded".
		expect(header).toContain('"value":{"a":1}');
		const deep = (n: number) => header.replace('"value":{"a":1}', `"value":${'['.repeat(n)}1${']'.repeat(n)}`);
		expect(await rewrite(deep(100_000))).toMatch(/^bad\.checkup-backup was not restored, and your workspace is unchanged\. The backup file is damaged: backup\.tables\.settings\.records\[\d\]\.value\[0\]\[0\].*… holds values nested more than 200 deep\.$/);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('rolls back a restore that fails part way: the database is exactly as before', async () => {
		const { db, contents, before } = await setup('backup-abort');
		const plan = await readBackup(db, await encodeBackup(contents));
		// A record IndexedDB refuses after the tables were cleared and half the records written.
		plan.contents.tables.settings.records.push({ key: 'mapping:x', value: 'twice' });
		await expect(restoreBackup(db, plan)).rejects.toThrow();
		expect(await dump(db)).toEqual(before);
	});

	it('says a restore that was stored but cannot be opened was restored, not that the workspace is unchanged', async () => {
		const { db, contents } = await setup('backup-not-opened');
		const session = new BackupSession({
			...indexedDbBackup(db),
			workspace: {
				replaceStored: async (write) => {
					await write();
					throw new StoredNotOpenedError('The workspace has no scorecard.');
				}
			}
		});
		await session.choose(new File([await encodeBackup(contents)], 'team.checkup-backup'));
		expect(session.pending).not.toBeNull();
		expect(session.step).toBe('restore');
		await session.confirm();
		expect(session.pending).toBeNull();
		expect(session.done).toBeNull();
		expect(session.error).toBe('team.checkup-backup was restored, but the workspace could not be opened from it: The workspace has no scorecard.');
	});

	it('says so when a backup cannot be made', async () => {
		const session = new BackupSession({
			create: () => Promise.reject(new BackupFileError('disk on fire')),
			read: () => Promise.reject(new Error('unused')),
			workspace: { replaceStored: async () => {} }
		});
		expect(await session.backup()).toBeNull();
		expect(session.error).toBe('The backup could not be made; nothing was changed. disk on fire');
		// Shown beside Download backup, not under Restore.
		expect(session.step).toBe('backup');
	});
});
