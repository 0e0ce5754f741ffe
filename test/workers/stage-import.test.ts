/**
 * Storing an import while it is read (workers/stage-import.ts, db/staging.ts), run as the import worker runs
 * it — a CsvReader fed in pieces, the text cells taken after each piece, the blocks written as rows complete,
 * the rest on Import — against the same file stored whole, on fake-indexeddb.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCsvBytes } from '../../src/lib/core/csv';
import { toDataset } from '../../src/lib/core/csv/dataset';
import { detectDialect } from '../../src/lib/core/csv/dialect';
import { defaultMapping, previewText } from '../../src/lib/core/csv/infer';
import { CsvReader } from '../../src/lib/core/csv/reader';
import { sendable, StreamedText, transferables } from '../../src/lib/core/csv/streamed-text';
import { textCell, type TextValues } from '../../src/lib/core/text-values';
import type { ColumnMapping, Dialect } from '../../src/lib/core/csv/types';
import { duplicateIds } from '../../src/lib/core/csv/validate';
import type { Dataset } from '../../src/lib/core/dataset';
import { BLOCK_ROWS, QUOTA_MESSAGE, loadDataset, type CheckupDatabase } from '../../src/lib/db';
import { createBackup, readBackup } from '../../src/lib/db/backup';
import { BlockStager, discardStaged, removeOrphanBlocks, type BlockWriter } from '../../src/lib/db/staging';
import { indexedDbStore } from '../../src/lib/state/store';
import { build, textColumnsOf } from '../../src/lib/workers/build';
import type { Built } from '../../src/lib/workers/protocol';
import { ImportStaging } from '../../src/lib/workers/stage-import';
import { RemoteBlockWriter } from '../../src/lib/workers/stage-remote';
import { datasetDifferences, sampleDataset, testDatabase } from '../db/helpers';
import { inProcessStageWorker } from './stage-worker-fake';

const ROWS = 2 * BLOCK_ROWS + 3_217;
const SNAPSHOTS = ['2026-01-31', '2025-12-31', '2026-02-28'];

/** A file of ROWS rows: ID, name (with quotes, commas, blanks), category, number, yes/no, as-of and an m/d/yyyy date. */
function csvText(duplicateAt = -1): string {
	const lines = ['customer_id,name,plan,arr,auto_renew,as_of,renewal'];
	for (let i = 0; i < ROWS; i++) {
		const id = i === duplicateAt ? 'C-0' : `C-${i}`;
		const name = i % 13 === 0 ? '' : i % 17 === 0 ? `"Acme, ""${i}"""` : `Firm ${i}`;
		const arr = i % 29 === 0 ? '' : String((i * 37) % 100_000 + 0.25);
		const renewal = i % 7 === 0 ? '' : `${(i % 12) + 1}/${(i % 27) + 1}/2027`;
		lines.push([id, name, ['Gold', 'Silver', 'Bronze'][i % 3], arr, i % 4 ? 'yes' : 'no', SNAPSHOTS[i % 3], renewal].join(','));
	}
	return lines.join('\r\n') + '\r\n';
}

function mappingFor(text: string, dialect: Dialect): ColumnMapping[] {
	const preview = previewText('accounts.csv', text.length, text.slice(0, 1 << 20), dialect, []);
	return defaultMapping(preview).map((m) => (m.name === 'renewal' ? { ...m, type: 'date', role: 'renewalDate', dateFormat: 'mdy' } : m));
}

const REQUEST = { asOf: '2026-03-01', duplicateChoice: 'last' as const, fileName: 'accounts.csv', fileSize: 0, importedAt: '2026-03-01T09:00:00.000Z' };

/**
 * Reads `text` in pieces as the import worker does, staging as it goes, then builds on Import with `id`. The
 * page's part is played too: the text cells it was sent are put back in the dataset it commits.
 */
async function readAndBuild(db: CheckupDatabase, text: string, stagedId: string, buildId = stagedId, piece = 99_991) {
	const dialect: Dialect = { encoding: 'utf-8', bom: false, ...detectDialect(text.slice(0, 65_536)) };
	const mapping = mappingFor(text, dialect);
	const staging = new ImportStaging(writerFor(db, stagedId), stagedId, mapping);
	const reader = new CsvReader(mapping, dialect);
	const idName = mapping.find((m) => m.role === 'id')?.name;
	const asOfName = mapping.find((m) => m.role === 'asOf')?.name;
	const keep = new Set([idName, asOfName].filter((n): n is string => n !== undefined));
	// The page's side: the cells it is sent, put together as the import session does (core/csv/streamed-text.ts).
	const page = new StreamedText();
	for (let at = 0; at < text.length; at += piece) {
		const last = at + piece >= text.length;
		reader.push(text.slice(at, at + piece), last);
		const builder = reader.builder;
		if (!builder) continue;
		for (const { name, at: row, cells } of builder.takeTextCells(keep)) {
			if (name === asOfName) continue;
			const sent = sendable(cells);
			staging.text(name, sent);
			// Posted as the worker posts them: the ends are transferred, so staging must have kept its own.
			page.add(name, row, structuredClone(sent, { transfer: transferables(sent) }));
		}
		await staging.stage(builder, last);
	}
	const parsed = reader.finish()!;
	const dups = idName ? duplicateIds(parsed, idName, asOfName) : [];
	const held = {
		parsed,
		text: textColumnsOf(parsed).filter((n) => n !== asOfName),
		duplicates: { listed: dups, ids: dups.length, extraRows: dups.reduce((s, d) => s + d.rows.length - 1, 0) },
		notices: [],
		reader: 'webassembly' as const
	};
	const { built } = build(held, { ...REQUEST, mapping, id: buildId });
	const staged = await staging.complete(built.dataset, built.rows);
	return { built, staged, mapping, onPage: page.finish(held.text, parsed.rowCount) };
}

