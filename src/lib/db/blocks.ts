/** Cutting a column into stored blocks and putting it back together. Pure: no Dexie here. */
import type { ColumnMeta } from '../core/dataset';
import type { Column } from '../core/table';
import { BLOCK_ROWS, type BlockData, type BlockRecord } from './schema';

/** How many blocks hold `rowCount` rows. */
export function blockCount(rowCount: number): number {
	return Math.ceil(rowCount / BLOCK_ROWS);
}

function columnData(column: Column): BlockData {
	return column.kind === 'category' ? column.codes : column.values;
}

function sliceData(data: BlockData, start: number, end: number): BlockData {
	// slice copies, so a block holds only its own rows rather than a view on the whole column's buffer.
	return data.slice(start, end);
}

/** Blocks `from` … `to - 1` of one column (all of them by default), in block order. */
export function splitColumn(datasetId: string, name: string, column: Column, rowCount: number, from = 0, to = blockCount(rowCount)): BlockRecord[] {
	const data = columnData(column);
	const blocks: BlockRecord[] = [];
	for (let block = from; block < Math.min(to, blockCount(rowCount)); block++) {
		const start = block * BLOCK_ROWS;
		blocks.push({ datasetId, column: name, block, data: sliceData(data, start, Math.min(start + BLOCK_ROWS, rowCount)) });
	}
	return blocks;
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
		if (record.block !== i || record.data.length !== expectedLength(i, rowCount)) {
			throw new Error(`column "${meta.name}" is damaged: block ${record.block} has ${record.data.length} rows`);
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

function joinTexts(meta: ColumnMeta, blocks: readonly BlockRecord[], rowCount: number): Column {
	const values = new Array<string | null>(rowCount);
	for (const { block, data } of blocks) {
		if (!Array.isArray(data)) throw wrongType(meta, block, 'text array');
		const offset = block * BLOCK_ROWS;
		for (let i = 0; i < data.length; i++) values[offset + i] = data[i];
	}
	return { kind: 'text', values };
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
			return joinTexts(meta, blocks, rowCount);
	}
}
