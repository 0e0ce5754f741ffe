/**
 * A deployment's preset (static/preset/): the team's scorecard file and, optionally, a CSV and its column
 * mapping, made into what an empty browser starts with. The build runs this on the files and refuses a preset
 * that would not open; the app runs it again on first open. Pure: no DOM, no Dexie.
 */
import { checkScorecard } from './check';
import { checkMapping, toDataset } from './csv/dataset';
import { ImportError, defaultMapping, duplicateIds, parseCsvBytes, type ColumnMapping } from './csv/index';
import { applyRemembered, readRemembered, toRemembered } from './csv/remember';
import type { Dataset } from './dataset';
import { missingColumns, readScorecardText } from './scorecard-file';
import type { Scorecard } from './scorecard';

/** The preset folder's file names. */
export const PRESET_FILES = { scorecard: 'scorecard.json', data: 'data.csv', mapping: 'mapping.json' } as const;

/** The files of a preset as read from the folder (text of the small ones, bytes of the CSV). */
export interface PresetSource {
	scorecard: string;
	data?: Uint8Array;
	mapping?: string;
}

/** The preset cannot be used; the message names the file and what is wrong with it. */
export class PresetError extends Error {
	override name = 'PresetError';
}

/** What the preset starts with: its scorecard on its data, or on the demo when it has none. */
export interface Preset {
	dataset: Dataset | null;
	scorecard: Scorecard;
	/** Things worth telling whoever builds the deployment (segment scorecards not applied, rows read as missing). */
	warnings: string[];
}

function readMapping(text: string, names: readonly string[]): ColumnMapping[] {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (err) {
		throw new PresetError(`${PRESET_FILES.mapping} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
	}
	// The CLI's --mapping format: a remembered mapping, or a plain list of column mappings.
	// A plain list is taken as made for this file's columns (stored names are the sorted set toRemembered gives).
	const mapping = readRemembered(Array.isArray(value) ? { version: 1, names: toRemembered(names, []).names, mapping: value } : value, names);
	if (!mapping) {
		throw new PresetError(`${PRESET_FILES.mapping} is not a mapping for the columns of ${PRESET_FILES.data}: it must be { "version": 1, "names": [its column names], "mapping": [...] } or a list of { index, name, type, role }.`);
	}
	return mapping;
}

function readData(source: PresetSource, options: { importedAt: string; asOf: string }): { dataset: Dataset; mapping: ColumnMapping[]; warnings: string[] } {
	let mapping: ColumnMapping[] = [];
	let parsed;
	try {
		({ parsed } = parseCsvBytes(source.data!, PRESET_FILES.data, (preview) => {
			const proposal = defaultMapping(preview);
			mapping = source.mapping ? applyRemembered(proposal, readMapping(source.mapping, proposal.map((m) => m.name))) : proposal;
			return mapping;
		}));
	} catch (err) {
		if (err instanceof ImportError) throw new PresetError(`${PRESET_FILES.data}: ${err.message}`);
		throw err;
	}
	const problems = checkMapping(mapping);
	if (problems.length) throw new PresetError(`${PRESET_FILES.data} cannot be imported as it is: ${problems.join(' ')} Give its columns' roles in ${PRESET_FILES.mapping}.`);
	const role = (r: string) => mapping.find((m) => m.role === r)?.name;
	const duplicates = duplicateIds(parsed, role('id')!, role('asOf'));
	if (duplicates.length) {
		const first = duplicates[0];
		throw new PresetError(`${PRESET_FILES.data}: ${duplicates.length} customer IDs appear more than once in one snapshot, e.g. "${first.id}" on rows ${first.rows.join(', ')}.`);
	}
	const dataset = toDataset(parsed, mapping, { id: 'preset', fileName: PRESET_FILES.data, importedAt: options.importedAt, asOf: options.asOf, fileSize: source.data!.length });
	const warnings = parsed.problemCount ? [`${PRESET_FILES.data}: ${parsed.problemCount} values could not be read and count as missing (first: row ${parsed.problems[0]?.row}, column "${parsed.problems[0]?.column}", value "${parsed.problems[0]?.value}", ${parsed.problems[0]?.message}).`] : [];
	return { dataset, mapping, warnings };
}

/** The file's columns a scorecard reads that the data does not have, in words: absent, or left out by the mapping. */
function missingProblem(missing: { column: string; metrics: string[] }[], data: { mapping: ColumnMapping[] } | null): string {
	const list = (xs: typeof missing) => xs.map((m) => `"${m.column}" (${m.metrics.join(', ')})`).join(', ');
	if (!data) return `${PRESET_FILES.scorecard} reads columns that the demo data (there is no ${PRESET_FILES.data}) does not have: ${list(missing)}.`;
	const left = (m: (typeof missing)[number]) => data.mapping.find((c) => c.name === m.column && c.role === 'ignore');
	const ignored = missing.filter(left);
	const absent = missing.filter((m) => !left(m));
	return [
		absent.length ? `${PRESET_FILES.scorecard} reads columns that ${PRESET_FILES.data} does not have: ${list(absent)}.` : '',
		// A column of the file that is not imported: a text column of few values is left out unless the mapping says otherwise.
		ignored.length
			? `${PRESET_FILES.scorecard} reads columns of ${PRESET_FILES.data} that are not imported: ${list(ignored)}. Give ${ignored.length === 1 ? 'it' : 'each'} a role and type in ${PRESET_FILES.mapping}, e.g. { "index": ${left(ignored[0])!.index}, "name": ${JSON.stringify(ignored[0].column)}, "type": "category", "role": "metric" }.`
			: ''
	].filter(Boolean).join(' ');
}

/**
 * The preset's scorecard (and dataset, when it has data). `demoColumns` are the demo's column names, which a
 * preset without data is scored on. Throws a PresetError naming the file and the problem.
 */
export function readPreset(source: PresetSource, options: { importedAt: string; asOf: string; demoColumns: () => string[] }): Preset {
	const read = readScorecardText(source.scorecard);
	if (!read.ok) throw new PresetError(`${PRESET_FILES.scorecard} is not a scorecard file Checkup can use: ${read.problems.join('; ')}`);
	if (source.mapping !== undefined && !source.data) throw new PresetError(`${PRESET_FILES.mapping} is there without ${PRESET_FILES.data}: a mapping describes the columns of the preset's CSV.`);
	const warnings: string[] = [];
	if (read.file.segments?.length) warnings.push(`${PRESET_FILES.scorecard}: its ${read.file.segments.length} segment scorecards are not applied; everyone starts with its default scorecard.`);
	const data = source.data ? readData(source, options) : null;
	const columns = data ? Object.keys(data.dataset.table.columns) : options.demoColumns();
	const missing = missingColumns({ ...read.file, segments: undefined }, columns);
	if (missing.length) throw new PresetError(missingProblem(missing, data));
	// A metric on a column of the wrong kind (a linear scale on categories, …) would open with no scores.
	if (data) {
		const errors = checkScorecard(read.file.scorecard, data.dataset.table).filter((p) => p.severity === 'error');
		if (errors.length) throw new PresetError(`${PRESET_FILES.scorecard} cannot score ${PRESET_FILES.data}: ${errors.map((p) => p.message).join(' ')}`);
	}
	return { dataset: data?.dataset ?? null, scorecard: read.file.scorecard, warnings: [...warnings, ...(data?.warnings ?? [])] };
}