/** The dataset the page commits: the built one with the text cells it has put back (withText in core/csv/streamed-text.ts, written again here as the reference). */
function committed(built: Built, onPage: Map<string, TextValues>): Dataset {
	const columns = { ...built.dataset.table.columns };
	for (const name of built.text) {
		const all = onPage.get(name)!;
		columns[name] = { kind: 'text', values: built.rows ? Array.from(built.rows, (r) => textCell(all, r)) : all };
	}
	return { meta: built.dataset.meta, table: { rowCount: built.dataset.table.rowCount, columns } };
}

/** The same file read whole and made a dataset, as an import stored without staging would store it. */
function wholeFile(text: string, mapping: ColumnMapping[], id: string): Dataset {
	const { parsed } = parseCsvBytes(new TextEncoder().encode(text), 'accounts.csv', () => mapping);
	return toDataset(parsed, mapping, { ...REQUEST, id });
}

/** How the blocks are written: set by each run of the tests below. */
let writerFor: (db: CheckupDatabase, datasetId: string) => BlockWriter;

const opened: CheckupDatabase[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
	vi.restoreAllMocks();
});

function fresh(name: string) {
	const { db } = testDatabase(name);
	opened.push(db);
	return db;
}


const WRITERS: [string, typeof writerFor][] = [
	['written by the import worker', (db, id) => new BlockStager(db, id)],
	// The storage worker's side runs in-process; messages are cloned and their buffers transferred as a browser does.
	['written by a storage worker', (db, id) => new RemoteBlockWriter(inProcessStageWorker(db), db.name, id)]
];

