/** `checkup score`: a CSV file scored with a scorecard file, as the app scores its latest snapshot. */
import { basename } from 'node:path';
import { CANONICAL_COLUMNS } from '../lib/core/assemble';
import { ScorecardError } from '../lib/core/check';
import type { DatasetRoles } from '../lib/core/dataset';
import { scoredCustomersCsv } from '../lib/core/export-csv';
import { currentView } from '../lib/core/portfolio';
import { scoreTable, type ScoreResult } from '../lib/core/score';
import type { Scorecard } from '../lib/core/scorecard';
import { readScorecardBytes, type SegmentScorecardEntry as SegmentScorecard } from '../lib/core/scorecard-file';
import { scoreSet } from './score-set';
import type { Table } from '../lib/core/table';
import { CliError } from './errors';
import { readData, readFile, type ReadData, type ReadOptions } from './read-data';

/** What scoring made: the CSV, and lines for the user on stderr. */
export interface Scored {
	csv: string;
	messages: string[];
}

/** Reads a scorecard file; throws CliError listing every problem with its path. */
export function readScorecard(path: string): { scorecard: Scorecard; segments: SegmentScorecard[]; messages: string[] } {
	const result = readScorecardBytes(readFile(path, 'The scorecard file'));
	if (!result.ok) throw new CliError(`${basename(path)} is not a scorecard Checkup can use:\n  ${result.problems.join('\n  ')}`);
	const messages: string[] = [];
	if (result.migratedFrom !== null) messages.push(`${basename(path)} is a version ${result.migratedFrom} scorecard file; read as version ${result.file.schemaVersion}.`);
	return { scorecard: result.file.scorecard, segments: result.file.segments ?? [], messages };
}

/**
 * Metrics on columns this file lacks but that a role of it plays under a canonical name (a scorecard made on
 * several imports reads "arr"; this file calls its ARR column "MonthlyCharges") read that column instead.
 */
function followRoles(scorecard: Scorecard, roles: DatasetRoles, table: Table): Scorecard {
	const byCanonical = new Map<string, string>();
	for (const role of Object.keys(CANONICAL_COLUMNS) as (keyof DatasetRoles)[]) if (roles[role]) byCanonical.set(CANONICAL_COLUMNS[role], roles[role]!);
	return {
		...scorecard,
		metrics: scorecard.metrics.map((m) => (!Object.hasOwn(table.columns, m.column) && byCanonical.has(m.column) ? { ...m, column: byCanonical.get(m.column)! } : m))
	};
}

export function problemLines(data: ReadData, fileName: string): string[] {
	const lines = [...data.notices];
	if (data.problemCount === 0) return lines;
	lines.push(`${fileName}: ${data.problemCount.toLocaleString('en-US')} value${data.problemCount === 1 ? '' : 's'} could not be read${data.rowsSkipped ? ` (${data.rowsSkipped.toLocaleString('en-US')} ${data.rowsSkipped === 1 ? 'row' : 'rows'} skipped)` : ''}:`);
	for (const p of data.problems.slice(0, 10)) lines.push(`  ${p.lastRow === undefined ? `row ${p.row}` : `rows ${p.row}–${p.lastRow}`}${p.column ? `, column "${p.column}"` : ''}: ${JSON.stringify(p.value)} ${p.message}; ${p.action}`);
	if (data.problemCount > 10) lines.push(`  … and ${(data.problemCount - 10).toLocaleString('en-US')} more`);
	return lines;
}

/** Scores the latest snapshot of the data file (every row when it has one as-of date) with the scorecard file. */
export function score(dataPath: string, scorecardPath: string, options: ReadOptions): Scored {
	const { scorecard: read, segments, messages } = readScorecard(scorecardPath);
	const data = readData(dataPath, options);
	messages.push(...problemLines(data, basename(dataPath)));
	const { dataset } = data;
	const view = currentView(dataset);
	const scorecard = followRoles(read, dataset.meta.roles, view.table);
	if (segments.length) {
		const follow = (card: Scorecard) => followRoles(card, dataset.meta.roles, view.table);
		const set = { default: scorecard, segments: segments.map((s) => ({ segment: s.segment, scorecard: follow(s.scorecard) })) };
		const scored = scoreSet(dataset, set, { data: basename(dataPath), scorecard: basename(scorecardPath) });
		return { csv: scored.csv, messages: [...messages, ...scored.messages] };
	}
	let result: ScoreResult;
	try {
		result = scoreTable(view.table, scorecard);
	} catch (err) {
		if (err instanceof ScorecardError) throw new CliError(`${basename(scorecardPath)} cannot score ${basename(dataPath)}:\n  ${err.problems.map((p) => p.message).join('\n  ')}`);
		throw err;
	}
	if (view.asOf && dataset.meta.snapshots.length > 1) messages.push(`Scored the latest snapshot, ${view.asOf}: ${view.table.rowCount.toLocaleString('en-US')} customers.`);
	const rows = Uint32Array.from({ length: view.table.rowCount }, (_, i) => i);
	const csv = scoredCustomersCsv({ table: view.table, roles: dataset.meta.roles, result, scorecard, rows });
	return { csv, messages };
}
