/** Cutting a column into stored blocks and putting it back together. Pure: no Dexie here. */
import type { ColumnMeta } from '../core/dataset';
import type { Column } from '../core/table';
import { checkPacked, packText, PackedTexts, type PackedText } from '../core/text-values';
import { BLOCK_ROWS, type BlockData, type BlockRecord } from './schema';

/** How many blocks hold `rowCount` rows. */
export function blockCount(rowCount: number): number {
	return Math.ceil(rowCount / BLOCK_ROWS);
}

function isPackedText(data: unknown): data is PackedText {
	if (typeof data !== 'object' || data === null) return false;
	const { text, ends } = data as Partial<PackedText>;
	return typeof text === 'string' && ends instanceof Int32Array;
}

/** The stored form of rows [start, end) of a column: a copy, so a block holds only its own rows. */
function sliceData(column: Column, start: number, end: number): BlockData {
	switch (column.kind) {
		case 'number':
			return column.values.slice(start, end);
		case 'category':
			return column.codes.slice(start, end);
		case 'text':
			return packText(column.values, start, end);
	}
}

/** Blocks `from` … `to - 1` of one column (all of them by default), in block order. */
export function splitColumn(datasetId: string, name: string, column: Column, rowCount: number, from = 0, to = blockCount(rowCount)): BlockRecord[] {
	const blocks: BlockRecord[] = [];
	for (let block = from; block < Math.min(to, blockCount(rowCount)); block++) {
		const start = block * BLOCK_ROWS;
		blocks.push({ datasetId, column: name, block, data: sliceData(column, start, Math.min(start + BLOCK_ROWS, rowCount)) });
	}
	return blocks;
}

/** Rows a block's data holds (NaN when it is of no known form). */
function dataLength(data: unknown): number {
	if (isPackedText(data)) return data.ends.length;
	if (Array.isArray(data) || ArrayBuffer.isView(data)) return (data as ArrayLike<unknown>).length;
	return NaN;
}

function expectedLength(block: number, rowCount: number): number {
	return Math.min(BLOCK_ROWS, rowCount - block * BLOCK_ROWS);
}

/** Checks that the blocks are exactly 0 … n-1 with the right lengths; throws naming the column otherwise. */
function checkBlocks(meta: ColumnMeta, blocks: readonly BlockRecord[], rowCount: number): void {
	const n = blockCount(rowCount);
	if (blocks.length !== n) {
		throw new Error(`column "${meta.name}" is damaged: ${blocks.length} blocks stored, expected ${n}`);
	}
	blocks.forEach((record, i) => {
		const length = dataLength(record.data);
		if (record.block !== i || length !== expectedLength(i, rowCount)) {
			throw new Error(`column "${meta.name}" is damaged: block ${record.block} has ${length} rows`);
		}
	});
}

function wrongType(meta: ColumnMeta, block: number, expected: string): Error {
	return new Error(`column "${meta.name}" is damaged: block ${block} is not a ${expected}`);
}

function joinNumbers(meta: ColumnMeta, blocks: readonly BlockRecord[], rowCount: number): Column {
	const values = new Float64Array(rowCount);
	for (const { block, data } of blocks) {
		if (!(data instanceof Float64Array)) throw wrongType(meta, block, 'Float64Array');
		values.set(data, block * BLOCK_ROWS);
	}
	return { kind: 'number', values };
}

function joinCodes(meta: ColumnMeta, blocks: readonly BlockRecord[], rowCount: number): Column {
	if (!meta.levels) throw new Error(`column "${meta.name}" is damaged: a category column without levels`);
	const codes = new Int32Array(rowCount);
	for (const { block, data } of blocks) {
		if (!(data instanceof Int32Array)) throw wrongType(meta, block, 'Int32Array');
		codes.set(data, block * BLOCK_ROWS);
	}
	return { kind: 'category', codes, levels: [...meta.levels] };
}

/**
 * A text column from its blocks, kept packed: the blocks' strings joined into one and their ends shifted, so a
 * million cells load without a million strings. Blocks stored as string arrays (before text was packed) are
 * packed as they are read.
 */
function joinTexts(meta: ColumnMeta, blocks: readonly BlockRecord[]): Column {
	const packs: PackedText[] = [];
	for (const { block, data } of blocks) {
		if (isPackedText(data)) {
			checkPacked(data, () => `column "${meta.name}" is damaged: block ${block}`);
			packs.push(data);
			continue;
		}
		if (!Array.isArray(data)) throw wrongType(meta, block, 'text block');
		for (const v of data as unknown[]) if (v !== null && typeof v !== 'string') throw wrongType(meta, block, 'text block');
		packs.push(packText(data));
	}
	return { kind: 'text', values: packs.length === 0 ? PackedTexts.of([]) : PackedTexts.join(packs) };
}

/** The column described by `meta`, rebuilt from its blocks (sorted by block number). */
export function joinColumn(meta: ColumnMeta, blocks: readonly BlockRecord[], rowCount: number): Column {
	checkBlocks(meta, blocks, rowCount);
	switch (meta.kind) {
		case 'number':
			return joinNumbers(meta, blocks, rowCount);
		case 'category':
			return joinCodes(meta, blocks, rowCount);
		case 'text':
			return joinTexts(meta, blocks);
	}
}
