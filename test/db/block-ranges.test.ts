// Blocks found and deleted by primary-key ranges: exactly a dataset's blocks, or exactly those of no kept
// dataset, whatever the ids look like (prefixes of each other, non-ASCII, a column named U+FFFF).
import { afterEach, describe, expect, it } from 'vitest';
import { blocksOf, deleteBlocksOutside } from '../../src/lib/db/block-ranges';
import type { CheckupDatabase } from '../../src/lib/db/schema';
import { testDatabase } from './helpers';

const IDS = ['file-1', 'file-10', 'file-2', 'file-20', 'file', '', 'a', 'z', 'Zoë', '\u{1F600}', '\uffff'];

const opened: CheckupDatabase[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
});

async function filled(): Promise<CheckupDatabase> {
	const { db } = testDatabase();
	opened.push(db);
	for (const id of IDS) await db.blocks.bulkPut([0, 1].map((block) => ({ datasetId: id, column: 'c', block, data: new Float64Array(2) })));
	for (const id of IDS) await db.blocks.put({ datasetId: id, column: '\uffff', block: 7, data: new Float64Array(1) });
	return db;
}

const owners = async (db: CheckupDatabase) => [...new Set((await db.blocks.toArray()).map((b) => b.datasetId))].sort();

describe('block ranges', () => {
	it('blocksOf gives exactly the blocks of one dataset', async () => {
		const db = await filled();
		for (const id of IDS) {
			const keys = await blocksOf(db, id).primaryKeys();
			expect(keys).toEqual([[id, 'c', 0], [id, 'c', 1], [id, '\uffff', 7]]);
		}
		expect(await blocksOf(db, 'file-3').count()).toBe(0);
	});

	it('deleteBlocksOutside deletes every other dataset’s blocks and counts them', async () => {
		for (const keep of [[], ['file-2'], ['file', 'file-10'], ['', '\uffff'], ['z', 'a', 'a'], ['not stored']]) {
			const db = await filled();
			const kept = IDS.filter((id) => keep.includes(id));
			expect(await deleteBlocksOutside(db, keep)).toBe((IDS.length - kept.length) * 3);
			expect(await owners(db)).toEqual([...kept].sort());
			for (const id of kept) expect(await blocksOf(db, id).count()).toBe(3);
		}
	});

	it('blocksOf(…).delete() deletes one dataset and nothing else', async () => {
		const db = await filled();
		await blocksOf(db, 'file-1').delete();
		expect(await owners(db)).toEqual(IDS.filter((id) => id !== 'file-1').sort());
	});
});
