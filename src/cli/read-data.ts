/**
 * A CSV file read exactly as the app's import reads it (core/csv: encoding, dialect, proposal of types and
 * roles, typed columns), with the user's decisions given as options instead of clicks.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { checkMapping, toDataset } from '../lib/core/csv/dataset';
import { ImportError, defaultMapping, dropDuplicates, duplicateIds, parseCsvBytes, type ColumnMapping, type ColumnRole, type DateFormat, type ImportProblem, type ValueType } from '../lib/core/csv/index';
import { applyRemembered, readRemembered } from '../lib/core/csv/remember';
import { isUniqueRole } from '../lib/core/csv/roles';
import type { Dataset } from '../lib/core/dataset';
import { CliError, fileProblem } from './errors';

/** The decisions the import page asks for. */
export interface ReadOptions {
	/** The as-of date of every row when the file has no as-of column (yyyy-mm-dd). */
	asOf: string;
	/** Roles chosen by column name, over the proposal (`--role "Customer Number=id"`). */
	roles: Record<string, ColumnRole>;
	/** Value types chosen by column name, over the proposal (`--type "usage=number"`). */
	types: Record<string, ValueType>;
	/** Date formats by column name, for dates that could be month/day or day/month. */
	dateFormats: Record<string, DateFormat>;
	/** A mapping file: a remembered mapping ({ version: 1, names, mapping }) or a list of column mappings. */
	mappingFile?: string;
	/** What to do with the same customer twice in one snapshot; by default it is an error. */
	duplicates?: 'first' | 'last';
}

/** A file read into a dataset, and what could not be read in it. */
export interface ReadData {
	dataset: Dataset;
	/** The mapping it was read with (the proposal plus the options). */
	mapping: ColumnMapping[];
	problems: ImportProblem[];
	problemCount: number;
	rowsSkipped: number;
	notices: string[];
}

export function readFile(path: string, what: string): Uint8Array {
	try {
		return readFileSync(path);
	} catch (err) {
		const code = (err as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') throw new CliError(`${what} ${path} does not exist.`);
		if (code === 'EISDIR') throw new CliError(`${what} ${path} is a folder, not a file.`);
		throw new CliError(`${what} ${path} cannot be read: ${fileProblem(err)}.`);
	}
}

/** Reads a CSV file into a dataset the way the app imports it; throws CliError naming what is wrong. */
export function readData(path: string, options: ReadOptions): ReadData {
	const bytes = readFile(path, 'The data file');
	const fileName = basename(path);
	let mapping: ColumnMapping[] = [];
	let parsed;
	try {
		({ parsed } = parseCsvBytes(bytes, fileName, (preview) => (mapping = decide(defaultMapping(preview), options, fileName))));
	} catch (err) {
		// The reader's messages mostly name the file ("jan.csv" is empty.): named once, not twice.
		if (err instanceof ImportError) throw new CliError(err.message.includes(`"${fileName}"`) ? err.message : `${fileName}: ${err.message}`);
		throw err;
	}
	const roles = (role: ColumnRole) => mapping.find((m) => m.role === role)?.name;
	const id = roles('id')!;
	const duplicates = duplicateIds(parsed, id, roles('asOf'));
	if (duplicates.length && !options.duplicates) {
		const list = duplicates.slice(0, 5).map((d) => `"${d.id}" on rows ${d.rows.join(', ')}`).join('; ');
		throw new CliError(`${fileName}: ${duplicates.length} customer ID${duplicates.length === 1 ? ' is' : 's are'} in the file more than once (${list}${duplicates.length > 5 ? '; …' : ''}). Choose which row to keep with --duplicates first or --duplicates last.`);
	}
	if (duplicates.length) parsed = dropDuplicates(parsed, id, roles('asOf'), options.duplicates!);
	const dataset = toDataset(parsed, mapping, { id: 'cli', fileName, importedAt: new Date().toISOString(), asOf: options.asOf, fileSize: bytes.length });
	const notices = duplicates.length ? [`${duplicates.length} repeated customer IDs: kept the ${options.duplicates} row of each.`] : [];
	return { dataset, mapping, problems: parsed.problems, problemCount: parsed.problemCount, rowsSkipped: parsed.rowsSkipped, notices };
}

/** The proposal with the remembered mapping and the options applied; throws when it cannot be imported. */
function decide(proposal: ColumnMapping[], options: ReadOptions, fileName: string): ColumnMapping[] {
	let mapping = proposal;
	const names = proposal.map((m) => m.name);
	if (options.mappingFile) mapping = applyRemembered(mapping, readMappingFile(options.mappingFile, names));
	const column = (name: string) => {
		const m = mapping.find((c) => c.name === name);
		if (!m) throw new CliError(`${fileName} has no column "${name}" (its columns: ${names.map((n) => `"${n}"`).join(', ')}).`);
		return m;
	};
	for (const [name, type] of Object.entries(options.types)) {
		const m = column(name);
		// A text column made a number is meant to be scored, as when its type is changed on the import page.
		if (m.role === 'ignore' && (type === 'number' || type === 'boolean' || type === 'category')) m.role = 'metric';
		m.type = type;
		if (type !== 'date') delete m.dateFormat;
	}
	for (const [name, role] of Object.entries(options.roles)) {
		const chosen = column(name);
		// As on the import page: a role one column plays moves from the column that had it, which becomes a metric (or is ignored).
		if (isUniqueRole(role)) for (const m of mapping) if (m !== chosen && m.role === role) m.role = m.type === 'text' || m.type === 'date' ? 'ignore' : 'metric';
		chosen.role = role;
	}
	for (const [name, format] of Object.entries(options.dateFormats)) {
		const m = column(name);
		if (m.type !== 'date') throw new CliError(`"${name}" of ${fileName} is not a date column (it is read as ${m.type}).`);
		m.dateFormat = format;
	}
	const problems = checkMapping(mapping);
	if (problems.length) {
		const read = mapping.map((m) => `"${m.name}" ${m.type}, ${m.role}`).join('; ');
		const hints = [
			problems.some((p) => p.includes('month/day')) ? 'Give a date format with --date-format "<column>=mdy" or "<column>=dmy".' : '',
			'Choose roles with --role "<column>=<role>" and types with --type "<column>=<number|boolean|category|date|text>".',
			`The columns were read as: ${read}.`
		].filter(Boolean);
		throw new CliError(`${fileName} cannot be imported as it is:\n  ${problems.join('\n  ')}\n${hints.join('\n')}`);
	}
	return mapping;
}

function readMappingFile(path: string, names: readonly string[]): ColumnMapping[] {
	let value: unknown;
	try {
		value = JSON.parse(new TextDecoder().decode(readFile(path, 'The mapping file')));
	} catch (err) {
		if (err instanceof CliError) throw err;
		throw new CliError(`The mapping file ${path} is not JSON: ${(err as Error).message}`);
	}
	const remembered = Array.isArray(value) ? { version: 1, names: [...names], mapping: value } : value;
	const mapping = readRemembered(remembered, names);
	if (!mapping) throw new CliError(`The mapping file ${path} is not a mapping for these columns: it must be { "version": 1, "names": [the file's column names], "mapping": [...] } or a list of { index, name, type, role }.`);
	return mapping;
}