// Each test stores a 12,345-row dataset and reads a file of a few blocks through fake-indexeddb: on a loaded 2-core
// machine up to 7.4 s (this file alone beside the browser tests), past vitest's 5 s default (three timed out in a
// whole unit run).
describe.each(WRITERS)('an import stored while it is read, %s', { timeout: 60_000 }, (_, writer) => {
	beforeEach(() => {
		writerFor = writer;
	});

	it('replacing the workspace, Import writes only the meta record and the stored dataset is the file stored whole', async () => {
		const db = fresh('stage-replace');
		const store = indexedDbStore(db);
		const old = sampleDataset(12_345, 'demo');
		await store.replaceWith(old, { id: 'sc', name: 'Old', metrics: [], bands: [] });
		const text = csvText();
		const { built, staged, mapping, onPage } = await readAndBuild(db, text, 'file-1');
		expect(staged).toBe(true);
		const expected = wholeFile(text, mapping, 'file-1');
		// Every block is stored before Import; no dataset owns them yet.
		expect(await db.blocks.where('datasetId').equals('file-1').count()).toBe(3 * expected.meta.columns.length);
		expect(await loadDataset(db, 'file-1')).toBeUndefined();

		const putBlocks = vi.spyOn(db.blocks, 'bulkPut');
		await store.replaceWith(committed(built, onPage), { id: 'sc2', name: 'New', metrics: [], bands: [] }, { staged: true });
		expect(putBlocks).not.toHaveBeenCalled();
		expect(datasetDifferences(expected, await loadDataset(db, 'file-1'))).toEqual([]);
		expect(await loadDataset(db, 'demo')).toBeUndefined();
		expect(await db.blocks.where('datasetId').equals('demo').count()).toBe(0);
		expect(await removeOrphanBlocks(db)).toBe(0);
	});

	it('added to the workspace, the same; the text blocks are packed', async () => {
		const db = fresh('stage-add');
		const store = indexedDbStore(db);
		await store.replaceWith(sampleDataset(100, 'first'), { id: 'sc', name: 'Old', metrics: [], bands: [] });
		const text = csvText();
		const { built, staged, mapping, onPage } = await readAndBuild(db, text, 'file-2', 'file-2', 7_777);
		expect(staged).toBe(true);
		const expected = wholeFile(text, mapping, 'file-2');
		await store.addDataset(committed(built, onPage), undefined, { staged: true });
		expect(datasetDifferences(expected, await loadDataset(db, 'file-2'))).toEqual([]);
		expect(datasetDifferences(sampleDataset(100, 'first'), await loadDataset(db, 'first'))).toEqual([]);
		const nameBlock = await db.blocks.get(['file-2', 'name', 0]);
		expect(nameBlock?.data).toMatchObject({ text: expect.any(String), ends: expect.any(Int32Array) });
	});

	it('with a staged block missing, Import is refused naming the column, and the workspace is as it was', async () => {
		const db = fresh('stage-missing');
		const store = indexedDbStore(db);
		const old = sampleDataset(100, 'first');
		await store.replaceWith(old, { id: 'sc', name: 'Old', metrics: [], bands: [] });
		const text = csvText();
		const { built, onPage } = await readAndBuild(db, text, 'file-3');
		await db.blocks.delete(['file-3', 'arr', 1]);
		const dataset = committed(built, onPage);
		await expect(store.replaceWith(dataset, { id: 'sc2', name: 'New', metrics: [], bands: [] }, { staged: true })).rejects.toThrow(
			/the staged blocks of column "arr" are incomplete \(2 stored, 3 expected\); import the file again/
		);
		await expect(store.addDataset(dataset, undefined, { staged: true })).rejects.toThrow(/column "arr" are incomplete/);
		// A block moved to a number past the end, and blocks of a column the file does not have, are refused too.
		const moved = await db.blocks.get(['file-3', 'arr', 2]);
		await db.blocks.put({ ...moved!, block: 1 });
		await db.blocks.put({ ...moved!, block: 5 });
		await expect(store.addDataset(dataset, undefined, { staged: true })).rejects.toThrow(/column "arr" are incomplete \(4 stored, 3 expected\)/);
		await db.blocks.delete(['file-3', 'arr', 5]);
		await db.blocks.put({ datasetId: 'file-3', column: 'ghost', block: 0, data: new Float64Array(1) });
		await expect(store.addDataset(dataset, undefined, { staged: true })).rejects.toThrow(/blocks of a column "ghost" the file does not have/);
		await db.blocks.delete(['file-3', 'ghost', 0]);
		expect((await store.listDatasets()).map((m) => m.id)).toEqual(['first']);
		expect(datasetDifferences(old, await loadDataset(db, 'first'))).toEqual([]);
		// What was staged is left over: an import under way keeps it, otherwise it is removed.
		expect(await removeOrphanBlocks(db, new Set(['file-3']))).toBe(0);
		expect(await removeOrphanBlocks(db)).toBe(3 * dataset.meta.columns.length);
		expect(await db.blocks.count()).toBe(old.meta.columns.length);
	});

	it('with duplicate IDs dropped, nothing counts as staged and the full save replaces what was staged', async () => {
		const db = fresh('stage-dups');
		const store = indexedDbStore(db);
		const text = csvText(BLOCK_ROWS + 5);
		const { built, staged, onPage } = await readAndBuild(db, text, 'file-4');
		expect(staged).toBe(false);
		expect(built.rows?.length).toBe(ROWS - 1);
		const dataset = committed(built, onPage);
		await store.replaceWith(dataset, { id: 'sc', name: 'New', metrics: [], bands: [] });
		expect(datasetDifferences(dataset, await loadDataset(db, 'file-4'))).toEqual([]);
		expect(await db.blocks.count()).toBe(3 * dataset.meta.columns.length);
	});

	it('built under another id than it was staged, nothing counts as staged', async () => {
		const db = fresh('stage-other-id');
		const { staged } = await readAndBuild(db, csvText(), 'file-5', 'file-6');
		expect(staged).toBe(false);
	});

	it('a write the browser refuses for lack of space fails the reading with the quota message', async () => {
		const db = fresh('stage-quota');
		vi.spyOn(db.blocks, 'bulkPut').mockRejectedValue(new DOMException('full', 'QuotaExceededError'));
		await expect(readAndBuild(db, csvText(), 'file-7')).rejects.toThrow(QUOTA_MESSAGE);
	});

	it('discarding removes what was staged, but never the blocks of a stored dataset', async () => {
		const db = fresh('stage-discard');
		const store = indexedDbStore(db);
		await store.replaceWith(sampleDataset(100, 'first'), { id: 'sc', name: 'Old', metrics: [], bands: [] });
		await readAndBuild(db, csvText(), 'file-8');
		await discardStaged(db, 'file-8');
		await discardStaged(db, 'first');
		expect(await db.blocks.where('datasetId').equals('file-8').count()).toBe(0);
		expect(datasetDifferences(sampleDataset(100, 'first'), await loadDataset(db, 'first'))).toEqual([]);
	});

	it('a backup made while an import is staged leaves its blocks out, and restores', async () => {
		const db = fresh('stage-backup');
		const store = indexedDbStore(db);
		await store.replaceWith(sampleDataset(100, 'first'), { id: 'sc', name: 'Old', metrics: [], bands: [] });
		await readAndBuild(db, csvText(), 'file-9');
		const plan = await readBackup(db, await createBackup(db));
		expect(plan.summary).toMatchObject({ imports: 1, rows: 100 });
		expect(plan.summary.records.blocks).toBe(4);
	});
});
